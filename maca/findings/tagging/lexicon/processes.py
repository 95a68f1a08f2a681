"""Themes about how agencies work together and the routes a case takes:
sharing information, joint working, referrals, early help and child
protection."""

from ..cues import cue
from .common import ROLL_CALL

INFORMATION_SHARING = [
    cue(
        [
            r"information[- ]sharing",
            r"shar(?:e|ed|es|ing) (?:of )?(?:\w+ ){0,3}information",
            r"information (?:\w+ ){0,2}(?:was |is |were |being |be |been )?(?:shared|passed|exchanged|transferred)",
        ],
        3,
    ),
    cue(
        [
            r"(?:flow|exchange|transfer\w*|passing) of information",
            r"information (?:flow|exchange)",
            r"(?:gaps|delays?) in (?:\w+ ){0,3}information",
        ],
        3,
    ),
    cue(
        r"communicat(?:e|ed|es|ing|ion|ions)",
        2.5,
        not_near=r"needs|difficult\w*|skills|aids|non-?verbal|speech|language|strategy",
        window=15,
    ),
    cue(
        [
            r"notif(?:y|ied|ies|ication|ications)|cpis",
            r"child protection information system|ppns?",
            r"public protection notifications?|operation encompass",
        ],
        3,
    ),
    cue(r"feedback", 1.5),
    cue(
        (
            r"(?:no|received|receive|without|lack of|little|any) feedback|feedback (?:was |is |not )*(?:given"
            r"|provided|received)"
        ),
        1,
    ),
    cue(
        r"feedback|notified|informed|outcomes?|told",
        1.5,
        near=r"referr\w*|decisions?|request for support|mash",
        window=50,
    ),
    cue(
        [
            (
                r"(?:did not|didn't|failed to|never|not|nobody|no one) (?:\w+ )?(?:share[ds]?|tell|told|inform(?:ed)?"
                r"|pass(?:ed)? on|notif(?:y|ied))"
            ),
            r"(?:share[ds]?|sharing) (?:\w+ ){0,3}(?:concerns?|worries|worry|details|records|outcomes?|decisions?)",
        ],
        2.5,
    ),
    cue(r"(?:kept |be |being |were |was |are |is )informed|informed of", 2),
    cue(r"(?:not|un|n't|never|no(?:body| one)) ?(?:\w+ )?aware|unaware", 2.5),
    cue(
        [
            r"(?:not|already) known to (?:\w+ ){0,2}(?:agencies|services|professionals|partners)",
            r"known to other",
        ],
        2.5,
    ),
    cue(
        [
            (
                r"liais(?:e|ed|es|ing|on)|intelligence|handover|hand-over|pass(?:ed|ing)? on"
                r"|told (?:other )?(?:agencies|professionals)"
            ),
            r"(?:key|relevant|important|vital|crucial|critical) information|information (?:held|known) (?:by|to)",
            r"information (?:requests?|gathering)",
        ],
        2,
    ),
    cue(
        (
            r"(?:seek|seeking|sought|request\w*|obtain\w*|gather\w*|retriev\w*|pass\w*|provid\w*"
            r"|collat\w*) (?:\w+ ){0,3}information"
        ),
        2,
    ),
    cue(
        [
            r"shared (?:with|between|across|by)",
            r"sharing (?:of )?(?:assessments?|reports?|records?|concerns?|plans?|chronologies)",
            r"(?:not|never) shared",
        ],
        2.5,
    ),
    cue(
        [
            (
                r"contact(?:ed|ing)? (?:[\w']+ ){0,3}(?:services|agencies|social care|colleagues|police|school|gp"
                r"|partners)"
            ),
            (
                r"make contact with (?:[\w']+ ){0,3}(?:services|agencies|social care|colleagues|police|school|gp"
                r"|partners)"
            ),
            r"(?:not )?made available (?:to|for)|available to (?:other )?(?:agencies|partners|professionals)",
        ],
        2,
    ),
    # What one agency knew that reached (or never reached) another, without
    # the word "information".
    cue(
        [
            (
                r"passed (?:on )?to (?:the )?(?:[\w']+ ){0,2}(?:school|nursery|gp|health visitor|social care"
                r"|social worker|police|midwi\w+|conference|mash|agenc\w+|professionals|probation)"
            ),
            r"asked for (?:any )?(?:information|details)|kept in the dark",
            r"(?:did not|didn't|never|not) learn (?:of|about)|information (?:was |were )?lost",
            r"contribut(?:ed|e|ing) (?:it|\w+'s (?:\w+ )?(?:risk )?assessment|(?:\w+ ){0,2}information)",
            r"checks on (?:all )?(?:the )?(?:household members|household|family members)",
            r"(?:tell|told|explained to|inform(?:ed)?) (?:\w+ ){0,6}(?:the )?referrer|outcome to the referrer",
        ],
        2.5,
    ),
    # Information moving, or not, between named professionals.
    cue(
        [
            (
                r"let (?:\w+ ){0,3}know|feed (?:\w+ )?into|fed (?:\w+ )?into"
                r"|unknown to (?:\w+ )?(?:services|agencies|professionals)"
            ),
            r"approached for information",
            r"(?:not )?visible to|flag(?:ged)? (?:\w+ ){0,2}(?:was |were )?(?:not )?(?:visible|shared|seen)",
            r"kept (?:\w+ ){0,3}(?:updated|up to date|in the loop|informed)|copied in|in the loop",
            (
                r"reach(?:ed)? (?:the )?(?:\w+ ){0,2}(?:school|gp|social worker|health visitor|front door|mash|police"
                r"|professionals?|agencies|services|nursery|midwife)"
            ),
            r"(?:found out|learn(?:ed|t) (?:of|about|that)|heard (?:of|about)|hear back|heard back)",
            r"silos?|did not know (?:of|about) each other|(?:piece|pieces) of the (?:jigsaw|picture)|full picture",
            (
                r"(?:phoned|emailed|rang|called|alerted|flagged (?:it |this |concerns )?to|wrote to|updated)"
                r" (?:\w+ ){0,2}(?:health visitor|gp|school|social worker|police|midwife|mash|dsl|safeguarding lead"
                r"|school nurse|nursery|idva|the front door)"
            ),
            (
                r"told (?:the )?(?:\w+ ){0,2}(?:social worker|school|gp"
                r"|health visitor|police|midwife|nursery|agencies|dsl)"
            ),
        ],
        2.5,
    ),
    cue(
        [
            (
                r"(?:records?|files?|notes|minutes|reports?|chronolog\w*|results?|history|histories|checks?|details)"
                r" (?:\w+ ){0,3}(?:were |was |not |never |been )*(?:requested|passed|sent|forwarded|transferred"
                r"|circulated|received|followed)"
            ),
            r"(?:request(?:ed|ing)?|sen[dt]|forward(?:ed|ing)?|circulat(?:e|ed|ing)) (?:\w+ ){0,3}(?:records?|files?"
            r"|notes|minutes|reports?|chronolog\w*)",
        ],
        2,
        not_near=r"case notes|recording|recorded",
        window=20,
    ),
]

