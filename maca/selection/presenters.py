"""Selections as GOV.UK component parameters."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from maca.cases.dimensions import AGE_BANDS, age_band, dimensions
from maca.cases.models import Flag, ServiceLevel
from maca.core.exports import Table
from maca.core.presenters import and_list, counted, date_time, long_date, short_date, written
from maca.partnerships.presenters import agency_name
from maca.programme.models import Stage, returns_called, year_label
from maca.selection import extensions

AGE_LABELS = dict(AGE_BANDS)
NOT_RECORDED = "Not recorded"


def _children_summary(case, on: dt.date) -> str:
    if case.from_past_audit:
        # Brought in with a past audit's record: its children were never in a case list.
        return NOT_RECORDED
    children = list(case.children.all())
    bands = sorted((age_band(c.birth_month, on) for c in children), key=lambda b: [k for k, _ in AGE_BANDS].index(b))
    return f"{len(children)}: " + ", ".join(AGE_LABELS[b] for b in bands) if children else "0"


def auditing_named(assignment, *, withdrawn: set[int] | frozenset[int], kind: str) -> str:
    """An agency auditing a case, as the audit's cases and a case's agencies
    list it: by its name ("Testshire Police"); one whose return was withdrawn
    while it still has the case (made in error, say: ``extensions.
    withdrawn_assignments``) says so, in the returns' word: "Testshire Police
    (return withdrawn)", a deep dive's "(summative report withdrawn)"."""
    name = agency_name(assignment.agency)
    if assignment.pk not in withdrawn:
        return name
    return f"{name} ({returns_called(kind, 1)} {extensions.withdrawn_word().lower()})"


def withdrawn_of(audit, audit_cases) -> set[int]:
    """Which of the cases' current assignments have their return withdrawn
    (``extensions.withdrawn_assignments``): one query, however many cases."""
    assignments = []
    for ac in audit_cases:
        ac.audit = audit  # the one audit, for every case: read once
        assignments.extend(ac.current_assignments)
    return extensions.withdrawn_assignments(assignments)


def audit_cases_table(
    audit_cases, *, can_select: bool, on: dt.date, withdrawn: set[int] | frozenset[int] = frozenset(), kind: str = ""
) -> dict:
    """``withdrawn``: the assignments whose return was withdrawn (:func:`withdrawn_of`)."""
    rows = []
    for ac in audit_cases:
        case = ac.case
        agencies = ", ".join(auditing_named(a, withdrawn=withdrawn, kind=kind) for a in ac.current_assignments) or (
            NOT_RECORDED if case.from_past_audit else "None yet"
        )
        actions = ""
        if can_select:
            actions = format_html(
                '<a class="govuk-link" href="{}">Agencies<span class="govuk-visually-hidden"> for case {}</span></a>',
                reverse("selection:case_agencies", args=[ac.audit_id, ac.pk]),
                ac.number,
            )
        row = [
            {"text": f"Case {ac.number}"},
            {
                "html": format_html(
                    '<a class="govuk-link" href="{}">{}</a>', reverse("pool:case", args=[case.pk]), case.reference
                )
            },
            {"text": _children_summary(case, on)},
            {"text": ServiceLevel(case.service_level).label},
            {"text": ac.get_source_display()},
            {"text": agencies},
        ]
        # Only those who may still change the agencies have a link (and a column for it).
        if can_select:
            row.append({"html": actions})
        rows.append(row)
    head = [
        {"text": "Case"},
        {"text": "Reference"},
        {"text": "Children (ages)"},
        {"text": "Level of service"},
        {"text": "Chosen by"},
        {"text": "Agencies auditing"},
    ]
    if can_select:
        head.append({"html": '<span class="govuk-visually-hidden">Actions</span>'})
    return {
        "caption": "Selected cases",
        "captionClasses": "govuk-visually-hidden",
        "head": head,
        "rows": rows,
        "classes": "maca-table--compact",
    }


def _pct(share: float) -> str:
    return f"{share * 100:.0f}%"


