"""An agency lead's walk (third walk): the e-mail telling them of an
immediate concern is written as maca's pages are; a concern acknowledged
on another page while this one was open is said to be, not refused as if
the lead's role lacked it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.findings import services
from maca.notifications.models import SentEmail
from maca.tests.page import Page
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db


def test_the_concern_e_mail_writes_the_apostrophe_as_the_pages_do(world, case):
    services.concern_raise(
        actor=world["qa"].user, audit_case=case, agency=world.police, what_was_found="A child left alone."
    )
    body = SentEmail.objects.get(kind="immediate_concern").body
    assert "For the child’s privacy this e-mail does not say what was found." in body
    assert "'" not in body


# Acknowledging a concern acknowledged meanwhile ----------------------------------------------


def _raised(world, case):
    return services.concern_raise(
        actor=world["qa"].user, audit_case=case, agency=world.police, what_was_found="A child left alone."
    )


def _acknowledge_elsewhere(actor, concern, words: str):
    return services.concern_acknowledge(
        actor=actor, concern=concern, acknowledgement=words, expected_version=concern.version
    )


def test_acknowledging_from_a_second_tab_says_it_was_done_on_the_other_and_keeps_the_words(world, case, client_for):
    concern = _raised(world, case)
    lead = client_for(world["lead"])
    url = reverse("findings:concern", args=[concern.pk])
    opened = Page(lead.get(url).content.decode())  # this tab, opened before the other acknowledged
    _acknowledge_elsewhere(world["lead"].user, concern, "Visited the home.")

    response = lead.post(
        url, {"version": opened.value("version"), "started": opened.value("started"), "acknowledgement": "Rang MASH."}
    )
    assert response.status_code == 200
    text = words_of(response.content.decode())
    assert "This concern has already been acknowledged" in text
    assert "You acknowledged it on another page (another tab or window) on" in text
    assert "so what you wrote here has not been saved" in text
    assert "Rang MASH." in text  # to copy
    assert "Your role does not include this part of maca" not in text
    concern.refresh_from_db()
    assert concern.acknowledgement == "Visited the home."


def test_acknowledged_meanwhile_by_someone_else_names_them(world, case, client_for):
    concern = _raised(world, case)
    lead = client_for(world["lead"])
    url = reverse("findings:concern", args=[concern.pk])
    opened = Page(lead.get(url).content.decode())
    _acknowledge_elsewhere(world["admin"].user, concern, "Passed to the duty inspector.")

    response = lead.post(url, {"version": opened.value("version"), "acknowledgement": "Rang MASH."})
    text = words_of(response.content.decode())
    assert "Asha Admin acknowledged it on" in text
    assert "You acknowledged" not in text


def test_another_agencys_lead_is_still_refused(world, case, client_for):
    concern = _raised(world, case)
    _acknowledge_elsewhere(world["lead"].user, concern, "Visited the home.")
    url = reverse("findings:concern", args=[concern.pk])
    response = client_for(world["health_lead"]).post(url, {"acknowledgement": "Not ours."})
    assert response.status_code == 404


# Recording feedback -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "month", "year", "said"),
    [
        ("7", "12", "26", "The date feedback was given must include a year of 4 numbers"),
        ("7", "", "2026", "The date feedback was given must include a month"),
        ("31", "2", "2026", "The date feedback was given must be a real date: February 2026 has 28 days"),
        ("x", "2", "2026", "The date feedback was given must be a real date, written in numbers, for example 20 11"),
    ],
)
def test_a_feedback_date_written_wrongly_is_named_as_the_date_not_by_its_question(
    world, audit, client_for, day, month, year, said
):
    assignment = world.police.assignments.filter(audit_case__audit=audit).first()
    url = reverse("findings:feedback_new", args=[assignment.pk])
    data = {"what_was_fed_back": "Seeing fathers.", "given_on-day": day, "given_on-month": month, "given_on-year": year}
    text = words_of(client_for(world["lead"]).post(url, data).content.decode())
    assert f"There is a problem {said}" in text
    assert "When was it given? must" not in text
