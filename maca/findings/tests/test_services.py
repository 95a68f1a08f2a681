"""The meeting, findings, tags, immediate concerns and feedback, through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from maca.audit_trail.models import AuditEvent
from maca.core.concurrency import EditConflict
from maca.findings import presenters, selectors, services
from maca.findings.models import Finding, FindingSource, FindingTag, ImmediateConcern, Polarity, Theme
from maca.findings.tests.builders import WORRY
from maca.notifications.models import OutgoingEmail, SentEmail
from maca.programme.models import Stage
from maca.returns.models import Return
from maca.returns.tests.builders import audit_with_returns, move

pytestmark = pytest.mark.django_db


def test_the_meeting_is_saved_and_a_stale_copy_is_refused(world, audit):
    qa = world["qa"].user
    meeting = services.meeting_save(
        actor=qa,
        audit=audit,
        held_on=dt.date(2026, 11, 5),
        returns_quality="Good returns.",
        attendance_judgement="All came.",
        notes="",
        expected_version=None,
    )
    assert selectors.meeting_of(audit).held_on == dt.date(2026, 11, 5)
    with pytest.raises(EditConflict):
        services.meeting_save(
            actor=qa,
            audit=audit,
            held_on=None,
            returns_quality="",
            attendance_judgement="",
            notes="",
            expected_version=None,
        )
    services.meeting_save(
        actor=qa,
        audit=audit,
        held_on=dt.date(2026, 11, 6),
        returns_quality="Good returns.",
        attendance_judgement="All came.",
        notes="",
        expected_version=meeting.version,
    )
    with pytest.raises(EditConflict):
        services.meeting_save(
            actor=qa,
            audit=audit,
            held_on=None,
            returns_quality="",
            attendance_judgement="",
            notes="",
            expected_version=meeting.version,
        )


def test_the_meeting_is_recorded_only_at_meeting_or_writing_up(world):
    audit = audit_with_returns(world, cases=1)
    with pytest.raises(ValidationError, match="reaches the stage ‘Meeting’"):
        services.meeting_save(
            actor=world["qa"].user,
            audit=audit,
            held_on=None,
            returns_quality="",
            attendance_judgement="",
            notes="",
            expected_version=None,
        )


def test_attendance_and_the_agreed_grade(world, audit):
    qa = world["qa"].user
    meeting = services.attendance_save(
        actor=qa,
        audit=audit,
        rows=[
            {"agency": world.police, "status": "attended", "people": "DS Example, public protection"},
            {"agency": world.health, "status": "apologies", "people": "Named nurse"},
        ],
        expected_version=None,
    )
    rows = {a.agency: (a.status, a.people) for a in selectors.attendance_of(meeting)}
    assert rows == {
        world.police: ("attended", "DS Example, public protection"),
        world.health: ("apologies", "Named nurse"),
    }
    case = audit.audit_cases.order_by("number").first()
    discussion = services.discussion_save(
        actor=qa, audit_case=case, notes="Discussed.", agreed_grade="good", expected_version=None
    )
    assert discussion.agreed_grade_label == "Good"
    with pytest.raises(ValidationError):
        services.discussion_save(
            actor=qa, audit_case=case, notes="", agreed_grade="brilliant", expected_version=discussion.version
        )


def test_one_click_takes_a_returns_worry_as_a_concern_about_that_agency(world, audit):
    return_record = Return.objects.filter(audit=audit, agency=world.police).first()
    finding, new = services.finding_from_answer(
        actor=world["qa"].user, return_record=return_record, question_key="worried"
    )
    assert new
    assert (finding.text, finding.polarity, finding.agency, finding.source) == (
        WORRY,
        Polarity.CONCERN,
        world.police,
        FindingSource.RETURN,
    )
    assert finding.audit_case == return_record.audit_case
    assert "think_family" in [s["theme"] for s in finding.suggestions]
    assert any("father" in r.get("evidence", "").lower() for s in finding.suggestions for r in s["reasons"])
    again, new = services.finding_from_answer(
        actor=world["qa"].user, return_record=return_record, question_key="worried"
    )
    assert (again, new) == (finding, False)
    with pytest.raises(ValidationError):
        services.finding_from_answer(actor=world["qa"].user, return_record=return_record, question_key="info_grade")
    event = AuditEvent.objects.filter(action="finding.created").get()
    assert WORRY not in str(event.changes)


def test_confirmed_tags_record_who_and_whether_suggested_and_rejections(world, audit):
    qa = world["qa"].user
    case = audit.audit_cases.order_by("number").first()
    finding = services.finding_create(
        actor=qa, audit=audit, audit_case=case, text="Fathers were not invited to the core group."
    )
    suggested = [s["theme"] for s in finding.suggestions]
    assert "think_family" in suggested
    chosen = ["think_family", "housing"]
    finding = services.finding_confirm_tags(
        actor=qa, finding=finding, polarity="concern", theme_keys=chosen, expected_version=finding.version
    )
    tags = {t.theme.key: t for t in FindingTag.objects.filter(finding=finding).select_related("theme")}
    assert set(tags) == set(chosen)
    assert tags["think_family"].was_suggested and tags["think_family"].confirmed_by == qa
    assert not tags["housing"].was_suggested
    assert finding.rejected_theme_keys == sorted(set(suggested) - set(chosen))
    assert [f.pk for f in selectors.confirmed_findings_of_audit(audit)] == [finding.pk]
    with pytest.raises(EditConflict):
        services.finding_confirm_tags(
            actor=qa, finding=finding, polarity="concern", theme_keys=[], expected_version=finding.version - 1
        )


def test_the_tagger_learns_a_partnerships_own_theme_from_confirmed_tags(world, audit):
    qa = world["qa"].user
    theme = services.theme_create(actor=qa, partnership=world.partnership, name="Bright Steps service")
    case = audit.audit_cases.order_by("number").first()
    for text in (
        "The Bright Steps worker visited weekly and knew the children well.",
        "Bright Steps sessions helped the mother with routines.",
    ):
        f = services.finding_create(actor=qa, audit=audit, audit_case=case, text=text)
        services.finding_confirm_tags(
            actor=qa, finding=f, polarity="strength", theme_keys=[theme.key], expected_version=f.version
        )
    learned = services.finding_create(
        actor=qa, audit=audit, audit_case=case, text="Nobody told Bright Steps when the family moved."
    )
    suggestion = next(s for s in learned.suggestions if s["theme"] == theme.key)
    said = presenters.reasons_text(suggestion["reasons"])
    assert "Bright Steps" in said or "bright" in said


def test_a_theme_the_qa_officer_unticked_is_not_suggested_again_for_a_near_twin(world, audit):
    qa = world["qa"].user
    case = audit.audit_cases.order_by("number").first()
    first = services.finding_create(
        actor=qa,
        audit=audit,
        audit_case=case,
        text="The child in need plan had no dates or names against its actions, so nobody knew if it was working.",
    )
    suggested = [s["theme"] for s in first.suggestions]
    assert "child_protection_process" in suggested
    kept = [key for key in suggested if key != "child_protection_process"]
    services.finding_confirm_tags(
        actor=qa, finding=first, polarity="concern", theme_keys=kept, expected_version=first.version
    )
    first.refresh_from_db()
    assert first.rejected_theme_keys == ["child_protection_process"]
    twin = services.finding_create(
        actor=qa,
        audit=audit,
        audit_case=case,
        text="The child in need plan had no dates or names against its actions, so nobody knew if it worked.",
    )
    assert "child_protection_process" not in [s["theme"] for s in twin.suggestions]


def test_themes_are_renamed_added_and_retired_by_key(world):
    qa = world["qa"].user
    theme = Theme.objects.get(partnership=world.partnership, key="housing")
    theme = services.theme_update(
        actor=qa, theme=theme, name="Housing and homes", description="", is_retired=True, expected_version=theme.version
    )
    assert theme.key == "housing" and theme.is_retired and theme.retired_at
    assert "housing" not in [t.key for t in selectors.themes_of(world.partnership)]
    with pytest.raises(ValidationError):
        services.theme_create(actor=qa, partnership=world.partnership, name="housing and homes")
    own = services.theme_create(actor=qa, partnership=world.partnership, name="Transitions to adulthood")
    assert own.key == "transitions_to_adulthood" and not own.is_default


def test_a_removed_finding_is_kept_and_no_longer_listed(world, audit):
    qa = world["qa"].user
    finding = services.finding_create(actor=qa, audit=audit, audit_case=None, text="Across cases, plans drifted.")
    services.finding_remove(actor=qa, finding=finding, reason="Duplicate", expected_version=finding.version)
    assert Finding.objects.filter(pk=finding.pk, removed_at__isnull=False).exists()
    assert not selectors.findings_of_audit(audit).exists()


def test_the_immediate_concern_email_says_how_to_reach_the_qa_officer_who_raised_it(world, audit):
    """The lead who cannot act on it is told whom to tell and how: the QA
    officer's e-mail address, not a name alone (QA walk)."""
    case = audit.audit_cases.order_by("number").first()
    services.concern_raise(
        actor=world["qa"].user, audit_case=case, agency=world.police, what_was_found="A child left alone at night."
    )
    body = " ".join(SentEmail.objects.get(kind="immediate_concern").body.split())
    assert (
        "If you cannot act on it, tell the QA officer who raised it, Quinn Quality, today: "
        "e-mail quinn@testshire.example." in body
    )


