"""Themes naming a risk to the child: domestic abuse, neglect, parents' mental
health and substance misuse, exploitation, and disability."""

from ..cues import cue
from .common import CHILD, PARENT

DOMESTIC_ABUSE = [
    cue(
        [
            r"domestic(?:ally)? (?:abuse|abusive|violence|violent|incidents?)|marac",
            r"dash|coercive(?: and)?(?: controlling)?(?: control)?",
            r"controlling behaviou?rs?|intimate partner|violent relationships?",
            r"violence (?:in|at) (?:the )?home|domestic abuse protection|dapos?",
            r"dvpos?|idvas?|clare's law|perpetrators?",
            (
                r"victims? of (?:domestic )?abuse|violence against women|vawg|stalking|abusive (?:relationships?"
                r"|partners?|ex-partners?)"
            ),
            r"ex-partners?|strangulation|safelives|domestic homicide|witness\w* (?:\w+ )?(?:violence|abuse)",
        ],
        3,
    ),
    cue(r"DA|DV|DVA", 3, case_sensitive=True),
    cue(
        [
            r"refuge|honour[- ]based|forced marriage|parental conflict",
            r"(?:partner|parental|adult) (?:violence|abuse|conflict)",
            r"assault(?:ed)? (?:by|on) (?:her|his|the mother's|the) (?:partner|mother|father|boyfriend)",
        ],
        2,
    ),
    cue(r"fgm|female genital mutilation", 1),
]

NEGLECT = [
    cue(r"neglect\w*", 3),
    cue(
        [
            r"home conditions",
            r"(?:poor|unsafe|squalid|unhygienic|dirty|unclean|cluttered) (?:home |living )?conditions",
            r"graded care profile|gcp2?|basic (?:care|needs)|(?:poor )?hygiene",
            r"malnourish\w*|faltering growth|failure to thrive|unmet needs",
            r"needs (?:were|are|was) not (?:being )?met",
        ],
        3,
    ),
    cue(
        [
            r"prioritis\w+ (?:her|his|their) own needs",
            r"left (?:\w+ ){0,6}(?:alone|by themselves|unsupervised|unattended|on their own)",
            r"home alone",
            r"lack of (?:stability|supervision of (?:the )?child\w*|routine|food)",
        ],
        2.5,
    ),
    cue(r"quality of care", 1.5, near=CHILD),
]

MENTAL_HEALTH_SUBSTANCE = [
    cue(
        (
            r"(?:parental|parents?(?:'|'s)?|mother(?:'s)?|father(?:'s)?|maternal|paternal|carers?(?:')?|adults?(?:'"
            r"|'s)?) (?:\w+ ){0,2}mental (?:ill-?)?health"
        ),
        3,
    ),
    cue(
        r"mental (?:ill-?)?health|mental illness|mental well-?being",
        2,
        not_near=CHILD + r"|camhs|students?|emotional",
        window=30,
    ),
    cue(
        [
            r"depress\w*|anxiety|psycholog\w*|psychiatr\w*|psychosis|psychotic",
            r"personality disorder|bipolar|schizo\w*|post-?natal depression",
            r"perinatal mental|self-medicat\w*",
        ],
        2.5,
        not_near=CHILD,
        window=25,
    ),
    cue(
        [
            r"substance (?:mis)?use|substances|drugs?|alcohol\w*|drinking|drunk",
            r"intoxicat\w*|toxic trio|trigger trio|addict\w*|cannabis|heroin|cocaine",
            r"methadone|overdos\w*|dual diagnosis",
        ],
        3,
    ),
    cue(r"adult mental health|adult services", 1.5),
]

EXPLOITATION = [
    cue(
        [
            r"exploit\w*|cse|cce|county lines|gangs?|gang-?related",
            r"serious youth violence|youth violence|knife crime",
            r"contextual safeguarding|traffick\w*|modern slavery|radicalis\w*",
            r"extremis\w*|grooming|groomed|seraf",
        ],
        3,
    ),
    cue(
        [
            r"missing(?! education| from education| school)|go(?:es|ne|ing)? missing",
            r"went missing|return (?:home )?interviews?",
            r"nrm|national referral mechanism|sextortion|(?:risks?|harm) outside the home|extra-?familial",
        ],
        2.5,
    ),
    cue(
        [
            r"violence between (?:\w+ ){0,3}(?:children|young people|groups)",
            r"peer[- ]on[- ]peer|child[- ]on[- ]child|harmful sexual behaviou?rs?",
            r"hsb|online (?:abuse|harm|safety|grooming)|sexting",
            r"criminal(?:ity)? (?:activity|networks?)",
        ],
        2.5,
    ),
]

DISABILITY_SEND = [
    cue(
        [
            r"disab(?:led|ility|ilities)|special educational needs|special needs",
            r"ehcps?|education,? health and care plans?",
            r"learning (?:disabilit\w+|difficult\w+|disabled)|autis\w*|asd|adhd",
            r"special schools?|physical(?:ly)? impair\w*|sensory|deaf|blind",
            r"wheelchair|short breaks|sencos?",
        ],
        3,
    ),
    cue(r"SEND|SEN", 3, case_sensitive=True),
    cue(r"specialist (?:provision|intervention|school|services?|support|equipment)", 2),
    cue(r"(?:additional|complex) (?:health )?needs", 1, near=CHILD, not_near=PARENT, window=30),
    cue(r"communication (?:needs|difficulties|aids)|non-?verbal", 1),
]
