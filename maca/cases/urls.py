from django.urls import path

from maca.cases import views

app_name = "cases"

urlpatterns = [
    path("imports/", views.imports, name="imports"),
    path("imports/new/", views.import_new, name="import_new"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/mapping/", views.import_mapping, name="import_mapping"),
    path("imports/<int:pk>/discard/", views.import_discard, name="import_discard"),
]
