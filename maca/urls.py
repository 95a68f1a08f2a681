"""Every URL of the service. Each app has its own ``urls.py``; the permission
matrix test (maca/tests/test_permission_matrix.py) fails if a URL here has no
declared expectation for every persona."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "maca platform administration"
admin.site.site_title = "maca platform administration"
admin.site.index_title = "Platform operators only"

urlpatterns = [
    path("", include("maca.core.urls")),
    path("", include("maca.home.urls")),
    path("", include("maca.operations.urls")),
    path("accounts/", include("maca.accounts.allauth_urls")),
    path("", include("maca.accounts.urls")),
    path("programme/", include("maca.programme.urls")),
    path("cases/", include("maca.selection.pool_urls")),
    path("cases/", include("maca.cases.urls")),
    path("", include("maca.selection.urls")),
    path("", include("maca.returns.urls")),
    path("", include("maca.returns.chronology_urls")),
    path("", include("maca.findings.urls")),
    path("actions/", include("maca.actions.urls")),
    path("", include("maca.publications.urls")),
    path("tools/", include("maca.tools.urls")),
    path("manage/agencies/", include("maca.partnerships.urls")),
    path("manage/audit-log/", include("maca.audit_trail.urls")),
    path("manage/data-retention/", include("maca.partnerships.retention_urls")),
    path("manage/emails/", include("maca.notifications.urls")),
    path("platform-admin/", admin.site.urls),
]

handler403 = "maca.core.views.permission_denied"
handler404 = "maca.core.views.page_not_found"
handler500 = "maca.core.views.server_error"
