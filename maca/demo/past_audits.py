"""Two earlier years of Wyvernshire’s audits, brought in as a partnership brings
in its past briefings: through ``import_audit``'s format (docs/audit-json.md)
and service. So recurrence shows from the first day: fathers left out, the
child’s voice, information reaching schools late and escalation come back
year after year. Every word is made up for the demo; no child or family is
real.
"""

from __future__ import annotations

from django.utils import timezone

from maca.programme.services import business_year

POLICE = "Wyvern and Fenmoor Police"
CSC = "Wyvernshire Children’s Social Care"
HEALTH = "Wyvernshire Community Health NHS Trust"
SCHOOL = "Redwater Primary School"
HOUSING = "Redwater Borough Council Housing"


def _f(case, polarity, text, themes, agency=None, kind="finding") -> dict:
    return {"case": case, "polarity": polarity, "kind": kind, "agency": agency, "text": text, "themes": themes}


def two_years_ago(year: int) -> list[dict]:
    return [
        {
            "format": "maca-audit",
            "version": 1,
            "audit": {
                "title": "Toddlers in households with domestic abuse",
                "theme": "How agencies respond when a child under three lives with domestic abuse.",
                "kind": "themed",
                "year": year,
                "meeting_date": f"{year}-10-14",
                "children": 9,
            },
            "themes": [],
            "cases": [
                {"number": 1, "service_level": "child_in_need", "flags": ["domestic_abuse"], "agreed_grade": "Good"},
                {
                    "number": 2,
                    "service_level": "child_protection",
                    "flags": ["domestic_abuse", "substance_misuse"],
                    "agreed_grade": "Requires improvement",
                },
                {"number": 3, "service_level": "early_help", "flags": [], "agreed_grade": "Requires improvement"},
                {"number": 4, "service_level": "child_in_need", "flags": ["domestic_abuse"], "agreed_grade": "Good"},
            ],
            "findings": [
                _f(
                    1,
                    "strength",
                    "Officers described the toddler’s behaviour at each call-out, not only the adults'.",
                    ["voice_of_child", "domestic_abuse"],
                    POLICE,
                ),
                _f(
                    1,
                    "concern",
                    "Nobody asked the mother’s new partner who he was or what part he played at home.",
                    ["think_family", "professional_curiosity"],
                ),
                _f(
                    2,
                    "concern",
                    "The notice of the third incident took eleven days to reach the nursery.",
                    ["information_sharing", "timeliness"],
                ),
                _f(
                    2,
                    "concern",
                    "The plan named the mother alone; the father’s drinking was "
                    "written down but never discussed with him.",
                    ["think_family", "mental_health_substance"],
                    CSC,
                ),
                _f(
                    3,
                    "concern",
                    "Family support was offered twice, turned down twice, and nothing else was tried.",
                    ["early_help", "professional_curiosity"],
                ),
                _f(
                    4,
                    "strength",
                    "The health visitor asked about safety at home when the "
                    "mother was alone, and wrote down what she said.",
                    ["domestic_abuse", "health"],
                    HEALTH,
                ),
                _f(
                    4,
                    "concern",
                    "The risk checklist was done once and not repeated after the couple got back together.",
                    ["domestic_abuse", "assessment_planning"],
                    POLICE,
                ),
                _f(
                    None,
                    "concern",
                    "Across the four cases, what the toddlers saw and heard was "
                    "rarely recorded in their own words or behaviour.",
                    ["voice_of_child", "recording_chronologies"],
                ),
            ],
            "recommendations": [
                {
                    "text": (
                        "Every assessment of a household with domestic abuse names each adult in "
                        "the home and records an attempt to speak with each of them."
                    ),
                    "status": "confirmed",
                    "themes": ["think_family"],
                    "findings": [1, 3],
                },
                {
                    "text": (
                        "Police notices about a child under five reach the nursery or school within two working days."
                    ),
                    "status": "confirmed",
                    "themes": ["information_sharing"],
                    "findings": [2],
                },
            ],
        },
        {
            "format": "maca-audit",
            "version": 1,
            "audit": {
                "title": "Children missing from school",
                "theme": "Whether children who miss a lot of school are noticed, and whether anyone asks why.",
                "kind": "themed",
                "year": year,
                "meeting_date": f"{year + 1}-02-10",
                "children": 6,
            },
            "themes": [],
            "cases": [
                {
                    "number": 1,
                    "service_level": "early_help",
                    "flags": ["missing"],
                    "agreed_grade": "Requires improvement",
                },
                {"number": 2, "service_level": "child_in_need", "flags": ["homelessness"], "agreed_grade": "Good"},
                {"number": 3, "service_level": "none", "flags": [], "agreed_grade": "Inadequate"},
            ],
            "findings": [
                _f(
                    1,
                    "concern",
                    "Absence was counted each week but nobody asked the child where she went.",
                    ["education", "voice_of_child"],
                    SCHOOL,
                ),
                _f(
                    2,
                    "strength",
                    "Housing told the school the same day the family moved into temporary rooms.",
                    ["housing", "information_sharing"],
                    HOUSING,
                ),
                _f(
                    3,
                    "concern",
                    "The school’s worry about the family was not passed on when the child moved school.",
                    ["information_sharing", "education"],
                ),
                _f(
                    3,
                    "concern",
                    "The school disagreed with the decision to take no further "
                    "action but did not use the escalation policy.",
                    ["challenge_escalation"],
                    SCHOOL,
                ),
                _f(
                    None,
                    "strength",
                    "After the audit, schools were given a one-page guide to raising a disagreement.",
                    ["challenge_escalation", "training_guidance"],
                    None,
                    "good_practice",
                ),
            ],
            "recommendations": [
                {
                    "text": "A child’s safeguarding file goes with them to their new school within five school days.",
                    "status": "confirmed",
                    "themes": ["information_sharing", "education"],
                    "findings": [2],
                }
            ],
        },
    ]


