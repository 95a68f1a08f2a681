"""The service navigation: each role sees only the sections it may use.

Apps add their sections here as they arrive; the order is the order on screen.
It lives in ``home``, at the top of the dependency order, because it names a
section of every app.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from maca.accounts.roles import Capability


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    capabilities: tuple[Capability, ...]  # any one of them is enough; empty = every member
    section: str  # URL prefix that marks the item as current
    needs_agency: bool = False  # only for people who belong to an agency
    description: str = ""  # what the section is for, on the Administration page


NAVIGATION: list[NavItem] = [
    NavItem("Home", "home:index", (), "/"),
    NavItem("Programme", "programme:home", (Capability.VIEW_PROGRAMME,), "/programme/"),
    NavItem("Case pool", "pool:index", (Capability.VIEW_ALL_CASES,), "/cases/pool/"),
    NavItem("Returns", "returns:mine", (Capability.EDIT_RETURNS,), "/returns/", needs_agency=True),
    NavItem("Feedback", "findings:feedback_cases", (Capability.RECORD_FEEDBACK,), "/feedback/", needs_agency=True),
    NavItem("Themes", "findings:themes", (Capability.MANAGE_THEMES,), "/themes/"),
    NavItem("Recurrence", "findings:themes_over_years", (Capability.VIEW_FINDINGS,), "/recurrence/"),
    NavItem("Action plan", "actions:plan", (Capability.VIEW_ACTIONS,), "/actions/"),
    NavItem("Publications", "publications:index", (Capability.VIEW_PUBLICATIONS,), "/publications/"),
    NavItem("Case lists", "cases:imports", (Capability.IMPORT_CASES,), "/cases/imports/"),
    NavItem("Audit tools", "tools:index", (Capability.MANAGE_TOOLS,), "/tools/"),
    NavItem(
        "Administration",
        "home:administration",
        (
            Capability.MANAGE_MEMBERS,
            Capability.MANAGE_AGENCIES,
            Capability.VIEW_AUDIT_LOG,
            Capability.MANAGE_RETENTION,
            Capability.VIEW_SENT_EMAIL,
        ),
        "/manage/",
    ),
]

# The partnership's administration: one section of the service navigation
# (the header stays on one line at 1280 px), listed on its own page.
ADMINISTRATION: list[NavItem] = [
    NavItem(
        "People",
        "accounts:members",
        (Capability.MANAGE_MEMBERS,),
        "/manage/people/",
        description="Invite people, change their roles, remove their access.",
    ),
    NavItem(
        "Agencies",
        "partnerships:agencies",
        (Capability.MANAGE_AGENCIES,),
        "/manage/agencies/",
        description=(
            "Add and change the partnership’s agencies and their sub-units, and mark those no longer taking part."
        ),
    ),
    NavItem(
        "Audit log",
        "audit_trail:events",
        (Capability.VIEW_AUDIT_LOG,),
        "/manage/audit-log/",
        description="Who did what, and who viewed case-level data, with filters and downloads.",
    ),
    NavItem(
        "Data retention",
        "retention:settings",
        (Capability.MANAGE_RETENTION,),
        "/manage/data-retention/",
        description="How long each kind of case-level data is kept, and what the daily run has done.",
    ),
    NavItem(
        "E-mails",
        "notifications:emails",
        (Capability.VIEW_SENT_EMAIL,),
        "/manage/emails/",
        description="The e-mails still to send, and those maca has sent, kept while this service keeps e-mail.",
    ),
    NavItem(
        "Schedule",
        "operations:schedule",
        (Capability.VIEW_AUDIT_LOG,),
        "/manage/schedule/",
        description="The daily jobs, the background workers and the queue.",
    ),
]


def navigation_for(request) -> list[dict]:
    return _items_for(request, NAVIGATION)


def administration_for(request) -> list[dict]:
    """The administration sections the person may use, for its page."""
    return _items_for(request, ADMINISTRATION)


def _items_for(request, navigation: list[NavItem]) -> list[dict]:
    membership = getattr(request, "membership", None)
    if membership is None:
        return []
    path = request.path
    items = []
    for item in navigation:
        if item.capabilities and not any(membership.can(c) for c in item.capabilities):
            continue
        if item.needs_agency and not membership.agency_id:
            continue
        if item.url_name == "notifications:emails":
            from maca.notifications.services import stores_email

            if not stores_email():
                continue
        current = path == "/" if item.section == "/" else path.startswith(item.section)
        items.append(
            {"text": item.label, "href": reverse(item.url_name), "current": current, "description": item.description}
        )
    return items
