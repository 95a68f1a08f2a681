"""The development e-mail backend: keeps every message in the database.

A partnership admin reads them under Manage > E-mails, which is how an
invitation or a reminder can be followed end to end without a mail server.
"""

from __future__ import annotations

from django.core.mail.backends.base import BaseEmailBackend

from maca.core import tenancy
from maca.notifications.headers import KIND_HEADER, PARTNERSHIP_HEADER


class StoredEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        from maca.notifications.models import SentEmail

        rows = []
        for message in email_messages:
            headers = message.extra_headers or {}
            partnership_id = headers.get(PARTNERSHIP_HEADER)
            rows.append(
                SentEmail(
                    partnership_id=int(partnership_id) if partnership_id else None,
                    from_email=message.from_email or "",
                    to="\n".join(message.recipients()),
                    subject=message.subject[:255],
                    body=message.body,
                    kind=headers.get(KIND_HEADER, "")[:60],
                )
            )
        for row in rows:
            # Row-level security: each message is kept in its own partnership's scope.
            with tenancy.for_partnership(row.partnership_id):
                row.save()
        return len(rows)
