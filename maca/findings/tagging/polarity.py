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
from dataclasses import dataclass

from .cues import Cue, cue, either
from .text import normalise, sentence_bounds

STRENGTH = "strength"
CONCERN = "concern"
FIELDS = {"strengths": STRENGTH, "worries": CONCERN}

# A bare label or a plain fact leans this far towards a concern.
CONCERN_PRIOR = 0.75

_NEGATORS = [
    r"not|no|never|n't|nor|lack of|lacked|lacking|without|insufficient(?:ly)?|poor(?:ly)?|less|little|limited",
    r"absence of|rather than|instead of|inconsistent(?:ly)?|variable|failed to|failure to|unable to",
    r"need(?:s|ed)? to be|should be|must be|to be more|could be more|could have been|would have been|more",
]
# A negator up to two words before a word of praise turns it into a concern.
NEGATION = re.compile(rf"(?<![a-z])(?:{either(_NEGATORS)})(?:\s+\w+){{0,2}}\s*$")

CONCERN_CUES: list[Cue] = [
    cue(
        [
            r"lack(?:s|ed|ing)?|absence|absent|gaps?|failure|failed|fail(?:s|ing)?",
            r"missed|missing|lost|poor(?:ly)?|weak(?:ness|nesses)?|inadequate(?:ly)?",
            r"insufficient(?:ly)?|inconsistent(?:ly|cy|cies)?|variable|limited",
            r"patchy|unclear|confusion|confused|unaware|unknown|unable|struggled?",
            r"struggling|difficult(?:y|ies)?|barriers?|drift|delays?|delayed|late",
            r"overdue|concerns?|concerned|concerning|worr(?:y|ies|ying|ied)|issues?",
            r"problems?|risks?|harm|harmed|abuse|injur(?:y|ies)|death|died|tragic",
            r"serious case",
        ],
        1.5,
    ),
    cue(r"not|no|never|n't|nor|none|nobody|without|little|rarely|seldom|only", 1.5),
    cue(
        [
            r"over-?relian\w*|too (?:much|little|often|late|many)|rather than",
            r"instead of|focus(?:ed)? on the adults?",
            r"(?:taken|accepted) at face value|disguised compliance",
        ],
        2,
    ),
    cue(
        [
            r"need(?:s|ed)? to",
            r"needs? (?:for|more|greater|better|further|increased|improv\w*)",
            r"the need|a need|needed|should|must|ought to|(?:is|are|was) required",
            r"requires?|it is (?:vital|essential|important|crucial|key)",
            r"(?:is|are) essential|importance of|important (?:to|that)",
            r"(?:vital|essential|crucial) (?:to|that)",
        ],
        2.5,
    ),
    cue(
        [
            r"improv(?:e|ing)|strengthen(?:ing)?",
            r"(?:area|areas) (?:for|of) (?:improvement|development|concern)",
            r"improvement (?:is |was |are )?(?:needed|required)",
            r"further (?:work|development|exploration|focus|scrutiny)",
            r"more (?:work|focus|awareness|understanding|consistent|robust)|better",
            r"greater|increased|increasing|clearer|develop(?:ing)?(?! ment)",
            r"recommend\w*|learning point|key message|lessons?|remember|ensure",
            r"make sure|consider",
        ],
        1.5,
    ),
    cue(
        [
            r"could have been|would have (?:been|helped|ensured|allowed)|should have",
            r"might have|were not|was not|had not|has not|have not|did not|do not",
            r"does not|is not|are not|cannot|can't|won't",
        ],
        1.5,
    ),
    cue(
        [
            r"recurring|repeated(?:ly)?",
            r"remains?(?: a| an)? (?:issue|concern|challenge|problem)",
            r"continues? to be|still|yet to",
        ],
        1.5,
    ),
    cue(
        [
            r"how (?:well|effective|far|do|does|can|is|are)|is (?:there|this|it)",
            r"are (?:there|these|they)",
        ],
        1,
    ),
]

