"""The apostrophes maca writes are curly ("Child A’s mother"), and the safety
check reads people's text whichever apostrophe they typed."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from maca.publications.models import Pseudonym
from maca.publications.pseudonyms import family_member_add
from maca.publications.safety import find_identifiers, propose_replacement, replace_held_names
from maca.publications.tests.builders import audit_with_findings
from maca.tests.tables import read_tables
from maca.tests.test_words_on_pages import words_of

NAMES = ["Jayden Smith"]
PSEUDONYMS = {"Jayden Smith": "Child A"}


@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_a_possessive_is_caught_and_replaced_whichever_apostrophe_was_typed(apostrophe):
    text = f"Jayden{apostrophe}s mother and SMITH{apostrophe}S house."
    hits = find_identifiers(text, names=NAMES)
    assert [(h.text, propose_replacement(h, PSEUDONYMS)) for h in hits] == [
        ("Jayden", "Child A"),
        ("SMITH", "Child A"),
    ]
    new, count = replace_held_names(text, hits, PSEUDONYMS)
    assert (new, count) == (f"Child A{apostrophe}s mother and Child A{apostrophe}S house.", 2)


def test_a_possessive_typed_without_its_apostrophe_is_given_a_curly_one():
    text = "Jaydens mother was there."
    new, _ = replace_held_names(text, find_identifiers(text, names=NAMES), PSEUDONYMS)
    assert new == "Child A’s mother was there."


@pytest.mark.parametrize("typed", ["Tyler's mother said so.", "Tyler’s mother said so."])
def test_a_pseudonym_is_never_flagged_whichever_apostrophe_either_has(typed):
    # "Tyler" alone would be flagged as a given name; as the pseudonym "Tyler’s mother" it is not.
    assert [h.text for h in find_identifiers(typed, lone_given_names=True)] == ["Tyler"]
    for label in ("Tyler’s mother", "Tyler's mother"):
        assert find_identifiers(typed, pseudonyms=[label], lone_given_names=True) == [], (typed, label)


@pytest.mark.django_db
def test_a_family_members_pseudonym_is_written_with_a_curly_apostrophe(world, client_for):
    audit = audit_with_findings(world, child_names={})
    case = audit.audit_cases.get(number=1)
    qa = client_for(world["qa"])
    url = reverse("publications:people", args=[audit.pk])
    page = words_of(qa.get(url).content.decode())
    assert "They will be called ‘Child A’s mother’." in page and "A's" not in page
    response = qa.post(url, {"audit_case": case.pk, "relation": "Mother's partner", "names": "Dale Pryce"})
    assert response.status_code == 302
    page = qa.get(url).content.decode()
    assert "‘Child A’s mother’s partner’ has been added." in words_of(page)
    people = read_tables(page)["People of the audit’s cases"]
    assert people.cell("Child A’s mother’s partner", "Names held") == "1"
    # The same person again, typed with the other apostrophe: the same pseudonym, refused.
    page = words_of(
        qa.post(url, {"audit_case": case.pk, "relation": "mother’s  partner", "names": ""}).content.decode()
    )
    assert "There is already a pseudonym ‘Child A’s mother’s partner’ in this audit" in page
    assert Pseudonym.objects.filter(audit=audit, relation__startswith="mother").count() == 1


@pytest.mark.django_db
def test_the_labels_maca_wrote_with_a_straight_apostrophe_are_made_curly(world):
    audit = audit_with_findings(world, child_names={})
    case = audit.audit_cases.get(number=1)
    mother = family_member_add(actor=world["qa"].user, audit=audit, audit_case=case, relation="mother", names=[])
    partner = family_member_add(
        actor=world["qa"].user, audit=audit, audit_case=case, relation="mother's partner", names=[]
    )
    # As they were stored before: maca's apostrophe straight, the relation as it was typed.
    Pseudonym.objects.filter(pk=mother.pk).update(label="Child A's mother")
    Pseudonym.objects.filter(pk=partner.pk).update(label="Child A's mother's partner", relation="mother's partner")
    child = Pseudonym.objects.get(audit=audit, audit_case=case, relation="")
    migration = importlib.import_module("maca.publications.migrations.0005_curly_apostrophes_in_family_labels")
    migration.curly(apps, None)
    labels = dict(Pseudonym.objects.filter(audit=audit, audit_case=case).values_list("pk", "label"))
    assert labels == {
        child.pk: "Child A",
        mother.pk: "Child A’s mother",
        partner.pk: "Child A’s mother's partner",
    }
    migration.straight(apps, None)
    assert Pseudonym.objects.get(pk=mother.pk).label == "Child A's mother"
