"""Themes about the quality of practice itself: assessing and planning,
recording, oversight, challenge, pace, and the training and tools behind it."""

from ..cues import cue
from .common import CHILD

# "Plan" in general (an improvement or action plan) is not a child's plan.
GENERAL_PLAN = [
    r"(?:improvement|action|business|strategic|operational|delivery|training|audit) plans?",
    r"(?:development|partnership|annual|service|work|project|communications?|recovery) plans?",
    r"(?:implementation|transformation|priorit(?:y|ies)|three[- ]year) plans?",
    # "Plans" as a verb: "the partnership plans to review ...".
    (
        r"(?:we|they|it|partnership|board|agency|service|team|council|authority|trust|school|police|group"
        r"|sub-?group) plans? to"
    ),
]
# Words that judge a plan itself: then "plan" is about the quality of planning.
PLAN_QUALITY = [
    r"smart|contingency|robust|clear|quality|good|poor|effective\w*|measurable|outcome\w*|no|in place|review\w*",
    r"updated|drift|analysis|progress|realistic|specific|vague|focused",
]
PLAN_CONTEXT = [
    CHILD,
    r"smart|contingency|robust|clear|quality|outcomes?|care|support|protection",
    r"need|needs|risks?|effective\w*|good|poor|safety|family|families|measurable",
    r"review\w*|in place|agreed|actions?",
]
# "Challenge" as a difficulty, not as one professional challenging another.
DIFFICULTY = [
    r"challenges? (?:of|in|for|to|faced|facing|around|with|posed|that)",
    r"(?:systemic|key|many|significant|particular|real|practical|complex|ongoing|major|these|the) challenges",
    (
        r"(?:was|is|were|are|be|remains?|proved|prove) (?:a |an |particularly |very |more |extremely "
        r"|quite )?challeng\w*"
    ),
    r"challenging (?:behaviou?rs?|workloads?|circumstances|times|environments?|situations?|families|cases?|context)",
    r"challenging (?:period|year|to)|the challenge of|challenged by",
]
# Challenging a family's refusal or non-engagement is professional curiosity.
FAMILY_OBJECT = [
    r"(?:non|dis)-?engag\w*|not engag\w*|refus\w*|sporadic|reluctan\w*|disguised",
    r"families|parents?|mothers?|fathers?|carers?|support offered",
]

ASSESSMENT_PLANNING = [
    cue(r"assessments?|assess(?:ed|ing)?", 2, not_near=r"early help|initial|health|ehas?|audit", window=14),
    cue(r"(?:risk|needs|parenting|pre-birth|specialist|single|holistic|comprehensive) assessments?", 2.5),
    cue(
        [
            r"analys(?:is|e|ed|ing)|analytical|smartness",
            r"contingency (?:plans?|planning)",
        ],
        3,
    ),
    cue(r"SMART", 3, case_sensitive=True),
    cue(r"plans?|planning", 2.5, near=PLAN_QUALITY, not_near=GENERAL_PLAN, window=25),
    cue(r"plans?|planning", 1, near=PLAN_CONTEXT, not_near=GENERAL_PLAN, window=40),
    cue(GENERAL_PLAN, -1.5),
    cue(
        [
            r"(?:care|support|safety|discharge|transition|pathway) (?:and support )?plans?",
            r"planning",
        ],
        1,
    ),
    cue(
        [
            r"capacity to (?:change|care|protect|parent|meet)",
            r"ability to (?:protect|change|care|parent|meet (?:these|the|their) needs)",
            r"parenting capacity|parental (?:capacity|ability)",
        ],
        3,
    ),
    cue(
        [
            r"protective factors|cumulative (?:harm|impact|risks?)",
            r"risks? (?:that )?(?:build|accumulat)\w*|sustained change",
            r"capacity for change",
        ],
        3,
    ),
    cue(
        [
            r"(?:response|responses|responding) to (?:the )?risks?",
            r"risk (?:analysis|management|factors?|assessment)",
            r"analysis of (?:the )?risks?",
        ],
        3,
    ),
    cue(r"(?:identify|identifying|identification of|understand\w*|recognis\w*|weigh\w*) (?:\w+ ){0,2}risks?", 1.5),
    cue(
        (
            r"(?:measure|measuring|evaluat\w*|evidenc\w*) (?:the )?(?:\w+ ){0,2}(?:effectiveness|impact|progress"
            r"|change)"
        ),
        2,
    ),
    cue(
        [
            r"(?:been |were |was |are |is )?taken into account|take into account|what (?:needs|needed) to change",
        ],
        2,
    ),
    cue(
        [
            r"level of need",
        ],
        1.5,
    ),
    cue(r"interventions?", 1, near=r"plan|assessment|quality|good|social worker", window=40),
    cue(
        [
            r"professional judge?ment|(?:full|complete|accurate|whole) picture",
            r"understand\w* (?:of )?(?:the )?(?:child's|children's|family's) (?:needs|situation|circumstances)",
        ],
        2,
    ),
]

