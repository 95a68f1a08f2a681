"""Forms of the cross-case and recurrence pages."""

from __future__ import annotations

from django import forms

from maca.core.forms import GovukTextField, VersionedForm
from maca.findings.forms import WordedErrors
from maca.findings.models import Polarity
from maca.findings.recommendation_services import MAX_TEXT
from maca.findings.search import searchable_words


class RecommendationForm(WordedErrors, VersionedForm):
    text = GovukTextField(
        label="Recommendation",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Enter the recommendation",
            "max_length": f"The recommendation must be {MAX_TEXT:,} characters or fewer",
        },
        help_text="What partners should do about this, across agencies.",
    )


class WithdrawRecommendationForm(WordedErrors, VersionedForm):
    reason = GovukTextField(
        label="Why is this recommendation being withdrawn?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the recommendation is withdrawn"},
        help_text="It is kept, marked as withdrawn, with this reason.",
    )


class SearchForm(WordedErrors, forms.Form):
    q = GovukTextField(
        label="Words in the finding",
        required=False,
        max_length=200,
        help_text="Every word must be in the finding, in any of its forms: ‘father’ also finds ‘fathers’.",
    )
    theme = forms.ChoiceField(label="Theme", required=False)
    polarity = forms.ChoiceField(
        label="Strength or concern",
        required=False,
        choices=[("", "Strengths and concerns"), *Polarity.choices],
    )

    def __init__(self, *args, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        # A retired theme is still searched (past findings keep it), and said to be retired.
        self.fields["theme"].choices = [
            ("", "Any theme"),
            *((theme.key, f"{theme.name} (retired)" if theme.is_retired else theme.name) for theme in themes),
        ]

    def clean_q(self) -> str:
        text = self.cleaned_data["q"]
        if text.strip() and not searchable_words(text):
            raise forms.ValidationError("Enter words with letters or numbers in them: punctuation alone finds nothing")
        return text
