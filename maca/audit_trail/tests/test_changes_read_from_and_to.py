"""A change on an audit log entry's page reads as a change ("From ‘Board
member’ to ‘QA officer’"), not as a list of two values ("Board member, QA
officer"); a list of two things recorded reads as a list still."""

from __future__ import annotations

from django.urls import reverse

from maca.accounts.roles import Role
from maca.audit_trail.models import AuditEvent
from maca.audit_trail.services import record
from maca.tests.page import words_shown


def _entry(client, event) -> str:
    return words_shown(client.get(reverse("audit_trail:event", args=[event.pk])).content.decode())


def test_a_role_changed_reads_from_the_old_role_to_the_new(world, client_for):
    admin = client_for(world["admin"])
    board = world["board"].membership
    admin.post(
        reverse("accounts:member", args=[board.pk]),
        {"role": Role.QA_OFFICER, "agency": "", "job_title": "Scrutiny lead", "version": board.version},
    )
    event = AuditEvent.objects.get(action="membership.updated", object_id=str(board.pk))
    page = _entry(admin, event)
    assert "Role From ‘Board member’ to ‘QA officer’" in page
    assert "Board member, QA officer" not in page


def test_a_value_given_where_there_was_none_reads_from_nothing(world, client_for):
    admin = client_for(world["admin"])
    board = world["board"].membership
    board.refresh_from_db()
    assert board.job_title == ""
    admin.post(
        reverse("accounts:member", args=[board.pk]),
        {"role": board.role, "agency": "", "job_title": "Lay member", "version": board.version},
    )
    event = AuditEvent.objects.get(action="membership.updated", object_id=str(board.pk))
    assert "Job title From nothing to ‘Lay member’" in _entry(admin, event)


def test_two_cases_listed_still_read_as_a_list(world, client_for):
    event = record(
        actor=world["qa"].user,
        action="audit_cases.viewed",
        partnership=world.partnership,
        changes={"cases": ["F-000101", "F-000102"]},
    )
    page = _entry(client_for(world["admin"]), event)
    assert "Cases F-000101, F-000102" in page
    assert "From ‘F-000101’" not in page


def test_an_audit_planned_for_two_priorities_lists_them_and_a_change_of_them_reads_from_and_to(world, client_for):
    planned = record(
        actor=world["qa"].user,
        action="audit.created",
        partnership=world.partnership,
        changes={"priorities": ["Domestic abuse", "Neglect"]},
    )
    changed = record(
        actor=world["qa"].user,
        action="audit.updated",
        partnership=world.partnership,
        changes={"priorities": [["Domestic abuse", "Neglect"], ["Neglect"]]},
    )
    admin = client_for(world["admin"])
    assert "Priorities Domestic abuse, Neglect" in _entry(admin, planned)
    assert "Priorities From ‘Domestic abuse, Neglect’ to ‘Neglect’" in _entry(admin, changed)


def _makes_a_list(value) -> bool:
    """A list made by ``sorted``, ``list``, a comprehension, or written out
    with other than two things (two are a change, ``[before, after]``), on
    either side of ``... if ... else ...``."""
    import ast

    if isinstance(value, ast.IfExp):
        return _makes_a_list(value.body) or _makes_a_list(value.orelse)
    return (
        isinstance(value, ast.ListComp | ast.SetComp)
        or (isinstance(value, ast.Call) and getattr(value.func, "id", "") in ("sorted", "list"))
        or (isinstance(value, ast.List) and len(value.elts) != 2)
    )


def _dicts(node):
    """The dict written as ``changes=``, and those spread into it (``**{...}``,
    also under ``... if ... else ...``)."""
    import ast

    if isinstance(node, ast.Dict):
        yield node
        for key, value in zip(node.keys, node.values, strict=True):
            if key is None:
                yield from _dicts(value)
    elif isinstance(node, ast.IfExp):
        yield from _dicts(node.body)
        yield from _dicts(node.orelse)


def _list_valued_keys() -> dict[str, str]:
    """Each key the code records with a list of things as its value, with
    where: the list made in place, or a name the function gave such a list."""
    import ast
    import pathlib

    import maca

    found = {}
    for path in pathlib.Path(maca.__file__).parent.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for function in ast.walk(ast.parse(path.read_text())):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            lists = {
                target.id
                for node in ast.walk(function)
                if isinstance(node, ast.Assign) and _makes_a_list(node.value)
                for target in node.targets
                if isinstance(target, ast.Name)
            }
            # ``changes["key"] = [...]`` on a dict the function records by name.
            recorded = {
                keyword.value.id
                for node in ast.walk(function)
                if isinstance(node, ast.Call)
                for keyword in node.keywords
                if keyword.arg == "changes" and isinstance(keyword.value, ast.Name)
            }
            for node in ast.walk(function):
                if isinstance(node, ast.Assign) and _makes_a_list(node.value):
                    for target in node.targets:
                        if (
                            isinstance(target, ast.Subscript)
                            and isinstance(target.value, ast.Name)
                            and target.value.id in recorded
                            and isinstance(target.slice, ast.Constant)
                        ):
                            found[target.slice.value] = f"{path}:{node.lineno}"
            for node in ast.walk(function):
                called = getattr(getattr(node, "func", None), "id", None) or getattr(
                    getattr(node, "func", None), "attr", ""
                )
                if not isinstance(node, ast.Call) or called not in ("record", "record_each"):
                    continue
                for keyword in node.keywords:
                    if keyword.arg != "changes":
                        continue
                    for written in _dicts(keyword.value):
                        for key, value in zip(written.keys, written.values, strict=True):
                            listed = _makes_a_list(value) or (isinstance(value, ast.Name) and value.id in lists)
                            if isinstance(key, ast.Constant) and listed:
                                found[key.value] = f"{path}:{value.lineno}"
    return found


def test_every_key_recorded_with_a_list_is_read_as_a_list_not_a_change():
    """A key recorded with a list of two things would otherwise read "From ‘one’
    to ‘other’": each such key is named in ``presenters.LISTS`` (a list of
    lists, an audit's priorities before and after, is a change whatever its key)."""
    from maca.audit_trail.presenters import LISTS

    missing = {key: where for key, where in _list_valued_keys().items() if key not in LISTS}
    assert not missing, f"Add these keys to audit_trail.presenters.LISTS: {missing}"


def test_a_return_saved_with_two_answers_changed_lists_the_two_answers(world, client_for):
    """The answers a save changed are a list: two of them are not a change
    from the first question to the second."""
    from maca.returns.models import Return
    from maca.returns.tests.builders import audit_with_returns, save

    audit = audit_with_returns(world)
    ret = Return.objects.filter(audit=audit, agency=world.police).order_by("audit_case__number").first()
    save(ret, world["auditor"], {"info_grade": "good", "health_involved": "yes"})
    event = AuditEvent.objects.filter(action="return.saved").latest("pk")
    page = _entry(client_for(world["admin"]), event)
    assert "Changed Health involved, Info grade" in page
    assert "From ‘Health involved’" not in page
