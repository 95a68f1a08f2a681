"""An agreed grade is kept as long as a level of a partnership's own grading
scale may be (100 characters): an imported audit keeps the grade's words."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0010_theme_name_unique_any_case"),
    ]

    operations = [
        migrations.AlterField(
            model_name="casediscussion",
            name="agreed_grade",
            field=models.CharField(blank=True, max_length=100),
        ),
    ]
