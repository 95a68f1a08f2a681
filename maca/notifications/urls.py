from django.urls import path

from maca.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.emails, name="emails"),
    path("<int:pk>/", views.email, name="email"),
    path("outgoing/<int:pk>/retry/", views.retry, name="retry"),
]
