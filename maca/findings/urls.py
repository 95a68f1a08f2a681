from django.urls import path  # noqa: F401

from maca.findings.recurrence_urls import urlpatterns as recurrence_urlpatterns

app_name = "findings"

urlpatterns: list = []
urlpatterns += recurrence_urlpatterns
