"""Names the retention run takes out of a case's findings never come back
through the themes maca suggests.

Each web process keeps its partnership's tagger (built from the confirmed
findings' words, which its reasons quote) until a stamp read from the
database changes. The retention run is another process: the rows it scrubs
must change that stamp, or every web process keeps quoting the child's name
in the reasons it suggests, and those reasons are saved with new findings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from maca.findings import retention, services
from maca.findings.models import Finding
from maca.returns.retention import _pattern
from maca.tests.page import Page, words_shown

pytestmark = pytest.mark.django_db

NAMED = "Kayden Smith's father was not seen by the social worker during the assessment."
TYPED = "The father was not seen by the social worker during the assessment."


@pytest.fixture
def named_example(world, audit, case):
    """A confirmed finding naming the child, and this web process's tagger
    already built from it (the QA officer has been typing findings)."""
    qa = world["qa"].user
    finding = services.finding_create(actor=qa, audit=audit, audit_case=case, agency=world.police, text=NAMED)
    return services.finding_confirm_tags(
        actor=qa, finding=finding, polarity="concern", theme_keys=["think_family"], expected_version=finding.version
    )


@pytest.fixture
def run_elsewhere(monkeypatch):
    """The retention run as another process runs it: what this process keeps is not touched by it."""
    monkeypatch.setattr(retention, "_forget_what_was_built_from_old_words", lambda: None, raising=False)


def _suggested_while_typing(client, audit) -> str:
    response = client.post(reverse("findings:suggest", args=[audit.pk]), {"text": TYPED})
    assert response.status_code == 200
    return words_shown(response.content.decode())


def test_the_childs_name_taken_out_by_retention_elsewhere_is_not_quoted_while_typing(
    world, audit, case, qa, named_example, run_elsewhere
):
    assert "Kayden" in _suggested_while_typing(qa, audit)

    retention.scrub_case_text(case.case_id, _pattern(["Kayden Smith"]))

    shown = _suggested_while_typing(qa, audit)
    assert "Think family" in shown
    assert "Kayden" not in shown and "Smith" not in shown


def test_the_childs_name_taken_out_by_retention_is_not_kept_with_a_finding_typed_afterwards(
    world, audit, case, qa, named_example
):
    assert "Kayden" in _suggested_while_typing(qa, audit)

    retention.scrub_case_text(case.case_id, _pattern(["Kayden Smith"]))

    response = qa.post(
        reverse("findings:finding_new", args=[audit.pk, case.pk]),
        {"kind": "finding", "polarity": "", "agency": str(world.police.pk), "text": TYPED},
    )
    assert response.status_code == 302
    new = Finding.objects.filter(text=TYPED).get()
    shown = words_shown(qa.get(reverse("findings:finding", args=[audit.pk, new.pk])).content.decode())
    assert "Think family" in shown
    assert "Kayden" not in shown and "Smith" not in shown


def test_the_childs_name_is_not_quoted_even_when_the_retention_runs_clock_is_behind(
    world, audit, case, qa, named_example, run_elsewhere, monkeypatch
):
    """The newest change (another finding's, here) alone would not show a scrub stamped earlier than it."""
    other_case = audit.audit_cases.exclude(pk=case.pk).get()
    later = services.finding_create(
        actor=world["qa"].user, audit=audit, audit_case=other_case, agency=world.police, text="School was not told."
    )
    services.finding_confirm_tags(
        actor=world["qa"].user, finding=later, polarity="concern", theme_keys=["education"], expected_version=1
    )
    assert "Kayden" in _suggested_while_typing(qa, audit)
    behind = named_example.updated_at - dt.timedelta(minutes=5)
    monkeypatch.setattr(retention.timezone, "now", lambda: behind)

    retention.scrub_case_text(case.case_id, _pattern(["Kayden Smith"]))

    assert "Kayden" not in _suggested_while_typing(qa, audit)


def test_a_finding_opened_before_the_names_were_taken_out_cannot_save_them_back(world, audit, case, qa, named_example):
    url = reverse("findings:finding_edit", args=[audit.pk, named_example.pk])
    opened = Page(qa.get(url).content.decode())
    assert "Kayden" in opened.value("text")

    retention.scrub_case_text(case.case_id, _pattern(["Kayden Smith"]))

    response = qa.post(
        url,
        {
            "version": opened.value("version"),
            "started": opened.value("started"),
            "kind": "finding",
            "agency": str(world.police.pk),
            "text": opened.value("text"),
        },
    )
    assert response.status_code == 200
    assert "Someone else changed" in words_shown(response.content.decode())
    named_example.refresh_from_db()
    assert "Kayden" not in named_example.text
