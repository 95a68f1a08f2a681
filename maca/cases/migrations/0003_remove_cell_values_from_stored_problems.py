"""Problems stored before this release could quote a cell's value, and a column
mapped by mistake (NHS numbers onto Ethnicity) put identifiers in them. Remove
every quoted value from the messages kept with past imports; the row, the
column and what was wrong stay."""

import re

from django.db import migrations

# "'X' is not ...", "'A', 'B' are not agencies ...": the quoted values come first.
QUOTED_START = re.compile(r"^'.*?' (is|are) not ", re.DOTALL)
FIXED_PHRASES = ("'toxic trio' is not a flag",)


def scrub(message: str) -> str:
    if message.startswith(FIXED_PHRASES):
        return message
    match = QUOTED_START.match(message)
    if not match:
        return message
    return ("This is not " if match.group(1) == "is" else "These are not ") + message[match.end() :]


def remove_values(apps, schema_editor):
    CaseImport = apps.get_model("cases", "CaseImport")
    for case_import in CaseImport.objects.exclude(errors=[]).only("pk", "errors").iterator():
        errors = case_import.errors or []
        cleaned = [{**error, "message": scrub(str(error.get("message", "")))} for error in errors]
        if cleaned != errors:
            CaseImport.objects.filter(pk=case_import.pk).update(errors=cleaned)


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_unborn_children_read_notes_and_expired_uploads")]

    operations = [migrations.RunPython(remove_values, migrations.RunPython.noop)]
