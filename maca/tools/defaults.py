"""What maca ships: the grading scales and the two standard audit tools, as data.

The scales are also written, word for word, into the data migration
``0002_shipped_grading_scales`` (a migration must not import app code); a test
checks the two agree. The tools are installed into a partnership, and
published, by ``shipped.install_default_tools``; after that they belong to the
partnership, which may change them in new versions like any tool of its own.
"""

from __future__ import annotations

# Grading scales ----------------------------------------------------------------------------------

OFSTED_FOUR_POINT = "ofsted-four-point"
SIX_POINT = "six-point"
RAG = "rag"
SIGNS_OF_SAFETY = "signs-of-safety"


def _signs_of_safety_levels() -> list[dict]:
    words = {
        10: "10 – everyone agrees the child is safe enough for us to close the case",
        5: "5 – the child's safety is uncertain: the worries and the strengths are finely balanced",
        0: "0 – the child will be harmed, or harmed again, unless something changes now",
    }
    return [{"value": str(n), "label": words.get(n, str(n)), "meets_standard": n >= 7} for n in range(10, -1, -1)]


SCALES: list[dict] = [
    {
        "key": OFSTED_FOUR_POINT,
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
        "key": SIX_POINT,
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
        "key": RAG,
        "name": "Red, amber, green",
        "description": "Green meets the standard; amber and red do not.",
        "levels": [
            {"value": "green", "label": "Green", "meets_standard": True},
            {"value": "amber", "label": "Amber", "meets_standard": False},
            {"value": "red", "label": "Red", "meets_standard": False},
        ],
    },
    {
        "key": SIGNS_OF_SAFETY,
        "name": "Signs of Safety scale, 0 to 10",
        "description": "How safe the child is, from 0 to 10. A score of 7 or more meets the standard.",
        "levels": _signs_of_safety_levels(),
    },
]


# Tools -------------------------------------------------------------------------------------------
#
# Each question: key, text, kind, and optionally help_text, required (default True), scale (a key
# of a shipped scale, for grade questions), choices, max_length.


def _grade(key: str, text: str, help_text: str = "") -> dict:
    return {"key": key, "text": text, "kind": "grade", "scale": OFSTED_FOUR_POINT, "help_text": help_text}


def _yes_no(key: str, text: str, help_text: str = "") -> dict:
    return {"key": key, "text": text, "kind": "yes_no", "help_text": help_text}


def _signs_of_safety(prefix: str, about: str) -> list[dict]:
    """The three Signs of Safety questions that close each section (all optional)."""
    return [
        {
            "key": f"{prefix}_working_well",
            "text": "What is working well?",
            "kind": "text",
            "required": False,
            "help_text": f"Strengths in the agency’s work on {about}, with examples from the record.",
        },
        {
            "key": f"{prefix}_worried",
            "text": "What are we worried about?",
            "kind": "text",
            "required": False,
            "help_text": f"Gaps, delays or missed chances in the agency’s work on {about}.",
        },
        {
            "key": f"{prefix}_next",
            "text": "What needs to happen?",
            "kind": "text",
            "required": False,
            "help_text": "What should change, for this child or in the agency’s practice.",
        },
    ]