STRENGTH_CUES: list[Cue] = [
    cue(
        [
            r"good|very good|well|excellent|outstanding|exemplary|positive(?:ly)?",
            r"effective(?:ly|ness)?|strong(?:ly)?|strength(?:s|ened)?|robust(?:ly)?",
            r"thorough(?:ly)?|clear(?:ly)?|appropriate(?:ly)?|timely|prompt(?:ly)?",
            r"swift(?:ly)?|quick(?:ly)?|proactive(?:ly)?|persistent|tenacious",
            r"tenacity|sensitive(?:ly)?|detailed|comprehensive|holistic",
            r"meaningful(?:ly)?|consistent(?:ly)?|sufficient|successful(?:ly)?",
            r"valuable|valued|helpful|high quality|high-quality|well-?embedded",
            r"embedded|praised|praise|commended|welcomed|impressive|notable",
            r"significant (?:improvement|progress|strengths?)|creative(?:ly)?",
            r"child-?centred|skilled|safe|safer|best|decisive",
        ],
        1.5,
    ),
    cue(
        [
            r"evidence of|evidenced|there was evidence|was evident|were evident",
            r"it was positive|was (?:seen|noted)|demonstrat(?:ed|es|ing)|showed",
            r"shown|highlight(?:ed|s)",
        ],
        1.5,
    ),
    cue(
        [
            r"improved|improvements?|increased|progress(?:ed)?|better than",
            r"now (?:in place|has|have|safe)|(?:is|are) now",
            r"has been (?:developed|implemented|introduced|delivered|launched|publicised|promoted|rolled out|established)",
            r"have been (?:developed|implemented|introduced|delivered|launched|established)",
            r"had been (?:implemented|rolled out|delivered|introduced|developed)",
            r"rolled out|implemented|introduced|launched|established|developed",
            r"delivered|achieved|secured|resulted in|led to|has led",
            r"continue(?:s|d)? to (?:improve|develop|lead|strengthen|roll|work)",
            r"(?:continued|continuing) commitment|supported|ensured|ensures|ensuring",
        ],
        1.5,
    ),
    cue(
        [
            r"working well|works well|worked well",
            r"well (?:managed|recorded|embedded|established|attended|coordinated|co-ordinated|supported|understood)",
            r"in place|made a (?:real )?difference",
            r"(?:real|positive|significant) (?:impact|difference)|key role",
            r"good practice|what(?:'s| is) working well|went (?:to|above)",
            r"considerable efforts?|worked hard|working hard|hard work|commitment",
            r"dedicat\w*|benefit(?:s|ed|ted)?",
        ],
        2,
    ),
]

_INSTRUCTION_VERBS = [
    r"ensure|share|seek|use|remember|make|raise|improve|consider|review|include|follow|don't|do not|do|think",
    r"record|check|be|keep|call|ask|develop|promote|take|identify|engage|avoid|always|never|reflect|talk",
    r"listen|explore|challenge|escalate|refer|act|involve|agree|set|provide|establish|update|complete|embed",
    r"continue|look|question|focus|plan|read|understand|recognise|know|speak|put|give|work|contact|notify",
    r"obtain|gain|respond|attend|clarify|monitor|strengthen|increase|reduce|introduce|implement",
]
# A statement that opens with a verb is an instruction to practitioners.
IMPERATIVE_START = re.compile(rf"^\s*(?:please\s+)?(?:{either(_INSTRUCTION_VERBS)})\b")
BARE_LABEL = re.compile(r"^[^.;:!?]{0,80}[.;:!?]?\s*(?:and|or)?\s*$")
VERB_HINT = re.compile(
    r"\b(?:is|are|was|were|be|been|being|has|have|had|do|does|did|can|could|should|would|will|may|might|must|"
    r"\w+ed|\w+s)\b"
)


@dataclass(frozen=True, slots=True)
class PolarityDecision:
    polarity: str
    reason: str
    strength_score: float
    concern_score: float


def decide(text: str, *, field: str | None = None, normalised: str | None = None) -> PolarityDecision:
    if field is not None:
        if field not in FIELDS:
            raise ValueError(f"field must be one of {sorted(FIELDS)} or None, not {field!r}")
        polarity = FIELDS[field]
        return PolarityDecision(
            polarity, f"written in the {field} field", float(polarity == STRENGTH), float(polarity == CONCERN)
        )
    lowered = normalised if normalised is not None else normalise(text)
    bounds = sentence_bounds(lowered)
    concern, concern_words = _score(CONCERN_CUES, lowered, text, bounds)
    strength, strength_words = 0.0, []
    for item in STRENGTH_CUES:
        for match in item.regex.finditer(lowered):
            before = lowered[max(0, match.start() - 40) : match.start()]
            if NEGATION.search(before):
                concern += item.weight
                concern_words.append(f"{before.split()[-1] if before.split() else ''} … {match.group(0)}".strip())
            else:
                strength += item.weight
                strength_words.append(match.group(0))
            break
    if IMPERATIVE_START.search(lowered):
        concern += 2.5
        concern_words.append(f"an instruction ('{lowered.split()[0]}')")
    if "?" in lowered:
        concern += 2.5
        concern_words.append("a question")
    concern += CONCERN_PRIOR
    if strength > concern:
        return PolarityDecision(STRENGTH, _reason("good practice", strength_words), strength, concern)
    if concern_words:
        return PolarityDecision(CONCERN, _reason("a concern", concern_words), strength, concern)
    return PolarityDecision(
        CONCERN, "no sign of good practice: findings are concerns unless they say otherwise", strength, concern
    )


def _score(cues: list[Cue], lowered: str, original: str, bounds) -> tuple[float, list[str]]:
    total, found = 0.0, []
    for item in cues:
        match = item.first_match(lowered, original, bounds)
        if match is not None:
            total += item.weight
            found.append(original[match.start() : match.end()])
    return total, found


def _reason(kind: str, words: list[str]) -> str:
    quoted = ", ".join(f"'{word}'" for word in words[:4])
    return f"reads as {kind}: {quoted}"
