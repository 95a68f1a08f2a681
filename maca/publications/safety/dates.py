"""Dates of birth, and full dates that say when something happened to a person.

A date alone identifies no one, and briefings are full of them: when the
audit meeting was held, when a report was published, the year of an Act. A
date identifies when it is tied to a person: a date of birth, or the day a
named or described child was admitted, removed, seen. So:

- ``date_of_birth``: any date (a full date, a day and month, a month and
  year) next to "DOB", "date of birth", "born", "EDD"...;
- ``date``: a day-month-year date in a sentence about a particular person (a
  name, "Child A", "the baby", "mother", "her", ...), unless the date belongs
  to the audit's own business ("the meeting on 11 April 2018", "published",
  "by 3 May 2019") or is one end of a reporting period.
"""

from __future__ import annotations

import re

from .context import Spans, about_a_person, near, sentence_bounds
from .hits import Hit, Kind

_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_MONTH = (
    r"(?i:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?)"
)
_YEAR = r"(?:19|20)\d{2}"
_WEEKDAY = r"(?:(?i:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_SEP = r"[ \t\-]+(?:of[ \t]+)?"
_NUM_DAY = r"(?:3[01]|[12]\d|0?[1-9])"
_NUM_MONTH = r"(?:1[0-2]|0?[1-9])"

DATES = re.compile(
    r"(?<![\w/.])(?:"
    rf"(?P<dmy>{_WEEKDAY}{_DAY}{_SEP}{_MONTH},?[ \t\-]+(?:{_YEAR}|['’]\d{{2}}))"
    rf"|(?P<mdy>{_WEEKDAY}{_MONTH}[ \t]+{_DAY},?[ \t]+{_YEAR})"
    rf"|(?P<num>{_NUM_DAY}(?P<sep>[/\-.]){_NUM_MONTH}(?P=sep)(?:{_YEAR}|\d{{2}}))"
    rf"|(?P<iso>{_YEAR}-(?:1[0-2]|0[1-9])-(?:3[01]|[12]\d|0[1-9]))"
    rf"|(?P<dm>{_DAY}{_SEP}{_MONTH})"
    rf"|(?P<my>{_MONTH},?[ \t]+{_YEAR})"
    rf"|(?P<nmy>{_NUM_MONTH}/{_YEAR})"
    r")(?![\w/]|\.\d)"
)
_FULL = ("dmy", "mdy", "num", "iso")
# Every date has a month name or a digit-separator-digit; the trigger finds those.
_TRIGGER = re.compile(
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|january"
    r"|february|april|june|july|august|september|october|november|december)|\d[/.\-]\d"
)

_DOB_BEFORE = re.compile(
    r"(?i:\bd\.?\s?o\.?\s?b\b\.?|\bdate\s+of\s+birth|\bbirth\s*date|\bborn(?:\s+(?:on|in))?|\bb\.|\be\.?d\.?d\b\.?"
    r"|\b(?:expected|estimated)\s+(?:due\s+)?date(?:\s+of\s+(?:delivery|birth))?|\bbirthday(?:\s+(?:is|on))?)"
    r"[\s:=\-–(]*(?:(?i:is|was|of|being|as)\b[^.;\n]{0,24}?)?[\s:=\-–(]*$"
)
_DOB_AFTER = re.compile(r"\s*(?:\(\s*)?(?i:d\.?\s?o\.?\s?b\b|date\s+of\s+birth|e\.?d\.?d\b)")
_BORN_AFTER = re.compile(r"\s*(?:\(\s*)?(?i:born)\b")

