"""Reading the words around a candidate: the sentence it sits in, and whether
that sentence is about a person (a relation word, a pronoun, "Child A", or a
name found by the name detectors)."""

from __future__ import annotations

import re
from bisect import bisect_left

# A full stop, question or exclamation mark before white space, a blank line, a
# bullet or a semicolon ends a sentence for our purposes. Line breaks alone do
# not: text pasted from PDFs breaks lines mid-sentence.
SENTENCE_BREAK = re.compile(r"[.!?;](?=\s)|\n[ \t]*\n|[•▪●◦]")

PERSON_WORDS = re.compile(
    r"\b(?:"
    r"(?:[Cc]hild|CHILD|[Bb]aby|BABY|[Ss]ibling|[Yy]oung [Pp]erson|YP)\s+(?:[A-Z]|\d{1,2})\b"  # Child A, Sibling 2
    r"|(?i:child|baby|infant|toddler|new-?born|unborn|young\s+person|teenager|adolescent|boy|girl|son|daughter"
    r"|mother|mum|mummy|mom|father|dad|daddy|parent|step-?(?:father|mother|dad|mum|parent|son|daughter)"
    r"|sibling|brother|sister|half-(?:brother|sister|sibling)|twin"
    r"|grandmother|grandfather|grandparent|grandma|grandad|granddad|nan|nana|nanny|aunt|auntie|aunty|uncle"
    r"|cousin|nephew|niece|grandson|granddaughter|partner|ex-partner|boyfriend|girlfriend|husband|wife"
    r"|carer|kinship\s+carer|special\s+guardian|family|household|pupil|student|victim|perpetrator|suspect"
    r"|man|woman|male|female|adult|neighbour|lodger"
    r"|he|she|him|her|his|hers|himself|herself)"
    r"|(?i:the|both|all\s+(?:two|three|four|five|six)|her|his|their|two|three|four|five|six)\s+(?i:children|siblings"
    r"|parents|boys|girls|twins)"
    r")\b"
    # "child in need plans", "family hub", "baby clinic": a service, not a person.
    r"(?!(?:['’]s)?[ \t-]+(?i:in\s+need|protection|sexual|criminal|exploitation|death|safeguarding|health"
    r"|and\s+adolescent|care|development|poverty|help|hubs?|support|court|group\s+conference|nurse|therapy|centres?|centers?"
    r"|services?|liaison|bruising|clinic|unit|composition|forum|justice|practitioners?|workers?|panel|partnership"
    r"|centred|focused|friendly|led)\b)"
)
# "Children's Social Care", "Family Court", "Child Protection": a capitalised
# person word followed by another capitalised word names a service, not a person.
_SERVICE_AFTER = re.compile(r"(?:['’]s)?\s+[A-Z][a-z]")


# What follows a word used as a person's name: a verb, an age, a possessive
# before an ordinary word ("Tyler was", "Tyler (7)", "Tyler's mother").
PERSON_AFTER = re.compile(
    r"(?:['’]s\s+(?!(?:Law|Act|Trust|Hospital|House|Centre|Foundation|Review)\b)[a-z])"
    r"|\s*\(\s*(?:aged\s+)?\d{1,2}(?:\s*(?:years?|yrs?|months?|weeks?))?\s*\)"
    r"|\s*,\s*(?:aged\s+)?\d{1,2}\s*(?:,|years|yrs)|\s+aged\s+\d"
    r"|\s+(?:was|is|has|had|said|says|told|tells|disclosed|discloses|reported|reports|attended|attends|lives|lived"
    r"|moved|stayed|stays|went|goes|came|comes|missed|misses|presented|returned|spoke|speaks|stated|states|explained"
    r"|described|became|did|does|didn['’]t|doesn['’]t|wasn['’]t|isn['’]t|hasn['’]t|would|could|should|will|can"
    r"|cannot|must|needs|needed|wanted|wants|felt|feels|appeared|appears|remained|remains|continued|continues"
    r"|started|left|ran|refused|refuses|agreed|agrees|denied|denies|admitted|showed|shows|seemed|seems|were"
    r"|and\s+(?:his|her)|who)\b"
)


