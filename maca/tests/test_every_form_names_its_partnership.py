"""Every form that posts carries the partnership its page was opened in
(``{% opened_in_partnership %}`` beside ``{% csrf_token %}``, or
``maca.core.opened_in.opened_in_field`` in a form built in Python), so that a
page left open in one partnership never saves into another
(``maca.accounts.middleware.OpenedInPartnershipMiddleware``). A new form
without it fails here, unless it is one of the few tied to no partnership."""

from __future__ import annotations

import re
from pathlib import Path

import maca

ROOT = Path(maca.__file__).parent

# Forms tied to no partnership: never refused, so they carry none.
NOT_TIED_TO_A_PARTNERSHIP = {
    # Signing in and out, passwords, the second factor (allauth's pages).
    "accounts/templates/account/login.html",
    "accounts/templates/account/logout.html",
    "accounts/templates/account/password_change.html",
    "accounts/templates/account/password_reset.html",
    "accounts/templates/account/password_reset_from_key.html",
    "accounts/templates/account/reauthenticate.html",
    "accounts/templates/mfa/authenticate.html",
    "accounts/templates/mfa/reauthenticate.html",
    "accounts/templates/mfa/totp/activate_form.html",
    "accounts/templates/allauth/elements/form.html",
    # The platform admin, for operators.
    "accounts/templates/admin/mfa/authenticator/reset.html",
    # Accepting an invitation: it works in the invitation's partnership.
    "accounts/templates/accounts/invitation_accept.html",
    "accounts/templates/accounts/invitation_existing_user.html",
    # Switching partnership: the way back from a page left open.
    "accounts/templates/accounts/switch_partnership.html",
    # Signing out, on every page.
    "core/templates/layouts/base.html",
}

FORM = re.compile(r"<form\b(?P<attributes>[^>]*)>(?P<body>.*?)</form>", re.S | re.I)
POSTS = re.compile(r"""method\s*=\s*["']?post""", re.I)


def _templates():
    return sorted(ROOT.glob("*/templates/**/*.html"))


def _posting_forms(text: str):
    for match in FORM.finditer(text):
        # A method written by the template ({{ }} or {% %}) may be a post.
        if POSTS.search(match["attributes"]) or re.search(r"""method\s*=\s*["']?\{[{%]""", match["attributes"]):
            yield match


# What posts without being a form that posts: htmx on any element, a button's own method.
ELEMENT_POSTS = re.compile(r"""\bhx-(?:post|put|patch|delete)\s*=|\bformmethod\s*=\s*["']?post""", re.I)


def test_every_template_form_that_posts_carries_its_partnership():
    missing = []
    for path in _templates():
        name = str(path.relative_to(ROOT))
        if name in NOT_TIED_TO_A_PARTNERSHIP:
            continue
        text = path.read_text()
        for form in _posting_forms(text):
            if "{% opened_in_partnership %}" not in form["body"]:
                line = text[: form.start()].count("\n") + 1
                missing.append(f"{name}:{line}")
    assert not missing, "Forms without {% opened_in_partnership %}: " + ", ".join(missing)


def test_every_element_that_posts_is_in_a_form_that_carries_its_partnership():
    """An ``hx-post`` (or a button's ``formmethod="post"``) sends the form it
    is in, if any: that form must carry the field, and there must be one."""
    missing = []
    for path in _templates():
        name = str(path.relative_to(ROOT))
        if name in NOT_TIED_TO_A_PARTNERSHIP:
            continue
        text = path.read_text()
        forms = [
            (form.start(), form.end(), "{% opened_in_partnership %}" in form["body"]) for form in FORM.finditer(text)
        ]
        for element in ELEMENT_POSTS.finditer(text):
            if not any(start <= element.start() < end and carries for start, end, carries in forms):
                missing.append(f"{name}:{text[: element.start()].count(chr(10)) + 1}")
    assert not missing, "Posts not from a form with {% opened_in_partnership %}: " + ", ".join(missing)


def test_the_scan_finds_what_it_must():
    assert list(_posting_forms('<form method="{% if x %}post{% endif %}"></form>'))
    assert list(_posting_forms('<form METHOD="POST"></form>'))
    assert not list(_posting_forms('<form method="get"></form>'))
    assert ELEMENT_POSTS.search('<button hx-post="/x/">') and ELEMENT_POSTS.search('<button formmethod="post">')


def test_the_forms_tied_to_no_partnership_still_exist_and_carry_none():
    for name in NOT_TIED_TO_A_PARTNERSHIP:
        text = (ROOT / name).read_text()
        assert "<form" in text, name
        assert "opened_in_partnership" not in text, name


def test_every_form_built_in_python_carries_its_partnership():
    missing = []
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text()
        if re.search(r"""<form[^>]*method=["']?post""", text, re.I) and "opened_in" not in text:
            missing.append(str(path.relative_to(ROOT)))
    assert not missing, "Forms built in Python without maca.core.opened_in: " + ", ".join(missing)


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
