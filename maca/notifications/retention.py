"""E-mails kept in the database by the development e-mail backend (a trial or
development install; production sends them and keeps none), deleted after the
partnership's period (``maca.core.retention``)."""

from __future__ import annotations

from maca.notifications.models import SentEmail


def delete_kept_emails(*, partnership, before) -> int:
    return SentEmail.objects.filter(partnership=partnership, sent_at__lt=before).delete()[0]
