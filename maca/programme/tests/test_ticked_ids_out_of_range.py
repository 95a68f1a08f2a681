"""A list of check boxes posted with a value no id can have (forged, or
longer than the database's largest number) is refused with the field's
message, not an error page; nothing is saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.core.forms import ManyRecordsField
from maca.partnerships.models import Agency
from maca.programme.tests.factories import AuditFactory
from maca.tests.page import Page, words_shown

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999999"


@pytest.mark.parametrize("value", [HUGE, "²", "-1", "1.5", "one"])
def test_a_value_that_is_no_id_is_refused_with_the_fields_message(world, value):
    field = ManyRecordsField(
        queryset=Agency.objects.filter(partnership=world.partnership),
        error_messages={"invalid_pk_value": "Choose agencies from the list"},
    )
    with pytest.raises(Exception) as refused:
        field.clean([str(world.police.pk), value])
    assert refused.value.messages == ["Choose agencies from the list"]


def test_the_scrutineers_page_refuses_a_huge_id_and_saves_nothing(world, client_for):
    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user)
    client = client_for(world["qa"])
    url = reverse("programme:audit_scrutineers", args=[audit.pk])
    page = Page(client.get(url).content.decode())
    response = client.post(
        url, {"version": page.value("version"), "started": page.value("started"), "scrutineers": [HUGE]}
    )
    assert response.status_code == 200
    assert "There is a problem Choose scrutineers from the list" in words_shown(response.content.decode())
    assert audit.scrutineers.count() == 0
