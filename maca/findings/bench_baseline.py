"""The comparison for ``make bench``: a plain keyword list over the theme
names and their obvious words, and "strength" when a plain positive word
appears. Written to be a fair, ordinary first attempt, not a straw man."""

from __future__ import annotations

import re

KEYWORDS: dict[str, tuple[str, ...]] = {
    "voice_of_child": ("voice of the child", "child's voice", "wishes and feelings", "lived experience"),
    "information_sharing": ("information sharing", "share information", "sharing information", "communication"),
    "domestic_abuse": ("domestic abuse", "domestic violence", "marac", "dash"),
    "professional_curiosity": ("professional curiosity", "curiosity", "disguised compliance"),
    "recording_chronologies": ("recording", "record keeping", "records", "chronology", "chronologies"),
    "management_oversight": ("management oversight", "oversight", "supervision"),
    "challenge_escalation": ("challenge", "escalation", "escalate", "dispute resolution"),
    "early_help": ("early help", "step down", "step up"),
    "child_protection_process": ("child protection", "section 47", "strategy meeting", "conference", "core group"),
    "think_family": ("think family", "father", "fathers", "extended family"),
    "consent": ("consent",),
    "assessment_planning": ("assessment", "assessments", "plan", "plans", "planning"),
    "timeliness": ("timeliness", "timely", "delay", "drift"),
    "multi_agency_working": ("multi-agency", "multi agency", "joint working", "partnership working"),
    "health": ("health", "gp", "hospital", "health visitor"),
    "education": ("education", "school", "schools"),
    "housing": ("housing", "homeless", "homelessness", "eviction"),
    "neglect": ("neglect",),
    "referral_quality": ("referral", "referrals", "mash", "threshold"),
    "mental_health_substance": ("mental health", "substance misuse", "alcohol", "drugs"),
    "exploitation": ("exploitation", "cse", "missing"),
    "disability_send": ("disability", "disabled", "send", "special educational needs"),
    "training_guidance": ("training", "guidance", "toolkit", "policy", "protocol", "awareness"),
}
POSITIVE = ("good", "well", "effective", "positive", "strong", "excellent")

_PATTERNS = {
    theme: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b") for theme, words in KEYWORDS.items()
}
_POSITIVE = re.compile(r"\b(?:" + "|".join(POSITIVE) + r")\b")


def keyword_tags(text: str) -> tuple[list[str], str]:
    lowered = text.lower().replace("\u2019", "'")
    themes = [theme for theme, pattern in _PATTERNS.items() if pattern.search(lowered)]
    return themes, "strength" if _POSITIVE.search(lowered) else "concern"
