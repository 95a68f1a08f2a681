"""A page sent twice (a double click, a box posted twice) saves once; a page
saved after its finding was removed says so."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from maca.findings import services
from maca.findings.models import FindingTag
from maca.selection.models import Assignment
from maca.tests.forms_shown import fields_shown
from maca.tests.page import Page, words_shown

pytestmark = pytest.mark.django_db

FED_BACK = "Shared the finding on fathers with the team; they will see fathers at each visit."


def _finding(world, audit, case):
    return services.finding_create(
        actor=world["qa"].user,
        audit=audit,
        audit_case=case,
        agency=world.police,
        text="Fathers were not seen by the social worker.",
    )


def test_a_theme_ticked_twice_in_what_is_sent_is_confirmed_once(world, audit, case, qa):
    finding = _finding(world, audit, case)
    url = reverse("findings:finding", args=[audit.pk, finding.pk])
    opened = Page(qa.get(url).content.decode())

    response = qa.post(
        url, {"version": opened.value("version"), "polarity": "concern", "themes": ["think_family", "think_family"]}
    )

    assert response.status_code == 302
    again = Page(qa.get(url).content.decode())
    assert again.checked("themes") == {"think_family"}
    assert again.checked("polarity") == {"concern"}
    assert FindingTag.objects.filter(finding=finding).count() == 1


def test_themes_given_twice_to_the_service_make_one_tag_each(world, audit, case):
    finding = _finding(world, audit, case)
    services.finding_confirm_tags(
        actor=world["qa"].user,
        finding=finding,
        polarity="concern",
        theme_keys=["think_family", "voice_of_child", "think_family"],
        expected_version=finding.version,
    )
    assert sorted(FindingTag.objects.filter(finding=finding).values_list("theme__key", flat=True)) == [
        "think_family",
        "voice_of_child",
    ]


def test_feedback_sent_twice_by_a_double_click_is_recorded_once(world, audit, case, client_for):
    lead = client_for(world["lead"])
    assignment = Assignment.objects.get(audit_case=case, agency=world.police)
    url = reverse("findings:feedback_new", args=[assignment.pk])
    today = timezone.localdate()
    sent = {
        "what_was_fed_back": FED_BACK,
        "given_to": "Response team sergeants",
        "given_on-day": str(today.day),
        "given_on-month": str(today.month),
        "given_on-year": str(today.year),
    }

    first, second = lead.post(url, sent), lead.post(url, sent)

    assert first.status_code == second.status_code == 302
    shown = words_shown(lead.get(url).content.decode())
    assert shown.count(FED_BACK) == 1


def test_themes_saved_after_the_finding_was_removed_say_it_was_removed(world, audit, case, qa):
    finding = _finding(world, audit, case)
    url = reverse("findings:finding", args=[audit.pk, finding.pk])
    opened = Page(qa.get(url).content.decode())
    services.finding_remove(
        actor=world["admin"].user, finding=finding, reason="Said twice", expected_version=finding.version
    )

    response = qa.post(url, {"version": opened.value("version"), "polarity": "concern", "themes": ["think_family"]})

    assert response.status_code == 302
    assert response["Location"] == reverse("findings:case", args=[audit.pk, case.pk])
    shown = words_shown(qa.get(response["Location"]).content.decode())
    assert "The themes have not been saved: the finding was removed while the page was open." in shown
    assert not FindingTag.objects.filter(finding=finding).exists()


def test_a_finding_changed_after_it_was_removed_says_so_and_keeps_the_words_typed(world, audit, case, qa):
    finding = _finding(world, audit, case)
    url = reverse("findings:finding_edit", args=[audit.pk, finding.pk])
    opened = Page(qa.get(url).content.decode())
    services.finding_remove(
        actor=world["admin"].user, finding=finding, reason="Said twice", expected_version=finding.version
    )
    typed = "Checks with the school were not made before the strategy meeting."
    response = qa.post(
        url, {"version": opened.value("version"), "kind": opened.value("kind") or "finding", "text": typed}
    )
    assert response.status_code == 200
    page = response.content.decode()
    shown = words_shown(page)
    assert "Your changes have not been saved: the finding was removed while you were editing it." in shown
    assert fields_shown(page)["text"].chosen == [typed]
    edit_form = next(form for form in page.split("<form")[1:] if 'name="text"' in form).split("</form>", 1)[0]
    assert 'type="submit"' not in edit_form  # nothing to save it to
