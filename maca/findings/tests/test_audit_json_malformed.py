"""Importing a past audit: malformed files get a message naming the JSON path
(never a traceback) and nothing is half imported; what maca exports, maca
imports (docs/audit-json.md)."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from maca.audit_trail.models import AuditEvent
from maca.cases.models import Case
from maca.findings.audit_transfer import AuditImportError, audit_export, audit_import
from maca.findings.models import CaseDiscussion, Finding, Recommendation, Theme
from maca.findings.tests.past_audits import as_bytes, past_audit
from maca.partnerships.tests.factories import AgencyFactory
from maca.programme.models import Audit
from maca.selection.models import AuditCase, SelectionSource

pytestmark = pytest.mark.django_db

HALF = "\ud800"  # a lone surrogate: json.dumps writes it as the escape \ud800


def counts(partnership) -> tuple:
    return (
        Audit.objects.filter(partnership=partnership).count(),
        AuditCase.objects.filter(partnership=partnership).count(),
        Finding.objects.filter(partnership=partnership).count(),
        Recommendation.objects.filter(partnership=partnership).count(),
        Theme.objects.filter(partnership=partnership).count(),
    )


def told(world, raw: bytes) -> list[str]:
    """What the import command prints, checking that nothing was written and
    that every word of it can be printed (as UTF-8)."""
    before = counts(world.partnership)
    with pytest.raises(AuditImportError) as raised:
        audit_import(actor=None, partnership=world.partnership, raw=raw)
    assert counts(world.partnership) == before
    assert not AuditEvent.objects.filter(action="audit.imported").exists()
    problems = [str(problem) for problem in raised.value.problems]
    "\n".join(problems).encode("utf-8")
    return problems


def with_children(value: str) -> bytes:
    data = past_audit()
    data["audit"]["children"] = "PLACEHOLDER"
    return json.dumps(data).replace('"PLACEHOLDER"', value).encode()


def test_a_number_with_too_many_digits_is_told_not_a_traceback(world):
    assert told(world, with_children("1" * 5000)) == ["$: not valid JSON: a number has more than 4,300 digits"]


def test_the_command_tells_json_nested_too_deeply_and_imports_nothing(world, tmp_path, capsys):
    path = tmp_path / "deep.json"
    path.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    with pytest.raises(CommandError, match=r"Nothing was imported: 1 problem in .*deep\.json"):
        call_command("import_audit", str(path), "--partnership", "testshire")
    err = capsys.readouterr().err
    assert err.strip() == "$: not valid JSON: lists or objects are nested inside one another too deeply to be read"
    assert not Audit.objects.exists()


def test_an_unterminated_string_is_told_in_plain_words(world):
    raw = b'{"format": "maca-audit",\n "version": "1}'
    assert told(world, raw) == ["$: not valid JSON: Unterminated string starting at line 2, column 13"]


HALVES = [
    (lambda d: d["audit"].update(title=f"Neglect {HALF}"), "$.audit.title"),
    (lambda d: d["audit"].update(theme=f"How{HALF}"), "$.audit.theme"),
    (lambda d: d["themes"][0].update(name=f"Bruising {HALF}"), "$.themes[0].name"),
    (lambda d: d["themes"][0].update(id=f"bruising{HALF}"), "$.themes[0].id"),
    (lambda d: d["cases"][0].update(agreed_grade=f"Good{HALF}"), "$.cases[0].agreed_grade"),
    (lambda d: d["findings"][0].update(text=f"The baby {HALF}"), "$.findings[0].text"),
    (lambda d: d["findings"][0].update(agency=f"Testshire{HALF}"), "$.findings[0].agency"),
    (lambda d: d["findings"][0]["themes"].append(HALF), "$.findings[0].themes[2]"),
    (lambda d: d["recommendations"][0].update(text=f"{HALF}Invite"), "$.recommendations[0].text"),
    (lambda d: d["recommendations"][1].update(reason=HALF), "$.recommendations[1].reason"),
]


@pytest.mark.parametrize(("change", "path"), HALVES, ids=[path for _, path in HALVES])
def test_half_a_character_in_any_text_is_refused_at_its_path(world, change, path):
    data = past_audit()
    change(data)
    assert told(world, as_bytes(data)) == [
        f"{path}: contains \\ud800, half of a character written as two \\u escapes, without its other half"
    ]


def test_a_key_holding_half_a_character_is_told_as_written(world):
    data = past_audit()
    data["audit"][f"note{HALF}"] = "x"
    (problem,) = told(world, as_bytes(data))
    assert problem.startswith("$.audit.note\\ud800: is not part of the format")


def test_a_character_written_as_two_escapes_is_imported(world):
    data = past_audit()
    data["findings"][0]["text"] = "The baby 👶 was seen."
    raw = as_bytes(data)
    assert b"\\ud83d\\udc76" in raw
    audit = audit_import(actor=None, partnership=world.partnership, raw=raw)
    assert audit_export(actor=None, audit=audit)["findings"][0]["text"] == "The baby 👶 was seen."


# What maca exports, maca imports ------------------------------------------------------------------


def import_elsewhere(world, exported: dict, tmp_path, capsys) -> str:
    """Import ``exported`` into the other partnership with the command; what it prints."""
    AgencyFactory(partnership=world.other_partnership, name="Testshire Police")
    path = tmp_path / "exported.json"
    path.write_text(json.dumps(exported), encoding="utf-8")
    call_command("import_audit", str(path), "--partnership", world.other_partnership.slug)
    return capsys.readouterr().out


def test_an_agreed_grade_of_a_partnerships_own_long_scale_exports_a_file_maca_imports(world, tmp_path, capsys):
    from maca.tools.services import scale_create

    label = "Good, with clear evidence that every agency listened to the child and acted on what it heard."
    label = (label + " " + "x" * 100)[:100]  # as long as a level may be
    scale = scale_create(
        actor=None,
        partnership=world.partnership,
        name="Our long scale",
        levels=[label, "Not good enough"],
        meeting_standard=1,
    )
    audit = audit_import(actor=None, partnership=world.partnership, raw=as_bytes(past_audit()))
    discussion = CaseDiscussion.objects.filter(meeting__audit=audit).order_by("audit_case__number").first()
    discussion.scale = scale
    discussion.agreed_grade = scale.levels[0]["value"]
    discussion.save()

    exported = audit_export(actor=None, audit=audit)
    assert exported["cases"][0]["agreed_grade"] == label
    assert "Imported ‘Neglect in families with babies’" in import_elsewhere(world, exported, tmp_path, capsys)
    elsewhere = Audit.objects.get(partnership=world.other_partnership)
    assert audit_export(actor=None, audit=elsewhere)["cases"][0]["agreed_grade"] == label


def test_an_agreed_grade_longer_than_a_scale_level_may_be_is_refused(world):
    data = past_audit()
    data["cases"][0]["agreed_grade"] = "G" * 101
    assert told(world, as_bytes(data)) == ["$.cases[0].agreed_grade: is longer than 100 characters (101)"]


def test_an_audit_of_250_cases_which_maca_allows_exports_a_file_maca_imports(world, tmp_path, capsys):
    audit = audit_import(actor=None, partnership=world.partnership, raw=as_bytes(past_audit()))
    numbers = range(4, 251)
    cases = Case.objects.bulk_create(
        Case(partnership=world.partnership, reference=f"R-{n}", service_level="none", flags=[], children_count=1)
        for n in numbers
    )
    AuditCase.objects.bulk_create(
        AuditCase(partnership=world.partnership, audit=audit, case=case, number=n, source=SelectionSource.DRAWN)
        for case, n in zip(cases, numbers, strict=True)
    )
    exported = audit_export(actor=None, audit=audit)
    assert len(exported["cases"]) == 250
    assert "250 cases, 4 findings" in import_elsewhere(world, exported, tmp_path, capsys)


def test_more_cases_than_an_audit_may_have_are_refused(world):
    data = past_audit()
    data["cases"] = [{"number": n} for n in range(1, 502)]
    data["findings"] = []
    data["recommendations"] = []
    assert told(world, as_bytes(data)) == ["$.cases: at most 500 cases an audit, not 501"]
