"""What every persona gets from every URL of the project.

Each app declares its own URLs in ``maca/<app>/tests/url_expectations.py``
(an ``EXPECTATIONS`` dict, using the helpers below); the cross-cutting ones
(sign-in, the Django admin) are declared here. The records URLs point at come
from ``maca/<app>/tests/matrix_fixtures.py`` (a ``build(world)`` returning a
dict of named records).

The permission-matrix test walks every URL pattern and fails when one has no
entry here, so a new view cannot ship without a declared answer for each role,
for a lead of another agency of the same partnership and for a user of another
partnership.

Statuses: 200 allowed; 302 redirected (anonymous to sign-in); 403 the role may
not use the page; 404 the record is outside the person's partnership or agency
(or the page needs a partnership the person does not have); 405 wrong method;
410 a used or expired link.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ALL = ("anonymous", "admin", "qa", "lead", "auditor", "health_lead", "board", "scrutineer", "outsider")
MEMBERS = ("admin", "qa", "lead", "auditor", "health_lead", "board", "scrutineer", "outsider")


def only(
    *allowed: str,
    other: int = 403,
    outsider: int | None = None,
    other_agency: int | None = None,
    anonymous: int = 302,
    ok: int = 200,
):
    """``allowed`` personas get ``ok``; other members ``other``; the outsider
    ``outsider`` (default: as a member of their own partnership would, i.e. 404
    for records of another partnership).

    ``health_lead`` is an agency lead of another agency (the care board) in the
    same partnership; the records URLs point at belong to the police. By
    default they get 404 where the police lead is allowed a record (``outsider``
    404), and otherwise what the police lead gets; a page another agency may
    open must say so with ``other_agency``."""
    result = {"anonymous": anonymous}
    for persona in MEMBERS:
        result[persona] = ok if persona in allowed else other
    if outsider is not None:
        result["outsider"] = outsider
    if other_agency is None:
        other_agency = 404 if "lead" in allowed and outsider == 404 else result["lead"]
    result["health_lead"] = other_agency
    return result


def everyone(status: int = 200, anonymous: int = 302) -> dict[str, int]:
    return {"anonymous": anonymous, **dict.fromkeys(MEMBERS, status)}


@dataclass
class Expect:
    statuses: dict[str, int]
    kwargs: Callable[[Any], dict] = field(default=lambda fixtures: {})
    method: str = "get"
    data: Callable[[Any], dict] = field(default=lambda fixtures: {})
    why: str = ""


# Every URL name in the project. Prefix entries ("admin:") cover a whole third-party namespace.
EXPECTATIONS: dict[str, Expect] = {
    # core
    "core:health": Expect(everyone(anonymous=200)),
    "core:accessibility": Expect(everyone(anonymous=200)),
    "core:privacy": Expect(everyone(anonymous=200)),
    # your own account
    "accounts:account": Expect(everyone()),
    "accounts:switch_partnership": Expect(everyone()),
    "accounts:keep_alive": Expect(
        everyone(anonymous=200),
        method="post",
        why="Renews a session and says how long it has; signed out, it says so (the time-out warning).",
    ),
    "accounts:signed_out": Expect(
        everyone(status=302, anonymous=200),
        why="Says why someone was signed out; a session still alive goes back to work.",
    ),
    "accounts:accept_invitation": Expect(
        everyone(status=410, anonymous=410),
        kwargs=lambda f: {"token": "not-a-real-token"},
        why="A broken link says so, to anyone.",
    ),
    # people
    "accounts:members": Expect(only("admin", "outsider")),
    "accounts:invite": Expect(only("admin", "outsider")),
    "accounts:member": Expect(only("admin", outsider=404), kwargs=lambda f: {"pk": f.membership.pk}),
    "accounts:deactivate_member": Expect(only("admin", outsider=404), kwargs=lambda f: {"pk": f.membership.pk}),
    "accounts:reactivate_member": Expect(
        only("admin", outsider=404, ok=302),
        kwargs=lambda f: {"pk": f.membership.pk},
        method="post",
        data=lambda f: {"version": f.membership.version},
    ),
    "accounts:revoke_invitation": Expect(
        only("admin", outsider=404, ok=302), kwargs=lambda f: {"pk": f.invitation.pk}, method="post"
    ),
    "accounts:resend_invitation": Expect(
        only("admin", outsider=404, ok=302), kwargs=lambda f: {"pk": f.invitation.pk}, method="post"
    ),
    # agencies
    "partnerships:agencies": Expect(only("admin", "outsider")),
    "partnerships:create": Expect(only("admin", "outsider")),
    "partnerships:edit": Expect(only("admin", outsider=404), kwargs=lambda f: {"pk": f.agency.pk}),
    "partnerships:set_status": Expect(
        only("admin", outsider=404, ok=302),
        kwargs=lambda f: {"pk": f.agency.pk},
        method="post",
        data=lambda f: {"version": 999},
    ),
    # data retention
    "retention:settings": Expect(only("admin", "outsider")),
    # audit log and e-mail
    "audit_trail:events": Expect(only("admin", "outsider")),
    "audit_trail:event": Expect(only("admin", outsider=404), kwargs=lambda f: {"pk": f.audit_event.pk}),
    "audit_trail:events_export": Expect(
        only("admin", "outsider"),
        kwargs=lambda f: {"fmt": "csv"},
        why="Each partnership's admin downloads their own partnership's log.",
    ),
    "notifications:emails": Expect(only("admin", "outsider")),
    "notifications:email": Expect(only("admin", outsider=404), kwargs=lambda f: {"pk": f.email.pk}),
    # allauth: sign-in pages are public; signed-in people are sent on to their home page.
    "account_login": Expect({"anonymous": 200, **dict.fromkeys(MEMBERS, 302)}),
    "account_logout": Expect(everyone(status=200, anonymous=302)),
    "account_inactive": Expect(everyone(anonymous=200)),
    "account_signup": Expect({"anonymous": 200, **dict.fromkeys(MEMBERS, 302)}),
    "account_reauthenticate": Expect(everyone()),
    "account_change_password": Expect(everyone()),
    "account_reset_password": Expect(everyone(anonymous=200)),
    "account_reset_password_done": Expect(everyone(anonymous=200)),
    "account_reset_password_from_key": Expect(
        everyone(anonymous=200),
        kwargs=lambda f: {"uidb36": "0", "key": "bad-key"},
        why="An unknown reset key shows the 'bad token' page.",
    ),
    "account_reset_password_from_key_done": Expect(everyone(anonymous=200)),
    "mfa_index": Expect(everyone()),
    "mfa_authenticate": Expect(everyone(status=302, anonymous=302), why="Only during a sign-in."),
    "mfa_reauthenticate": Expect({**everyone(), "board": 302}, why="Without an authenticator, the password page."),
    "mfa_activate_totp": Expect(everyone(status=302), why="Everyone here already has an authenticator."),
    "mfa_deactivate_totp": Expect(
        {**everyone(status=302), "board": 404},
        why="Asks to confirm the password first; the board member has no authenticator to switch off.",
    ),
    # Recovery codes ask to confirm the password first (a signed-in session is not enough).
    "mfa_view_recovery_codes": Expect({**everyone(status=302), "board": 404}),
    "mfa_generate_recovery_codes": Expect({**everyone(status=302), "board": 302}),
    "mfa_download_recovery_codes": Expect({**everyone(status=302), "board": 404}),
    # The Django admin is for platform operators only (is_staff); nobody in a partnership is one.
    "admin:": Expect(
        everyone(status=302), why="Sent to the admin's sign-in, which is the product's (and refuses non-operators)."
    ),
}


def _app_modules(name: str):
    """Each maca app's ``tests/<name>.py`` and ``tests/<name>_*.py`` modules."""
    import importlib
    from pathlib import Path

    from django.apps import apps

    for app in apps.get_app_configs():
        if not app.name.startswith("maca."):
            continue
        folder = Path(app.path) / "tests"
        for path in sorted([*folder.glob(f"{name}.py"), *folder.glob(f"{name}_*.py")]):
            yield importlib.import_module(f"{app.name}.tests.{path.stem}")


