"""School names.

A school attended by a handful of children in the area (a small village
school, the only special school) can identify a child when read with the
rest of a briefing. A partnership lists those as rare; they are always
flagged, in any of their usual forms. Other named schools ("Oakfield Primary
School", "St Anne's CE Academy") are flagged too unless the caller turns that
off, because whether a school is rare is for a person to judge: the reason
says so. Generic phrases ("the school", "a special school", "the Virtual
School", "Forest School", "College of Policing") are not names of schools.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .context import near
from .hits import Hit, Kind
from .lexicon import fold

_TYPE = r"(?:School|Academy|College|Primary|Nursery|Infants?|Juniors?)"
_QUALIFIERS = (
    r"(?:(?:C\s?of\s?E|CofE|CE|RC|R\.C\.|VA|VC|Church\s+of\s+England|Roman\s+Catholic|Catholic|Methodist|Community"
    r"|Primary|Junior|Infant|Infants|Nursery|High|Grammar|Secondary|Free|Special|Church|Foundation|Village"
    r"|Pre-?[Ss]chool|and|&)\s+)*"
)
_TYPE_WORD = re.compile(rf"\b{_TYPE}\b")
SCHOOL = re.compile(
    r"(?P<name>(?:(?:St\.?|Saint|The)\s+)?(?:[A-Z][\w'’.-]*\s+){1,4}?)"
    rf"{_QUALIFIERS}{_TYPE}(?:\s+(?:School|Academy))?\b"
)
# Words that make the phrase generic: "the Virtual School", "a Special School".
_GENERIC = {
    "the", "a", "an", "our", "their", "his", "her", "all", "each", "every", "any", "some", "many", "most", "both",
    "other", "new", "local", "virtual", "special", "primary", "secondary", "independent", "mainstream",
    "residential", "boarding", "free", "faith", "state", "private", "forest", "summer", "sunday", "home", "hospital",
    "pupil", "referral", "alternative", "provision", "further", "higher", "education", "sixth", "form", "social",
    "work", "training", "police", "nursing", "medical", "health", "leadership", "practice", "learning",
    "safeguarding", "fostering", "care", "skills", "early", "years", "nursery", "infant", "junior", "community",
    "church", "catholic", "maintained", "academy", "academies", "school", "schools", "college", "colleges",
    "national", "royal", "multi", "trust", "high", "grammar", "designated", "named", "lead", "head", "headteacher",
    "teacher", "mash", "ofsted", "dfe", "send", "sen", "senco", "dsl", "gp", "nhs", "in", "at", "from", "to", "of",
    "with", "by", "for", "and", "or", "on", "whole", "same", "previous", "current", "receiving", "feeder",
    "children's", "childrens", "child", "young", "people", "services", "service", "team", "teams", "council",
    "education,", "attendance", "inclusion", "welfare", "ehcp", "year", "key", "stage", "after", "before", "out",
    "day",
}  # fmt: skip
# A word in the name that makes the whole phrase a service or a way of working:
# "Northamptonshire Virtual School", "Social Work Academy", "Forest School".
_SERVICE_MARKERS = {
    "virtual", "hospital", "forest", "summer", "sunday", "pupil", "referral", "alternative", "training", "police",
    "nursing", "medical", "leadership", "fostering", "social", "home", "practice", "learning", "skills", "workforce",
    "practitioner", "business", "law", "royal", "safeguarding", "partnership", "council",
}  # fmt: skip
_NOT_SCHOOL_AFTER = re.compile(
    r"\s+(?:of|Trust|Trusts|Care|Mental|Health|Nurse|Nurses|Nursing|Team|Service|Services|Hospital|London"
    r"|University|Doctors?)\b"
)
_ATTENDS = re.compile(
    r"(?i:\b(?:attends?|attended|attending|pupils?\s+at|students?\s+at|started\s+at|moved\s+to|excluded\s+from"
    r"|enrolled\s+at|on\s+roll\s+at|transferred\s+to|place\s+at|went\s+to))\s+$"
)


_ENDS_A_SENTENCE = re.compile(r".*\w[\w'’)]*[.!?]")
# "St.", "Dr.", initials ("R.C.", "J."), the shortened words of school and
# place names ("Hillside Inf.", "Gt. Barford", "Wm. Hulme"): a full stop that
# ends no sentence.
_ABBREVIATION = re.compile(
    r"(?:St|Sts|Ss|Mt|Dr|Mr|Mrs|Ms|Revd?|Wm|Gt|Lt|Nr|Inf|Infs|Jnr|Jun|Jr|Prim|Comm|Sch|Acad|Sec|Upr|Lwr"
    r"|(?:[A-Za-z]\.)*[A-Za-z])\."
)

_RARE = "A school listed as rare in the area."
_DENOMINATION = re.compile(
    r"(?i)\b(?:church\s+of\s+england|c\s?of\s?e|cofe|roman\s+catholic|r\.?c\.?|ce|va|vc|catholic|methodist)(?!\w)"
)


def find_schools(text: str, *, rare: Iterable[str] = (), named: bool = True) -> list[Hit]:
    hits = _rare_school_hits(text, rare)
    if named:
        for match in near(text, _TYPE_WORD, SCHOOL, before=120, after=16):
            start, end = _trim(text, match)
            if start is None or _NOT_SCHOOL_AFTER.match(text, end):
                continue
            hits.append(
                Hit(
                    Kind.SCHOOL,
                    start,
                    end,
                    text[start:end],
                    "A named school: check whether it is small or rare enough in the area to identify a child.",
                )
            )
    return hits


def _trim(text: str, match: re.Match) -> tuple[int | None, int]:
    """Drop leading generic words ("at the", "Our"); None when nothing
    distinctive is left ("the Virtual School")."""
    words = list(re.finditer(r"[^\s]+", match.group("name")))
    # A name never runs on from the sentence before ("… RW1 2AB. Oakfield
    # Primary School", "… in May. Redwater Primary"): that would swallow
    # what ends it, a postcode's last letters among them.
    ends = [
        i
        for i, w in enumerate(words)
        if _ENDS_A_SENTENCE.fullmatch(w.group()) and not _ABBREVIATION.fullmatch(w.group())
    ]
    if ends:
        words = words[ends[-1] + 1 :]
    base = match.start("name")
    if any(fold(w.group()) in _SERVICE_MARKERS for w in words):
        return None, match.end()
    distinctive = [w for w in words if fold(w.group().rstrip(".")) not in _GENERIC]
    if not distinctive:
        return None, match.end()
    first = distinctive[0]
    # Keep "St" / "Saint" before a saint's name.
    index = words.index(first)
    if index and words[index - 1].group().rstrip(".") in {"St", "Saint"}:
        first = words[index - 1]
    return base + first.start(), match.end()


def _rare_school_hits(text: str, rare: Iterable[str]) -> list[Hit]:
    hits = []
    for name in rare:
        patterns = _rare_patterns(name)
        if patterns is None:
            continue
        with_type, alone = patterns
        for match in with_type.finditer(text):
            hits.append(Hit(Kind.SCHOOL, match.start(), match.end(), match.group(), _RARE))
        for match in alone.finditer(text):
            if _ATTENDS.search(text, max(0, match.start() - 30), match.start()):
                hits.append(Hit(Kind.SCHOOL, match.start(), match.end(), match.group(), _RARE))
    return hits


def _rare_patterns(name: str) -> tuple[re.Pattern, re.Pattern] | None:
    """For "St Anne's C of E Primary School": "St Anne's Primary", "Saint Anne's
    CE Primary School", "ST ANNES PRIMARY" ... (the distinctive words, then school
    words); and "St Anne's" alone after "attends", "a pupil at" ..."""
    plain = _DENOMINATION.sub(" ", name)
    core = [w for w in re.findall(r"[\w'’.&-]+", plain) if fold(w.rstrip(".")) not in _GENERIC]
    if not core:
        return None
    parts = []
    for word in core:
        key = word.rstrip(".")
        if key.casefold() in {"st", "saint"}:
            parts.append(r"(?:St\.?|Saint)")
        else:
            parts.append(re.escape(key).replace("'", "['’]?").replace("’", "['’]?"))
    body = r"[\s,]+".join(parts)
    with_type = re.compile(rf"(?i)\b{body}\b[\s,]+{_QUALIFIERS}{_TYPE}(?:\s+(?:School|Academy))?\b")
    alone = re.compile(rf"\b{body}\b(?![\s,]+{_QUALIFIERS}{_TYPE})")
    return with_type, alone
