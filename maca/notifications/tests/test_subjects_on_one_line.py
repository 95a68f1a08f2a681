"""An e-mail's subject is sent on one line. A line break in a subject (a
title quoted in it that holds one, typed before titles were kept on one line)
made every try to send it fail as a header injection, so an agency was never
told of an immediate concern or a return sent back about that audit."""

from __future__ import annotations

from django.core import mail

from maca.notifications import delivery
from maca.notifications.models import EmailStatus, OutgoingEmail
from maca.notifications.services import send_email
from maca.programme.models import Audit
from maca.returns.models import Return, ReturnStatus
from maca.returns.services import return_review
from maca.returns.tests.builders import audit_with_returns
from maca.returns.tests.chronology_factories import move_return

TITLE = "Neglect of babies\nBcc: someone@elsewhere.example"


def _delivered(email: OutgoingEmail) -> OutgoingEmail:
    email.refresh_from_db()
    if email.status == EmailStatus.QUEUED:
        delivery.deliver(email_id=email.pk)
        email.refresh_from_db()
    return email


def test_a_subject_with_a_line_break_is_sent_on_one_line(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MACA_EMAIL_RETRY_DELAYS = []
    mail.outbox.clear()
    email = send_email(
        to=["lena@testshire.example"],
        subject=f"‘{TITLE}’ has news",
        template="notifications/test.txt",
        context={},
        kind="test",
        partnership=world.partnership,
    )
    assert _delivered(email).status == EmailStatus.SENT
    [sent] = mail.outbox
    assert sent.subject.endswith("‘Neglect of babies Bcc: someone@elsewhere.example’ has news")
    assert sent.to == ["lena@testshire.example"] and not sent.bcc


def test_an_agency_is_told_of_a_return_sent_back_whatever_its_audits_title_holds(world, settings):
    settings.MACA_EMAIL_RETRY_DELAYS = []
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    Audit.objects.filter(pk=audit.pk).update(title=TITLE)  # as saved before titles were kept on one line
    returned = move_return(Return.objects.get(audit=audit, agency=world.police), world, to=ReturnStatus.SUBMITTED)
    returned.refresh_from_db()
    return_review(
        actor=world["qa"].user,
        membership=world["qa"].membership,
        return_record=returned,
        accept=False,
        comment="Say more about the school's part.",
        expected_version=returned.version,
    )
    email = _delivered(OutgoingEmail.objects.get(kind="return_sent_back"))
    assert email.status == EmailStatus.SENT, email.last_error
    assert "\n" not in email.subject
