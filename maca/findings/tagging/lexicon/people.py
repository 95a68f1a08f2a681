"""Themes about whom practice sees and hears: the child, the family, consent,
and the curiosity to look past what adults say."""

from ..cues import cue
from .common import CHILD

VOICE_OF_CHILD = [
    cue(
        (
            r"voices? of (?:the |each |a |an |every |all |these |both )?(?:\w+ ){0,2}(?:child|children"
            r"|young (?:person|people)|infants?|bab(?:y|ies)|learners?)"
        ),
        3,
    ),
    cue(
        (
            r"(?:child|children|young (?:person|people)|infant|baby)(?:'s|s')? (?:own |lived |daily )?(?:voices?"
            r"|views?|wishes|perspectives?)"
        ),
        3,
    ),
    cue(r"(?:their|his|her) (?:own )?voices?", 2, near=CHILD, window=80),
    cue(
        [
            r"wishes(?:,| and) (?:views|feelings)|views(?:,| and) wishes",
            r"wishes,? feelings",
        ],
        3,
    ),
    cue(
        [
            r"lived experiences?|daily li(?:fe|ves)",
            r"day[- ]to[- ]day (?:li(?:fe|ves)|experiences?|care)",
        ],
        3,
    ),
    cue(
        [
            r"what (?:life|it) (?:\w+ ){0,3}(?:is|was|might be|would be|is really|felt|feels) like",
            r"in the child's shoes|through the eyes of",
        ],
        3,
    ),
    cue(
        (
            r"(?:unique |daily |lived )?experiences? of (?:the |each |every )?(?:child|children|young|bab(?:y|ies)"
            r"|infants?)"
        ),
        3,
    ),
    cue(r"(?:child|children)(?:'s)? experiences?", 2),
    cue(
        [
            r"child[- ](?:focus(?:s?ed)?|centred|centered|led)",
            r"focus(?:sed)? on (?:the )?(?:child|children)(?! in need)",
        ],
        3,
    ),
    cue(r"needs of the (?:child|children|young (?:person|people))", 1.5),
    cue(r"pre-?verbal|non-?verbal|too young to (?:speak|talk)", 3),
    cue(r"observ(?:e|ed|ing|ation|ations)", 2, near=r"bab(?:y|ies)|infants?|child|children|toddlers?", window=40),
    cue(r"listen(?:ed|ing)? to (?:the |each |what )?(?:child|children|young|infants?|them)", 3),
    cue(
        r"(?:spoken|speak|speaking|talk(?:ed|ing)?|spend time) (?:to|with) (?:alone )?",
        2,
        near=r"child|children|young (?:person|people)",
        window=40,
    ),
    cue(r"seen (?:alone|on their own)|seeing (?:the )?(?:child|children) alone", 2.5),
    # The child heard without the words "voice" or "views": seen alone, what
    # they said or wanted, consulted, taking part in their own meeting.
    cue(
        [
            r"(?:spoke|spoken|speaking|talked) (?:\w+ ){0,3}alone",
            (
                r"(?:what|how) (?:the |a |each )?(?:child|children|young (?:person|people)|boy|girl|baby|\d+-year-old)"
                r"(?: had)? (?:said|saw|felt|told|showed|shown|communicated|wanted|hoped)"
            ),
            (
                r"(?:child|children|boy|girl|young (?:person|people))(?:'s|s')? (?:own )?(?:wish|request|distress"
                r"|words|account|disclosure)"
            ),
            r"consult(?:ing|ed)? (?:with )?(?:the )?(?:child|children|boy|girl|young (?:person|people))",
            r"(?:take|took|taking|takes) part in (?:her|his|their) own",
            r"(?:children|child)(?:'s|s') lives",
        ],
        2.5,
    ),
    cue(r"views (?:of|from) (?:the )?(?:\w+ )?(?:child|children|young)", 3),
    cue(
        (
            r"(?:seek|sought|seeking|gather\w*|obtain\w*|capture\w*|record\w*|hear\w*) (?:the |their )?(?:views"
            r"|wishes|feelings)"
        ),
        3,
    ),
    cue(
        (
            r"engag(?:e|ed|es|ing|ement) (?:well |directly |meaningfully )?with (?:the |both |all |each )?(?:child"
            r"|children|young (?:person|people))"
        ),
        2.5,
    ),
    cue(
        (
            r"(?:build|built|building|form\w*) (?:positive |trusting |good )?relationships? with (?:the )?(?:child"
            r"|children|young)"
        ),
        2.5,
    ),
    cue(
        [
            r"(?:greater |too much |more )?focus(?:es|ed|sed|ing)? on (?:the )?(?:adults?|parents?)",
            r"rather than (?:on )?(?:the )?(?:child|children|infant|baby)",
            r"adults?(?:'s|')? needs",
        ],
        2,
    ),
    cue(
        r"(?:influence|shape|involved in|participat\w* in) (?:\w+ ){0,4}decisions",
        2,
        near=r"their|child|children|young",
    ),
    cue(r"have (?:a |their )?say", 2),
    cue(
        [
            r"what (?:the )?(?:children|child|young (?:person|people)) (?:say|said|told|tell|wanted|want)",
            r"(?:children|young (?:person|people)) (?:told|tell|said|say) (?:us|professionals|that)",
            r"hear(?:ing)? (?:from )?(?:the )?(?:children|child|young people)|seen and heard|invisible child",
            r"(?:children's|young people's) (?:participation|involvement)|participation of (?:children|young people)",
            r"co-?produc\w*|youth (?:voice|council|forum|panel)|advoca(?:cy|tes?)|child's (?:perspective|world)",
            r"(?:children|child|young (?:person|people)) (?:was|were) (?:not )?(?:seen|spoken to|asked)",
            r"(?:feel|felt) (?:listened to|heard)|communicat\w* through (?:their |his |her )?behaviou?r",
            r"behaviou?r as (?:a )?communication",
        ],
        2.5,
    ),
    cue(r"disclos(?:e|ed|ure|ures|ing)", 1.5, near=CHILD, window=40),
    cue(r"heard (?:and|\+) acted (?:up)?on", 1.5),
    cue(r"direct work", 2.5, near=[CHILD, r"her|him|them|\w+-year-old|tools?"], window=40),
    cue(
        [
            r"(?:child's|young person's|children's|their|her|his) own words|in (?:her|his|their) own words",
            r"what (?:he|she|they) (?:really )?(?:wanted|wants|thought|thinks|felt|feels|enjoys?|likes?|needed)",
            r"what (?:worries|worried|matters?|mattered|frightens?|frightened) (?:to )?(?:him|her|them)",
            r"(?:at|to) the (?:centre|center|heart) of",
            r"(?:baby's|infant's|child's|her|his) cues|a day in the life",
        ],
        2.5,
    ),
    cue(
        (
            r"(?:spoke|spoken|talked|talking|listened|listening) (?:directly |alone |separately )?(?:to|with)"
            r" (?:the |a |each )?\w+-year-old"
        ),
        2.5,
    ),
]

