from django.urls import path

from maca.partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("", views.agencies, name="agencies"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.edit, name="edit"),
    path("<int:pk>/status/", views.set_status, name="set_status"),
]
