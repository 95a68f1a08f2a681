from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.core.opened_in import opened_in_field
from maca.core.presenters import counted, date_time, pagination
from maca.notifications import presenters
from maca.notifications.models import EmailStatus
from maca.notifications.selectors import emails_for, not_sent_for, on_the_way_for, outgoing_for
from maca.notifications.services import email_retry, stores_email


def _require_stored_email():
    if not stores_email():
        # In production messages go to the mail server and are not kept.
        raise Http404("E-mails are not kept in this environment")


def kind_label(kind: str) -> str:
    """An e-mail's kind as words: ``return_sent_back`` -> "Return sent back"."""
    return kind.replace("_", " ").capitalize() if kind else "–"


# The most messages not sent yet listed on the e-mails page; the rest are counted.
NOT_SENT_SHOWN = 50

# Where the retry button sends the person back to.
BACK_TO_EMAILS = "emails"


def _retry_form(request, email) -> str:
    return format_html(
        '<form method="post" action="{}">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">{}'
        '<input type="hidden" name="back" value="{}">'
        '<button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" '
        'data-module="govuk-button">Try again<span class="govuk-visually-hidden"> to send “{}”</span></button>'
        "</form>",
        reverse("notifications:retry", args=[email.pk]),
        get_token(request),
        opened_in_field(request),
        BACK_TO_EMAILS,
        email.subject,
    )


def _not_sent(request) -> dict:
    """The messages the mail server has not taken yet, with their status in
    the words every page uses, and what happens next."""
    from maca.operations import workers
    from maca.operations.models import ProcessKind

    partnership = request.partnership
    emails = list(not_sent_for(partnership)[:NOT_SENT_SHOWN])
    total = not_sent_for(partnership).count() if len(emails) == NOT_SENT_SHOWN else len(emails)
    can_retry = request.membership.can(Capability.SEND_REMINDERS)
    rows = [
        [
            {"text": date_time(e.created_at), "classes": "maca-nowrap"},
            {"text": e.recipients_display},
            {"text": e.subject},
            {"text": kind_label(e.kind)},
            presenters.status_cell(e, why=True),
            {"html": _retry_form(request, e)}
            if can_retry and e.status in (EmailStatus.FAILED, EmailStatus.RETRYING)
            else {"text": ""},
        ]
        for e in emails
    ]
    return {
        "count": counted(total, "e-mail"),
        "total": total,
        "shown": len(emails),
        # Judged on every message waiting, not only the ones listed.
        "no_worker": bool(emails) and on_the_way_for(partnership).exists() and not workers.alive(ProcessKind.WORKER),
        "table": {
            "caption": "E-mails still to send",
            "captionClasses": "govuk-visually-hidden",
            "head": [
                {"text": "Written"},
                {"text": "To"},
                {"text": "Subject"},
                {"text": "Kind"},
                {"text": "Status"},
                {"html": '<span class="govuk-visually-hidden">Action</span>'},
            ],
            "rows": rows,
            "classes": "maca-table--compact",
        },
    }


@require_capability(Capability.VIEW_SENT_EMAIL)
def emails(request):
    _require_stored_email()
    page = Paginator(emails_for(request.partnership), 50).get_page(request.GET.get("page"))
    rows = [
        [
            {"text": date_time(e.sent_at), "classes": "maca-nowrap"},
            {"text": e.recipients_display},
            {
                "html": format_html(
                    '<a class="govuk-link" href="{}">{}</a>', reverse("notifications:email", args=[e.pk]), e.subject
                )
            },
            {"text": kind_label(e.kind)},
        ]
        for e in page.object_list
    ]
    table = {
        "caption": "E-mails sent",
        "captionClasses": "govuk-visually-hidden",
        "head": [{"text": "Sent"}, {"text": "To"}, {"text": "Subject"}, {"text": "Kind"}],
        "rows": rows,
        "classes": "maca-table--compact",
    }
    return render(
        request,
        "notifications/emails.html",
        {
            "table": table,
            "page": page,
            "pagination": pagination(page, request.GET),
            "not_sent": _not_sent(request),
        },
    )


@require_capability(Capability.VIEW_SENT_EMAIL)
def email(request, pk: int):
    _require_stored_email()
    message = get_object_or_404(emails_for(request.partnership), pk=pk)
    summary = [
        {"key": {"text": "Sent"}, "value": {"text": date_time(message.sent_at)}},
        {"key": {"text": "From"}, "value": {"text": message.from_email}},
        {"key": {"text": "To"}, "value": {"text": message.recipients_display}},
        {"key": {"text": "Subject"}, "value": {"text": message.subject}},
    ]
    return render(
        request,
        "notifications/email.html",
        {"message": message, "summary": summary, "back_url": reverse("notifications:emails")},
    )


@require_POST
@require_capability(Capability.SEND_REMINDERS)
def retry(request, pk: int):
    email = get_object_or_404(outgoing_for(request.partnership), pk=pk)
    try:
        email_retry(actor=request.user, email=email)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        # Double quotes: a subject often quotes an audit's title in single ones.
        messages.success(request, f"“{email.subject}” will be tried again now.")
    if request.POST.get("back") == BACK_TO_EMAILS:
        return redirect("notifications:emails")
    return redirect("home:index")