def all_expectations() -> dict[str, Expect]:
    merged = dict(EXPECTATIONS)
    for module in _app_modules("url_expectations"):
        clashes = set(merged) & set(module.EXPECTATIONS)
        assert not clashes, f"{module.__name__} declares URLs already declared: {sorted(clashes)}"
        merged.update(module.EXPECTATIONS)
    return merged


# The e-mail backend every test has (``maca/conftest.py``), for records built outside a test.
STORED_EMAIL = "maca.notifications.backends.StoredEmailBackend"


def refresh_all(world, records) -> None:
    """Read every record of ``world`` and ``records`` again from the database,
    so that what an earlier, undone test changed in memory is not carried on."""
    from django.core.exceptions import ObjectDoesNotExist
    from django.db.models import Model

    found: list[Model] = [
        world.partnership,
        world.other_partnership,
        world.police,
        world.health,
        world.gp_practice,
        world.other_agency,
    ]
    for persona in world.personas.values():
        found += [persona.user, persona.membership]
    found += [value for value in vars(records).values() if isinstance(value, Model)]
    for instance in found:
        # A record a fixture removed on purpose stays as it was.
        with contextlib.suppress(ObjectDoesNotExist):
            instance.refresh_from_db()


def build_fixtures(world, base: dict):
    """Every app's matrix fixtures, as one namespace (``f.audit``, ``f.case``...)."""
    from types import SimpleNamespace

    records = dict(base)
    for module in _app_modules("matrix_fixtures"):
        records.update(module.build(world))
    return SimpleNamespace(**records)
