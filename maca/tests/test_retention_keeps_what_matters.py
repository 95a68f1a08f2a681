"""The retention run, years after an audit closed: every app's records about
the audited case are still there, and none holds an identifier of the child
(maca/tests/retention.py says how an app adds its own)."""

from __future__ import annotations

import importlib
import pkgutil

from django.utils import timezone

import maca
from maca.cases.models import Case, Child
from maca.partnerships.retention import retention_apply
from maca.tests.retention import YEARS_LATER, audited_case, walk_to_close


def _survivors():
    found = []
    for module in pkgutil.walk_packages(maca.__path__, "maca."):
        if module.name.endswith(".tests.retention_survivors"):
            found += importlib.import_module(module.name).SURVIVORS
    return found


def test_every_app_registers_what_must_survive():
    names = {s.name for s in _survivors()}
    assert {"the case and its children", "returns", "chronology"} <= names


def test_years_later_the_audit_survives_without_identifiers(world):
    survivors = _survivors()
    audited = audited_case(world)
    arranged = walk_to_close(audited, survivors)

    retention_apply(now=timezone.now() + YEARS_LATER)

    for survivor in survivors:
        survivor.check(audited, arranged[survivor.name])
    # And nothing anywhere still holds the child's identifiers.
    assert not Case.objects.filter(pk=audited.case.pk).exclude(identifiers="").exists()
    assert not Child.objects.filter(case=audited.case).exclude(identifiers="").exists()
