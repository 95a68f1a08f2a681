"""Numbers that belong to one person: NHS numbers, National Insurance numbers,
unique pupil numbers, case-system and crime references, vehicle registrations.

Numbers with a check digit (NHS, UPN) are recognised on their own when the
check holds; others only in their exact official shape (NI numbers) or next
to words that say what they are ("Mosaic ID", "crime ref", "LCS"). Section
numbers, years, statistics and "Case 4" are never long enough or never
introduced that way.
"""

from __future__ import annotations

import re

from .context import near
from .hits import Hit, Kind

NHS = re.compile(r"(?<![\w/.-])(\d{3})([ \t-]?)(\d{3})\2(\d{4})(?![\w/-]|\.\d)")
_NHS_ANCHOR = re.compile(r"(?i:\bNHS\s*(?:no\.?|number|num|#)?)[\s:#.]*$")
_NHS_ANCHORED = re.compile(r"\d[\d \t-]{8,14}\d")

NI = re.compile(
    r"(?<![\w])(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][ \t]?\d{2}[ \t]?\d{2}[ \t]?\d{2}[ \t]?[A-D]?"
    r"(?![\w])"
)
_NI_ANCHOR = re.compile(r"(?i:\b(?:national\s+insurance|NI|NINO)(?:\s*(?:no\.?|number))?)[\s:#.]*$")

UPN = re.compile(r"(?<![\w])[A-HJ-NP-RT-Z]\d{11}[\dA-HJ-NP-RT-Z](?![\w])")
_UPN_ANCHOR = re.compile(r"(?i:\b(?:UPN|unique\s+pupil\s+number|pupil\s+number))[\s:#.]*$")
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # 23 letters: no I, O or S

_SYSTEMS = (
    r"mosaic|lcs|liquid\s?logic|eclipse|care\s?first|frameworki|azeus|controcc|systm\s?one|emis|rio|lorenzo|niche"
    r"|athena|pnc|pnd|cad|ehm|synergy|capita\s+one|servelec|paris|ics"
)
_REFERENCE = (
    rf"(?:\b(?:{_SYSTEMS})(?:\s+(?:id|ref(?:erence)?|no\.?|number|case|person|client|record))*"
    r"|\b(?:case|client|person|child|crime|incident|occurrence|log|referral|record|file|job|court|claim|police"
    r"|csc|mash)\s*(?:ref(?:erence)?|number|no\.?|id|#)(?:\s+(?:no\.?|number))?"
    r"|\bref(?:erence)?(?:\s+(?:no\.?|number))?|\bURN|\bCRN|\bCR\s?no\.?|\bID)"
)
# A token that could be a reference: capitals, digits, slashes and dashes with a digit.
_ID_TOKEN = re.compile(r"[A-Z0-9][A-Z0-9/\-]*\d[A-Z0-9/\-]*")
_ANCHOR_BEFORE = re.compile(rf"(?i:{_REFERENCE})[\s:#=.]*(?:(?i:is|was|of)\s+)?$")
CASE_SHAPED = re.compile(
    r"[A-Z]{1,4}[/-]\d{4,}[/-]\d{2,4}|\d{2,4}/\d{5,}/\d{2,4}|[A-Z]{2,5}-?\d{5,}[A-Z]?|[A-Z]\d{6,}|[A-Z]{2,5}-\d{4,}-\d{2,6}"
)
_NOT_CASE_PREFIXES = ("ISO", "BS", "EN", "ISBN", "ISSN", "SI", "GDPR", "ICD", "PAS")
_YEARISH = re.compile(r"(?:19|20)\d{2}(?:[/-]\d{2}(?:\d{2})?)?$")
_DATEISH = re.compile(r"\d{1,2}[/-]\d{1,2}[/-]\d{2,4}$")

_DIGITS_2 = re.compile(r"\d{2,}")
_DIGITS_4 = re.compile(r"\d{3,}")
VEHICLE = re.compile(r"(?<![\w])[A-HJ-PR-Y][A-HJ-PR-Y](?:0[2-9]|[12]\d|5[1-9]|[67]\d)[ \t]?[A-HJ-PR-Z]{3}(?![\w])")


def nhs_check_digit_ok(digits: str) -> bool:
    """The NHS number's modulus 11 check (weights 10 to 2 on the first nine)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def upn_check_letter_ok(upn: str) -> bool:
    """The DfE check letter: weights 2 to 13 on characters 2 to 13, modulo 23."""
    if len(upn) != 13 or upn[0] not in _UPN_LETTERS:
        return False
    values = []
    for char in upn[1:]:
        if char.isdigit():
            values.append(int(char))
        elif char in _UPN_LETTERS:  # the last character of a temporary UPN
            values.append(_UPN_LETTERS.index(char))
        else:
            return False
    total = sum(v * w for v, w in zip(values, range(2, 14), strict=True))
    return _UPN_LETTERS[total % 23] == upn[0]


def find_numbers(text: str) -> list[Hit]:
    hits: list[Hit] = []
    for match in NHS.finditer(text):
        digits = match.group(1) + match.group(3) + match.group(4)
        if nhs_check_digit_ok(digits):
            hits.append(_hit(Kind.NHS_NUMBER, match, "An NHS number (its check digit is valid)."))
        elif _NHS_ANCHOR.search(text, max(0, match.start() - 20), match.start()):
            hits.append(_hit(Kind.NHS_NUMBER, match, "A number given as an NHS number."))
    for match in near(text, _DIGITS_2, NI, before=6, after=12):
        has_suffix = match.group()[-1].isalpha()
        if has_suffix or _NI_ANCHOR.search(text, max(0, match.start() - 30), match.start()):
            hits.append(_hit(Kind.NI_NUMBER, match, "A National Insurance number."))
    for match in near(text, _DIGITS_4, UPN, before=2, after=14):
        anchored = _UPN_ANCHOR.search(text, max(0, match.start() - 30), match.start())
        if upn_check_letter_ok(match.group()) or anchored:
            hits.append(_hit(Kind.UPN, match, "A unique pupil number."))
    for match in near(text, _DIGITS_2, VEHICLE, before=3, after=5):
        hits.append(_hit(Kind.VEHICLE_REGISTRATION, match, "A vehicle registration."))
    for match in _ID_TOKEN.finditer(text):
        start, end = match.span()
        if (start and (text[start - 1].isalnum() or text[start - 1] in "/-")) or (
            end < len(text) and text[end].isalnum()
        ):
            continue
        value = match.group().rstrip("/-")
        if not _long_enough(value):
            continue
        end = start + len(value)
        if _ANCHOR_BEFORE.search(text, max(0, start - 70), start):
            hits.append(Hit(Kind.CASE_NUMBER, start, end, value, "A reference in a case or crime recording system."))
        elif CASE_SHAPED.fullmatch(value) and not value.startswith(_NOT_CASE_PREFIXES):
            hits.append(Hit(Kind.CASE_NUMBER, start, end, value, "A reference number in the shape case systems use."))
    return hits


def _long_enough(value: str) -> bool:
    digits = sum(c.isdigit() for c in value)
    letters = sum(c.isalpha() for c in value)
    if _YEARISH.match(value) or _DATEISH.match(value):
        return False  # "2019", "2017/18", "2017-2018", "12/03/2019"
    return digits >= 4 or (digits >= 3 and letters >= 2)


def _hit(kind: Kind, match: re.Match, reason: str) -> Hit:
    return Hit(kind, match.start(), match.end(), match.group(), reason)
