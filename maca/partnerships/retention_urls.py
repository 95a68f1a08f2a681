from django.urls import path

from maca.partnerships import views

app_name = "retention"

urlpatterns = [path("", views.retention_settings, name="settings")]
