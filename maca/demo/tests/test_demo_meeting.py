from django.core.management import call_command

from maca.demo.meeting import MEETING_AUDIT
from maca.findings import selectors
from maca.programme.models import Audit, Stage


def test_the_demo_has_an_audit_at_its_meeting_part_recorded(db):
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    audit = Audit.objects.get(title=MEETING_AUDIT)
    assert audit.stage == Stage.MEETING
    assert audit.audit_cases.count() == 3
    assert len(selectors.attendance_of(audit.meeting)) == 3
    by_case = selectors.findings_by_case(audit)
    first, second, _ = audit.audit_cases.order_by("number")
    assert len(by_case[first.pk]) == 2 and len(by_case[None]) == 1 and second.pk not in by_case
    assert all(f.tags_confirmed_at for found in by_case.values() for f in found)
    assert selectors.discussions_by_case(audit)[first.pk].agreed_grade_label == "Requires improvement"
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert selectors.findings_of_audit(audit).count() == 3


def test_every_demo_finding_with_themes_has_them_confirmed(db):
    """A theme on a finding whose themes nobody confirmed would be shown and
    searched as confirmed, while the meeting asks for it to be confirmed."""
    from maca.findings.models import Finding

    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    tagged = Finding.objects.filter(tags__isnull=False).distinct()
    assert tagged.exists()
    assert not tagged.filter(tags_confirmed_at__isnull=True).exists()


def test_the_demo_loads_on_the_first_day_of_a_programme_year(db, monkeypatch):
    """On 1 April yesterday is in last year: the demo's meeting, held yesterday
    on any other day, is held that day, in this year's programme."""
    import datetime as dt

    from django.utils import timezone

    from maca.programme.models import year_of

    first_of_april = dt.date(year_of(timezone.localdate()) + 1, 4, 1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: first_of_april)
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    audit = Audit.objects.get(title=MEETING_AUDIT)
    assert audit.stage == Stage.MEETING
    assert audit.programme.year == year_of(first_of_april)
    assert audit.meeting.held_on == first_of_april
