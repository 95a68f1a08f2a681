"""The QA officer's tracking of an audit's returns as GOV.UK component
parameters: the grid of returns by agency and case, the responses by agency
with their reminders, and who can get an agency a lead."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from maca.core.presenters import NOTHING, date_time
from maca.partnerships.presenters import agency_name
from maca.returns import figures
from maca.returns.presenters import status_tag, submitted_late_note

_SOME_PK = 987654321


def grid_table(grid, *, overdue: bool) -> dict:
    """The response grid turned (ADR 0014): an agency a row, a case a column."""
    head = [{"text": "Agency"}] + [{"text": label} for label in grid.case_labels()]
    # An audit of 60 cases and 12 agencies has 720 cells: each status's tag,
    # and the return's address, are made once and filled in for each cell.
    address = reverse("returns:detail", args=[_SOME_PK]).replace(str(_SOME_PK), "{pk}")
    fragments: dict[tuple[str, bool], str] = {}
    rows = []
    for agency, cells in grid.by_agency():
        # Its download's rows say the same (``exports.grid_tables``): a sub-unit
        # with its agency, as every page names it.
        row = [{"text": agency_name(agency)}]
        for cell in cells:
            if cell is None:
                row.append({"text": NOTHING})
                continue
            came_in = grid.submitted_late(cell)
            key = (
                cell.status,
                grid.is_late(cell),
                timezone.localtime(cell.first_submitted_at).date() if came_in else None,
            )
            if key not in fragments:
                if key[1]:
                    mark = format_html(' <span class="maca-overdue">{}</span>', figures.LATE)
                elif came_in:
                    mark = format_html(
                        ' <span class="maca-overdue">{}</span>', capfirst(submitted_late_note(cell.first_submitted_at))
                    )
                else:
                    mark = ""
                fragments[key] = format_html(
                    '<a class="govuk-link" href="{}">{}</a>{}', address, status_tag(cell.status), mark
                )
            row.append({"html": mark_safe(fragments[key].replace("{pk}", str(cell.pk), 1))})
        rows.append(row)
    return {
        "caption": grid.caption,
        "captionClasses": "govuk-visually-hidden",
        "firstCellIsHeader": True,
        "head": head,
        "rows": rows,
        "classes": "maca-table--compact",
    }


def responses_table(
    grid, *, can_remind: bool, csrf_token: str, opened_in: str, audit_pk: int, unreachable=frozenset()
) -> dict:
    """``unreachable``: ids of the agencies no reminder can reach (no lead):
    they are offered no reminder, but a link to how to get them a lead.
    ``opened_in``: the field naming the partnership the page was opened in
    (``maca.core.opened_in``), in each reminder's form."""
    rows = []
    for response in grid.responses:
        text = response.figure.counted_text
        if response.sub_units:
            text += (
                f" (responses from {len(response.sub_units_responded)} of {len(response.sub_units)} "
                f"{'sub-units' if len(response.sub_units) != 1 else 'sub-unit'})"
            )
        action = ""
        if can_remind and response.outstanding and response.agency.pk in unreachable:
            action = format_html(
                '<a class="govuk-link" href="#unreachable">No lead to remind'
                '<span class="govuk-visually-hidden"> at {}</span></a>',
                response.agency.name,
            )
        elif can_remind and response.outstanding:
            action = format_html(
                '<form method="post" action="{}" class="maca-inline-form">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">{}'
                '<input type="hidden" name="agency" value="{}">'
                '<button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" '
                'data-module="govuk-button">Send a reminder<span class="govuk-visually-hidden"> to {}</span>'
                "</button></form>",
                reverse("returns:remind", args=[audit_pk]),
                csrf_token,
                opened_in,
                response.agency.pk,
                response.agency.name,
            )
        rows.append(
            [
                {"text": response.agency.name},
                {"text": text},
                {
                    "html": format_html('<span class="maca-overdue">{}</span>', response.outstanding)
                    if response.outstanding and grid.overdue
                    else format_html("{}", response.outstanding),
                    "format": "numeric",
                },
                {"html": action},
            ]
        )
    return {
        "caption": "Responses by agency",
        "captionClasses": "govuk-table__caption--m",
        "firstCellIsHeader": True,
        "head": [
            {"text": "Agency"},
            {"text": "Responded"},
            {"text": "Outstanding", "format": "numeric"},
            {"html": '<span class="govuk-visually-hidden">Actions</span>'},
        ],
        "rows": rows,
        "classes": "maca-table--compact",
    }


