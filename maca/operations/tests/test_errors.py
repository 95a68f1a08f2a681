"""The optional error-reporting hook, switched on by MACA_ERROR_REPORTER."""

from __future__ import annotations

import sys
import types

import pytest
from django.test import Client
from django_tasks import task

from maca.operations import errors

REPORTS: list[errors.ErrorReport] = []


def collect(report: errors.ErrorReport) -> None:
    REPORTS.append(report)


@pytest.fixture
def reporter(settings):
    settings.MACA_ERROR_REPORTER = "maca.operations.tests.test_errors.collect"
    REPORTS.clear()
    yield REPORTS
    REPORTS.clear()


@pytest.mark.urls("maca.operations.tests.failing_urls")
def test_a_failing_page_is_reported_with_its_ids_and_never_its_message_or_path(db, reporter):
    response = Client(raise_request_exception=False).get("/broken/secret-value/", HTTP_X_REQUEST_ID="req-12345678")
    assert response.status_code == 500
    [report] = reporter
    assert report.source == "request" and report.error_type == "builtins.ValueError"
    assert report.context["request_id"] == "req-12345678"
    assert report.context["route"] == "/broken/<str:token>/"
    assert "failing_urls.py" in report.stack
    assert "secret-value" not in repr(report).lower()


@task()
def explode(detail: str):
    raise RuntimeError(detail.upper())


def test_a_failing_task_is_reported(db, reporter):
    explode.enqueue("a private detail")
    [report] = reporter
    assert report.source == "task" and report.error_type == "builtins.RuntimeError"
    assert report.context["task"] == "maca.operations.tests.test_errors.explode"
    assert "PRIVATE DETAIL" not in repr(report)
    assert "test_errors.py" in report.stack


def test_nothing_is_reported_when_switched_off(db, settings):
    settings.MACA_ERROR_REPORTER = ""
    REPORTS.clear()
    errors.report(errors.ErrorReport("request", "builtins.ValueError", ""))
    assert REPORTS == []


def test_sentry_gets_the_report_without_personal_data(db, settings, monkeypatch):
    calls = {}

    class Scope:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def set_tag(self, key, value):
            calls.setdefault("tags", {})[key] = value

        def set_context(self, key, value):
            calls.setdefault("context", {})[key] = value

    fake = types.SimpleNamespace(
        init=lambda **options: calls.setdefault("init", options),
        new_scope=Scope,
        capture_message=lambda message, level: calls.setdefault("message", (message, level)),
    )
    monkeypatch.setitem(sys.modules, "sentry_sdk", fake)
    monkeypatch.setattr(errors, "_sentry_ready", False)
    settings.MACA_ERROR_REPORTER = "sentry"
    settings.MACA_SENTRY_DSN = "https://key@errors.example/1"
    errors.report(errors.ErrorReport("task", "builtins.KeyError", "  File x\n", {"task_id": "t1", "user_id": None}))
    assert calls["init"]["dsn"] == "https://key@errors.example/1"
    assert calls["init"]["send_default_pii"] is False and calls["init"]["include_local_variables"] is False
    assert calls["message"] == ("builtins.KeyError in task", "error")
    assert calls["tags"] == {"source": "task", "task_id": "t1"}
