from django.urls import path

from maca.selection import pool_views

app_name = "pool"

urlpatterns = [
    path("pool/", pool_views.pool, name="index"),
    path("pool/export.<export_format:fmt>", pool_views.pool_export, name="export"),
    path("<int:pk>/", pool_views.case, name="case"),
]
