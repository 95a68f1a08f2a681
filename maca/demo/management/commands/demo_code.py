"""Print the current authenticator code for the demo logins (development only)."""

from __future__ import annotations

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from maca.demo.partnership import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the 6-digit code every demo login accepts right now."

    def handle(self, *args, **options):
        if settings.IS_PRODUCTION:
            raise CommandError("Demo codes are for development only.")
        now = int(time.time())
        counter = now // 30
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter))
        self.stdout.write(f"{code}  (valid for about {30 - now % 30} more seconds; each code works once)")
