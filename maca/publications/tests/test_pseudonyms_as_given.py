"""Pseudonyms as the audit's pages and outputs give them: a relation with no
word in it is refused on its field (a pseudonym is never removed); a case of
ten or more children is numbered Child A1, A2 ... A10, each child's name held
for the pseudonym of its own number; and opening the audit's pseudonyms page
writes nothing: the children not yet given a pseudonym are given theirs by a
button."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.cases.models import Child
from maca.core.fields import seal
from maca.publications import pseudonyms
from maca.publications.document import Document
from maca.publications.models import Pseudonym
from maca.publications.tests.builders import audit_with_findings, six_step_for
from maca.tests.tables import read_tables
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db


def _pseudonyms(page: str) -> list[str]:
    """The pseudonyms the page lists, top to bottom."""
    return [row[0] for row in read_tables(page)["People of the audit’s cases"].rows]


# A relation needs a word ----------------------------------------------------------------------


@pytest.mark.parametrize("relation", ["’", "'", "-", ".", " ‘ ’ "])
def test_a_relation_with_no_word_is_refused_on_its_field(world, client_for, relation):
    audit = audit_with_findings(world, child_names={})
    case = audit.audit_cases.get(number=1)
    url = reverse("publications:people", args=[audit.pk])
    response = client_for(world["qa"]).post(url, {"audit_case": case.pk, "relation": relation, "names": ""})
    assert response.status_code == 200
    page = words_of(response.content.decode())
    assert "There is a problem" in page
    assert "Say who they are to the child, like ‘mother’" in page
    assert not Pseudonym.objects.filter(audit=audit).exclude(relation="").exists()
    assert not AuditEvent.objects.filter(action="pseudonym.created").exists()


def test_a_relation_with_a_word_and_an_apostrophe_is_still_given(world, client_for):
    audit = audit_with_findings(world, child_names={})
    case = audit.audit_cases.get(number=1)
    url = reverse("publications:people", args=[audit.pk])
    response = client_for(world["qa"]).post(url, {"audit_case": case.pk, "relation": "mother's partner", "names": ""})
    assert response.status_code == 302
    page = client_for(world["qa"]).get(url).content.decode()
    assert "Child A’s mother’s partner" in _pseudonyms(page)


# Ten children or more in a case ---------------------------------------------------------------

NAMES = [f"Ember Quillfeather{'ab'[n % 2]}{chr(ord('k') + n)}" for n in range(11)]


def _eleven_children(world):
    """An audit whose case 1 has 11 children, each with a name in the case
    list, given pseudonyms Child A1 to A11 in the order of their references."""
    audit = audit_with_findings(world, child_names={})
    case = audit.audit_cases.get(number=1)
    Pseudonym.objects.filter(audit=audit, audit_case=case).delete()
    first = Child.objects.get(case=case.case)
    Child.objects.filter(pk=first.pk).update(identifiers=seal({"name": NAMES[0]}))
    for n in range(1, 11):
        Child.objects.create(
            partnership=world.partnership,
            case=case.case,
            reference=f"{first.reference}-{n:02d}",
            identifiers=seal({"name": NAMES[n]}),
        )
    pseudonyms.ensure_pseudonyms(actor=world["qa"].user, audit=audit)
    return audit


def test_each_of_eleven_children_is_held_for_the_pseudonym_of_its_own_number(world):
    audit = _eleven_children(world)
    held = pseudonyms.held_names(audit)
    assert [held[name] for name in NAMES] == [f"Child A{n}" for n in range(1, 12)]


def test_eleven_children_are_listed_and_drafted_in_the_order_of_their_numbers(world, client_for):
    audit = _eleven_children(world)
    page = client_for(world["qa"]).get(reverse("publications:people", args=[audit.pk])).content.decode()
    shown = _pseudonyms(page)
    assert shown[:12] == [f"Child A{n}" for n in range(1, 12)] + ["Child B"]
    document = Document.from_json(six_step_for(world, audit).versions.get().document)
    row = document.section("theme").tables[0].rows[0]
    assert row[1] == "Children " + ", ".join(f"A{n}" for n in range(1, 11)) + " and A11"


def test_labels_sort_by_their_numbers_and_letters():
    labels = ["Child AA", "Child A10", "Child B", "Child A2", "Child A1", "Child Z"]
    assert sorted(labels, key=pseudonyms.label_order) == [
        "Child A1",
        "Child A2",
        "Child A10",
        "Child B",
        "Child Z",
        "Child AA",
    ]


# Opening the page writes nothing ------------------------------------------------------------


def test_opening_the_pseudonyms_page_writes_no_pseudonym_and_the_button_gives_them(world, client_for):
    audit = audit_with_findings(world, child_names={})
    Pseudonym.objects.filter(audit=audit).delete()  # as an audit nobody has drafted from yet
    given_before = AuditEvent.objects.filter(action="pseudonyms.given").count()
    qa = client_for(world["qa"])
    url = reverse("publications:people", args=[audit.pk])

    page = words_of(qa.get(url).content.decode())
    assert not Pseudonym.objects.filter(audit=audit).exists()
    assert AuditEvent.objects.filter(action="pseudonyms.given").count() == given_before
    assert "2 children of the audit’s cases have no pseudonym yet: Child A, Child B." in page

    response = qa.post(url, {"give": "1"})
    assert response.status_code == 302
    page = qa.get(url).content.decode()
    assert "2 children have been given a pseudonym." in words_of(page)
    assert "no pseudonym yet" not in words_of(page)
    assert _pseudonyms(page) == ["Child A", "Child B"]
    assert AuditEvent.objects.filter(action="pseudonyms.given").latest("pk").changes == {"added": 2}
