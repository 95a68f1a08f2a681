"""After the retention run: the meeting's findings about the case, its agreed
grade, the immediate concern and the feedback stay, the child's name taken out
of what was typed (maca/tests/retention.py)."""

import datetime as dt

from maca.findings import services
from maca.findings.meaning import key_for
from maca.findings.models import (
    CaseDiscussion,
    Finding,
    FindingMeaning,
    FindingTag,
    ImmediateConcern,
    Meeting,
    PractitionerFeedback,
)
from maca.programme.models import Stage
from maca.tests.retention import CHILD_NAME, Survivor, no_identifier_in


def _arrange_concern(audited):
    return services.concern_raise(
        actor=audited.world["qa"].user,
        audit_case=audited.audit_case,
        agency=audited.world.police,
        what_was_found=f"{CHILD_NAME} was left alone overnight.",
    ).pk


def _check_concern(audited, pk):
    concern = ImmediateConcern.objects.get(pk=pk)
    assert concern.agency == audited.world.police and concern.alert_sent_at
    assert no_identifier_in(concern.what_was_found) and "left alone overnight" in concern.what_was_found


def _arrange_meeting(audited):
    qa = audited.world["qa"].user
    services.meeting_save(
        actor=qa,
        audit=audited.audit,
        held_on=dt.date(2026, 11, 5),
        returns_quality="Good.",
        attendance_judgement="All came.",
        notes=f"The chair asked about Robin {CHILD_NAME.split()[1]}.",
        expected_version=None,
    )
    services.discussion_save(
        actor=qa,
        audit_case=audited.audit_case,
        notes=f"{CHILD_NAME}'s father unseen.",
        agreed_grade="good",
        expected_version=None,
    )
    finding = services.finding_create(
        actor=qa, audit=audited.audit, audit_case=audited.audit_case, text=f"Nobody asked {CHILD_NAME} about home."
    )
    # Its sentence embedding was made from the words with the name in them.
    assert FindingMeaning.objects.filter(finding=finding, key=key_for(finding.text)).exists()
    services.finding_confirm_tags(
        actor=qa, finding=finding, polarity="concern", theme_keys=["voice_of_child"], expected_version=finding.version
    )
    # A later finding that reads alike quotes the first as its reason.
    twin = services.finding_create(
        actor=qa, audit=audited.audit, audit_case=None, text="Nobody asked the child about home."
    )
    assert CHILD_NAME in str(twin.suggestions), "the twin must quote the first finding for this check to mean anything"
    # So does its polarity's reason, where it takes the first's polarity.
    assert CHILD_NAME in twin.suggested_polarity_basis["example"]
    services.feedback_record(
        actor=audited.world["lead"].user,
        audit_case=audited.audit_case,
        agency=audited.world.police,
        what_was_fed_back=f"That {CHILD_NAME} was not asked.",
        given_to="The team",
        given_on=dt.date(2026, 11, 20),
    )
    return finding.pk, twin.pk


def _check_meeting(audited, pks):
    finding = Finding.objects.get(pk=pks[0])
    assert finding.text.endswith("about home.") and no_identifier_in(finding.text)
    # The vector of the words with the name is gone; one of the words without it may be made again.
    assert not FindingMeaning.objects.filter(finding=finding).exclude(key=key_for(finding.text)).exists()
    assert list(FindingTag.objects.filter(finding=finding).values_list("theme__key", flat=True)) == ["voice_of_child"]
    twin = Finding.objects.get(pk=pks[1])
    assert no_identifier_in(str(twin.suggestions))
    assert no_identifier_in(twin.suggested_polarity_reason) and no_identifier_in(str(twin.suggested_polarity_basis))
    discussion = CaseDiscussion.objects.get(audit_case=audited.audit_case)
    assert discussion.agreed_grade == "good" and no_identifier_in(discussion.notes)
    assert no_identifier_in(Meeting.objects.get(audit=audited.audit).notes)
    feedback = PractitionerFeedback.objects.get(audit_case=audited.audit_case)
    assert no_identifier_in(feedback.what_was_fed_back)


SURVIVORS = [
    Survivor("immediate concerns", _arrange_concern, _check_concern, stage=Stage.AUDITING),
    Survivor("the meeting and its findings", _arrange_meeting, _check_meeting, stage=Stage.MEETING),
]