RECORDING_CHRONOLOGIES = [
    cue(r"chronolog(?:y|ies|ical)", 3),
    cue(
        [
            r"record[- ]keeping|case (?:recording|records?|files?|notes)",
            r"recording systems?",
            (
                r"(?:patient|health|police|school|agency|electronic|child's|children's|gp|medical"
                r"|agencies') (?:records?|files?)"
            ),
        ],
        3,
    ),
    cue(r"record(?:s|ed|ing)?", 2, not_near=r"track|number|high|low|breaking|level of", window=12),
    cue(r"document(?:ed|ing|ation)|written up|write[- ]up|minut(?:ed|es)", 1.5),
    cue(r"captur(?:e|ed|es|ing)", 1.5),
    cue(
        [
            r"not updated",
            r"updat(?:e|ed|ing) (?:\w+ ){0,3}(?:files?|records?|systems?)",
        ],
        2,
    ),
]

MANAGEMENT_OVERSIGHT = [
    cue(
        (
            r"(?:management|managerial|manager(?:s|'s)?|senior|leadership|strategic) (?:oversight|grip|scrutiny"
            r"|review|direction|decision)"
        ),
        3,
    ),
    cue(r"oversight", 2.5),
    cue(
        r"supervis(?:ion|ory|ors?|ing|ed)",
        3,
        not_near=[
            r"contact|supervised (?:contact|access)",
            r"of (?:the )?(?:children|child|baby)",
        ],
        window=20,
    ),
    cue(r"(?:team|line|practice) managers?|managers", 1.5),
    cue(r"managers? (?:\w+ ){0,3}(?:review(?:ed)?|agree[ds]?|authoris\w*|sign\w*|decid\w*|decisions?)", 1.5),
    cue(r"workloads?|caseloads?", 1),
    cue(r"sign(?:ed)?[- ]off", 1),
]

CHALLENGE_ESCALATION = [
    cue(
        [
            r"dispute resolution|conflict resolution",
            r"resolving professional (?:differences|disagreements?)",
            r"professional (?:differences|disagreements?)|disagreements?",
            r"escalation (?:policy|policies|procedures?|protocol|routes?|process(?:es)?|pathways?)",
        ],
        3,
    ),
    cue(
        r"escalat(?:e|ed|es|ing|ion)",
        2.5,
        not_near=[
            r"tier|step\w* up|plo|public law|proceedings|violen\w*|behaviou?rs?",
            r"risks? (?:has|have|had)|(?:of|in) risk|incidents",
        ],
        window=30,
    ),
    cue(
        (
            r"(?:professional(?:ly)?|respectful(?:ly)?|effective(?:ly)?|appropriate(?:ly)?|confiden\w* to"
            r"|confidence to|ability to|culture of|multi-?agency|lack of|constructive(?:ly)?) ['\"]?challeng\w*"
        ),
        3,
        not_near=FAMILY_OBJECT,
        window=40,
    ),
    cue(r"challeng(?:e|ed|es|ing)", 2, not_near=[*DIFFICULTY, *FAMILY_OBJECT], window=40),
    cue(
        [
            r"challenge (?:one another|each other|colleagues|decisions|partners|agencies)",
            r"be challenged",
        ],
        3,
        not_near=FAMILY_OBJECT,
        window=40,
    ),
    cue(r"resolution", 1.5, near=r"dispute|conflict|disagree\w*|professional", window=30),
]

_NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"

