"""A URL whose view fails, for the error-reporting tests."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path


@login_not_required
def broken(request, token: str):
    raise ValueError(token.upper())  # the message carries what the path carried


urlpatterns = [
    path("broken/<str:token>/", broken, name="broken"),
    path("", include("maca.urls")),
]
