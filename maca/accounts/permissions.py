"""View guards. Roles and capabilities are defined in ``maca.accounts.roles``.

- No current membership (a platform operator, say) or a record outside the
  user's partnership or agency: 404, so nothing is revealed about it.
- A page the user's role may not use: 403, with a page saying so.
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404

from maca.accounts.roles import Capability


def require_capability(*capabilities: Capability):
    """Allow the view to members whose role has any of ``capabilities``."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            membership = getattr(request, "membership", None)
            if membership is None:
                raise Http404("No partnership selected")
            if not any(membership.can(capability) for capability in capabilities):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_capabilities = capabilities
        return wrapped

    return decorator


def require_membership(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if getattr(request, "membership", None) is None:
            raise Http404("No partnership selected")
        return view(request, *args, **kwargs)

    return wrapped
