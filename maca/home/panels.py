"""What each role sees first. Each panel says what it is for, and when empty,
what will appear there and when.

This app is at the top of the dependency order: it reads the programme, the
returns and the partnership’s records, and no app imports it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from maca.accounts.models import Invitation, Membership
from maca.accounts.roles import Capability, Role
from maca.audit_trail.models import AuditEvent
from maca.audit_trail.sentences import sentence
from maca.cases import presenters as import_presenters
from maca.cases.models import CaseImport, ImportStatus
from maca.core.presenters import date_time, long_date
from maca.findings.selectors import feedback_cases_for, feedback_given_for, open_concerns_for
from maca.partnerships.models import Agency
from maca.partnerships.presenters import agency_name
from maca.programme.charts import stages_chart
from maca.programme.meeting_day import meeting_ordering
from maca.programme.models import Stage, returns_called, year_label
from maca.programme.selectors import audits_for, programmes_for
from maca.programme.services import business_year
from maca.publications import panels as publication_panels
from maca.returns import figures
from maca.returns.access import EDITING_STAGES, awaiting_review
from maca.returns.models import Return, ReturnStatus
from maca.returns.presenters import where
from maca.returns.reminders import unreachable_for
from maca.returns.selectors import my_agency_returns, send_backs
from maca.selection.presenters import nomination_reference, nominator
from maca.selection.selectors import nominations_to_decide


@dataclass
class Panel:
    title: str
    empty_text: str
    items: list[dict] = field(default_factory=list)
    link: tuple[str, str] | None = None  # (text, href)
    summary: list[dict] = field(default_factory=list)
    chart: object | None = None  # a maca.core.charts chart, drawn above the items


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
    recent = AuditEvent.objects.for_partnership(partnership).select_related("actor")[:5]
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
            items=[{"text": f"{date_time(e.occurred_at)}: {sentence(e)}"} for e in recent],
            link=("See the audit log", reverse("audit_trail:events")),
        ),
    ]


def _audit_items(audits, *, with_year: bool = False) -> list[dict]:
    """Each audit, its stage and a link to it; ``with_year`` names its
    programme's year too ("Neglect (2025–26) – Agencies auditing"), where the
    list holds audits of several years."""
    return [
        {
            "text": f"{a.title}{f' ({a.programme.label})' if with_year else ''} – {Stage(a.stage).label}",
            "href": reverse("programme:audit", args=[a.pk]),
        }
        for a in audits
    ]


def _programme_panel(membership, title: str) -> Panel:
    # Soonest meeting first, by the day each shows (held once recorded, else
    # planned: ``meeting_day.meeting_ordering``, in the database so the eight
    # taken are the soonest); audits with no meeting date yet after them (on
    # every database), then by title, so the eight shown are the same each time.
    # Live audits of any year: each says its programme's year, so last year's
    # audit still running does not read as this year's.
    audits = audits_for(membership.partnership).live().order_by(*meeting_ordering())[:8]
    return Panel(
        title,
        "Audits planned for this year will appear here, with their stage.",
        items=_audit_items(audits, with_year=True),
        link=("See the whole programme", reverse("programme:home")),
    )


def _due(return_record, today: dt.date) -> str:
    """When the return is due, and whether it is late, as ``returns.figures`` says."""
    deadline = return_record.audit.return_deadline
    if deadline is None:
        return ""
    late = figures.return_is_late(return_record, today)
    return f"{figures.LATE}: due {_day(deadline)}" if late else f"Due {_day(deadline)}"


# How many of the QA officer's words a home page shows of a send-back's
# comment: the rest is read on the return, which the item links to.
COMMENT_WORDS = 30


def _with_send_back_comment(returns):
    """``returns`` each with ``comment``: its latest send-back's, for those sent back."""
    return returns.annotate(
        comment=Subquery(
            send_backs().filter(return_record=OuterRef("pk")).order_by("-occurred_at", "-id").values("comment")[:1]
        )
    )


def _send_back_comment(return_record) -> str:
    """What a return sent back shows on the home page of those who put it
    right (the agency lead's and the auditor's alike): the QA officer's
    comment, or its opening words. ``""`` for a return not sent back."""
    if return_record.status != ReturnStatus.RETURNED:
        return ""
    comment = Truncator(" ".join((return_record.comment or "").split())).words(COMMENT_WORDS, truncate="…")
    return f"The QA officer’s comment: {comment or 'none given'}"


