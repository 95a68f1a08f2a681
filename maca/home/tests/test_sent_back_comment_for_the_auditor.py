"""An auditor whose return the QA officer sent back reads the QA officer's
comment on their home page, worded as on the agency lead's: a long comment
by its opening words, with the link to the return where it is read whole."""

from __future__ import annotations

import re

from django.urls import reverse

from maca.home.tests.test_home import _home, _police_returns, _submit
from maca.returns.services import return_review
from maca.returns.tests.builders import audit_with_returns

SHORT = "Add the strategy meeting of March."
LONG = " ".join(["The chronology stops in May,"] + ["please add the visits that followed"] * 10) + " ENDING."


def _send_back(world, return_record, comment):
    sent = _submit(world, return_record)
    qa = world["qa"]
    return return_review(
        actor=qa.user,
        membership=qa.membership,
        return_record=sent,
        accept=False,
        comment=comment,
        expected_version=sent.version,
    )


def _item(page: str, href: str) -> str:
    """The words of the home page's list item linking to ``href``."""
    found = re.search(rf'<li><a class="govuk-link" href="{re.escape(href)}">.*?</li>', page, flags=re.S)
    assert found, f"no item linking to {href}"
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(0)).split())


def test_the_auditor_reads_the_qa_officers_comment_as_the_lead_does(world, client_for):
    audit = audit_with_returns(world, cases=2, agencies=[world.police])
    first, second = _police_returns(audit)
    _send_back(world, first, SHORT)
    _send_back(world, second, LONG)
    auditor_page = _home(client_for(world["auditor"]))
    lead_page = _home(client_for(world["lead"]))
    for page in (auditor_page, lead_page):
        short = _item(page, reverse("returns:detail", args=[first.pk]))
        assert f"The QA officer’s comment: {SHORT}" in short
        long = _item(page, reverse("returns:detail", args=[second.pk]))
        assert "The QA officer’s comment: The chronology stops in May, please add" in long
        assert long.endswith("…") and "ENDING" not in long
    assert auditor_page.count("The QA officer’s comment:") == 2
