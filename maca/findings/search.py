"""Search across every finding of the partnership, by words and by theme.

Every word typed must be in the finding's text, in any case and any of its
forms (``word_stem``: "fathers" finds "father"), at the start of a word
("men" does not find "assessment"); a theme narrows to
findings with that confirmed theme; an audit or a polarity narrows further.
Results come newest audit first (``newest_audit_first``: by programme year,
then by the day its meeting was held, else planned, else 1 October of its
programme year, as the recurrence pages place it), a page at a time: a page costs the same few queries however many
findings the partnership has.

"Findings like this one" ranks the partnership's findings by how alike in
meaning they are to one finding (sentence embeddings, ``maca.findings.meaning``),
or by the words they share where meanings cannot be compared yet
(``findings_like``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Count, DateField, Func, Max, Prefetch, Q, Sum
from django.db.models.functions import Coalesce

from maca.findings import meaning
from maca.findings.caching import PerPartnership
from maca.findings.counting import counted_findings
from maca.findings.models import Finding, FindingTag
from maca.findings.recurrence import UNDATED_DAY, UNDATED_MONTH
from maca.findings.tagging import Example, ExampleIndex

MAX_WORDS = 10


@dataclass(frozen=True)
class Query:
    text: str = ""
    theme: str = ""  # a theme key
    audit: int | None = None
    polarity: str = ""

    @property
    def words(self) -> list[str]:
        """The words searched for: those with a letter or digit (a lone "?"
        or "..." would match every finding), at most ``MAX_WORDS``."""
        return searchable_words(self.text)[:MAX_WORDS]

    @property
    def words_left_out(self) -> int:
        """Words typed beyond the ``MAX_WORDS`` searched for (the page says so)."""
        return max(0, len(searchable_words(self.text)) - MAX_WORDS)

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.theme or self.audit or self.polarity)


def word_stem(word: str) -> str:
    """The part of a word its other forms share, so that "fathers" finds
    "father", "families" finds "family" and "missed" finds "missing"; what
    is left is matched anywhere in the text, as the word was. A possessive
    is dropped ("Father's" finds what "father" finds, "it's" stays); any other apostrophe
    is matched however it was typed (``spellings``)."""
    word = word.lower().strip(".,;:!?'\"()[]‘’“”")
    word = re.sub(r"^(\w{3,})['’]s$", r"\1", word)  # "mum's", not "it's"
    if re.search(r"['’]\w*$", word):
        return word  # "it's", "didn't": no ending to take off
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3]
    if len(word) > 5 and word.endswith(("ing", "ed")):
        return word[:-3] if word.endswith("ing") else word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def starting_a_word(stem: str) -> str:
    """A pattern for ``stem`` at the start of a word, so that "men" finds
    "men" and "mentoring" but not "assessment". Written in the regular
    expressions that PostgreSQL and Python (SQLite's ``REGEXP`` in Django)
    both read alike: no ``\\b``, which PostgreSQL reads as a backspace."""
    return r"(^|[^a-z0-9_])" + re.escape(stem)


def searchable_words(text: str) -> list[str]:
    """The words of ``text`` that have something to search for once their
    punctuation is taken off, each once (a word typed again, in any case or
    punctuation, searches for nothing more and takes no place of another
    among the ``MAX_WORDS``)."""
    seen, words = set(), []
    for word in text.split():
        stem = word_stem(word)
        if re.search(r"\w", stem) and stem not in seen:
            seen.add(stem)
            words.append(word)
    return words


def spellings(stem: str) -> set[str]:
    """The stem with its apostrophes typed either way ("didn't", "didn’t")."""
    return {stem, stem.replace("'", "’"), stem.replace("’", "'")}


class _UndatedDay(Func):
    """1 October (``recurrence.UNDATED_MONTH`` and ``UNDATED_DAY``) of a
    programme year, from the year's number, as a date."""

    output_field = DateField()
    arity = 1
    template = f"make_date(%(expressions)s, {UNDATED_MONTH}, {UNDATED_DAY})"

    def as_sqlite(self, compiler, connection, **extra):
        # SQLite keeps dates as text: "2026-10-01".
        return self.as_sql(
            compiler, connection, template=f"date((%(expressions)s) || '-{UNDATED_MONTH:02}-{UNDATED_DAY:02}')", **extra
        )


def audit_day(through: str = "audit__"):
    """The day an audit sits at, as an expression on ``Finding`` (or on
    ``Audit`` with ``through=""``): the day its meeting was held, else the
    day it was planned for, else 1 October of its programme year, as
    ``recurrence.audit_day`` places it."""
    return Coalesce(
        f"{through}meeting__held_on",
        f"{through}planned_meeting_date",
        _UndatedDay(f"{through}programme__year"),
    )


def newest_audit_first(through: str = "audit__") -> list:
    """Newest audit first: its programme year, then the day it sits at
    (``audit_day``), as the recurrence pages order audits (``AuditPoint.order``,
    ADR 0019): an audit whose meeting fell in the year after its own stays
    among its own year's."""
    return [f"-{through}programme__year", audit_day(through).desc(), f"-{through}id"]


def search(partnership, query: Query, *, confirmed_only: bool = False):
    """The partnership's findings that count (``counting.counted_findings``:
    current, of audits from their meeting on, so never a cancelled audit's)
    matching ``query``. ``confirmed_only`` keeps to what readers who do not
    record the meeting may read (docs/roles.md): findings whose themes a
    person has confirmed."""
    findings = Finding.objects.filter(counted_findings(), partnership=partnership)
    if confirmed_only:
        findings = findings.filter(tags_confirmed_at__isnull=False)
    for word in query.words:
        either = Q()
        for spelling in spellings(word_stem(word)):
            either |= Q(text__iregex=starting_a_word(spelling))
        findings = findings.filter(either)
    if query.theme:
        # An uncorrelated IN: read once, not once per finding (a correlated EXISTS
        # made SQLite scan the partnership's tags for every finding).
        tagged = FindingTag.objects.filter(partnership=partnership, theme__key=query.theme).values("finding_id")
        findings = findings.filter(pk__in=tagged)
    if query.audit:
        findings = findings.filter(audit_id=query.audit)
    if query.polarity:
        findings = findings.filter(polarity=query.polarity)
    return (
        findings.select_related("audit__programme", "audit_case", "agency__parent")
        .prefetch_related(Prefetch("tags", queryset=FindingTag.objects.select_related("theme")))
        .order_by(*newest_audit_first(), "audit_case__number", "id")
    )


# Findings like this one: how many, how alike at least (cosine of TF-IDF
# words and word pairs, as the tagger's examples), and how many candidates are
# read before keeping to what the reader may see.
LIKE_LIMIT = 10
LIKE_MIN_SIMILARITY = 0.1
LIKE_CANDIDATES = 50

_WORD_INDEXES: PerPartnership[ExampleIndex] = PerPartnership()


def forget_word_indexes() -> None:
    """Every index of words this process keeps is built again on next use."""
    _WORD_INDEXES.clear()


def _word_index(partnership) -> ExampleIndex:
    """The words of every current finding of the partnership, indexed once and
    kept until a finding is added, changed or removed (a removal is a change)."""
    stamp = tuple(
        Finding.objects.filter(partnership=partnership)
        .aggregate(n=Count("id"), last=Max("id"), changed=Max("updated_at"), versions=Sum("version"))
        .values()
    )
    current = Finding.objects.current().filter(partnership=partnership).order_by("id")
    return _WORD_INDEXES.get(
        partnership,
        stamp,
        lambda: ExampleIndex.build(
            Example(text, (), polarity, pk) for pk, text, polarity in current.values_list("pk", "text", "polarity")
        ),
    )


BY_MEANING = "meaning"
BY_WORDS = "words"


@dataclass(frozen=True)
class Alike:
    """Findings like one finding, most alike first, each with how alike (0 to
    1), and how they were found: ``BY_MEANING`` or ``BY_WORDS``."""

    findings: list[tuple[Finding, float]]
    by: str


def findings_like(partnership, finding: Finding, *, confirmed_only: bool = False) -> Alike:
    """The partnership's findings most like ``finding`` (never itself) that the
    reader may read: nearest in meaning when every current finding has its
    vector, else worded most alike."""
    alike = meaning.alike_by_meaning(partnership, finding, limit=LIKE_CANDIDATES)
    by = BY_MEANING
    if alike is None:
        by = BY_WORDS
        alike = {
            n.example.id: n.similarity
            for n in _word_index(partnership).similar(
                finding.text, limit=LIKE_CANDIDATES, min_similarity=LIKE_MIN_SIMILARITY
            )
            if n.example.id != finding.pk
        }
    found = search(partnership, Query(), confirmed_only=confirmed_only).filter(pk__in=list(alike))
    ranked = sorted(((f, alike[f.pk]) for f in found), key=lambda pair: (-pair[1], pair[0].pk))[:LIKE_LIMIT]
    return Alike(ranked, by)
