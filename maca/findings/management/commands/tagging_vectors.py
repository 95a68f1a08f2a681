"""Make the written statements' sentence vectors again and keep them beside
the statements (``maca/findings/tagging/devdata/written_statements.minilm.npz``).

Needed after the written statements or the way vectors are made change; the
tagger otherwise makes them at load, with a warning, and a test fails until
the file is current.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from maca.findings.tagging import alike, embedding


class Command(BaseCommand):
    help = "Make the written statements' sentence vectors for theme tagging again."

    def handle(self, *args, **options):
        if embedding.load() is None:
            raise CommandError(f"The model is not available: {embedding.unavailable_reason()}")
        path = alike.write_vectors()
        self.stdout.write(f"Wrote {path}")
