"""The publication safety check: every detector over one text, overlaps resolved."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .contact import find_addresses, find_emails, find_phones, find_postcodes
from .context import Spans
from .dates import find_dates
from .hits import Hit, resolve_overlaps
from .lexicon import fold_text
from .names import HeldNames, capitalised_words
from .numbers import find_numbers
from .people import UnheldNames
from .schools import find_schools


@dataclass(frozen=True)
class SafetyCheck:
    """A check prepared for one audit: its held names, pseudonyms and rare
    schools compiled once, then run on any number of texts."""

    names: tuple[str, ...] = ()
    pseudonyms: tuple[str, ...] = ()
    rare_schools: tuple[str, ...] = ()
    named_schools: bool = True
    unheld_names: bool = True
    lone_given_names: bool = False

    def __post_init__(self):
        object.__setattr__(self, "_held", HeldNames(self.names))
        pattern = None
        cleaned = sorted({p.strip() for p in self.pseudonyms if p and p.strip()}, key=len, reverse=True)
        if cleaned:
            pattern = re.compile("|".join(r"\b" + _any_apostrophe(p) + r"(?!\w)" for p in cleaned), re.IGNORECASE)
        object.__setattr__(self, "_pseudonyms", pattern)

    def find(self, text: str) -> list[Hit]:
        held: HeldNames = self._held
        name_hits = held.find(text, fold_text(text))
        held_spans = Spans([(h.start, h.end) for h in name_hits])
        protected = Spans([m.span() for m in self._pseudonyms.finditer(text)] if self._pseudonyms else [])
        if self.unheld_names:
            words = capitalised_words(text)
            name_hits += UnheldNames(text, words, held_spans, protected, lone_given=self.lone_given_names).find()
        names = Spans([(h.start, h.end) for h in name_hits])
        hits = name_hits
        hits += find_dates(text, names)
        hits += find_phones(text, names)
        hits += find_emails(text, held.index.keys())
        hits += find_postcodes(text, names)
        hits += find_addresses(text, names)
        hits += find_numbers(text)
        hits += find_schools(text, rare=self.rare_schools, named=self.named_schools)
        return resolve_overlaps(hits)


_APOSTROPHES = "'’‘"


def _any_apostrophe(pseudonym: str) -> str:
    """``pseudonym`` as a pattern in which an apostrophe matches any apostrophe:
    maca writes "Child A’s mother", and people type "Child A's mother" too."""
    return "".join(f"[{_APOSTROPHES}]" if c in _APOSTROPHES else re.escape(c) for c in pseudonym)


@lru_cache(maxsize=32)
def _prepared(*options) -> SafetyCheck:
    return SafetyCheck(*options)


def find_identifiers(
    text: str,
    *,
    names: Iterable[str] = (),
    pseudonyms: Iterable[str] = (),
    rare_schools: Iterable[str] = (),
    named_schools: bool = True,
    unheld_names: bool = True,
    lone_given_names: bool = False,
) -> list[Hit]:
    """Everything in ``text`` that could identify a child or a family member.

    - ``names``: the names held for the audit's cases (children, parents,
      siblings, carers...), full names or parts; every written form of each is
      found (first name alone, surname alone, possessive, any case or spacing).
    - ``pseudonyms``: the pseudonyms in use ("Child A", "Child Lucy"), never
      flagged as names unless they contain a held name.
    - ``rare_schools``: schools small or rare enough in the area to identify.
    - ``named_schools``: also flag any school named in full ("Oakfield Primary
      School") for a person to judge; off once a partnership keeps its list.
    - ``unheld_names``: also flag likely names of people not held: a title and
      surname ("Mrs Kowalski"), a given name and surname, "the Kowalski family".
    - ``lone_given_names``: also flag a given name alone used of a person
      ("her son Tyler", "Harvey was seen"); off by default because published
      reviews name children by pseudonymous first names ("Leo's mother").

    Hits are in text order and never overlap; offsets are character offsets.
    """
    check = _prepared(
        tuple(names), tuple(pseudonyms), tuple(rare_schools), named_schools, unheld_names, lone_given_names
    )
    return check.find(text)
