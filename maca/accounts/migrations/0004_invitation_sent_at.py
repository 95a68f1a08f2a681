"""When an invitation's link was last sent: for the invitations made before,
when they were made (none was sent again before it could be)."""

import django.utils.timezone
from django.db import migrations, models


def sent_when_made(apps, schema_editor):
    Invitation = apps.get_model("accounts", "Invitation")
    Invitation.objects.update(sent_at=models.F("created_at"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_withdraw_invitations_to_deactivated_agencies")]

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
    ]
