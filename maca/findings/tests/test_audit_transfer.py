"""Importing a past audit from JSON and exporting it again (docs/audit-json.md)."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.core.management import CommandError, call_command

from maca.audit_trail.models import AuditEvent
from maca.findings.audit_transfer import AuditImportError, audit_export, audit_import
from maca.findings.models import Finding, FindingSource, Recommendation, Theme
from maca.findings.tests.past_audits import as_bytes, past_audit
from maca.partnerships.tests.factories import AgencyFactory
from maca.programme.models import Audit, Stage
from maca.selection.models import AuditCase

pytestmark = pytest.mark.django_db


def counts(partnership) -> tuple:
    return (
        Audit.objects.filter(partnership=partnership).count(),
        AuditCase.objects.filter(partnership=partnership).count(),
        Finding.objects.filter(partnership=partnership).count(),
        Recommendation.objects.filter(partnership=partnership).count(),
        Theme.objects.filter(partnership=partnership).count(),
    )


def test_an_imported_audit_is_closed_with_its_cases_findings_themes_and_recommendations(world):
    qa = world["qa"].user
    raw = as_bytes(past_audit(agency="testshire police"))
    audit = audit_import(actor=qa, partnership=world.partnership, raw=raw)

    assert audit.stage == Stage.CLOSED and audit.programme.year == 2024 and audit.target_children == 7
    assert [ac.number for ac in AuditCase.objects.filter(audit=audit).order_by("number")] == [1, 2, 3]
    assert sorted(AuditCase.objects.get(audit=audit, number=1).case.flags) == ["domestic_abuse", "neglect"]
    findings = list(Finding.objects.filter(audit=audit).order_by("id"))
    assert [f.source for f in findings] == [FindingSource.IMPORTED] * 4
    assert findings[0].agency == world.police  # matched whatever the case of its letters
    assert [t.key for t in findings[2].themes.order_by("key")] == ["child_protection_process", "think_family"]
    assert findings[3].audit_case is None and findings[3].kind == "good_practice"
    added = Theme.objects.get(partnership=world.partnership, key="bruising_protocol")
    assert added.name == "Bruising protocol" and not added.is_default
    confirmed, withdrawn = Recommendation.objects.filter(audit=audit).order_by("position")
    assert confirmed.status == "confirmed" and confirmed.origin == "imported"
    assert list(confirmed.findings.order_by("id")) == findings[1:3]
    assert withdrawn.status == "withdrawn"

    event = AuditEvent.objects.get(action="audit.imported")
    assert event.partnership == world.partnership and event.actor == qa
    assert event.changes == {
        "sha256": hashlib.sha256(raw).hexdigest(),
        "year": 2024,
        "cases": 3,
        "findings": 4,
        "recommendations": 2,
        "themes_added": ["bruising_protocol"],
    }


def test_export_then_import_elsewhere_then_export_again_gives_the_same_json(world):
    AgencyFactory(partnership=world.other_partnership, name="Testshire Police")
    audit = audit_import(actor=None, partnership=world.partnership, raw=as_bytes(past_audit(agency="Testshire Police")))
    exported = audit_export(actor=world["qa"].user, audit=audit)
    expected = past_audit(agency="Testshire Police")
    assert exported["audit"] == expected["audit"]
    assert exported["findings"] == expected["findings"]
    assert exported["recommendations"] == expected["recommendations"]
    assert exported["cases"] == expected["cases"]

    elsewhere = audit_import(actor=None, partnership=world.other_partnership, raw=json.dumps(exported).encode())
    assert audit_export(actor=None, audit=elsewhere) == exported
    assert AuditEvent.objects.filter(action="audit.exported").count() == 2


def test_an_audit_made_in_maca_exports_its_current_findings_and_confirmed_themes(world):
    audit = audit_import(actor=None, partnership=world.partnership, raw=as_bytes(past_audit()))
    finding = Finding.objects.filter(audit=audit).order_by("id").first()
    Finding.objects.filter(pk=finding.pk).update(removed_at="2025-01-01T00:00:00Z")
    exported = audit_export(actor=None, audit=audit)
    assert len(exported["findings"]) == 3
    # positions move up when a finding before them is left out
    assert exported["recommendations"][0]["findings"] == [0, 1]


BAD = [
    (lambda d: d.pop("format"), "$.format", "is missing"),
    (lambda d: d.update(version=2), "$.version", "reads version 1"),
    (lambda d: d.update(extra=1), "$.extra", "not part of the format"),
    (lambda d: d["audit"].update(year="2024"), "$.audit.year", "whole number"),
    (lambda d: d["audit"].update(meeting_date="20/11/2024"), "$.audit.meeting_date", "a date like"),
    (lambda d: d["audit"].update(kind="big"), "$.audit.kind", "expected one of"),
    (lambda d: d["audit"].update(title=""), "$.audit.title", "is empty"),
    (lambda d: d["cases"][2].update(number=1), "$.cases[2].number", "appears twice"),
    (lambda d: d["cases"][0]["flags"].append("dragons"), "$.cases[0].flags[2]", "expected one of"),
    (lambda d: d["findings"][1].update(case=9), "$.findings[1].case", "no case 9"),
    (lambda d: d["findings"][1].update(polarity="worry"), "$.findings[1].polarity", "'strength', 'concern'"),
    (
        lambda d: d["findings"][1].update(polarity="concern", kind="good_practice"),
        "$.findings[1].polarity",
        "good practice that resulted from the audit is a strength",
    ),
    (
        lambda d: d["findings"][2]["themes"].append("domestic_abus"),
        "$.findings[2].themes[2]",
        "no theme 'domestic_abus'",
    ),
    (lambda d: d["findings"][0].update(agency="Nowhere Police"), "$.findings[0].agency", "no agency called"),
    (lambda d: d["findings"][0].pop("text"), "$.findings[0].text", "is missing"),
    (lambda d: d["findings"].append("text"), "$.findings[4]", "expected an object"),
    (lambda d: d["recommendations"][0]["findings"].append(17), "$.recommendations[0].findings[2]", "no $.findings[17]"),
    (lambda d: d["themes"].append({"id": "bad id!", "name": "X"}), "$.themes[1].id", "letters, digits"),
    (lambda d: d["themes"].append({"id": "own", "name": "Neglect"}), "$.themes[1].name", "already has a theme"),
]


@pytest.mark.parametrize(("change", "path", "words"), BAD, ids=[path for _, path, _ in BAD])
def test_a_mistake_is_named_by_its_json_path_and_nothing_is_imported(world, change, path, words):
    data = past_audit()
    change(data)
    before = counts(world.partnership)
    with pytest.raises(AuditImportError) as raised:
        audit_import(actor=None, partnership=world.partnership, raw=as_bytes(data))
    assert [p.path for p in raised.value.problems] == [path], raised.value.problems
    assert words in raised.value.problems[0].message
    assert counts(world.partnership) == before
    assert not AuditEvent.objects.filter(action="audit.imported").exists()


def test_the_same_audit_twice_is_refused_at_its_title(world):
    audit_import(actor=None, partnership=world.partnership, raw=as_bytes(past_audit()))
    before = counts(world.partnership)
    with pytest.raises(AuditImportError) as raised:
        audit_import(actor=None, partnership=world.partnership, raw=as_bytes(past_audit()))
    assert [str(p) for p in raised.value.problems] == [
        "$.audit.title: the partnership already has an audit called ‘Neglect in families with babies’ in 2024–25"
    ]
    assert counts(world.partnership) == before


def test_not_json_says_where(world):
    with pytest.raises(AuditImportError) as raised:
        audit_import(actor=None, partnership=world.partnership, raw=b'{"format": "maca-audit",\n  "version": }')
    assert [str(p) for p in raised.value.problems] == ["$: not valid JSON: Expecting value at line 2, column 14"]


def test_the_command_imports_a_file_and_exports_it(world, tmp_path, capsys):
    path = tmp_path / "neglect.json"
    path.write_text(json.dumps(past_audit()))
    call_command("import_audit", str(path), "--partnership", "testshire")
    assert (
        "Imported ‘Neglect in families with babies’ (2024–25) into Testshire SCP: "
        "3 cases, 4 findings, 2 recommendations." in (capsys.readouterr().out)
    )
    audit = Audit.objects.get(partnership=world.partnership)
    out = tmp_path / "out.json"
    call_command("export_audit", str(audit.pk), "--partnership", "testshire", "--output", str(out))
    assert json.loads(out.read_text())["findings"] == past_audit()["findings"]


def test_the_command_prints_every_problem_with_its_path_never_a_traceback(world, tmp_path, capsys):
    data = past_audit()
    data["findings"][0]["themes"] = ["nope"]
    data["cases"][0]["number"] = 0
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError, match=r"Nothing was imported: 2 problems in .*bad.json"):
        call_command("import_audit", str(path), "--partnership", "testshire")
    err = capsys.readouterr().err
    assert "$.cases[0].number: expected a whole number from 1 to 9999, not 0" in err
    # Case 1's findings are not told again: the case itself was wrong.
    assert "there is no case 1" not in err
    assert "$.findings[0].themes[0]: there is no theme 'nope'" in err
    with pytest.raises(CommandError, match="There is no file at"):
        call_command("import_audit", str(tmp_path / "missing.json"), "--partnership", "testshire")
    with pytest.raises(CommandError, match="Say which partnership"):
        call_command("import_audit", str(path))
    path.write_bytes(b"\xff\xfe not utf-8")
    with pytest.raises(CommandError):
        call_command("import_audit", str(path), "--partnership", "testshire")
    assert "$: the file is not UTF-8 text" in capsys.readouterr().err


def test_the_documented_example_imports_into_the_demo_partnership(db, capsys):
    from pathlib import Path

    call_command("demo")
    example = Path(__file__).resolve().parents[3] / "docs" / "examples" / "past-audit.json"
    call_command("import_audit", str(example), "--partnership", "wyvernshire")
    assert "Imported ‘Teenagers at risk outside the home’ (2022–23) into Wyvernshire SCP: 3 cases, 5 findings" in (
        capsys.readouterr().out
    )


# What a QA tester found ---------------------------------------------------------------------------


def problems_of(world, data, **parse) -> list[str]:
    """The problems a person is shown, checking that nothing was written."""
    before = counts(world.partnership)
    with pytest.raises(AuditImportError) as raised:
        audit_import(actor=None, partnership=world.partnership, raw=as_bytes(data))
    assert counts(world.partnership) == before
    assert not AuditEvent.objects.filter(action="audit.imported").exists()
    return [str(problem) for problem in raised.value.problems]


@pytest.mark.parametrize("second", ["Brand new", "brand NEW"])
def test_two_new_themes_of_one_name_are_refused_at_the_second_not_a_crash(world, second):
    data = past_audit()
    data["themes"] += [{"id": "brand_new", "name": "Brand new"}, {"id": "brand_new_2", "name": second}]
    assert problems_of(world, data) == [
        f"$.themes[2].name: the name ‘{second}’ is declared twice (also at $.themes[1])"
    ]


NULLS = [
    (lambda d: d.update(audit=None), "$.audit: expected an object ({...})"),
    (lambda d: d.update(themes=None), "$.themes: expected a list ([...])"),
    (lambda d: d.update(cases=None), "$.cases: expected a list ([...])"),
    (lambda d: d.update(findings=None), "$.findings: expected a list ([...])"),
    (lambda d: d.update(recommendations=None), "$.recommendations: expected a list ([...])"),
    (lambda d: d["themes"].__setitem__(0, None), "$.themes[0]: expected an object ({...})"),
    (lambda d: d["cases"].__setitem__(0, None), "$.cases[0]: expected an object ({...})"),
    (lambda d: d["findings"].__setitem__(1, None), "$.findings[1]: expected an object ({...})"),
    (lambda d: d["recommendations"].__setitem__(0, None), "$.recommendations[0]: expected an object ({...})"),
    (lambda d: d["cases"][0].update(flags=None), "$.cases[0].flags: expected a list ([...])"),
    (lambda d: d["findings"][0].update(themes=None), "$.findings[0].themes: expected a list ([...])"),
    (lambda d: d["recommendations"][0].update(themes=None), "$.recommendations[0].themes: expected a list ([...])"),
    (
        lambda d: d["recommendations"][0].update(findings=None),
        "$.recommendations[0].findings: expected a list ([...])",
    ),
]


@pytest.mark.parametrize(("change", "told"), NULLS, ids=[told.split(":")[0] for _, told in NULLS])
def test_null_where_an_object_or_a_list_belongs_is_one_problem_not_a_crash(world, change, told):
    data = past_audit()
    change(data)
    # One problem: what referred into a list that could not be read is not told again.
    assert problems_of(world, data) == [told]


def test_two_cases_of_children_recorded_export_their_total_not_the_plan(world):
    from maca.returns.tests.builders import audit_with_returns

    audit = audit_with_returns(world, cases=2)
    Audit.objects.filter(pk=audit.pk).update(target_children=12, planned_meeting_date="2026-04-01")
    audit.refresh_from_db()
    first, second = AuditCase.objects.filter(audit=audit).order_by("number")
    type(first.case).objects.filter(pk=first.case_id).update(children_count=3)
    type(second.case).objects.filter(pk=second.case_id).update(children_count=2)

    exported = audit_export(actor=None, audit=audit)
    assert exported["audit"]["children"] == 5  # 3 + 2, as the audit's pages say; 12 was the plan

    # The figure survives the round trip: the imported audit keeps it though its cases record none.
    elsewhere = audit_import(actor=None, partnership=world.other_partnership, raw=json.dumps(exported).encode())
    assert audit_export(actor=None, audit=elsewhere) == exported

    # Some cases recording it and some not: the total would leave children out.
    type(second.case).objects.filter(pk=second.case_id).update(children_count=0)
    assert audit_export(actor=None, audit=audit)["audit"]["children"] is None
    # None recording it, in an audit made in maca: the plan is still not written as a count.
    type(first.case).objects.filter(pk=first.case_id).update(children_count=0)
    assert audit_export(actor=None, audit=audit)["audit"]["children"] is None


@pytest.mark.parametrize(("brought", "written"), [(7, 7), (None, None), (0, None)])
def test_an_imported_audit_exports_the_children_its_file_brought(world, brought, written):
    data = past_audit()
    data["audit"]["children"] = brought
    audit = audit_import(actor=None, partnership=world.partnership, raw=as_bytes(data))
    exported = audit_export(actor=None, audit=audit)
    assert exported["audit"]["children"] == written
    elsewhere = audit_import(actor=None, partnership=world.other_partnership, raw=json.dumps(exported).encode())
    assert audit_export(actor=None, audit=elsewhere) == exported


def test_an_audit_with_no_cases_exports_no_children(world):
    from maca.programme.tests.factories import AuditFactory

    planned = AuditFactory(partnership=world.partnership, target_cases=6, target_children=10)
    assert audit_export(actor=None, audit=planned)["audit"]["children"] is None
    # As its pages say "No cases selected yet", whatever figure a file of no cases brought.
    empty = past_audit("No cases")
    empty["cases"], empty["findings"], empty["recommendations"] = [], [], []
    audit = audit_import(actor=None, partnership=world.partnership, raw=as_bytes(empty))
    assert audit_export(actor=None, audit=audit)["audit"]["children"] is None


@pytest.mark.parametrize("key", ["café", "naïve", "٣٤", "ｆｕｌｌ"])
def test_a_theme_id_that_cannot_be_in_an_address_is_refused_once(world, key):
    data = past_audit()
    data["themes"].append({"id": key, "name": "Somewhere new"})
    data["findings"][0]["themes"].append(key)  # not told again: its declaration is the problem
    assert problems_of(world, data) == [
        "$.themes[1].id: use only letters, digits, '_' and '-' "
        "(letters a to z without accents: the id is part of the theme page's address)"
    ]


def test_theme_ids_follow_the_theme_page_address(world):
    from django.urls import reverse

    from maca.findings.audit_json import is_theme_id

    for key in ["domestic_abuse", "A-1_b"]:
        assert is_theme_id(key) and reverse("findings:theme_over_years", args=[key])
    for key in ["café", "a b", "", "a/b"]:
        assert not is_theme_id(key)


@pytest.mark.parametrize(
    ("meeting", "told"),
    [
        (
            "2031-03-01",
            "$.audit.meeting_date: expected a date from 1 April 2020 to 31 March 2022, not 1 March 2031: "
            "an audit of 2020–21 meets in that year or the next",
        ),
        (
            "2020-03-31",
            "$.audit.meeting_date: expected a date from 1 April 2020 to 31 March 2022, not 31 March 2020: "
            "an audit of 2020–21 meets in that year or the next",
        ),
        (
            "2022-04-01",
            "$.audit.meeting_date: expected a date from 1 April 2020 to 31 March 2022, not 1 April 2022: "
            "an audit of 2020–21 meets in that year or the next",
        ),
    ],
)
def test_a_meeting_outside_the_audits_year_and_the_next_is_refused(world, meeting, told):
    data = past_audit(year=2020)
    data["audit"]["meeting_date"] = meeting
    assert problems_of(world, data) == [told]


@pytest.mark.parametrize("meeting", ["2020-04-01", "2022-03-31"])
def test_a_meeting_on_the_first_or_last_day_allowed_is_imported(world, meeting):
    data = past_audit(year=2020)
    data["audit"]["meeting_date"] = meeting
    audit = audit_import(actor=None, partnership=world.partnership, raw=as_bytes(data))
    assert audit.planned_meeting_date.isoformat() == meeting


def test_a_meeting_after_today_is_refused(world):
    import datetime as dt

    from django.utils import timezone

    from maca.core.presenters import long_date
    from maca.findings import audit_json
    from maca.programme.services import business_year

    today = timezone.localdate()
    year = business_year(today)
    label = f"{year}–{str(year + 1)[-2:]}"
    data = past_audit(year=year)
    data["audit"]["meeting_date"] = (today + dt.timedelta(days=1)).isoformat()
    assert problems_of(world, data) == [
        f"$.audit.meeting_date: expected a date from 1 April {year} to today ({long_date(today)}), "
        f"not {long_date(today + dt.timedelta(days=1))}: an audit of {label} meets in that year or the next, "
        "and a past audit has already met"
    ]
    # A year that has not begun cannot have met at all.
    data = past_audit(year=2030)
    _, problems = audit_json.parse(data, theme_keys={}, agency_names=[], today=dt.date(2027, 1, 5))
    assert [str(p) for p in problems if p.path == "$.audit.meeting_date"] == [
        "$.audit.meeting_date: an audit of 2030–31 cannot have met yet: it meets from 1 April 2030 "
        "(in that year or the next), and today is 5 January 2027"
    ]


def test_an_unconfirmed_finding_stays_unconfirmed_through_export_and_import(world):
    data = past_audit()
    data["findings"][1]["themes"] = []
    data["findings"][1]["confirmed"] = False
    audit = audit_import(actor=None, partnership=world.partnership, raw=as_bytes(data))
    findings = list(Finding.objects.filter(audit=audit).order_by("id"))
    assert findings[1].tags_confirmed_at is None and not findings[1].tags.exists()
    assert findings[0].tags_confirmed_at is not None

    exported = audit_export(actor=None, audit=audit)
    assert exported["findings"] == data["findings"]
    elsewhere = audit_import(actor=None, partnership=world.other_partnership, raw=json.dumps(exported).encode())
    assert Finding.objects.filter(audit=elsewhere, tags_confirmed_at__isnull=True).count() == 1
    assert audit_export(actor=None, audit=elsewhere) == exported


def test_an_unconfirmed_finding_exports_no_themes_and_says_so(world):
    audit = audit_import(actor=None, partnership=world.partnership, raw=as_bytes(past_audit()))
    last = Finding.objects.filter(audit=audit).order_by("id").last()  # the only one with bruising_protocol
    Finding.objects.filter(pk=last.pk).update(tags_confirmed_at=None, tags_confirmed_by=None)
    exported = audit_export(actor=None, audit=audit)
    assert exported["findings"][3]["themes"] == [] and exported["findings"][3]["confirmed"] is False
    assert all("confirmed" not in finding for finding in exported["findings"][:3])
    # Only that finding had it: no confirmed finding uses it now.
    assert "bruising_protocol" not in [theme["id"] for theme in exported["themes"]]


def test_an_unconfirmed_finding_with_themes_is_refused(world):
    data = past_audit()
    data["findings"][0]["confirmed"] = False
    data["findings"][1]["confirmed"] = "no"
    assert problems_of(world, data) == [
        '$.findings[0].themes: a finding whose themes nobody confirmed ("confirmed": false) has none: '
        'leave the list empty, or take out "confirmed": false',
        '$.findings[1].confirmed: expected true or false, not "no"',
    ]


NUL = [
    (lambda d: d["audit"].update(title="Neglect\u0000"), "$.audit.title"),
    (lambda d: d["audit"].update(theme="How\u0000"), "$.audit.theme"),
    (lambda d: d["themes"][0].update(name="Bruising\u0000protocol"), "$.themes[0].name"),
    (lambda d: d["themes"][0].update(id="bruising\u0000"), "$.themes[0].id"),
    (lambda d: d["cases"][0].update(agreed_grade="Good\u0000"), "$.cases[0].agreed_grade"),
    (lambda d: d["findings"][0].update(text="The baby\u0000"), "$.findings[0].text"),
    (lambda d: d["findings"][0].update(agency="Testshire\u0000Police"), "$.findings[0].agency"),
    (lambda d: d["findings"][0]["themes"].append("\u0000"), "$.findings[0].themes[2]"),
    (lambda d: d["recommendations"][0].update(text="\u0000Invite"), "$.recommendations[0].text"),
    (lambda d: d["recommendations"][1].update(reason="\u0000"), "$.recommendations[1].reason"),
]


@pytest.mark.parametrize(("change", "path"), NUL, ids=[path for _, path in NUL])
def test_a_null_character_in_any_text_is_refused_at_its_path(world, change, path):
    data = past_audit()
    change(data)
    assert problems_of(world, data) == [f"{path}: contains a null character (\\u0000): null characters are not allowed"]


MISSING = [
    (lambda d: d["cases"][0].pop("number"), "$.cases[0].number"),
    (lambda d: d["findings"][1].pop("polarity"), "$.findings[1].polarity"),
    (lambda d: d["findings"][1].pop("themes"), "$.findings[1].themes"),
    (lambda d: d["themes"][0].pop("id"), "$.themes[0].id"),
    (lambda d: d["themes"][0].pop("name"), "$.themes[0].name"),
    (lambda d: d["audit"].pop("year"), "$.audit.year"),
    (lambda d: d["audit"].pop("title"), "$.audit.title"),
    (lambda d: d["recommendations"][0].pop("text"), "$.recommendations[0].text"),
    (lambda d: d.pop("audit"), "$.audit"),
    (lambda d: d.pop("cases"), "$.cases"),
    (lambda d: d.pop("findings"), "$.findings"),
]


@pytest.mark.parametrize(("change", "path"), MISSING, ids=[path for _, path in MISSING])
def test_a_missing_key_is_told_once_and_nothing_follows_from_it(world, change, path):
    data = past_audit()
    change(data)
    assert problems_of(world, data) == [f"{path}: is missing"]


def test_the_findings_of_a_case_that_is_wrong_are_not_told_again(world):
    data = past_audit()
    data["cases"][0]["number"] = "one"
    data["findings"][2]["case"] = 9  # a case that is not there at all is still told, once the cases are right
    assert problems_of(world, data) == ["$.cases[0].number: expected a whole number"]
    data["cases"][0]["number"] = 1
    assert problems_of(world, data) == ["$.findings[2].case: there is no case 9 under $.cases"]


def test_a_withdrawn_recommendation_keeps_its_reason_through_export_and_import(world, client_for):
    from django.urls import reverse

    from maca.tests.page import words_shown

    data = past_audit()
    data["recommendations"][1]["reason"] = "Already done by the neglect strategy."
    audit = audit_import(actor=None, partnership=world.partnership, raw=as_bytes(data))
    withdrawn = Recommendation.objects.get(audit=audit, status="withdrawn")
    assert withdrawn.withdrawn_reason == "Already done by the neglect strategy."
    exported = audit_export(actor=None, audit=audit)
    assert exported["recommendations"] == data["recommendations"]
    elsewhere = audit_import(actor=None, partnership=world.other_partnership, raw=json.dumps(exported).encode())
    assert audit_export(actor=None, audit=elsewhere) == exported

    page = words_shown(
        client_for(world["qa"]).get(reverse("findings:recommendation", args=[withdrawn.pk])).content.decode()
    )
    assert "Withdrawn: Already done by the neglect strategy." in page


def test_a_withdrawn_recommendation_without_a_reason_says_none_was_recorded(world, client_for):
    from django.urls import reverse

    from maca.tests.page import words_shown

    audit = audit_import(actor=None, partnership=world.partnership, raw=as_bytes(past_audit()))
    withdrawn = Recommendation.objects.get(audit=audit, status="withdrawn")
    assert "reason" not in audit_export(actor=None, audit=audit)["recommendations"][1]
    page = words_shown(
        client_for(world["qa"]).get(reverse("findings:recommendation", args=[withdrawn.pk])).content.decode()
    )
    assert "Withdrawn. No reason was recorded." in page
    assert "Withdrawn:" not in page


def test_a_reason_on_a_recommendation_not_withdrawn_is_refused(world):
    data = past_audit()
    data["recommendations"][0]["reason"] = "Why?"
    data["recommendations"][1]["reason"] = " "
    assert problems_of(world, data) == [
        '$.recommendations[0].reason: only a withdrawn recommendation has a reason, and this one is "confirmed": '
        'leave the reason out, or make its status "withdrawn"',
        "$.recommendations[1].reason: is empty",
    ]


@pytest.mark.django_db(transaction=True)
def test_the_same_file_imported_twice_at_once_makes_one_audit_and_a_message(world, monkeypatch):
    """Two runs of ``import_audit`` on one file at the same moment: the second
    waits for the first (the partnership's row is held) and is then refused at
    the title, instead of both passing the check and making two audits."""
    from maca.findings import audit_transfer
    from maca.tests.races import meet_before, needs_row_locks, run_each

    needs_row_locks()
    raw = as_bytes(past_audit())
    monkeypatch.setattr(audit_transfer, "_write", meet_before(audit_transfer._write))
    outcomes = run_each([lambda: audit_import(actor=None, partnership=world.partnership, raw=raw) for _ in range(2)])
    monkeypatch.undo()
    refused = [error for error in outcomes if error is not None]
    assert len(refused) == 1, outcomes
    assert isinstance(refused[0], AuditImportError), repr(refused[0])
    assert [str(p) for p in refused[0].problems] == [
        "$.audit.title: the partnership already has an audit called ‘Neglect in families with babies’ in 2024–25"
    ]
    assert Audit.objects.filter(partnership=world.partnership, title="Neglect in families with babies").count() == 1


def test_an_audit_whose_meeting_is_still_to_come_exports_without_a_meeting_date(world):
    """Its planned day was written as the day of the meeting, and the file's
    import then refused it ("not after today"); held, the day it was held is written."""
    import datetime as dt

    from django.utils import timezone

    from maca.findings import services
    from maca.findings.tests.builders import audit_at_meeting

    audit = audit_at_meeting(world)
    today = timezone.localdate()
    Audit.objects.filter(pk=audit.pk).update(planned_meeting_date=today + dt.timedelta(days=3))
    audit.refresh_from_db()
    assert audit_export(actor=None, audit=audit)["audit"]["meeting_date"] is None

    Audit.objects.filter(pk=audit.pk).update(planned_meeting_date=today - dt.timedelta(days=1))
    audit.refresh_from_db()
    assert audit_export(actor=None, audit=audit)["audit"]["meeting_date"] == (today - dt.timedelta(days=1)).isoformat()

    services.meeting_save(
        actor=world["qa"].user,
        audit=audit,
        held_on=today - dt.timedelta(days=2),
        returns_quality="",
        attendance_judgement="",
        notes="",
        expected_version=None,
    )
    assert audit_export(actor=None, audit=audit)["audit"]["meeting_date"] == (today - dt.timedelta(days=2)).isoformat()


def test_an_agency_named_with_a_straight_apostrophe_is_the_agency_with_a_curly_one(world):
    care = AgencyFactory(partnership=world.partnership, name="Testshire Children’s Social Care")
    raw = as_bytes(past_audit(agency="Testshire Children's  Social Care"))
    audit = audit_import(actor=world["qa"].user, partnership=world.partnership, raw=raw)
    assert Finding.objects.filter(audit=audit).order_by("id").first().agency == care
