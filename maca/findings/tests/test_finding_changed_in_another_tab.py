"""A finding's pages that meet an edit conflict (its change, its removal, its
themes) tell the person's own save on another page (another tab or window)
from anyone else's, as an audit's and an action's pages do (ADR 0027): "you"
only when every change since the page was drawn was the person's. The
retention run, which takes names out of a finding's words, is nobody: a page
meeting its change says "someone else".

That holds only while every move of a finding's version is logged once on
it, in the same transaction; the last tests check each move, and that no
code moves a finding's version without being checked here."""

from __future__ import annotations

import ast
import html
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.core.concurrency import changed_on_another_page, changed_on_another_page_title
from maca.findings import retention, services
from maca.findings.models import Finding
from maca.findings.selectors import FINDING_VERSION_MOVES
from maca.returns.retention import _pattern
from maca.tests.forms_shown import fields_shown
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db

CHILD = "Rowan Tillbury"  # fictional
NAMED = f"{CHILD}'s mother was not asked about the move to a new flat."


@pytest.fixture
def finding(world, audit, case):
    return services.finding_create(
        actor=world["qa"].user, audit=audit, audit_case=case, agency=world.police, text=NAMED
    )


def _body(response) -> str:
    assert response.status_code == 200, response.status_code
    return html.unescape(response.content.decode())


def _as_shown(page: str) -> dict:
    """What submitting the form as the page shows it sends."""
    data = {}
    for name, field in fields_shown(page).items():
        if field.kind == "checkbox":
            data[name] = field.chosen
        elif field.chosen:
            data[name] = field.chosen[0]
    return data


def _summary_title(body: str) -> str:
    """The heading of the first error summary, and the page title says Error."""
    assert re.search(r"<title>\s*Error: ", body), "the page title does not say Error:"
    found = re.search(r'<div class="govuk-error-summary".*?<h2[^>]*>(.*?)</h2>', body, re.S)
    assert found is not None, "no error summary"
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


# Saves on another page -----------------------------------------------------------------------------


def _changed_on_the_edit_page(client, audit, finding):
    """The finding's words changed (the child's name still in them)."""
    url = reverse("findings:finding_edit", args=[audit.pk, finding.pk])
    shown = _as_shown(_body(client.get(url)))
    assert client.post(url, {**shown, "text": f"{shown['text']} Noted in March."}).status_code == 302


def _themes_confirmed(client, audit, finding):
    url = reverse("findings:finding", args=[audit.pk, finding.pk])
    shown = _as_shown(_body(client.get(url)))
    shown["themes"] = sorted(set(shown["themes"]) | {"housing"})
    assert client.post(url, shown).status_code == 302


# Each page: where it is, what it calls the record, what the other page saves, what this page sends.
PAGES = {
    "change": (
        "findings:finding_edit",
        "this finding",
        _changed_on_the_edit_page,
        lambda shown: {**shown, "kind": "finding", "text": f"{NAMED} She moved twice."},
    ),
    "themes": (
        "findings:finding",
        "this finding’s themes",
        _themes_confirmed,
        lambda shown: {**shown, "themes": sorted(set(shown["themes"]) | {"education"})},
    ),
    "remove": (
        "findings:finding_remove",
        "this finding",
        _changed_on_the_edit_page,
        lambda shown: {**shown, "reason": "Written twice."},
    ),
}


def _met_a_conflict(world, client_for, audit, case, finding, on_page, *, meanwhile, before=None) -> tuple[str, str]:
    """``before`` happens; the QA officer opens ``page``; ``meanwhile``
    happens; the QA officer saves the page as opened. The page shown, and
    what it calls the record."""
    name, what, _, posted = PAGES[on_page]
    qa = client_for(world["qa"])
    url = reverse(name, args=[audit.pk, finding.pk])
    if before is not None:
        before(qa)
    opened = _as_shown(_body(qa.get(url)))
    meanwhile(qa)
    response = qa.post(url, posted(opened))
    finding.refresh_from_db()
    assert finding.removed_at is None  # nothing saved from a page drawn before
    return _body(response), what


def _said_to_be_yours(body: str, what: str) -> None:
    shown = words_shown(body)
    assert changed_on_another_page(what) in shown
    assert _summary_title(body) == changed_on_another_page_title(what)
    assert "Someone else" not in shown and "someone else" not in shown


def _said_to_be_someone_elses(body: str, what: str) -> None:
    shown = words_shown(body)
    assert f"Someone else changed {what} while you were" in shown
    assert _summary_title(body) == f"Someone else changed {what}"
    assert "another page" not in shown and "another tab" not in shown


@pytest.mark.parametrize("on_page", PAGES)
def test_the_persons_own_save_in_another_tab_is_said_to_be_theirs(world, client_for, audit, case, finding, on_page):
    other_page = PAGES[on_page][2]
    body, what = _met_a_conflict(
        world, client_for, audit, case, finding, on_page, meanwhile=lambda qa: other_page(qa, audit, finding)
    )
    _said_to_be_yours(body, what)


@pytest.mark.parametrize("on_page", PAGES)
def test_a_save_by_someone_else_is_said_to_be_someone_elses(world, client_for, audit, case, finding, on_page):
    other_page = PAGES[on_page][2]
    admin = client_for(world["admin"])
    body, what = _met_a_conflict(
        world, client_for, audit, case, finding, on_page, meanwhile=lambda qa: other_page(admin, audit, finding)
    )
    _said_to_be_someone_elses(body, what)


def _names_taken_out(case):
    assert retention.scrub_case_text(case.case_id, _pattern([CHILD])) >= 1


