"""What a QA walk found missing in the demo: a return in progress with a
number question, a return sent back and with its agency again, an audit for
the scrutineer to scrutinise, a platform operator among the logins, and last
year's e-mails dated in last year."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maca.accounts.models import User
from maca.accounts.tests.factories import sign_in_with_second_factor, totp_code
from maca.audit_trail.models import AuditEvent
from maca.demo.meeting import MEETING_AUDIT
from maca.demo.partnership import DEMO_OPERATOR, DEMO_PASSWORD, DEMO_TOTP_SECRET
from maca.demo.safe_sleep import SAFE_SLEEP_AUDIT, SEND_BACK
from maca.notifications.models import OutgoingEmail, SentEmail
from maca.programme.models import Audit, Stage, year_bounds
from maca.programme.services import business_year
from maca.returns.models import Return, ReturnStatus, ReturnTransition
from maca.tests.page import words_shown
from maca.tools.answers import questions_of
from maca.tools.models import QuestionKind


@pytest.fixture
def demo(db):
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def _signed_in(email: str) -> Client:
    return sign_in_with_second_factor(Client(), User.objects.get(email=email))


def test_a_return_in_progress_asks_a_number_question_one_answered_one_to_answer(demo):
    live = Return.objects.live().filter(
        audit__stage=Stage.AUDITING,
        status__in=[ReturnStatus.NOT_STARTED, ReturnStatus.DRAFT, ReturnStatus.RETURNED],
    )
    with_numbers = [r for r in live if any(q.kind == QuestionKind.NUMBER for q in questions_of(r.tool_version))]
    assert with_numbers

    draft = Return.objects.get(audit__title=SAFE_SLEEP_AUDIT, agency__name="Wyvernshire Integrated Care Board")
    assert draft.status == ReturnStatus.DRAFT
    page = words_shown(
        _signed_in("health.lead@wyvernshire.example").get(reverse("returns:detail", args=[draft.pk])).content.decode()
    )
    assert "How many cases did your agency audit? 6" in page
    assert "How many of those cases met the standard? Not answered" in page


def test_a_return_sent_back_by_the_qa_officer_is_with_its_agency_again(demo):
    sent_back = Return.objects.live().get(status=ReturnStatus.RETURNED)
    assert sent_back.audit.title == SAFE_SLEEP_AUDIT and sent_back.audit.stage == Stage.AUDITING
    moves = list(ReturnTransition.objects.filter(return_record=sent_back).order_by("occurred_at", "pk"))
    assert [m.to_status for m in moves] == [ReturnStatus.DRAFT, ReturnStatus.SUBMITTED, ReturnStatus.RETURNED]
    assert moves[-1].comment == SEND_BACK and moves[-1].actor.email == "qa@wyvernshire.example"
    assert AuditEvent.objects.filter(action="return.sent_back", object_id=str(sent_back.pk)).exists()

    lead = _signed_in("community.lead@wyvernshire.example")
    home = words_shown(lead.get("/").content.decode())
    assert f"Sent back to you {SAFE_SLEEP_AUDIT}" in home
    page = words_shown(lead.get(reverse("returns:detail", args=[sent_back.pk])).content.decode())
    sent_on = moves[-1].occurred_at.astimezone(timezone.get_current_timezone()).strftime("%-d %B %Y")
    assert f"Jordan Reeve sent this summative report back on {sent_on}: {SEND_BACK}" in page
    assert "Status Sent back" in page
    call_command("demo", stdout=io.StringIO())
    assert Return.objects.filter(audit__title=SAFE_SLEEP_AUDIT).count() == 2


def test_the_scrutineer_has_an_audit_to_scrutinise(demo):
    audit = Audit.objects.get(title=MEETING_AUDIT)
    assert list(audit.scrutineers.values_list("email", flat=True)) == ["scrutineer@wyvernshire.example"]
    scrutineer = _signed_in("scrutineer@wyvernshire.example")
    home = words_shown(scrutineer.get("/").content.decode())
    assert f"Audits you are scrutinising {MEETING_AUDIT}" in home
    assert scrutineer.get(reverse("findings:meeting", args=[audit.pk])).status_code == 200
    call_command("demo", stdout=io.StringIO())
    assert audit.scrutineers.count() == 1


def test_a_platform_operator_is_among_the_demo_logins_and_reaches_the_platform_admin(demo):
    line = next(line for line in demo.splitlines() if DEMO_OPERATOR.email in line)
    assert "Platform operator" in line
    operator = User.objects.get(email=DEMO_OPERATOR.email)
    assert operator.is_staff and not operator.memberships.exists()
    client = Client()
    response = client.post(reverse("account_login"), {"login": operator.email, "password": DEMO_PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": totp_code(DEMO_TOTP_SECRET)})
    assert "Platform operator" in words_shown(client.get("/").content.decode())
    admin = client.get("/platform-admin/partnerships/partnership/")
    assert admin.status_code == 200 and "Wyvernshire Safeguarding Children Partnership" in admin.content.decode()


def test_last_years_emails_are_dated_in_last_year_as_its_audit_says(demo):
    last_year = business_year(timezone.localdate()) - 1
    start, end = year_bounds(last_year)
    past_titles = list(Audit.objects.filter(programme__year__lt=last_year + 1).values_list("title", flat=True))
    outgoing = [e for e in OutgoingEmail.objects.all() if any(t in e.subject for t in past_titles)]
    kept = [e for e in SentEmail.objects.all() if any(t in e.subject for t in past_titles)]
    assert outgoing and kept
    told = timezone.make_aware(dt.datetime(last_year, 10, 6, 15))
    assert {e.created_at for e in outgoing} == {told} and {e.sent_at for e in kept} == {told}
    assert all(start <= timezone.localtime(e.sent_at).date() <= end for e in kept)
    # Written before the deadline of 4 December, as it was then.
    assert all(f"by 4 December {last_year}." in e.body and "as soon as you can" not in e.body for e in kept)

    admin = _signed_in("admin@wyvernshire.example")
    listed = words_shown(admin.get(reverse("notifications:emails")).content.decode())
    assert f"6 October {last_year} at 3:00pm community.lead@wyvernshire.example" in listed


def test_a_public_demonstration_site_gets_no_platform_operator(db, settings):
    """Its password and authenticator key are published. Loaded as such a
    site loads it: the command, with production settings, told it may."""
    settings.IS_PRODUCTION = True
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("demo", stdout=io.StringIO())

    out = io.StringIO()
    call_command("demo", "--allow-production", stdout=out)
    assert not User.objects.filter(email=DEMO_OPERATOR.email).exists()
    assert "admin@wyvernshire.example" in out.getvalue()
    assert DEMO_OPERATOR.email not in out.getvalue()
