"""The tagger on statements written for these tests (fictional, short)."""

import numpy as np
import pytest

from maca.findings.tagging import CONCERN, STRENGTH, Example, Tagger, suggest, suggest_many
from maca.findings.tagging.examples import ExampleIndex
from maca.findings.taxonomy import THEME_IDS


def themes(text, **kwargs):
    return suggest(text, **kwargs).theme_ids


def test_the_same_statement_gets_the_same_suggestion_every_time():
    text = "The health visitor did not share her worries about the baby's weight with the GP for six weeks."
    first = suggest(text)
    assert all(suggest(text) == first for _ in range(5))
    assert Tagger().suggest(text) == first
    assert first.theme_ids == ["health", "information_sharing", "timeliness"]


def test_suggest_many_gives_what_suggest_gives_one_by_one():
    texts = ["No contingency plan was in place.", "School attendance improved.", "Father was never seen."]
    assert suggest_many(texts) == [suggest(t) for t in texts]


def test_each_theme_says_which_words_led_to_it():
    suggestion = suggest("Mum's new partner was not known to agencies.")
    by_id = {theme.id: theme for theme in suggestion.themes}
    assert [r.evidence for r in by_id["think_family"].reasons] == ["new partner"]
    assert by_id["think_family"].reasons[0].kind == "words"
    assert str(by_id["think_family"].reasons[0]) == "the words 'new partner'"
    assert 0 < by_id["think_family"].score < 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nobody asked the children what life at home was like for them.", "voice_of_child"),
        ("Dad was never invited to the meetings about his son.", "think_family"),
        ("Workers accepted the mother's explanation of the bruise without question.", "professional_curiosity"),
        ("The case drifted for eight months with no visits.", "timeliness"),
        ("Nobody told the referrer what had been decided.", "information_sharing"),
        ("The family were living in one room in a bed and breakfast.", "housing"),
        ("The older boy was going missing overnight and was found with adults in another town.", "exploitation"),
    ],
)
def test_themes_implied_rather_than_named(text, expected):
    assert expected in themes(text)


def test_challenge_as_a_difficulty_is_not_professional_challenge():
    assert "challenge_escalation" not in themes("Recruiting foster carers has been a challenge this year.")
    assert "challenge_escalation" not in themes("The challenges of working with large families were discussed.")
    assert "challenge_escalation" in themes("The school did not challenge the decision to close the case.")
    assert "challenge_escalation" in themes("Practitioners lacked the confidence to challenge one another.")


def test_challenging_a_family_is_curiosity_not_escalation():
    found = themes("The parents kept refusing visits and this was never challenged.")
    assert "professional_curiosity" in found
    assert "challenge_escalation" not in found


def test_plan_in_general_is_not_a_childs_plan():
    assert "assessment_planning" not in themes("The board approved its business plan for next year.")
    assert "assessment_planning" not in themes("This is part of the partnership's improvement plan.")
    assert "assessment_planning" in themes("The child's plan was vague and had no contingency arrangements.")
    assert "child_protection_process" in themes("She has been subject to a child protection plan since March.")
    # Nor is "plans" as a verb, nor a plan in general beside a word that would judge a child's plan.
    assert "assessment_planning" not in themes("The partnership plans to review the threshold document.")
    assert "assessment_planning" not in themes("The business plan was reviewed by the board.")
    assert "assessment_planning" in themes(
        "The business plan was reviewed, but the child's plan was not reviewed for months."
    )


def test_a_referral_to_a_health_service_is_not_a_referral_into_childrens_safeguarding():
    assert "referral_quality" not in themes("The GP made a referral to CAMHS for the boy.")
    assert "referral_quality" in themes("The referral to the MASH lacked detail about the risk.")


