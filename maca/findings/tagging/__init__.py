"""Theme and polarity suggestions for strengths and findings.

    from maca.findings.tagging import suggest, Tagger, Example

    suggest("Fathers were rarely seen", field="worries")
    Tagger(examples=[Example(text, ("think_family",), "concern")]).suggest_many(texts)

See docs/adr for how it works and how well.
"""

from .examples import Example, ExampleIndex
from .polarity import CONCERN, STRENGTH, PolarityReason
from .tagger import Reason, Suggestion, Tagger, ThemeSuggestion, default_tagger, suggest, suggest_many, warm_up

__all__ = [
    "CONCERN",
    "STRENGTH",
    "Example",
    "ExampleIndex",
    "PolarityReason",
    "Reason",
    "Suggestion",
    "Tagger",
    "ThemeSuggestion",
    "default_tagger",
    "suggest",
    "suggest_many",
    "warm_up",
]
