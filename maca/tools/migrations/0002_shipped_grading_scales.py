"""The grading scales maca ships (``partnership`` empty: every partnership may use
them, none may change them).

The data is written here rather than imported from ``maca.tools.defaults``, so
that this migration keeps working whatever later happens to the app's code; a
test checks the two agree.
"""

from django.db import migrations

SIGNS_OF_SAFETY_WORDS = {
    10: "10 – everyone agrees the child is safe enough for us to close the case",
    5: "5 – the child's safety is uncertain: the worries and the strengths are finely balanced",
    0: "0 – the child will be harmed, or harmed again, unless something changes now",
}

SCALES = [
    {
        "key": "ofsted-four-point",
        "name": "Ofsted four-point",
        "description": "The four judgements inspectors use. Good or better meets the standard.",
        "levels": [
            {"value": "outstanding", "label": "Outstanding", "meets_standard": True},
            {"value": "good", "label": "Good", "meets_standard": True},
            {"value": "requires_improvement", "label": "Requires improvement", "meets_standard": False},
            {"value": "inadequate", "label": "Inadequate", "meets_standard": False},
        ],
    },
    {
        "key": "six-point",
        "name": "Six-point",
        "description": "From 6 (excellent) to 1 (inadequate). Adequate or better meets the standard.",
        "levels": [
            {"value": "6", "label": "6 – Excellent", "meets_standard": True},
            {"value": "5", "label": "5 – Good", "meets_standard": True},
            {"value": "4", "label": "4 – Adequate", "meets_standard": True},
            {"value": "3", "label": "3 – Requires improvement", "meets_standard": False},
            {"value": "2", "label": "2 – Poor", "meets_standard": False},
            {"value": "1", "label": "1 – Inadequate", "meets_standard": False},
        ],
    },
    {
        "key": "rag",
        "name": "Red, amber, green",
        "description": "Green meets the standard; amber and red do not.",
        "levels": [
            {"value": "green", "label": "Green", "meets_standard": True},
            {"value": "amber", "label": "Amber", "meets_standard": False},
            {"value": "red", "label": "Red", "meets_standard": False},
        ],
    },
    {
        "key": "signs-of-safety",
        "name": "Signs of Safety scale, 0 to 10",
        "description": "How safe the child is, from 0 to 10. A score of 7 or more meets the standard.",
        "levels": [
            {"value": str(n), "label": SIGNS_OF_SAFETY_WORDS.get(n, str(n)), "meets_standard": n >= 7}
            for n in range(10, -1, -1)
        ],
    },
]


def add_scales(apps, schema_editor):
    GradingScale = apps.get_model("tools", "GradingScale")
    for scale in SCALES:
        GradingScale.objects.update_or_create(
            partnership=None,
            key=scale["key"],
            defaults={"name": scale["name"], "description": scale["description"], "levels": scale["levels"]},
        )


def remove_scales(apps, schema_editor):
    GradingScale = apps.get_model("tools", "GradingScale")
    GradingScale.objects.filter(partnership=None, key__in=[scale["key"] for scale in SCALES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("tools", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(add_scales, remove_scales),
    ]
