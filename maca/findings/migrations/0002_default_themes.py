"""Every partnership starts with the default taxonomy's themes (ids as keys).

The themes are written here word for word (a migration must not import app
code); a test checks they agree with ``maca.findings.taxonomy``. New
partnerships get them from ``maca.findings.services.themes_ensure``.
"""

from django.db import migrations

DEFAULT_THEMES = [
    ("voice_of_child", "Voice of the child", "Wishes and feelings, lived experience, observing pre-verbal children."),
    (
        "information_sharing",
        "Information sharing",
        "Sharing information and communicating between agencies, notifications, feedback to referrers.",
    ),
    ("domestic_abuse", "Domestic abuse", "Domestic abuse, MARAC, DASH, coercive control."),
    (
        "professional_curiosity",
        "Professional curiosity",
        "Investigative mind-set, disguised compliance, accepting parental accounts at face value.",
    ),
    (
        "recording_chronologies",
        "Recording and chronologies",
        "Record keeping, chronologies, case recording, household composition recorded.",
    ),
    ("management_oversight", "Management oversight", "Supervision, management oversight, oversight of decisions."),
    (
        "challenge_escalation",
        "Challenge and escalation",
        "Professional challenge, escalation, dispute or conflict resolution policy.",
    ),
    ("early_help", "Early help", "Early help offer and assessment, step up and step down, early help thresholds."),
    (
        "child_protection_process",
        "Child protection process",
        "Section 47, strategy meetings, conferences and plans, core groups, legal proceedings.",
    ),
    ("think_family", "Think family", "Fathers, significant males, whole and extended family."),
    ("consent", "Consent", "Seeking and recording consent."),
    (
        "assessment_planning",
        "Assessment and planning",
        "Quality of assessment, SMART plans, contingency plans, parental capacity to change, risk analysis.",
    ),
    ("timeliness", "Timeliness", "Drift, delay, missed opportunities to act promptly."),
    (
        "multi_agency_working",
        "Multi-agency working",
        "Joint working, multi-disciplinary meetings, coordination, roles and responsibilities.",
    ),
    ("health", "Health", "Health services' involvement, GPs, health visitors, missed health appointments."),
    ("education", "Education", "Schools, attendance, education settings."),
    ("housing", "Housing", "Housing, homelessness, eviction."),
    ("neglect", "Neglect", "Neglect, home conditions, neglect toolkit, graded care profile."),
    (
        "referral_quality",
        "Referral quality",
        "Quality of referrals and requests for support, MASH decisions, referral thresholds.",
    ),
    (
        "mental_health_substance",
        "Parental mental health and substance misuse",
        "Parental mental health, substance misuse, the 'toxic trio'.",
    ),
    (
        "exploitation",
        "Exploitation",
        "Child sexual or criminal exploitation, missing children, contextual safeguarding.",
    ),
    ("disability_send", "Disability and SEND", "Disabled children, special educational needs, specialist provision."),
    ("training_guidance", "Training and guidance", "Training, awareness, use of toolkits, protocols and guidance."),
]


def seed(apps, schema_editor):
    Partnership = apps.get_model("partnerships", "Partnership")
    Theme = apps.get_model("findings", "Theme")
    for partnership in Partnership.objects.all():
        have = set(Theme.objects.filter(partnership=partnership).values_list("key", flat=True))
        Theme.objects.bulk_create(
            [
                Theme(partnership=partnership, key=key, name=name, description=description, is_default=True, position=i)
                for i, (key, name, description) in enumerate(DEFAULT_THEMES, start=1)
                if key not in have
            ]
        )


class Migration(migrations.Migration):
    dependencies = [("findings", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
