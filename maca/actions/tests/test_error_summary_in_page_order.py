"""The raise form's error summary lists its problems in the order of the
page's questions: an owner from another agency was listed after a due date
in the past, though the named owner is asked first."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from maca.actions.models import Action
from maca.actions.tests.test_corrections import error_links, html
from maca.actions.tests.test_walked_again import _date, _raise_form, _submission

pytestmark = pytest.mark.django_db


def test_an_owner_from_another_agency_is_listed_before_a_due_date_in_the_past(world, client_for):
    qa = client_for(world["qa"])
    form = {
        **_raise_form(world, _submission(html(qa.get(reverse("actions:raise"))))),
        "owner": world["health_lead"].user.pk,  # not of the police, the owner agency chosen
        **_date("due_on", dt.date.today() - dt.timedelta(days=1)),
    }
    page = html(qa.post(reverse("actions:raise"), form))
    assert list(error_links(page).items()) == [
        ("Select someone from the owner agency", "#id_owner"),
        ("The due date must be today or in the future", "#id_due_on-day"),
    ]
    assert not Action.objects.filter(partnership=world.partnership).exists()


def test_an_owner_from_another_agency_alone_is_still_refused(world, client_for):
    qa = client_for(world["qa"])
    form = {
        **_raise_form(world, _submission(html(qa.get(reverse("actions:raise"))))),
        "owner": world["health_lead"].user.pk,
    }
    page = html(qa.post(reverse("actions:raise"), form))
    assert error_links(page) == {"Select someone from the owner agency": "#id_owner"}