def test_parents_mental_health_is_not_the_health_theme():
    found = themes("Mother's mental health deteriorated after the birth.")
    assert "mental_health_substance" in found
    assert "health" not in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Strong joint working between the school and the police.", STRENGTH),
        ("Evidence of timely strategy discussions in every case.", STRENGTH),
        ("There was a lack of management oversight.", CONCERN),
        ("Practitioners need to record the voice of the child.", CONCERN),
        ("Ensure that fathers are invited to every core group.", CONCERN),
        ("How well do agencies understand the escalation policy?", CONCERN),
        ("Recording of household composition", CONCERN),
        ("Information sharing was not always effective.", CONCERN),
        # What is only planned is not yet practice the audit found.
        ("The business plan for next year sets out a new service for families.", CONCERN),
        ("A new service for families was launched in May.", STRENGTH),
        # Deficits told without a word of deficit.
        ("Wishes and feelings were recorded in only 3 of the 11 assessments.", CONCERN),
        ("He went missing nine times before anyone convened a strategy meeting.", CONCERN),
        ("The referral was accepted, and the family waited four months for an assessment.", CONCERN),
        ("The assessment identified the mother's anxiety, yet the plan offered nothing to address it.", CONCERN),
        ("Schools are working hard to ensure each child's wellbeing.", STRENGTH),
    ],
)
def test_polarity_from_the_wording_when_no_field_decides(text, expected):
    assert suggest(text).polarity == expected


def test_the_field_the_statement_was_written_in_decides_its_polarity():
    worded_as_praise = "Excellent, timely information sharing by the school."
    worded_as_a_gap = "There was no plan and nobody visited."
    assert suggest(worded_as_praise).polarity == STRENGTH
    as_worry = suggest(worded_as_praise, field="worries")
    assert as_worry.polarity == CONCERN
    assert as_worry.polarity_reason == "written in the worries field"
    assert suggest(worded_as_a_gap, field="strengths").polarity == STRENGTH
    # The field changes the polarity only, never the themes.
    assert as_worry.themes == suggest(worded_as_praise).themes


def test_an_unknown_field_is_refused():
    with pytest.raises(ValueError, match="field must be one of"):
        suggest("Some text.", field="notes")


def test_plans_as_a_verb_is_not_a_label_without_one():
    assert "without a verb" not in suggest("The partnership plans to review the threshold document.").polarity_reason


def test_polarity_says_why():
    suggestion = suggest("There was a lack of management oversight.")
    assert "lack" in suggestion.polarity_reason


LOCAL_SCHEME = "The Bright Steps team offered the family support at home."


def test_confirmed_examples_teach_a_partnerships_own_words():
    # Without the partnership's examples (or statements alike in meaning) the
    # scheme's name means nothing to the tagger.
    assert "early_help" not in Tagger(alike=False).suggest(LOCAL_SCHEME).theme_ids
    examples = [
        Example("Bright Steps workers visited weekly and the family engaged.", ("early_help",), STRENGTH, id=11),
        Example("Bright Steps closed the case without telling the school.", ("early_help",), CONCERN, id=12),
    ]
    suggestion = suggest(LOCAL_SCHEME, examples=examples)
    early_help = next(theme for theme in suggestion.themes if theme.id == "early_help")
    assert {reason.kind for reason in early_help.reasons} == {"example"}
    assert {reason.example_id for reason in early_help.reasons} <= {11, 12}
    assert any(reason.evidence.startswith("Bright Steps") for reason in early_help.reasons)
    learned = [reason for reason in early_help.reasons if reason.learned_words]
    # The name as written, once: a pair of words is learned from two examples; a
    # single word ("bright") would need three.
    assert len(learned) == 1
    # Said beside the example's likeness, not as a second reason quoting the same example.
    assert str(learned[0]) == (
        "like the confirmed example 'Bright Steps workers visited weekly and the family engaged.' "
        "(40% alike; both say 'bright steps')"
    )
    assert [r.example_id for r in early_help.reasons].count(11) == 1


def test_a_near_twin_of_a_confirmed_example_takes_its_themes_and_polarity():
    example = Example(
        "Housing officers attended the core group and shared the tenancy history.",
        ("housing", "multi_agency_working", "child_protection_process"),
        STRENGTH,
        id="c-7",
    )
    text = "Housing officers attended the core group and shared the tenancy history promptly."
    without = suggest(text)
    assert "timeliness" in without.theme_ids
    learned = Tagger([example]).suggest(text)
    # The partnership left timeliness off its twin, so it counts against it here.
    assert set(learned.theme_ids) == {"housing", "multi_agency_working", "child_protection_process"}
    assert learned.polarity == STRENGTH
    assert "confirmed example" in learned.polarity_reason
    housing = next(theme for theme in learned.themes if theme.id == "housing")
    assert any(reason.kind == "example" and reason.example_id == "c-7" for reason in housing.reasons)
    assert "alike" in str(next(r for r in housing.reasons if r.kind == "example"))