MULTI_AGENCY_WORKING = [
    # "Multi-agency" as a mere modifier (a multi-agency chronology) is not
    # evidence on its own; multi-agency working, responses or meetings are.
    cue(r"multi[- ]?agency(?! safeguarding hub| case audits?| audits?)", 1.5),
    cue(
        [
            r"multi[- ]?agency (?:working|work|approach|response|responses|engagement|discussions?|meetings?|teams?)",
            (
                r"multi[- ]?agency (?:practice|collaboration|services|challenge|decision|partnership (?:working"
                r"|arrangements))"
            ),
            r"as a multi[- ]?agency partnership",
        ],
        3,
    ),
    cue(
        [
            r"multi-?disciplinary|inter-?agency|cross[- ](?:agency|border|boundary)",
            r"across (?:\w+ )?borders|joined[- ]up|partnership working",
            r"team around the (?:child|family)|lead professional",
        ],
        3,
    ),
    cue(r"joint(?:ly)?", 2.5, not_near=r"targeted area inspection|inspection|jtai", window=30),
    cue(
        [
            r"work(?:ing|ed|s)? (?:\w+ ){0,2}together",
            r"work(?:ing|ed)? (?:closely )?with (?:its |their |other |key )?(?:partners|agencies|colleagues)",
            r"(?:closer|close|better|effective|strong|good) working relationships?",
            r"working relationships?",
        ],
        3,
    ),
    cue(r"collaborat\w*|co-?ordinat\w*|co-?locat\w*|integrated", 2.5),
    cue(
        [
            r"roles and responsibilities",
            r"clarity (?:of|about|around|on) (?:\w+ ){0,2}roles?",
            r"diffusion of responsibility",
            r"(?:roles?|responsibilit(?:y|ies)) (?:were |was |are )?(?:un)?clear",
        ],
        3,
    ),
    cue(
        (
            r"(?:attendance|attend\w*|participat\w*|represent\w*|contribut\w*) (?:\w+ ){0,3}(?:meetings?|conferences?"
            r"|core groups?|strategy (?:meetings?|discussions?)|discussions?|panels?|mdts?)"
        ),
        2.5,
    ),
    # Who was, or was not, at the table.
    cue(
        [
            (
                r"absen(?:t|ce) from (?:the )?(?:\w+ ){0,3}(?:meetings?|conferences?|core groups?|strateg\w+"
                r"|reviews?|panels?|marac)"
            ),
            # An agency invited (not a parent: "fathers were rarely invited" is think family).
            (
                r"invit(?:e|ed|ing) (?:the )?(?:[\w']+ ){0,2}(?:housing|police|schools?|education|gps?|health"
                r"|probation|partners|agencies|colleagues|providers?|professionals|services) (?:\w+ )?to "
            ),
            (
                r"(?:housing|police|schools?|education|gps?|health|probation|partners|agencies|colleagues|providers?"
                r"|professionals|services) (?:\w+ ){0,5}(?:are|were|was|is|been) (?:\w+ )?invited to"
            ),
            (
                r"(?:did not|didn't|does not|not|never) (?:include|involve) (?:the )?(?:gp|health visitor|police"
                r"|school|probation|housing|midwi\w+|health|education)"
            ),
            r"around the table|no link (?:between|with|to)",
            r"(?:treated|handled|managed) (?:\w+ ){0,3}by different agencies",
        ],
        2.5,
    ),
    cue(
        [
            r"(?:meetings?|conferences?|core groups?|discussions?) should (?:include|involve)",
            (
                r"(?:meetings?|conferences?|core groups?) (?:to|must|need to) (?:include"
                r"|involve) (?:\w+ ){0,2}(?:officers|colleagues|partners|agencies|professionals)"
            ),
        ],
        2.5,
    ),
    cue(
        [
            r"agencies (?:\w+ ){0,2}(?:working|worked|work)|(?:handled|managed|responded|worked) collectively",
        ],
        2,
    ),
    cue(
        [
            (
                r"(?:single|individual|all|different|both|partner|several|many|multiple|other) (?:agencies"
                r"|organisations)"
            ),
            r"collectiv\w*|number of (?:agencies|services|professionals)",
        ],
        1,
    ),
    cue(
        [
            r"(?:commitment|engagement) (?:of|from) (?:the )?(?:police|partners|agencies|health)",
            r"robust partnerships?",
            r"strong (?:and \w+ )?(?:partnerships?|front-line services)",
        ],
        2.5,
    ),
    cue(
        [
            r"continuity (?:between|across|of) services|between services",
            r"(?:over[- ]?)?relian\w* (?:on|of) (?:[\w']+ ){0,2}social care",
        ],
        2.5,
    ),
    cue(
        [
            r"part of (?:the )?decision[- ]making",
            r"(?:joint|shared|partnership) decision[- ]making|decision[- ]making",
        ],
        2,
        near=r"partners?|partnership|agencies|professionals|multi|health|joint",
        window=40,
    ),
    cue(r"mdts?", 3),
    cue(
        [
            (
                r"partners? (?:\w+ ){0,2}(?:work|worked|working) (?:\w+ ){0,2}together|partnership (?:work|approach"
                r"|response)"
            ),
            r"(?:strong|effective|good|mature|close|positive) partnerships?|partnership arrangements",
            r"shared (?:approach|responsibility|understanding|ownership|commitment|vision)",
            (
                r"professionals from (?:different|all|other|several|many) agencies|(?:wide )?range of (?:agencies"
                r"|services)"
            ),
            (
                r"professionals'? meetings?|network meetings?|joint agency|(?:brings?|bringing"
                r"|brought) (?:\w+ ){0,2}together"
            ),
        ],
        2,
    ),
    cue(
        [
            r"across (?:the )?(?:partnership|agencies|services|organisations)|all partners",
            r"(?:safeguarding|statutory|key|strategic) partners",
            r"between (?:the )?(?:agencies|partners|services|organisations|professionals)",
        ],
        1.5,
    ),
    cue(ROLL_CALL, 2),
    cue(
        [
            r"(?:fell|falling|fall) between|in parallel|in isolation from each other|never (?:once )?met",
            r"(?:professional|safeguarding|support) network|network around|around the (?:child|family)",
            r"whose (?:role|job|responsibility)|(?:each|every) agency assum\w*|duplicat\w*|(?:one|a) named lead",
            r"(?:active|core) member|(?:part|member|members) of the core group|well attended|attended by",
            r"worked (?:closely|well) (?:together|with)|working (?:closely|well) (?:together|with)",
        ],
        2.5,
    ),
    cue(r"(?:not|never) invited", 2.5),
    cue(
        (
            r"(?:invited|invite|invitations?) to (?:\w+ ){0,3}(?:meetings?|conferences?|core groups?|strategy"
            r"|discussions?)"
        ),
        2.5,
        near=r"schools?|police|health|agenc(?:y|ies)|partners|gps?|housing|professionals|officers|services",
        window=40,
    ),
]

