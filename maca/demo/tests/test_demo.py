from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from maca.accounts.models import Membership, User
from maca.accounts.roles import Role
from maca.demo.partnership import DEMO_LOGINS, DEMO_PASSWORD, DEMO_TOTP_SECRET
from maca.partnerships.models import Agency, AgencyKind, Partnership


def test_the_demo_is_idempotent_and_has_every_role(db, capsys):
    call_command("demo")
    counts = (Partnership.objects.count(), Agency.objects.count(), User.objects.count(), Membership.objects.count())
    call_command("demo")
    assert counts == (
        Partnership.objects.count(),
        Agency.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )
    wyvernshire = Partnership.objects.get(slug="wyvernshire")
    roles = set(Membership.objects.filter(partnership=wyvernshire).values_list("role", flat=True))
    assert roles == set(Role.values)
    assert (
        Agency.objects.filter(partnership=wyvernshire, kind=AgencyKind.GP_PRACTICE, parent__isnull=False).count() == 10
    )
    assert Agency.objects.filter(partnership=wyvernshire, kind=AgencyKind.HOUSING).count() == 3
    output = capsys.readouterr().out
    assert DEMO_PASSWORD in output and "admin@wyvernshire.example" in output


def test_every_demo_login_reaches_its_own_home_page(db):
    from maca.accounts.tests.factories import totp_code

    call_command("demo")
    for login in {(d.email, d.role) for d in DEMO_LOGINS if d.partnership == "wyvernshire"}:
        client = Client()
        response = client.post(reverse("account_login"), {"login": login[0], "password": DEMO_PASSWORD})
        if response["Location"] == reverse("mfa_authenticate"):
            client.post(reverse("mfa_authenticate"), {"code": totp_code(DEMO_TOTP_SECRET)})
        home = client.get("/")
        assert home.status_code == 200, login
        assert Role(login[1]).label in home.content.decode()


def test_the_demo_has_two_earlier_years_of_audits_whose_themes_recur(db):
    from django.utils import timezone

    from maca.findings.recurrence import recurrence
    from maca.programme.models import Audit, Stage
    from maca.programme.services import business_year

    call_command("demo")
    wyvernshire = Partnership.objects.get(slug="wyvernshire")
    this_year = business_year(timezone.localdate())
    past = Audit.objects.filter(partnership=wyvernshire, stage=Stage.CLOSED)
    assert sorted(past.values_list("programme__year", flat=True)) == [this_year - 2, this_year - 2, this_year - 1]
    recurring = {item.theme.key for item in recurrence(wyvernshire).recurring()}
    assert {"think_family", "information_sharing", "voice_of_child"} <= recurring
    call_command("demo")
    assert Audit.objects.filter(partnership=wyvernshire, stage=Stage.CLOSED).count() == 3


def test_a_demo_loaded_with_straight_apostrophes_is_renamed_not_doubled(db):
    """The demo's names now take the typographic apostrophe (‘Children’s’): a
    database loaded before keeps one agency, renamed, when ``make run`` loads
    the demo again."""
    from maca.demo.partnership import build_demo_partnership
    from maca.partnerships.services import agency_update

    build_demo_partnership()
    agency = Agency.objects.get(name="Wyvernshire Children’s Social Care")
    agency_update(
        actor=None,
        agency=agency,
        name="Wyvernshire Children's Social Care",
        kind=agency.kind,
        parent=agency.parent,
        expected_version=agency.version,
    )
    count = Agency.objects.count()
    build_demo_partnership()
    assert Agency.objects.count() == count
    assert Agency.objects.get(pk=agency.pk).name == "Wyvernshire Children’s Social Care"
