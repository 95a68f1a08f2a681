"""``{% undelivered_email %}``: on a home page, the messages that could not be
sent, for the people who can send them again (QA officers and partnership
admins)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from maca.accounts.roles import Capability
from maca.notifications import presenters
from maca.notifications.selectors import undelivered_for

register = template.Library()

SHOWN = 10


@register.inclusion_tag("notifications/includes/undelivered.html", takes_context=True)
def undelivered_email(context) -> dict:
    request = context.get("request")
    membership = getattr(request, "membership", None)
    if membership is None or not membership.can(Capability.SEND_REMINDERS):
        return {"emails": []}
    emails = list(undelivered_for(membership.partnership)[: SHOWN + 1])
    return {
        "emails": [
            {
                "email": email,
                "tag": presenters.status_tag(email),
                "when": presenters.last_tried(email),
                "button": {
                    "html": format_html(
                        'Try again<span class="govuk-visually-hidden"> to send “{}”</span>', email.subject
                    ),
                    "type": "submit",
                    "classes": "govuk-button--secondary govuk-!-margin-bottom-0",
                },
            }
            for email in emails[:SHOWN]
        ],
        "more": len(emails) > SHOWN,
        "csrf_token": context.get("csrf_token"),
        # The tag's own context: its forms name the partnership from the request.
        "request": request,
    }
