"""Who may see and change which actions.

- Everyone with ``view_actions`` sees the partnership's plan; agency leads and
  auditors see only the actions their agency (or one of its sub-units) owns:
  another agency's action is a 404, as is another partnership's.
- ``update_actions``: the owner agency's people (and the partnership admin)
  post progress with evidence and ask for sign-off, while the action is open.
- ``manage_actions``: the QA officer (and admin) raise actions, move due
  dates, sign off, send back, reopen and cancel.
- Evidence files open only to those who may manage the action or update it:
  never to the board or a scrutineer (evidence may describe a family).
"""

from __future__ import annotations

from maca.accounts.roles import Capability, role_requires_agency
from maca.actions.models import FINISHED_STATUSES, OPEN_STATUSES, Action, ActionStatus
from maca.partnerships.selectors import descendant_ids


def agency_bound(membership) -> bool:
    return role_requires_agency(membership.role)


def agency_ids(membership) -> set[int] | None:
    """The agencies whose actions this person sees; ``None``: all of them."""
    if not agency_bound(membership):
        return None
    if not membership.agency_id:
        return set()
    return descendant_ids(membership.partnership_id, membership.agency_id)


def visible_actions(membership, *, scope: set[int] | None = ...):
    qs = Action.objects.filter(partnership_id=membership.partnership_id)
    if not membership.can(Capability.VIEW_ACTIONS):
        return qs.none()
    ids = agency_ids(membership) if scope is ... else scope
    if ids is not None:
        qs = qs.filter(owner_agency_id__in=ids)
    return qs


def can_view(membership, action: Action, *, scope: set[int] | None = ...) -> bool:
    """Whether ``visible_actions(membership)`` holds ``action``, read without a
    query once ``scope`` (``agency_ids(membership)``) is known."""
    if action.partnership_id != membership.partnership_id or not membership.can(Capability.VIEW_ACTIONS):
        return False
    ids = agency_ids(membership) if scope is ... else scope
    return ids is None or action.owner_agency_id in ids


def _owns(membership, action: Action) -> bool:
    ids = agency_ids(membership)
    return ids is None or action.owner_agency_id in ids


def can_manage(membership) -> bool:
    return membership.can(Capability.MANAGE_ACTIONS)


def can_update(membership, action: Action) -> bool:
    return (
        membership.can(Capability.UPDATE_ACTIONS)
        and action.partnership_id == membership.partnership_id
        and _owns(membership, action)
    )


def can_post_progress(membership, action: Action) -> bool:
    return can_update(membership, action) and action.status in OPEN_STATUSES


def can_request_sign_off(membership, action: Action) -> bool:
    return can_post_progress(membership, action)


def can_sign_off(membership, action: Action) -> bool:
    return can_manage(membership) and action.status == ActionStatus.AWAITING_SIGN_OFF


def can_move_due_date(membership, action: Action) -> bool:
    return can_manage(membership) and action.status not in FINISHED_STATUSES


def can_change_owner(membership, action: Action) -> bool:
    return can_manage(membership) and action.status not in FINISHED_STATUSES


def holds_without_acting(membership, action: Action) -> bool:
    """Whether this person owns the action yet cannot post progress on it (a
    QA officer holding an urgent action whose agency had no lead who could
    act), so must give it to someone at the agency, as they may."""
    return (
        action.owner_id == membership.user_id
        and can_change_owner(membership, action)
        and not can_update(membership, action)
    )


def can_reopen(membership, action: Action) -> bool:
    return can_manage(membership) and action.status in FINISHED_STATUSES


def can_cancel(membership, action: Action) -> bool:
    return can_manage(membership) and action.status not in FINISHED_STATUSES


def can_see_evidence(membership, action: Action) -> bool:
    return action.partnership_id == membership.partnership_id and (
        can_manage(membership) or can_update(membership, action)
    )


def can_see_recipients(membership, action: Action) -> bool:
    """Whose e-mail addresses the action's reminders went to: the QA officers
    and the owner agency's people. The board and scrutineers read that a
    reminder went, not to which address."""
    return can_see_evidence(membership, action)
