"""In the demo's written-up audit, the recommendation the meeting confirmed on
think family is the one the page shows against that theme: a QA officer who
asks maca to propose recommendations is not given a second one on think family."""

import lxml.html
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from maca.accounts.models import User
from maca.accounts.tests.factories import sign_in_with_second_factor
from maca.demo.publications import BABIES_AUDIT, RECOMMENDATION
from maca.programme.models import Audit


def _card(client, audit, theme_name):
    doc = lxml.html.fromstring(client.get(reverse("findings:across_cases", args=[audit.pk])).content.decode())
    for card in doc.xpath('//div[contains(@class, "govuk-summary-card")]'):
        if card.xpath("string(.//h3)").startswith(f"{theme_name}:"):
            return card
    raise AssertionError(f"no card for {theme_name}")


def test_the_written_up_audits_recommendation_on_think_family_is_shown_with_that_theme(db):
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    audit = Audit.objects.get(partnership__slug="wyvernshire", title=BABIES_AUDIT)
    client = sign_in_with_second_factor(Client(), User.objects.get(email="qa@wyvernshire.example"))

    card = _card(client, audit, "Think family")
    assert "Confirmed" in card.text_content()
    link = card.xpath('.//a[starts-with(normalize-space(.), "Recommendation on think family")]/@href')
    assert link, card.text_content()
    page = lxml.html.fromstring(client.get(link[0]).content.decode())
    assert RECOMMENDATION in page.xpath("string(//main)")

    client.post(reverse("findings:propose_recommendations", args=[audit.pk]))
    texts = [r.text for r in audit.recommendations.all()]
    assert sum("think family" in text.lower() for text in texts) == 0, texts
    assert texts.count(RECOMMENDATION) == 1
