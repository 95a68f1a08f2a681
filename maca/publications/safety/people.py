"""Names of people that were not entered for the case.

Precision matters more than recall here: held names are the main defence,
and a check that flags every professional, author or hospital teaches people
to override it. So a word is flagged only with good evidence that it names a
member of the public: a title ("Mrs Kowalski"), a known given name followed by
a surname, or a known given name used as a person (a relation word before it,
an age or a verb after it, or a capital in the middle of a sentence).
Professionals named with their role ("Jane Smith, Designated Nurse"),
citations ("Brandon et al. 2020"), places and services ("St George's
Hospital", "Clare's Law", "Lucy Faithfull Foundation") and the pseudonym
conventions ("Child Lucy", "Baby Ava") are left alone.
"""

from __future__ import annotations

import re

from .context import PERSON_AFTER, Spans, is_sentence_start, near
from .hits import Hit, Kind
from .lexicon import (
    MONTHS,
    NAME_PREFIXES,
    ORG_HEADS,
    PERSON_TITLES,
    PROFESSIONAL_TITLES,
    RUN_CONNECTORS,
    WEEKDAYS,
    ambiguous_given_names,
    ambiguous_names,
    given_names,
    surnames,
)
from .names import Word

ROLES = (
    r"chair|chairs|chaired|chairperson|chairman|chairwoman|director|deputy|head|headteacher|head\s+teacher|manager"
    r"|officer|lead|nurse|doctor|consultant|paediatrician|inspector|superintendent|sergeant|constable|detective"
    r"|commander|councillor|professor|minister|secretary|scrutineer|co-?ordinator|advis[eo]r|administrator"
    r"|practitioner|worker|teacher|GP|midwife|visitor|therapist|psychologist|psychiatrist|author|authors|reviewer"
    r"|trainer|facilitator|representative|governor|principal|clerk|solicitor|barrister|magistrate|IRO|LADO|SENCO"
    r"|DSL|chief|executive|CEO|commissioner|president|editor|researcher|analyst|specialist|caseworker|keyworker"
    r"|mentor|chaplain|lecturer|registrar|surgeon|dentist|pharmacist|paramedic|trustee|written\s+by|led\s+by"
    r"|presented\s+by|thanks\s+to|thank\s+you\s+to|signed"
)
_MODIFIER = (
    r"(?:(?i:independent|designated|named|safeguarding|social|health|school|senior|deputy|interim|acting|assistant"
    r"|lead|team|service|group|chief|executive|specialist|clinical|strategic|operational|local|area|practice|quality"
    r"|assurance|partnership|business|board|family|support|early|help|case|youth|child|children's|protection|police"
    r"|community|housing|mental|link|key|duty|principal|advanced|district|the|our|an?|is|was|and|of|for)"
    r"|[A-Z][\w'’&-]*)"
)
# A role, then perhaps other people named with it ("thanks to Sam Lyle and ..."),
# just before the name.
_ROLE_BEFORE = re.compile(
    rf"\b(?i:{ROLES})(?:\s+(?:of|for)(?:\s+[A-Z][\w'’&-]*)+)?[\s,:(–—-]*"
    r"(?:[A-Z][\w'’-]+\s+[A-Z][\w'’-]+(?:\s*,\s*|\s+and\s+|\s*&\s*)){0,4}$"
)
_ROLE_AFTER = re.compile(rf"\s*(?:,|\(|–|—|-|:)\s*(?:{_MODIFIER}\s+){{0,4}}(?i:{ROLES})\b")
_CITATION_AFTER = re.compile(r"(?:['’]s)?\s*(?:\(\s*|,\s*)?(?:19|20)\d{2}\b|\s+et\.?\s+al\b|\s*\(\s*(?:ed|eds)\b")
_STRONG_AFTER = re.compile(
    r"(?:['’]s\s+(?:mother|mum|father|dad|brother|sister|sibling|siblings|partner|grandmother|grandfather|nan"
    r"|aunt|uncle|school|nursery|carer|carers|parents?|baby|son|daughter|family|home|bedroom|birthday)\b)"
    r"|\s*\(\s*(?:aged\s+)?\d{1,2}(?:\s*(?:years?|yrs?|months?|weeks?))?\s*\)|\s*,\s*(?:aged\s+)?\d{1,2}\s*,"
    r"|\s+aged\s+\d"
)
_RELATION_BEFORE = re.compile(
    r"\b(?i:son|daughter|brother|sister|sibling|half-brother|half-sister|step-?(?:son|daughter|brother|sister"
    r"|father|mother|dad|mum)|mother|mum|father|dad|partner|boyfriend|girlfriend|husband|wife|cousin|nephew"
    r"|niece|grandson|granddaughter|grandmother|grandfather|nan|aunt|auntie|uncle|called|named|known\s+as|aka"
    r"|baby)\s*,?\s*$"
)
_FAMILY = re.compile(
    r"\b[Tt]he\s+([A-Z][\w'’-]+)\s+(?:family|household|children|siblings|brothers|sisters)\b"
    r"(?!(?:['’]s)?[ \t-]+(?i:hubs?|help|support|services?|courts?|centres?|group|nurse|partnership|practitioners?"
    r"|workers?|teams?|information|zones?|therapy|safeguarding|panel)\b)"
)
# "the Polish family", "the Traveller family": a description, not a surname.
_DESCRIPTIONS = {
    "polish", "romanian", "lithuanian", "latvian", "slovak", "czech", "bulgarian", "hungarian", "portuguese",
    "spanish", "italian", "french", "german", "irish", "scottish", "welsh", "english", "british", "roma", "romany",
    "gypsy", "traveller", "travellers", "asian", "black", "white", "mixed", "muslim", "christian", "jewish", "sikh",
    "hindu", "somali", "eritrean", "afghan", "syrian", "iraqi", "iranian", "kurdish", "albanian", "turkish",
    "nigerian", "ghanaian", "pakistani", "bangladeshi", "indian", "chinese", "vietnamese", "caribbean", "african",
    "jamaican", "ukrainian", "russian", "sudanese", "ethiopian", "congolese", "zimbabwean", "american", "european",
    "arab", "kosovan", "brazilian", "filipino", "nepali", "tamil", "orthodox", "catholic", "adoptive", "foster",
    "birth", "host", "extended", "whole", "wider", "blended", "same", "entire", "other", "first", "second", "third",
    "new", "previous", "local", "early", "troubled", "think", "study", "case", "audit", "subject", "index",
}  # fmt: skip
_FAMILY_WORD = re.compile(r"(?:family|household|children|siblings|brothers|sisters)\b")
_STOP = {
    "the", "and", "or", "of", "to", "in", "on", "at", "for", "with", "from", "by", "was", "is", "has", "had",
    "who", "but", "not", "as", "a", "an", "it", "this", "that", "they", "she", "he", "we", "if", "when", "then",
    "also", "all", "any", "each", "both", "her", "his", "their", "our",
}  # fmt: skip
_GAP = re.compile(r"[ \t]+|[ \t]*\r?\n[ \t]*")
_RUN_GAP = re.compile(r"\s+(?:(?:" + "|".join(re.escape(w) for w in sorted(RUN_CONNECTORS)) + r")\s+)*")
_TITLE_GAP = re.compile(r"\.?[ \t]+")


