"""Importing a case list in the background: a 100,000-child file takes longer
than a web request should."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="default")
def run_case_import(*, case_import_id: int) -> str:
    from maca.cases.services import case_import_run

    return case_import_run(case_import_id=case_import_id).status
