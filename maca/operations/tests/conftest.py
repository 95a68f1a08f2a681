"""What the scheduler's tests share: a job that counts its runs."""

from __future__ import annotations

import datetime as dt

import pytest

from maca.operations import schedule


@pytest.fixture
def a_job():
    """A registered job that counts its runs, removed afterwards."""
    runs: list[dt.date] = []

    def run(day):
        runs.append(day)
        return f"ran for {day}"

    job = schedule.register_job(name="test.counting", title="Counting", at="07:00", run=run)
    yield runs
    schedule._JOBS.pop(job.name)
