"""``/favicon.ico``: an empty answer, kept by the browser for a week.

maca's pages declare an empty icon (``<link rel="icon" href="data:,">``), so
browsers ask for ``/favicon.ico`` only beside what is not a page (``/health/``,
a download): a 404 there put an error in the console. Answered before the
session, the sign-in check and the never-cache headers (``security_headers``),
so it costs no session and no query; there is nothing in it to keep from a
shared computer's cache (the GOV.UK crest is not ours to use)."""

from __future__ import annotations

from django.http import HttpResponse

PATH = "/favicon.ico"
KEPT_FOR = 7 * 24 * 60 * 60


class FaviconMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == PATH and request.method in ("GET", "HEAD"):
            return HttpResponse(status=204, headers={"Cache-Control": f"public, max-age={KEPT_FOR}"})
        return self.get_response(request)
