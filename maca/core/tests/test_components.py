import datetime as dt

import pytest
from django import forms
from django.template import Context, Template

from maca.core.components import macro_name, render_component
from maca.core.form_rendering import error_summary_params, render_field
from maca.core.forms import GovukDateField


def test_component_names_map_to_the_design_system_macros():
    assert macro_name("summary-list") == "govukSummaryList"
    assert macro_name("button") == "govukButton"


def test_components_escape_text_and_keep_safe_html():
    html = render_component("inset-text", {"text": "<script>alert(1)</script>"})
    assert "&lt;script&gt;" in html
    assert "<script>" not in html


def test_govuk_tag_builds_nested_parameters():
    html = Template('{% govuk "input" name="q" id="q" label__text="Search cases" %}').render(Context())
    assert '<label class="govuk-label" for="q">' in html
    assert "Search cases" in html


class ExampleForm(forms.Form):
    name = forms.CharField(label="Name", error_messages={"required": "Enter a name"})
    when = GovukDateField(label="Meeting date")
    choice = forms.ChoiceField(label="Kind", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)


def test_error_summary_links_to_the_first_input_of_each_field():
    form = ExampleForm({"when-day": "31", "when-month": "2", "when-year": "2026"})
    assert not form.is_valid()
    summary = error_summary_params(form)
    hrefs = {item["href"]: item["text"] for item in summary["errorList"]}
    assert hrefs["#id_name"] == "Enter a name"
    assert hrefs["#id_when-day"] == "Meeting date must be a real date: February 2026 has 28 days"
    assert "#id_choice" in hrefs


def test_field_errors_are_shown_next_to_the_field():
    form = ExampleForm({})
    form.is_valid()
    html = render_field(form["name"])
    assert "govuk-form-group--error" in html
    assert "Enter a name" in html


@pytest.mark.parametrize(
    ("parts", "error"),
    [
        (("", "3", "2026"), "Meeting date must include a day"),
        (("1", "", ""), "Meeting date must include a month and year"),
        (("1", "x", "2026"), "Meeting date must be a real date, written in numbers, for example 27 3 2026"),
        (("1", "13", "2026"), "Meeting date must be a real date: the month must be a number from 1 to 12"),
        (("30", "2", "2028"), "Meeting date must be a real date: February 2028 has 29 days"),
        (("1", "3", "26"), "Meeting date must include a year of 4 numbers"),
    ],
)
def test_date_field_says_what_is_wrong(parts, error):
    dates = dict(zip(["when-day", "when-month", "when-year"], parts, strict=True))
    form = ExampleForm({"name": "x", "choice": "a", **dates})
    assert not form.is_valid()
    assert form.errors["when"] == [error]


def _boxes_in_red(html: str) -> list[str]:
    import re

    return [
        name
        for name in ("day", "month", "year")
        if re.search(rf'class="[^"]*govuk-input--error[^"]*" id="id_when-{name}"', html)
    ]


class WhenInTheFutureForm(ExampleForm):
    def clean_when(self):
        when = self.cleaned_data["when"]
        if when and when < dt.date(2026, 1, 1):
            raise forms.ValidationError("Meeting date must be in 2026 or later")
        return when


@pytest.mark.parametrize(
    ("parts", "in_red", "linked"),
    [
        (("", "3", "2026"), ["day"], "#id_when-day"),
        (("1", "", "2026"), ["month"], "#id_when-month"),
        (("1", "", ""), ["month", "year"], "#id_when-month"),
        (("1", "x", "2026"), ["month"], "#id_when-month"),
        (("1", "13", "2026"), ["month"], "#id_when-month"),
        (("30", "2", "2028"), ["day"], "#id_when-day"),
        (("1", "3", "26"), ["year"], "#id_when-year"),
        (("1", "3", "2025"), ["day", "month", "year"], "#id_when-day"),  # wrong as a whole
    ],
)
def test_only_the_boxes_at_fault_are_outlined_and_linked_to(parts, in_red, linked):
    dates = dict(zip(["when-day", "when-month", "when-year"], parts, strict=True))
    form = WhenInTheFutureForm({"name": "x", "choice": "a", **dates})
    assert not form.is_valid()
    html = render_field(form["when"])
    assert _boxes_in_red(html) == in_red
    assert [item["href"] for item in error_summary_params(form)["errorList"]] == [linked]
    # What was typed is shown back in every box, faulty or not.
    for name, typed in zip(("day", "month", "year"), parts, strict=True):
        if typed:
            assert f'id="id_when-{name}" name="when-{name}" type="text" value="{typed}"' in html


def test_date_field_accepts_a_real_date_and_redisplays_it():
    form = ExampleForm({"name": "x", "choice": "a", "when-day": "7", "when-month": "3", "when-year": "2027"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["when"] == dt.date(2027, 3, 7)
    html = render_field(form["when"])
    assert 'value="2027"' in html


def test_two_notification_banners_on_one_page_have_titles_of_their_own():
    import re

    page = Template(
        '{% govuk "notification-banner" type="success" text="Saved." %}'
        '{% govukblock "notification-banner" titleText="Importing" %}<p>Checking every row.</p>{% endgovukblock %}'
    ).render(Context())
    title_ids = re.findall(r'<h2 class="govuk-notification-banner__title" id="([^"]+)"', page)
    labelled_by = re.findall(r'aria-labelledby="([^"]+)"', page)
    assert len(title_ids) == 2 and len(set(title_ids)) == 2
    assert labelled_by == title_ids
    # The same banner gets the same id every time; an id given is kept.
    again = render_component("notification-banner", {"type": "success", "text": "Saved."})
    assert f'id="{title_ids[0]}"' in again
    given = render_component("notification-banner", {"text": "Sent back.", "titleId": "sent-back-title"})
    assert 'id="sent-back-title"' in given
