"""The sign-in check, so that a session that has ended never costs what was typed."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.http import HttpResponse, QueryDict
from django.shortcuts import resolve_url
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme

from maca.core.unsaved import keep_post

SIGN_IN_AGAIN = (
    "Your session had ended, so what you wrote has not been saved yet. Sign in again: nothing you wrote is lost."
)


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware, with two exceptions for a signed-out person:

    - an htmx request (autosave) gets 401 and a short message for the page to
      show, rather than a redirect whose sign-in page htmx would paste into the
      page;
    - a post to a view marked ``keeps_unsaved_post`` is kept for after sign-in
      (``maca.core.unsaved``).
    """

    def handle_no_permission(self, request, view_func):
        # A boosted link is a whole page: htmx follows the redirect like a browser.
        if request.headers.get("HX-Request") == "true" and request.headers.get("HX-Boosted") != "true":
            return self._session_ended(request, view_func)
        if request.method == "POST" and getattr(view_func, "keeps_unsaved_post", False):
            keep_post(request)
            messages.warning(request, SIGN_IN_AGAIN)
        return super().handle_no_permission(request, view_func)

    def _session_ended(self, request, view_func) -> HttpResponse:
        # Back to the page the person is on (htmx names it), not to the endpoint it called.
        page = request.headers.get("HX-Current-URL", "")
        if url_has_allowed_host_and_scheme(page, allowed_hosts={request.get_host()}):
            parts = urlsplit(page)
            page = parts.path + (f"?{parts.query}" if parts.query else "")
        else:
            page = "/"
        query = QueryDict(mutable=True)
        query[REDIRECT_FIELD_NAME] = page
        sign_in = f"{resolve_url(self.get_login_url(view_func))}?{query.urlencode(safe='/')}"
        html = format_html(
            '<p class="govuk-body maca-overdue" role="status">Your session has ended, so nothing more is saved or '
            'shown here. <a class="govuk-link" href="{}">Sign in again</a> to carry on.</p>',
            sign_in,
        )
        return HttpResponse(html, status=401, headers={"Cache-Control": "no-store"})


class MethodNotAllowedPageMiddleware:
    """A page opened at an address only a form posts to (a bookmark, a typed
    address) gets a GOV.UK page saying so, not the browser's blank error:
    Django's ``require_POST`` answers 405 with no body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and request.method == "GET" and not response.content:
            from django.shortcuts import render

            page = render(request, "core/405.html", status=405)
            if response.has_header("Allow"):
                page["Allow"] = response["Allow"]
            return page
        return response
