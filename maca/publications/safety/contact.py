"""Phone numbers, e-mail addresses, postcodes and addresses.

A briefing often gives the number and mailbox of a service ("call the MASH
on 0300 ..."), and that is what it is for: it identifies nobody. So a phone
number is flagged unless it is a service's (a non-geographic 03/08/09/05
number, or a number introduced as a team's, helpline's or office's) and
nothing ties it to a person ("mother's mobile", a name just before it). An
e-mail address is flagged unless it is a role mailbox at an organisation
(``safeguarding@...``, ``mash.referrals@...``) with no person's name in it.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from .context import Spans, near, person_word_in, sentence_bounds
from .hits import Hit, Kind
from .lexicon import fold, given_names, surnames

PHONE = re.compile(
    r"(?<![\w+/.])(?:(?P<intl>(?:\+|00)[ \t]?44[ \t]?(?:\(0\)[ \t]?)?)|\(?0)"
    r"(?P<rest>[1-35789](?:[ \t\-.)]{0,2}\d){8,9})(?![\d/])"
)
# Numbers abroad (a relative's in Poland, a father's in Romania).
FOREIGN_PHONE = re.compile(r"(?<![\w+])\+(?!44)[1-9]\d{0,2}(?:[ \t\-.]?\(?\d{1,4}\)?){2,5}(?![\d/])")
_SERVICE_BEFORE = re.compile(
    r"(?:\b(?i:help\s*line|advice\s+line|line|hub|front\s+door|team|services?|council|partnership|office|cent(?:re|er)"
    r"|desk|switchboard|reception|duty|police|childline|samaritans|out\s+of\s+hours|referrals?|enquiries|call\s+the"
    r"|ring\s+the|phone\s+the|contact\s+the|consultation|hospital|surgery|practice|unit|clinic|training|booking"
    r"|bookings|events|secretariat|department|directorate|nspcc|mash|lado|edt|camhs|idva|marac|scp|lscb|lscp|scb"
    r"|icb|nhs\s+111|customer\s+services)\b"
    r"|\bthe\s+[A-Z]{3,}\b)[^.;\n]{0,40}$"
)
_PERSONAL_BEFORE = re.compile(
    r"(?:\b(?i:mother|mum|father|dad|parent|carer|grandmother|grandfather|nan|aunt|uncle|partner|boyfriend"
    r"|girlfriend|young\s+person|family|his|her|their|my)(?:['’]s)?\s+(?:[\w-]+\s+){0,2}?"
    r"(?i:mobile|phone|telephone|number|landline|contact|no\.?)"
    r"|\b(?i:mobile|mob|home\s+(?:phone|number|tel)|personal\s+(?:mobile|number|phone)|landline))[^.;\n]{0,25}$"
)

EMAIL = re.compile(r"(?<![\w.+'-])[\w+'-]+(?:\.[\w+'-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+")
_WEBMAIL = re.compile(
    r"@(?:gmail|googlemail|hotmail|outlook|live|yahoo|ymail|icloud|me|aol|btinternet|sky|virginmedia|talktalk"
    r"|protonmail|proton|msn|mail)\."
)
# Public bodies' domains: a named address there is a professional's.
_WORK_DOMAIN = re.compile(r"\.(?:gov|nhs|police|sch|ac|mod|parliament)\.uk$|@nhs\.net$|\.nhs\.net$|@cafcass\.gov\.uk$")
_ROLE_MAILBOX = re.compile(
    r"safeguard|mash|info|enquir|admin|contact|team|scp|lscb|lscp|scb|board|partner|quality|audit|learning|train"
    r"|hub|duty|referral|frontdoor|child|famil|earlyhelp|help|office|business|support|unit|lado|secure|hello|mail"
    r"|comms|communications|media|press|foi|dpo|data|privacy|feedback|complaint|reception|service|health|school"
    r"|admission|advice|customer|reply|web|case|review|practice|workforce|develop|police|hospital|nurse|clinic"
    r"|surgery|court|education|housing|social|care|council|gov|nhs|trust|group|project|general|project|office"
)

POSTCODE = re.compile(
    r"(?<![\w-])(?:(?P<upper>[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})"
    r"|(?P<lower>[a-pr-uwyz][a-hk-y]?\d[a-z\d]? \d[abd-hjlnp-uw-z]{2}))(?![\w-])"
)

_STREET = (
    r"(?:Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close|Drive|Crescent|Cres|Way|Gardens|Gdns|Terrace|Place|Grove|Court"
    r"|Walk|Row|Mews|Square|Sq|Hill|Park|Rise|View|Green|Parade|Vale|Fields|Meadows?|Croft|End|Wharf|Yard|Gate"
    r"|Chase|Boulevard|Brow|Bank|Heights|Dale|Glade|Wynd|Path|Approach|Circus|Cottages|Villas|Lawns?|Orchard|Nook)"
)
_STREET_NAME = r"(?:[A-Z][\w'’-]*[ \t]+){1,3}"
_AGENCY_WORDS = {
    "family", "crown", "magistrates", "county", "youth", "children's", "childrens", "early", "help", "care",
    "health", "police", "social", "mental", "support", "safe", "child", "protection", "conference", "case",
    "review", "panel", "board", "section", "tier", "year", "level", "key", "stage", "phase", "step",
    "mash", "team", "service", "services", "act", "working", "together", "signs", "safety",
}  # fmt: skip
_COURTS = re.compile(r"\b(?:High|Crown|County|Magistrates['’]?|Youth|Family|Coroner['’]?s)\s+Court\b")
NUMBERED_ADDRESS = re.compile(
    r"(?<![\w/.,£$%])(?:(?:Flat|FLAT|Apartment|Apt|flat)[ \t]+\d+[A-Za-z]?,?[ \t]+)?"
    rf"\d{{1,4}}[A-Za-z]?(?:[ \t]*[-–][ \t]*\d{{1,4}})?,?[ \t]+(?P<name>{_STREET_NAME}){_STREET}\b\.?"
)
FLAT = re.compile(
    r"\b(?:Flat|FLAT|Apartment|Apt\.?)[ \t]+\d+[A-Za-z]?\b|\bflat[ \t]+\d+[a-z]?(?=,|[ \t]+(?:at|in|of)\b)"
)
RESIDENCE_STREET = re.compile(
    r"\b(?i:lives?|lived|living|moved|moving|resides?|resided|residing|address(?:\s+(?:is|was))?|staying|stayed"
    r"|housed|rehoused|relocated|property|home)\b[^.;\n]{0,30}?\b(?:on|at|in|to|of)[ \t]+(?:the[ \t]+)?"
    rf"(?P<street>{_STREET_NAME}{_STREET})\b"
)


_AT = re.compile("@")
_INWARD = re.compile(r"\d[A-Za-z]{2}(?![\w-])")
_STREET_WORD = re.compile(rf"{_STREET}\b")  # no leading \b: a literal first letter scans faster
_FLAT_WORD = re.compile(r"(?i:\b(?:flat|apartment|apt)\b)")


def find_phones(text: str, names: Spans) -> list[Hit]:
    hits = []
    for match in FOREIGN_PHONE.finditer(text):
        if 8 <= sum(c.isdigit() for c in match.group()) <= 15:
            hits.append(Hit(Kind.PHONE, match.start(), match.end(), match.group(), "A phone number abroad."))
    for match in PHONE.finditer(text):
        rest = re.sub(r"\D", "", match.group("rest"))
        start, end = match.span()
        if text[start] == "(" and ")" not in match.group():
            start += 1
        left, _ = sentence_bounds(text, start, end, reach=80)
        window = max(left, start - 70)
        personal = _PERSONAL_BEFORE.search(text, window, start) or names.any_within(max(left, start - 50), start)
        non_geographic = rest[0] in "3589"
        service = non_geographic or _SERVICE_BEFORE.search(text, window, start)
        if personal:
            reason = "A phone number given for a person."
        elif service:
            continue  # a service's number, published on purpose
        elif rest.startswith("7"):
            reason = "A mobile phone number not given as a service’s."
        else:
            reason = "A phone number not given as a service’s: if it is a service’s, keep it with that reason."
        hits.append(Hit(Kind.PHONE, start, end, text[start:end], reason))
    return hits


def find_emails(text: str, held_keys: Collection[str]) -> list[Hit]:
    hits = []
    personal_names = given_names() | surnames()
    for match in near(text, _AT, EMAIL, before=70, after=260):
        address = match.group()
        local = address.split("@")[0]
        parts = [fold(p) for p in re.split(r"[._+'-]", local) if p]
        named = any(p in personal_names for p in parts) or (len(parts) >= 2 and len(parts[0]) == 1)
        if any(p in held_keys for p in parts):
            reason = "An e-mail address with a name held for the case."
        elif _WEBMAIL.search(address.lower()):
            reason = "An e-mail address at a personal mail service."
        elif _ROLE_MAILBOX.search(local.lower()) and not named:
            continue  # a role mailbox (safeguarding@, mash.referrals@): published on purpose
        elif _WORK_DOMAIN.search(address.lower()):
            continue  # a professional's work address at a public body ("sue.ellison@westshire.gov.uk")
        else:
            reason = "An e-mail address that is not a service’s mailbox."
        hits.append(Hit(Kind.EMAIL, match.start(), match.end(), address, reason))
    return hits


# A partnership's or a council's own address, given for correspondence, or
# the venue of a meeting or a training event.
_ORGANISATION_ADDRESS = re.compile(
    r"\b(?:Council|Partnership|Business\s+Unit|County\s+Hall|Town\s+Hall|Civic\s+Cent(?:re|er)|Guildhall|Offices"
    r"|P\.?\s?O\.?\s+Box|Headquarters|SCP|LSCB|LSCP|SCB|Safeguarding\s+Children|Board)\b"
    r"|(?i:\bwrite\s+to\b|postal\s+address|correspondence|\bvenue\b|\bmeeting\b|\bmet\b|\bpanel\b|\btraining\b"
    r"|\bworkshop|\bseminar|\bconference\b|\blearning\s+event|\bbriefing\s+session)"
)


def _organisation_address(text: str, start: int, end: int, names: Spans) -> bool:
    left, right = sentence_bounds(text, start, end, reach=160)
    if not _ORGANISATION_ADDRESS.search(text, left, right):
        return False
    return not (names.any_within(left, right) or person_word_in(text, left, right))


def find_postcodes(text: str, names: Spans) -> list[Hit]:
    return [
        Hit(Kind.POSTCODE, m.start(), m.end(), m.group(), "A full postcode (a few dozen homes).")
        for m in near(text, _INWARD, POSTCODE, before=9, after=0)
        if not _organisation_address(text, m.start(), m.end(), names)
    ]


def find_addresses(text: str, names: Spans) -> list[Hit]:
    hits = []
    for match in near(text, _STREET_WORD, NUMBERED_ADDRESS, before=90, after=2):
        if _organisation_address(text, match.start(), match.end(), names):
            continue
        words = {w.casefold() for w in match.group("name").split()}
        if words & _AGENCY_WORDS or re.match(r"(?:19|20)\d\d\b", text[match.start() : match.start() + 5]):
            continue  # "2 Family Court hearings", "In 2019 Green Park ..."
        if _COURTS.search(match.group()):
            continue  # "3 High Court hearings"
        end = match.end() - (1 if match.group().endswith(".") else 0)
        hits.append(Hit(Kind.ADDRESS, match.start(), end, text[match.start() : end], "A house number and street."))
    for match in near(text, _FLAT_WORD, FLAT, before=1, after=12):
        hits.append(Hit(Kind.ADDRESS, match.start(), match.end(), match.group(), "A flat or apartment number."))
    for match in near(text, _STREET_WORD, RESIDENCE_STREET, before=150, after=2):
        start, end = match.span("street")
        if {w.casefold() for w in match.group("street").split()} & _AGENCY_WORDS:
            continue
        hits.append(Hit(Kind.ADDRESS, start, end, match.group("street"), "The street where someone lives."))
    return hits