def _detail(*parts: str) -> str:
    """An item's detail: its due date, then what else it says, as sentences."""
    return ". ".join(part for part in parts if part)


def _whose(return_record, membership) -> str:
    """The sub-unit a return is for, after its case, as the feedback panel
    names it ("Case 1 (Abbey Lane Surgery (Wyvernshire Integrated Care
    Board))"): a care board's lead has the board's own return and each
    practice's for one case, which would otherwise read the same. Nothing
    for a return of the person's own agency."""
    if return_record.agency_id == membership.agency_id:
        return ""
    return f" ({agency_name(return_record.agency)})"


def _returns_panel(membership, title: str, statuses, empty: str) -> Panel:
    # What is still theirs to do: not returns of audits past their meeting.
    returns = _with_send_back_comment(
        my_agency_returns(membership).filter(status__in=statuses, audit__stage__in=EDITING_STAGES)
    )[:10]
    today = timezone.localdate()
    items = [
        {
            "text": f"{r.audit.title}: {where(r)}{_whose(r, membership)} – {r.get_status_display()}",
            "href": reverse("returns:detail", args=[r.pk]),
            "detail": _detail(_due(r, today), _send_back_comment(r)),
        }
        for r in returns
    ]
    return Panel(title, empty, items=items, link=("All your agency’s returns", reverse("returns:mine")))


def _to_review_panel(membership) -> Panel:
    # The rule of the review page (access.can_review): not returns of finished audits.
    waiting = (
        awaiting_review(Return.objects.for_partnership(membership.partnership))
        .values("audit_id", "audit__title", "audit__kind")
        .annotate(n=Count("id"))
        .order_by("audit__title")
    )
    items = [
        {
            # A deep dive's are summative reports (``programme.models.returns_called``).
            "text": f"{row['audit__title']}: {row['n']} {returns_called(row['audit__kind'], row['n'])} to review",
            "href": reverse("returns:tracking", args=[row["audit_id"]]),
        }
        for row in waiting
    ]
    return Panel(
        "Returns to review", "Agency returns waiting for you to accept or send back will appear here.", items=items
    )


def _concerns_panel(membership) -> Panel:
    """Immediate safeguarding concerns waiting for the agency (or, for the QA
    officer, for any agency) to acknowledge: first on the page."""
    concerns = list(open_concerns_for(membership)[:10])
    items = [
        {
            "text": f"Case {c.audit_case.number} of {c.audit.title} – {agency_name(c.agency)}, "
            f"raised {date_time(c.raised_at)}, act by {long_date(c.respond_by)}",
            "href": reverse("findings:concern", args=[c.pk]),
        }
        for c in concerns
    ]
    return Panel(
        "Immediate safeguarding concerns",
        "Concerns found during an audit that need action at once will appear here until they are acknowledged.",
        items=items,
        link=("All immediate concerns", reverse("findings:concerns")),
    )


# The QA officer's and the business unit's work ------------------------------------------------

# Audits whose returns are being collected: what the work panels look at.
COLLECTING = (Stage.AUDITING, Stage.MEETING)
# A list on a home page shows this many, then links to the rest.
SHOWN = 10


def _day(value: dt.date) -> str:
    return f"{value:%-d %B %Y}"


def _days_ago(days: int) -> str:
    return "yesterday" if days == 1 else f"{days} days ago"


def _collecting(membership) -> list:
    return list(audits_for(membership.partnership).filter(stage__in=COLLECTING).order_by("return_deadline", "title"))