@pytest.mark.parametrize("on_page", PAGES)
@pytest.mark.parametrize("own_save", ["before the page was opened", "in another tab meanwhile"])
def test_names_taken_out_by_the_retention_run_meanwhile_are_someone_elses_change(
    world, client_for, audit, case, finding, on_page, own_save
):
    """The retention run took the child's name out of the finding while the
    page was open: not the person's change, so "someone else", whether the
    person's own last save came before the page was opened (the log's last
    change on the finding is then theirs) or meanwhile in another tab."""
    other_page = PAGES[on_page][2]

    def own(qa):
        other_page(qa, audit, finding)

    def meanwhile(qa):
        if own_save == "in another tab meanwhile":
            own(qa)
        _names_taken_out(case)

    before = own if own_save == "before the page was opened" else None
    body, what = _met_a_conflict(world, client_for, audit, case, finding, on_page, meanwhile=meanwhile, before=before)
    _said_to_be_someone_elses(body, what)
    assert CHILD not in words_shown(body).replace(NAMED, "")  # only in the words typed on this page


# Every move of a finding's version is logged once on it --------------------------------------------


def _moves_logged(finding) -> list:
    return list(
        AuditEvent.objects.filter(
            object_type="findings.finding", object_id=str(finding.pk), action__in=FINDING_VERSION_MOVES
        )
        .order_by("pk")
        .values_list("action", "actor_id")
    )


def _update(world, case, finding):
    services.finding_update(
        actor=world["qa"].user,
        finding=finding,
        text=f"{NAMED} Again.",
        kind="finding",
        agency=world.police,
        expected_version=finding.version,
    )


def _confirm(world, case, finding):
    services.finding_confirm_tags(
        actor=world["qa"].user,
        finding=finding,
        polarity="concern",
        theme_keys=["housing"],
        expected_version=finding.version,
    )


def _remove(world, case, finding):
    services.finding_remove(actor=world["qa"].user, finding=finding, reason="Written twice.", expected_version=1)


def _retention(world, case, finding):
    # The name in its words, and in what maca said of its polarity: two passes, two moves.
    Finding.objects.filter(pk=finding.pk).update(suggested_polarity_reason=f"Like what was said of {CHILD}.")
    retention.scrub_case_text(case.case_id, _pattern([CHILD]))


# Every function of the code base that moves a finding's version, with a way to run it.
MOVES = {
    "maca.findings.services.findings.finding_update": (_update, "finding.updated", True),
    "maca.findings.services.findings.finding_confirm_tags": (_confirm, "finding.themes_confirmed", True),
    "maca.findings.services.findings.finding_remove": (_remove, "finding.removed", True),
    "maca.findings.retention._scrub_findings": (_retention, "finding.names_removed", False),
}


@pytest.mark.parametrize("mover", MOVES)
def test_each_move_of_a_findings_version_is_logged_once_on_it(world, case, finding, mover):
    run, action, by_a_person = MOVES[mover]
    version, logged = finding.version, len(_moves_logged(finding))

    run(world, case, finding)

    finding.refresh_from_db()
    moved, new = finding.version - version, _moves_logged(finding)[logged:]
    assert moved >= 1
    assert len(new) == moved, f"{mover} moved the version {moved} times and logged {len(new)}"
    assert {a for a, _ in new} == {action}
    assert {actor for _, actor in new} == ({world["qa"].user.pk} if by_a_person else {None})


def _source_moves_a_findings_version(node) -> bool:
    """A call that moves a finding's version: ``bump_version(finding)``, a
    write naming ``Finding`` with a ``version`` given, or ``Finding`` rows
    given to ``scrub_rows`` (which moves the version of each row it changes)."""
    if not isinstance(node, ast.Call):
        return False
    name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
    if name == "bump_version":
        return any("finding" in ast.unparse(arg).lower() for arg in node.args)
    if name in ("scrub_rows", "_scrub_rows"):
        return bool(node.args) and "Finding." in ast.unparse(node.args[0])
    return any(k.arg == "version" for k in node.keywords) and re.search(r"\bFinding\b", ast.unparse(node)) is not None


def test_no_code_moves_a_findings_version_without_its_move_being_checked_above():
    """A new way to move a finding's version must be added to ``MOVES`` (and
    so log its move once, or the test above fails): the pages' "you" depends
    on it."""
    root = Path(__file__).resolve().parents[2]
    found = set()
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if "tests" in parts or "migrations" in parts:
            continue
        module = ".".join(path.relative_to(root.parent).with_suffix("").parts)
        for top in ast.parse(path.read_text()).body:
            functions = [top] if isinstance(top, ast.FunctionDef) else []
            if isinstance(top, ast.ClassDef):
                functions = [f for f in top.body if isinstance(f, ast.FunctionDef)]
            for function in functions:
                if any(_source_moves_a_findings_version(n) for n in ast.walk(function)):
                    found.add(f"{module}.{function.name}")
    assert found == set(MOVES)


def test_the_retention_run_logs_its_findings_in_the_same_queries_however_many(world, audit, case):
    def named(count):
        return [
            Finding.objects.create(
                partnership=world.partnership, audit=audit, audit_case=case, polarity="concern", text=f"{NAMED} {i}"
            )
            for i in range(count)
        ]

    def run(findings):
        with CaptureQueriesContext(connection) as context:
            changed = retention.scrub_case_text(case.case_id, _pattern([CHILD]))
        assert changed == len(findings)
        for finding in findings:
            assert _moves_logged(finding) == [("finding.names_removed", None)]
        return len(context.captured_queries)

    assert run(named(2)) == run(named(12))
