"""Demo data for the later parts of the product. Each app that has demo data
adds its loader here, in the order it must run."""

from __future__ import annotations


def load_all() -> None:
    from maca.demo.actions import load_demo_actions
    from maca.demo.audits import load_demo_audits
    from maca.demo.meeting import load_demo_meeting
    from maca.demo.past_audits import load_past_audits
    from maca.demo.publications import load_demo_publications
    from maca.demo.safe_sleep import load_demo_safe_sleep

    load_case_pool()
    load_past_audits()
    load_demo_audits()
    load_demo_meeting()
    load_demo_actions()
    load_demo_publications()
    # Last: its sample is drawn after the other audits', which it leaves as they were.
    load_demo_safe_sleep()


DEMO_MAPPING_NAME = "Wyvernshire case management export"


def load_case_pool() -> None:
    """Import the fictional Wyvernshire case list (maca/demo/data), once: a
    partnership whose pool already has cases is left alone. It goes through the
    same services as an upload by the QA officer, and saves the mapping."""
    from django.core.files import File

    from maca.accounts.models import User
    from maca.cases import services
    from maca.cases.models import Case
    from maca.demo.case_list import DEMO_CASE_LIST
    from maca.partnerships.models import Partnership

    partnership = Partnership.objects.filter(slug="wyvernshire").first()
    if partnership is None or Case.objects.for_partnership(partnership).exists():
        return
    officer = User.objects.filter(email="qa@wyvernshire.example").first()
    with DEMO_CASE_LIST.open("rb") as stream:
        case_import = services.case_import_upload(
            actor=officer, partnership=partnership, uploaded_file=File(stream, name=DEMO_CASE_LIST.name)
        )
    services.case_import_start(
        actor=officer, case_import=case_import, columns=case_import.columns, save_as=DEMO_MAPPING_NAME, enqueue=False
    )
    services.case_import_run(case_import_id=case_import.pk)