def _status_counts(membership, audits) -> dict[int, dict[str, int]]:
    """Live returns by audit and status: one query, however many returns."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        Return.objects.for_partnership(membership.partnership)
        .live()
        .filter(audit_id__in=[a.pk for a in audits])
        .values_list("audit_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for audit_id, status, n in rows:
        counts[audit_id][status] = n
    return counts


def _late_panel(audits, counts, *, today: dt.date) -> Panel:
    items = []
    for audit in audits:
        response = figures.response_of_counts(counts.get(audit.pk, {}), kind=audit.kind)
        if not figures.deadline_passed(audit.return_deadline, today) or not response.outstanding:
            continue
        items.append(
            {
                "text": f"{audit.title}: {response.returns_text}",
                "href": reverse("returns:tracking", args=[audit.pk]),
                "detail": f"{returns_called(audit.kind).capitalize()} were due {_day(audit.return_deadline)}, "
                f"{_days_ago((today - audit.return_deadline).days)}.",
            }
        )
    return Panel(
        "Audits past their deadline",
        "Audits whose return deadline has passed with returns still outstanding will appear here.",
        items=items,
    )


def _sent_back_panel(audits, counts) -> Panel:
    items = []
    for audit in audits:
        n = counts.get(audit.pk, {}).get(ReturnStatus.RETURNED, 0)
        if n:
            items.append(
                {
                    "text": f"{audit.title}: {n} {returns_called(audit.kind, n)} sent back, not yet resubmitted",
                    "href": reverse("returns:tracking", args=[audit.pk]),
                }
            )
    return Panel(
        "Sent back to agencies",
        "Returns you have sent back will appear here until the agency submits them again.",
        items=items,
    )


def _unreachable_panel(membership, audits) -> Panel:
    found = unreachable_for(membership.partnership_id, audits)
    items = [
        {
            "text": f"{agency_name(item.agency)} has no agency lead: {item.outstanding} "
            f"{returns_called(item.audit.kind, item.outstanding)} for {item.audit.title}",
            "href": reverse("returns:tracking", args=[item.audit.pk]) + "#unreachable",
        }
        for item in found
    ]
    return Panel(
        "Agencies no reminder can reach",
        "Agencies with returns outstanding and no agency lead to remind will appear here.",
        items=items,
    )


def _case_lists_panel(membership) -> Panel | None:
    if not membership.can(Capability.IMPORT_CASES):
        return None
    partnership = membership.partnership
    latest = (
        CaseImport.objects.for_partnership(partnership)
        .filter(status=ImportStatus.IMPORTED)
        .order_by("-uploaded_at")
        .values_list("uploaded_at", flat=True)
        .first()
    )
    # Never the stored file (up to tens of megabytes), nor every problem found:
    # the panel says how many, from the summary.
    waiting = (
        CaseImport.objects.for_partnership(partnership)
        .filter(status__in=[ImportStatus.UPLOADED, ImportStatus.QUEUED, ImportStatus.FAILED])
        .defer("content", "errors")
    )
    if latest is not None:
        # A failed list that a later one replaced needs nothing more.
        waiting = waiting.filter(uploaded_at__gt=latest)
    # In the words of the case lists page, which the item links to: its
    # status ("Not imported") and, for a list not imported, how many problems.
    items = [
        {
            "text": f"{i.filename}, uploaded {date_time(i.uploaded_at)}: {import_presenters.short_status(i)}",
            "href": reverse("cases:import_detail", args=[i.pk]),
            "detail": f"{import_presenters.outcome(i)} found" if i.status == ImportStatus.FAILED else "",
        }
        for i in waiting.order_by("-uploaded_at")[:SHOWN]
    ]
    return Panel(
        "Case lists",
        "Case lists that failed to import, or are waiting for their columns or their checks, will appear here.",
        items=items,
        link=("All case lists", reverse("cases:imports")),
    )


def _nominations_panel(membership) -> Panel | None:
    """Cases nominated for an audit, waiting for the audit lead's decision."""
    if not membership.can(Capability.SELECT_CASES):
        return None
    to_decide = nominations_to_decide(membership.partnership)
    waiting = list(to_decide[:SHOWN])
    items = [
        {
            "text": f"Case {nomination_reference(n)} for {n.audit.title}",
            "href": reverse("selection:decide_nomination", args=[n.audit_id, n.pk]),
            "detail": f"Nominated by {nominator(n)}, {date_time(n.nominated_at)}",
        }
        for n in waiting
    ]
    # The oldest are listed: the others are on their audits' nominations pages.
    others = to_decide.count() - len(waiting)
    if others:
        items.append({"text": f"and {others} more, on their audits’ nominations pages"})
    return Panel(
        "Nominations to decide",
        "Cases nominated for an audit will appear here until you accept or decline them.",
        items=items,
    )


