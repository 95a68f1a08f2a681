"""Importing a case list in the background: a 100,000-child file takes longer
than a web request should."""

from __future__ import annotations

from django_tasks import task

from maca.core.tenancy import task_for_partnership


@task(queue_name="default")
@task_for_partnership
def run_case_import(*, case_import_id: int, partnership_id: int) -> str:
    from maca.cases.services import case_import_run

    return case_import_run(case_import_id=case_import_id).status