CASE_AUDIT_TOOL: dict = {
    "name": "Agency case audit tool",
    "kind": "case",
    "description": (
        "Each agency audits its own record of the child against six headings. Grade each heading on the "
        "Ofsted four-point scale, answer the questions, and say what is working well, what you are worried "
        "about and what needs to happen."
    ),
    "sections": [
        {
            "title": "The child’s lived experience and voice",
            "help_text": (
                "How well the agency understood what daily life was like for the child, and how far the "
                "child’s wishes and feelings shaped what was done."
            ),
            "questions": [
                _grade(
                    "voice_grade",
                    "How well did the agency understand and respond to the child’s lived experience and voice?",
                ),
                _yes_no(
                    "voice_seen_alone",
                    "Was the child seen, and spoken to alone where their age and understanding allowed?",
                ),
                _yes_no(
                    "voice_recorded",
                    "Does the record show the child’s wishes and feelings, in their own words where possible?",
                ),
                _yes_no(
                    "voice_identity",
                    "Were the child’s identity and needs considered, including ethnicity, culture, faith, "
                    "language and any disability?",
                ),
                *_signs_of_safety("voice", "the child’s lived experience and voice"),
            ],
        },
        {
            "title": "Information sharing",
            "help_text": (
                "Whether the agency shared what it knew with the right people at the right time, and used "
                "what others told it."
            ),
            "questions": [
                _grade("information_sharing_grade", "How well did the agency share and use information?"),
                _yes_no(
                    "information_shared_promptly",
                    "Was information shared with the agencies that needed it without delay?",
                ),
                _yes_no(
                    "information_consent_recorded",
                    "Where consent was needed, was it sought, or the decision to share without it recorded "
                    "with the reasons?",
                ),
                _yes_no("health_in_decisions", "Were health professionals part of decision-making?"),
                _yes_no(
                    "information_disagreement_escalated",
                    "Where agencies disagreed, was the disagreement raised and resolved?",
                    "Answer ‘Not applicable’ if there was no disagreement.",
                ),
                *_signs_of_safety("information_sharing", "information sharing"),
            ],
        },
        {
            "title": "Assessment, planning and risk",
            "help_text": (
                "Whether assessments were timely and thorough; whether risks to the child were identified "
                "and assessed, in particular domestic abuse, parental mental health and parental drug or "
                "alcohol misuse; and whether the plan said clearly who would do what, and by when."
            ),
            "questions": [
                _grade(
                    "assessment_grade",
                    "How good were the agency’s assessment, planning and management of risk?",
                ),
                _yes_no("assessment_timely", "Was the assessment completed within the expected timescale?"),
                _yes_no(
                    "assessment_history",
                    "Did the assessment take account of the family’s history, including earlier referrals?",
                ),
                _yes_no("risk_domestic_abuse", "Was the risk from domestic abuse assessed?"),
                _yes_no(
                    "risk_parental_mental_health",
                    "Was the effect of parental mental health on the child assessed?",
                ),
                _yes_no(
                    "risk_substance_misuse",
                    "Was the effect of parental drug or alcohol misuse on the child assessed?",
                ),
                _yes_no(
                    "plan_clear",
                    "Did the plan say who would do what, and by when?",
                ),
                *_signs_of_safety("assessment", "assessment, planning and risk"),
            ],
        },
        {
            "title": "Management oversight",
            "help_text": "Whether managers knew the case, guided the work and challenged drift or delay.",
            "questions": [
                _grade("oversight_grade", "How effective was management oversight of the case?"),
                _yes_no(
                    "oversight_supervision",
                    "Was the case discussed in supervision, and the discussion recorded?",
                ),
                _yes_no(
                    "oversight_decisions_recorded",
                    "Are managers’ decisions recorded, with the reasons for them?",
                ),
                _yes_no("oversight_drift_challenged", "Did managers notice and challenge drift or delay?"),
                *_signs_of_safety("oversight", "management oversight"),
            ],
        },
        {
            "title": "Outcomes for the child",
            "help_text": "What difference the agency’s work made to the child’s safety and well-being.",
            "questions": [
                _grade("outcomes_grade", "How much did the agency’s work improve things for the child?"),
                _yes_no(
                    "outcomes_improved",
                    "Is the child safer or better off because of what the agency did?",
                ),
                _yes_no("outcomes_plan_delivered", "Were the actions in the plan carried out?"),
                *_signs_of_safety("outcomes", "outcomes for the child"),
            ],
        },
        {
            "title": "Overall",
            "help_text": "Your overall judgement of the agency’s work with this child and family.",
            "questions": [
                _grade(
                    "overall_grade",
                    "Overall, how good was the agency’s work with this child and family?",
                    "Weigh up the grades you gave each section above.",
                ),
                {
                    "key": "overall_summary",
                    "text": "Summary of the audit",
                    "kind": "text",
                    "required": False,
                    "help_text": "The main strengths and the main learning for the agency, in a few sentences.",
                    "max_length": 5_000,
                },
            ],
        },
    ],
}

SUMMATIVE_TOOL: dict = {
    "name": "Deep-dive summative report",
    "kind": "summative",
    "description": (
        "One report from each agency, drawing together what it found across all the cases it audited in the deep dive."
    ),
    "sections": [
        {
            "title": "Overview",
            "help_text": "",
            "questions": [
                {
                    "key": "overview",
                    "text": "Overview",
                    "kind": "text",
                    "help_text": "Which cases your agency audited, who audited them and how.",
                },
            ],
        },
        {
            "title": "What worked well",
            "help_text": "",
            "questions": [
                {
                    "key": "worked_well",
                    "text": "What worked well",
                    "kind": "text",
                    "help_text": "Good practice you found across the cases, with examples.",
                },
            ],
        },
        {
            "title": "What needs to improve",
            "help_text": "",
            "questions": [
                {
                    "key": "needs_to_improve",
                    "text": "What needs to improve",
                    "kind": "text",
                    "help_text": "Gaps or weaknesses you found in more than one case, and why you think they happened.",
                },
            ],
        },
        {
            "title": "Restorative actions",
            "help_text": "What your agency will do to put right what the audit found.",
            "questions": [
                {
                    "key": "actions",
                    "text": "Actions and timeline",
                    "kind": "text",
                    "help_text": (
                        "Put each action on its own line, saying what will be done, who will do it and by when. "
                        "For example: ‘Remind front-door staff to record the child’s own words – team manager – "
                        "by 31 March’."
                    ),
                },
            ],
        },
        {
            "title": "Counts",
            "help_text": "",
            "questions": [
                {"key": "cases_audited", "text": "How many cases did your agency audit?", "kind": "number"},
                {
                    "key": "cases_meeting_standard",
                    "text": "How many of those cases met the standard?",
                    "kind": "number",
                    "help_text": "cases graded good or better",
                },
                _grade(
                    "overall_grade",
                    "Overall, how good was your agency’s practice across these cases?",
                ),
            ],
        },
    ],
}

TOOLS: list[dict] = [CASE_AUDIT_TOOL, SUMMATIVE_TOOL]
TOOL_NAMES: list[str] = [tool["name"] for tool in TOOLS]
