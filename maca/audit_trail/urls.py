from django.urls import path

from maca.audit_trail import views

app_name = "audit_trail"

urlpatterns = [
    path("", views.events, name="events"),
    path("export.<export_format:fmt>", views.events_export, name="events_export"),
    path("<int:pk>/", views.event, name="event"),
]
