"""Found walking each role's home page: a care board's lead could not tell
its own return from its practice's for the same case, and the case lists
panel named a list's status in other words than the page it links to."""

from __future__ import annotations

import html
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maca.accounts.roles import Role
from maca.accounts.tests.factories import MembershipFactory, UserFactory, give_authenticator
from maca.cases.tests.factories import child_row, import_rows, uploaded_case_import
from maca.partnerships.presenters import agency_name
from maca.returns.tests.builders import audit_with_returns


def _home(client) -> str:
    response = client.get(reverse("home:index"))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _section(page: str, title: str) -> str:
    sections = re.findall(r"<section\b.*?</section>", page, flags=re.S)
    found = [s for s in sections if re.search(rf">{re.escape(title)}</h2>", s)]
    assert found, f"no panel {title!r}"
    return found[0]


def _words(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


def _links(page: str, title: str) -> list[str]:
    """The link of each item of one panel, as a person reads it."""
    return [_words(a) for a in re.findall(r"<li\b[^>]*>\s*<a\b[^>]*>(.*?)</a>", _section(page, title), re.S)]


def _items(page: str, title: str) -> list[str]:
    """Each item of one panel, its link and the line under it, as a person reads them."""
    return [_words(li) for li in re.findall(r"<li\b.*?</li>", _section(page, title), re.S)]


def test_a_care_boards_lead_can_tell_its_own_return_from_its_practices_for_the_same_case(world, client_for):
    audit = audit_with_returns(world, cases=1, agencies=[world.health, world.gp_practice])
    links = _links(_home(client_for(world["health_lead"])), "Not started yet")

    # Both read "<audit>: Case 1", with nothing to tell them apart.
    assert sorted(links) == sorted(
        [f"{audit.title}: Case 1", f"{audit.title}: Case 1 ({agency_name(world.gp_practice)})"]
    )


def test_a_care_boards_auditor_can_tell_its_own_return_from_its_practices_too(world, client_for):
    audit = audit_with_returns(world, cases=1, agencies=[world.health, world.gp_practice])
    user = UserFactory(email="ash@testshire.example", full_name="Ash Auditor")
    give_authenticator(user)
    auditor = MembershipFactory(user=user, partnership=world.partnership, role=Role.AGENCY_AUDITOR, agency=world.health)
    links = _links(_home(client_for(auditor)), "Your audits")

    assert sorted(links) == sorted(
        [
            f"{audit.title}: Case 1 – Not started",
            f"{audit.title}: Case 1 ({agency_name(world.gp_practice)}) – Not started",
        ]
    )


def test_the_police_lead_sees_their_own_returns_without_their_agency_named_again(world, client_for):
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    assert _links(_home(client_for(world["lead"])), "Not started yet") == [f"{audit.title}: Case 1"]


def test_the_case_lists_panel_names_a_lists_status_as_the_case_lists_page_does(world, client_for):
    qa = world["qa"]
    failed = import_rows(world.partnership, [child_row(DOB="not a date"), child_row("F-2", "C-2", DOB="nor this")])
    waiting = uploaded_case_import(partnership=world.partnership, actor=qa.user)
    client = client_for(qa)
    items = _items(_home(client), "Case lists")
    listed = " ".join(re.sub(r"<[^>]+>", " ", client.get(reverse("cases:imports")).content.decode()).split())

    # It said "Not imported: the file has errors" and "Waiting for column
    # mapping"; the page it links to says "Not imported", "2 problems" and
    # "Needs column mapping".
    assert items[0].startswith(waiting.filename) and items[0].endswith(": Needs column mapping")
    assert items[1].startswith(failed.filename) and items[1].endswith(": Not imported 2 problems found")
    assert "Needs column mapping" in listed and "Not imported 2 problems" in listed


def test_the_home_page_never_reads_a_waiting_case_lists_stored_file(world, client_for):
    qa = world["qa"]
    uploaded_case_import(partnership=world.partnership, actor=qa.user)
    client = client_for(qa)
    with CaptureQueriesContext(connection) as captured:
        _home(client)
    reads = [q["sql"] for q in captured.captured_queries if 'FROM "cases_caseimport"' in q["sql"]]
    assert reads
    assert not [sql for sql in reads if '"cases_caseimport"."content"' in sql]
