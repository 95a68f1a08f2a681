"""The default taxonomy's lexicon: for each theme id, its weighted cues.

Entries are words, phrases and context rules written for maca from practice
knowledge and the theme descriptions; none is a sentence from any document.
"""

from __future__ import annotations

from ..cues import Cue
from .people import CONSENT, PROFESSIONAL_CURIOSITY, THINK_FAMILY, VOICE_OF_CHILD
from .practice import (
    ASSESSMENT_PLANNING,
    CHALLENGE_ESCALATION,
    MANAGEMENT_OVERSIGHT,
    RECORDING_CHRONOLOGIES,
    TIMELINESS,
    TRAINING_GUIDANCE,
)
from .processes import (
    CHILD_PROTECTION_PROCESS,
    EARLY_HELP,
    INFORMATION_SHARING,
    MULTI_AGENCY_WORKING,
    REFERRAL_QUALITY,
)
from .risks import DISABILITY_SEND, DOMESTIC_ABUSE, EXPLOITATION, MENTAL_HEALTH_SUBSTANCE, NEGLECT
from .sectors import EDUCATION, HEALTH, HOUSING

THEME_CUES: dict[str, list[Cue]] = {
    "voice_of_child": VOICE_OF_CHILD,
    "information_sharing": INFORMATION_SHARING,
    "domestic_abuse": DOMESTIC_ABUSE,
    "professional_curiosity": PROFESSIONAL_CURIOSITY,
    "recording_chronologies": RECORDING_CHRONOLOGIES,
    "management_oversight": MANAGEMENT_OVERSIGHT,
    "challenge_escalation": CHALLENGE_ESCALATION,
    "early_help": EARLY_HELP,
    "child_protection_process": CHILD_PROTECTION_PROCESS,
    "think_family": THINK_FAMILY,
    "consent": CONSENT,
    "assessment_planning": ASSESSMENT_PLANNING,
    "timeliness": TIMELINESS,
    "multi_agency_working": MULTI_AGENCY_WORKING,
    "health": HEALTH,
    "education": EDUCATION,
    "housing": HOUSING,
    "neglect": NEGLECT,
    "referral_quality": REFERRAL_QUALITY,
    "mental_health_substance": MENTAL_HEALTH_SUBSTANCE,
    "exploitation": EXPLOITATION,
    "disability_send": DISABILITY_SEND,
    "training_guidance": TRAINING_GUIDANCE,
}
