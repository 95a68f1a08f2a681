"""What the apps above ``partnerships`` do when an agency is deactivated,
without ``partnerships`` importing them.

An agency role grants access only through an active agency, so ``accounts``
ends the access of an agency's people, and withdraws the invitations to it,
when the agency is deactivated. It registers two things from its
``AppConfig.ready()``:

- ``register_agency_deactivated(receiver)``: ``receiver(*, actor, agency)`` is
  called inside the transaction that deactivates the agency, and answers
  what it ended there (``{"people": 3, "invitations": 1}``), which the
  message after the deactivation states;
- ``register_agency_people(counter)``: ``counter(agency)`` answers what the
  deactivation would end (``{"people": 3, "invitations": 1}``), which the
  agency's page warns of before it is done.

Nothing registered, nothing more happens and nothing is counted.
"""

from __future__ import annotations

from collections.abc import Callable

_deactivated: list[Callable[..., dict[str, int]]] = []
_counters: list[Callable[..., dict[str, int]]] = []


def register_agency_deactivated(receiver: Callable[..., dict[str, int]]) -> None:
    if receiver not in _deactivated:
        _deactivated.append(receiver)


def register_agency_people(counter: Callable[..., dict[str, int]]) -> None:
    if counter not in _counters:
        _counters.append(counter)


def _added_up(answers) -> dict[str, int]:
    counts: dict[str, int] = {"people": 0, "invitations": 0}
    for answer in answers:
        for key, value in answer.items():
            counts[key] = counts.get(key, 0) + value
    return counts


def agency_deactivated(*, actor, agency) -> dict[str, int]:
    """Run every registered receiver (inside the caller's transaction), and
    answer what they ended, added up."""
    return _added_up(receiver(actor=actor, agency=agency) for receiver in _deactivated)


def people_of_agency(agency) -> dict[str, int]:
    """Who would lose access with the agency, as every registered counter
    answers it, added up."""
    return _added_up(counter(agency) for counter in _counters)