REFERRAL_QUALITY = [
    cue(
        r"referrals?|referr(?:ed|ing)|re-?referr\w*",
        2.5,
        # A referral to a health or adult service, or "referring to" a document,
        # is not a referral into children's safeguarding.
        not_near=[
            (
                r"referr\w* to (?:the )?(?:mental|camhs|specialist|paediatric|therapy|counsel\w*|adult|drug|alcohol"
                r"|substance)"
            ),
            (
                r"referr\w* to (?:the )?(?:[\w']+ ){0,6}(?:guidance|procedures?|polic(?:y|ies)|website|framework"
                r"|document|protocol)"
            ),
        ],
        window=60,
    ),
    cue(
        [
            r"referrers?|referral (?:form|quality|information)",
            r"quality of (?:\w+ ){0,2}referrals?",
        ],
        3,
    ),
    cue(
        [
            r"mash|multi-?agency safeguarding hub|front door|consultation line",
            r"request(?:s)? for (?:support|help|services)|signpost\w*",
            (
                r"contacts? (?:to|into|with|made to) (?:[\w']+ )?social care|first response"
                r"|duty (?:and assessment )?team"
            ),
            r"single point of (?:contact|access)|children'?s advice|initial contacts?",
            r"incoming concerns",
            r"contacts? (?:into|to|with) (?:the )?(?:mash|children's social care|front door)",
        ],
        3,
    ),
    cue(
        r"thresholds?|continuum of need|levels? of need|right help,? right time",
        2.5,
        not_near=r"section 47|s47|strategy|conference|met for",
        window=40,
    ),
    cue(r"no further action|nfa|triage\w*|screen(?:ed|ing) (?:of )?(?:contacts|referrals)", 2),
    cue(r"describ\w+ (?:the |what )?(?:support|concerns?|needs?|risks?)", 1.5),
]