def test_an_immediate_concern_emails_the_owning_agencys_lead_at_once(world, audit):
    case = audit.audit_cases.order_by("number").first()
    concern = services.concern_raise(
        actor=world["qa"].user, audit_case=case, agency=world.police, what_was_found="A child left alone at night."
    )
    assert OutgoingEmail.objects.filter(kind="immediate_concern").exists()
    email = SentEmail.objects.get(kind="immediate_concern")
    assert email.to == world["lead"].user.email
    assert "A child left alone" not in email.body
    assert f"/concerns/{concern.pk}/" in email.body
    assert concern.alert_sent_at is not None
    assert concern.respond_by == services.next_working_day(concern.raised_at.date())
    assert concern.respond_by.strftime("%-d %B %Y") in email.body
    assert list(selectors.open_concerns_for(world["lead"].membership)) == [concern]
    assert not selectors.open_concerns_for(world["health_lead"].membership).exists()
    concern = services.concern_acknowledge(
        actor=world["lead"].user, concern=concern, acknowledgement="Referred to MASH.", expected_version=concern.version
    )
    assert not selectors.open_concerns_for(world["lead"].membership).exists()


def test_a_concern_must_go_to_an_agency_auditing_the_case(world, audit):
    case = audit.audit_cases.order_by("number").first()
    with pytest.raises(ValidationError):
        services.concern_raise(
            actor=world["qa"].user, audit_case=case, agency=world.gp_practice, what_was_found="Something."
        )
    assert not ImmediateConcern.objects.exists()


