"""Fictional accounts and queued e-mail for the load test (``make loadtest``).

Each simulated person signs in as a person of their own, because a second
factor code works once per person: QA officers, agency leads of the police,
and one agency auditor for each return still open, so that no two simulated
auditors save the same return. All have the demo password and authenticator.
``--probe-emails`` queues that many e-mails, so the load test can count
deliveries against what was queued.

For a throwaway load-test database on top of ``manage.py demo`` only.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from maca.accounts.models import Membership, User
from maca.accounts.roles import Role
from maca.accounts.services import membership_create
from maca.demo.partnership import DEMO_PASSWORD, PRIMARY, _second_factor
from maca.notifications.services import send_email
from maca.partnerships.models import Agency, Partnership
from maca.returns.models import EDITABLE_STATUSES, Return

POLICE = "Wyvern and Fenmoor Police"


class Command(BaseCommand):
    help = "Make load-test accounts in the demo partnership and print them as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--qa", type=int, default=20, help="QA officers to make.")
        parser.add_argument("--leads", type=int, default=20, help="Police agency leads to make.")
        parser.add_argument("--auditors", type=int, default=20, help="Auditors to make, one per open return at most.")
        parser.add_argument("--probe-emails", type=int, default=0, help="E-mails to queue, to count deliveries.")
        parser.add_argument("--output", help="Write the accounts here instead of printing them.")
        parser.add_argument("--allow-production", action="store_true", help="Needed with production settings.")

    def handle(self, *args, **options):
        if settings.IS_PRODUCTION and not options["allow_production"]:
            raise CommandError("Refusing to make load-test accounts in production (use --allow-production).")
        partnership = Partnership.objects.filter(slug=PRIMARY["slug"]).first()
        if partnership is None:
            raise CommandError("Load the demo first: manage.py demo")
        with transaction.atomic():
            accounts = {
                "qa": [self._person(partnership, "qa", n, Role.QA_OFFICER) for n in range(options["qa"])],
                "lead": [
                    self._person(
                        partnership,
                        "lead",
                        n,
                        Role.AGENCY_LEAD,
                        Agency.objects.get(partnership=partnership, name=POLICE),
                    )
                    for n in range(options["leads"])
                ],
                "auditor": [],
            }
            open_returns = (
                Return.objects.for_partnership(partnership)
                .live()
                .filter(status__in=EDITABLE_STATUSES)
                .select_related("agency")
                .order_by("pk")[: options["auditors"]]
            )
            for n, return_record in enumerate(open_returns):
                email = self._person(partnership, "auditor", n, Role.AGENCY_AUDITOR, return_record.agency)
                accounts["auditor"].append({"email": email, "return": return_record.pk})
            for n in range(options["probe_emails"]):
                send_email(
                    to=["probe@loadtest.invalid"],
                    subject=f"Load-test probe {n:05d}",
                    template="notifications/test.txt",
                    context={},
                    kind="loadtest_probe",
                    partnership=partnership,
                )
        text = json.dumps(accounts, indent=2)
        if options["output"]:
            with open(options["output"], "w") as output:
                output.write(text)
        else:
            self.stdout.write(text)

    @staticmethod
    def _person(partnership, kind: str, n: int, role: str, agency: Agency | None = None) -> str:
        email = f"loadtest.{kind}.{n + 1:02d}@wyvernshire.example"
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email=email, password=DEMO_PASSWORD, full_name=f"Load Test {kind.title()} {n + 1}"
        )
        if not Membership.objects.filter(user=user, partnership=partnership).exists():
            membership_create(actor=None, user=user, partnership=partnership, role=role, agency=agency)
        _second_factor(user)
        return email
