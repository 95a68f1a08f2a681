"""Importing a past audit from JSON and exporting it again (docs/audit-json.md)."""

from __future__ import annotations

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
    audit = audit_import(
        actor=qa,
        partnership=world.partnership,
        raw=as_bytes(past_audit(agency="testshire police")),
        source_name="a.json",
    )

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
        "file": "a.json",
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

    elsewhere = audit_import(
        actor=None, partnership=world.other_partnership, raw=json.dumps(exported).encode(), source_name="x.json"
    )
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
    with pytest.raises(CommandError, match=r"Nothing was imported: 4 problems in .*bad.json"):
        call_command("import_audit", str(path), "--partnership", "testshire")
    err = capsys.readouterr().err
    assert "$.cases[0].number: expected a whole number from 1 to 9999, not 0" in err
    assert "$.findings[0].case: there is no case 1 under $.cases" in err
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
