"""Form pieces shared by every app: GOV.UK date input, edit-conflict detection and a field of several records."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError

from maca.core.concurrency import NOT_COMPARED, started_token
from maca.core.numbers import whole_number
from maca.core.presenters import in_sentence


class GovukDateInput(forms.MultiWidget):
    """Day, month and year boxes, as the GOV.UK date input pattern asks."""

    template_name = "django/forms/widgets/multiwidget.html"

    def __init__(self, attrs=None):
        super().__init__([forms.TextInput, forms.TextInput, forms.TextInput], attrs)

    def decompress(self, value):
        if isinstance(value, dt.date):
            return [str(value.day), str(value.month), str(value.year)]
        return ["", "", ""]

    def value_from_datadict(self, data, files, name):
        return [data.get(f"{name}-{part}", "").strip() for part in ("day", "month", "year")]

    def value_omitted_from_data(self, data, files, name):
        return not any(f"{name}-{part}" in data for part in ("day", "month", "year"))

    def parts_for(self, value) -> list[str]:
        if isinstance(value, list | tuple):
            return [str(v or "") for v in value]
        return self.decompress(value)


class GovukDateField(forms.Field):
    """A date entered as day, month and year, with the GOV.UK error messages."""

    widget = GovukDateInput

    def __init__(
        self, *, min_year: int = 1900, max_year: int = 2100, error_name: str = "", example: str = "27 3 2026", **kwargs
    ):
        self.min_year = min_year
        self.max_year = max_year
        self.error_name = error_name  # what messages call the date, when its label alone reads badly ("From")
        # The example a message gives ("for example 27 3 2026"); a form whose date
        # must be to come sets one to come, worked out from today, as its hint gives.
        self.example = example
        super().__init__(**kwargs)

    def to_python(self, value):
        """The date, or a ValidationError whose ``params["parts"]`` names the
        boxes at fault ("day", "month", "year"), so that only those are outlined
        in red, as the GOV.UK pattern asks; a date wrong as a whole names all three."""
        if isinstance(value, dt.date):
            return value
        parts = list(value or ["", "", ""])
        if not any(parts):
            return None
        label = self.error_name or str(self.label or "The date").strip()
        names = ("day", "month", "year")

        def refuse(message: str, *at_fault: str):
            return ValidationError(message, code="invalid", params={"parts": at_fault or names})

        missing = [name for name, part in zip(names, parts, strict=True) if not part]
        if missing:
            raise refuse(f"{label} must include a {' and '.join(missing)}", *missing)
        numbers = [whole_number(part, max_digits=8) for part in parts]
        not_numbers = [name for name, number in zip(names, numbers, strict=True) if number is None]
        if not_numbers:
            raise refuse(f"{label} must be a real date, written in numbers, for example {self.example}", *not_numbers)
        day, month, year = numbers
        if year < 1000:
            raise refuse(f"{label} must include a year of 4 numbers", "year")
        if not self.min_year <= year <= self.max_year:
            raise refuse(f"{label} must be between {self.min_year} and {self.max_year}", "year")
        if not 1 <= month <= 12:
            raise refuse(f"{label} must be a real date: the month must be a number from 1 to 12", "month")
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            raise refuse(f"{label} must be a real date: {calendar.month_name[month]} {year} has {days} days", "day")
        return dt.date(year, month, day)


class VersionedForm(forms.Form):
    """Carries the version of the record the user started editing.

    Services compare it with the stored version and refuse a save that would
    overwrite someone else's change (see ``maca.core.concurrency``).
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    # The values the form was opened with, signed: after a conflict, what the
    # person changed is told from what someone else changed
    # (``concurrency.merge_after_conflict``). Templates render it beside the version.
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and "started" not in self.initial:
            # Worked out when the page is drawn, once every field (some are added
            # by the form's own ``__init__``) has its initial value.
            self.fields["started"].initial = lambda: started_token(
                self.fields,
                {
                    name: self.get_initial_for_field(field, name)
                    for name, field in self.fields.items()
                    if name not in NOT_COMPARED
                },
            )


