"""Messages made at the moment of delivery.

A message that carries a secret, such as an invitation link, is not written
anywhere before it goes: the outgoing row names a builder and the record it is
about, and the builder makes the message inside the delivery task. Apps
register their builders in ``AppConfig.ready()``:

    builders.register("invitation", build_invitation_email)

A builder returns ``None`` when the message is no longer needed (the
invitation was withdrawn, say).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Built:
    to: list[str]
    subject: str
    body: str


_BUILDERS: dict[str, Callable[[int], Built | None]] = {}


def register(name: str, build: Callable[[int], Built | None]) -> None:
    _BUILDERS[name] = build


def build(name: str, about_id: int) -> Built | None:
    try:
        builder = _BUILDERS[name]
    except KeyError:
        raise LookupError(f"No e-mail builder is registered as {name!r}") from None
    return builder(about_id)
