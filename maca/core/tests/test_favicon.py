"""``/favicon.ico`` answers with an empty icon the browser keeps, rather than
a 404 in the console beside ``/health/`` or a download (QA walk); it costs no
session and no query, signed in or not."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _fetch(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/favicon.ico")
    return response, len(queries.captured_queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_favicon_is_empty_kept_and_costs_nothing(world, client_for, signed_in):
    client = client_for(world["qa"]) if signed_in else Client()
    response, queries = _fetch(client)
    assert response.status_code == 204
    assert response.content == b""
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "public" in cache_control and "max-age=604800" in cache_control
    assert "no-store" not in cache_control
    assert queries == 0
    assert "Set-Cookie" not in response.headers and not response.cookies


def test_only_the_favicon_is_answered_so(world):
    assert Client().get("/favicon.ico/").status_code != 204
    assert Client().post("/favicon.ico").status_code != 204
