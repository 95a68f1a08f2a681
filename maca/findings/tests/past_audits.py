"""A past audit in the JSON format of docs/audit-json.md, for tests. Made up."""

from __future__ import annotations

import copy
import json


def past_audit(title: str = "Neglect in families with babies", year: int = 2024, *, agency: str | None = None) -> dict:
    return copy.deepcopy(
        {
            "format": "maca-audit",
            "version": 1,
            "audit": {
                "title": title,
                "theme": "How agencies notice early signs of neglect in families with a baby.",
                "kind": "themed",
                "year": year,
                "meeting_date": f"{year}-11-20",
                "children": 7,
            },
            "themes": [{"id": "bruising_protocol", "name": "Bruising protocol"}],
            "cases": [
                {
                    "number": 1,
                    "service_level": "child_in_need",
                    "flags": ["domestic_abuse", "neglect"],
                    "agreed_grade": "Good",
                },
                {"number": 2, "service_level": "child_protection", "flags": ["neglect"], "agreed_grade": ""},
                {"number": 3, "service_level": "early_help", "flags": [], "agreed_grade": "Requires improvement"},
            ],
            "findings": [
                {
                    "case": 1,
                    "polarity": "strength",
                    "kind": "finding",
                    "agency": agency,
                    "text": "The baby was seen at every visit and how she responded was written down.",
                    "themes": ["voice_of_child", "health"],
                },
                {
                    "case": 1,
                    "polarity": "concern",
                    "kind": "finding",
                    "agency": None,
                    "text": "Nobody asked the mother's partner about his part in the baby's care.",
                    "themes": ["think_family"],
                },
                {
                    "case": 2,
                    "polarity": "concern",
                    "kind": "finding",
                    "agency": None,
                    "text": "The father was not invited to the core group.",
                    "themes": ["child_protection_process", "think_family"],
                },
                {
                    "case": None,
                    "polarity": "strength",
                    "kind": "good_practice",
                    "agency": None,
                    "text": "After the audit, the bruising protocol was reissued to every GP practice.",
                    "themes": ["bruising_protocol"],
                },
            ],
            "recommendations": [
                {
                    "text": "Invite both parents to every assessment and record why when one is not there.",
                    "status": "confirmed",
                    "themes": ["think_family"],
                    "findings": [1, 2],
                },
                {"text": "A second thought, dropped.", "status": "withdrawn", "themes": [], "findings": []},
            ],
        }
    )


def as_bytes(data) -> bytes:
    return json.dumps(data).encode()
