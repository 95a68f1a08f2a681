from django.urls import path

from maca.returns import chronology_views as views

app_name = "chronology"

urlpatterns = [
    path("returns/<int:return_pk>/chronology/", views.return_chronology, name="return"),
    path("returns/<int:return_pk>/chronology/add/", views.add, name="add"),
    path("returns/<int:return_pk>/chronology/upload/", views.upload, name="upload"),
    path("returns/<int:return_pk>/chronology/<int:pk>/edit/", views.edit, name="edit"),
    path("returns/<int:return_pk>/chronology/<int:pk>/remove/", views.remove, name="remove"),
    path("returns/chronology-template.csv", views.template, name="template"),
    path(
        "programme/audits/<int:audit_pk>/cases/<int:audit_case_pk>/chronology/",
        views.integrated,
        name="integrated",
    ),
]
