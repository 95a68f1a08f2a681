"""The publication safety check: finds what could identify a child or a family
member in a text before it is published. See docs/publication-safety.md."""

from .check import SafetyCheck, find_identifiers
from .hits import KIND_LABELS, Hit, Kind
from .replace import Replacement, apply_replacements, propose_replacement, replace_held_names

__all__ = [
    "KIND_LABELS",
    "Hit",
    "Kind",
    "Replacement",
    "SafetyCheck",
    "apply_replacements",
    "find_identifiers",
    "propose_replacement",
    "replace_held_names",
]
