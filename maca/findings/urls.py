from django.urls import path

from maca.findings import views
from maca.findings.recurrence_urls import urlpatterns as recurrence_urlpatterns

app_name = "findings"

MEETING = "programme/audits/<int:audit_pk>/meeting/"

urlpatterns = [
    path(MEETING, views.meeting, name="meeting"),
    path(f"{MEETING}edit/", views.meeting_edit, name="meeting_edit"),
    path(f"{MEETING}attendance/", views.attendance, name="attendance"),
    path(f"{MEETING}cases/<int:pk>/", views.case, name="case"),
    path(f"{MEETING}cases/<int:pk>/discussion/", views.discussion, name="discussion"),
    path(f"{MEETING}cases/<int:pk>/take/", views.take, name="take"),
    path(f"{MEETING}cases/<int:pk>/findings/new/", views.finding_new, name="finding_new"),
    path(f"{MEETING}cases/<int:pk>/concerns/new/", views.concern_new, name="concern_new"),
    path(f"{MEETING}findings/new/", views.cross_finding_new, name="cross_finding_new"),
    path(f"{MEETING}findings/take/", views.take_across, name="take_across"),
    path(f"{MEETING}suggest/", views.suggest, name="suggest"),
    path(f"{MEETING}findings/<int:pk>/", views.finding, name="finding"),
    path(f"{MEETING}findings/<int:pk>/edit/", views.finding_edit, name="finding_edit"),
    path(f"{MEETING}findings/<int:pk>/remove/", views.finding_remove, name="finding_remove"),
    path("programme/audits/<int:audit_pk>/findings/", views.audit_findings, name="audit_findings"),
    path("themes/", views.themes, name="themes"),
    path("themes/new/", views.theme_new, name="theme_new"),
    path("themes/<int:pk>/", views.theme_edit, name="theme_edit"),
    path("concerns/", views.concerns, name="concerns"),
    path("concerns/<int:pk>/", views.concern, name="concern"),
    path("feedback/", views.feedback_cases, name="feedback_cases"),
    path("feedback/<int:pk>/", views.feedback_new, name="feedback_new"),
]
urlpatterns += recurrence_urlpatterns
