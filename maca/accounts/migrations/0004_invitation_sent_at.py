"""When an invitation's link was last sent, and who sent it again: for the
invitations made before, when they were made, and nobody (none was sent again
before it could be)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def sent_when_made(apps, schema_editor):
    Invitation = apps.get_model("accounts", "Invitation")
    Invitation.objects.update(sent_at=models.F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_withdraw_invitations_to_deactivated_agencies"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="sent_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                help_text="When its link was last sent: when it was made, or sent again.",
            ),
        ),
        migrations.RunPython(sent_when_made, migrations.RunPython.noop),
        migrations.AddField(
            model_name="invitation",
            name="sent_by",
            field=models.ForeignKey(
                blank=True,
                help_text="Who sent it again last (none: it has been sent once, by whoever invited).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
