"""Re-encrypt every encrypted value with the newest key.

Rotation: put a new Fernet key first in MACA_FIELD_ENCRYPTION_KEYS (keeping the
old ones after it), restart, run this command, then remove the old keys.
What is encrypted is whatever the apps register with ``maca.core.sealed``.
See docs/encryption.md.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from maca.core import sealed


class Command(BaseCommand):
    help = "Re-encrypt identifiers, uploads and authenticator secrets with the first key in MACA_FIELD_ENCRYPTION_KEYS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=2000, help="Rows re-encrypted in each transaction (1 or more)."
        )

    def handle(self, *args, **options):
        size = options["batch_size"]
        if size < 1:
            raise CommandError(f"--batch-size must be 1 or more, not {size}: nothing was re-encrypted.")
        total = 0
        for column in sealed.registered():
            count = sealed.rotate(column, batch_size=size)
            self.stdout.write(f"{column.label}: {count}")
            total += count
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {total} values with the newest key."))
