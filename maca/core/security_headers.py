"""Headers that keep pages out of caches and switch off browser features.

- Pages are never stored by the browser or a proxy: they show case-level data
  and identifiers, and a shared computer's back button or disk cache must not
  show them to the next person. Every page maca renders is marked so (static
  files are served before this middleware and keep their long caching).
- Signing out also asks the browser to drop what it cached from maca.
- ``Permissions-Policy`` denies the browser features maca does not use, so
  that no script, ours or injected, can reach the camera, the microphone,
  the location and the like.
"""

from __future__ import annotations

from django.utils.cache import add_never_cache_headers

# Features maca does not use. Only names Chromium and Firefox recognise: an
# unknown name makes the browser log an error on every page.
DENIED_FEATURES = (
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "clipboard-read",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in DENIED_FEATURES)

SIGN_OUT_URL_NAME = "account_logout"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        response.headers["Pragma"] = "no-cache"  # for HTTP/1.0 caches
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.method == "POST" and _is_sign_out(request):
            response.headers["Clear-Site-Data"] = '"cache"'
        return response


def _is_sign_out(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.view_name == SIGN_OUT_URL_NAME
