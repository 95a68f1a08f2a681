"""Delete the files of case lists uploaded and never imported: run daily."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from maca.cases.services import case_uploads_expire, upload_retention_days


class Command(BaseCommand):
    help = (
        "Delete the file of every case list uploaded more than MACA_CASE_UPLOAD_RETENTION_DAYS days ago and never "
        "imported (the record of the upload stays, marked expired). Safe to run more than once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Override the retention period, in days.")

    def handle(self, *args, days=None, **options):
        days = upload_retention_days() if days is None else days
        expired = case_uploads_expire(days=days)
        noun = "case list" if expired == 1 else "case lists"
        self.stdout.write(f"{expired} uploaded {noun} expired (older than {days} days).")
