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
NEGATIVE = r"not|no|never|lack(?:ing)?|without|poor(?:ly)?|insufficient|inconsistent|limited|absence"
