from django.urls import path

from maca.actions import views

app_name = "actions"

urlpatterns = [
    path("", views.plan, name="plan"),
    path("export.<export_format:fmt>", views.plan_export, name="plan_export"),
    path("board-paper.pdf", views.plan_pdf, name="plan_pdf"),
    path("board-paper.docx", views.plan_docx, name="plan_docx"),
    path("mine/", views.mine, name="mine"),
    path("board/", views.board, name="board"),
    path("new/", views.raise_standing, name="raise"),
    path("from-recommendation/<int:pk>/", views.raise_from_recommendation, name="raise_from_recommendation"),
    path("from-finding/<int:pk>/", views.raise_from_finding, name="raise_from_finding"),
    path("audits/<int:audit_pk>/", views.audit, name="audit"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/completed/", views.request_sign_off, name="request_sign_off"),
    path("<int:pk>/sign-off/", views.sign_off, name="sign_off"),
    path("<int:pk>/due-date/", views.move_due_date, name="move_due_date"),
    path("<int:pk>/owner/", views.change_owner, name="change_owner"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
]
