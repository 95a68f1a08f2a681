from django.urls import path

from maca.selection import views

app_name = "selection"

urlpatterns = [
    path("programme/audits/<int:audit_pk>/cases/", views.cases, name="cases"),
    path("programme/audits/<int:audit_pk>/cases/<int:pk>/agencies/", views.case_agencies, name="case_agencies"),
    path("programme/audits/<int:audit_pk>/cases/<int:pk>/remove/", views.remove_case, name="remove_case"),
    path("programme/audits/<int:audit_pk>/draw/", views.draw, name="draw"),
    path("programme/audits/<int:audit_pk>/draws/<int:pk>/", views.draw_detail, name="draw_detail"),
    path(
        "programme/audits/<int:audit_pk>/draws/<int:pk>/export.<export_format:fmt>",
        views.draw_export,
        name="draw_export",
    ),
    path("programme/audits/<int:audit_pk>/nominations/", views.nominations, name="nominations"),
    path("programme/audits/<int:audit_pk>/nominations/new/", views.nominate, name="nominate"),
    path("programme/audits/<int:audit_pk>/nominations/<int:pk>/", views.decide_nomination, name="decide_nomination"),
    path("my-cases/", views.my_cases, name="my_cases"),
]
