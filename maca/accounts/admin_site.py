"""The platform operators' admin (/platform-admin/).

It has no sign-in of its own: operators sign in through the product's sign-in,
with the same second factor as everyone who can see case-level data, and the
admin opens only to a session that passed that second factor.
"""

from __future__ import annotations

import functools

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from maca.accounts.second_factor import session_passed_second_factor
from maca.core import tenancy


class PlatformAdminSite(admin.AdminSite):
    site_header = "maca platform administration"
    site_title = "maca platform administration"
    index_title = "Platform operators only"

    def has_permission(self, request) -> bool:
        user = request.user
        return user.is_active and user.is_staff and session_passed_second_factor(request)

    def admin_view(self, view, cacheable=False):
        """Operators work across partnerships: on PostgreSQL their admin pages,
        and only theirs, reach every partnership's rows (row-level security).
        A page is rendered there too: the admin answers with a template
        response rendered after the view returns, and what it reads only as
        it renders (the choices of a form's list, the parent agencies offered)
        would otherwise find no rows."""
        inner = super().admin_view(view, cacheable)

        @functools.wraps(inner)
        def across_partnerships(request, *args, **kwargs):
            if not self.has_permission(request):
                return inner(request, *args, **kwargs)
            with tenancy.all_partnerships():
                response = inner(request, *args, **kwargs)
                if callable(getattr(response, "render", None)) and not getattr(response, "is_rendered", True):
                    response.render()
                return response

        return across_partnerships

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request, extra_context=None):
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = reverse("admin:index", current_app=self.name)
        if not request.user.is_authenticated:
            return redirect_to_login(next_url, login_url=reverse("account_login"))
        if self.has_permission(request):
            return redirect(next_url)
        # Signed in, but not a platform operator.
        raise PermissionDenied
