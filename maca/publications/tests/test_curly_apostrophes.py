"""The apostrophes maca writes are curly ("Child A’s mother"), and the safety
check reads people's text whichever apostrophe they typed."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from maca.core.fields import seal
from maca.publications.models import Pseudonym
from maca.publications.pseudonyms import family_label, family_member_add
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


def _kept_as_before(world, audit, case, relation: str, *, label: str = "") -> Pseudonym:
    """A family member's pseudonym as maca stored it before its apostrophes
    were curly: maca's straight, the relation in lower case as it was typed."""
    return Pseudonym.objects.create(
        partnership=world.partnership,
        audit=audit,
        audit_case=case,
        letter="A",
        relation=relation,
        label=label or f"Child A's {relation}",
        names=seal(["Dale Pryce"]),
        created_by=world["qa"].user,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["mother's partner", "Mother’s  partner", "mother‘s partner"])
def test_a_family_member_kept_with_straight_apostrophes_is_not_added_again(world, client_for, typed):
    audit = audit_with_findings(world, child_names={})
    case = audit.audit_cases.get(number=1)
    _kept_as_before(world, audit, case, "mother's partner")
    qa = client_for(world["qa"])
    url = reverse("publications:people", args=[audit.pk])
    page = words_of(qa.post(url, {"audit_case": case.pk, "relation": typed, "names": "Dale Pryce"}).content.decode())
    assert "There is already a pseudonym ‘Child A's mother's partner’ in this audit" in page
    people = read_tables(qa.get(url).content.decode())["People of the audit’s cases"]
    assert [row[0] for row in people.rows if "partner" in row[0]] == ["Child A's mother's partner"]
    with pytest.raises(ValidationError, match="already a pseudonym"):
        family_member_add(actor=world["qa"].user, audit=audit, audit_case=case, relation=typed, names=[])
    assert Pseudonym.objects.filter(audit=audit, relation__contains="partner").count() == 1


def _migration():
    return importlib.import_module("maca.publications.migrations.0006_curly_apostrophes_in_family_labels")


@pytest.mark.django_db
def test_the_labels_maca_wrote_with_straight_apostrophes_are_written_again_as_maca_writes_them(world, client_for):
    audit = audit_with_findings(world, child_names={})
    case = audit.audit_cases.get(number=1)
    mother = _kept_as_before(world, audit, case, "mother")
    partner = _kept_as_before(world, audit, case, "mother's partner")
    # As the first version of this migration left it: maca's apostrophe curly, the relation's not.
    aunt = _kept_as_before(world, audit, case, "aunt's friend", label="Child A’s aunt's friend")
    typed_by_hand = _kept_as_before(world, audit, case, "uncle", label="The uncle's lodger")
    child = Pseudonym.objects.get(audit=audit, audit_case=case, relation="")

    _migration().curly(apps, None)
    kept = {p.pk: (p.label, p.relation) for p in Pseudonym.objects.filter(audit=audit, audit_case=case)}
    assert kept == {
        child.pk: ("Child A", ""),
        mother.pk: ("Child A’s mother", "mother"),
        partner.pk: ("Child A’s mother’s partner", "mother’s partner"),
        aunt.pk: ("Child A’s aunt’s friend", "aunt’s friend"),
        typed_by_hand.pk: ("The uncle's lodger", "uncle"),
    }
    for pk, (label, relation) in kept.items():
        if relation and pk != typed_by_hand.pk:
            assert (label, relation) == (family_label("A", relation), relation), "as maca writes it now"
    page = client_for(world["qa"]).get(reverse("publications:people", args=[audit.pk])).content.decode()
    people = read_tables(page)["People of the audit’s cases"]
    assert "Child A’s mother’s partner" in [row[0] for row in people.rows]
    with pytest.raises(ValidationError, match="‘Child A’s mother’s partner’"):
        family_member_add(actor=world["qa"].user, audit=audit, audit_case=case, relation="mother's partner", names=[])

    _migration().curly(apps, None)  # once more: nothing changes
    assert {p.pk: (p.label, p.relation) for p in Pseudonym.objects.filter(audit=audit, audit_case=case)} == kept
    _migration().straight(apps, None)
    assert Pseudonym.objects.get(pk=mother.pk).label == "Child A's mother"
    partner.refresh_from_db()
    assert (partner.label, partner.relation) == ("Child A's mother's partner", "mother's partner")


@pytest.mark.django_db
def test_a_label_another_pseudonym_already_has_is_left_as_it_was(world):
    audit = audit_with_findings(world, child_names={})
    case = audit.audit_cases.get(number=1)
    old = _kept_as_before(world, audit, case, "mother's partner")
    new = family_member_add(actor=world["qa"].user, audit=audit, audit_case=case, relation="step-father", names=[])
    Pseudonym.objects.filter(pk=new.pk).update(label="Child A’s mother’s partner", relation="mother’s partner")
    _migration().curly(apps, None)
    old.refresh_from_db()
    assert (old.label, old.relation) == ("Child A's mother's partner", "mother's partner")