EARLY_HELP = [
    cue(
        [
            r"early help|early intervention|early support|ehas?",
            r"targeted (?:early help|support|family support|youth support)",
            r"family support (?:service|workers?|team)|prevention (?:service|team)",
            r"troubled families|supporting families programme|families first",
        ],
        3,
    ),
    cue(r"step(?:ped|ping|s)?[- ]?(?:up|down)|step(?:ped|ping|s)? (?:the \w+ |it |them |cases? )(?:up|down)", 3),
    cue(
        [
            r"tier (?:1|2|3|one|two|three)",
            r"level (?:2|3|two|three) (?:services|support)",
        ],
        2.5,
    ),
    cue(
        r"(?:support(?:ing)?|help(?:ing)?|identif\w*|intervene?\w*) (?:\w+ ){0,4}early(?! years| childhood| life)", 2.5
    ),
    cue(r"(?:access|offer|provid\w*) (?:\w+ ){0,3}(?:help|support)", 1),
    cue(r"preventative|prevention|universal services|lower[- ]level (?:needs|support|concerns)", 1.5),
    cue(r"family hubs?|children'?s centres?|team around the family|before (?:problems|concerns|needs) escalate", 2.5),
]

CHILD_PROTECTION_PROCESS = [
    cue(
        [
            r"section 47|s\.? ?47|strategy (?:meetings?|discussions?)",
            r"child protection (?:case )?conferences?|case conferences?|icpcs?",
            r"rcpcs?|core groups?|conferences?",
        ],
        3,
    ),
    cue(
        [
            r"child protection plans?|cp plans?|child in need plans?|cin plans?",
            r"(?:subject|subjects) (?:of|to) (?:a |the )?(?:\w+ )?plans?",
            r"(?:on|under) (?:a |the )?(?:\w+ )?plans?",
        ],
        3,
    ),
    cue(
        [
            r"legal (?:proceedings|planning|gateway|advice)|care proceedings",
            r"pre-?proceedings|public law outline|plo|court|care orders?",
            r"emergency protection|police protection|section (?:20|31)|s\.? ?(?:20|31)",
        ],
        3,
    ),
    cue(
        [
            r"child protection(?! information)|cp (?:investigation|process|enquir\w*|medicals?)",
            r"child in need|cin|looked after|lac reviews?|children in care",
        ],
        2,
    ),
    cue(r"plans", 1, near=r"children on|on plans", window=10),
    cue(r"investigations?|enquir(?:y|ies)", 1, near=r"police|joint|child|social care|formal", window=30),
]