def test_examples_may_be_given_as_plain_tuples_or_dicts():
    as_tuple = ("Bright Steps visited weekly.", ["early_help"], STRENGTH)
    as_dict = {"text": "Bright Steps closed the case.", "themes": ["early_help"], "polarity": CONCERN, "id": 3}
    assert "early_help" in Tagger([as_tuple, as_dict]).suggest(LOCAL_SCHEME).theme_ids


def test_a_theme_a_partnership_added_is_learned_from_examples_alone():
    tagger = Tagger(
        [
            Example("Private fostering arrangement not assessed.", ("private_fostering",), CONCERN),
            Example("Private fostering notification made late.", ("private_fostering",), CONCERN),
        ],
        theme_ids=["private_fostering", "timeliness"],
    )
    assert tagger.suggest("A private fostering arrangement went unnoticed.").theme_ids == ["private_fostering"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # How long something took is timeliness; a child's age is not.
        ("The discharge summary took three weeks to reach the GP.", {"timeliness", "information_sharing"}),
        ("The nursery phoned the health visitor that afternoon.", {"timeliness", "information_sharing"}),
        # An account accepted without question is professional curiosity.
        ("The mother's explanation of the bruise was accepted without question.", {"professional_curiosity"}),
        # Services working side by side without meeting is multi-agency working.
        ("Adult services and children's services worked in parallel and never met.", {"multi_agency_working"}),
        # What practitioners know is training and guidance.
        ("Practitioners were unclear about how to refer to MARAC.", {"training_guidance"}),
        # The child's own words are the voice of the child.
        ("Her drawings and her own words were shared at conference.", {"voice_of_child"}),
    ],
)
def test_patterns_from_wording_the_lexicon_was_not_first_written_against(text, expected):
    assert expected <= set(themes(text))


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("The baby was six weeks old when the family moved into the flat.", "timeliness"),
        ("Early help was started by the school.", "timeliness"),
        ("The health visitor did not share her worries about the baby's weight with the GP.", "voice_of_child"),
    ],
)
def test_those_patterns_keep_to_their_sense(text, absent):
    assert absent not in themes(text)


# Neglect, implied and not named: the lexicon alone finds only the school.
FED_QUIETLY = (
    "The pupil regularly arrived at school hungry and unkempt, and teachers quietly fed him without telling anyone."
)


def test_a_theme_implied_rather_than_named_is_found_through_statements_alike_in_meaning():
    text = FED_QUIETLY
    assert "neglect" not in Tagger(alike=False).suggest(text).theme_ids
    suggestion = Tagger().suggest(text)
    assert suggestion.theme_ids[0] == "education"  # the lexicon's themes come first
    neglect = next(theme for theme in suggestion.themes if theme.id == "neglect")
    assert neglect.score >= 0.6
    (reason,) = neglect.reasons
    assert reason.kind == "alike"
    assert str(reason).startswith("alike in meaning to statements on this theme, such as '")
    assert str(reason).endswith("% alike)")


def test_statements_alike_in_meaning_never_override_the_lexicons_counter_evidence():
    # "business plan" counts against a child's plan; the vote of alike statements does not put it back.
    tagger = Tagger()
    assert tagger.uses_embeddings
    assert "assessment_planning" not in tagger.suggest("The board approved its business plan for next year.").theme_ids


def test_a_partnerships_near_twin_keeps_out_a_theme_that_alike_statements_would_add():
    text = FED_QUIETLY
    twin = Example(text.replace("regularly", "often"), ("education",), CONCERN, id="t-1")
    assert "neglect" not in Tagger([twin]).suggest(text).theme_ids