def _title_case(word: Word) -> bool:
    return word.raw[:1].isupper() and not (len(word.raw) > 1 and word.raw.isupper())


def _surname_like(word: Word) -> bool:
    key = word.key
    if not _title_case(word) or key in _STOP or key in MONTHS or key in WEEKDAYS:
        return False
    if key in ORG_HEADS or key in PROFESSIONAL_TITLES or key in NAME_PREFIXES or key in PERSON_TITLES:
        return False
    return key in surnames() or key not in ambiguous_names()


class UnheldNames:
    """``words`` are the capitalised words of ``text`` (``capitalised_words``):
    two of them are next to each other when only white space separates them."""

    def __init__(self, text: str, words: list[Word], covered: Spans, protected: Spans, *, lone_given: bool = False):
        self.text = text
        self.words = words
        self.covered = covered  # held names already found
        self.protected = protected  # pseudonyms in use ("Child Lucy")
        # A given name alone ("Leo's mother") is how published reviews write
        # their pseudonyms, so it is flagged only when asked for.
        self.lone_given = lone_given
        self.given = given_names()
        self.ambiguous_given = ambiguous_given_names()

    def find(self) -> list[Hit]:
        hits: list[Hit] = []
        skip_to = -1
        for i, word in enumerate(self.words):
            if i <= skip_to or not _title_case(word):
                continue
            if self.covered.covers(word.start, word.end) or self.protected.covers(word.start, word.end):
                if self.covered.covers(word.start, word.end):
                    hits += self._surname_after_held(i)
                continue
            if word.key in PERSON_TITLES:
                found = self._titled(i)
            elif word.key in self.given or word.key in self.ambiguous_given or self._double_barrelled(word):
                found = self._given(i)
            elif _surname_like(word):
                found = self._after_relation(i)
            else:
                continue
            if found:
                hit, last = found
                hits.append(hit)
                skip_to = last
        return hits + self._families()

    def _double_barrelled(self, word: Word) -> bool:
        """A given name of two joined by a hyphen ("Tyler-Jay", "Kayden-Lee"),
        not itself in the list: its first part a given name that is no
        ordinary word, and the rest given names."""
        first, *rest = word.key.split("-")
        return bool(rest) and first in self.given and all(p in self.given or p in self.ambiguous_given for p in rest)

    def _next(self, i: int, gap: re.Pattern = _GAP) -> Word | None:
        if i + 1 < len(self.words):
            here, there = self.words[i], self.words[i + 1]
            if gap.fullmatch(self.text, here.end, there.start) and not here.possessive:
                return there
        return None

    def _previous(self, i: int) -> Word | None:
        if i > 0:
            here, there = self.words[i], self.words[i - 1]
            if _GAP.fullmatch(self.text, there.end, here.start) and not there.possessive:
                return there
        return None

    def _titled(self, i: int):
        """Mrs Kowalski, Mr A. Jones, Ms Kelly Smith."""
        surname = self._next(i, _TITLE_GAP)
        if surname is None or not _surname_like(surname) or self.covered.covers(surname.start, surname.end):
            return None
        last = i + 1
        further = self._next(i + 1)
        if further is not None and _surname_like(further) and surname.key in self.given:
            last = i + 2
        start, end = self.words[i].start, self.words[last].end
        if self._professional(start, end) or self._in_named_thing(i, last):
            return None
        return self._hit(start, end, "A title and surname: a person not in the names held for the case."), last

    def _given(self, i: int):
        word = self.words[i]
        previous = self._previous(i)
        prefixes = NAME_PREFIXES | PROFESSIONAL_TITLES
        if previous is not None and _title_case(previous) and previous.key in prefixes:
            return None
        surname = self._next(i)
        has_surname = surname is not None and _surname_like(surname)
        last = i + 1 if has_surname else i
        if has_surname and self.protected.covers(surname.start, surname.end):
            return None
        if self._in_named_thing(i, last):
            return None
        start, end = word.start, self.words[last].end
        if self._professional(start, end) or _CITATION_AFTER.match(self.text, end):
            return None
        relation = _RELATION_BEFORE.search(self.text, max(0, start - 30), start)
        if word.key in self.ambiguous_given:
            strong = (has_surname and surname.key in surnames()) or relation or _STRONG_AFTER.match(self.text, word.end)
            if not strong:
                return None
            if not has_surname:
                if not self.lone_given:
                    return None
                end, last = word.end, i
            reason = "A given name used of a person, not in the names held for the case."
            return self._hit(start, end, reason), last
        if has_surname:
            reason = "A given name and surname: a person not in the names held for the case."
        elif not self.lone_given:
            return None
        elif relation or PERSON_AFTER.match(self.text, end) or not is_sentence_start(self.text, start):
            reason = "A given name used of a person, not in the names held for the case."
        else:
            return None
        return self._hit(start, end, reason), last

    def _after_relation(self, i: int):
        """ "her aunt, Shereen Qureshi": two capitalised words after a relation
        word name a person even when neither is a known name."""
        word = self.words[i]
        surname = self._next(i)
        if surname is None or not _surname_like(surname) or word.key in self.ambiguous_given:
            return None
        if not _RELATION_BEFORE.search(self.text, max(0, word.start - 30), word.start):
            return None
        if self._in_named_thing(i, i + 1) or self._professional(word.start, surname.end):
            return None
        return self._hit(word.start, surname.end, "A person named after a family relation word."), i + 1

    def _in_named_thing(self, first: int, last: int) -> bool:
        """Whether the words sit in a capitalised run that names a place or a
        service ("John Radcliffe Hospital", "Anna Freud Centre for Children")."""
        for j in range(last + 1, min(last + 7, len(self.words))):
            before, word = self.words[j - 1], self.words[j]
            if not _RUN_GAP.fullmatch(self.text, before.end + (2 if before.possessive else 0), word.start):
                return False
            if word.key in ORG_HEADS:
                return True
        return False

    def _professional(self, start: int, end: int) -> bool:
        before = _ROLE_BEFORE.search(self.text, max(0, start - 120), start)
        return bool(before) or bool(_ROLE_AFTER.match(self.text, end))

    def _surname_after_held(self, i: int) -> list[Hit]:
        """ "Kelly Smith" when only "Kelly" is held: the surname names her too."""
        after = self._next(i)
        if after is None or self.covered.covers(after.start, after.end) or not _surname_like(after):
            return []
        if after.key in self.given or self._in_named_thing(i + 1, i + 1):
            return []
        return [self._hit(after.start, after.end, "A surname next to a name held for the case.")]

    def _families(self) -> list[Hit]:
        hits = []
        for match in near(self.text, _FAMILY_WORD, _FAMILY, before=45, after=40):
            start, end = match.span(1)
            if self.covered.covers(start, end) or self.protected.covers(start, end):
                continue
            key = match.group(1).casefold()
            if key in surnames() or not (
                key in _DESCRIPTIONS or key in ambiguous_names() or key in ORG_HEADS or key in self.given
            ):
                hits.append(self._hit(start, end, "A family’s surname."))
        return hits

    def _hit(self, start: int, end: int, reason: str) -> Hit:
        return Hit(Kind.NAME, start, end, self.text[start:end], reason)