def _work_panels(membership) -> list[Panel]:
    """What needs the QA officer’s (or the business unit’s) attention, each with a link to act."""
    today = timezone.localdate()
    audits = _collecting(membership)
    counts = _status_counts(membership, audits)
    panels = [
        _late_panel(audits, counts, today=today),
        _unreachable_panel(membership, audits),
        _to_review_panel(membership),
        _nominations_panel(membership),
        _sent_back_panel(audits, counts),
        _case_lists_panel(membership),
    ]
    return [panel for panel in panels if panel is not None]


# The agency lead's work --------------------------------------------------------------------------


def _lead_panels(membership) -> list[Panel]:
    agency = agency_name(membership.agency)
    mine = reverse("returns:mine")
    # Only returns the agency can still act on: once the audit has moved past
    # its meeting, a return never submitted stays on the agency's returns page,
    # not among the things waiting for the lead.
    base = my_agency_returns(membership).filter(audit__stage__in=EDITING_STAGES)
    counts = dict(base.values_list("status").annotate(n=Count("id")).order_by())

    def listed(statuses):
        return list(base.filter(status__in=statuses)[:SHOWN])

    today = timezone.localdate()

    def item(r) -> dict:
        return {
            "text": f"{r.audit.title}: {where(r)}{_whose(r, membership)}",
            "href": reverse("returns:detail", args=[r.pk]),
            "detail": _detail(_due(r, today), _send_back_comment(r)),
        }

    def more(statuses) -> tuple[str, str] | None:
        total = sum(counts.get(s, 0) for s in statuses)
        return (f"All {total} in your agency’s returns", mine) if total > SHOWN else None

    sent_back = list(_with_send_back_comment(base.filter(status=ReturnStatus.RETURNED))[:SHOWN])
    return [
        Panel(
            "Sent back to you",
            "Returns the QA officer sends back, with what to change, will appear here.",
            items=[item(r) for r in sent_back],
            link=more([ReturnStatus.RETURNED]),
        ),
        Panel(
            "To review and submit",
            "Returns your auditors have started, ready for you to check and submit, will appear here.",
            items=[item(r) for r in listed([ReturnStatus.DRAFT])],
            link=more([ReturnStatus.DRAFT]) or ("All your agency’s returns", mine),
        ),
        Panel(
            "Not started yet",
            f"Cases selected for an audit that involve {agency} will appear here, with their deadlines.",
            items=[item(r) for r in listed([ReturnStatus.NOT_STARTED])],
            link=more([ReturnStatus.NOT_STARTED]),
        ),
    ]


def _feedback_panel(membership) -> Panel:
    """The cases the agency audited whose feedback to practitioners is not
    recorded yet: "Not recorded yet" on the feedback page, the same cases."""
    assignments = list(feedback_cases_for(membership).select_related("audit_case__audit"))
    given = {
        (f.audit_case_id, f.agency_id)
        for f in feedback_given_for(membership, {a.audit_case_id for a in assignments}).only(
            "audit_case_id", "agency_id"
        )
    }
    waiting = [a for a in assignments if (a.audit_case_id, a.agency_id) not in given]
    cases = reverse("findings:feedback_cases")
    return Panel(
        "Feedback to give to practitioners",
        f"After an audit’s meeting, the cases {agency_name(membership.agency)} audited will appear here "
        "until you record the feedback you gave to the practitioners.",
        items=[
            {
                # A parent agency's lead may feed back for several of its
                # practices on one case: each line names the one it is for.
                "text": f"{a.audit_case.audit.title}: Case {a.audit_case.number}"
                + (f" ({agency_name(a.agency)})" if a.agency_id != membership.agency_id else ""),
                "href": reverse("findings:feedback_new", args=[a.pk]),
            }
            for a in waiting[:SHOWN]
        ],
        link=(
            f"All {len(waiting)} cases to feed back on" if len(waiting) > SHOWN else "All cases to feed back on",
            cases,
        ),
    )


# The board's view of the year --------------------------------------------------------------------


