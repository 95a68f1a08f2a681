"""What each role sees first. Each panel says what it is for, and when empty,
what will appear there and when."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from maca.accounts.roles import Role


@dataclass
class Panel:
    title: str
    empty_text: str
    items: list[dict] = field(default_factory=list)
    link: tuple[str, str] | None = None  # (text, href)
    summary: list[dict] = field(default_factory=list)


def _admin_panels(request, membership) -> list[Panel]:
    from maca.accounts.models import Invitation, Membership
    from maca.audit_trail.models import AuditEvent
    from maca.partnerships.models import Agency

    partnership = membership.partnership
    summary = [
        {
            "key": {"text": "Active agencies"},
            "value": {"text": str(Agency.objects.for_partnership(partnership).active().count())},
        },
        {
            "key": {"text": "People with access"},
            "value": {"text": str(Membership.objects.for_partnership(partnership).active().count())},
        },
        {
            "key": {"text": "Invitations waiting"},
            "value": {"text": str(Invitation.objects.pending().filter(partnership=partnership).count())},
        },
    ]
    recent = AuditEvent.objects.for_partnership(partnership)[:5]
    return [
        Panel(
            "Your partnership",
            "",
            summary=summary,
            link=("Manage people", reverse("accounts:members")),
        ),
        Panel(
            "Recent activity",
            "Changes made by anyone in the partnership will appear here.",
            items=[{"text": f"{e.occurred_at:%d/%m/%Y %H:%M} – {e.actor_label}: {e.action}"} for e in recent],
            link=("See the audit log", reverse("audit_trail:events")),
        ),
    ]


def home_panels(request, membership) -> list[Panel]:
    role = membership.role
    if role == Role.PARTNERSHIP_ADMIN:
        return _admin_panels(request, membership)
    if role == Role.QA_OFFICER:
        return [
            Panel("Audits in progress", "Audits planned for this year will appear here, with their stage."),
            Panel("Returns to review", "Agency returns waiting for you to accept or send back will appear here."),
        ]
    if role == Role.AGENCY_LEAD:
        agency = membership.agency.name
        return [
            Panel(
                f"Cases assigned to {agency}",
                f"Cases selected for an audit that involve {agency} will appear here, with their deadlines.",
            ),
            Panel(
                "Returns to submit",
                "Returns your auditors have completed, ready for you to check and submit, will appear here.",
            ),
        ]
    if role == Role.AGENCY_AUDITOR:
        return [
            Panel("Your audits", f"Cases you are asked to audit for {membership.agency.name} will appear here."),
        ]
    if role == Role.BOARD_MEMBER:
        return [
            Panel("Audit programme", "This year's themed audits and their progress will appear here."),
            Panel(
                "Published learning",
                "Briefings and reports, once published, will appear here. They never identify a child or family.",
            ),
            Panel("Action plan", "Progress on the actions agreed after audits will appear here."),
        ]
    return [
        Panel(
            "Audits you are scrutinising",
            "Audits the partnership asks you to scrutinise will appear here, read-only, with their evidence.",
        ),
    ]
