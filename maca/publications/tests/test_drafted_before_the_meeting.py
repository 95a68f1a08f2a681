"""What a walk of the drafted briefings found in their words: a briefing
drafted before the audit's meeting never says the agencies "met" on a day
still to come, and the 7 Minute Briefing's questions read as English
("make sure of think family" did not)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from maca.publications import drafting
from maca.publications.sources import AuditRecord, CaseRecord, Item


def _record(meeting_date: dt.date | None) -> AuditRecord:
    def case(number: int, themes: tuple[str, ...]) -> CaseRecord:
        return CaseRecord(
            number=number,
            label=f"Child {'AB'[number - 1]}",
            children=1,
            agencies=["Police"],
            concerns=[Item("A finding.", themes=(theme,)) for theme in themes],
        )

    return AuditRecord(
        title="Babies",
        theme="Babies.",
        kind="Themed",
        programme="2026–27",
        meeting_date=meeting_date,
        tool="",
        cases=[case(1, ("family", "mash")), case(2, ("family",))],
        agencies=["Police"],
        draw_sentence="2 cases were chosen by the audit lead.",
        nominated=0,
        theme_names={"family": "Think family", "mash": "MASH referrals"},
    )


def test_a_meeting_still_to_come_is_not_said_to_have_happened():
    day = timezone.localdate() + dt.timedelta(days=90)
    when = f"{day.day} {day:%B %Y}"
    record = _record(day)
    process = drafting.six_step(record).section("process").text
    assert f"The agencies are due to meet on {when} to agree the strengths and findings" in process
    assert "met" not in process.split()
    methodology = drafting.learning_summary(record).section("methodology").text
    assert f"the agencies are due to meet on {when} to agree the findings." in methodology


def test_a_meeting_held_is_said_to_have_happened():
    day = timezone.localdate() - dt.timedelta(days=20)
    when = f"{day.day} {day:%B %Y}"
    record = _record(day)
    assert f"The agencies met on {when} to agree" in drafting.six_step(record).section("process").text
    assert f"the agencies met on {when} to agree the findings." in (
        drafting.learning_summary(record).section("methodology").text
    )
    today = _record(timezone.localdate())
    assert "The agencies met on" in drafting.six_step(today).section("process").text
    undated = drafting.six_step(_record(None)).section("process").text
    assert "The agencies met to agree the strengths and findings of each case" in undated


def test_the_7_minute_briefings_questions_read_as_english():
    questions = drafting.seven_minute(_record(None)).section("questions").text
    assert "make sure of" not in questions
    assert "- What does ‘Think family’ look like in your team’s own cases?" in questions
    assert "- What does ‘MASH referrals’ look like in your team’s own cases?" in questions
