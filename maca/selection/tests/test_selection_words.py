"""What the selection pages say (QA walk): GOV.UK words on the draw form,
nominations that say whose they are, references as the case list has them,
and reasons with their paragraphs. Checked by opening the pages."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from maca.selection.models import Nomination
from maca.selection.services import nomination_create, nomination_decide
from maca.selection.tests.builders import make_case
from maca.tests.page import words_shown


def shown(response) -> str:
    return words_shown(response.content.decode())


def paragraphs_in(page: str) -> list[str]:
    return [words_shown(p) for p in re.findall(r"<p\b[^>]*>(.*?)</p>", page, flags=re.S)]


# The draw form ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("open_within_months", "-2", "Enter 1 month or more for how recently cases were open, or leave it empty"),
        ("open_within_months", "121", "Enter 120 months or fewer for how recently cases were open, or leave it empty"),
        (
            "exclude_audited_within_months",
            "0",
            "Enter 1 month or more for leaving out audited cases, or leave it empty",
        ),
        (
            "exclude_audited_within_months",
            "500",
            "Enter 120 months or fewer for leaving out audited cases, or leave it empty",
        ),
        ("seed", "-1", "Enter a seed of 0 or more, or leave it empty"),
        ("size", "0", "Enter 1 case or more for the number of cases in the sample"),
        ("size", "501", "Enter 500 cases or fewer for the number of cases in the sample"),
        ("size", "six", "Enter the number of cases in the sample as a whole number, like 6"),
    ],
)
def test_numbers_out_of_range_on_the_draw_form_get_govuk_words(world, audit, client_for, field, value, message):
    data = {
        "size": "3",
        "allocation": "proportional",
        "open_within_months": "",
        "exclude_audited_within_months": "",
        "seed": "",
        field: value,
    }
    response = client_for(world["qa"]).post(reverse("selection:draw", args=[audit.pk]), data)
    assert response.status_code == 200
    words = shown(response)
    assert "There is a problem" in words
    assert words.count(message) == 2  # in the summary and by the field
    assert "Ensure this value" not in words


# Nominations --------------------------------------------------------------------------------


def test_the_nominate_page_title_names_the_audit_as_the_other_audit_pages_do(world, audit, client_for):
    page = client_for(world["lead"]).get(reverse("selection:nominate", args=[audit.pk])).content.decode()
    title = re.search(r"<title>(.*?)</title>", page, flags=re.S).group(1)
    assert " ".join(html.unescape(title).split()) == f"Nominate a case – {audit.title} – maca"


def test_an_agency_lead_with_no_nominations_is_told_it_is_their_agency_that_has_none(world, audit, client_for):
    case = make_case(world.partnership, agencies=[world.police])
    nomination_create(
        actor=world["lead"].user,
        audit=audit,
        case_reference=case.reference,
        reason="Three referrals",
        can_see_pool=False,
    )
    response = client_for(world["health_lead"]).get(reverse("selection:nominations", args=[audit.pk]))
    words = shown(response)
    assert "Your agency has not nominated any cases for this audit." in words
    assert "No cases have been nominated" not in words
    # The police lead sees their own nomination, with no empty actions column.
    police = client_for(world["lead"]).get(reverse("selection:nominations", args=[audit.pk])).content.decode()
    assert case.reference in words_shown(police)
    assert "Actions" not in words_shown(police) and 'govuk-visually-hidden">Actions' not in police
    # The audit lead decides from the same list.
    qa = shown(client_for(world["qa"]).get(reverse("selection:nominations", args=[audit.pk])))
    assert "Decide on " + case.reference in qa


def test_an_audit_with_no_nominations_says_so_to_the_audit_lead(world, audit, client_for):
    words = shown(client_for(world["qa"]).get(reverse("selection:nominations", args=[audit.pk])))
    assert "No cases have been nominated for this audit." in words


def test_a_reference_typed_in_other_capitals_is_kept_as_the_case_list_has_it(world, audit, client_for):
    case = make_case(world.partnership, agencies=[world.police])
    client = client_for(world["qa"])
    response = client.post(
        reverse("selection:nominate", args=[audit.pk]),
        {"case_reference": f"  {case.reference.lower()} ", "reason": "Three referrals"},
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.case == case and nomination.case_reference == case.reference
    words = shown(client.get(reverse("selection:nominations", args=[audit.pk])))
    assert case.reference in words and case.reference.lower() not in words


def test_an_agency_lead_s_reference_is_kept_as_the_case_list_has_it_once_decided(world, audit, client_for):
    case = make_case(world.partnership, agencies=[world.police])
    response = client_for(world["lead"]).post(
        reverse("selection:nominate", args=[audit.pk]),
        {"case_reference": case.reference.lower(), "reason": "Three referrals"},
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.case == case
    # The audit lead sees the reference as the case list has it.
    qa = client_for(world["qa"])
    page = shown(qa.get(reverse("selection:decide_nomination", args=[audit.pk, nomination.pk])))
    assert f"Decide the nomination of case {case.reference}" in page
    qa.post(reverse("selection:decide_nomination", args=[audit.pk, nomination.pk]), {"decision": "accept"})
    nomination.refresh_from_db()
    assert nomination.case_reference == case.reference
    words = shown(client_for(world["lead"]).get(reverse("selection:nominations", args=[audit.pk])))
    assert case.reference in words and case.reference.lower() not in words


def test_nomination_and_decline_reasons_keep_their_paragraphs(world, audit, client_for):
    case = make_case(world.partnership, agencies=[world.police])
    nomination = nomination_create(
        actor=world["lead"].user,
        audit=audit,
        case_reference=case.reference,
        reason="Three referrals in a year.\r\n\r\nNo <i>strategy</i> meeting.",
        can_see_pool=False,
    )
    qa = client_for(world["qa"])
    decide = qa.get(reverse("selection:decide_nomination", args=[audit.pk, nomination.pk])).content.decode()
    assert {"Three referrals in a year.", "No <i>strategy</i> meeting."} <= set(paragraphs_in(decide))
    assert "<i>strategy</i>" not in decide  # escaped
    nomination_decide(
        actor=world["qa"].user, nomination=nomination, accept=False, reason="Already reviewed.\n\nSee last year."
    )
    for persona in ("qa", "lead"):
        page = client_for(world[persona]).get(reverse("selection:nominations", args=[audit.pk])).content.decode()
        found = paragraphs_in(page)
        assert "Three referrals in a year." in found and "No <i>strategy</i> meeting." in found, persona
        assert "Already reviewed." in found and "See last year." in found, persona


# A draw's record ---------------------------------------------------------------------------


def test_a_draws_left_out_cases_say_which_of_the_pools_conditions_left_them_out(world, audit, client_for):
    """Stored with every draw, old ones too, as "outside the pool filter":
    the page says it in plain words, naming the pool's conditions."""
    from maca.cases.models import ServiceLevel
    from maca.selection.models import Draw
    from maca.selection.services import PoolFilter, draw_make

    for _ in range(3):
        make_case(world.partnership, service_level=ServiceLevel.CHILD_PROTECTION)
    make_case(world.partnership, service_level=ServiceLevel.EARLY_HELP)
    made = draw_make(
        actor=world["qa"].user,
        audit=audit,
        size=2,
        dimensions=[],
        allocation="proportional",
        seed=1,
        pool_filter=PoolFilter(
            open_within_months=12, service_levels=(ServiceLevel.CHILD_PROTECTION,), exclude_audited_within_months=None
        ),
    )
    # As a draw made before stored it: the words kept with it are not changed.
    Draw.objects.filter(pk=made.pk).update(
        exclusions={"outside the pool filter": 20, "taken out of this audit by hand": 1}
    )
    page = shown(client_for(world["qa"]).get(reverse("selection:draw_detail", args=[audit.pk, made.pk])))
    assert "pool filter" not in page
    assert (
        "Left out 20 cases not in the pool: they did not meet its conditions "
        "(open in the last 12 months; levels: Child protection); 1 case taken out of this audit by hand"
    ) in page
    assert Draw.objects.get(pk=made.pk).exclusions["outside the pool filter"] == 20
    # One case left out (the one at another level, as the draw itself stored it).
    Draw.objects.filter(pk=made.pk).update(exclusions={"outside the pool filter": 1})
    page = shown(client_for(world["qa"]).get(reverse("selection:draw_detail", args=[audit.pk, made.pk])))
    assert "Left out 1 case not in the pool: it did not meet its conditions" in page


# Taking a case out ---------------------------------------------------------------------------


def test_the_take_out_page_asks_why_the_case_is_taken_out_as_its_heading_and_button_say(world, audit, client_for):
    from maca.selection.tests.builders import draw_from_whole_pool

    make_case(world.partnership)
    draw_from_whole_pool(actor=world["qa"].user, audit=audit, size=1)
    audit_case = audit.audit_cases.current().get()
    client = client_for(world["qa"])
    url = reverse("selection:remove_case", args=[audit.pk, audit_case.pk])

    page = shown(client.get(url))
    # It asked "Why is this case being removed?" under "Take case 1 (…) out of the audit".
    assert f"Take case 1 ({audit_case.case.reference}) out of the audit" in page
    assert "Why is this case being taken out?" in page and "removed" not in page
    refused = shown(client.post(url, {"reason": ""}))
    assert "Enter why the case is being taken out" in refused and "removed" not in refused
