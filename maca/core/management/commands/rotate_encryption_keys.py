"""Re-encrypt every encrypted value with the newest key.

Rotation: put a new Fernet key first in MACA_FIELD_ENCRYPTION_KEYS (keeping the
old ones after it), restart, run this command, then remove the old keys.
What is encrypted is whatever the apps register with ``maca.core.sealed``.
See docs/encryption.md.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from maca.core import sealed


class Command(BaseCommand):
    help = "Re-encrypt identifiers, uploads and authenticator secrets with the first key in MACA_FIELD_ENCRYPTION_KEYS."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, **options):
        total = 0
        for column in sealed.registered():
            count = sealed.rotate(column, batch_size=options["batch_size"])
            self.stdout.write(f"{column.label}: {count}")
            total += count
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {total} values with the newest key."))
