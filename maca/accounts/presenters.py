"""Display of people and invitations as GOV.UK component parameters."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from maca.core.presenters import date_time, long_date
from maca.partnerships.presenters import agency_name


def _tag(text: str, colour: str) -> str:
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text)


# A person's access, in one word, on the people page and their own page alike.
# The pages' buttons are "Remove access" and "Give access again": the word is theirs.
ACTIVE, DEACTIVATED, CANNOT_SIGN_IN = "Active", "Access removed", "Cannot sign in"


def access_word(membership) -> str:
    """Active; access removed (by "Remove access"); or
    cannot sign in (their access stands, but a platform operator has switched
    off the account, so they cannot use it now)."""
    if not membership.is_active:
        return DEACTIVATED
    return ACTIVE if membership.user.is_active else CANNOT_SIGN_IN


_TAG_COLOUR = {ACTIVE: "green", DEACTIVATED: "grey", CANNOT_SIGN_IN: "orange"}


def members_table(memberships, *, caption: str = "People with access") -> dict:
    rows = []
    for m in memberships:
        name = format_html(
            '<a class="govuk-link" href="{}">{}</a>', reverse("accounts:member", args=[m.pk]), m.user.full_name
        )
        rows.append(
            [
                {"html": name},
                {"text": m.user.email},
                {"text": m.get_role_display()},
                {"text": agency_name(m.agency) if m.agency else "–"},
                {"html": _tag(access_word(m), _TAG_COLOUR[access_word(m)])},
            ]
        )
    return {
        "caption": caption,
        "captionClasses": "govuk-visually-hidden",
        "firstCellIsHeader": False,
        "head": [{"text": "Name"}, {"text": "E-mail"}, {"text": "Role"}, {"text": "Agency"}, {"text": "Status"}],
        "rows": rows,
        "classes": "maca-table--compact",
    }


INVITATIONS_CAPTION = "Invitations not yet accepted"


def _button(url: str, csrf_token: str, opened_in: str, text: str, hidden: str) -> str:
    """A POST button of the table's row; ``hidden`` tells screen readers whose row it is.
    ``opened_in``: the field naming the partnership the page was opened in
    (``maca.core.opened_in``)."""
    return format_html(
        '<form method="post" action="{}" class="maca-inline-form">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">{}'
        '<button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" '
        'data-module="govuk-button">{}<span class="govuk-visually-hidden"> {}</span>'
        "</button></form>",
        url,
        csrf_token,
        opened_in,
        text,
        hidden,
    )


def expiry_day(invitation) -> str:
    """The day the invitation's link stops working, or stopped: "14 December 2026"."""
    return long_date(timezone.localtime(invitation.expires_at).date())


def link_said(invitation) -> str:
    """When the invitation's link stops working, or stopped: "Expires 14 December
    2026"; an expired one tagged "Expired" with the day it did."""
    day = expiry_day(invitation)
    if invitation.status == "expired":
        return format_html("{} on {}", _tag("Expired", "red"), day)
    return f"Expires {day}"


def invitations_table(invitations, csrf_token: str, opened_in: str) -> dict:
    """The invitations waiting to be accepted and those expired
    (``selectors.invitations_not_yet_accepted_for``): when each was sent, when its
    link expires or expired, whether its e-mail went, and a button to send it
    again (a new link) or to withdraw it."""
    from maca.notifications.presenters import status_cell
    from maca.notifications.selectors import delivery_of

    invitations = list(invitations)
    emails = delivery_of(invitations)
    rows = []
    for invitation in invitations:
        actions = format_html(
            "{} {}",
            _button(
                reverse("accounts:resend_invitation", args=[invitation.pk]),
                csrf_token,
                opened_in,
                "Resend invitation",
                f"to {invitation.email}",
            ),
            _button(
                reverse("accounts:revoke_invitation", args=[invitation.pk]),
                csrf_token,
                opened_in,
                "Withdraw",
                f"invitation to {invitation.email}",
            ),
        )
        rows.append(
            [
                {"text": invitation.full_name},
                {"text": invitation.email},
                {"text": invitation.get_role_display()},
                {"text": agency_name(invitation.agency_given) if invitation.agency_given else "–"},
                {"text": long_date(timezone.localtime(invitation.sent_at).date())},
                {"html": link_said(invitation)},
                status_cell(emails.get(invitation.pk)),
                {"html": actions},
            ]
        )
    return {
        "caption": INVITATIONS_CAPTION,
        "captionClasses": "govuk-table__caption--m",
        "head": [
            {"text": "Name"},
            {"text": "E-mail"},
            {"text": "Role"},
            {"text": "Agency"},
            {"text": "Sent"},
            {"text": "Link"},
            {"text": "Invitation e-mail"},
            {"html": '<span class="govuk-visually-hidden">Actions</span>'},
        ],
        "rows": rows,
        "classes": "maca-table--compact",
    }


def membership_summary(membership) -> list[dict]:
    rows = [
        {"key": {"text": "Name"}, "value": {"text": membership.user.full_name}},
        {"key": {"text": "E-mail"}, "value": {"text": membership.user.email}},
        {"key": {"text": "Role"}, "value": {"text": membership.get_role_display()}},
        {"key": {"text": "Agency"}, "value": {"text": agency_name(membership.agency) if membership.agency else "–"}},
        # The form below edits it, so the summary shows it too.
        {"key": {"text": "Job title"}, "value": {"text": membership.job_title or "Not given"}},
        {
            "key": {"text": "Status"},
            "value": {"text": _status_said(membership)},
        },
        {
            "key": {"text": "Last signed in"},
            "value": {"text": date_time(membership.user.last_login) if membership.user.last_login else "Never"},
        },
    ]
    return rows


def _status_said(membership) -> str:
    word = access_word(membership)
    if word == DEACTIVATED:
        return f"{DEACTIVATED}: {membership.deactivation_reason}"
    if word == CANNOT_SIGN_IN:
        return f"{CANNOT_SIGN_IN}: a platform operator has switched off this person’s account"
    return word
