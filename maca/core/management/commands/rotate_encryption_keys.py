"""Re-encrypt every encrypted value with the newest key.

Rotation: put a new Fernet key first in MACA_FIELD_ENCRYPTION_KEYS (keeping the
old ones after it), restart, run this command, then remove the old keys.
See docs/encryption.md.
"""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from maca.core import crypto
from maca.core.fields import EncryptedJSONField, Sealed


class Command(BaseCommand):
    help = "Re-encrypt identifiers and authenticator secrets with the first key in MACA_FIELD_ENCRYPTION_KEYS."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, **options):
        total = 0
        for model in apps.get_models():
            fields = [f for f in model._meta.get_fields() if isinstance(f, EncryptedJSONField)]
            for field in fields:
                total += self._rotate_column(model, field.attname, options["batch_size"])
        total += self._rotate_authenticators()
        total += self._rotate_uploads()
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {total} values with the newest key."))

    def _rotate_column(self, model, column: str, batch_size: int) -> int:
        count = 0
        rows = model._base_manager.exclude(**{column: ""}).exclude(**{f"{column}__isnull": True})
        ids = list(rows.values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            with transaction.atomic():
                for pk, token in model._base_manager.filter(pk__in=ids[start : start + batch_size]).values_list(
                    "pk", column
                ):
                    if not isinstance(token, Sealed):
                        continue  # empty
                    model._base_manager.filter(pk=pk).update(**{column: Sealed(crypto.rotate(token.token))})
                    count += 1
        return count

    def _rotate_uploads(self) -> int:
        """Case lists uploaded but not yet imported are kept encrypted too."""
        from maca.cases.models import CaseImport

        count = 0
        with transaction.atomic():
            for case_import in CaseImport.objects.filter(content__isnull=False).select_for_update():
                case_import.content = crypto.rotate(bytes(case_import.content).decode()).encode()
                case_import.save(update_fields=["content"])
                count += 1
        return count

    def _rotate_authenticators(self) -> int:
        from allauth.mfa.models import Authenticator

        count = 0
        with transaction.atomic():
            for authenticator in Authenticator.objects.filter(type=Authenticator.Type.TOTP).select_for_update():
                secret = authenticator.data.get("secret")
                if secret:
                    authenticator.data["secret"] = crypto.rotate(secret)
                    authenticator.save(update_fields=["data"])
                    count += 1
        return count