def test_tagging_many_at_once_gives_what_tagging_one_at_a_time_gives():
    texts = [
        FED_QUIETLY,
        "Fathers were rarely seen.",
        "The GP shared the family history with the health visitor promptly and attended the strategy discussion.",
    ]
    tagger = Tagger()
    one_by_one = [tagger.suggest(text) for text in texts]
    assert tagger.suggest_many(texts) == one_by_one


def test_many_batches_read_side_by_side_give_what_one_at_a_time_gives():
    from maca.findings.tagging import alike

    texts = alike._statements()
    texts = [row["text"] for row in texts[:90]]
    tagger = Tagger()
    many = tagger.suggest_many(texts)  # three batches, read on separate threads
    one_by_one = [tagger.suggest(text) for text in texts]
    assert many == one_by_one
    if tagger.uses_embeddings:
        assert any(reason.kind == "alike" for s in many for t in s.themes for reason in t.reasons)
        assert all(np.allclose(a.vector, b.vector, atol=1e-6) for a, b in zip(many, one_by_one, strict=True))


def test_a_theme_rejected_on_a_near_twin_is_not_suggested_again():
    confirmed = (
        "The child in need plan had no dates or names against its actions, so nobody could tell if it was working."
    )
    text = "The child in need plan has no dates or names against its actions, so nobody could tell if it worked."
    before = Tagger(alike=False).suggest(text)
    assert "child_protection_process" in before.theme_ids  # the words alone suggest it
    kept = tuple(t for t in before.theme_ids if t != "child_protection_process")
    # Left off but never offered: a near twin only weighs against it.
    rejected = Example(confirmed, kept, CONCERN, id=5, rejected=("child_protection_process",))
    after = Tagger([rejected], alike=False).suggest(text)
    assert "child_protection_process" not in after.theme_ids
    assert set(kept) <= set(after.theme_ids)
    # A statement that is not a near twin is not held to that rejection.
    other = "A child protection conference was held late and the core group did not meet."
    assert "child_protection_process" in Tagger([rejected], alike=False).suggest(other).theme_ids


def test_a_learned_word_is_quoted_as_written_and_a_single_word_needs_three_examples():
    examples = [
        Example("Harbour Mentoring sessions were offered to the father.", ("think_family",), STRENGTH, id=1),
        Example("The father went to Harbour Mentoring twice.", ("think_family",), STRENGTH, id=2),
    ]
    learned = {(term.term, term.theme) for term in ExampleIndex.build(examples).learned_terms("harbour mentoring")}
    assert learned == {("harbour mentor", "think_family")}  # the pair; "harbour" alone would need a third
    suggestion = Tagger(examples, alike=False).suggest("The uncle was referred to Harbour Mentoring.")
    reasons = [str(r) for t in suggestion.themes if t.id == "think_family" for r in t.reasons]
    assert any("'harbour mentoring'" in reason for reason in reasons), reasons
    assert not any("'harbour mentor'" in reason for reason in reasons)


def test_a_findings_own_earlier_words_are_not_quoted_as_its_reason():
    examples = [
        Example("The Rowan Kin Network was not told about the move.", ("kinship_care",), CONCERN, id=1),
        Example("The grandmother was referred to the Rowan Kin Network.", ("kinship_care",), STRENGTH, id=2),
        Example("Rowan Kin Network visits stopped in May.", ("kinship_care",), CONCERN, id=3),
    ]
    tagger = Tagger(examples, theme_ids=(*THEME_IDS, "kinship_care"), alike=False)  # a theme of its own
    suggestion = tagger.suggest("The aunt was offered the Rowan Kin Network.", exclude=1)
    quoted = {r.example_id for t in suggestion.themes for r in t.reasons}
    assert 1 not in quoted and quoted


def test_challenge_as_a_difficulty_is_not_professional_curiosity():
    text = "The father was a challenge to engage and missed three appointments."
    assert "professional_curiosity" not in Tagger(alike=False).suggest(text).theme_ids
    assert (
        "professional_curiosity"
        in Tagger(alike=False)
        .suggest("The social worker did not challenge the parents' refusal to let her see the bedroom.")
        .theme_ids
    )
