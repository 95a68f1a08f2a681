"""Theme and polarity suggestions for a partnership's findings.

The tagger (``maca.findings.tagging``, ADR 0010) learns from examples; here
its examples are the partnership's confirmed tags (every current finding whose
themes a person confirmed) and its themes the partnership's current ones, so a
renamed theme keeps its words and a theme the partnership added is learned
from its confirmed examples alone. A tagger is built once per partnership and
kept until the partnership confirms or changes something (its stamp changes),
including the retention run taking names out of a confirmed finding's words
(``maca.findings.retention``: it marks each row it changes, as a save does).
"""

from __future__ import annotations

from django.db.models import Count, Max, Sum

from maca.findings.caching import PerPartnership
from maca.findings.models import Finding, Theme
from maca.findings.tagging import Reason, Suggestion, Tagger

# Question keys of the shipped tools whose field decides polarity (ADR 0010).
STRENGTH_KEYS = ("_working_well", "worked_well")
CONCERN_KEYS = ("worried", "needs_to_improve")

_TAGGERS: PerPartnership[Tagger] = PerPartnership()


def field_of(question_key: str) -> str | None:
    """``"strengths"`` or ``"worries"`` for an answer written in such a field."""
    if question_key.endswith(STRENGTH_KEYS):
        return "strengths"
    if question_key.endswith(CONCERN_KEYS):
        return "worries"
    return None


def _stamp(partnership) -> tuple:
    """What the tagger was built from: changes when a confirmed finding is
    added, confirmed, changed or scrubbed (the sum of versions as well as the
    newest change, so that a change made by a process whose clock is behind
    is seen too), or a theme is added, retired or brought back."""
    confirmed = Finding.objects.filter(partnership=partnership, tags_confirmed_at__isnull=False).aggregate(
        n=Count("id"), latest=Max("tags_confirmed_at"), changed=Max("updated_at"), versions=Sum("version")
    )
    themes = tuple(Theme.objects.for_partnership(partnership).current().values_list("key", flat=True))
    return (confirmed["n"], confirmed["latest"], confirmed["changed"], confirmed["versions"], themes)


def forget_taggers() -> None:
    """Every tagger this process keeps is built again on next use."""
    _TAGGERS.clear()


def tagger_for(partnership) -> Tagger:
    from maca.findings.selectors import confirmed_examples

    stamp = _stamp(partnership)
    return _TAGGERS.get(partnership, stamp, lambda: Tagger(confirmed_examples(partnership), theme_ids=list(stamp[-1])))


def suggest_for(partnership, text: str, *, field: str | None = None, finding_id=None) -> Suggestion:
    """``finding_id``: the finding being suggested for; its own confirmed tags
    (its earlier words) are not evidence for its new words."""
    return tagger_for(partnership).suggest(text, field=field, exclude=finding_id)


def as_stored(suggestion: Suggestion) -> list[dict]:
    """The suggestion as kept on a finding: each theme's key, score and
    reasons as data (``Reason.as_stored``), at most three."""
    return [
        {
            "theme": theme.id,
            "score": theme.score,
            "reasons": [r.as_stored() for r in distinct_reasons(theme.reasons)[:3]],
        }
        for theme in suggestion.themes
    ]


def distinct_reasons(reasons) -> list[Reason]:
    """Reasons strongest first, each said once: a cue's words are left out
    when a stronger cue already quoted them ("health" after "health visitor",
    "child in need" after "child in need plan"), and a reason that would say
    what an earlier one says (as kept: ``Reason.as_stored``) is left out."""
    kept: list[Reason] = []
    said: list[dict] = []
    quoted: list[str] = []
    for reason in reasons:
        if reason.kind == "words":
            words = reason.evidence.lower()
            if any(words in earlier for earlier in quoted):
                continue
            quoted.append(words)
        stored = reason.as_stored()
        if stored not in said:
            said.append(stored)
            kept.append(reason)
    return kept
