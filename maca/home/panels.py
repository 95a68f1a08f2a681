"""What each role sees first. Each panel says what it is for, and when empty,
what will appear there and when.

This app is at the top of the dependency order: it reads the programme, the
returns and the partnership's records, and no app imports it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import reverse

from maca.accounts.models import Invitation, Membership
from maca.accounts.roles import Role
from maca.audit_trail.models import AuditEvent
from maca.core.presenters import date_time
from maca.partnerships.models import Agency
from maca.programme.models import Stage
from maca.programme.selectors import audits_for
from maca.publications import panels as publication_panels
from maca.returns.models import Return, ReturnStatus
from maca.returns.presenters import where
from maca.returns.selectors import my_agency_returns


@dataclass
class Panel:
    title: str
    empty_text: str
    items: list[dict] = field(default_factory=list)
    link: tuple[str, str] | None = None  # (text, href)
    summary: list[dict] = field(default_factory=list)


def _admin_panels(request, membership) -> list[Panel]:
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
            items=[{"text": f"{date_time(e.occurred_at)} – {e.actor_label}: {e.action}"} for e in recent],
            link=("See the audit log", reverse("audit_trail:events")),
        ),
    ]


def _audit_items(audits) -> list[dict]:
    return [
        {"text": f"{a.title} – {Stage(a.stage).label}", "href": reverse("programme:audit", args=[a.pk])} for a in audits
    ]


def _programme_panel(membership, title: str) -> Panel:
    audits = audits_for(membership.partnership).live().order_by("planned_meeting_date")[:8]
    return Panel(
        title,
        "Audits planned for this year will appear here, with their stage.",
        items=_audit_items(audits),
        link=("See the whole programme", reverse("programme:home")),
    )


def _returns_panel(membership, title: str, statuses, empty: str) -> Panel:
    returns = my_agency_returns(membership).filter(status__in=statuses)[:10]
    items = [
        {
            "text": f"{r.audit.title}: {where(r)} – {r.get_status_display()}",
            "href": reverse("returns:detail", args=[r.pk]),
        }
        for r in returns
    ]
    return Panel(title, empty, items=items, link=("All your agency's returns", reverse("returns:mine")))


def _to_review_panel(membership) -> Panel:
    waiting = (
        Return.objects.for_partnership(membership.partnership)
        .filter(status=ReturnStatus.SUBMITTED)
        .values("audit_id", "audit__title")
        .annotate(n=Count("id"))
        .order_by("audit__title")
    )
    items = [
        {
            "text": f"{row['audit__title']}: {row['n']} return{'s' if row['n'] != 1 else ''} to review",
            "href": reverse("returns:tracking", args=[row["audit_id"]]),
        }
        for row in waiting
    ]
    return Panel(
        "Returns to review", "Agency returns waiting for you to accept or send back will appear here.", items=items
    )


def _approval_panel(membership) -> list[Panel]:
    items = publication_panels.awaiting_approval_items(membership)
    if not items:
        return []
    return [
        Panel("Waiting for your approval", "", items=items, link=("All publications", reverse("publications:index")))
    ]


def home_panels(request, membership) -> list[Panel]:
    return _panels(request, membership) + _approval_panel(membership)


def _panels(request, membership) -> list[Panel]:
    role = membership.role
    if role == Role.PARTNERSHIP_ADMIN:
        return _admin_panels(request, membership)
    if role == Role.QA_OFFICER:
        return [_programme_panel(membership, "Audits in progress"), _to_review_panel(membership)]
    if role == Role.AGENCY_LEAD:
        agency = membership.agency.name
        return [
            _returns_panel(
                membership,
                "Returns to check and submit",
                [ReturnStatus.DRAFT, ReturnStatus.RETURNED],
                "Returns your auditors have started, ready for you to check and submit, will appear here.",
            ),
            _returns_panel(
                membership,
                "Not started yet",
                [ReturnStatus.NOT_STARTED],
                f"Cases selected for an audit that involve {agency} will appear here, with their deadlines.",
            ),
            Panel(
                "Briefings to say how you used",
                f"Briefings published after audits {agency} took part in will appear here, until you say how "
                "your agency used them.",
                items=publication_panels.to_report_items(membership),
            ),
        ]
    if role == Role.AGENCY_AUDITOR:
        return [
            _returns_panel(
                membership,
                "Your audits",
                [ReturnStatus.NOT_STARTED, ReturnStatus.DRAFT, ReturnStatus.RETURNED],
                f"Cases you are asked to audit for {membership.agency.name} will appear here.",
            ),
        ]
    if role == Role.BOARD_MEMBER:
        return [
            _programme_panel(membership, "Audit programme"),
            Panel(
                "Published learning",
                "Briefings and reports, once published, will appear here. They never identify a child or family.",
                items=publication_panels.published_items(membership),
                link=("All publications", reverse("publications:index")),
            ),
            Panel("Action plan", "Progress on the actions agreed after audits will appear here."),
        ]
    scrutinised = audits_for(membership.partnership).filter(scrutineers=membership.user_id)
    return [
        Panel(
            "Audits you are scrutinising",
            "Audits the partnership asks you to scrutinise will appear here, read-only, with their evidence.",
            items=_audit_items(scrutinised),
        ),
    ]
