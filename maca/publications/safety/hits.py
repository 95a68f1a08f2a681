"""What the publication safety check reports: a `Hit` per identifier found.

The kinds are stable strings: pages, the audit log and the
``check_identifiers`` command all use them, so never rename one.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    NAME = "name"
    DATE_OF_BIRTH = "date_of_birth"
    DATE = "date"
    ADDRESS = "address"
    POSTCODE = "postcode"
    PHONE = "phone"
    EMAIL = "email"
    NHS_NUMBER = "nhs_number"
    NI_NUMBER = "ni_number"
    UPN = "upn"
    CASE_NUMBER = "case_number"
    SCHOOL = "school"
    VEHICLE_REGISTRATION = "vehicle_registration"
    # In a year's report: an audit's pseudonym without its audit's title
    # ("Child A", which every audit of the year has), found by
    # ``pseudonyms.bare_year_labels``, not by the detectors.
    BARE_PSEUDONYM = "bare_pseudonym"


KIND_LABELS = {
    Kind.NAME: "Name",
    Kind.DATE_OF_BIRTH: "Date of birth",
    Kind.DATE: "Date about a person",
    Kind.ADDRESS: "Address",
    Kind.POSTCODE: "Postcode",
    Kind.PHONE: "Phone number",
    Kind.EMAIL: "E-mail address",
    Kind.NHS_NUMBER: "NHS number",
    Kind.NI_NUMBER: "National Insurance number",
    Kind.UPN: "Unique pupil number",
    Kind.CASE_NUMBER: "Case or crime reference",
    Kind.SCHOOL: "School name",
    Kind.VEHICLE_REGISTRATION: "Vehicle registration",
    Kind.BARE_PSEUDONYM: "Pseudonym without its audit",
}

# When two hits overlap, the longer one is kept; at equal length the earlier
# kind in this list wins (a 3-3-4 number that passes the NHS check is an NHS
# number before it is a phone number).
PRIORITY = [
    Kind.NAME,
    Kind.NHS_NUMBER,
    Kind.NI_NUMBER,
    Kind.UPN,
    Kind.DATE_OF_BIRTH,
    Kind.EMAIL,
    Kind.POSTCODE,
    Kind.PHONE,
    Kind.VEHICLE_REGISTRATION,
    Kind.CASE_NUMBER,
    Kind.ADDRESS,
    Kind.SCHOOL,
    Kind.DATE,
]
_RANK = {kind: rank for rank, kind in enumerate(PRIORITY)}


@dataclass(frozen=True, slots=True)
class Hit:
    """One identifier: ``text[start:end]`` is what was found.

    ``held`` lists the names held for the audit's cases that the hit matched
    (empty for everything else); it is what a pseudonym is chosen from.
    """

    kind: str
    start: int
    end: int
    text: str
    reason: str
    held: tuple[str, ...] = ()

    def as_json(self, *, detail: bool = False) -> dict:
        data = {"kind": str(self.kind), "start": self.start, "end": self.end}
        if detail:
            data["text"] = self.text
            data["reason"] = self.reason
        return data


def resolve_overlaps(hits: list[Hit]) -> list[Hit]:
    """Keep one hit wherever hits overlap: the longest, then the stronger kind.

    A held name keeps priority over a longer unheld name only through the
    detectors themselves (unheld names skip what held names cover).
    """
    ordered = sorted(hits, key=lambda h: (-(h.end - h.start), _RANK.get(h.kind, 99), h.start))
    # Kept spans never overlap, so sorted by start they are sorted by end too.
    starts: list[int] = []
    kept: list[Hit] = []
    for hit in ordered:
        at = bisect_right(starts, hit.start)
        if at and kept[at - 1].end > hit.start:
            continue
        if at < len(kept) and kept[at].start < hit.end:
            continue
        starts.insert(at, hit.start)
        kept.insert(at, hit)
    return kept
