"""Two people at once: the QA officer writes an action from a recommendation
(or a finding) while someone else withdraws the recommendation (or removes
the finding).

Found on a walk: the raise form, sent after that, answered "Page not found",
and everything the QA officer had typed was lost. Now the form comes back with
what was typed and says why nothing was raised, as an action's own forms do
when the action moved on while they were open; nothing is raised."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

from django.urls import reverse
from django.utils import timezone

from maca.actions.models import Action
from maca.actions.tests.builders import audit_with_recommendations
from maca.actions.tests.test_corrections import html
from maca.findings.models import Finding, Recommendation, RecommendationStatus


def _error_summary(page: str) -> str:
    """The words of the page's error summary."""
    summary = re.search(r'<div class="govuk-error-summary".*?</div>\s*</div>', page, re.S)
    assert summary, "no error summary on the page"
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", summary.group(0))).split())


def _form(world, audit) -> dict:
    due = dt.date.today() + dt.timedelta(days=60)
    return {
        "title": "Fathers seen at every visit",
        "text": "Health visitors ask to meet the father at the first visit.",
        "measure": "A sample of 20 records in June.",
        "owner_agency": world.police.pk,
        "owner": world["lead"].user.pk,
        "priority": "high",
        "audit": audit.pk,
        "due_on-day": due.day,
        "due_on-month": due.month,
        "due_on-year": due.year,
    }


def test_a_recommendation_withdrawn_while_the_form_was_open(world, client_for):
    audit, _finding, (recommendation, _), _theme = audit_with_recommendations(world)
    qa = client_for(world["qa"])
    url = reverse("actions:raise_from_recommendation", args=[recommendation.pk])
    assert qa.get(url).status_code == 200
    when = timezone.now()
    Recommendation.objects.filter(pk=recommendation.pk).update(
        status=RecommendationStatus.WITHDRAWN, withdrawn_at=when, withdrawn_reason="Merged with the other one."
    )
    response = qa.post(url, _form(world, audit))
    assert response.status_code == 200
    page = html(response)
    message = (
        f"This recommendation was withdrawn on {timezone.localdate(when):%-d %B %Y}, so no action can be raised from it"
    )
    assert message in _error_summary(page)
    # What was typed is kept, to copy; nothing was raised.
    assert "Fathers seen at every visit" in page
    assert "Health visitors ask to meet the father at the first visit." in page
    assert not Action.objects.exists()
    # The way back to the audit's actions, not a button that can only be refused again.
    assert "Raise the action" not in page
    assert f'href="{reverse("actions:audit", args=[audit.pk])}">Back to the audit’s actions</a></p>' in page
    # Opened afresh, a withdrawn recommendation still has no raise form.
    assert qa.get(url).status_code == 404


def test_a_finding_removed_while_the_form_was_open(world, client_for):
    audit, finding, _recommendations, _theme = audit_with_recommendations(world)
    qa = client_for(world["qa"])
    url = reverse("actions:raise_from_finding", args=[finding.pk])
    assert qa.get(url).status_code == 200
    when = timezone.now()
    Finding.objects.filter(pk=finding.pk).update(removed_at=when)
    response = qa.post(url, _form(world, audit))
    assert response.status_code == 200
    page = html(response)
    message = f"This finding was removed on {timezone.localdate(when):%-d %B %Y}, so no action can be raised from it"
    assert message in _error_summary(page)
    assert "Fathers seen at every visit" in page
    assert not Action.objects.exists()
    assert qa.get(url).status_code == 404


def test_a_concern_made_a_strength_while_the_form_was_open(world, client_for):
    audit, finding, _recommendations, _theme = audit_with_recommendations(world)
    qa = client_for(world["qa"])
    url = reverse("actions:raise_from_finding", args=[finding.pk])
    assert qa.get(url).status_code == 200
    Finding.objects.filter(pk=finding.pk).update(polarity="strength")
    response = qa.post(url, _form(world, audit))
    assert response.status_code == 200
    page = html(response)
    assert (
        "This finding has been made a strength since the page was opened, so no action can be raised from it"
        in _error_summary(page)
    )
    assert "Fathers seen at every visit" in page
    assert not Action.objects.exists()
    # Opened afresh, a strength has no raise form.
    assert qa.get(url).status_code == 404


def test_a_finding_or_recommendation_not_of_the_partnership_is_still_not_found(world, client_for):
    audit, _finding, _recommendations, _theme = audit_with_recommendations(world)
    qa = client_for(world["qa"])
    absent = reverse("actions:raise_from_finding", args=[999999])
    assert qa.post(absent, _form(world, audit)).status_code == 404
    missing = reverse("actions:raise_from_recommendation", args=[999999])
    assert qa.post(missing, _form(world, audit)).status_code == 404
