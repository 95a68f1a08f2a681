"""Reading findings for their meaning in the background: an imported past
audit brings hundreds of findings at once, about 4 ms each to read."""

from __future__ import annotations

from django_tasks import task

from maca.core.tenancy import task_for_partnership


@task(queue_name="default")
@task_for_partnership
def fill_meanings(*, partnership_id: int) -> str:
    from maca.findings.meaning import meanings_fill
    from maca.partnerships.models import Partnership

    made = meanings_fill(partnership=Partnership.objects.get(pk=partnership_id))
    return f"{made} finding{'' if made == 1 else 's'} read for their meaning"