def sentence_bounds(text: str, start: int, end: int, reach: int = 200) -> tuple[int, int]:
    """The sentence around ``text[start:end]``, at most ``reach`` characters
    either side."""
    low = max(0, start - reach)
    left = low
    for match in SENTENCE_BREAK.finditer(text, low, start):
        left = match.end()
    right_match = SENTENCE_BREAK.search(text, end, min(len(text), end + reach))
    right = right_match.start() if right_match else min(len(text), end + reach)
    return left, right


def person_word_in(text: str, start: int, end: int) -> re.Match | None:
    """The first word in ``text[start:end]`` that refers to a particular person."""
    for match in PERSON_WORDS.finditer(text, start, end):
        word = match.group()
        pseudonym = word[-1].isdigit() or (len(word.split()) > 1 and len(word.split()[-1]) == 1)
        if word[0].isupper() and not pseudonym and _SERVICE_AFTER.match(text, match.end()):
            continue
        return match
    return None


def is_sentence_start(text: str, index: int) -> bool:
    """Whether the word at ``index`` opens a sentence, a heading, a bullet or a line
    of a list (so its capital letter tells nothing)."""
    j = index - 1
    saw_newline = 0
    while j >= 0 and text[j] in " \t\r\n\"'“‘(":
        if text[j] == "\n":
            saw_newline += 1
        j -= 1
    if j < 0 or saw_newline >= 2:
        return True
    char = text[j]
    if char in ".!?:;•▪●◦*–—-)":
        return True
    return bool(saw_newline and (char.isdigit() or char in ".)"))


class Spans:
    """Sorted, non-overlapping spans with a fast "any inside this window?"."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def any_within(self, start: int, end: int) -> bool:
        at = bisect_left(self.starts, start)
        return at < len(self.starts) and self.starts[at] < end

    def covers(self, start: int, end: int) -> bool:
        at = bisect_left(self.starts, end) - 1
        return at >= 0 and self.spans[at][1] > start


# Roles in the partnership's own governance: a "she" near them is not a family member.
_GOVERNANCE_ROLE = re.compile(
    r"(?i:\b(?:chair|vice[\s-]chair|chairs|director|councillor|scrutineer|commissioner|executive|board\s+member"
    r"|head\s+of\s+service|qa\s+officer|business\s+manager|author|reviewer|trainer|lead\s+member)\b)"
)
_PRONOUN = re.compile(r"(?i:he|she|him|her|his|hers|himself|herself)")


def about_a_person(text: str, start: int, end: int, names: Spans) -> str | None:
    """Why the sentence around ``text[start:end]`` is about a person, or None."""
    left, right = sentence_bounds(text, start, end)
    if names.any_within(left, right):
        return "a name in the same sentence"
    pronoun = None
    position = left
    while (match := person_word_in(text, position, right)) is not None:
        if not _PRONOUN.fullmatch(match.group()):
            return f"“{match.group()}” in the same sentence"
        pronoun = pronoun or match
        position = match.end()
    if pronoun and not _GOVERNANCE_ROLE.search(text, left, right):
        return f"“{pronoun.group()}” in the same sentence"
    return None


def near(text: str, trigger: re.Pattern, pattern: re.Pattern, before: int, after: int):
    """``pattern.finditer`` over ``text``, run only in windows around the
    matches of a cheap ``trigger`` (a digit, an "@", a street word).

    Why: a pattern that could start anywhere ("12 March 2019", "Mosaic ID
    1234567") costs a full try at every character; the trigger finds the few
    places worth trying in one fast scan. Lookbehinds still see the text before
    a window, but a lookahead sees nothing after it: ``before`` and ``after``
    must cover the longest match around its trigger and any lookahead that
    follows the match.
    """
    windows: list[list[int]] = []
    for match in trigger.finditer(text):
        low, high = max(0, match.start() - before), min(len(text), match.end() + after)
        if windows and low <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], high)
        else:
            windows.append([low, high])
    for low, high in windows:
        yield from pattern.finditer(text, low, high)
