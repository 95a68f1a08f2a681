"""Reading the action plan, always through what the person may see
(``maca.actions.access``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Min, OuterRef, Q, Subquery

from maca.accounts.models import Membership
from maca.accounts.roles import AGENCY_ROLES, Role
from maca.actions.access import visible_actions
from maca.actions.dates import business_year_bounds, business_year_of, last_quarter_start
from maca.actions.models import Action, ActionEvent, ActionStatus, ActionTheme, EventKind, Evidence
from maca.actions.rag import AMBER, RAGS, RED, overdue_q, rag_case, rag_q
from maca.audit_trail.selectors import changed_since_by
from maca.partnerships.models import Agency
from maca.partnerships.presenters import agency_name
from maca.programme.models import Audit

# Every change that moves an action's version on is one of these, logged once
# on it, in the same transaction (``actions.services``).
VERSION_MOVES = (
    "action.due_date_moved",
    "action.progress_posted",
    "action.sign_off_requested",
    "action.signed_off",
    "action.sent_back",
    "action.reopened",
    "action.cancelled",
    "action.owner_changed",
)


def action_changed_since_by(action, version: int) -> set:
    """Who changed ``action`` after ``version`` (``audit_trail.selectors.changed_since_by``)."""
    return changed_since_by(action, version, VERSION_MOVES)


def plan_rows(qs, today: dt.date):
    """The actions as the plan lists them: with their RAG, owner, agency and audit."""
    return (
        qs.select_related("owner_agency__parent", "owner", "audit")
        .annotate(rag=rag_case(today))
        .order_by("due_on", "number")
    )


def filter_plan(qs, filters: dict, today: dt.date):
    if filters.get("agency"):
        qs = qs.filter(owner_agency_id=filters["agency"])
    if filters.get("audit"):
        qs = qs.filter(audit_id=filters["audit"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("rag"):
        qs = qs.filter(rag_q(filters["rag"], today))
    if filters.get("owner"):
        qs = qs.filter(owner_id=filters["owner"])
    if filters.get("year"):
        first, last = business_year_bounds(filters["year"])
        qs = qs.filter(raised_on__gte=first, raised_on__lte=last)
    if filters.get("theme"):
        qs = qs.filter(pk__in=ActionTheme.objects.filter(theme_id=filters["theme"]).values("action_id"))
    return qs


@dataclass
class FilterChoices:
    agencies: list
    audits: list
    owners: list
    years: list
    themes: list


def filter_choices(membership, scope=...) -> FilterChoices:
    partnership_id = membership.partnership_id
    actions = visible_actions(membership) if scope is ... else visible_actions(membership, scope=scope)
    agencies = list(
        Agency.objects.filter(partnership_id=partnership_id, pk__in=actions.values("owner_agency_id")).select_related(
            "parent"
        )
    )
    audits = list(
        Audit.objects.filter(partnership_id=partnership_id, pk__in=actions.values("audit_id")).order_by("title")
    )
    owners = list(actions.order_by("owner__full_name").values_list("owner_id", "owner__full_name").distinct())
    span = actions.aggregate(first=Min("raised_on"), last=Max("raised_on"))
    years = []
    if span["first"]:
        years = list(range(business_year_of(span["last"]), business_year_of(span["first"]) - 1, -1))
    themes = list(
        ActionTheme.objects.filter(partnership_id=partnership_id, action__in=actions.order_by().values("pk"))
        .values_list("theme_id", "theme__name")
        .order_by("theme__position", "theme__name")
        .distinct()
    )
    return FilterChoices(agencies, audits, owners, years, themes)


def action_for(membership, pk: int):
    return visible_actions(membership).select_related(
        "owner_agency__parent", "owner", "audit", "raised_by", "signed_off_by"
    )


def history_of(action: Action) -> list[ActionEvent]:
    events = list(ActionEvent.objects.filter(action=action).select_related("actor").order_by("occurred_at", "id"))
    files = Evidence.objects.filter(event__action=action).defer("content").order_by("uploaded_at", "id")
    by_event: dict[int, list] = {}
    for item in files:
        by_event.setdefault(item.event_id, []).append(item)
    for event in events:
        event.files = by_event.get(event.pk, [])
    return events


def last_status_change(action: Action) -> ActionEvent | None:
    """The latest step of the history that brought the action to its status
    now (its cancelling, its sign-off...), or ``None``."""
    return ActionEvent.objects.filter(action=action, to_status=action.status).order_by("-occurred_at", "-id").first()


def last_send_back(action: Action) -> ActionEvent | None:
    """The QA officer's latest send-back, while the action has not been put
    forward for sign-off again since (``None`` otherwise): what the agency
    was told is still needed."""
    latest = (
        ActionEvent.objects.filter(
            partnership_id=action.partnership_id,
            action=action,
            kind__in=[EventKind.SENT_BACK, EventKind.SIGN_OFF_REQUESTED],
        )
        .select_related("actor")
        .order_by("-occurred_at", "-id")
        .first()
    )
    return latest if latest is not None and latest.kind == EventKind.SENT_BACK else None


def evidence_for(membership, pk: int):
    return Evidence.objects.filter(
        partnership_id=membership.partnership_id, event__action__in=visible_actions(membership)
    ).select_related("event__action")


def owner_choices(partnership_id: int) -> list[Membership]:
    """People who may own an action: the leads and auditors who can act
    (``Membership.objects.able_to_act``: a retired agency's people own nothing
    new, nor does anyone whose account is switched off). The services refuse
    anyone else (``services._check_owner``)."""
    return list(
        Membership.objects.able_to_act()
        .filter(partnership_id=partnership_id, role__in=AGENCY_ROLES)
        .select_related("user", "agency__parent")
        .order_by("agency__name", "user__full_name")
    )


def owner_agencies(people: list[Membership]) -> list[Agency]:
    """The agencies an action can be given to: those with someone to own it
    (``owner_choices``), so no agency is offered with nobody to choose."""
    agencies = {m.agency_id: m.agency for m in people if m.agency_id and m.agency.is_active}
    return sorted(agencies.values(), key=lambda agency: agency.name)


def partnership_audits(partnership_id: int) -> list[Audit]:
    return list(Audit.objects.filter(partnership_id=partnership_id).order_by("-programme__year", "title"))


# The board's summary -----------------------------------------------------------------------

# The longest overdue first; the rest are on the plan filtered by "Red".
OVERDUE_LISTED = 100


@dataclass
class BoardSummary:
    # [(name, {"red": n, "amber": n, "green": n})], one an owner agency, named
    # as every page names it ("Mill Lane Surgery (Testshire Care Board)",
    # ``partnerships.presenters.agency_name``), the board paper too.
    agencies: list
    totals: dict
    overdue: list
    closed_recently: list
    since: dt.date
    overdue_count: int = 0

    @property
    def overdue_not_listed(self) -> int:
        return self.overdue_count - len(self.overdue)


def agency_names(partnership_id: int, actions) -> dict[int, str]:
    """The name of each agency owning one of ``actions``, by its id, as every
    page names it (``partnerships.presenters.agency_name``): one query, of
    the partnership's own agencies (ADR 0005), whatever the number of actions."""
    owners = Agency.objects.filter(
        partnership_id=partnership_id, pk__in=actions.order_by().values("owner_agency_id")
    ).select_related("parent")
    return {agency.pk: agency_name(agency) for agency in owners}


