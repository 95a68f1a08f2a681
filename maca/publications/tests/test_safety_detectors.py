"""Each detector's rules, one at a time, with the variants a draft really
contains, and what they must leave alone."""

from __future__ import annotations

import itertools

import pytest

from maca.publications.safety import Kind, SafetyCheck, find_identifiers
from maca.publications.safety.hits import Hit, resolve_overlaps
from maca.publications.safety.numbers import nhs_check_digit_ok, upn_check_letter_ok

FAMILY = ["Kayden Ashworth", "Leanne Ashworth", "Tia-Rose Ashworth"]


def found(text, **options):
    return [(str(h.kind), h.text) for h in find_identifiers(text, **options)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kayden Ashworth", "Kayden Ashworth"),
        ("kayden ashworth", "kayden ashworth"),
        ("KAYDEN ASHWORTH", "KAYDEN ASHWORTH"),
        ("Kayden\nAshworth", "Kayden\nAshworth"),
        ("Kayden's school", "Kayden"),
        ("Kayden’s school", "Kayden"),
        ("Ashworths' home", "Ashworths"),
        ("Miss Ashworth said", "Miss Ashworth"),
        ("Tia-Rose was seen", "Tia-Rose"),
        ("Tia Rose was seen", "Tia Rose"),
    ],
)
def test_a_held_name_is_found_in_its_written_forms(text, expected):
    assert ("name", expected) in found(f"On the visit {text} and no one else.", names=FAMILY)


def test_a_full_held_name_is_one_hit_that_knows_whose_name_it_is():
    (hit,) = find_identifiers("Leanne Ashworth attended.", names=FAMILY)
    assert hit.held == ("Leanne Ashworth",)
    (hit,) = find_identifiers("The Ashworth family attended.", names=FAMILY)
    assert set(hit.held) == set(FAMILY)


def test_held_names_that_are_ordinary_words_need_a_capital_and_a_name_like_use():
    names = ["Hope Foster", "Will Brown", "May Green"]
    assert found("We hope foster carers will continue; in May 2024 the green paper came out.", names=names) == []
    assert found("Hope Foster was placed in foster care.", names=names) == [("name", "Hope Foster")]
    assert found("The school rang Will about May's attendance.", names=names) == [("name", "Will"), ("name", "May")]


def test_a_held_surname_that_is_an_ordinary_word_needs_its_capital():
    names = ["Ellis Case", "Tom Early"]
    assert found("In this case the early help offer was late. Case 4 was early.", names=names) == []
    assert found("Mr Case said Tom Early had left.", names=names) == [("name", "Mr Case"), ("name", "Tom Early")]


def test_generic_words_written_into_the_held_list_are_not_names():
    assert found("The family and the children moved.", names=["Smith family", "Baby of Kelly Smith"]) == []


def test_accents_and_apostrophes_do_not_hide_a_held_name():
    assert found("Zoe OBrien was seen.", names=["Zoë O'Brien"]) == [("name", "Zoe OBrien")]
    assert found("Zoë O’Brien was seen.", names=["Zoe O'Brien"]) == [("name", "Zoë O’Brien")]


def test_titles_and_baby_in_the_held_list_are_not_names():
    assert found("Mrs Patel thanked the baby's health visitor.", names=["Mrs Kelly Smith", "Baby Smith"]) == [
        ("name", "Mrs Patel")
    ]


def test_a_pseudonym_is_never_flagged_unless_it_contains_a_held_name():
    # Some partnerships publish with invented full names as pseudonyms.
    text = "Ellie Vance and Child A's mother attended."
    assert found(text, pseudonyms=["Ellie Vance"]) == []
    assert found(text) == [("name", "Ellie Vance")]
    assert found(text, names=["Ellie Vance"], pseudonyms=["Ellie Vance"]) == [("name", "Ellie Vance")]
    # The convention "Child Lucy" is a pseudonym even when not listed.
    assert found("Child Lucy's mother attended.") == []


def test_names_not_held_need_good_evidence():
    assert found("Mrs Kowalczyk and Jayden Pryce attended.") == [("name", "Mrs Kowalczyk"), ("name", "Jayden Pryce")]
    assert found("Sarah Lyle, Designated Nurse, chaired.") == []
    assert found("Chaired by the Head of Service, Sarah Lyle.") == []
    assert found("Brandon et al. (2020) and Munro (2011) found the same.") == []
    assert found("Anna Freud Centre and St George's Hospital staff attended.") == []
    assert found("Jayden Pryce", unheld_names=False) == []


def test_a_double_barrelled_given_name_not_in_the_list_is_a_given_name():
    assert found("Tyler-Jay Smith (aged 4) was not seen.") == [("name", "Tyler-Jay Smith")]
    assert found("Kayden-Lee Brown was not seen.") == [("name", "Kayden-Lee Brown")]
    assert found("Her son Tyler-Jay was not spoken to.", lone_given_names=True) == [("name", "Tyler-Jay")]
    # Only when its first part is a given name that is no ordinary word.
    assert found("Hope-Lee Smith was not seen.") == []
    assert found("The Ashby-Smith review was shared.") == []


def test_a_lone_first_name_not_held_is_flagged_only_when_asked():
    text = "Her son Tyler was not spoken to."
    assert found(text) == []
    assert found(text, lone_given_names=True) == [("name", "Tyler")]


