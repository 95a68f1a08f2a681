"""Word lists the detectors share, loaded once from ``data/``.

The name lists are plain facts (common given names and surnames in the UK),
compiled by hand for maca; they only help notice a name nobody entered.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"

# A word: letters, with inner apostrophes (O'Brien, Jayden's) and hyphens
# (Smith-Jones). Digits and underscores end a word.
WORD = re.compile(r"[^\W\d_]+(?:['’‘][^\W\d_]+)*(?:-[^\W\d_]+(?:['’‘][^\W\d_]+)*)*")

MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

# Words that make a capitalised run the name of a place, a service or a thing
# ("Lucy Faithfull Foundation", "Victoria Road", "Clare's Law").
ORG_HEADS = {
    "academy", "act", "agency", "alliance", "approach", "assessment", "association", "avenue", "award", "bay",
    "board", "borough", "bridge", "building", "campus", "cathedral", "centre", "center", "chapel", "charity",
    "church", "city", "clinic", "close", "college", "commission", "constabulary", "council", "county", "court",
    "crescent", "cross", "drive", "estate", "forum", "foundation", "framework", "fund", "gardens", "gate",
    "grove", "group", "hall", "health", "healthcare", "hill", "hills", "home", "homes", "hospice", "hospital",
    "hospitals", "house", "hub", "infirmary", "inquiry", "institute", "island", "lane", "law", "laws", "lecture",
    "library", "limited", "lodge", "ltd", "medical", "memorial", "mews", "model", "mosque", "network",
    "nursery", "park", "parade", "partnership", "pharmacy", "place", "plc", "police", "practice", "press",
    "primary", "principles", "prison", "prize", "programme", "program", "project", "publishers", "review",
    "report", "rise", "river", "road", "row", "scale", "school", "schools", "service", "services", "society",
    "square", "station", "street", "surgery", "synagogue", "team", "temple", "terrace", "toolkit", "tower",
    "town", "trust", "unit", "university", "vale", "valley", "view", "village", "walk", "ward", "way", "wing",
}  # fmt: skip

# Titles that introduce a member of the public; professional ones are in
# PROFESSIONAL_TITLES because a professional is not who the check protects.
PERSON_TITLES = {"mr", "mrs", "ms", "miss", "mx", "master"}
PROFESSIONAL_TITLES = {
    "dr", "doctor", "prof", "professor", "sir", "dame", "lord", "lady", "baroness", "baron", "cllr", "councillor",
    "rev", "revd", "reverend", "judge", "justice", "det", "detective", "dci", "di", "ds", "dc", "pc", "sgt",
    "supt", "insp", "inspector", "sergeant", "constable", "superintendent", "commander", "mp",
}  # fmt: skip
# A capitalised word before a given name that makes it something else:
# St George, Queen Elizabeth, and the pseudonym conventions "Child Lucy", "Baby Ava".
NAME_PREFIXES = {
    "st", "saint", "queen", "king", "prince", "princess", "royal", "duke", "duchess", "earl", "child", "baby",
    "operation", "storm", "hurricane", "project", "hms", "hmp",
}  # fmt: skip

# Connecting words that do not end a capitalised run ("Anna Freud Centre for
# Children and Families").
RUN_CONNECTORS = {"of", "and", "&", "for", "the", "upon", "on", "in", "de", "la", "le", "van", "von", "der"}
PARTICLES = {
    "de", "da", "di", "del", "della", "van", "von", "der", "den", "la", "le", "du", "bin", "bint", "ibn", "al", "el",
    "ap",
}  # fmt: skip


_FOLDED: dict[str, str] = {}


def fold(word: str) -> str:
    """The key a word is looked up by: no accents, no apostrophes, case-folded."""
    folded = _FOLDED.get(word)
    if folded is None:
        folded = _fold(word)
        if len(_FOLDED) < 200_000:  # a text's vocabulary is small; never grow without bound
            _FOLDED[word] = folded
    return folded


def _fold(word: str) -> str:
    return "".join(_fold_char(c) for c in word.lower()).replace("'", "")


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@cache
def _fold_char(char: str) -> str:
    """One character, lower case, without its accent; apostrophes made straight.
    Always one character, so that offsets into a folded text are offsets into
    the original."""
    if char in "’‘`´":
        return "'"
    plain = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)).lower()
    return plain if len(plain) == 1 else char


def fold_text(text: str) -> str:
    """``text`` lower-cased, without accents, apostrophes straight: the same
    length as ``text``, character for character."""
    low = text.lower()
    if len(low) != len(text):  # a handful of characters grow when lowered ("İ")
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if low.isascii():
        return low
    return _NON_ASCII.sub(lambda m: _fold_char(m.group()), low)


def trie_pattern(words: list[str]) -> str:
    """A regular expression matching any of ``words``, shaped as a trie so that
    its cost does not grow with the number of words; an apostrophe in a word is
    optional in the text (O'Brien, OBrien)."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [
            ("'?" if char == "'" else re.escape(char)) + build(child) for char, child in sorted(node.items()) if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def split_possessive(word: str) -> tuple[str, str]:
    """("Jayden", "'s") from "Jayden's"; ("Jayden", "") from "Jayden"."""
    if len(word) > 3 and word[-2] in "'’‘" and word[-1] in "sS":
        return word[:-2], word[-2:]
    return word, ""


def _read(name: str) -> frozenset[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(fold(line.strip()) for line in lines if line.strip() and not line.startswith("#"))


@cache
def given_names() -> frozenset[str]:
    """Given names that are not also ordinary words."""
    return _read("given_names.txt") - ambiguous_given_names()


@cache
def ambiguous_given_names() -> frozenset[str]:
    """Given names that are also words, months or places (Hope, May, Chelsea)."""
    return _read("ambiguous_given_names.txt")


@cache
def surnames() -> frozenset[str]:
    return _read("surnames.txt")


@cache
def ambiguous_names() -> frozenset[str]:
    """Every name that is also an ordinary word (Hope, Brown, Foster, May)."""
    return ambiguous_given_names() | _read("name_words.txt")
