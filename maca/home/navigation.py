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
    NavItem("People", "accounts:members", (Capability.MANAGE_MEMBERS,), "/manage/people/"),
    NavItem("Agencies", "partnerships:agencies", (Capability.MANAGE_AGENCIES,), "/manage/agencies/"),
    NavItem("Audit log", "audit_trail:events", (Capability.VIEW_AUDIT_LOG,), "/manage/audit-log/"),
    NavItem("Data retention", "retention:settings", (Capability.MANAGE_RETENTION,), "/manage/data-retention/"),
    NavItem("E-mails sent", "notifications:emails", (Capability.VIEW_SENT_EMAIL,), "/manage/emails/"),
    NavItem("Schedule", "operations:schedule", (Capability.VIEW_AUDIT_LOG,), "/manage/schedule/"),
]


def navigation_for(request) -> list[dict]:
    membership = getattr(request, "membership", None)
    if membership is None:
        return []
    path = request.path
    items = []
    for item in NAVIGATION:
        if item.capabilities and not any(membership.can(c) for c in item.capabilities):
            continue
        if item.needs_agency and not membership.agency_id:
            continue
        if item.url_name == "notifications:emails":
            from maca.notifications.services import stores_email

            if not stores_email():
                continue
        current = path == "/" if item.section == "/" else path.startswith(item.section)
        items.append({"text": item.label, "href": reverse(item.url_name), "current": current})
    return items
