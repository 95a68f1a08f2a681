from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.core.presenters import date_time, pagination
from maca.notifications.selectors import emails_for, outgoing_for
from maca.notifications.services import email_retry, stores_email


def _require_stored_email():
    if not stores_email():
        # In production messages go to the mail server and are not kept.
        raise Http404("E-mails are not kept in this environment")


def kind_label(kind: str) -> str:
    """An e-mail's kind as words: ``return_sent_back`` -> "Return sent back"."""
    return kind.replace("_", " ").capitalize() if kind else "–"


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
        {"table": table, "page": page, "pagination": pagination(page, request.GET)},
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
        messages.success(request, f"‘{email.subject}’ will be tried again now.")
    return redirect("home:index")
