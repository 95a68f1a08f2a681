"""The ways case management systems write things, read into maca's vocabulary."""

import datetime as dt

import pytest

from maca.cases import vocabulary
from maca.cases.tests.factories import BAD_NHS_NUMBER, NHS_NUMBER, OTHER_NHS_NUMBER

TODAY = dt.date(2026, 6, 15)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Early help", "early_help"),
        ("EH", "early_help"),
        ("CIN", "child_in_need"),
        ("child in need", "child_in_need"),
        ("CP", "child_protection"),
        ("Child Protection Plan", "child_protection"),
        ("LAC", "looked_after"),
        ("CLA", "looked_after"),
        ("Care leaver", "care_leaver"),
        ("None", "none"),
    ],
)
def test_levels_of_service_are_read_from_their_usual_names(raw, expected):
    assert vocabulary.service_level(raw) == expected


def test_an_unknown_level_of_service_lists_the_accepted_ones():
    with pytest.raises(vocabulary.Unrecognised, match=r"This is not a level of service\. Use one of: early help") as e:
        vocabulary.service_level("Early hlep")
    assert e.value.quoted.startswith("‘Early hlep’ is not a level of service. Use one of: early help, child in")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("F", "female"),
        ("Girl", "female"),
        ("male", "male"),
        ("Boy", "male"),
        ("Non-binary", "other"),
        ("Indeterminate", "other"),
        ("Not known", "unknown"),
        ("", "unknown"),
        (None, "unknown"),
    ],
)
def test_sex_is_read_from_letters_and_words(raw, expected):
    assert vocabulary.sex(raw) == expected


@pytest.mark.parametrize(
    ("raw", "group"),
    [
        ("WBRI", "white"),
        ("wirt", "white"),
        ("MWBC", "mixed"),
        ("APKN", "asian"),
        ("CHNE", "asian"),
        ("BAFR", "black"),
        ("OOTH", "other"),
        ("REFU", "unknown"),
        ("NOBT", "unknown"),
        ("White British", "white"),
        ("Any other White background", "white"),
        ("Mixed: White and Black Caribbean", "mixed"),
        ("White and Asian", "mixed"),
        ("Black or Black British – African", "black"),
        ("Arab", "other"),
        ("Any other ethnic group", "other"),
        ("Information not yet obtained", "unknown"),
        ("Refused", "unknown"),
        ("", "unknown"),
    ],
)
def test_ethnicity_is_kept_as_recorded_and_grouped_from_codes_and_words(raw, group):
    recorded, found = vocabulary.ethnicity(raw)
    assert recorded == raw and found == group


def test_an_ethnicity_that_names_no_group_is_a_problem():
    with pytest.raises(ValueError, match="is not an ethnicity we recognise"):
        vocabulary.ethnicity("Martian")


def test_an_ethnicity_longer_than_the_field_says_the_limit():
    with pytest.raises(ValueError, match="80 characters or fewer"):
        vocabulary.ethnicity("White " * 20)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Y", True), ("Yes", True), ("TRUE", True), ("1", True), (True, True), (1, True), ("N", False), ("no", False)],
)
def test_disability_is_yes_or_no(raw, expected):
    assert vocabulary.yes_no(raw) is expected


@pytest.mark.parametrize("raw", ["", None, "Unknown", "Not known"])
def test_disability_is_not_known_when_blank_or_unknown(raw):
    assert vocabulary.yes_no(raw) is None


def test_flags_accept_common_abbreviations_and_both_separators():
    assert vocabulary.flags("DA; CSE, CCE;PMH") == ("domestic_abuse", "exploitation", "parental_mental_health")
    assert vocabulary.flags("Substance misuse") == ("substance_misuse",)
    assert vocabulary.flags("") == ()


def test_toxic_trio_is_not_a_flag():
    with pytest.raises(ValueError, match="‘toxic trio’ is not a flag: record domestic abuse"):
        vocabulary.flags("Neglect; Toxic trio")


def test_an_unknown_flag_is_named():
    with pytest.raises(vocabulary.Unrecognised) as error:
        vocabulary.flags("Neglect; Bad vibes")
    assert error.value.quoted.startswith("‘Bad vibes’ is not a flag we know")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("14/03/2019", dt.date(2019, 3, 14)),
        ("4/3/2019", dt.date(2019, 3, 4)),
        ("2019-03-14", dt.date(2019, 3, 14)),
        (dt.datetime(2019, 3, 14, 0, 0), dt.date(2019, 3, 14)),
        (dt.date(2019, 3, 14), dt.date(2019, 3, 14)),
        ("", None),
        (None, None),
    ],
)
def test_dates_are_read_in_british_and_iso_forms_and_from_excel_cells(raw, expected):
    assert vocabulary.date(raw) == expected


@pytest.mark.parametrize("raw", ["31/02/2025", "29/02/2025", "03/14/2019", "2025-13-01"])
def test_an_impossible_date_is_a_problem(raw):
    with pytest.raises(ValueError, match="Enter a real date"):
        vocabulary.date(raw)


@pytest.mark.parametrize("raw", ["14-03-2019", "14.03.2019", "=TODAY()", "yesterday", 43500])
def test_a_date_in_another_form_is_a_problem(raw):
    with pytest.raises(ValueError, match="Enter a date in the form DD/MM/YYYY or YYYY-MM-DD"):
        vocabulary.date(raw)


def test_a_date_in_the_future_is_a_problem():
    with pytest.raises(ValueError, match="must not be in the future"):
        vocabulary.past_date("16/06/2026", today=TODAY)


def test_referral_dates_are_separated_by_semicolons_or_commas():
    found = vocabulary.date_list("01/02/2026; 2026-03-04,01/02/2026", today=TODAY)
    assert found == (dt.date(2026, 2, 1), dt.date(2026, 3, 4))


@pytest.mark.parametrize(("raw", "expected"), [("7", 7), (7, 7), (7.0, 7), ("0", 0), ("25", 25), ("", None)])
def test_age_is_a_whole_number_of_years(raw, expected):
    assert vocabulary.age(raw) == expected


@pytest.mark.parametrize("raw", ["7.5", 7.5, "-1", "26", "seven", "=A1"])
def test_an_age_that_is_not_a_whole_number_from_0_to_25_is_a_problem(raw):
    with pytest.raises(ValueError, match="Age must be a whole number from 0 to 25"):
        vocabulary.age(raw)


def test_an_age_gives_a_birth_month_in_the_month_of_import():
    assert vocabulary.birth_month_from_age(7, today=TODAY) == dt.date(2019, 6, 1)


@pytest.mark.parametrize("raw", [NHS_NUMBER, OTHER_NHS_NUMBER, "943 476 5919", "943-476-5919", 9434765919])
def test_nhs_numbers_with_a_valid_check_digit_are_accepted(raw):
    assert vocabulary.nhs_number(raw) in {NHS_NUMBER, OTHER_NHS_NUMBER}


@pytest.mark.parametrize("raw", [BAD_NHS_NUMBER, "12345", "94347659190", "ABCDEFGHIJ"])
def test_an_invalid_nhs_number_is_refused_without_repeating_it(raw):
    with pytest.raises(ValueError) as error:
        vocabulary.nhs_number(raw)
    assert str(error.value) == (
        "Not a valid NHS number: it must have 10 digits, the last one the check digit of the other nine. "
        "Correct it in the case system"
    )


def test_whole_numbers_from_excel_read_as_text_without_a_decimal_point():
    assert vocabulary.text(12345.0) == "12345"
    assert vocabulary.reference(12345.0) == "12345"
