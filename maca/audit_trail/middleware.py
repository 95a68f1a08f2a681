from __future__ import annotations

import uuid

from maca.audit_trail import context
from maca.core.client_ip import client_ip


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = context.set_current(
            context.RequestContext(
                ip_address=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
                # The id the request log gives it (maca.operations.structured_logs), if any.
                request_id=getattr(request, "request_id", "") or uuid.uuid4().hex,
            )
        )
        try:
            return self.get_response(request)
        finally:
            context.reset(token)
