"""Is a statement a strength or a concern?

Where the statement was written in a strengths or worries field, the field
decides. Otherwise weighted cues decide: words of deficit, need and
instruction for a concern; words of good, effective or improved practice for a
strength, unless a negation turns them round ("not always effective"). A
concern is the default: audit findings, recommendations and bare issue labels
all count as concerns, and they are the larger share of what partnerships
write.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields

from .cues import Cue, cue, either
from .text import normalise, sentence_bounds

STRENGTH = "strength"
CONCERN = "concern"
FIELDS = {"strengths": STRENGTH, "worries": CONCERN}

# A bare label or a plain fact leans this far towards a concern.
CONCERN_PRIOR = 0.75

_NEGATORS = [
    r"not|no|never|n't|nor|lack of|lacked|lacking|without|insufficient(?:ly)?|poor(?:ly)?|less|little|limited",
    r"absence of|rather than|instead of|inconsistent(?:ly)?|variable|failed to|failure to|unable to|under",
    r"need(?:s|ed)? to be|should be|must be|to be more|could be more|could have been|would have been|more",
    r"would|could|may|might|if|whether|unless",
    # What is only planned is not yet practice ("the business plan sets out a new service").
    r"will|shall|planned|proposed|sets? out|aims? to|intends? to|hopes? to",
]
# A negator up to two words before a word of praise turns it into a concern.
NEGATION = re.compile(rf"(?<![a-z])(?:{either(_NEGATORS)})(?:\s+\w+){{0,2}}\s*$")

CONCERN_CUES: list[Cue] = [
    # Deficits.
    cue(
        [
            r"lack(?:s|ed|ing)?|absence|absent|gaps?|failure|failed|fail(?:s|ing)?|missed|lost",
            r"poor(?:ly)?|weak(?:ness|nesses)?|inadequate(?:ly)?|insufficient(?:ly)?|inconsistent(?:ly|cy|cies)?",
            r"variable|limited|patchy|unclear|confusion|confused|unaware|unable|struggled?|struggling",
            r"drift|delays?|delayed|too late|overdue|under-?developed|undeveloped|not (?:yet )?embedded",
            r"over-?relian\w*|too (?:much|little|often|late|many|few)|rather than|instead of",
            r"neglected to|explained away|put down to|(?:is|was|are|were|found it) hard (?:for|to)",
            r"(?:in )?only (?:\d+|one|two|three|four|five|half|a few|some)",
            r"before (?:anyone|anybody|any agency|it was|they were|a strategy|an assessment)",
            r"waited (?:\w+ ){1,2}(?:days|weeks|months|years)|took (?:\w+ ){1,2}(?:weeks|months|years?)",
            (
                r"(?:taken|accepted) at face value|disguised compliance|missed opportunit\w*|opportunit\w* (?:were"
                r"|was) (?:lost|missed)"
            ),
        ],
        2,
    ),
    # Words of trouble that strengths also use about the family's situation.
    cue(
        [
            r"difficult(?:y|ies)?|barriers?|concerns?|concerned|concerning|worr(?:y|ies|ying|ied)|issues?|problems?",
            r"risks?|harm|harmed|injur(?:y|ies)|death|died|tragic|serious case|challenges?|missing",
        ],
        0.5,
    ),
    cue(r"not|no|never|n't|nor|none|nobody|no-?one|nothing|without|rarely|seldom", 1.5),
    # Needs, recommendations and instructions.
    cue(
        [
            (
                r"need(?:s|ed)? to|needs? (?:for|more|greater|better|further|increased|improv\w*)|the need to|a need"
                r"|needed"
            ),
            (
                r"should|must|ought to|(?:is|are|was|were) required|requires?|it is (?:vital|essential|important"
                r"|crucial|key)"
            ),
            (
                r"(?:is|are) (?:essential|vital|crucial|key)|importance of|important (?:to|that)|(?:vital|essential"
                r"|crucial) (?:to|that)"
            ),
            r"would benefit|could benefit|may benefit|would help|would ensure|would improve",
        ],
        2.5,
    ),
    cue(
        [
            (
                r"(?:area|areas) (?:for|of) (?:improvement|development|concern)|improvement (?:is |was "
                r"|are )?(?:needed|required)"
            ),
            r"(?:to|could|should|must) (?:be )?(?:improve|improved|strengthen|strengthened|developed further)",
            (
                r"further (?:work|development|exploration|focus|scrutiny|consideration)|(?:more|greater"
                r"|better) \w+ (?:is|are) needed"
            ),
            (
                r"recommend\w*|learning points?|key messages?|lessons?|make sure|consider(?:ation)? (?:should|must"
                r"|needs)"
            ),
        ],
        1.5,
    ),
    cue(
        [
            r"could have been|would have (?:been|helped|ensured|allowed)|should have|might have",
            r"were not|was not|had not|has not|have not|did not|do not|does not|is not|are not|cannot|can't|won't",
        ],
        1.5,
    ),
    cue(
        [
            r"recurring|repeated(?:ly)?|remains?(?: a| an)? (?:issue|concern|challenge|problem|a priority)",
            r"continues? to be (?:an? )?(?:issue|concern|problem|challenge|variable|inconsistent|poor|limited)",
            r"still|yet to|not yet",
        ],
        1.5,
    ),
    cue(r"how (?:well|effective|far|do|does|can|is|are)|is (?:there|this|it) |are (?:there|these|they) ", 1),
]

STRENGTH_CUES: list[Cue] = [
    cue(
        [
            r"good|very good|well|excellent|outstanding|exemplary|exceptional|positive(?:ly)?|effective(?:ly|ness)?",
            r"strong(?:ly)?|strengths?|strengthened|robust(?:ly)?|thorough(?:ly)?|clear(?:ly)?|appropriate(?:ly)?",
            r"timely|prompt(?:ly)?|swift(?:ly)?|quick(?:ly)?|proactive(?:ly)?|persistent|tenacious|tenacity",
            r"sensitive(?:ly)?|detailed|comprehensive|holistic|meaningful(?:ly)?|consistent(?:ly)?|sufficient",
            r"successful(?:ly)?|valuable|valued|helpful|high[- ]quality|well-?embedded|embedded|impressive",
            r"creative(?:ly)?|child-?centred|skilled|safe|safer|best|decisive|innovative|innovation|always",
        ],
        1.5,
    ),
    cue(
        [
            r"praised?|praises|praising|commend\w*|welcomed|celebrat\w*|awards?|awarded|proud|leading the way",
            r"significant (?:improvement|progress|strengths?)|(?:important|key|vital) role|real impact",
            (
                r"good practice|what(?:'s| is) working well|working well|works well|worked well"
                r"|made a (?:real )?difference"
            ),
            (
                r"(?:real|positive|significant) (?:impact|difference)|considerable efforts?|(?:worked|working"
                r"|work) hard|hard work"
            ),
        ],
        2.5,
    ),
    cue(
        [
            r"evidence of|evidenced|there (?:was|is) evidence|(?:was|were|is|are) evident|evident throughout",
            (
                r"it was positive|(?:was|were) (?:seen|noted|noticed)|demonstrat(?:ed|es|ing)|showed|shown"
                r"|highlight(?:ed|s)"
            ),
        ],
        1.5,
    ),
    cue(
        [
            r"improved|improvements?|progress(?:ed)?|better (?:than|relationship|outcomes?)|reduc(?:ed|tion) in",
            r"now (?:in place|has|have|safe|able)|(?:is|are) now|continu(?:ed|es|ing) to (?!be )\w+|continued \w+ing",
            r"(?:has|have|had) been (?:\w+ ){0,2}(?:developed|implemented|introduced|delivered|launched|publicised)",
            (
                r"(?:has|have|had) been (?:\w+ ){0,2}(?:promoted|rolled out|established|completed|taken|sought"
                r"|secured|achieved)"
            ),
            (
                r"(?:has|have|had) been (?:\w+ ){0,2}(?:put in place|addressed|considered|shared|recognised"
                r"|strengthened)"
            ),
            r"rolled out|implemented|introduced|launched|established|delivered|achieved|secured|resulted in|led to",
            r"initiated|hosted|hosting|piloted|appointed|new (?:appointments|posts?|roles?|teams?|service)",
            r"(?:taking|took|take) the lead|steps? towards?|major development|ensures|ensured|promotes?|encourages?",
            r"(?:agencies|professionals|they|hospital|school|schools|staff|practitioners|workers?|police) ensure",
            r"(?:is|are) attending|engaged well|commitment|dedicat\w*|benefit(?:s|ed|ted)?|working closely",
        ],
        1.5,
    ),
    # A figure reported as an improvement ("82%, up from 61%").
    cue(r"up from \d+", 2),
    # An opening "Evidence of ..." is how audits list what they found working.
    cue(
        r"^\W*(?:there (?:was|is) )?(?:good )?evidence (?:of|that)",
        3,
        not_near=r"drift|delay\w*|lack\w*|poor\w*|gaps?|missed|failures?|inconsistent\w*|limited|no |not ",
        window=40,
    ),
]

_INSTRUCTION_VERBS = [
    r"ensure|share|seek|use|remember|make|raise|improve|consider|review|include|follow|don't|do not|do|think",
    r"record|check|be|keep|call|ask|develop|promote|take|identify|engage|avoid|always|never|reflect|talk",
    r"listen|explore|challenge|escalate|refer|act|involve|agree|set|provide|establish|update|complete|embed",
    r"continue|look|question|focus|plan|read|understand|recognise|know|speak|put|give|work|contact|notify",
    r"obtain|gain|respond|attend|clarify|monitor|strengthen|increase|reduce|introduce|implement|expect",
]
# A statement that opens with a verb is an instruction to practitioners.
IMPERATIVE_START = re.compile(rf"^\s*(?:please\s+)?(?:{either(_INSTRUCTION_VERBS)})\b")
# A short label with no verb ("Sharing of health records") is a
# theme raised, so a concern; unless it names a resource the partnership has
# ("Neglect toolkit and training"), which is listed as a strength.
FINITE_VERB = re.compile(
    r"(?<![a-z])(?:is|are|was|were|be|been|being|has|have|had|do|does|did|can|could|should|would|will|may|might"
    r"|must|need|needs|shows?|showed|remains?|seems?|appears?|hinges?|\w+ed|held|made|took|gave|saw|went|found|met"
    r"|kept|brought|sought|thought|told|knew|led|left|felt|began|put|got|ran|became|grew|won|built|taught"
    # A verb in -s before its infinitive: "the partnership plans to review".
    r"|(?:plans|aims|intends|wants|hopes|seeks|expects|continues|agrees|fails|refuses|tries|means) to)(?![a-z])"
)
RESOURCE_HEAD = re.compile(
    r"(?:training|tool|toolkit|guidance|pathway|portal|protocol|framework|strategy|programme|service|panel|hub"
    r"|procedures?|policy|resources?|model|screening tool|course|forum|group|team)s?\W*$"
)
MAX_LABEL_WORDS = 10
PRAISE_START = re.compile(
    r"^\W*(?:very |consistently |highly )?(?:good|effective|strong|excellent|positive|robust|clear|timely|outstanding"
    r"|improved|successful|thorough|prompt|well[- ]\w+)\b"
)


# What was noticed about a statement's form, besides its words (``PolarityReason.noticed``).
RESOURCE = "resource"  # a short label that names a resource in place
PRAISE_LABEL = "praise_label"  # a short label that opens with praise
NO_VERB = "no_verb"  # a theme named without a verb
INSTRUCTION = "instruction"  # it opens with a verb: an instruction (``PolarityReason.instruction``)
QUESTION = "question"
# The most words and features a reason gives.
MAX_SHOWN = 4


@dataclass(frozen=True, slots=True)
class PolarityReason:
    """Why a statement reads as a strength or a concern, as data, so that what
    a page says is the presenter's (``maca.findings.presenters.polarity_said``)
    and never read back out of words; ``str()`` is the tagger's own account of
    it, kept with a finding.

    ``kind`` is one of:

    - ``"field"``: the field it was written in decides (``field``);
    - ``"cues"``: ``words`` quoted from the statement (the cues it matched, and
      a word of praise with the word that negates it, "not effective") and
      ``noticed``, features of its form (``RESOURCE``, ``PRAISE_LABEL``,
      ``NO_VERB``, ``INSTRUCTION`` with its opening word as ``instruction``,
      ``QUESTION``): at most ``MAX_SHOWN`` in all, the words first;
    - ``"default"``: nothing said otherwise, so a concern;
    - ``"example"``: it is a near twin of a partnership's confirmed example
      (``example``, its text; ``likeness``, in whole per cent) confirmed as
      ``polarity``;
    - ``"text"``: a finding's reason from before reasons were kept as data,
      that fits none of these: ``text``, the words its page showed for it.
      The tagger never gives one.
    """

    kind: str
    polarity: str
    field: str = ""
    words: tuple[str, ...] = ()
    noticed: tuple[str, ...] = ()
    instruction: str = ""
    example: str = ""
    likeness: int = 0
    text: str = ""

    def __str__(self) -> str:
        if self.kind == "field":
            return f"written in the {self.field} field"
        if self.kind == "cues":
            return _reason(
                "good practice" if self.polarity == STRENGTH else "a concern",
                [*self.words, *(self._noticed_said(item) for item in self.noticed)],
            )
        if self.kind == "default":
            return "no sign of good practice: findings are concerns unless they say otherwise"
        if self.kind == "example":
            return (
                f"like the confirmed example '{self.example}' ({self.likeness}% alike), confirmed as a {self.polarity}"
            )
        return self.text

    def _noticed_said(self, item: str) -> str:
        if item == INSTRUCTION:
            return f"an instruction ('{self.instruction}')"
        return _NOTICED_SAID[item]

    def as_stored(self) -> dict:
        """As kept with a finding (JSON): ``kind``, ``polarity`` and whatever else is given."""
        stored = {}
        for each in fields(self):
            value = getattr(self, each.name)
            if each.name in ("kind", "polarity") or value != each.default:
                stored[each.name] = list(value) if isinstance(value, tuple) else value
        return stored

    @classmethod
    def from_stored(cls, stored: Mapping | None) -> PolarityReason | None:
        """A reason kept by ``as_stored``; None for none kept."""
        if not stored:
            return None
        names = {each.name for each in fields(cls)}
        given = {name: value for name, value in stored.items() if name in names}
        for name in ("words", "noticed"):
            if name in given:
                given[name] = tuple(given[name])
        return cls(**given)

    @classmethod
    def from_cues(cls, polarity: str, found: list[str], noticed: list[str], instruction: str = "") -> PolarityReason:
        """The words found first, then what was noticed, at most ``MAX_SHOWN`` in all."""
        words = tuple(found[:MAX_SHOWN])
        noticed_kept = tuple(noticed[: MAX_SHOWN - len(words)])
        if INSTRUCTION not in noticed_kept:
            instruction = ""
        return cls("cues", polarity, words=words, noticed=noticed_kept, instruction=instruction)


# The tagger's words for what it noticed (the pages say it in their own).
_NOTICED_SAID = {
    RESOURCE: "names a resource in place",
    PRAISE_LABEL: "a label that opens with praise",
    NO_VERB: "a theme named without a verb",
    QUESTION: "a question",
}


@dataclass(frozen=True, slots=True)
class PolarityDecision:
    polarity: str
    basis: PolarityReason
    strength_score: float
    concern_score: float

    @property
    def reason(self) -> str:
        """The reason in the tagger's words."""
        return str(self.basis)