THINK_FAMILY = [
    cue(
        [
            r"think(?:ing)? [\"']?famil(?:y|ies)|whole[- ]family|family[- ]focused",
            r"family approach",
        ],
        3,
    ),
    cue(r"fathers?(?:'s)?|dads?|stepfathers?|step-fathers?|paternal", 3),
    cue(
        [
            r"male carers?|men in (?:the|a|their) (?:child|family|household)",
            r"significant (?:men|males?|others?)|adult males?",
            r"new (?:adults?|partners?)",
            r"(?:mother's|her) (?:new )?(?:partners?|boyfriends?)",
            r"choice of (?:males|partners)|less visible parents?|absent parents?",
            r"dangerous (?:man|men|adults?)",
        ],
        3,
    ),
    cue(
        [
            r"extended famil(?:y|ies)|wider famil(?:y|ies)|grand-?parents?",
            r"grand-?mothers?|grand-?fathers?|kinship|family (?:and )?friends",
            r"members of the (?:family|household)|family members?",
            r"all (?:the )?(?:members of the )?famil(?:y|ies)|household members?",
        ],
        3,
    ),
    cue(r"(?:all|both|each|other) (?:of )?(?:the )?(?:children|siblings|child) in the (?:family|household|home)", 2.5),
    cue(r"siblings?|sibling group|brothers?|sisters?|half-siblings?", 2),
    cue(
        [
            r"who (?:is|lives|was living) in the household",
            r"household (?:composition|members)|family make-?up",
            r"(?:composition|make-?up) of the (?:household|family)",
        ],
        3,
    ),
    cue(
        [
            (
                r"famil(?:y|ies)(?:'s|')? (?:history|histories|background|context|dynamics|functioning|relationships?"
                r"|information)"
            ),
            r"family (?:history|historical)",
        ],
        3,
    ),
    cue(
        [
            r"histor(?:ic|ical|y) (?:information|context|picture)",
            r"historic(?:al)? (?:and|or) (?:current|holistic)",
            r"historical (?:concerns|factors)|(?:holistic|historic(?:al)?) picture",
        ],
        2.5,
    ),
    cue(
        [
            (
                r"(?:parents?(?:'|'s)?|mother's|father's|carers?'?) (?:own )?(?:histor(?:y|ies)|childhood|background"
                r"|experiences)"
            ),
            r"adverse childhood experiences|history of adverse",
        ],
        2.5,
    ),
    cue(
        [
            r"(?:large|complex|blended|multiple) famil(?:y|ies)",
            r"family (?:context|unit|as a whole)",
        ],
        2.5,
    ),
    cue(
        [
            r"parents?(?:'|'s)? (?:own |additional |complex |learning )?needs",
            r"parents? (?:who )?(?:have|with) (?:additional|complex|learning) needs",
            r"needs of the parents?",
        ],
        2,
    ),
    cue(r"(?:work(?:ing|ed)?|engag(?:e|ed|ing|ement)) with (?:the |both |all |each )?(?:parents|fathers|carers)", 2),
    cue(r"(?:work(?:ing|ed)?|engag(?:e|ed|ing|ement)) with (?:the |both |all |each )?(?:families|family members)", 1),
    cue(r"(?:each|every|all|any) child(?:ren)? in (?:a|the) (?:family|household)", 2.5),
    cue(
        [
            r"support(?:ing)? parenting",
            r"parenting (?:support|programmes?|courses?|classes)",
            r"keep (?:them|the family|families) together",
        ],
        2,
    ),
    cue(
        [
            r"(?:their|the parents') relationship|parents lived separately",
            r"separated parents|both parents",
        ],
        1.5,
    ),
    cue(r"(?:often )?only (?:the )?mother|focus(?:ed)? on (?:the )?mother", 2),
    cue(
        [
            r"invisible (?:men|fathers|males)|hidden (?:men|males)|men in the family|role of (?:the )?(?:father|men)",
            r"family network|support network|family group conferenc\w*|fgcs?|relatives|aunts?|uncles?",
            r"intergenerational|adults? (?:living )?in the (?:household|home)|young carers?",
        ],
        2.5,
    ),
    cue(r"(?:family|parent)(?:-| )?(?:and|\+) (?:child|carer)", 0.5),
]