def board_summary(membership, today: dt.date, *, actions=None) -> BoardSummary:
    """The board's figures over ``actions`` (the plan's filtered actions, for a
    board paper), or over every action the person may see. Counted by owner
    agency, each agency its own row whatever it is called."""
    if actions is None:
        actions = visible_actions(membership)
    actions = actions.order_by()
    rows = (
        actions.exclude(status__in=[ActionStatus.CLOSED, ActionStatus.CANCELLED])
        .values("owner_agency_id")
        .annotate(**{rag: Count("id", filter=rag_q(rag, today)) for rag in RAGS})
    )
    names = agency_names(membership.partnership_id, actions)
    agencies = sorted(
        ((names[r["owner_agency_id"]], {rag: r[rag] for rag in RAGS}) for r in rows),
        key=lambda item: item[0].casefold(),
    )
    totals = {rag: sum(counts[rag] for _, counts in agencies) for rag in RAGS}
    overdue_qs = actions.filter(overdue_q(today))
    overdue = list(
        overdue_qs.select_related("owner_agency__parent", "owner", "audit").order_by("due_on", "number")[
            :OVERDUE_LISTED
        ]
    )
    overdue_count = totals[RED]
    since = last_quarter_start(today)
    closed = list(
        actions.filter(status=ActionStatus.CLOSED, closed_on__gte=since, closed_on__lte=today)
        .select_related("owner_agency__parent", "audit")
        .order_by("-closed_on", "number")
    )
    return BoardSummary(agencies, totals, overdue, closed, since, overdue_count)


def needing_you(actions, membership, today: dt.date):
    """Of ``actions``, those that need this person now (``needing``): the home
    page counts them, and an agency's own list shows them when asked."""
    if membership.role in (Role.QA_OFFICER, Role.PARTNERSHIP_ADMIN):
        return actions.filter(status=ActionStatus.AWAITING_SIGN_OFF)
    open_ = Q(status__in=[ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS])
    return actions.filter(open_ & (rag_q(RED, today) | rag_q(AMBER, today) | Q(owner_id=membership.user_id)))


def needing(membership, today: dt.date, limit: int = 8) -> tuple[list, int]:
    """The actions that need this person now, and how many there are: for the QA
    officer and admin, actions awaiting sign-off; for an agency's people, their
    agency's open actions that are red or amber, and every action they own
    that is still open."""
    qs = plan_rows(needing_you(visible_actions(membership), membership, today), today)
    # Why the QA officer sent it back, while that is the last thing that
    # happened to it (``sent_back_reason``; None otherwise).
    latest = ActionEvent.objects.filter(action=OuterRef("pk")).order_by("-occurred_at", "-id")
    rows = list(
        qs.annotate(last_kind=Subquery(latest.values("kind")[:1]), last_note=Subquery(latest.values("note")[:1]))[
            :limit
        ]
    )
    for row in rows:
        row.sent_back_reason = row.last_note if row.last_kind == EventKind.SENT_BACK else None
    return rows, qs.count()


def partnership_audits_qs(partnership_id: int):
    return Audit.objects.filter(partnership_id=partnership_id)


def audit_has_actions(partnership_id: int, audit) -> bool:
    """Whether any action at all was raised from ``audit``, whichever agency
    owns it: one query, answering yes or no and nothing of the actions."""
    return Action.objects.filter(partnership_id=partnership_id, audit=audit).exists()


def theme_choices(partnership_id: int) -> list:
    from maca.findings.models import Theme

    return list(Theme.objects.filter(partnership_id=partnership_id).current().order_by("position", "name"))


def themes_by_pk(partnership_id: int, pks) -> list:
    from maca.findings.models import Theme

    return list(Theme.objects.filter(partnership_id=partnership_id, pk__in=list(pks or [])).order_by("position"))


def reminders_of(action: Action) -> list:
    from maca.actions.models import ActionReminder

    return list(ActionReminder.objects.filter(action=action).order_by("-sent_for", "-id")[:20])
