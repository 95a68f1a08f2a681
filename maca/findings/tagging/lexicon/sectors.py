"""Sector themes (health, education, housing): given when the statement is
about that sector's practice or involvement, not just because it names one."""

from ..cues import cue
from .common import CHILD, PARENT, ROLL_CALL

HEALTH = [
    cue(
        (
            r"health (?:visitors?|visiting|services?|professionals?|practitioners?|partners?|staff|colleagues"
            r"|providers?|agencies|assessments?|appointments?|records?|trusts?|care|team|input|involvement)"
        ),
        3,
    ),
    cue(
        r"health(?! needs| issues| conditions| problems| and safety| and wellbeing board)|healthcare|health care",
        2,
        not_near=r"mental|public|emotional|sexual",
        window=10,
    ),
    cue(
        [
            r"gps?|general practi\w*|hospitals?|emergency departments?|a\s?\+\s?e",
            r"paediatric\w*|paediatricians?|midwi\w*|maternity|school nurs\w*",
            r"nurs(?:e|es|ing)|camhs|child and adolescent mental health|clinicians?",
            r"clinical|dentist\w*|dental|ante-?natal|post-?natal|nhs|icbs?|ccgs?",
            r"health visit\w*|immunisations?|vaccinat\w*|a\+e",
        ],
        2.5,
    ),
    cue(
        [
            r"(?:medical|health|hospital|clinic) appointments?|appointments?",
            r"was not brought|were not brought|did not attend|dna",
        ],
        2,
        not_near=r"school|social work|assessment|housing",
        window=25,
    ),
    cue(
        [
            r"(?:emotional|mental|physical) (?:health|well-?being|needs|resilience)",
            r"self-?harm\w*|suicid\w*|eating disorders?",
        ],
        2,
        near=CHILD + r"|young|their|camhs",
        not_near=PARENT,
        window=40,
    ),
    cue(r"(?:mother|father|parent|parents|mum|dad)(?:'s|s')? (?:\w+ ){0,3}health", -1.5),
    cue(ROLL_CALL, -1.5),
]

EDUCATION = [
    cue(
        [
            r"schools?(?! nurs)|education(?!al needs)|educational(?! needs)|teachers?",
            r"head ?teachers?|designated safeguarding leads?|dsls?|nurser(?:y|ies)",
            r"colleges?|academ(?:y|ies)|exclusions?|excluded|learning providers?",
            r"education settings?|early years settings?|pupils?|classroom",
            (
                r"elective home education|home[- ]educat\w*|alternative provision|pupil referral units?"
                r"|part-time timetables?"
            ),
            r"virtual school|off-rolling|sixth form|further education|educational psycholog\w*|education welfare",
        ],
        3,
    ),
    cue(
        r"attendance|absence|attending",
        2,
        not_near=[
            r"appointments?|meetings?|conferences?|core groups?|clinic|hospital",
            r"strategy|course|training|mdt|panel",
        ],
        window=30,
    ),
    cue(r"missing (?:from )?education|not (?:in|accessing) (?:an )?education", 3),
    cue(ROLL_CALL, -1.5),
]

HOUSING = [
    cue(
        [
            r"housing|homeless\w*|evict\w*|tenanc(?:y|ies)|tenants?",
            r"bed and breakfast|b\s?\+\s?b|landlords?|rent arrears|overcrowd\w*",
            r"rehous\w*|social housing|council hous\w*|housing associations?|temporary accommodation",
            r"building safety|damp|mould|families (?:being )?(?:placed|moved|relocated) (?:in|into|to|out of)",
        ],
        3,
    ),
    cue(
        [
            r"accommodation|housed",
            r"placed (?:\w+ ){0,3}(?:in|into|out of) (?:the )?(?:area|county|borough)",
        ],
        2,
    ),
    cue(r"arrears|propert(?:y|ies)|home conditions", 1),
    cue(ROLL_CALL, -1.5),
]
