"""Found in a QA walk: a GP practice could be added with no practice group, and
was then offered as the agency others are part of. A GP practice now sits
under its practice group (the care board, as every page names it: "Mill Lane
Surgery (Testshire Care Board)"), and no agency sits under a GP practice. A
practice saved without a group before this rule still opens and saves; its
page says how to put it right."""

from __future__ import annotations

from django.urls import reverse

from maca.partnerships.models import Agency, AgencyKind
from maca.tests.page import words_shown

NEEDS_A_GROUP = "Select the practice group this GP practice is part of, such as its care board"


def _offered_parents(page: str) -> str:
    return words_shown(page.split('name="parent"', 1)[1].split("</select>", 1)[0])


def _saved_before_the_rule(world) -> Agency:
    """A GP practice with no group, as saved before the rule (not through the service)."""
    return Agency.objects.create(partnership=world.partnership, name="Old Mill Surgery", kind=AgencyKind.GP_PRACTICE)


def test_a_gp_practice_cannot_be_added_without_its_practice_group(world, client_for):
    response = client_for(world["admin"]).post(
        reverse("partnerships:create"), {"name": "Riverside Surgery", "kind": AgencyKind.GP_PRACTICE, "parent": ""}
    )
    assert response.status_code == 200
    words = words_shown(response.content.decode())
    assert words.startswith("Error: Add an agency")
    assert "There is a problem" in words and NEEDS_A_GROUP in words
    assert not Agency.objects.filter(name="Riverside Surgery").exists()


def test_a_gp_practice_is_never_offered_as_the_agency_another_is_part_of(world, client_for):
    _saved_before_the_rule(world)
    client = client_for(world["admin"])
    offered = _offered_parents(client.get(reverse("partnerships:create")).content.decode())
    assert "Testshire Care Board" in offered and "Testshire Police" in offered
    assert "Old Mill Surgery" not in offered and "Mill Lane Surgery" not in offered
    offered = _offered_parents(client.get(reverse("partnerships:edit", args=[world.police.pk])).content.decode())
    assert "Old Mill Surgery" not in offered


def test_an_agency_put_under_a_gp_practice_is_refused_in_plain_words(world, client_for):
    practice = _saved_before_the_rule(world)
    response = client_for(world["admin"]).post(
        reverse("partnerships:create"), {"name": "Branch", "kind": AgencyKind.OTHER, "parent": practice.pk}
    )
    words = words_shown(response.content.decode())
    assert "Select an agency from the list" in words
    assert "valid choice" not in words
    assert not Agency.objects.filter(name="Branch").exists()


def test_a_gp_practice_saved_without_a_group_still_opens_and_saves_and_says_what_to_do(world, client_for):
    practice = _saved_before_the_rule(world)
    client = client_for(world["admin"])
    url = reverse("partnerships:edit", args=[practice.pk])
    words = words_shown(client.get(url).content.decode())
    assert (
        "Old Mill Surgery is a GP practice that is not part of a practice group. "
        "Select its practice group under ‘Part of’, such as its care board, and save." in words
    )

    renamed = client.post(
        url,
        {"name": "Old Mill Health Centre", "kind": AgencyKind.GP_PRACTICE, "parent": "", "version": practice.version},
    )
    assert renamed.status_code == 302
    practice.refresh_from_db()
    assert practice.name == "Old Mill Health Centre" and practice.parent_id is None

    placed = client.post(
        url,
        {
            "name": "Old Mill Health Centre",
            "kind": AgencyKind.GP_PRACTICE,
            "parent": world.health.pk,
            "version": practice.version,
        },
    )
    assert placed.status_code == 302
    practice.refresh_from_db()
    assert practice.parent == world.health
    assert "not part of a practice group" not in words_shown(client.get(url).content.decode())


def test_a_practice_cannot_be_taken_out_of_its_group_nor_an_agency_made_a_practice_without_one(world, client_for):
    client = client_for(world["admin"])
    gp = world.gp_practice
    taken_out = client.post(
        reverse("partnerships:edit", args=[gp.pk]),
        {"name": gp.name, "kind": AgencyKind.GP_PRACTICE, "parent": "", "version": gp.version},
    )
    assert NEEDS_A_GROUP in words_shown(taken_out.content.decode())
    gp.refresh_from_db()
    assert gp.parent == world.health

    police = world.police
    made_a_practice = client.post(
        reverse("partnerships:edit", args=[police.pk]),
        {"name": police.name, "kind": AgencyKind.GP_PRACTICE, "parent": "", "version": police.version},
    )
    assert NEEDS_A_GROUP in words_shown(made_a_practice.content.decode())
    police.refresh_from_db()
    assert police.kind == AgencyKind.POLICE
