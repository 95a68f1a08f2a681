"""The default practice-theme taxonomy every partnership starts with.

The ids are stable: tagging output, imports and reports use them, so a theme
may be renamed or retired by a partnership but its id never changes meaning.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Theme:
    id: str
    name: str
    description: str


DEFAULT_THEMES: tuple[Theme, ...] = (
    Theme(
        "voice_of_child", "Voice of the child", "Wishes and feelings, lived experience, observing pre-verbal children."
    ),
    Theme(
        "information_sharing",
        "Information sharing",
        "Sharing information and communicating between agencies, notifications, feedback to referrers.",
    ),
    Theme("domestic_abuse", "Domestic abuse", "Domestic abuse, MARAC, DASH, coercive control."),
    Theme(
        "professional_curiosity",
        "Professional curiosity",
        "Investigative mind-set, disguised compliance, accepting parental accounts at face value.",
    ),
    Theme(
        "recording_chronologies",
        "Recording and chronologies",
        "Record keeping, chronologies, case recording, household composition recorded.",
    ),
    Theme("management_oversight", "Management oversight", "Supervision, management oversight, oversight of decisions."),
    Theme(
        "challenge_escalation",
        "Challenge and escalation",
        "Professional challenge, escalation, dispute or conflict resolution policy.",
    ),
    Theme(
        "early_help",
        "Early help",
        "Early help offer and assessment, step up and step down, early help thresholds.",
    ),
    Theme(
        "child_protection_process",
        "Child protection process",
        "Section 47, strategy meetings, conferences and plans, core groups, legal proceedings.",
    ),
    Theme("think_family", "Think family", "Fathers, significant males, whole and extended family."),
    Theme("consent", "Consent", "Seeking and recording consent."),
    Theme(
        "assessment_planning",
        "Assessment and planning",
        "Quality of assessment, SMART plans, contingency plans, parental capacity to change, risk analysis.",
    ),
    Theme("timeliness", "Timeliness", "Drift, delay, missed opportunities to act promptly."),
    Theme(
        "multi_agency_working",
        "Multi-agency working",
        "Joint working, multi-disciplinary meetings, coordination, roles and responsibilities.",
    ),
    Theme("health", "Health", "Health services’ involvement, GPs, health visitors, missed health appointments."),
    Theme("education", "Education", "Schools, attendance, education settings."),
    Theme("housing", "Housing", "Housing, homelessness, eviction."),
    Theme("neglect", "Neglect", "Neglect, home conditions, neglect toolkit, graded care profile."),
    Theme(
        "referral_quality",
        "Referral quality",
        "Quality of referrals and requests for support, MASH decisions, referral thresholds.",
    ),
    Theme(
        "mental_health_substance",
        "Parental mental health and substance misuse",
        "Parental mental health, substance misuse, the ‘toxic trio’.",
    ),
    Theme(
        "exploitation",
        "Exploitation",
        "Child sexual or criminal exploitation, missing children, contextual safeguarding.",
    ),
    Theme(
        "disability_send",
        "Disability and SEND",
        "Disabled children, special educational needs, specialist provision.",
    ),
    Theme(
        "training_guidance",
        "Training and guidance",
        "Training, awareness, use of toolkits, protocols and guidance.",
    ),
)

THEMES_BY_ID: dict[str, Theme] = {theme.id: theme for theme in DEFAULT_THEMES}
THEME_IDS: tuple[str, ...] = tuple(THEMES_BY_ID)


def theme_named(theme_id: str) -> Theme:
    """The default theme with this id; KeyError for an id the taxonomy does not have."""
    return THEMES_BY_ID[theme_id]
