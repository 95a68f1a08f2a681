"""What the apps above ``partnerships`` do when an agency is deactivated,
without ``partnerships`` importing them.

An agency role grants access only through an active agency, so ``accounts``
ends the access of an agency's people, and withdraws the invitations to it,
when the agency is deactivated. It registers two things from its
``AppConfig.ready()``:

- ``register_agency_deactivated(receiver)``: ``receiver(*, actor, agency)`` is
  called inside the transaction that deactivates the agency;
- ``register_agency_people(counter)``: ``counter(agency)`` answers what the
  deactivation would end (``{"people": 3, "invitations": 1}``), which the
  agency's page warns of before it is done.

Nothing registered, nothing more happens and nothing is counted.
"""

from __future__ import annotations

from collections.abc import Callable

_deactivated: list[Callable[..., object]] = []
_counters: list[Callable[..., dict[str, int]]] = []


def register_agency_deactivated(receiver: Callable[..., object]) -> None:
    if receiver not in _deactivated:
        _deactivated.append(receiver)


def register_agency_people(counter: Callable[..., dict[str, int]]) -> None:
    if counter not in _counters:
        _counters.append(counter)


def agency_deactivated(*, actor, agency) -> None:
    for receiver in _deactivated:
        receiver(actor=actor, agency=agency)


def people_of_agency(agency) -> dict[str, int]:
    """Who would lose access with the agency, as every registered counter
    answers it, added up."""
    counts: dict[str, int] = {"people": 0, "invitations": 0}
    for counter in _counters:
        for key, value in counter(agency).items():
            counts[key] = counts.get(key, 0) + value
    return counts
