"""Demo data for the later parts of the product. Each app that has demo data
adds its loader here, in the order it must run."""

from __future__ import annotations


def load_all() -> None:
    pass
