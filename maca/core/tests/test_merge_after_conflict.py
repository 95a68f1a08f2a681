"""After a conflict, each field is settled on its own: the person's change is
kept, what they did not touch takes the value saved meanwhile, ticked boxes
are merged box by box, and a field both changed is named."""

from __future__ import annotations

import datetime as dt

from django import forms

from maca.core.concurrency import merge_after_conflict
from maca.core.forms import GovukDateField, VersionedForm


class PlanForm(VersionedForm):
    title = forms.CharField(label="Title")
    notes = forms.CharField(label="Notes", required=False)
    due = GovukDateField(label="Due date", required=False)
    tags = forms.MultipleChoiceField(
        label="Tags", choices=[(x, x) for x in "abcd"], required=False, widget=forms.CheckboxSelectMultiple
    )


OPENED = {"title": "Plan", "notes": "First notes", "due": dt.date(2026, 12, 1), "tags": ["a", "b"], "version": 1}


def _posted(**changes) -> PlanForm:
    started = PlanForm(initial=OPENED)["started"].value()
    data = {
        "version": "1",
        "started": started,
        "title": "Plan",
        "notes": "First notes",
        "due-day": "1",
        "due-month": "12",
        "due-year": "2026",
        "tags": ["a", "b"],
    } | changes
    form = PlanForm(data)
    assert form.is_valid(), form.errors
    return form


def test_what_the_person_changed_is_kept_and_the_rest_is_as_saved_meanwhile():
    form = _posted(notes="My notes")
    now = OPENED | {"title": "Their title", "due": dt.date(2027, 1, 5), "version": 2}
    merged = merge_after_conflict(form, now, version=2)
    assert merged.initial["notes"] == "My notes"
    assert merged.initial["title"] == "Their title"
    assert merged.initial["due"] == dt.date(2027, 1, 5)
    assert merged.initial["version"] == 2 and merged.both_changed == []
    again = PlanForm(initial=merged.initial)
    assert again["title"].value() == "Their title" and again["notes"].value() == "My notes"


def test_ticked_boxes_are_merged_box_by_box():
    form = _posted(tags=["a", "c"])  # the person unticked b and ticked c
    merged = merge_after_conflict(form, OPENED | {"tags": ["a", "b", "d"]}, version=2)  # they ticked d
    assert merged.initial["tags"] == ["a", "c", "d"]


def test_a_field_both_changed_keeps_the_persons_value_and_is_named():
    form = _posted(title="My title")
    merged = merge_after_conflict(form, OPENED | {"title": "Their title"}, version=2)
    assert merged.initial["title"] == "My title"
    assert merged.both_changed == ["Title"]
    assert "You both changed ‘Title’: yours is shown, with theirs under it." in merged.message("this plan")


def test_without_the_values_it_was_opened_with_every_difference_is_named():
    form = _posted(started="", notes="My notes")
    merged = merge_after_conflict(form, OPENED | {"title": "Their title"}, version=2)
    assert merged.initial["title"] == "Plan" and merged.initial["notes"] == "My notes"
    assert sorted(merged.both_changed) == ["Notes", "Title"]


def test_a_tampered_start_counts_as_none():
    form = _posted(started="not-signed", title="My title")
    assert merge_after_conflict(form, OPENED, version=2).both_changed == ["Title"]


def test_what_was_saved_meanwhile_is_shown_under_the_field_in_words(db):
    from maca.core.form_rendering import as_read, render_field
    from maca.partnerships.models import Partnership

    form = _posted(title="Mine", tags=["a", "b", "c"])
    merged = merge_after_conflict(form, {**OPENED, "title": "Theirs <b>", "version": 2}, version=2)
    shown = merged.shown_on(PlanForm(initial=merged.initial))
    under_title = render_field(shown["title"])
    assert 'id="id_title-saved-meanwhile"' in under_title and "Theirs &lt;b&gt;" in under_title
    assert "saved-meanwhile" not in render_field(shown["notes"])  # only where both changed

    ticked = forms.BooleanField(required=False)
    assert (as_read(ticked, True), as_read(ticked, False)) == ("Ticked", "Not ticked")
    assert as_read(PlanForm.base_fields["due"], dt.date(2027, 3, 7)) == "7 March 2027"
    assert as_read(PlanForm.base_fields["tags"], ["c", "a"]) == "a, c"
    partnerships = [Partnership.objects.create(name=f"P{n}", short_name=f"P{n}", slug=f"p{n}") for n in (1, 2, 3)]
    chosen = forms.ModelMultipleChoiceField(queryset=Partnership.objects.order_by("name"))
    assert as_read(chosen, [partnerships[2], partnerships[0].pk]) == "P1, P3"
    one = forms.ModelChoiceField(queryset=Partnership.objects.order_by("name"))
    assert as_read(one, partnerships[1]) == "P2"