CONSENT = [
    cue(r"consent(?:s|ed|ing)?", 3),
    cue(
        [
            r"parental responsibility",
            r"without (?:their|parents'?) (?:agreement|knowledge)",
        ],
        1.5,
    ),
]

# Something the family or the work was, not something done to a view.
A_DIFFICULTY = [
    r"(?:was|is|were|are|proved|prove|remains?) (?:a |an |particularly |very |more |extremely |quite )?"
    r"challeng(?:e|es|ing)\b",
    r"challenges? (?:of|in|for|to|faced|facing|around|with|posed|that)|the challenge of",
]

PROFESSIONAL_CURIOSITY = [
    cue(r"curio(?:us|sity)", 3),
    cue(
        [
            r"investigative (?:mind-?set|approach|stance)|inquisitive",
            r"respectful uncertainty|healthy scepticism|scepticism|skepticism",
            r"think(?:ing)? the unthinkable",
        ],
        3,
    ),
    cue(r"(?:disguised|superficial|partial|false|apparent) (?:compliance|co-?operation|engagement)", 3),
    cue(r"(?:at )?face value", 3),
    cue(
        [
            (
                r"(?:accepted|accepting|believed|believing|relied on|relying on) (?:\w+ ){0,3}(?:explanations?"
                r"|accounts?|reassurances?)"
            ),
            r"(?:ask|asking|asked) (?:the )?(?:difficult|searching|probing|challenging) questions",
            r"(?:unexplained|inconsistent|implausible) (?:injur\w+|explanations?|accounts?|bruis\w*)|plausible",
            r"self-report\w*|what (?:was|is) (?:really )?happening|question(?:ed|ing)? why|(?:ask|asked|asking) why",
        ],
        2.5,
    ),
    cue(
        [
            (
                r"over-?relian\w* (?:on|upon) (?:\w+ ){0,3}(?:parents?|mothers?|fathers?|carers?|self-report\w*"
                r"|accounts?|listening|what)"
            ),
            (
                r"(?:focus|relying|relied|reliance) on (?:listening to )?(?:the )?(?:parents?|mothers?"
                r"|carers?)(?:\(s\))? rather"
            ),
            r"listening to (?:the )?parents?(?:\(s\))? rather",
        ],
        3,
    ),
    cue(
        (
            r"(?:parental|parents?(?:'|'s)?|mother's|father's|family's|carers?'?|adults?'?) (?:own )?(?:accounts?"
            r"|explanations?|self-report\w*|version of events|narratives?)"
        ),
        2,
    ),
    cue(r"over-?optimis\w*|overly optimistic|rule of optimism|optimism", 2.5),
    cue(
        [
            r"little (?:is|was) known|not (?:much )?known about",
            r"nothing (?:is|was) known|(?:knew|known) (?:very )?little",
        ],
        2.5,
    ),
    cue(
        [
            r"question(?:ed|ing)?,? (?:and |\+ )?(?:explor\w*|probe|probing|challeng\w*)",
            r"probing|look(?:ing)? beyond|dig(?:ging)? deeper|explore further",
        ],
        2.5,
    ),
    cue(
        (
            r"question(?:ed|ing)? (?:the )?(?:\w+ ){0,2}(?:accounts?|explanations?|presentation|what (?:they|parents"
            r"|carers) (?:say|said|were told))"
        ),
        2.5,
    ),
    cue(r"remain(?:ing)? alert|explor(?:e|ed|ing) (?:the )?(?:reasons|why|what)", 1.5),
    cue(
        [
            r"(?:non|dis)-?engag\w*|not engag\w*|did not engage",
            r"reluctan\w* (?:\w+ ){0,4}(?:engage|accept|work)",
            r"refus\w* (?:\w+ ){0,3}(?:support|help|services|access|engage|entry|to engage)",
            r"sporadic|avoid\w* (?:contact|professionals|visits)|not brought",
            r"cancelled (?:visits|appointments)",
        ],
        1,
    ),
    cue(
        [
            (
                r"without (?:question(?:ing)?|checking|exploring|exploration|further (?:exploration|enquir\w+"
                r"|question\w*|checks?)|being (?:questioned|explored|checked|tested))"
            ),
            r"unchallenged|unquestioned|unexplored|start(?:ing)?[- ]again|desensitis\w*|reassured by",
            r"(?:not|never|nor|n't) (?:\w+ )?(?:explored|questioned|tested|checked out)",
            r"(?:asked|ask|asking) (?:who|whether|about|to see)|(?:nobody|no one) asked|(?:did not|didn't|never) ask",
        ],
        2.5,
    ),
    cue(
        r"accept(?:ed|ing)",
        2.5,
        near=r"explanations?|accounts?|refus\w*|reassurances?|claims?|version|story|word|assurances?|denial",
        window=50,
    ),
    cue(r"assum(?:ed|ption|ptions|ing)|inconsistenc(?:y|ies)", 1.5),
    # What a family said that nobody checked, and harm explained away: the
    # curiosity that was missing, named without the word.
    cue(
        [
            r"(?:not|never|n't) (?:been )?(?:independently )?verified|unverified|uncorroborated",
            r"without (?:verifying|corroborat\w+|(?:any )?(?:independent )?checks?)",
            r"no (?:\w+ )?checks? (?:was|were) (?:made|done|completed|carried out|undertaken)",
            r"(?:not|never|n't) (?:\w+ )?checked(?! out)|(?:nobody|no one) checked",
            r"explain(?:ed|ing|s)? away|taken on trust|at (?:her|his|their) word",
            r"(?:rested|relied|based|relying) (?:solely |only |entirely )?on (?:the )?(?:\w+'s |\w+ )?word",
            r"doubt(?:ed|ing)? (?:the )?(?:\w+ ){0,2}(?:explanations?|accounts?)",
            r"(?:test(?:ed)?|checked|verified) with (?:anyone|someone|others?|other (?:agencies|professionals))",
        ],
        2.5,
    ),
    cue(r"normalis\w*|normaliz\w*|further enquir\w+|enquire further", 2),
    cue(r"isolated (?:incidents?|episodes?|events?|concerns?)", 2.5, near=r"rather than|pattern", window=60),
    cue(
        r"challeng(?:e|ed|ing)",
        2,
        near=[
            r"(?:non|dis)-?engag\w*|not engag\w*|refus\w*|sporadic|reluctan\w*",
            r"disguised|families|parents?|mothers?|fathers?|carers?|support offered",
        ],
        # "The father was a challenge to engage" is a difficulty, not curiosity;
        # "a refusal that needed to be challenged" is curiosity.
        not_near=A_DIFFICULTY,
        window=50,
    ),
]