def _shared_emails(reminders) -> dict:
    """For automatic reminders without an e-mail of their own, the e-mail of
    the same day's reminder to the same agency that carried them: two queries."""
    from maca.notifications.selectors import delivery_of
    from maca.returns.models import Reminder, ReminderKind

    wanted = [r for r in reminders if r.kind != ReminderKind.MANUAL]
    if not wanted:
        return {}
    siblings = list(
        Reminder.objects.filter(
            partnership_id=wanted[0].partnership_id,
            agency_id__in={r.agency_id for r in wanted},
            due_on__in={r.due_on for r in wanted},
        ).exclude(kind=ReminderKind.MANUAL)
    )
    emails = delivery_of(siblings)
    by_day = {(s.agency_id, s.due_on): emails[s.pk] for s in siblings if s.pk in emails}
    return {r.pk: by_day[(r.agency_id, r.due_on)] for r in wanted if (r.agency_id, r.due_on) in by_day}


def reminders_table(reminders) -> dict:
    """Each reminder with its e-mail's progress: never "sent" before the mail server took it."""
    from maca.notifications.presenters import status_cell
    from maca.notifications.selectors import delivery_of

    reminders = list(reminders)
    emails = delivery_of(reminders)
    # The daily job sends an agency's leads one e-mail for all the day's audits,
    # "about" the first of its reminders: the others show that e-mail's progress.
    shared = _shared_emails([r for r in reminders if r.recipients and r.pk not in emails])
    rows = [
        [
            {"text": date_time(r.sent_at), "classes": "maca-nowrap"},
            {"text": agency_name(r.agency)},
            {"text": r.get_kind_display()},
            {"text": str(r.outstanding), "format": "numeric"},
            {"text": ", ".join(r.recipients) or "Nobody: the agency has no lead"},
            status_cell(emails.get(r.pk) or shared.get(r.pk)) if r.recipients else {"text": NOTHING},
        ]
        for r in reminders
    ]
    return {
        "caption": "Reminders",
        "captionClasses": "govuk-table__caption--m",
        "head": [
            {"text": "Made"},
            {"text": "Agency"},
            {"text": "Kind"},
            {"text": "Outstanding", "format": "numeric"},
            {"text": "To"},
            {"text": "E-mail"},
        ],
        "rows": rows,
        "classes": "maca-table--compact",
    }


def lead_fixer(membership, agencies) -> dict:
    """Where someone goes to get an agency a lead: the invitation page for
    those whose role can invite people; for anyone else (a QA officer), an
    e-mail to the partnership's admins, who can. Never a page the person
    cannot open."""
    from urllib.parse import quote

    from maca.accounts.models import Membership
    from maca.accounts.roles import Capability, Role

    names = ", ".join(agency.name for agency in agencies)
    if membership.can(Capability.MANAGE_MEMBERS):
        return {"text": "Invite an agency lead", "href": reverse("accounts:invite"), "who": "you"}
    # Only an admin who can act on the e-mail (``Membership.objects.able_to_act``).
    admins = list(
        Membership.objects.able_to_act()
        .filter(partnership_id=membership.partnership_id, role=Role.PARTNERSHIP_ADMIN)
        .select_related("user")
    )
    if not admins:
        return {"text": "", "href": "", "who": "nobody"}
    subject = quote(f"Please invite an agency lead for {names}")
    body = quote(
        f"No reminder about outstanding returns can reach {names}: there is no agency lead. "
        "Please invite one from People in maca."
    )
    return {
        "text": "E-mail a partnership admin",
        "href": f"mailto:{','.join(a.user.email for a in admins)}?subject={subject}&body={body}",
        "who": " or ".join(a.user.full_name for a in admins),
    }
