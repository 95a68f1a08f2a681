"""How long a large case list takes to import, and how much memory it needs.

``bench_import()`` generates a fictional list, then uploads, maps and imports it
through the same service functions as the web pages and the command line
(without HTTP). The goal: 100,000 children (about 50,000 families) in 15
seconds or less, using 500 MB of memory or less at peak.

Run it against a throwaway database: it creates a partnership.
"""

from __future__ import annotations

import resource
import tempfile
import time
import uuid
from pathlib import Path

from django.core.files import File

from maca.cases import services
from maca.cases.columns import guess_columns
from maca.cases.models import Case, Child
from maca.cases.sample_data import DEFAULT_LOCALITIES, generate_case_list
from maca.partnerships.models import AgencyKind
from maca.partnerships.services import agency_create, partnership_create

BENCH_AGENCIES = [
    ("Benchshire Children's Social Care", AgencyKind.CHILDRENS_SOCIAL_CARE),
    ("Benchshire Police", AgencyKind.POLICE),
    ("Benchshire Community Health", AgencyKind.COMMUNITY_HEALTH),
    ("Benchshire General Hospital", AgencyKind.ACUTE_HOSPITAL),
    ("Benchshire Schools", AgencyKind.EDUCATION),
    ("Benchshire Housing", AgencyKind.HOUSING),
]


def peak_rss_mb() -> float:
    """The process's peak resident memory so far (Linux reports kilobytes)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def bench_import(children: int = 100_000, seed: int = 1, fmt: str = "csv") -> dict:
    tag = uuid.uuid4().hex[:8]
    partnership = partnership_create(
        actor=None,
        name=f"Benchshire {tag} Safeguarding Children Partnership",
        short_name="Benchshire",
        slug=f"bench-{tag}",
    )
    for name, kind in BENCH_AGENCIES:
        agency_create(actor=None, partnership=partnership, name=name, kind=kind)

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"case_list.{fmt}"
        started = time.perf_counter()
        generate_case_list(
            path,
            children=children,
            seed=seed,
            agencies=[name for name, _ in BENCH_AGENCIES],
            localities=DEFAULT_LOCALITIES,
            fmt=fmt,
        )
        generated = time.perf_counter()
        with path.open("rb") as stream:
            case_import = services.case_import_upload(
                actor=None, partnership=partnership, uploaded_file=File(stream, name=path.name)
            )
    uploaded = time.perf_counter()
    services.case_import_start(
        actor=None, case_import=case_import, columns=guess_columns(case_import.headers), enqueue=False
    )
    case_import = services.case_import_run(case_import_id=case_import.pk)
    finished = time.perf_counter()
    if case_import.status != "imported":
        raise RuntimeError(f"The bench import did not succeed: {case_import.errors[:5]}")
    return {
        "children": Child.objects.filter(partnership=partnership).count(),
        "cases": Case.objects.filter(partnership=partnership).count(),
        "seconds": round(finished - generated, 2),
        "upload_seconds": round(uploaded - generated, 2),
        "import_seconds": round(finished - uploaded, 2),
        "generate_seconds": round(generated - started, 2),
        "peak_rss_mb": peak_rss_mb(),
    }
