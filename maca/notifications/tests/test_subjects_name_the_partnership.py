"""The subject of every e-mail about a partnership's work names the
partnership, by the short name maca's header shows ("Testshire SCP:
Reminder: 1 return outstanding for ‘Babies at risk’"). Someone who works in
two partnerships had two e-mails alike in their inbox ("maca: Reminder: …"),
and only the last line of each said which partnership it was about.

Read as the inbox reads it: the subject of the message the mail server was
handed (the stored backend's ``SentEmail``). An e-mail about no partnership
(a password reset, a second factor reset) still begins "maca: "."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maca.accounts.operator_services import operator_authenticator_reset, operator_user_update
from maca.accounts.roles import Role
from maca.accounts.services import invitation_create
from maca.accounts.tests.factories import UserFactory
from maca.actions import reminders as action_reminders
from maca.actions.tests.builders import raise_action
from maca.findings.services import concern_raise
from maca.notifications import delivery
from maca.notifications.models import EmailStatus, OutgoingEmail, SentEmail
from maca.notifications.services import send_email
from maca.partnerships.models import Partnership
from maca.returns.models import Return, ReturnStatus
from maca.returns.reminders import reminder_send_manual, reminders_send_due
from maca.returns.services import return_review
from maca.returns.tests.builders import audit_with_returns
from maca.returns.tests.chronology_factories import move_return
from maca.selection.models import AuditCase
from maca.selection.services import assignments_set
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db

TITLE = "Babies at risk"
MONDAY = dt.date(2026, 12, 7)  # the action plan digest's day
TUESDAY = MONDAY + dt.timedelta(days=1)


def _sent_since(last: int) -> list[tuple[str, str, str]]:
    """(kind, to, subject) of each message handed to the mail server since
    message ``last``, in the order sent."""
    for email in OutgoingEmail.objects.filter(status=EmailStatus.QUEUED).order_by("pk"):
        delivery.deliver(email_id=email.pk)
    return [(e.kind, e.to, e.subject) for e in SentEmail.objects.filter(pk__gt=last).order_by("pk")]


def _last() -> int:
    return SentEmail.objects.order_by("pk").values_list("pk", flat=True).last() or 0


def _audit(world):
    return audit_with_returns(world, cases=1, agencies=[world.police], title=TITLE)


# Each sender: sets up, then returns what sends the e-mails and the
# (kind, to, subject) of each e-mail it sends.


def _cases_to_audit(world):
    return lambda: _audit(world), [("assignment", "lena@testshire.example", f"1 case to audit for ‘{TITLE}’")]


def _one_more_case(world):
    audit = _audit(world)
    audit_case = AuditCase.objects.current().get(audit=audit)

    def act():
        assignments_set(actor=world["qa"].user, audit_case=audit_case, agencies=[world.police, world.health])

    return act, [("assignment", "hari@testshire.example", f"1 more case to audit for ‘{TITLE}’")]


def _case_taken_off(world):
    audit = _audit(world)
    audit_case = AuditCase.objects.current().get(audit=audit)
    assignments_set(actor=world["qa"].user, audit_case=audit_case, agencies=[world.police, world.health])

    def act():
        assignments_set(actor=world["qa"].user, audit_case=audit_case, agencies=[world.police])

    return act, [("assignment", "hari@testshire.example", f"A case taken off your list for ‘{TITLE}’")]


def _daily_reminder(world):
    audit = _audit(world)
    day = audit.return_deadline - dt.timedelta(days=audit.reminder_days_before)
    return lambda: reminders_send_due(today=day), [
        ("reminder", "lena@testshire.example", f"Reminder: 1 return outstanding for ‘{TITLE}’")
    ]


def _reminder_by_hand(world):
    audit = _audit(world)

    def act():
        reminder_send_manual(actor=world["qa"].user, audit=audit, agency=world.police, today=timezone.localdate())

    return act, [("reminder", "lena@testshire.example", f"Reminder: 1 return outstanding for ‘{TITLE}’")]


def _return_sent_back(world):
    audit = _audit(world)
    submitted = move_return(Return.objects.get(audit=audit, agency=world.police), world, to=ReturnStatus.SUBMITTED)
    submitted.refresh_from_db()

    def act():
        return_review(
            actor=world["qa"].user,
            membership=world["qa"].membership,
            return_record=submitted,
            accept=False,
            comment="Say more about the school’s part.",
            expected_version=submitted.version,
        )

    return act, [("return_sent_back", "lena@testshire.example", f"A return for ‘{TITLE}’ has been sent back")]


def _immediate_concern(world):
    audit = _audit(world)
    audit_case = AuditCase.objects.current().get(audit=audit)

    def act():
        concern_raise(actor=world["qa"].user, audit_case=audit_case, agency=world.police, what_was_found="Found.")

    # The case is named by its number in the audit only, as before.
    return act, [
        ("immediate_concern", "lena@testshire.example", f"Immediate safeguarding concern: case 1 of ‘{TITLE}’")
    ]


def _action_due_soon(world):
    action = raise_action(world, today=TUESDAY - dt.timedelta(days=30), due_on=TUESDAY + dt.timedelta(days=7))
    return lambda: action_reminders.reminders_send_due(today=TUESDAY), [
        ("action_reminder", "lena@testshire.example", f"Action {action.reference} is due on 15 December 2026")
    ]


def _action_overdue_and_digest(world):
    action = raise_action(world, today=MONDAY - dt.timedelta(days=30), due_on=MONDAY - dt.timedelta(days=2))
    return lambda: action_reminders.reminders_send_due(today=MONDAY), [
        ("action_reminder", "lena@testshire.example", f"Action {action.reference} is overdue by 2 days"),
        ("action_plan_digest", "quinn@testshire.example", "Action plan this week: 0 to sign off, 1 overdue"),
    ]


def _invitation(world):
    def act():
        invitation_create(
            actor=world["admin"].user,
            partnership=world.partnership,
            email="new.auditor@testshire.example",
            full_name="New Auditor",
            role=Role.AGENCY_AUDITOR,
            agency=world.police,
        )

    return act, [("invitation", "new.auditor@testshire.example", "You are invited to join maca")]


def _operator_change(world):
    operator = UserFactory(email="olu.operator@platform.example", is_staff=True, is_superuser=True)
    lead = world["lead"].user

    def act():
        operator_user_update(
            actor=operator,
            user=lead,
            email=lead.email,
            full_name="Lena Lead-Smith",
            is_active=True,
            is_staff=False,
            is_superuser=False,
        )

    return act, [("operator_change", "asha@testshire.example", "A platform operator changed Lena Lead-Smith’s access")]


SENDERS = {
    "cases to audit": _cases_to_audit,
    "one more case to audit": _one_more_case,
    "a case taken off": _case_taken_off,
    "the daily reminder of returns": _daily_reminder,
    "a reminder by hand": _reminder_by_hand,
    "a return sent back": _return_sent_back,
    "an immediate safeguarding concern": _immediate_concern,
    "an action due soon": _action_due_soon,
    "an action overdue and the QA officers' digest": _action_overdue_and_digest,
    "an invitation": _invitation,
    "a platform operator's change": _operator_change,
}


@pytest.mark.parametrize("sender", SENDERS.values(), ids=SENDERS.keys())
def test_the_subject_of_an_e_mail_about_a_partnership_names_it_first(world, sender):
    act, expected = sender(world)
    last = _last()
    act()
    assert _sent_since(last) == [(kind, to, f"Testshire SCP: {subject}") for kind, to, subject in expected]


def test_two_partnerships_e_mails_alike_are_told_apart_in_the_inbox(world):
    last = _last()
    for partnership in (world.partnership, world.other_partnership):
        send_email(
            to=["agency.worker@example.org"],
            subject="Reminder: 1 return outstanding for ‘Neglect’",
            template="notifications/test.txt",
            context={},
            kind="reminder",
            partnership=partnership,
        )
    assert [subject for _kind, _to, subject in _sent_since(last)] == [
        "Testshire SCP: Reminder: 1 return outstanding for ‘Neglect’",
        "Otherby SCP: Reminder: 1 return outstanding for ‘Neglect’",
    ]


def test_a_partnership_with_no_short_name_is_named_in_full(world):
    Partnership.objects.filter(pk=world.partnership.pk).update(short_name="")
    world.partnership.refresh_from_db()
    last = _last()
    send_email(
        to=["lena@testshire.example"],
        subject="Reminder: 1 return outstanding for ‘Neglect’",
        template="notifications/test.txt",
        context={},
        kind="reminder",
        partnership=world.partnership,
    )
    [(_kind, _to, subject)] = _sent_since(last)
    assert subject == "Testshire Safeguarding Children Partnership: Reminder: 1 return outstanding for ‘Neglect’"


def test_the_partnerships_e_mails_page_shows_the_subjects_as_sent(world, client_for):
    _invitation(world)[0]()
    page = words_shown(client_for(world["admin"]).get(reverse("notifications:emails")).content.decode())
    assert "Testshire SCP: You are invited to join maca" in page
    assert "maca: You are invited" not in page


def test_e_mails_about_no_partnership_still_begin_with_maca(world):
    """A second factor reset tells the person on their own account (their
    partnership's admins, told of it, read the partnership's name); a password
    reset is about no partnership."""
    operator = UserFactory(email="olu.operator@platform.example", is_staff=True, is_superuser=True)
    last = _last()
    operator_authenticator_reset(
        actor=operator, user=world["qa"].user, reason="Lost phone; called back on the number held for them."
    )
    Client().post(reverse("account_reset_password"), {"email": world["lead"].user.email})
    assert _sent_since(last) == [
        (
            "operator_change",
            "asha@testshire.example",
            "Testshire SCP: A platform operator changed Quinn Quality’s access",
        ),
        ("second_factor_reset", "quinn@testshire.example", "maca: Your maca second factor has been reset"),
        ("", "lena@testshire.example", "maca: Choose a new password"),
    ]