def last_year(year: int) -> list[dict]:
    return [
        {
            "format": "maca-audit",
            "version": 1,
            "audit": {
                "title": "Babies and the adults around them",
                "theme": "Whether professionals know who lives with and cares for a baby under one.",
                "kind": "themed",
                "year": year,
                "meeting_date": f"{year}-11-18",
                "children": 7,
            },
            "themes": [],
            "cases": [
                {
                    "number": 1,
                    "service_level": "child_protection",
                    "flags": ["neglect"],
                    "agreed_grade": "Requires improvement",
                },
                {
                    "number": 2,
                    "service_level": "child_in_need",
                    "flags": ["parental_mental_health"],
                    "agreed_grade": "Good",
                },
                {
                    "number": 3,
                    "service_level": "child_in_need",
                    "flags": ["domestic_abuse"],
                    "agreed_grade": "Requires improvement",
                },
                {"number": 4, "service_level": "early_help", "flags": [], "agreed_grade": "Good"},
            ],
            "findings": [
                _f(
                    1,
                    "concern",
                    "Three different men were mentioned in the records and none was ever seen by a professional.",
                    ["think_family", "professional_curiosity"],
                ),
                _f(
                    1,
                    "concern",
                    "The GP was not invited to the conference and heard about the plan a month later.",
                    ["information_sharing", "child_protection_process", "health"],
                ),
                _f(
                    2,
                    "strength",
                    "The perinatal team and the health visitor visited together and agreed one plan with the mother.",
                    ["multi_agency_working", "mental_health_substance"],
                    HEALTH,
                ),
                _f(
                    3,
                    "concern",
                    "The father’s violence in an earlier relationship was known to "
                    "the police but not asked about by anyone else.",
                    ["think_family", "domestic_abuse", "information_sharing"],
                ),
                _f(
                    3,
                    "concern",
                    "The baby was described as 'fine' at every visit with nothing about how he was handled or fed.",
                    ["voice_of_child", "recording_chronologies"],
                    CSC,
                ),
                _f(
                    4,
                    "strength",
                    "The early help worker noticed the baby’s weight had dropped "
                    "and arranged a GP appointment the same day.",
                    ["early_help", "health"],
                ),
                _f(
                    None,
                    "concern",
                    "Managers signed off plans that named only the mother as the baby’s carer.",
                    ["management_oversight", "think_family"],
                ),
            ],
            "recommendations": [
                {
                    "text": (
                        "Supervisors check that every plan for a baby names each adult who "
                        "cares for the baby, and say so in the supervision record."
                    ),
                    "status": "confirmed",
                    "themes": ["think_family", "management_oversight"],
                    "findings": [0, 3, 6],
                },
                {
                    "text": "Records of a visit to a baby say how the baby looked, responded and was handled.",
                    "status": "confirmed",
                    "themes": ["voice_of_child"],
                    "findings": [4],
                },
            ],
        }
    ]


def load_past_audits() -> int:
    """Import the demo’s past audits into Wyvernshire, once each; how many were new."""
    import json

    from maca.accounts.models import User
    from maca.findings.audit_transfer import audit_import
    from maca.partnerships.models import Partnership
    from maca.programme.models import Audit

    partnership = Partnership.objects.filter(slug="wyvernshire").first()
    if partnership is None:
        return 0
    qa = User.objects.filter(email="qa@wyvernshire.example").first()
    this_year = business_year(timezone.localdate())
    added = 0
    for data in [*two_years_ago(this_year - 2), *last_year(this_year - 1)]:
        if Audit.objects.filter(partnership=partnership, title=data["audit"]["title"]).exists():
            continue
        audit_import(actor=qa, partnership=partnership, raw=json.dumps(data).encode())
        added += 1
    if added:
        # Read at once, so that "findings like this one" compares meanings from
        # the first page (the import queued the same for the worker, which
        # will then find nothing left to read).
        from maca.findings.meaning import meanings_fill

        meanings_fill(partnership=partnership, actor=qa)
    return added
