"""Saving a selected case's agencies as a person does on its page: open it,
tick, save; and, when the page asks first, press its confirmation button."""

from __future__ import annotations

from django.urls import reverse

from maca.tests.page import Page


def agencies_url(audit_case) -> str:
    return reverse("selection:case_agencies", args=[audit_case.audit_id, audit_case.pk])


def save_agencies(client, url, *, ticked):
    """Open the agencies page and save it with ``ticked`` agencies."""
    page = Page(client.get(url).content.decode())
    return client.post(url, {"agencies": [a.pk for a in ticked], "shown": page.value("shown")})


def confirm_agencies(client, url, response):
    """Press the confirmation page's button: post back what the page holds."""
    page = Page(response.content.decode())
    data = {
        "shown": page.value("shown"),
        "confirmed": page.value("confirmed"),
        "agencies": [e["value"] for e in page.inputs("agencies")],
    }
    return client.post(url, data)
