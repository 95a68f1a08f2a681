"""WSGI entry point. Production is the default here: it refuses to start
without a real SECRET_KEY, encryption keys and PostgreSQL."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maca.settings")
os.environ.setdefault("MACA_ENVIRONMENT", "production")

application = get_wsgi_application()

from maca.findings.warming import warm_up_in_background  # noqa: E402  (needs Django set up)

warm_up_in_background()