# The audit's own business, just before the date (within the clause) ...
_BUSINESS_BEFORE = re.compile(
    r"(?i:\b(?:meetings?|audits?|audited|panels?|boards?|sub[\s-]?groups?|committee|forum|published|publication"
    r"|issued|updated|revised|approved|ratified|signed\s+off|version|training|workshops?|seminars?|launched"
    r"|circulated|briefing|deadline|minutes|agenda|(?:partners|members|group|panel|board|agencies|we|they)\s+met)\b"
    r"[^.;\n]{0,50}$"
    r"|\b(?:by|until|till|before|between|dated|as\s+(?:at|of)|no\s+later\s+than|w/?c|week\s+commencing"
    r"|period|ending|ended)\s*$)"
)
# A reporting period: "between 1 April 2019 and 31 March 2020", "from ... to ...".
_RANGE_OPEN = re.compile(r"(?i:\b(?:between|from|period(?:\s+of)?|covering|during|for)\s*)$")
_RANGE_AFTER = re.compile(r"\s*(?:-|–|—|(?i:to|until|till|and|through))\s*\d")
_RANGE_SECOND = re.compile(
    r"(?i:\b(?:between|from|period(?:\s+of)?|covering|during|for)\s+\d[^.;\n]{3,30}?\s*(?:-|–|—|to|until|till|and|through))"
    r"\s*$"
)
# ... or just after it ("On 11 April 2018 the audit meeting considered ...").
_BUSINESS_AFTER = re.compile(
    r"[\s,]*(?:(?i:the|a|our|this|their)\s+)?(?:[\w'’-]+\s+){0,3}?(?i:meeting|panel|board|audit|sub[\s-]?group"
    r"|committee|workshop|training|session|briefing|report|partners\s+met|members\s+met)\b"
)


def find_dates(text: str, names: Spans) -> list[Hit]:
    hits = []
    for match in near(text, _TRIGGER, DATES, before=36, after=30):
        form = next(k for k in ("dmy", "mdy", "num", "iso", "dm", "my", "nmy") if match.group(k))
        start, end = match.span()
        if _is_date_of_birth(text, start, end):
            hits.append(Hit(Kind.DATE_OF_BIRTH, start, end, match.group(), "A date of birth (or expected birth)."))
            continue
        if form not in _FULL or (form == "num" and not _plausible_numeric(match.group())):
            continue
        if _is_business(text, start, end):
            continue
        why = about_a_person(text, start, end, names)
        if why:
            hits.append(Hit(Kind.DATE, start, end, match.group(), f"A full date in a sentence about a person ({why})."))
    return hits


def _plausible_numeric(value: str) -> bool:
    """ "12/03/2019" or "12.03.2019" yes; "3.4.12" or "1.2.15" (section numbers)
    no: with dots, a two-digit year needs two-digit days and months."""
    parts = re.split(r"[/\-.]", value)
    return not ("." in value and len(parts[2]) == 2 and (len(parts[0]) == 1 or len(parts[1]) == 1))


def _is_date_of_birth(text: str, start: int, end: int) -> bool:
    # Not the sentence: "D.O.B." ends in a full stop.
    left = text.rfind("\n", max(0, start - 60), start) + 1 or max(0, start - 60)
    if _DOB_BEFORE.search(text, max(left, start - 60), start):
        return True
    return bool(_DOB_AFTER.match(text, end, min(len(text), end + 16)))


# Meetings about one child are case events, not the audit's business.
_CASE_MEETING = re.compile(
    r"(?i:strategy|core\s+group|conference|child\s+in\s+need|CIN|TAF|team\s+around\s+the\s+(?:family|child)"
    r"|professionals['’]?|network|family\s+group|discharge|MARAC|MAPPA|child\s+protection|CP|LAC|PEP|EHCP"
    r"|looked\s+after|planning)\s+(?:meetings?|discussions?|panel)\b"
)


def _is_business(text: str, start: int, end: int) -> bool:
    left, _ = sentence_bounds(text, start, end, reach=80)
    before = _BUSINESS_BEFORE.search(text, max(left, start - 80), start)
    if before and not _CASE_MEETING.search(text, max(left, before.start() - 40), start):
        return True
    if _RANGE_SECOND.search(text, max(left, start - 60), start):
        return True
    if _RANGE_OPEN.search(text, max(left, start - 20), start) and _RANGE_AFTER.match(text, end):
        return True
    after = _BUSINESS_AFTER.match(text, end, min(len(text), end + 60))
    return bool(after) and not _CASE_MEETING.search(text, end, after.end() + 10)
