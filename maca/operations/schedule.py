"""The schedule: what runs every day, and what runs on every tick.

Apps register their work in ``AppConfig.ready()``, so this module never
imports them (ADR 0022):

    schedule.register_job(name="returns.reminders", title="Reminders about outstanding returns",
                          at="07:00", run=reminders_for_day)

A *job* runs once per day at or after its time, as a background task, and is
handed the day it is for (so a missed day is caught up with that day's date).
Its function returns a short outcome (counts, never names) and must be safe to
run twice for the same day: a worker that dies halfway is retried.

A *sweep* is a small function the scheduler calls on every tick (every
``MACA_SCHEDULER_INTERVAL`` seconds), such as re-queueing e-mail due another
try. Sweeps must be safe to run in two schedulers at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Job:
    name: str
    title: str
    at: dt.time  # local (UK) time
    run: Callable[[dt.date], str]
    description: str = ""

    @property
    def path(self) -> str:
        return f"{self.run.__module__}.{self.run.__qualname__}"


@dataclass(frozen=True)
class Sweep:
    name: str
    run: Callable[..., object]


_JOBS: dict[str, Job] = {}
_SWEEPS: dict[str, Sweep] = {}


def _time(value: str | dt.time) -> dt.time:
    if isinstance(value, dt.time):
        return value
    hours, minutes = value.split(":")
    return dt.time(int(hours), int(minutes))


def register_job(*, name: str, title: str, at: str | dt.time, run: Callable[[dt.date], str], description: str = ""):
    """Run ``run(day)`` once a day at ``at`` (``"HH:MM"``, UK time)."""
    if len(name) > 60:
        raise ValueError(f"A job name must be 60 characters or fewer: {name!r}")
    job = Job(name=name, title=title, at=_time(at), run=run, description=description)
    existing = _JOBS.get(name)
    if existing is not None and existing.path != job.path:
        raise ValueError(f"Two scheduled jobs are called {name!r}: {existing.path} and {job.path}")
    _JOBS[name] = job
    return job


def register_sweep(name: str, run: Callable[..., object]) -> Sweep:
    """Call ``run(now=...)`` on every tick of the scheduler."""
    sweep = Sweep(name=name, run=run)
    _SWEEPS[name] = sweep
    return sweep


def jobs() -> list[Job]:
    return sorted(_JOBS.values(), key=lambda job: (job.at, job.name))


def job(name: str) -> Job | None:
    return _JOBS.get(name)


def sweeps() -> list[Sweep]:
    return list(_SWEEPS.values())