def decide(text: str, *, field: str | None = None, normalised: str | None = None) -> PolarityDecision:
    if field is not None:
        if field not in FIELDS:
            raise ValueError(f"field must be one of {sorted(FIELDS)} or None, not {field!r}")
        polarity = FIELDS[field]
        return PolarityDecision(
            polarity,
            PolarityReason("field", polarity, field=field),
            float(polarity == STRENGTH),
            float(polarity == CONCERN),
        )
    lowered = normalised if normalised is not None else normalise(text)
    bounds = sentence_bounds(lowered)
    concern, concern_words = _score(CONCERN_CUES, lowered, text, bounds)
    strength, strength_words = 0.0, []
    concern_noticed: list[str] = []
    strength_noticed: list[str] = []
    for item in STRENGTH_CUES:
        for match in item.matches(lowered, text, bounds):
            before = lowered[max(0, match.start() - 40) : match.start()]
            if NEGATION.search(before):
                concern += item.weight
                concern_words.append(
                    f"{before.split()[-1] if before.split() else ''} {text[match.start() : match.end()]}"
                )
            else:
                strength += item.weight
                strength_words.append(text[match.start() : match.end()])
            break
    if len(lowered.split()) <= MAX_LABEL_WORDS and not FINITE_VERB.search(lowered):
        if RESOURCE_HEAD.search(lowered):
            strength += 2.5
            strength_noticed.append(RESOURCE)
        elif PRAISE_START.search(lowered):
            strength += 1.5
            strength_noticed.append(PRAISE_LABEL)
        else:
            concern += 1.5
            concern_noticed.append(NO_VERB)
    instruction = ""
    if IMPERATIVE_START.search(lowered):
        concern += 2.5
        concern_noticed.append(INSTRUCTION)
        instruction = lowered.split()[0]
    if "?" in lowered:
        concern += 2.5
        concern_noticed.append(QUESTION)
    concern += CONCERN_PRIOR
    if strength > concern:
        return PolarityDecision(
            STRENGTH, PolarityReason.from_cues(STRENGTH, strength_words, strength_noticed), strength, concern
        )
    if concern_words or concern_noticed:
        return PolarityDecision(
            CONCERN, PolarityReason.from_cues(CONCERN, concern_words, concern_noticed, instruction), strength, concern
        )
    return PolarityDecision(CONCERN, PolarityReason("default", CONCERN), strength, concern)


def _score(cues: list[Cue], lowered: str, original: str, bounds) -> tuple[float, list[str]]:
    total, found = 0.0, []
    for item in cues:
        match = item.first_match(lowered, original, bounds)
        if match is not None:
            total += item.weight
            found.append(original[match.start() : match.end()])
    return total, found


def _reason(kind: str, words: list[str]) -> str:
    quoted = ", ".join(f"'{word}'" for word in words[:MAX_SHOWN])
    return f"reads as {kind}: {quoted}"