def test_feedback_is_recorded_from_the_meeting_on(world, audit):
    case = audit.audit_cases.order_by("number").first()
    feedback = services.feedback_record(
        actor=world["lead"].user,
        audit_case=case,
        agency=world.police,
        what_was_fed_back="The worry about fathers.",
        given_to="Public protection team",
        given_on=dt.date(2026, 11, 20),
    )
    assert list(selectors.feedback_of(audit)) == [feedback]
    move(audit, Stage.WRITING_UP, world["qa"].user)
    with pytest.raises(ValidationError):
        services.feedback_record(
            actor=world["lead"].user,
            audit_case=case,
            agency=world.police,
            what_was_fed_back="x",
            given_to="",
            given_on=dt.date(2099, 1, 1),
        )


@pytest.mark.parametrize(
    ("raised", "due"),
    [
        (dt.date(2026, 12, 1), dt.date(2026, 12, 2)),  # Tuesday: Wednesday
        (dt.date(2026, 12, 4), dt.date(2026, 12, 7)),  # Friday: Monday
        (dt.date(2026, 12, 5), dt.date(2026, 12, 7)),  # Saturday: Monday
    ],
)
def test_an_immediate_concern_is_due_the_next_working_day(raised, due):
    assert services.next_working_day(raised) == due
