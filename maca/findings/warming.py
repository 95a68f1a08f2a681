"""Theme tagging made ready when a web process starts, not on the first
"Add as a strength" after it (that took several seconds on a busy machine).

gunicorn replaces each process after ``--max-requests``, so without this a
person would wait for the model now and then, not only after a release."""

from __future__ import annotations

import logging
import threading

from django.conf import settings

logger = logging.getLogger(__name__)


def _warm() -> None:
    from maca.findings.tagging import warm_up

    try:
        warm_up()
    except Exception:  # a tagger that cannot warm up still tags when asked
        logger.exception("Theme tagging could not be made ready at start-up")


def warm_up_in_background() -> threading.Thread | None:
    """Start making the tagger ready in a background thread (the process
    serves requests meanwhile); None when ``MACA_TAGGER_WARM_UP`` is off."""
    if not settings.MACA_TAGGER_WARM_UP:
        return None
    thread = threading.Thread(target=_warm, name="maca-tagger-warm-up", daemon=True)
    thread.start()
    return thread
