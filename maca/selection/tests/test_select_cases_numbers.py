"""``manage.py select_cases`` with a number out of range says which option and
what it may be (the draw form's bounds), never a traceback, and draws nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from maca.selection.models import Draw

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ["--seed", str(2**70)],
            "--seed must be a whole number from 0 to 1,000,000,000,000,000, not 1,180,591,620,717,411,303,424.",
        ),
        (["--seed", "-1"], "--seed must be a whole number from 0 to 1,000,000,000,000,000, not -1."),
        (["--open-within-months", "100000"], "--open-within-months must be a whole number from 1 to 120, not 100,000."),
        (["--open-within-months", "0"], "--open-within-months must be a whole number from 1 to 120, not 0."),
        (
            ["--exclude-audited-within-months", "100000"],
            "--exclude-audited-within-months must be a whole number from 0 to 120, not 100,000.",
        ),
        (
            ["--exclude-audited-within-months", "-1"],
            "--exclude-audited-within-months must be a whole number from 0 to 120, not -1.",
        ),
    ],
    ids=["huge-seed", "negative-seed", "huge-open", "no-months-open", "huge-exclude", "negative-exclude"],
)
def test_a_number_out_of_range_is_explained_and_nothing_is_drawn(world, audit, pool, extra, message):
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("select_cases", "--audit", str(audit.pk), "--size", "5", *extra, stdout=out)
    assert str(refused.value) == message
    assert out.getvalue() == ""
    assert not Draw.objects.filter(audit=audit).exists()


def test_a_negative_size_is_explained_too(world, audit, pool):
    with pytest.raises(CommandError):
        call_command("select_cases", "--audit", str(audit.pk), "--size", "-3")
    assert not Draw.objects.filter(audit=audit).exists()


def test_numbers_at_the_ends_of_their_ranges_draw(world, audit, pool):
    out = io.StringIO()
    call_command(
        "select_cases",
        "--audit",
        str(audit.pk),
        "--size",
        "3",
        "--seed",
        str(10**15),
        "--open-within-months",
        "120",
        "--exclude-audited-within-months",
        "0",
        stdout=out,
    )
    assert f"(seed {10**15}; draw" in out.getvalue()
    assert Draw.objects.filter(audit=audit, seed=10**15).exists()
