"""``rotate_encryption_keys`` with a batch size below 1 re-encrypts nothing:
it says so and stops, never reporting a rotation that did not happen (the old
key, removed next, would take every value with it)."""

from __future__ import annotations

import io
import json

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection

from maca.core import crypto, sealed
from maca.selection.tests.builders import make_case

pytestmark = pytest.mark.django_db


def _token(case) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT identifiers FROM cases_case WHERE id = %s", [case.pk])
        return cursor.fetchone()[0]


@pytest.mark.parametrize("size", [-1, 0])
def test_a_batch_size_below_one_is_refused_and_nothing_is_said_to_be_re_encrypted(world, settings, size):
    case = make_case(world.partnership, identifiers={"case_system_number": "CS7654321"})
    before = _token(case)
    settings.MACA_FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *settings.MACA_FIELD_ENCRYPTION_KEYS]
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("rotate_encryption_keys", "--batch-size", str(size), stdout=out)
    assert str(refused.value) == f"--batch-size must be 1 or more, not {size}: nothing was re-encrypted."
    assert out.getvalue() == ""
    assert _token(case) == before


@pytest.mark.parametrize("size", [-1, 0])
def test_rotating_a_column_refuses_a_batch_size_below_one(size):
    with pytest.raises(ValueError, match=f"The batch size must be 1 or more, not {size}"):
        sealed.rotate(sealed.registered()[0], batch_size=size)


def test_a_batch_size_of_one_re_encrypts_every_value(world, settings):
    cases = [make_case(world.partnership, identifiers={"case_system_number": f"CS765432{n}"}) for n in range(3)]
    new_key = Fernet.generate_key().decode()
    settings.MACA_FIELD_ENCRYPTION_KEYS = [new_key, *settings.MACA_FIELD_ENCRYPTION_KEYS]
    out = io.StringIO()
    call_command("rotate_encryption_keys", "--batch-size", "1", stdout=out)
    assert "cases.Case.identifiers: 3" in out.getvalue().splitlines()
    settings.MACA_FIELD_ENCRYPTION_KEYS = [new_key]
    assert [json.loads(crypto.decrypt(_token(case))) for case in cases] == [
        {"case_system_number": f"CS765432{n}"} for n in range(3)
    ]
