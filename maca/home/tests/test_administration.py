"""The Administration section: one item in the service navigation, whose page
lists the partnership admin's sections (the header stays on one line)."""

import re

from django.urls import reverse


def _navigation(html: str) -> list[str]:
    """The service navigation's labels, as a person reads them."""
    nav = html.partition('class="govuk-service-navigation')[2].partition("</nav>")[0]
    return [" ".join(label.split()) for label in re.findall(r"<a[^>]*>(.*?)</a>", nav, flags=re.S)]


def test_the_admin_reaches_each_administration_section_from_one_page(world, client_for):
    client = client_for(world["admin"])
    navigation = _navigation(client.get(reverse("home:index")).content.decode())
    assert "Administration" in navigation
    assert not {"People", "Agencies", "Audit log", "Data retention", "Schedule"} & set(navigation)
    html = client.get(reverse("home:administration")).content.decode()
    for label, url in [
        ("People", reverse("accounts:members")),
        ("Agencies", reverse("partnerships:agencies")),
        ("Audit log", reverse("audit_trail:events")),
        ("Data retention", reverse("retention:settings")),
        ("Schedule", reverse("operations:schedule")),
    ]:
        assert f'<a class="govuk-link" href="{url}">{label}</a>' in html


def test_roles_without_administration_see_no_such_section(world, client_for):
    for persona in ("qa", "lead", "auditor", "board", "scrutineer"):
        html = client_for(world[persona]).get(reverse("home:index")).content.decode()
        assert "Administration" not in _navigation(html), persona