@pytest.mark.parametrize(
    "text",
    [
        "DOB 01/02/2015",
        "D.O.B: 1.2.2015",
        "date of birth 1st February 2015",
        "born on 1 Feb 2015",
        "born in February 2015",
        "1/2/15 (DOB)",
        "EDD 14 June 2024",
        "expected date of delivery: 14/06/2024",
    ],
)
def test_dates_of_birth_in_their_usual_forms(text):
    kinds = [kind for kind, _ in found(f"Child A, {text}, was referred.")]
    assert kinds == ["date_of_birth"]


def test_a_full_date_is_flagged_only_in_a_sentence_about_a_person():
    assert found("The child was admitted on 4 May 2019.") == [("date", "4 May 2019")]
    assert found("Referrals rose after 4 May 2019.") == []
    assert found("The audit meeting on 4 May 2019 discussed the child.") == []
    assert found("Between 1 April 2019 and 31 March 2020 the child was seen twice.") == []
    assert found("A strategy meeting for the child was held on 4 May 2019.") == [("date", "4 May 2019")]
    assert found("The 3.4.12 recommendation applies to the child.") == []


def test_service_numbers_are_left_alone_and_personal_ones_flagged():
    assert found("Call the MASH on 01632 960000 or the helpline on 0808 800 5000.") == []
    assert found("Mother's number is 0300 555 0199.") == [("phone", "0300 555 0199")]
    assert found("Ring 01632 960123 after six.") == [("phone", "01632 960123")]
    (hit,) = find_identifiers("Ring 01632 960123 after six.")
    assert "keep it with that reason" in hit.reason


def test_role_mailboxes_and_professionals_work_addresses_are_left_alone():
    assert found("Write to mash.referrals@westshire.gov.uk or lscp@example.org.uk.") == []
    assert found("Contact the lead at sam.lyle@westshire.gov.uk.") == []
    assert found("Her address is sam.lyle@example.com.") == [("email", "sam.lyle@example.com")]
    assert found("It came from kayden.a@westshire.gov.uk.", names=FAMILY) == [("email", "kayden.a@westshire.gov.uk")]


def test_number_checks():
    assert nhs_check_digit_ok("9434765919")
    assert not nhs_check_digit_ok("9434765918")
    assert not nhs_check_digit_ok("943476591")
    assert upn_check_letter_ok("A820200012345")
    assert not upn_check_letter_ok("B820200012345")
    assert found("Ten digits 943 476 5918 that fail the check.") == []
    assert found("Years 2019, 2017/18 and 2017-2018, Section 47, Case 4, COVID-19, Tier 3 and 48 of 56.") == []


def test_case_numbers_need_their_system_or_their_shape():
    assert found("Mosaic 1234567; crime ref 12/34567/19; ID: AB12345.") == [
        ("case_number", "1234567"),
        ("case_number", "12/34567/19"),
        ("case_number", "AB12345"),
    ]
    assert found("Recorded on Mosaic and Liquidlogic by the MASH.") == []
    assert found("Ref: 12/03/2019") == []


def test_rare_schools_are_found_in_any_usual_form_and_named_schools_can_be_left_to_the_list():
    rare = ["St Barnabas Church of England Primary School"]
    assert found("A pupil at Saint Barnabas CE Primary.", rare_schools=rare) == [
        ("school", "Saint Barnabas CE Primary")
    ]
    assert found("She attends St Barnabas.", rare_schools=rare) == [("school", "St Barnabas")]
    assert found("St Barnabas Hospital referred her.", rare_schools=rare) == []
    assert found("She moved to Oakbridge Academy.", named_schools=False) == []
    assert found("She moved to Oakbridge Academy.") == [("school", "Oakbridge Academy")]
    assert found("The Virtual School and Westshire Virtual School attended.") == []


def test_addresses_postcodes_and_vehicles():
    assert found("They live at 12 High Street, WS1 1AA, and drive AB19 CDE.") == [
        ("address", "12 High Street"),
        ("postcode", "WS1 1AA"),
        ("vehicle_registration", "AB19 CDE"),
    ]
    assert found("In 2 Family Court hearings and 3 Early Help Way sessions.") == []


def test_overlapping_hits_keep_the_longest_then_the_stronger_kind():
    hits = [
        Hit(Kind.PHONE, 0, 12, "x", "r"),
        Hit(Kind.NHS_NUMBER, 0, 12, "x", "r"),
        Hit(Kind.NAME, 3, 5, "x", "r"),
        Hit(Kind.DATE, 20, 30, "x", "r"),
    ]
    assert [h.kind for h in resolve_overlaps(hits)] == [Kind.NHS_NUMBER, Kind.DATE]


def test_hits_are_in_order_do_not_overlap_and_point_into_the_text():
    text = (
        "Kayden Ashworth (DOB 04/05/2015), 14 Rose Lane, WS1 2AB, 07700 900461, kayden@example.com, "
        "NHS 943 476 5919, AB 12 34 56 C, Mosaic 1234567."
    )
    hits = find_identifiers(text, names=FAMILY)
    assert [h.start for h in hits] == sorted(h.start for h in hits)
    assert all(a.end <= b.start for a, b in itertools.pairwise(hits))
    assert all(text[h.start : h.end] == h.text for h in hits)
    assert len(hits) == 9


def test_a_prepared_check_gives_the_same_answer_as_the_function():
    text = "Leanne said Kayden was at 14 Rose Lane on 3 May 2019."
    assert SafetyCheck(names=tuple(FAMILY)).find(text) == find_identifiers(text, names=FAMILY)
