"""A box of text with a limit: its line breaks count once, and its message
names it as a sentence can."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError

from maca.core.forms import GovukTextField


@pytest.mark.parametrize(
    ("label", "said"),
    [
        ("Notes", "Notes must be 10 characters or fewer"),
        ("Description (optional)", "Description must be 10 characters or fewer"),
        ("Why is this person’s access being removed?", "Your answer must be 10 characters or fewer"),
    ],
)
def test_too_long_a_text_is_named_as_a_sentence_can(label, said):
    field = GovukTextField(label=label, max_length=10, widget=forms.Textarea)
    with pytest.raises(ValidationError) as refused:
        field.clean("x" * 11)
    assert refused.value.messages == [said]


def test_a_line_break_counts_once_as_the_character_count_shows():
    field = GovukTextField(label="Notes", max_length=10, widget=forms.Textarea)
    assert field.clean("four\r\nfive") == "four\nfive"  # 9 characters as the count shows, 10 as sent
