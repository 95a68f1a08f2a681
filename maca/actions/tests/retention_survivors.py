"""After the retention run: an action raised from the audit, its progress
and its evidence stay, signed off with its statement of impact
(maca/tests/retention.py). The action plan holds no identifier of a child:
its forms ask people not to name children or families (the text is not
scrubbed by the run; see docs/adr/0026-action-plan-and-rag.md)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from maca.actions import services
from maca.actions.models import Action, ActionEvent, ActionStatus, Evidence
from maca.actions.tests.builders import raise_action
from maca.tests.retention import Survivor, no_identifier_in


def _arrange(audited):
    world = audited.world
    action = raise_action(world, audit=audited.audit, title="Check every plan at the review")
    services.progress_post(
        actor=world["lead"].user,
        action=action,
        note="Plans checked at every review since March.",
        files=[SimpleUploadedFile("sample.txt", b"Twenty plans checked.")],
        expected_version=action.version,
    )
    action.refresh_from_db()
    action = services.sign_off_request(
        actor=world["lead"].user, action=action, note="Done.", expected_version=action.version
    )
    action = services.action_sign_off(
        actor=world["qa"].user, action=action, impact="Plans now name who does what.", expected_version=action.version
    )
    return action.pk


def _check(audited, pk):
    action = Action.objects.get(pk=pk)
    assert action.status == ActionStatus.CLOSED and action.impact == "Plans now name who does what."
    events = ActionEvent.objects.filter(action=action)
    assert events.count() == 4
    assert Evidence.objects.filter(event__action=action).count() == 1
    assert all(no_identifier_in(f"{e.note}") for e in events)
    assert no_identifier_in(f"{action.title} {action.text} {action.measure} {action.impact}")


SURVIVORS = [Survivor("the action plan", _arrange, _check)]