TIMELINESS = [
    cue(
        [
            r"drift(?:s|ed|ing)?|delay(?:s|ed|ing)?|timel(?:y|iness)|untimely|belated(?:ly)?",
            r"timescales?|time-?scales?|time frames?|overdue|backlogs?",
            r"waiting (?:times?|lists?)|without delay",
        ],
        3,
    ),
    cue(
        [
            r"missed opportunit(?:y|ies)",
            r"opportunit(?:y|ies) (?:\w+ ){0,3}(?:missed|lost)",
            r"lost opportunit(?:y|ies)",
        ],
        3,
    ),
    cue(r"(?:was|were|been|initially) missed", 2, not_near=r"appointments?", window=40),
    cue(
        [
            r"(?:not|too) (?:\w+ ){0,3}early enough|too late|late(?:r)? than|earlier",
            r"sooner|at the earliest|as early as|(?:\w+ )?early on",
        ],
        2,
    ),
    cue(
        [
            r"prompt(?:ly)?|swift(?:ly)?|quick(?:ly|er)?|rapid(?:ly)?|speed(?:ily)?",
            r"pace|urgent(?:ly)?|without (?:any )?delay|in time|on time",
        ],
        2,
    ),
    cue(
        [
            r"same[- ]day|next[- ]day",
            r"within (?:\d+|one|two|three|a|twenty-four|24|48|72) (?:\w+ )?(?:hours|days|weeks|working days|months)",
            r"\d+ (?:working )?days",
        ],
        3,
    ),
    cue(r"(?:at|by) the right time", 2.5),
    cue(
        [
            r"prolonged|for (?:too long|a long time|many years|several years|(?:many|several) months)",
            r"late (?:booking|referral|presentation|notification)|taken (?:\d+|several|many) (?:weeks|months)",
            r"did not happen (?:until|for)|not (?:seen|visited|held|convened) (?:for|until)",
            r"for (?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) (?:days|weeks|months|years)",
        ],
        2,
    ),
    cue(r"right time", 1),
    cue(
        [
            (
                r"should have been (?:\w+ ){0,2}(?:made|held|convened|instigated|completed|in place|started|done"
                r"|referred)"
            ),
            r"by \d+ weeks|before (?:any )?action (?:was|had been|could be) taken|(?:took|taken) (?:too )?long",
            r"referred (?:\w+ ){0,3}early|(?:acted|responded|intervened) (?:\w+ )?early",
        ],
        2,
    ),
    cue(r"early (?:referral|identification|intervention)", 1),
    cue(r"immediate(?:ly)?", 1),
    # How long something took: "eleven days after", "three weeks later",
    # "waited seven months", "lapsed for three months", "that afternoon".
    cue(
        [
            (
                rf"(?:\d+|{_NUMBER_WORDS}|a|several|few|many) (?:full )?(?:working )?"
                r"(?:hours?|days?|weeks?|months?|years?|fortnights?|terms?) (?:later|after|late)"
            ),
            (
                r"(?:took|taking|waited|waiting|wait|lapsed|lapsing|went|remained open|open) (?:for )?"
                r"(?:over |more than |almost |nearly |around |up to )?"
                rf"(?:\d+|{_NUMBER_WORDS}|a|an|several|many|a whole|a full) (?:full )?"
                r"(?:hours?|days?|weeks?|months?|years?|fortnight|term)"
            ),
            (
                r"for (?:over|more than|almost|nearly) (?:a|an|\d+|two|three|four|five|six|several)"
                r" (?:days?|weeks?|months?|years?|fortnight|term)"
            ),
            (
                r"that (?:same )?(?:afternoon|morning|evening|night)"
                r"|the following (?:day|morning)|the next (?:day|morning)"
            ),
            r"as soon as|wait and see|(?:not|only) until|by the time|only (?:found out|learned|learnt|heard)",
        ],
        2,
        not_near=r"\bold\b|aged|gestation|pregnan\w*",
        window=15,
    ),
    cue(
        (
            r"(?:recognised|identified|spotted|picked up|noticed|raised|offered|started|begun|involved|engaged|sought"
            r"|escalated|agreed) (?:\w+ ){0,2}early(?! help)"
        ),
        2,
    ),
]