def _difference(deviation: float) -> float:
    """To one decimal place, with no sign on nothing: a difference of 0.04
    either way is 0.0, never "-0.0" or "+0.0"."""
    rounded = round(deviation, 1)
    return 0.0 if rounded == 0 else rounded


def _difference_text(deviation: float | None) -> str:
    if deviation is None:
        return "–"
    rounded = _difference(deviation)
    return "0.0" if rounded == 0 else f"{rounded:+.1f}"


def balance_tables(balance: list[list[dict]], balanced: list[str]) -> list[dict]:
    """One table per dimension: pool against sample (targets for balanced ones)."""
    tables: list[dict] = []
    for rows in balance:
        if not rows:
            continue
        key = rows[0]["dimension"]
        body = []
        for row in rows:
            target, deviation = row.get("target"), row.get("deviation")
            body.append(
                [
                    {"text": row["label"]},
                    {"text": f"{row['pool_count']} ({_pct(row['pool_share'])})", "format": "numeric"},
                    {"text": f"{target:.1f}" if target is not None else "–", "format": "numeric"},
                    {"text": f"{row['sample_count']} ({_pct(row['sample_share'])})", "format": "numeric"},
                    {"text": _difference_text(deviation), "format": "numeric"},
                ]
            )
        tables.append(
            {
                "caption": rows[0].get("dimension_label", key) + (" (balanced)" if key in balanced else ""),
                "captionClasses": "govuk-table__caption--s",
                "firstCellIsHeader": True,
                "head": [
                    {"text": "Group"},
                    {"text": "Pool", "format": "numeric"},
                    {"text": "Target", "format": "numeric"},
                    {"text": "Sample", "format": "numeric"},
                    {"text": "Difference", "format": "numeric"},
                ],
                "rows": body,
                "classes": "maca-table--compact",
            }
        )
    return tables


def balance_export_table(draw) -> Table:
    """The draw's balance tables as one: a row per group of each dimension,
    with shares as fractions of 1 (a spreadsheet formats them as it likes)."""
    rows = []
    for dimension_rows in draw.balance:
        for row in dimension_rows:
            key = row["dimension"]
            target, deviation = row.get("target"), row.get("deviation")
            rows.append(
                [
                    row.get("dimension_label", key),
                    key in draw.dimensions,
                    row["label"],
                    row["pool_count"],
                    round(row["pool_share"], 4),
                    round(target, 1) if target is not None else None,
                    row["sample_count"],
                    round(row["sample_share"], 4),
                    _difference(deviation) if deviation is not None else None,
                ]
            )
    return Table(
        "How the sample compares with the pool",
        [
            "Dimension",
            "Balanced",
            "Group",
            "Pool",
            "Pool share",
            "Target",
            "Sample",
            "Sample share",
            "Difference",
        ],
        rows,
        widths=[28, 10, 28, 8, 12, 8, 8, 14, 12],
    )


def stages_named(stages) -> str:
    """Stages as every page names them, from their one definition
    (``programme.models.Stage``): ‘Planned’ or ‘Selecting cases’."""
    return " or ".join(f"‘{Stage(stage).label}’" for stage in stages)


def audits_named(audits) -> str:
    """Audits by title and programme year, each once: ‘Neglect’ (2025–26) and ‘Babies at risk’ (2026–27).
    ``audits``: (title, programme year) pairs."""
    return and_list([f"‘{title}’ ({year_label(year)})" for title, year in dict.fromkeys(audits)])


def flag_names(flags, *, joiner: str = "and") -> str:
    """``Exploitation or Missing episodes``."""
    names = [Flag(flag).label for flag in flags]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {joiner} " + names[-1]


# Draws made before the reason was worded to follow "N cases".
_EXCLUSIONS_SAID = {"no children left in the case list": "with no children left in the case list"}
# Stored with every draw (``services.pool``) for the cases the pool's own
# conditions left out: said in plain words, naming those conditions.
OUTSIDE_THE_POOL = "outside the pool filter"


