"""A case list names an agency with the keyboard's apostrophe, dash and spaces
where the agency list has curly ones: the same agency (they look the same on
screen, so nobody could see what to correct)."""

from django.urls import reverse

from maca.cases.models import Case, CaseImport
from maca.cases.tests.factories import COLUMNS, child_row, csv_bytes, upload
from maca.partnerships.models import AgencyKind
from maca.partnerships.tests.factories import AgencyFactory


def test_an_agency_typed_with_a_straight_apostrophe_and_a_hyphen_is_the_agency_of_the_list(world, client_for):
    social_care = AgencyFactory(
        partnership=world.partnership,
        name="Testshire Children’s Social Care – North",
        kind=AgencyKind.CHILDRENS_SOCIAL_CARE,
    )
    client = client_for(world["qa"])
    rows = [
        child_row("F-1", "C-1", Agencies="Testshire Children's  Social Care - north; Testshire Police"),
        child_row("F-2", "C-2", Agencies="testshire children’s social care – North"),
    ]
    client.post(reverse("cases:import_new"), {"file": upload(csv_bytes(rows), "export.csv")})
    case_import = CaseImport.objects.get(partnership=world.partnership)
    response = client.post(reverse("cases:import_mapping", args=[case_import.pk]), COLUMNS)

    page = client.get(response["Location"]).content.decode()
    assert "is not an agency" not in page
    assert "The case list has been imported" in page
    first, second = Case.objects.filter(partnership=world.partnership).order_by("reference")
    assert set(first.agencies.all()) == {social_care, world.police}
    assert list(second.agencies.all()) == [social_care]


def test_an_agency_named_like_another_but_for_its_apostrophe_is_refused(world, admin_client_of):
    AgencyFactory(partnership=world.partnership, name="St Aldric’s Hospital", kind=AgencyKind.ACUTE_HOSPITAL)
    page = admin_client_of.post(
        reverse("partnerships:create"), {"name": "St Aldric's  hospital", "kind": AgencyKind.ACUTE_HOSPITAL}
    ).content.decode()
    assert "An agency with this name already exists in the partnership" in page


def _look_alike_pair(world):
    """Two agencies whose names differ only by the apostrophe, as a partnership
    may hold from before such names were refused (made as old data was)."""
    from maca.partnerships.models import Agency

    straight = AgencyFactory(
        partnership=world.partnership, name="Testshire Early Help", kind=AgencyKind.CHILDRENS_SOCIAL_CARE
    )
    curly = AgencyFactory(
        partnership=world.partnership, name="Testshire Early Help 2", kind=AgencyKind.CHILDRENS_SOCIAL_CARE
    )
    Agency.objects.filter(pk=straight.pk).update(name="Testshire Children's Services")
    Agency.objects.filter(pk=curly.pk).update(name="Testshire Children’s Services")
    straight.refresh_from_db()
    curly.refresh_from_db()
    return straight, curly


def test_each_of_two_look_alike_agencies_is_found_by_its_own_spelling(world, client_for):
    straight, curly = _look_alike_pair(world)
    client = client_for(world["qa"])
    rows = [
        child_row("F-1", "C-1", Agencies="Testshire Children's Services"),
        child_row("F-2", "C-2", Agencies="testshire children’s services"),
    ]
    client.post(reverse("cases:import_new"), {"file": upload(csv_bytes(rows), "export.csv")})
    case_import = CaseImport.objects.get(partnership=world.partnership)
    response = client.post(reverse("cases:import_mapping", args=[case_import.pk]), COLUMNS)

    assert "The case list has been imported" in client.get(response["Location"]).content.decode()
    first, second = Case.objects.filter(partnership=world.partnership).order_by("reference")
    assert list(first.agencies.all()) == [straight]
    assert list(second.agencies.all()) == [curly]


def test_one_of_two_look_alike_agencies_can_still_be_changed(world):
    from maca.partnerships.services import agency_update

    straight, _curly = _look_alike_pair(world)
    agency_update(
        actor=world["admin"].user,
        agency=straight,
        name=straight.name,
        kind=AgencyKind.OTHER,
        parent=None,
        expected_version=straight.version,
    )
    straight.refresh_from_db()
    assert straight.kind == AgencyKind.OTHER