TRAINING_GUIDANCE = [
    cue(
        [
            r"training|trained|bite-?size|workshops?|e-?learning",
            (
                r"learning (?:events?|sessions?|materials?|resources?)|videos?|podcasts?|webinars?|newsletters?"
                r"|bulletins?"
            ),
            r"masterclass(?:es)?|seminars?|webinars?|briefing sessions?",
            r"7[- ]minute briefings?|seven[- ]minute briefings?|awareness|upskill\w*",
            r"cpd",
        ],
        3,
    ),
    cue(r"briefings?", 2),
    cue(
        [
            r"toolkits?|tool(?:s)?|screening tools?|signs of safety|(?:use|using|used) of (?:the )?dash",
            r"graded care profile|gcp2?|protocols?|guidance|guidelines|framework",
            r"pathways?",
        ],
        3,
    ),
    cue(
        [
            r"polic(?:y|ies)|procedures?|practice standards|standards|portal",
            r"leaflets?|posters?|campaign|practice model|model of practice|induction|competenc(?:e|y|ies)",
            r"handbook|guide",
        ],
        2,
    ),
    cue(
        [
            (
                r"(?:more|better|greater|improved|increased|further|limited|lack of|raise\w*|good|improv\w*"
                r"|(?:professionals'|practitioners'|staff) ?) (?:\w+ ){0,2}(?:knowledge|understanding)"
            ),
            r"knowledge (?:and|\+) understanding|awareness (?:and|\+) understanding",
        ],
        2.5,
        # Understanding a family (their capacity, needs) is assessment.
        not_near=r"capacity|parents?'?s?|needs|child's|famil(?:y|ies)|situation",
        window=40,
    ),
    cue(
        (
            r"understanding of (?:the )?(?:\w+ ){0,3}(?:process(?:es)?|polic(?:y|ies)|procedures?|guidance|protocol"
            r"|framework|roles?|toolkit|tools?|system|impact)"
        ),
        2,
    ),
    cue(
        [
            (
                r"(?:process|policy|procedures?|guidance|protocol) (?:is |are |was |were )?(?:not )?(?:well |fully "
                r"|widely )?understood"
            ),
            r"familiar with",
            r"aware of (?:\w+ ){0,4}(?:polic(?:y|ies)|procedures?|guidance|protocols?|framework|process)",
        ],
        2.5,
    ),
    cue(
        [
            r"(?:raise|raising|raised|heighten\w*) (?:the |its |their )?profile",
            r"promot(?:e|ed|ing) (?:\w+ ){0,2}(?:use|awareness)|disseminat\w*",
            r"(?:share|sharing|shared|embed\w*|cascad\w*|disseminat\w*) (?:\w+ ){0,2}learning",
            r"learning (?:was|has been|is|had been) (?:\w+ )?(?:shared|disseminated|embedded|cascaded)",
            r"national learning|learning from (?:the |this |these )?(?:reviews?|audits?|cases?)|lessons learn\w*",
            r"learning (?:and development|culture|offer|programme)|practice guidance|multi-agency training",
        ],
        2.5,
    ),
    cue(
        [
            r"roll(?:ed|ing)?[- ]out|implement(?:ed|ing|ation)?",
            r"introduc(?:e|ed|tion)|launch(?:ed)?",
        ],
        1,
        near=[
            r"tool|model|protocol|guidance|framework|signs of safety|policy|pathway",
            r"approach|profile|training",
        ],
        window=60,
    ),
    cue(
        (
            r"(?:use|using|used|utilis\w*|completion|complete\w*) (?:of )?(?:the )?(?:\w+ ){0,3}(?:tool|toolkit"
            r"|profile|framework|guidance|policy|protocol|procedure)"
        ),
        1.5,
    ),
    cue(r"skilled|confiden(?:ce|t) (?:in|to) (?:use|apply|recognise)", 1),
    # What practitioners know: "do staff know how to refer", "unclear about
    # the difference", "understanding of thresholds".
    cue(
        [
            r"know(?:s|n)? (?:how|when|where|what) to|knew (?:how|when|where|what) to",
            (
                r"(?:unclear|confident|confidence|uncertain|confused) (?:about"
                r"|on|in|when|how) (?:how|when|what|the difference|thresholds?)"
            ),
            r"understanding of (?:the )?thresholds?|threshold (?:document|guidance)",
            r"(?:train|trained|brief|briefed|remind|reminded) (?:\w+ ){0,2}(?:staff|practitioners|workers|officers)",
        ],
        2,
        not_near=r"roles?|responsibilit\w*",
        window=30,
    ),
]
