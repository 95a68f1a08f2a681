"""A deep dive's agency leads are told, in the e-mail that gives them their
cases, that their agency sends one summative report across those cases, not
a return for each case, and by when."""

from __future__ import annotations

import pytest

from maca.notifications.models import SentEmail
from maca.returns.tests.builders import audit_with_returns

pytestmark = pytest.mark.django_db


def _body_to(email: str) -> str:
    return SentEmail.objects.filter(kind="assignment", to=email).latest("pk").body


def test_a_deep_dive_lead_is_asked_for_one_summative_report(world):
    audit = audit_with_returns(world, cases=2, kind="deep_dive", tool_kind="summative", agencies=[world.police])
    body = _body_to(world["lead"].user.email)
    assert "has been asked to audit 2 cases" in body
    assert "your agency sends one summative report across its cases, not a return for each case" in body
    deadline = f"{audit.return_deadline:%-d %B %Y}"  # passed already: the e-mail says so
    assert (
        f"The deadline for the audit’s summative reports was {deadline}: please complete and submit your "
        "agency’s summative report as soon as you can" in body
    )
    assert "agency’s audits" not in body


def test_a_themed_audit_lead_is_asked_for_their_audits(world):
    audit = audit_with_returns(world, cases=2, agencies=[world.police])
    body = _body_to(world["lead"].user.email)
    assert "summative" not in body
    assert (
        f"The deadline for the audit’s returns was {audit.return_deadline:%-d %B %Y}: please complete and submit "
        "your agency’s audits as soon as you can" in body
    )
