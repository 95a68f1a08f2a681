"""Every form that posts carries the partnership its page was opened in
(``{% opened_in_partnership %}`` beside ``{% csrf_token %}``, or
``maca.core.opened_in.opened_in_field`` in a form built in Python), so that a
page left open in one partnership never saves into another
(``maca.accounts.middleware.OpenedInPartnershipMiddleware``). A new form
without it fails here, unless it posts to a page tied to no partnership.

Three checks, from what is written to what the browser gets:

- the templates: every ``<form`` (whatever its attributes, template code
  included) and every ``hx-post`` (put, patch, delete) or ``formmethod="post"``;
- the forms built in Python: each module that builds one is listed, with the
  page that shows it, and the function that builds it takes the field;
- the pages as people see them: every page of the permission matrix, opened
  by the people who may open it, and every form in its HTML that posts. This
  sees what the templates cannot: a form drawn by a component or by Python,
  a field in an included template, a tag that draws nothing for want of the
  request.

Forms tied to no partnership post to the pages the middleware never refuses
(``middleware.NOT_TIED_TO_A_PARTNERSHIP``: signing in and out, passwords and
the second factor, switching partnership, accepting an invitation): one list
for the middleware and for these checks."""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve, reverse

import maca
from maca.accounts.middleware import NOT_TIED_TO_A_PARTNERSHIP
from maca.core.opened_in import FIELD
from maca.tests.test_permission_matrix import (  # noqa: F401  (fixtures: built once for this module too)
    _built,
    _representative_names,
    all_url_names,
    expectation_for,
    fixtures,
    world,
)

ROOT = Path(maca.__file__).parent

# ---------------------------------------------------------------------------
# The templates
# ---------------------------------------------------------------------------

# Templates whose forms post where the template does not say (to their own
# page, or to an address in a variable), on pages tied to no partnership.
# Each is checked to carry no partnership. A form whose address is written
# ``{% url 'name' %}`` with a name the middleware never refuses needs no entry.
TEMPLATES_TIED_TO_NO_PARTNERSHIP = {
    # Setting a new password from the e-mailed link (its address is a variable).
    "accounts/templates/account/password_reset_from_key.html",
    # allauth draws the forms of its own pages (the second factor, recovery
    # codes) with this element: method and address are variables. The pages
    # are walked below, as the browser gets them.
    "accounts/templates/allauth/elements/form.html",
    # The platform admin, for operators; it works in no partnership.
    "accounts/templates/admin/mfa/authenticator/reset.html",
    # Accepting an invitation: it works in the invitation's partnership.
    "accounts/templates/accounts/invitation_accept.html",
    "accounts/templates/accounts/invitation_existing_user.html",
    # Switching partnership: the way back from a page left open.
    "accounts/templates/accounts/switch_partnership.html",
}

CARRIES = re.compile(r"\{%-?\s*opened_in_partnership\s*-?%\}")
FORM_OPENS = re.compile(r"<form\b", re.I)
FORM_CLOSES = re.compile(r"</form\s*>", re.I)
# What posts without being a form's method: htmx on any element (the form
# itself included), a button's own method.
ELEMENT_POSTS = re.compile(
    r"""\bhx-(?:post|put|patch|delete)\s*=\s*(?P<quote>["']?)(?P<address>.*?)(?P=quote)(?=[\s>/])"""
    r"""|\bformmethod\s*=\s*["']?post""",
    re.I | re.S,
)
INCLUDE = re.compile(r"""\{%-?\s*include\s+(?P<quote>["'])(?P<name>[^"']+)(?P=quote)""")
URL_NAME = re.compile(r"""^\s*\{%\s*url\s+(?P<quote>["'])(?P<name>[^"']+)(?P=quote)[^%]*%\}\s*$""")
TEMPLATE_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def _template_files() -> dict[str, str]:
    """Every template of maca, by its name as ``{% include %}`` writes it
    (``returns/section.html``)."""
    found = {}
    for path in sorted(ROOT.glob("*/templates/**/*.html")):
        found[str(path.relative_to(ROOT))] = path.read_text()
    return found


