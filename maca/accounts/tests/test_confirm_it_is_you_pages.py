"""The GOV.UK error pattern on the pages that ask a signed-in person to
confirm it's them (password or authenticator code) and on a person's access
page: after a wrong answer the title starts "Error: " and the error summary
comes first in <main>, before the heading."""

from __future__ import annotations

import lxml.html
import pytest
from django.urls import reverse

from maca.accounts.tests.factories import PASSWORD


def _text(el) -> str:
    return " ".join(el.text_content().split())


def _page(response):
    assert response.status_code == 200, response.status_code
    return lxml.html.fromstring(response.content.decode())


def _summary_comes_before_the_h1(doc) -> bool:
    main = doc.xpath("//main")[0]
    order = list(main.iter())
    summary = main.xpath('.//*[@data-module="govuk-error-summary"]')[0]
    return order.index(summary) < order.index(main.xpath(".//h1")[0])


@pytest.mark.parametrize(
    ("name", "wrong_answer"),
    [("account_reauthenticate", {"password": "not-my-password"}), ("mfa_reauthenticate", {"code": "000000"})],
)
def test_a_wrong_answer_to_confirm_its_you_says_error_in_the_title_and_shows_the_summary_first(
    name, wrong_answer, world, client_for
):
    client = client_for(world["admin"])
    doc = _page(client.get(reverse(name)))
    assert _text(doc.xpath("//title")[0]).startswith("Confirm it’s you")
    assert _text(doc.xpath("//h1")[0]) == "Confirm it’s you"
    assert not doc.xpath('//*[@data-module="govuk-error-summary"]')

    doc = _page(client.post(reverse(name), wrong_answer))
    assert _text(doc.xpath("//title")[0]).startswith("Error: Confirm it’s you")
    assert _text(doc.xpath("//h1")[0]) == "Confirm it’s you"
    assert doc.xpath('//main//*[@data-module="govuk-error-summary"]'), "the page shows an error summary"
    assert _summary_comes_before_the_h1(doc)
    field = next(iter(wrong_answer))
    for link in doc.xpath('//*[@data-module="govuk-error-summary"]//a[@href]'):
        assert doc.xpath(f'//*[@id="{link.get("href")[1:]}"]'), f"{_text(link)!r} links to nothing on the page"
    assert doc.xpath(f'//input[@name="{field}"]')


def test_the_right_password_to_confirm_its_you_carries_on(world, client_for):
    client = client_for(world["admin"])
    next_url = reverse("home:index")
    response = client.post(f"{reverse('account_reauthenticate')}?next={next_url}", {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == next_url


def test_a_persons_access_page_puts_the_error_summary_first_and_says_error_in_the_title(world, client_for):
    client = client_for(world["admin"])
    membership = world["board"].membership
    url = reverse("accounts:member", args=[membership.pk])
    page = _page(client.get(url))
    version = page.xpath('//input[@name="version"]/@value')[0]
    started = page.xpath('//input[@name="started"]/@value')
    doc = _page(client.post(url, {"version": version, "started": started[0] if started else "", "role": ""}))
    assert _text(doc.xpath("//title")[0]).startswith(f"Error: {membership.user.full_name}")
    assert doc.xpath('//main//*[@data-module="govuk-error-summary"]')
    assert _summary_comes_before_the_h1(doc)
    assert len(doc.xpath('//*[@data-module="govuk-error-summary"]')) == 1
