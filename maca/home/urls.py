from django.urls import path

from maca.home import views

app_name = "home"

urlpatterns = [
    path("", views.home, name="index"),
    path("manage/", views.administration, name="administration"),
]
