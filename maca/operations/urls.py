from django.urls import path

from maca.operations import views

app_name = "operations"

urlpatterns = [
    path("ready/", views.ready, name="ready"),
    path("manage/schedule/", views.schedule, name="schedule"),
]
