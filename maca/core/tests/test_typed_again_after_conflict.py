"""After a conflict, a form of words the person typed is shown again with
their words, pointed at the version saved meanwhile, and with the page's
message on the form or on one field."""

from __future__ import annotations

from types import SimpleNamespace

from django import forms
from django.http import QueryDict

from maca.core.concurrency import EditConflict, typed_again_after_conflict
from maca.core.forms import VersionedForm


class ReasonForm(VersionedForm):
    reason = forms.CharField(label="Reason")


class ScopedReasonForm(ReasonForm):
    """A form that needs more than the data, as some pages' forms do."""

    def __init__(self, data, *, prefix_text: str):
        super().__init__(data)
        self.prefix_text = prefix_text


def _posted(reason: str = "My own words\nover two lines", version: int = 3) -> QueryDict:
    data = QueryDict(mutable=True)
    data.update({"version": str(version), "reason": reason})
    data._mutable = False  # as request.POST is
    return data


def _conflict(version: int) -> EditConflict:
    return EditConflict(SimpleNamespace(version=version), expected=3)


def test_the_person_s_words_are_kept_and_the_form_points_at_the_version_saved_now():
    posted = _posted()
    form = typed_again_after_conflict(ReasonForm, posted, _conflict(5))
    assert isinstance(form, ReasonForm) and form.is_bound
    assert form.is_valid(), form.errors
    assert form.cleaned_data["reason"] == "My own words\nover two lines"
    assert form.cleaned_data["version"] == 5
    assert 'value="5"' in str(form["version"])
    # What was submitted is left as it was.
    assert posted["version"] == "3"


def test_without_a_message_the_form_has_no_error():
    form = typed_again_after_conflict(ReasonForm, _posted(), _conflict(5))
    assert form.errors == {}


def test_a_message_is_added_to_the_whole_form():
    message = "Someone changed this draft since you opened this page. Check it, then discard it if you still want to."
    form = typed_again_after_conflict(ReasonForm, _posted(), _conflict(5), message)
    assert form.non_field_errors() == [message]
    assert not form.is_valid()
    assert form["reason"].value() == "My own words\nover two lines"


def test_a_message_is_added_to_the_field_named():
    form = typed_again_after_conflict(ReasonForm, _posted(), _conflict(4), "It has been signed off.", field="reason")
    assert form.errors == {"reason": ["It has been signed off."]}
    assert form.non_field_errors() == []
    # Still shown as the person typed it, and pointed at the version saved now.
    assert form["reason"].value() == "My own words\nover two lines"
    assert form["version"].value() == "4"


def test_the_page_s_own_way_of_building_its_form_is_used():
    form = typed_again_after_conflict(
        lambda data: ScopedReasonForm(data, prefix_text="kept"), _posted(reason="Mine"), _conflict(7)
    )
    assert isinstance(form, ScopedReasonForm) and form.prefix_text == "kept"
    assert form.cleaned_data == {"version": 7, "started": "", "reason": "Mine"}
