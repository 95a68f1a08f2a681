"""Two changes at the same moment, each on its own thread and connection (for
tests that need PostgreSQL's row locks)."""

from __future__ import annotations

import contextlib
import threading

import pytest
from django.db import connection


def needs_row_locks() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Two changes at the same moment need PostgreSQL's row locks")


def run_each(works) -> list[BaseException | None]:
    """Run each piece of work on its own thread; what each raised (None: nothing)."""
    outcomes: list[BaseException | None] = [None] * len(works)

    def run(index, work):
        try:
            work()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, work)) for i, work in enumerate(works)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


def meet_before(function, parties: int = 2, timeout: float = 3):
    """``function`` wrapped so that each caller first waits (up to ``timeout``
    seconds) for the others to reach it: if they can, all have done what came
    before it, as an unlocked check would let them; if one is held by a lock,
    the wait ends and the caller goes on alone."""
    barrier = threading.Barrier(parties, timeout=timeout)

    def wrapped(*args, **kwargs):
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        return function(*args, **kwargs)

    return wrapped
