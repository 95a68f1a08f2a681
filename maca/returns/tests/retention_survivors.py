"""After the retention run: the agency's return, its history and its
chronology stay, the child's name taken out of what the auditor typed
(maca/tests/retention.py)."""

import datetime as dt

from maca.returns.chronology_services import chronology_entry_add
from maca.returns.models import ChronologyEntry, Return, ReturnRevision
from maca.returns.retention import REMOVED
from maca.returns.services import return_save_draft
from maca.tests.retention import CHILD_NAME, Survivor, no_identifier_in


def _police_return(audited):
    return Return.objects.get(audit=audited.audit, agency=audited.world.police)


def _arrange_return(audited):
    auditor = audited.world["auditor"]
    ret = _police_return(audited)
    return_save_draft(
        actor=auditor.user,
        membership=auditor.membership,
        return_record=ret,
        answers={"info_grade": "good", "worried": f"{CHILD_NAME} missed two appointments; Robin's school knew."},
        expected_version=ret.version,
    )
    return ret.pk


def _check_return(audited, pk):
    ret = Return.objects.get(pk=pk)
    assert ret.answers["info_grade"] == "good"
    assert ret.answers["worried"] == f"{REMOVED} missed two appointments; {REMOVED}'s school knew."
    revisions = ReturnRevision.objects.filter(return_record=ret)
    assert revisions.exists()
    assert all(no_identifier_in(str(r.answers)) for r in revisions)


def _arrange_chronology(audited):
    entry = chronology_entry_add(
        actor=audited.world["auditor"].user,
        return_record=_police_return(audited),
        date=dt.date(2025, 3, 14),
        end_date=None,
        event=f"Robin Ashdown seen at home with mother; {CHILD_NAME.upper()} was asleep",
        source="Police records",
        impact="neutral",
        action_taken="Referral to early help for Ashdown family",
    )
    return entry.pk


def _check_chronology(audited, pk):
    entry = ChronologyEntry.objects.get(pk=pk)
    assert entry.date == dt.date(2025, 3, 14)
    assert entry.impact == "neutral"
    assert no_identifier_in(entry.event) and no_identifier_in(entry.action_taken)
    assert entry.event.startswith(REMOVED)


SURVIVORS = [
    Survivor("returns", _arrange_return, _check_return),
    Survivor("chronology", _arrange_chronology, _check_chronology),
]