def pool_conditions(pool_filter: dict) -> list[str]:
    """The pool's conditions, as the draw page names them: "open in the last
    12 months", "levels: Child protection", "localities: North"."""
    conditions = []
    if pool_filter.get("open_within_months"):
        conditions.append(f"open in the last {pool_filter['open_within_months']} months")
    if pool_filter.get("service_levels"):
        conditions.append("levels: " + ", ".join(ServiceLevel(v).label for v in pool_filter["service_levels"]))
    if pool_filter.get("localities"):
        # A case with no locality recorded is offered as "Not recorded" on the form.
        conditions.append("localities: " + ", ".join(name or "Not recorded" for name in pool_filter["localities"]))
    return conditions


def left_out_why(why: str, pool_filter: dict, count: int = 2) -> str:
    """Why ``count`` cases were left out of a draw's pool, as stored with the
    draw ("outside the pool filter"), in the words the page shows after "20 cases"."""
    if why == OUTSIDE_THE_POOL:
        conditions = pool_conditions(pool_filter)
        if not conditions:
            return "not in the pool"
        they = "it" if count == 1 else "they"
        return f"not in the pool: {they} did not meet its conditions ({'; '.join(conditions)})"
    return _EXCLUSIONS_SAID.get(why, why)


def draw_summary(draw) -> list[dict]:
    pool_filter = draw.pool_filter or {}
    filters = pool_conditions(pool_filter)
    if pool_filter.get("flags"):
        filters.append("only cases flagged " + flag_names(pool_filter["flags"], joiner="or"))
    exclusions = (
        "; ".join(
            f"{count:,} case{'' if count == 1 else 's'} {left_out_why(why, pool_filter, count)}"
            for why, count in (draw.exclusions or {}).items()
            if count
        )
        or "None"
    )
    labels = {key: dim.label for key, dim in dimensions().items()}
    return [
        {
            "key": {"text": "Drawn"},
            "value": {
                "text": f"{date_time(draw.drawn_at)} by "
                f"{draw.drawn_by.full_name if draw.drawn_by else 'the command line'}"
            },
        },
        {"key": {"text": "Seed"}, "value": {"text": str(draw.seed)}},
        {"key": {"text": "Sample size"}, "value": {"text": str(draw.size)}},
        {
            "key": {"text": "Balanced on"},
            "value": {"text": ", ".join(labels.get(d, d) for d in draw.dimensions) or "Nothing: simple random sample"},
        },
        {"key": {"text": "Allocation"}, "value": {"text": draw.get_allocation_display()}},
        {
            "key": {"text": "Pool"},
            "value": {"text": f"{draw.pool_size} eligible cases" + (f" ({'; '.join(filters)})" if filters else "")},
        },
        {"key": {"text": "Left out"}, "value": {"text": exclusions}},
        {"key": {"text": "Status"}, "value": {"text": "Replaced by a later draw" if draw.superseded_at else "Current"}},
    ]


def draw_made(draw, in_audit: int) -> str:
    """What the QA officer is told after drawing: the cases drawn at random,
    and the whole sample when nominated cases are in it too (``in_audit``:
    the audit's cases now, as the case list counts them)."""
    drawn = len(draw.selected_case_ids)
    said = f"{counted(drawn, 'case')} drawn at random with seed {draw.seed}."
    others = in_audit - drawn
    if others > 0:
        said += f" With {counted(others, 'nominated case')}, the audit has {counted(in_audit, 'case')}."
    return said


def drawn_cases_said(now: dict[str, int]) -> str:
    """What became of a draw's cases since (``selectors.drawn_cases_now``),
    after "The current draw picked 20 cases at random": nothing when all of
    them are still in the sample as drawn."""
    as_drawn, nominated, taken_out = now["as_drawn"], now["nominated"], now["taken_out"]
    if not nominated and not taken_out:
        return ""
    still = "None" if not as_drawn else f"{as_drawn:,}"
    said = [f"{still} of them {'is' if as_drawn < 2 else 'are'} still in the sample as drawn."]
    if nominated:
        said.append(
            f"{nominated:,} {'was' if nominated == 1 else 'were'} later nominated as well, so "
            + ("it now counts as a nominated case." if nominated == 1 else "they now count as nominated cases.")
        )
    if taken_out:
        said.append(f"{taken_out:,} {'was' if taken_out == 1 else 'were'} taken out of the audit.")
    return " ".join(said)


