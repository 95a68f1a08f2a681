"""Identifiers are encrypted at rest, and the keys can be rotated."""

import base64

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from maca.cases.models import Case
from maca.core import crypto, sealed
from maca.core.fields import EncryptedJSONField, Sealed, reveal
from maca.selection.tests.builders import make_case


def _raw(case) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT identifiers FROM cases_case WHERE id = %s", [case.pk])
        return cursor.fetchone()[0]


def _rotate_to_a_new_key(settings) -> str:
    """Put a new key first, rotate, then keep only the new key."""
    new_key = Fernet.generate_key().decode()
    settings.MACA_FIELD_ENCRYPTION_KEYS = [new_key, *settings.MACA_FIELD_ENCRYPTION_KEYS]
    call_command("rotate_encryption_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.MACA_FIELD_ENCRYPTION_KEYS = [new_key]
    return new_key


def test_identifiers_are_stored_encrypted_and_come_back_sealed(world):
    case = make_case(world.partnership, identifiers={"case_system_number": "CS1234567"})
    assert "CS1234567" not in _raw(case)
    loaded = Case.objects.get(pk=case.pk)
    assert isinstance(loaded.identifiers, Sealed)
    assert str(loaded.identifiers) == "[encrypted]"
    assert reveal(loaded.identifiers) == {"case_system_number": "CS1234567"}


def test_rotating_keys_re_encrypts_everything_with_the_new_key(world, settings):
    from allauth.mfa.models import Authenticator

    from maca.cases.services import unseal_content
    from maca.cases.tests.factories import child_row, csv_bytes, uploaded_case_import

    case = make_case(world.partnership, identifiers={"case_system_number": "CS7654321"})
    content = csv_bytes([child_row()])
    upload = uploaded_case_import(partnership=world.partnership, actor=world["qa"].user, content=content)
    _rotate_to_a_new_key(settings)
    # Only the new key is held now: everything must still open.
    assert reveal(Case.objects.get(pk=case.pk).identifiers) == {"case_system_number": "CS7654321"}
    authenticators = {a.type: a.data for a in Authenticator.objects.filter(user=world["qa"].user)}
    assert crypto.decrypt(authenticators[Authenticator.Type.TOTP]["secret"])
    assert crypto.decrypt(authenticators[Authenticator.Type.RECOVERY_CODES]["seed"])
    upload.refresh_from_db()
    assert unseal_content(upload.content) == content


def test_a_newly_registered_column_is_rotated(world, settings, monkeypatch):
    """What a future app registers is rotated with no change to the command."""
    from maca.programme.services import programme_create

    monkeypatch.setattr(sealed, "_registry", dict(sealed._registry))
    # Programme notes stand in for a new app's sealed column.
    sealed.register("programme.Programme", "notes")
    programme = programme_create(actor=None, partnership=world.partnership, year=2031, notes=crypto.encrypt("a secret"))
    empty = programme_create(actor=None, partnership=world.partnership, year=2032)
    _rotate_to_a_new_key(settings)
    programme.refresh_from_db()
    empty.refresh_from_db()
    assert crypto.decrypt(programme.notes) == "a secret"
    assert empty.notes == ""


def test_a_value_that_is_not_rotated_no_longer_opens_with_the_new_key_alone(world, settings, monkeypatch):
    """The test above would pass without rotating if old tokens opened anyway."""
    from maca.programme.services import programme_create

    monkeypatch.setattr(sealed, "_registry", dict(sealed._registry))
    programme = programme_create(actor=None, partnership=world.partnership, year=2031, notes=crypto.encrypt("a secret"))
    _rotate_to_a_new_key(settings)
    programme.refresh_from_db()
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(programme.notes)


def test_every_encrypted_field_is_registered_for_rotation():
    registered = {(column.model, column.field) for column in sealed.registered()}
    encrypted = {
        (model._meta.label, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, EncryptedJSONField)
    }
    assert encrypted, "no EncryptedJSONField found"
    assert encrypted <= registered, f"register these with maca.core.sealed: {sorted(encrypted - registered)}"


def test_a_sealer_seals_each_value_as_its_own_fernet_token(settings):
    """``sealer()`` (an import seals 150,000 identifiers) gives the same
    construction as ``seal``: a Fernet token per value, with a fresh IV."""
    from maca.core.fields import seal, sealer

    token = sealer()
    value = {"case_system_number": "CS1234567", "name": "Ada Example"}
    first, second = token(value), token(value)
    assert first != second  # a fresh IV (and token) for each value
    assert "CS1234567" not in first
    assert Sealed(first).reveal() == value == Sealed(second).reveal()
    # A plain Fernet token of the same text as seal() encrypts, under the first key.
    key = settings.MACA_FIELD_ENCRYPTION_KEYS[0]
    assert Fernet(key.encode()).decrypt(first.encode()) == Fernet(key.encode()).decrypt(seal(value).token.encode())


def test_a_sealer_taken_after_a_new_key_is_put_first_encrypts_with_it(settings):
    from maca.core.fields import sealer

    new_key = Fernet.generate_key().decode()
    settings.MACA_FIELD_ENCRYPTION_KEYS = [new_key, *settings.MACA_FIELD_ENCRYPTION_KEYS]
    token = sealer()({"nhs_number": "9434765919"})
    assert Fernet(new_key.encode()).decrypt(token.encode()) == b'{"nhs_number":"9434765919"}'


def test_an_encrypter_gives_each_value_a_fresh_iv_and_tokens_any_key_list_decrypts(settings):
    encrypt = crypto.encrypter()
    count = 500
    tokens = [encrypt("the same text") for _ in range(count)]
    ivs = {base64.urlsafe_b64decode(token)[9:25] for token in tokens}
    assert len(ivs) == count
    assert {crypto.decrypt(token) for token in tokens} == {"the same text"}
    # After a rotation (a new first key) the old tokens still decrypt, and rotate.
    settings.MACA_FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *settings.MACA_FIELD_ENCRYPTION_KEYS]
    rotated = crypto.rotate(tokens[0])
    assert crypto.decrypt(rotated) == "the same text"
    assert Fernet(settings.MACA_FIELD_ENCRYPTION_KEYS[0].encode()).decrypt(crypto.encrypter()("new").encode()) == b"new"
