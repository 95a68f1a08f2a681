"""Word classes the theme lexicons share (regular-expression fragments)."""

CHILD = (
    r"child(?:ren)?(?:'s|s')?|young (?:person|people)(?:'s)?|infants?|bab(?:y|ies)(?:'s)?|toddlers?|pupils?"
    r"|adolescents?|teenagers?|boys?|girls?|son|daughter|siblings?"
)
PARENT = (
    r"parents?(?:'s|')?|parental|mothers?(?:'s)?|fathers?(?:'s)?|mums?|dads?|carers?(?:')?|caregivers?"
    r"|adults?(?:'s|')?|step-?parents?|partners? of|her partner|his partner|maternal|paternal"
)
AGENCY = (
    r"agenc(?:y|ies)|partners?|professionals?|practitioners?|colleagues?|organisations?|services?|teams?"
    r"|police|social care|social workers?|schools?|health|gps?|housing|managers?|staff|workers?|officers?"
)
_SECTOR = (
    r"(?:the )?(?:police|health|education|housing|(?:children's )?social care|probation|fire|voluntary|schools?|gps?"
    r"|nhs|local authorit(?:y|ies)|youth offending|children's services|council)"
)
# Agencies named in a list ("police, health, education and housing attended")
# say who was there, not what a sector did.
ROLL_CALL = rf"(?:{_SECTOR}[\w' ]{{0,30}}(?:,|\band\b)\s*){{2,}}{_SECTOR}"
NEGATIVE = r"not|no|never|lack(?:ing)?|without|poor(?:ly)?|insufficient|inconsistent|limited|absence"