def taken_out(audit_case, *, renumbered: bool) -> str:
    """What the cases page says once a case is taken out: the case by its number
    and reference, since the cases after it have each moved up a number (so
    another case now has the number it had)."""
    said = f"Case {audit_case.number} ({audit_case.case.reference}) has been taken out of the audit."
    if renumbered:
        said += " The cases after it have moved up a number."
    return said


def nomination_reference(nomination) -> str:
    """The case's reference as the case list has it, when the nomination found
    the case; otherwise as it was typed."""
    return nomination.case.reference if nomination.case_id else nomination.case_reference


def nomination_sent(audit, *, actor) -> str:
    """What someone who has nominated a case is told: the audit lead decides
    it (they themself, when they nominated it)."""
    if audit.lead_id and audit.lead_id == actor.pk:
        return "Your nomination has been added. As the audit lead, you decide whether to include it."
    return "Your nomination has been sent to the audit lead."


def nomination_decided(nomination, audit_case=None, *, others_moved: bool = False) -> str:
    """What the audit lead is told once they have decided a nomination;
    ``others_moved``: the cases numbered after it (nominated cases come first)
    have each moved down a number."""
    reference = nomination_reference(nomination)
    if nomination.status == "accepted":
        # Added by accepting it, or drawn before and now kept as nominated.
        added = audit_case is not None and audit_case.added_at >= nomination.decided_at
        if added and audit_case.nomination_id == nomination.pk:
            said = f"{reference} has been added to the audit as case {audit_case.number}."
            if others_moved:
                said += " The cases after it have moved down a number."
            return said
        if audit_case is not None:
            return (
                f"The nomination of {reference} has been accepted: it is already in the audit "
                f"as case {audit_case.number}."
            )
        return f"The nomination of {reference} has been accepted."
    return f"The nomination of {reference} has been declined."


def nomination_decision(nomination) -> str:
    """ "Accepted by Jordan Reeve on 3 December 2026", or "" while it waits."""
    if nomination.status == "pending":
        return ""
    who = nomination.decided_by.full_name if nomination.decided_by_id else "the audit lead"
    when = f" on {long_date(timezone.localtime(nomination.decided_at).date())}" if nomination.decided_at else ""
    return f"{nomination.get_status_display()} by {who}{when}"


def paragraphs(text: str):
    """Typed text as HTML paragraphs (escaped), its line breaks kept."""
    shown = written(text)
    return shown.get("html") or shown["text"]


def nominator(nomination) -> str:
    """Who nominated a case and for which agency: "Chris Hale, Testshire
    Police" (load ``nominator_agency__parent`` with the nomination); the name
    alone for someone of no agency."""
    name = nomination.nominated_by.full_name
    if nomination.nominator_agency_id is None:
        return name
    return f"{name}, {agency_name(nomination.nominator_agency)}"


def nominations_table(nominations, *, can_decide: bool, open_for_decision: bool = True) -> dict:
    """``can_decide``: the audit lead's table, with "Decide" on each nomination
    waiting while the audit still selects its cases (``open_for_decision``);
    an agency lead's has no actions column."""
    rows = []
    for n in nominations:
        # What the audit lead sees of the case list; an agency lead sees what they typed.
        reference = nomination_reference(n) if can_decide else n.case_reference
        status = n.get_status_display()
        if getattr(n, "taken_out", False):
            status = f"{status}; the case was later taken out of the audit"
        decision = written(n.decision_reason) if n.decision_reason else None
        if decision:
            decision["html"] = format_html(
                '<p class="govuk-body govuk-!-margin-bottom-2">{}:</p>{}', status, decision["html"]
            )
        row = [
            {"text": reference},
            written(n.reason),
            {"text": nominator(n)},
            decision or {"text": status},
        ]
        if can_decide:
            action = ""
            if n.status == "pending" and open_for_decision:
                action = format_html(
                    '<a class="govuk-link" href="{}">Decide<span class="govuk-visually-hidden"> on {}</span></a>',
                    reverse("selection:decide_nomination", args=[n.audit_id, n.pk]),
                    reference,
                )
            row.append({"html": action})
        rows.append(row)
    head = [{"text": "Case"}, {"text": "Why"}, {"text": "Nominated by"}, {"text": "Decision"}]
    if can_decide:
        head.append({"html": '<span class="govuk-visually-hidden">Actions</span>'})
    return {
        "caption": "Nominations",
        "captionClasses": "govuk-visually-hidden",
        "head": head,
        "rows": rows,
        "classes": "maca-table--compact",
    }