def _board_panels(membership) -> list[Panel]:
    year = business_year(timezone.localdate())
    label = year_label(year)
    programme = programmes_for(membership.partnership).filter(year=year).first()
    audits = list(audits_for(membership.partnership).filter(programme=programme)) if programme else []
    counts = _status_counts(membership, audits)
    rates = []
    for audit in audits:
        response = figures.response_of_counts(counts.get(audit.pk, {}), kind=audit.kind)
        if response.total:
            rates.append(
                {
                    "text": f"{audit.title}: {response.returns_text}",
                    "href": reverse("returns:summary", args=[audit.pk]),
                }
            )
    return [
        Panel(
            f"The {label} programme",
            f"Audits planned for {label} will appear here, with their stage.",
            chart=stages_chart(audits, label=label) if audits else None,
            items=_audit_items(audits),
            link=("See the year’s progress as charts and tables", reverse("returns:progress", args=[year])),
        ),
        Panel(
            "Response rates",
            "Once agencies are asked for their returns, the share of each audit’s returns that are in will "
            "appear here, with a link to its counts.",
            items=rates,
        ),
        Panel(
            "Published learning",
            "Briefings and reports, once published, will appear here. They never identify a child or family.",
            items=publication_panels.published_items(membership),
            link=("All publications", reverse("publications:index")),
        ),
    ]


def _actions_panel(membership) -> Panel:
    """The actions that need this person (``actions.selectors.needing`` decides which)."""
    from maca.actions.presenters import action_panel

    return Panel(**action_panel(membership))


def _approval_panel(membership) -> list[Panel]:
    panels = []
    if publication_panels.can_publish(membership):
        # The last step of a publication is the writers': once approved, it waits for them.
        panels.append(
            Panel(
                "Ready to publish",
                "Briefings and reports the approver has approved will appear here, for you to publish.",
                items=publication_panels.ready_to_publish_items(membership),
                link=("All publications", reverse("publications:index")),
            )
        )
    items = publication_panels.awaiting_approval_items(membership)
    if items:
        panels.append(
            Panel(
                "Waiting for your approval", "", items=items, link=("All publications", reverse("publications:index"))
            )
        )
    sent_back = publication_panels.sent_back_items(membership)
    if sent_back:
        panels.append(
            Panel(
                "Publications sent back to draft",
                "",
                items=sent_back,
                link=("All publications", reverse("publications:index")),
            )
        )
    return panels


def home_panels(request, membership) -> list[Panel]:
    return [*_role_panels(request, membership), _actions_panel(membership), *_approval_panel(membership)]


def _role_panels(request, membership) -> list[Panel]:
    role = membership.role
    if role == Role.PARTNERSHIP_ADMIN:
        return _work_panels(membership) + _admin_panels(request, membership)
    if role == Role.QA_OFFICER:
        return [
            *_work_panels(membership),
            _programme_panel(membership, "Audits in progress"),
            _concerns_panel(membership),
        ]
    if role == Role.AGENCY_LEAD:
        return [
            _concerns_panel(membership),
            *_lead_panels(membership),
            _feedback_panel(membership),
            Panel(
                "Briefings to say how you used",
                f"Briefings published after audits {agency_name(membership.agency)} took part in will appear "
                "here, until you say how your agency used them.",
                items=publication_panels.to_report_items(membership),
            ),
        ]
    if role == Role.AGENCY_AUDITOR:
        return [
            _returns_panel(
                membership,
                "Your audits",
                [ReturnStatus.NOT_STARTED, ReturnStatus.DRAFT, ReturnStatus.RETURNED],
                f"Cases you are asked to audit for {agency_name(membership.agency)} will appear here.",
            ),
        ]
    if role == Role.BOARD_MEMBER:
        return _board_panels(membership)
    # Audits of any year: each says its programme's year, as "Audits in progress" does,
    # and in its order: soonest meeting first by the day each shows (held, else
    # planned), audits with no meeting date after them on every database (SQLite
    # would put them first, PostgreSQL last).
    scrutinised = (
        audits_for(membership.partnership).filter(scrutineers=membership.user_id).order_by(*meeting_ordering())
    )
    return [
        Panel(
            "Audits you are scrutinising",
            "Audits the partnership asks you to scrutinise will appear here, read-only, with their evidence.",
            items=_audit_items(scrutinised, with_year=True),
        ),
    ]
