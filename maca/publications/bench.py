"""Timing of the publication safety check on a whole 6 Step Briefing.

Why: the check runs on every draft before approval, on the server, while a
person waits. The goal is 500 ms or less for the briefing of an audit of 60
cases, 12 agencies and about 1,500 findings, with every child and family
member of those cases held as a name. The briefing here is fictional and
built from templates written for maca; a few findings carry a name, a date of
birth, an address or a phone number, as a careless draft would.

Run: ``MACA_ENVIRONMENT=development python -m maca.publications.bench``
(no database is touched).

``bench_publications()`` (called by ``maca/bench.py``, which gives it a
throwaway database) builds the same audit in the database (60 cases, 12
agencies, 1,500 findings tagged with themes, a child's and a parent's names
held for every case), drafts its 6 Step Briefing through the service, and
times it rendered as HTML, Word and PDF and checked for identifiers as the
approval page checks it. Goals: HTML 300 ms, Word 1 s, PDF 4 s, check 500 ms.
"""

from __future__ import annotations

import json
import os
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


def _audit_in_database():
    """60 cases × 12 agencies, 25 findings a case, names held for each case."""
    import datetime as dt

    from maca.accounts.models import User
    from maca.accounts.services import membership_create
    from maca.cases.models import Case, Child
    from maca.findings.models import Finding, FindingTag, Recommendation, Theme
    from maca.partnerships.models import AgencyKind
    from maca.partnerships.services import agency_create, partnership_create
    from maca.programme.models import Audit, Programme, Stage
    from maca.publications.models import Pseudonym
    from maca.publications.pseudonyms import ensure_pseudonyms
    from maca.selection.models import Assignment, AuditCase

    rng = random.Random(11)  # noqa: S311 (fictional text, not secrets)
    partnership = partnership_create(
        actor=None,
        name="Printshire Safeguarding Children Partnership",
        short_name="Printshire",
        slug="printshire-bench",
    )
    agencies = [
        agency_create(actor=None, partnership=partnership, name=name.capitalize(), kind=AgencyKind.OTHER)
        for name in AGENCIES
    ]
    qa = User.objects.create_user(email="print-qa@bench.example", full_name="Print QA", password="x" * 20)
    membership_create(actor=None, user=qa, partnership=partnership, role="qa_officer")
    programme = Programme.objects.create(partnership=partnership, year=2026)
    audit = Audit.objects.create(
        partnership=partnership,
        programme=programme,
        title="Neglect in families with babies",
        theme="How well agencies recognise and respond to neglect of babies and toddlers.",
        target_cases=60,
        stage=Stage.WRITING_UP,
        planned_meeting_date=dt.date(2026, 11, 12),
        lead=qa,
    )
    cases = Case.objects.bulk_create(
        [Case(partnership=partnership, reference=f"P-{i:05d}", children_count=2) for i in range(60)]
    )
    Child.objects.bulk_create(
        [Child(partnership=partnership, case=c, reference=f"{c.reference}-{n}") for c in cases for n in (1, 2)]
    )
    audit_cases = AuditCase.objects.bulk_create(
        [
            AuditCase(partnership=partnership, audit=audit, case=case, number=i + 1, source="drawn")
            for i, case in enumerate(cases)
        ]
    )
    Assignment.objects.bulk_create(
        [Assignment(partnership=partnership, audit_case=ac, agency=agency) for ac in audit_cases for agency in agencies]
    )
    themes = list(Theme.objects.filter(partnership=partnership))
    # Themes confirmed, as the meeting confirms them: only those count in a briefing.
    confirmed = dt.datetime(2026, 11, 12, 12, tzinfo=dt.UTC)
    findings = []
    for audit_case in audit_cases:
        letter = audit_case.number
        for item in range(25):
            template = rng.choice(STRENGTHS if item % 3 == 0 else FINDINGS)
            findings.append(
                Finding(
                    partnership=partnership,
                    audit=audit,
                    audit_case=audit_case,
                    agency=rng.choice(agencies),
                    polarity="strength" if item % 3 == 0 else "concern",
                    text=template.format(
                        agency=rng.choice(AGENCIES),
                        letter=f"Child {letter}",
                        percent=rng.randint(10, 90),
                        count=rng.randint(2, 12),
                    ).replace("Child Child", "Child"),
                    tags_confirmed_at=confirmed,
                    tags_confirmed_by=qa,
                )
            )
    findings = Finding.objects.bulk_create(findings)
    FindingTag.objects.bulk_create(
        [FindingTag(partnership=partnership, finding=f, theme=rng.choice(themes), confirmed_by=qa) for f in findings]
    )
    for n in range(8):
        Recommendation.objects.create(
            partnership=partnership, audit=audit, text=f"Recommendation {n + 1}: {FINDINGS[n % 5][:80]}", created_by=qa
        )
    ensure_pseudonyms(actor=qa, audit=audit)
    for pseudonym in Pseudonym.objects.filter(audit=audit, relation=""):
        surname = rng.choice(SURNAMES)
        from maca.core.fields import seal

        pseudonym.names = seal([f"{rng.choice(GIVEN)} {surname}", f"{rng.choice(GIVEN)} {surname}"])
        pseudonym.save(update_fields=["names"])
    return partnership, audit, qa


