"""Queue today's automatic reminders about outstanding returns.

Run once a day (cron or a systemd timer), for example at 07:00:
    0 7 * * *  cd /srv/maca && .venv/bin/python manage.py send_reminders
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from maca.returns.tasks import send_due_reminders


class Command(BaseCommand):
    help = "Queue the reminders due today (a set number of days before and after each return deadline)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD), for catching up.")

    def handle(self, *args, **options):
        try:
            today = dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as error:
            raise CommandError("Give the date as YYYY-MM-DD.") from error
        result = send_due_reminders.enqueue(today=today.isoformat())
        self.stdout.write(f"Queued the reminders due on {today:%-d %B %Y} (task {result.id}).")
