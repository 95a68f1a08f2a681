"""One JSON line per request, with ids and never identifiers or secrets."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client
from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.operations.structured_logs import JsonFormatter


class Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.lines: list[dict] = []

    def emit(self, record):
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def request_log():
    handler = Collect()
    logger = logging.getLogger("maca.request")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler.lines
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_a_request_is_one_json_line_with_its_ids_and_no_identifiers(world, client_for, request_log):
    admin = world["admin"]
    response = client_for(admin).get(reverse("accounts:member", args=[world["board"].membership.pk]))
    assert response.status_code == 200
    [line] = request_log
    assert line["request_id"] == response["X-Request-ID"]
    assert line["user_id"] == admin.user.pk and line["partnership_id"] == world.partnership.pk
    assert line["route"] == "/manage/people/<int:pk>/" and line["view"] == "accounts:member"
    assert line["status"] == 200 and line["method"] == "GET" and line["duration_ms"] >= 0
    text = json.dumps(line)
    assert admin.user.email not in text and "Bea" not in text and "Asha" not in text


def test_a_secret_in_a_path_never_reaches_the_log(db, request_log, caplog):
    Client().get(reverse("accounts:accept_invitation", args=["a-secret-token-value"]))
    assert request_log[0]["route"] == "/invitations/<str:token>/"
    assert "a-secret-token-value" not in json.dumps(request_log)
    assert "a-secret-token-value" not in caplog.text


def test_the_proxys_request_id_is_kept_and_the_audit_log_carries_it(world, client_for, request_log):
    client = client_for(world["qa"])
    client.post(reverse("notifications:retry", args=[999999]), HTTP_X_REQUEST_ID="proxy-id-12345678")
    assert request_log[0]["request_id"] == "proxy-id-12345678"
    # An id that does not look like one is replaced, not trusted.
    response = client.get(reverse("home:index"), HTTP_X_REQUEST_ID="<script>")
    assert response["X-Request-ID"] != "<script>" and len(response["X-Request-ID"]) == 32
    from maca.notifications.tests.factories import undelivered_email

    email = undelivered_email(partnership=world.partnership)
    client.post(reverse("notifications:retry", args=[email.pk]), HTTP_X_REQUEST_ID="proxy-id-87654321")
    assert AuditEvent.objects.get(action="email.retried").request_id == "proxy-id-87654321"


def test_an_error_is_logged_as_its_kind_and_where_never_its_message():
    try:
        raise ValueError("NHS number " + "-".join(["943", "476", "5919"]))
    except ValueError:
        record = logging.LogRecord("maca", logging.ERROR, __file__, 1, "Import stopped", (), None)
        import sys

        record.exc_info = sys.exc_info()
    line = json.loads(JsonFormatter().format(record))
    assert line["error"] == "builtins.ValueError" and "test_structured_logs.py" in line["stack"]
    assert "943-476" not in json.dumps(line)
