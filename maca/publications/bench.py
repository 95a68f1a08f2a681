"""Timing of the publication safety check on a whole 6 Step Briefing.

Why: the check runs on every draft before approval, on the server, while a
person waits. The goal is 500 ms or less for the briefing of an audit of 60
cases, 12 agencies and about 1,500 findings, with every child and family
member of those cases held as a name. The briefing here is fictional and
built from templates written for maca; a few findings carry a name, a date of
birth, an address or a phone number, as a careless draft would.

Run: ``MACA_ENVIRONMENT=development python -m maca.publications.bench``
(no database is touched).
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time

GIVEN = [
    "Kayden", "Leanne", "Tegan", "Rhys", "Mason", "Ellie-Mae", "Zofia", "Kacper", "Amina", "Brooke", "Tia", "Lacey",
    "Harvey", "Keira", "Dean", "Courtney", "Jordan", "Shereen", "Tyler", "Hope", "Summer", "Callum", "Aaliyah",
    "Kobe", "Ruby", "Oskar", "Nevaeh", "Reggie", "Daisy", "Jayden",
]  # fmt: skip
SURNAMES = [
    "Ashworth", "Morrow", "Pemberton", "Calloway", "Nowicki", "Haworth", "Garside", "Qureshi", "Okonjo", "Brennan",
    "Pryce", "Kowalczyk", "Al-Rashid", "Wiśniewska", "O'Connell", "Marsh", "Hobbs", "Fletcher", "Blake", "Haldane",
]  # fmt: skip
AGENCIES = [
    "Children's Social Care", "Westshire Police", "the health visiting service", "the GP practice", "the school",
    "Early Help", "the MASH", "Housing", "CAMHS", "the midwifery service", "the Youth Justice Service", "Probation",
]  # fmt: skip
STRENGTHS = [
    "{agency} shared information promptly with partners after the incident, and recorded what was shared, with "
    "whom and why, so that the next worker could follow the reasoning.",
    "The voice of Child {letter} was recorded clearly in {agency}'s records, in the child's own words, and it "
    "shaped the plan: the visits were moved to after school at the child's request.",
    "{agency} made a timely referral and followed it up when no reply came within three working days, escalating "
    "to a manager in line with the partnership's escalation policy.",
    "Good joint working between {agency} and the school supported Child {letter}'s mother to attend the parenting "
    "course; both agencies attended the core group and shared the same view of progress.",
    "The plan was reviewed on time, the family were involved in each review, and the actions were specific enough "
    "for everyone to know who would do what by when.",
]
FINDINGS = [
    "There was no evidence that {agency} considered the father's history before the joint visit, although the "
    "police held information about previous violence that would have changed the risk assessment.",
    "Child {letter}'s sibling was not spoken to during the section 47 enquiry, so the assessment did not show what "
    "life was like for each child in the household.",
    "{agency} did not escalate when the referral was closed without an assessment; practitioners said they were "
    "not confident about using the escalation policy or who to contact.",
    "Chronologies were not shared before the conference, so the risk from the new partner was missed and the plan "
    "did not include any contingency if he returned to the home.",
    "The Early Help Assessment did not record who lived in the home; {percent}% of the cases audited showed the "
    "same gap, which the partnership has seen in earlier audits.",
    "The audit meeting on 14 March 2025 agreed that {agency} should review its use of the neglect toolkit, as the "
    "home conditions were described differently by each agency.",
    "Records did not show whether Child {letter} was seen alone on any of the {count} visits, or what the child "
    "said about home, school and friends.",
]
SLIPS = [
    "{name} told the school that she was frightened of her mother's partner.",
    "{first}'s mother moved to 27 Brookfield Road, WS4 7QJ, in the spring.",
    "The baby (DOB 04/05/2021) was seen by the GP; mother's mobile is 07700 900461.",
    "On 12 March 2022 {first} was taken to A&E with a head injury.",
]


def build_briefing(cases: int = 60, findings: int = 1500, seed: int = 7) -> tuple[str, list[str]]:
    """A 6 Step Briefing's text and the names held for its cases."""
    rng = random.Random(seed)  # noqa: S311 (fictional text, not secrets)
    names = []
    for _ in range(cases):
        surname = rng.choice(SURNAMES)
        names += [f"{rng.choice(GIVEN)} {surname}" for _ in range(rng.randint(3, 7))]
    parts = [
        "Multi-Agency Case Audit: 6 Step Briefing",
        "1. Theme and cases",
        f"Themes are set by the Partnership Board. {cases} cases were chosen at random from children open to "
        "services, balanced by age and level of need.",
        "2. Process",
        "Agencies completed the audit tool and a chronology for each case; partners met to agree the findings.",
    ]
    per_case = findings // cases
    for case in range(cases):
        letter = chr(ord("A") + case % 26) + ("" if case < 26 else str(case // 26))
        parts.append(f"Case {case + 1}")
        for item in range(per_case):
            template = rng.choice(STRENGTHS if item % 3 == 0 else FINDINGS)
            if rng.random() < 0.02:
                template = rng.choice(SLIPS)
            name = rng.choice(names)
            parts.append(
                "• "
                + template.format(
                    agency=rng.choice(AGENCIES),
                    letter=letter,
                    percent=rng.randint(10, 90),
                    count=rng.randint(2, 12),
                    name=name,
                    first=name.split()[0],
                )
            )
    parts += [
        "5. Recommendations: issues identified across multiple cases",
        "6. Good practice and evidence as a result of the audit",
        "Published by the Westshire Safeguarding Children Partnership, April 2025. "
        "For advice call the MASH on 0300 555 0100.",
    ]
    return "\n".join(parts), names


def bench_safety_check(runs: int = 7) -> dict:
    from maca.publications.safety import SafetyCheck

    text, names = build_briefing()
    started = time.perf_counter()
    check = SafetyCheck(names=tuple(names))
    prepare_ms = (time.perf_counter() - started) * 1000
    timings = []
    hits = []
    for _ in range(runs):
        started = time.perf_counter()
        hits = check.find(text)
        timings.append(time.perf_counter() - started)
    kinds: dict[str, int] = {}
    for hit in hits:
        kinds[str(hit.kind)] = kinds.get(str(hit.kind), 0) + 1
    return {
        "characters": len(text),
        "findings": text.count("\n• "),
        "names_held": len(set(names)),
        "prepare_ms": round(prepare_ms, 1),
        "median_ms": round(statistics.median(timings) * 1000, 1),
        "max_ms": round(max(timings) * 1000, 1),
        "hits": len(hits),
        "hits_by_kind": dict(sorted(kinds.items())),
        "goal_ms_at_most": 500,
        "met": statistics.median(timings) * 1000 <= 500,
    }


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maca.settings")
    json.dump(bench_safety_check(), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
