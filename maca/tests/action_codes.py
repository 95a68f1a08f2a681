"""Every audit-log action code the code base can record, found by reading its
source (not by running it), for maca/tests/test_audit_log_sentences.py.

- ``record(..., action="case.viewed")``, or ``record_each(...)`` (one event
  on each of many records): the code itself;
- a helper with a parameter called ``action`` that it passes on to
  ``record`` (or to another such helper of its module):
  ``_record_case_viewed(request, "case_agencies.viewed", ...)``: the string
  given for that parameter, positionally or by name. A function whose
  ``action`` goes nowhere near the log is not a helper: in the action plan an
  "action" is the record itself (``status_tag(action)``,
  ``_send(action=action, ...)``), and a view helper may take the step it runs
  (``_step(request, pk, action=lambda ...)``); those write no audit code, and
  every ``record(...)`` call they make is still read for its own code;
- ``action="a.b" if x else "a.c"``: both;
- ``action=f"reminder.{kind}"``: a family, whose members the test names;
- a helper imported from another module of the code base
  (``from ._shared import _viewed``) counts as a helper where it is imported.
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


_NO_ACTION = -1
# What writes to the log itself (``maca.audit_trail.services``); their ``action`` is keyword-only.
BASES = ("record", "record_each")


def _action_parameter(node) -> int | None:
    """Where a function takes ``action``: its positional index, None if
    keyword-only, ``_NO_ACTION`` if it takes none."""
    names = [a.arg for a in node.args.posonlyargs + node.args.args]
    if "action" in names:
        return names.index("action")
    return None if "action" in [a.arg for a in node.args.kwonlyargs] else _NO_ACTION


def _action_helpers(tree) -> dict[str, int | None]:
    """Functions of a module that pass their ``action`` parameter on to
    ``record`` (directly or through another such function): name -> the
    parameter's positional index."""
    takers = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            takers.setdefault(node.name, []).append(node)
    helpers: dict[str, int | None] = dict.fromkeys(BASES)
    grew = True
    while grew:
        grew = False
        for name, nodes in takers.items():
            if name in helpers:
                continue
            for node in nodes:
                index = _action_parameter(node)
                if index != _NO_ACTION and any(_passes_action_on(call, helpers) for call in _calls_in(node)):
                    helpers[name] = index
                    grew = True
                    break
    return helpers


def _calls_in(node):
    return (n for n in ast.walk(node) if isinstance(n, ast.Call))


def _passes_action_on(call: ast.Call, helpers: dict[str, int | None]) -> bool:
    """``call`` hands on the name ``action`` as the action of a helper."""
    name = _callee(call)
    if name not in helpers:
        return False
    given = _given_action(call, name, helpers[name])
    choices = [given.body, given.orelse] if isinstance(given, ast.IfExp) else [given]
    return any(isinstance(g, ast.Name) and g.id == "action" for g in choices)


def _given_action(call: ast.Call, name: str, index: int | None):
    """What a call gives for the helper's ``action`` parameter (None: nothing)."""
    given = next((k.value for k in call.keywords if k.arg == "action"), None)
    if given is None and index is not None:
        offset = 1 if isinstance(call.func, ast.Attribute) and index > 0 else 0
        position = index - offset if name not in BASES else None
        if position is not None and position < len(call.args):
            given = call.args[position]
    return given


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


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported_helpers(tree, module: str, is_package: bool, helpers_of: dict[str, dict]) -> dict[str, int | None]:
    """Helpers this module imports from another module of the code base
    (``from ._shared import _viewed``), under the name it uses for them."""
    imported: dict[str, int | None] = {}
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level:
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            source = f"{base}.{node.module}" if node.module else base
        else:
            source = node.module or ""
        theirs = helpers_of.get(source, {})
        for alias in node.names:
            if alias.name not in BASES and alias.name in theirs:
                imported[alias.asname or alias.name] = theirs[alias.name]
    return imported


def action_codes() -> Found:
    found = Found()
    modules = []
    for path in _sources():
        source = path.read_text()
        modules.append((path, source, ast.parse(source, filename=str(path))))
    helpers_of = {_module_name(path): _action_helpers(tree) for path, _, tree in modules}
    for path, source, tree in modules:
        imported = _imported_helpers(tree, _module_name(path), path.name == "__init__.py", helpers_of)
        read_module(found, source, str(path.relative_to(ROOT.parent)), imported_helpers=imported)
    return found


def read_module(
    found: Found, source: str, where: str, *, imported_helpers: dict[str, int | None] | None = None
) -> Found:
    """Add what one module's source records to ``found``; ``imported_helpers``
    are helpers that the module imports from another (name -> the position of
    their ``action`` parameter)."""
    tree = ast.parse(source, filename=where)
    helpers = {**(imported_helpers or {}), **_action_helpers(tree)}
    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
        name = _callee(call)
        if name not in helpers:
            continue
        given = _given_action(call, name, helpers[name])
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
