"""Ten years of findings, for ``make bench``: the recurrence pages at 40 audits,
240 cases and 6,000 findings, each 200 ms or less with a number of queries
that does not grow with the data.

The data is written straight to the tables with ``bulk_create`` (a few
seconds), not through the services, and records no events; everything in it
is made up. Statements are put together from fragments written for the
bench, so that searches find some and not all.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time

GOAL_MS = 200
YEARS = 10
AUDITS_PER_YEAR = 4
CASES_PER_AUDIT = 6
FINDINGS_PER_AUDIT = 150  # 40 audits × 150 = 6,000 findings

SUBJECTS = [
    "The health visitor",
    "The school",
    "Police officers",
    "The social worker",
    "The GP practice",
    "Housing officers",
    "The early help worker",
    "The midwife",
]
ACTIONS = [
    "did not ask about the father",
    "shared the referral the same day",
    "recorded the child's words",
    "waited three weeks before visiting",
    "challenged the decision to close the case",
    "missed the second injury",
    "invited every agency to the strategy discussion",
    "kept a clear chronology",
]
ENDINGS = [
    "so the plan was not reviewed.",
    "which kept the baby safe.",
    "and the family were not told why.",
    "and the manager agreed the next steps.",
    "so the risk was not understood.",
]


def _meeting(year: int, quarter: int) -> dt.date:
    """15 May, August, November and February of programme year ``year``."""
    month = 5 + quarter * 3
    return dt.date(year + (month > 12), (month - 1) % 12 + 1, 15)


def build(partnership, *, seed: int = 2016) -> dict:
    """40 audits over ten programme years, 6 cases each, 150 findings each with
    one to three confirmed themes, and each audit's meeting."""
    from django.utils import timezone

    from maca.cases.models import Case, Flag
    from maca.findings.models import Finding, FindingTag, Meeting, Theme
    from maca.programme.models import Audit, Programme, Stage
    from maca.selection.models import AuditCase

    rng = random.Random(seed)  # noqa: S311 - made-up bench data, repeatable
    themes = list(Theme.objects.filter(partnership=partnership))
    first_year = timezone.localdate().year - YEARS
    programmes = Programme.objects.bulk_create(
        [Programme(partnership=partnership, year=first_year + i) for i in range(YEARS)]
    )
    audits = Audit.objects.bulk_create(
        [
            Audit(
                partnership=partnership,
                programme=programme,
                title=f"Bench audit {programme.year}-{quarter + 1}",
                theme="Made up for the bench.",
                target_cases=CASES_PER_AUDIT,
                stage=Stage.CLOSED,
                planned_meeting_date=_meeting(programme.year, quarter),
            )
            for programme in programmes
            for quarter in range(AUDITS_PER_YEAR)
        ]
    )
    Meeting.objects.bulk_create(
        [Meeting(partnership=partnership, audit=audit, held_on=audit.planned_meeting_date) for audit in audits]
    )
    flags = list(Flag.values)
    cases = Case.objects.bulk_create(
        [
            Case(
                partnership=partnership,
                reference=f"bench-recurrence-{audit.pk}-{n}",
                flags=rng.sample(flags, 2),
                children_count=0,
            )
            for audit in audits
            for n in range(1, CASES_PER_AUDIT + 1)
        ]
    )
    audit_cases = AuditCase.objects.bulk_create(
        [
            AuditCase(
                partnership=partnership,
                audit=audits[index // CASES_PER_AUDIT],
                case=case,
                number=index % CASES_PER_AUDIT + 1,
                source="imported",
            )
            for index, case in enumerate(cases)
        ]
    )
    now = timezone.now()
    findings = Finding.objects.bulk_create(
        [
            Finding(
                partnership=partnership,
                audit=audit,
                audit_case=audit_cases[a * CASES_PER_AUDIT + rng.randrange(CASES_PER_AUDIT)],
                polarity=rng.choice(["concern", "concern", "strength"]),
                text=f"{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)}, {rng.choice(ENDINGS)}",
                source="imported",
                tags_confirmed_at=now,
            )
            for a, audit in enumerate(audits)
            for _ in range(FINDINGS_PER_AUDIT)
        ],
        batch_size=2000,
    )
    FindingTag.objects.bulk_create(
        [
            FindingTag(partnership=partnership, finding=finding, theme=theme)
            for finding in findings
            for theme in rng.sample(themes, rng.randint(1, 3))
        ],
        batch_size=5000,
    )
    return {"audits": len(audits), "cases": len(audit_cases), "findings": len(findings)}


def run(runs: int = 15) -> dict:
    from django.test import Client
    from django.urls import reverse

    from maca.accounts.models import User
    from maca.accounts.services import membership_create
    from maca.accounts.tests.factories import give_authenticator, sign_in_with_second_factor
    from maca.partnerships.services import partnership_create

    partnership = partnership_create(
        actor=None,
        name="Recurshire Safeguarding Children Partnership",
        short_name="Recurshire",
        slug="recurshire-bench",
    )
    started = time.perf_counter()
    sizes = build(partnership)
    built_seconds = time.perf_counter() - started
    from maca.core.bench import refresh_planner_statistics

    refresh_planner_statistics()
    qa = User.objects.create_user(email="recur-qa@bench.example", full_name="Recur QA", password="x" * 20)
    membership_create(actor=None, user=qa, partnership=partnership, role="qa_officer")
    give_authenticator(qa)
    client = sign_in_with_second_factor(Client(), qa)
    pages = {
        "recurring_themes": (reverse("findings:recurring_themes"), {}),
        "themes_over_years_chart": (reverse("findings:themes_over_years"), {}),
        "theme_by_year_chart": (reverse("findings:theme_over_years", args=["think_family"]), {}),
        "search_words": (reverse("findings:search"), {"q": "father plan"}),
        "search_theme": (reverse("findings:search"), {"theme": "think_family"}),
    }
    from maca.findings.models import Finding

    one = Finding.objects.filter(partnership=partnership).order_by("id").first()
    pages["findings_like_this_one"] = (reverse("findings:search"), {"like": one.pk})
    results: dict = {"built": {**sizes, "seconds": round(built_seconds, 1)}}
    # The first "like" page after a change builds the partnership's index of words.
    began = time.perf_counter()
    client.get(reverse("findings:search"), {"like": one.pk})
    results["findings_like_index_build_ms"] = round((time.perf_counter() - began) * 1000, 1)
    for name, (url, params) in pages.items():
        results[name] = _measure(client, url, params, runs, name)
    # "Findings like this one" above ranked by shared words (the findings were
    # written without their vectors); read them for their meaning, then again.
    from maca.findings import meaning

    if meaning.embedder() is not None:
        began = time.perf_counter()
        made = meaning.meanings_fill(partnership=partnership)
        seconds = time.perf_counter() - began
        results["findings_read_for_meaning"] = {
            "findings": made,
            "seconds": round(seconds, 1),
            "per_second": round(made / seconds) if seconds else None,
        }
        url, params = pages["findings_like_this_one"]
        began = time.perf_counter()
        first = client.get(url, params)
        results["findings_like_vectors_load_ms"] = round((time.perf_counter() - began) * 1000, 1)
        assert "nearest to it in meaning" in first.content.decode(), "the like page did not rank by meaning"
        pages["findings_like_this_one_by_meaning"] = (url, params)
        results["findings_like_this_one_by_meaning"] = _measure(client, url, params, runs, "by meaning")
    results["goal_ms_at_most"] = GOAL_MS
    results["met"] = all(results[name]["median_ms"] <= GOAL_MS for name in pages)
    return results


def _measure(client, url: str, params: dict, runs: int, name: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, params)  # warm up
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(url, params)
        timings.append(time.perf_counter() - began)
        assert response.status_code == 200, (name, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, params)
    return {
        "median_ms": round(statistics.median(timings) * 1000, 1),
        "max_ms": round(max(timings) * 1000, 1),
        "queries": len(queries.captured_queries),
        "bytes": len(response.content),
    }