CPU_MS: dict[str, float] = {}


def _median_ms(run, times: int, *, name: str) -> tuple[float, object]:
    """The median wall-clock time of ``times`` runs; the median processor time
    goes into ``CPU_MS[name]`` (on a shared machine the wall clock also counts
    the time other processes held the processor)."""
    timings, cpu = [], []
    result = None
    for _ in range(times):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = run()
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    CPU_MS[name] = round(statistics.median(cpu) * 1000, 1)
    return round(statistics.median(timings) * 1000, 1), result


def bench_publications() -> dict:
    """The 6 Step Briefing of a 60-case audit with 1,500 findings, from the database."""
    from maca.publications import checking, rendering, services
    from maca.publications.document import Document
    from maca.publications.models import Kind

    partnership, audit, qa = _audit_in_database()
    started = time.perf_counter()
    publication = services.publication_create(actor=qa, partnership=partnership, kind=Kind.SIX_STEP, audit=audit)
    draft_ms = round((time.perf_counter() - started) * 1000, 1)
    version = publication.versions.get()
    letterhead = rendering.Letterhead(partnership.name)

    def document():
        return Document.from_json(version.document)

    # A server imports WeasyPrint once per process, not once per PDF: the import is
    # timed on its own, the PDF after it.
    started_cpu = time.process_time()
    import weasyprint  # noqa: F401

    import_ms = round((time.process_time() - started_cpu) * 1000, 1)
    html_ms, html = _median_ms(lambda: str(rendering.html_fragment(document(), letterhead)), 5, name="html_ms")
    word_ms, word = _median_ms(lambda: rendering.docx_bytes(document(), letterhead), 3, name="word_ms")
    pdf_ms, pdf = _median_ms(lambda: rendering.pdf_bytes(document(), letterhead), 1, name="pdf_ms")
    check_ms, hits = _median_ms(lambda: checking.check_version(version), 5, name="safety_check_ms")
    # Once published, the PDF is rendered at the first download and kept (publications.files).
    from maca.publications import files
    from maca.publications.models import PublicationVersion, Status

    PublicationVersion.objects.filter(pk=version.pk).update(status=Status.PUBLISHED)
    version.refresh_from_db()
    files.file_of(version, letterhead, "pdf", rendering.pdf_bytes)
    kept_ms, _kept = _median_ms(
        lambda: files.file_of(version, letterhead, "pdf", rendering.pdf_bytes), 5, name="published_pdf_kept_ms"
    )
    goals = {"html_ms": 300, "word_ms": 1000, "pdf_ms": 4000, "safety_check_ms": 500}
    figures = {"html_ms": html_ms, "word_ms": word_ms, "pdf_ms": pdf_ms, "safety_check_ms": check_ms}
    return {
        "findings": 1500,
        "characters": sum(len(text) for _address, text in document().fields()),
        "draft_from_database_ms": draft_ms,
        **figures,
        "published_pdf_again_ms": kept_ms,
        "processor_ms": dict(CPU_MS),
        "weasyprint_import_processor_ms": import_ms,
        "load_average": [round(x, 1) for x in os.getloadavg()],
        "html_bytes": len(html),
        "word_bytes": len(word),
        "pdf_bytes": len(pdf),
        "hits": len(hits),
        "goals": goals,
        "met": all(figures[k] <= goals[k] for k in goals),
        # Processor seconds against the same goals: the steadier reading on a busy machine.
        "cpu_met": all(CPU_MS[k] <= goals[k] for k in goals),
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maca.settings")
    json.dump(bench_safety_check(), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