def my_cases_table(
    assignments,
    *,
    today: dt.date,
    late: set[int] | frozenset[int] = frozenset(),
    withdrawn: set[int] | frozenset[int] = frozenset(),
    submitted_late: dict | None = None,
) -> dict:
    """``late``: the assignments whose return is late. Whether a return is late
    depends on its status, a word of ``returns`` (``maca.returns.figures``),
    which says so through ``extensions.late_assignments`` and writes the date
    of a late one as its own list does; nothing registered, the date alone.
    ``withdrawn``: those whose return was withdrawn (``extensions.
    withdrawn_assignments``): no longer due, they say so in the returns' word.
    ``submitted_late``: ``{pk: first submitted at}`` of those whose return was
    first submitted after its deadline (``extensions.submitted_late_assignments``)."""
    submitted_late = submitted_late or {}
    rows = []
    for a in assignments:
        audit = a.audit_case.audit
        deadline = audit.return_deadline
        # The returns list's words for the same date (``core.presenters.short_date``): a dash if none.
        due = short_date(deadline)
        rows.append(
            [
                {"text": audit.title},
                {"text": f"Case {a.audit_case.number}"},
                {
                    "html": format_html(
                        '<a class="govuk-link" href="{}">{}</a>',
                        reverse("pool:case", args=[a.audit_case.case_id]),
                        a.audit_case.case.reference,
                    )
                },
                {"text": agency_name(a.agency)},
                {"text": extensions.withdrawn_word()}
                if a.pk in withdrawn
                else {"html": extensions.marked_late(deadline)}
                if a.pk in late and deadline
                else {"html": extensions.marked_submitted_late(deadline, submitted_late[a.pk])}
                if a.pk in submitted_late and deadline
                else {"text": due},
            ]
        )
    return {
        "caption": "Cases your agency is auditing",
        "captionClasses": "govuk-visually-hidden",
        "head": [{"text": "Audit"}, {"text": "Case"}, {"text": "Reference"}, {"text": "Agency"}, {"text": "Return by"}],
        "rows": rows,
        "classes": "maca-table--compact",
    }


def leads_told(of_added: list[str], of_removal: list[str], nobody_leads: list[str]) -> str:
    """What the QA officer is told after saving a case's agencies while
    agencies audit, from what was sent: who was e-mailed that the case is now
    on their list, who that it is no longer on it, and which agency added
    nobody in maca leads (so nobody was)."""
    said = ""
    if of_added:
        said += f" {_have(of_added)} been told by e-mail that the case is now on their list."
    if of_removal:
        said += f" {_have(of_removal)} been told by e-mail that the case is no longer on their list."
    if nobody_leads:
        it = "it" if len(nobody_leads) == 1 else "them"
        said += f" Nobody in maca leads {and_list(nobody_leads)}, so no e-mail has gone to {it}: tell {it} yourself."
    return said


def _have(people: list[str]) -> str:
    return f"{and_list(people)} {'has' if len(people) == 1 else 'have'}"


def theme_warning(missing: list[str]) -> str:
    """What a themed audit's draw page says when its sample holds no case of
    its theme (``missing``: the theme's flags no selected case carries)."""
    if not missing:
        return ""
    names = flag_names(missing, joiner="or")
    return (
        f"No case in this sample is flagged {names}, which this audit is about. To audit the cases the theme "
        f"is about, draw again with ‘Only cases flagged’ {names}."
    )
