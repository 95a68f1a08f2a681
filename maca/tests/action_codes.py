"""Every audit-log action code the code base can record, found by reading its
source (not by running it), for maca/tests/test_audit_log_sentences.py.

- ``record(..., action="case.viewed")``: the code itself;
- a helper with a parameter called ``action`` (``_record_case_viewed(request,
  "case_agencies.viewed", ...)``): the string given for that parameter,
  positionally or by name;
- ``action="a.b" if x else "a.c"``: both;
- ``action=f"reminder.{kind}"``: a family, whose members the test names.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the maca package


@dataclass
class Found:
    codes: dict[str, str] = field(default_factory=dict)  # code -> where first seen
    families: dict[str, str] = field(default_factory=dict)  # f-string's fixed start -> where
    unknown: list[str] = field(default_factory=list)  # an action given in a way this reader cannot follow


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts or path.name.startswith("test_"):
            continue
        yield path


def _action_helpers(tree) -> dict[str, int | None]:
    """Functions of a module taking ``action``: name -> its positional index."""
    helpers = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names = [a.arg for a in node.args.posonlyargs + node.args.args]
            kwonly = [a.arg for a in node.args.kwonlyargs]
            if "action" in names:
                helpers[node.name] = names.index("action")
            elif "action" in kwonly:
                helpers[node.name] = None
    return helpers


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _takes_action_parameter(tree, call) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(n is call for n in ast.walk(node)):
            params = [a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs]
            if "action" in params:
                return True
    return False


def action_codes() -> Found:
    found = Found()
    for path in _sources():
        tree = ast.parse(path.read_text(), filename=str(path))
        helpers = {"record": None, **_action_helpers(tree)}
        where = str(path.relative_to(ROOT.parent))
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            name = _callee(call)
            if name not in helpers:
                continue
            given = next((k.value for k in call.keywords if k.arg == "action"), None)
            index = helpers[name]
            if given is None and index is not None:
                offset = 1 if isinstance(call.func, ast.Attribute) and index > 0 else 0
                position = index - offset if name != "record" else None
                if position is not None and position < len(call.args):
                    given = call.args[position]
            if given is None:
                continue  # a call that does not name an action (another function of the same name)
            choices = [given.body, given.orelse] if isinstance(given, ast.IfExp) else [given]
            for given in choices:
                _note(found, tree, call, given, where)
    return found


def _note(found: Found, tree, call, given, where: str) -> None:
    if isinstance(given, ast.Constant) and isinstance(given.value, str):
        found.codes.setdefault(given.value, where)
    elif isinstance(given, ast.JoinedStr):
        start = given.values[0]
        prefix = start.value if isinstance(start, ast.Constant) else ""
        found.families.setdefault(prefix, where)
    elif isinstance(given, ast.Name) and given.id == "action" and _takes_action_parameter(tree, call):
        pass  # passed on from the helper's own parameter: its callers are read above
    else:
        found.unknown.append(f"{where}:{call.lineno}")