def normalise_line_breaks(value: str) -> str:
    """Windows (``\\r\\n``) and old Mac (``\\r``) line endings as ``\\n``."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def one_line(value: str) -> str:
    """``value`` with each run of line breaks (and tabs) as one space."""
    return re.sub(r"[\r\n\t\v\f\x85\u2028\u2029]+", " ", value).strip()


def _called(label) -> str:
    """What an error message calls a box from its label: "Description
    (optional)" is "Description"; a question ("Why?") is "Your answer"."""
    name = re.sub(r"\s*\([^)]*\)", "", str(label or "")).strip()
    if not name or name.endswith("?"):
        return "Your answer"
    return name


def null_character_message(what: str) -> str:
    """In place of Django's "Null characters are not allowed.": a null character
    cannot be seen (it comes with pasted text), so the person is told which box
    holds it. ``what``: the box's name as it starts a sentence ("The notes")."""
    return f"Remove the hidden character (a null character) from {in_sentence(what)}"


class GovukTextField(forms.CharField):
    """Text typed in a box, its line breaks stored as ``\\n``.

    A browser sends each line break in a textarea as ``\\r\\n``, two characters,
    while the GOV.UK character count (and the person) counts it as one: the
    length is checked after the line breaks are made one character each, so
    text the count says fits is taken. Too long, the message is the GOV.UK one,
    "[Name] must be 2,000 characters or fewer"; ``error_name`` is what it calls
    the text (the label when not given). A null character (invisible, it comes
    with pasted text) is refused with a message naming the box.
    """

    def __init__(self, *, error_name: str = "", **kwargs):
        super().__init__(**kwargs)
        if self.max_length is not None and "max_length" not in (kwargs.get("error_messages") or {}):
            name = error_name or _called(self.label)
            self.error_messages["max_length"] = f"{name} must be {self.max_length:,} characters or fewer"
            self.max_length_worded_from_label = True  # a form that names its fields may word it better
        if "null_characters_not_allowed" not in (kwargs.get("error_messages") or {}):
            called = _called(self.label)
            if called != "Your answer":
                called = f"The {in_sentence(called)}"
            self.error_messages["null_characters_not_allowed"] = null_character_message(error_name or called)
            self.null_worded_from_label = not error_name  # a form that names its fields may word it better

    def to_python(self, value):
        value = super().to_python(value)
        if not isinstance(value, str):
            return value
        if isinstance(self.widget, forms.TextInput) and not isinstance(self.widget, forms.PasswordInput):
            # A one-line box (a title, a name) is kept on one line: a browser
            # sends none, but a crafted request could, and such text goes into
            # e-mail subjects, file names and table cells.
            return one_line(value)
        return normalise_line_breaks(value)


class ManyRecordsField(forms.ModelMultipleChoiceField):
    """Several of a list of records, ticked (check boxes). A value sent that
    is not an id (not a whole number, or longer than any id) is refused with
    the field's own message for a value that is not one of the list
    (``invalid_pk_value``) before the database is asked: some databases
    answer a number past their largest with an error rather than no rows."""

    def _check_values(self, value):
        if not self.to_field_name:
            for pk in value if isinstance(value, list | tuple) else ():
                if whole_number(pk) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return super()._check_values(value)


# "1200", "1,200" or "1 200", as people write a count (GOV.UK: let them type
# the commas and spaces they would write); "1,2,0" is not a number.
_GROUPED = re.compile(r"\d{1,3}(?:[, ]\d{3})+")


class WholeNumberField(forms.IntegerField):
    """A whole number as people write it, thousands grouped or not."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
            if _GROUPED.fullmatch(value):
                value = value.replace(",", "").replace(" ", "")
        return super().to_python(value)
