from django.urls import path

from maca.returns import export_views, progress_views, review_views, views

app_name = "returns"

urlpatterns = [
    path("returns/", views.mine, name="mine"),
    path("returns/<int:pk>/", views.detail, name="detail"),
    path("returns/<int:pk>/edit/", views.edit, name="edit"),
    path("returns/<int:pk>/edit/<int:number>/", views.section, name="section"),
    path("returns/<int:pk>/check/", views.check, name="check"),
    path("returns/<int:pk>/autosave/", views.autosave, name="autosave"),
    path("returns/<int:pk>/merge/", views.merge, name="merge"),
    path("returns/<int:pk>/review/", review_views.review, name="review"),
    path("returns/<int:pk>/withdraw/", review_views.withdraw, name="withdraw"),
    path("returns/<int:pk>/history/", review_views.history, name="history"),
    path("programme/audits/<int:audit_pk>/responses/", review_views.tracking, name="tracking"),
    path("programme/audits/<int:audit_pk>/responses/remind/", review_views.remind, name="remind"),
    path(
        "programme/audits/<int:audit_pk>/responses/export.<export_format:fmt>",
        export_views.tracking_export,
        name="tracking_export",
    ),
    path("programme/audits/<int:audit_pk>/counts/", review_views.summary, name="summary"),
    path(
        "programme/audits/<int:audit_pk>/counts/export.<export_format:fmt>",
        export_views.summary_export,
        name="summary_export",
    ),
    path("programme/<int:year>/progress/", progress_views.year_progress, name="progress"),
]
