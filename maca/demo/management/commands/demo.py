"""Load the fictional demo partnership and print its logins. Safe to run again."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from maca.accounts.models import User
from maca.demo.partnership import (
    DEMO_LOGINS,
    DEMO_OPERATOR,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    build_demo_partnership,
)


class Command(BaseCommand):
    help = "Create the fictional demo partnership (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load demo data even in production (for a public demonstration site only).",
        )

    def handle(self, *args, **options):
        if settings.IS_PRODUCTION and not options["allow_production"]:
            raise CommandError("Refusing to load demo data in production (use --allow-production for a demo site).")
        from maca.demo.loaders import load_all

        build_demo_partnership()
        load_all()
        self.stdout.write(self.style.SUCCESS("Demo partnerships ready: Wyvernshire SCP and Fenmoor SCP."))
        self.stdout.write("")
        self.stdout.write(f"Every demo login has the password: {DEMO_PASSWORD}")
        self.stdout.write(
            "Roles that see case-level data also need a 6-digit code from an authenticator app.\n"
            f"Add this setup key to your app once (it serves every demo login): {DEMO_TOTP_SECRET}\n"
            "or print the current code with: make code"
        )
        self.stdout.write("")
        width = max(len(login.email) for login in [*DEMO_LOGINS, DEMO_OPERATOR])
        seen = set()
        for login in DEMO_LOGINS:
            key = (login.email, login.partnership)
            if key in seen:
                continue
            seen.add(key)
            where = login.agency or "whole partnership"
            self.stdout.write(
                f"  {login.email.ljust(width)}  {login.role.label} – {where} ({login.partnership.title()})"
            )
        if User.objects.filter(email=DEMO_OPERATOR.email, is_staff=True).exists():
            self.stdout.write(f"  {DEMO_OPERATOR.email.ljust(width)}  {DEMO_OPERATOR.label} – {DEMO_OPERATOR.where}")