def _tag_end(text: str, start: int) -> int:
    """Where the HTML tag opened at ``start`` ends: at the first ``>`` that
    is neither in template code (``{{ }}``, ``{% %}``, ``{# #}``, where a
    ``>`` may compare) nor in a quoted value."""
    index, quote = start + 1, None
    while index < len(text):
        pair = text[index : index + 2]
        if pair in ("{{", "{%", "{#"):
            close = text.find({"{{": "}}", "{%": "%}", "{#": "#}"}[pair], index + 2)
            if close < 0:
                return len(text)
            index = close + 2
            continue
        char = text[index]
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == ">":
            return index + 1
        index += 1
    return len(text)


def _attribute(tag: str, name: str) -> str | None:
    """The value of an attribute as written (template code and all), or None.
    Template code is blanked first, so an attribute written inside it
    (``{% if x %}method="post"{% endif %}``) is not taken for the tag's own."""
    blank = TEMPLATE_CODE.sub(lambda code: "\0" * len(code.group()), tag)
    match = re.search(rf"""[\s"'\0]{name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", blank, re.I)
    if match is None:
        return None
    begin, end = match.span(match.lastindex)
    return tag[begin:end]


def _posts(tag: str) -> bool:
    """Whether a form's tag may post: its method is ``post``, or written by
    the template (a variable, a tag, ``<form {{ attrs }}>``), or it has none
    while template code in the tag could give it one."""
    method = _attribute(tag, "method")
    if method is None:
        return "{{" in tag or "{%" in tag
    if "{" in method:
        return True
    return method.strip().lower() == "post"


def _goes_nowhere_in_a_partnership(address: str | None) -> bool:
    """An address written ``{% url 'name' %}`` with a name the middleware never refuses."""
    match = URL_NAME.match(address or "")
    return match is not None and match["name"] in NOT_TIED_TO_A_PARTNERSHIP


def _forms(text: str):
    """Each ``<form`` of a template: where it starts, its tag, where its body
    ends (its ``</form>``, or the template's end when another template closes it)."""
    for opening in FORM_OPENS.finditer(text):
        tag_end = _tag_end(text, opening.start())
        closing = FORM_CLOSES.search(text, tag_end)
        yield opening.start(), text[opening.start() : tag_end], tag_end, closing.start() if closing else len(text)


def _carries(name: str, templates: dict[str, str], body: str, seen: frozenset = frozenset()) -> bool:
    """Whether ``body`` (of template ``name``) draws the field, itself or
    through a template it includes by name."""
    if CARRIES.search(body):
        return True
    for include in INCLUDE.finditer(body):
        included = _by_include_name(include["name"], templates)
        if included and included not in seen and _carries(included, templates, templates[included], seen | {name}):
            return True
    return False


def _by_include_name(include_name: str, templates: dict[str, str]) -> str | None:
    return next((name for name in templates if name.endswith(f"/templates/{include_name}")), None)


def _line(text: str, at: int) -> int:
    return text[:at].count("\n") + 1


def forms_without_their_partnership(templates: dict[str, str]) -> list[str]:
    """``template:line`` of each form that may post and does not carry the field."""
    missing = []
    for name, text in templates.items():
        if name in TEMPLATES_TIED_TO_NO_PARTNERSHIP:
            continue
        for start, tag, tag_end, body_end in _forms(text):
            if not (_posts(tag) or ELEMENT_POSTS.search(tag)):
                continue
            addresses = [_attribute(tag, "action")] if _posts(tag) else []
            addresses += [element["address"] for element in ELEMENT_POSTS.finditer(tag) if element["address"]]
            if addresses and all(_goes_nowhere_in_a_partnership(address) for address in addresses):
                continue
            if not _carries(name, templates, text[tag_end:body_end]):
                missing.append(f"{name}:{_line(text, start)}")
    return missing


def _inside_a_form_that_carries(name: str, templates: dict[str, str], at: int, seen: frozenset = frozenset()) -> bool:
    """Whether position ``at`` of template ``name`` is in a form (its tag
    included) that carries the field; or, outside any form, the template is
    included, and only ever inside such a form."""
    text = templates[name]
    for start, _tag, tag_end, body_end in _forms(text):
        if start <= at < body_end:
            return _carries(name, templates, text[tag_end:body_end])
    include_name = name.split("/templates/", 1)[1]
    sites = [
        (includer, include.start())
        for includer, other in templates.items()
        for include in INCLUDE.finditer(other)
        if include["name"] == include_name and includer not in seen
    ]
    return bool(sites) and all(
        _inside_a_form_that_carries(includer, templates, site, seen | {name}) for includer, site in sites
    )


def elements_that_post_without_their_partnership(templates: dict[str, str]) -> list[str]:
    """``template:line`` of each ``hx-post`` (put, patch, delete) or
    ``formmethod="post"`` not in a form that carries the field. (htmx sends
    the form an element is in, and the element's own values otherwise.)"""
    missing = []
    for name, text in templates.items():
        if name in TEMPLATES_TIED_TO_NO_PARTNERSHIP:
            continue
        for element in ELEMENT_POSTS.finditer(text):
            if element["address"] is not None and _goes_nowhere_in_a_partnership(element["address"]):
                continue
            if not _inside_a_form_that_carries(name, templates, element.start()):
                missing.append(f"{name}:{_line(text, element.start())}")
    return missing


def test_every_template_form_that_may_post_carries_its_partnership():
    missing = forms_without_their_partnership(_template_files())
    assert not missing, "Forms that may post without {% opened_in_partnership %}: " + ", ".join(missing)


def test_every_element_that_posts_is_in_a_form_that_carries_its_partnership():
    """An ``hx-post`` (or a button's ``formmethod="post"``) sends the form it
    is in, if any: that form must carry the field, and there must be one."""
    missing = elements_that_post_without_their_partnership(_template_files())
    assert not missing, "Posts not from a form with {% opened_in_partnership %}: " + ", ".join(missing)


def test_the_template_scan_finds_what_it_must():
    def forms(text, **others):
        return forms_without_their_partnership({"a/templates/a/page.html": text, **others})

    def elements(text, **others):
        return elements_that_post_without_their_partnership({"a/templates/a/page.html": text, **others})

    tag = "{% csrf_token %}{% opened_in_partnership %}"
    # Whatever writes the method, or the whole tag.
    for opening in (
        '<form method="post">',
        "<form METHOD=POST>",
        '<form method="{% if x %}post{% endif %}">',
        '<form method="{{ method }}">',
        "<form {{ attrs }}>",
        '<form {% if x > 1 %}class="a"{% endif %} method="post">',
        '<form\n  action="{% url "x:y" %}"\n  method="post"\n>',
        '<form hx-post="/x/">',
    ):
        assert forms(f"{opening}<input></form>") == ["a/templates/a/page.html:1"], opening
        assert not forms(f"{opening}{tag}</form>"), opening
    # A form that only gets, and says so, needs no field.
    assert not forms('<form method="get"><input></form>')
    assert not forms('<form class="x"><input></form>')
    assert not forms('<form {% if x %}class="a"{% endif %} method="get"><input></form>')
    # The field drawn by an included template (by name), or by one it includes.
    assert not forms(
        '<form method="post">{% include "a/_fields.html" %}</form>',
        **{"a/templates/a/_fields.html": '{% include "a/_token.html" with x=1 %}', "b/templates/a/_token.html": tag},
    )
    assert forms('<form method="post">{% include fields %}</form>')
    # A form that posts to a page the middleware never refuses.
    assert not forms('<form method="post" action="{% url \'account_logout\' %}"></form>')
    assert forms('<form method="post" action="{% url \'partnerships:create\' %}"></form>')
    # An element that posts: in a form that carries the field, or in a
    # template included only inside one.
    assert elements('<div><button hx-post="/x/">Go</button></div>')
    assert elements('<form method="get"><button formmethod="post">Go</button></form>')
    assert not elements(f'<form method="get">{tag}<button formmethod="post">Go</button></form>')
    assert not elements(f'<form hx-post="/x/" hx-trigger="change">{tag}</form>')
    button = {"a/templates/a/_button.html": '<button hx-delete="/x/">Go</button>'}
    assert not elements(f'<form method="post">{tag}{{% include "a/_button.html" %}}</form>', **button)
    assert elements('<form method="post">{% include "a/_button.html" %}</form>', **button)
    assert elements("<p>Nothing includes the button</p>", **button)


def test_the_templates_tied_to_no_partnership_still_exist_and_carry_none():
    templates = _template_files()
    for name in TEMPLATES_TIED_TO_NO_PARTNERSHIP:
        assert any(_posts(tag) for _start, tag, _end, _body in _forms(templates[name])), name
        assert not _carries(name, templates, templates[name]), name


def test_the_pages_never_refused_are_pages():
    assert not NOT_TIED_TO_A_PARTNERSHIP - all_url_names()


# ---------------------------------------------------------------------------
# Forms built in Python
# ---------------------------------------------------------------------------

# Each module that builds a form in Python, and the pages (URL name) where
# the walk below sees it, with the URL name it posts to.
FORMS_BUILT_IN_PYTHON = {
    "accounts/presenters.py": {
        ("accounts:members", "accounts:resend_invitation"),
        ("accounts:members", "accounts:revoke_invitation"),
    },
    "notifications/views.py": {("notifications:emails", "notifications:retry")},
    "returns/tracking_presenters.py": {("returns:tracking", "returns:remind")},
}
# Modules whose ``<form`` reads forms, and builds none.
READS_FORMS = {
    "operations/smoke.py": "finds the reminder forms of the responses page, to send one",
}


def _python_forms():
    """Each non-test module with a string that writes ``<form``, and for each
    such string the function it is in (None at module level)."""
    found: dict[str, list[ast.AST | None]] = {}
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text()
        if not FORM_OPENS.search(text):
            continue
        tree = ast.parse(text)
        functions = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and FORM_OPENS.search(node.value):
                inside = [f for f in functions if f.lineno <= node.lineno <= (f.end_lineno or f.lineno)]
                found.setdefault(str(path.relative_to(ROOT)), []).append(
                    min(inside, key=lambda f: (f.end_lineno or 0) - f.lineno) if inside else None
                )
    return found


def _takes_the_field(function: ast.AST | None) -> bool:
    """The function calls ``opened_in_field`` or takes an ``opened_in`` argument and uses it."""
    if function is None:
        return False
    names = {node.id for node in ast.walk(function) if isinstance(node, ast.Name)}
    names |= {node.attr for node in ast.walk(function) if isinstance(node, ast.Attribute)}
    return "opened_in_field" in names or "opened_in" in names


def test_every_form_built_in_python_is_known_and_takes_its_partnership():
    """A module that writes ``<form`` is listed (with a page that shows the
    form, which the walk below must see carry the field), and the function
    that writes it draws the field or is handed it."""
    found = _python_forms()
    assert set(found) == set(FORMS_BUILT_IN_PYTHON) | set(READS_FORMS), (
        "List each module that builds a form in FORMS_BUILT_IN_PYTHON (with a page that shows it), "
        "or one that only reads forms in READS_FORMS"
    )
    missing = [
        f"{module}:{function.lineno if function else 0}"
        for module in FORMS_BUILT_IN_PYTHON
        for function in found[module]
        if not _takes_the_field(function)
    ]
    assert not missing, "Forms built in Python without maca.core.opened_in: " + ", ".join(missing)


# ---------------------------------------------------------------------------
# The pages, as the browser gets them
# ---------------------------------------------------------------------------

# Who opens each page: the first in each group who may. People of the same
# group see the same forms but for a few of their role's; between the groups
# the forms differ (an agency's return, chronology and actions to those who
# write them; the programme, the meeting and the people to the partnership's).
# Every form the walk finds with all six is found with these (about half the
# requests).
GROUPS = (("admin", "qa", "board", "scrutineer"), ("lead", "auditor"))
# An address that names a file (board-paper.pdf, export.xlsx) is a download:
# no form, and the slowest to make.
DOWNLOAD = re.compile(r"\.[a-z0-9]+$")


class _Forms(HTMLParser):
    """The forms of a page: for each, its method, where it posts (its action,
    and the addresses of htmx or a button's own post in it) and the values
    of the field; and what posts outside any form."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self.outside: list[str] = []
        self._by_id: dict[str, dict] = {}
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name.lower(): value or "" for name, value in attrs}
        owner = self._by_id.get(attributes["form"]) if attributes.get("form") else self._open
        if tag == "form":
            owner = self._open = {
                "method": attributes.get("method", "get").strip().lower(),
                "action": attributes.get("action", ""),
                "posts_to": [],
                "fields": [],
            }
            self.forms.append(owner)
            if attributes.get("id"):
                self._by_id[attributes["id"]] = owner
        addresses = [value for name, value in attributes.items() if name in HTMX_POSTS]
        if attributes.get("formmethod", "").strip().lower() == "post":
            addresses.append(attributes.get("formaction", owner["action"] if owner else ""))
        if tag == "input" and attributes.get("name") == FIELD and owner is not None:
            owner["fields"].append(attributes.get("value", ""))
        if owner is None:
            self.outside += addresses
        else:
            owner["posts_to"] += addresses

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = None


HTMX_POSTS = {"hx-post", "hx-put", "hx-patch", "hx-delete"}


def _url_name(address: str, page: str) -> str:
    path = urlsplit(address).path or page
    try:
        return resolve(path).view_name
    except Resolver404:
        return f"(no page: {path})"


def posting_forms(html: str, page: str):
    """Each form of ``html`` that posts: the URL names it posts to, and the
    values of the field it carries. An element that posts outside any form
    is a form of its own, with no field."""
    parsed = _Forms()
    parsed.feed(html)
    parsed.close()
    for form in parsed.forms:
        targets = {_url_name(address, page) for address in form["posts_to"]}
        if form["method"] == "post":
            targets.add(_url_name(form["action"], page))
        if targets:
            yield targets, form["fields"]
    for address in parsed.outside:
        yield {_url_name(address, page)}, []


def test_the_page_scan_finds_what_it_must():
    page = reverse("partnerships:create")
    field = f'<input type="hidden" name="{FIELD}" value="7">'
    assert list(posting_forms(f'<form method="post">{field}</form>', page)) == [({"partnerships:create"}, ["7"])]
    assert list(posting_forms('<form method="POST" action="/signed-out/"></form>', page)) == [
        ({"accounts:signed_out"}, [])
    ]
    assert not list(posting_forms('<form method="get"><input name="q"></form>', page))
    assert list(posting_forms('<form method="get"><button formmethod="post">Go</button></form>', page)) == [
        ({"partnerships:create"}, [])
    ]
    assert list(posting_forms('<div hx-post="/signed-out/"></div>', page)) == [({"accounts:signed_out"}, [])]
    owned = f'<form id="f" method="post"></form><input form="f" name="{FIELD}" value="7">'
    assert list(posting_forms(owned, page)) == [({"partnerships:create"}, ["7"])]


def test_every_form_that_posts_on_every_page_carries_its_partnership(world, fixtures, client_for):  # noqa: F811
    """Every page of the permission matrix, opened by the first person of
    each group who may open it: each form in its HTML that posts carries the
    partnership of the person who opened it, once, unless it posts only to
    pages tied to no partnership. Checked at a few seconds: one request per
    page and group, one session per person."""
    people = {persona: client_for(world[persona]) for group in GROUPS for persona in group}
    problems, seen = [], set()
    for name in _representative_names():
        expect = expectation_for(name)
        if name.startswith("admin:") or expect.method != "get":
            continue
        url = reverse(name, kwargs=expect.kwargs(fixtures))
        if DOWNLOAD.search(url):
            continue
        for group in GROUPS:
            persona = next((persona for persona in group if expect.statuses[persona] == 200), None)
            if persona is None:
                continue
            response = people[persona].get(url)
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            partnership = str(world[persona].membership.partnership_id)
            for targets, fields in posting_forms(response.content.decode(), url):
                seen |= {(name, target) for target in targets}
                if targets <= NOT_TIED_TO_A_PARTNERSHIP:
                    continue
                if fields != [partnership]:
                    problems.append(f"{name} as {persona}: a form to {sorted(targets)} carries {fields or 'nothing'}")
    assert not problems, "Forms that post without their partnership:\n" + "\n".join(sorted(set(problems)))
    # The forms built in Python were among those seen.
    unseen = sorted(pair for pairs in FORMS_BUILT_IN_PYTHON.values() for pair in pairs if pair not in seen)
    assert not unseen, f"The walk no longer sees these forms built in Python (page, where it posts): {unseen}"


# ---------------------------------------------------------------------------
# Scripts
# ---------------------------------------------------------------------------


def test_every_script_that_posts_a_form_of_its_own_is_known():
    """A script that builds or sends its own post: each one listed here was
    checked, and carries no partnership because what it posts is tied to none
    (the autosave posts its page's form, field and all, through htmx)."""
    checked = {
        "core/static/core/timeout.js": "signs out, or keeps the session alive",
    }
    posting = set()
    for path in sorted(ROOT.glob("*/static/**/*.js")):
        text = path.read_text()
        if re.search(r"""method\s*[:=]\s*["']post""", text, re.I):
            posting.add(str(path.relative_to(ROOT)))
    assert posting == set(checked)
