"""Replacing a held name by the audit's pseudonym, and applying replacements."""

from __future__ import annotations

import pytest

from maca.publications.safety import (
    Replacement,
    apply_replacements,
    find_identifiers,
    propose_replacement,
    replace_held_names,
)

NAMES = ["Kayden Ashworth", "Leanne Ashworth", "Dean Haworth"]
PSEUDONYMS = {"Kayden Ashworth": "Child A", "Leanne Ashworth": "Child A’s mother", "dean  haworth": "Adult M"}


def proposals(text):
    hits = find_identifiers(text, names=NAMES)
    return [(h.text, propose_replacement(h, PSEUDONYMS)) for h in hits]


def test_each_held_name_gets_its_own_pseudonym():
    assert proposals("Kayden Ashworth and Leanne Ashworth; Dean Haworth.") == [
        ("Kayden Ashworth", "Child A"),
        ("Leanne Ashworth", "Child A’s mother"),
        ("Dean Haworth", "Adult M"),
    ]


def test_a_first_name_alone_and_a_title_are_replaced_whole():
    assert proposals("Kayden told Mrs Ashworth's friend.") == [("Kayden", "Child A"), ("Mrs Ashworth", None)]
    assert proposals("Leanne was present.") == [("Leanne", "Child A’s mother")]


def test_possessives_survive_the_replacement():
    # The apostrophe typed stays as it was typed; one maca adds is curly.
    text = "Kayden's mother, Kayden’s father and Kaydens school."
    new, count = replace_held_names(text, find_identifiers(text, names=NAMES), PSEUDONYMS)
    assert (new, count) == ("Child A's mother, Child A’s father and Child A’s school.", 3)


def test_a_surname_shared_by_several_people_needs_a_person_to_choose():
    assert proposals("The Ashworth family moved.") == [("Ashworth", None)]


def test_other_kinds_have_no_automatic_replacement():
    hits = find_identifiers("Born 04/05/2015 at 14 Rose Lane.", names=NAMES)
    assert hits
    assert all(propose_replacement(hit, PSEUDONYMS) is None for hit in hits)


def test_apply_replacements_by_offsets():
    assert apply_replacements("abcdef", [(0, 1, "X"), Replacement(3, 5, "YY", expected="de")]) == "XbcYYf"
    with pytest.raises(ValueError, match="overlaps"):
        apply_replacements("abcdef", [(0, 3, "X"), (2, 4, "Y")])
    with pytest.raises(ValueError, match="changed"):
        apply_replacements("abcdef", [Replacement(0, 2, "X", expected="zz")])
    with pytest.raises(ValueError, match="outside"):
        apply_replacements("abc", [(2, 9, "X")])


def test_after_replacing_held_names_the_check_finds_none_left():
    text = "Kayden Ashworth told Leanne that Dean Haworth had left."
    new, _ = replace_held_names(text, find_identifiers(text, names=NAMES), PSEUDONYMS)
    assert new == "Child A told Child A’s mother that Adult M had left."
    assert find_identifiers(new, names=NAMES, pseudonyms=PSEUDONYMS.values()) == []
