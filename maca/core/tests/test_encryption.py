"""Identifiers are encrypted at rest, and the keys can be rotated."""

from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from maca.cases.models import Case
from maca.core import crypto
from maca.core.fields import Sealed, reveal
from maca.selection.tests.builders import make_case


def _raw(case) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT identifiers FROM cases_case WHERE id = %s", [case.pk])
        return cursor.fetchone()[0]


def test_identifiers_are_stored_encrypted_and_come_back_sealed(world):
    case = make_case(world.partnership, identifiers={"case_system_number": "CS1234567"})
    assert "CS1234567" not in _raw(case)
    loaded = Case.objects.get(pk=case.pk)
    assert isinstance(loaded.identifiers, Sealed)
    assert str(loaded.identifiers) == "[encrypted]"
    assert reveal(loaded.identifiers) == {"case_system_number": "CS1234567"}


def test_rotating_keys_re_encrypts_everything_with_the_new_key(world, settings):
    from allauth.mfa.models import Authenticator

    old_keys = list(settings.MACA_FIELD_ENCRYPTION_KEYS)
    case = make_case(world.partnership, identifiers={"case_system_number": "CS7654321"})
    from maca.cases.models import CaseImport

    upload = CaseImport.objects.create(
        partnership=world.partnership,
        filename="list.csv",
        file_sha256="0" * 64,
        file_format="csv",
        content=crypto.encrypt("file body").encode(),
    )
    new_key = Fernet.generate_key().decode()
    settings.MACA_FIELD_ENCRYPTION_KEYS = [new_key, *old_keys]
    call_command("rotate_encryption_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # Only the new key is needed now.
    settings.MACA_FIELD_ENCRYPTION_KEYS = [new_key]
    assert reveal(Case.objects.get(pk=case.pk).identifiers) == {"case_system_number": "CS7654321"}
    secret = Authenticator.objects.filter(user=world["qa"].user, type="totp").get().data["secret"]
    assert crypto.decrypt(secret)
    upload.refresh_from_db()
    assert crypto.decrypt(bytes(upload.content).decode()) == "file body"
