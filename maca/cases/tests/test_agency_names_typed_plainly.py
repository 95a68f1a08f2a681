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
