"""Each kind of field is drawn as the GOV.UK component a person expects, and a
re-opened form shows what was saved."""

from __future__ import annotations

from django import forms

from maca.core.form_rendering import render_field
from maca.tests.page import Page


class ChoicesForm(forms.Form):
    agencies = forms.MultipleChoiceField(
        label="Agencies",
        choices=[("police", "Police"), ("health", "Health"), ("school", "School"), ("housing", "Housing")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    decision = forms.ChoiceField(
        label="Decision", choices=[("accept", "Accept"), ("decline", "Decline")], widget=forms.RadioSelect
    )


def inputs(html: str) -> list[dict]:
    return Page(str(html)).inputs()


def test_a_multiple_choice_field_is_checkboxes_with_every_saved_choice_ticked():
    form = ChoicesForm(initial={"agencies": ["police", "school", "housing"]})
    boxes = inputs(render_field(form["agencies"]))
    assert {box["type"] for box in boxes} == {"checkbox"}
    assert {box["name"] for box in boxes} == {"agencies"}
    assert [box["value"] for box in boxes if "checked" in box] == ["police", "school", "housing"]


def test_submitted_choices_are_kept_when_the_form_is_shown_again():
    form = ChoicesForm({"agencies": ["health", "housing"]})
    boxes = inputs(render_field(form["agencies"]))
    assert [box["value"] for box in boxes if "checked" in box] == ["health", "housing"]


def test_a_single_choice_field_is_radios_with_the_saved_choice_chosen():
    form = ChoicesForm(initial={"decision": "decline"})
    radios = inputs(render_field(form["decision"]))
    assert {radio["type"] for radio in radios} == {"radio"}
    assert [radio["value"] for radio in radios if "checked" in radio] == ["decline"]
