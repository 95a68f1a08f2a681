"""What each persona gets from the publication pages (see maca/tests/url_expectations.py).

Published versions are for everyone in the partnership (they speak only of
pseudonyms); drafts only for QA officers and admins, and a draft's existence
is not revealed to others (404); a submitted version also for the approving
role (by default the QA officer)."""

from maca.tests.url_expectations import Expect, everyone, only

DRAFT_ONLY = {"lead": 404, "auditor": 404, "health_lead": 404, "board": 404, "scrutineer": 404}


def _published(f):
    return {"pk": f.published_output.pk}


def _draft(f):
    return {"pk": f.draft_output.pk}


def _submitted(f):
    return {"pk": f.submitted_output.pk}


EXPECTATIONS = {
    "publications:index": Expect(everyone()),
    "publications:new": Expect(only("admin", "qa", "outsider")),
    "publications:settings": Expect(only("admin", "outsider")),
    "publications:detail": Expect({**everyone(), "outsider": 404}, kwargs=_published),
    "publications:version": Expect(
        {**everyone(), "outsider": 404}, kwargs=lambda f: {"pk": f.published_output.pk, "number": 1}
    ),
    "publications:download": Expect(
        {**everyone(), "outsider": 404},
        kwargs=lambda f: {"pk": f.published_output.pk, "number": 1, "fmt": "docx"},
        why="Every member downloads a published output.",
    ),
    "publications:section_edit": Expect(
        only("admin", "qa", outsider=404, other_agency=403),
        kwargs=lambda f: {"pk": f.draft_output.pk, "key": "findings"},
    ),
    "publications:theme_names": Expect(
        only("admin", "qa", outsider=404, other_agency=403, ok=302),
        kwargs=_draft,
        method="post",
        data=lambda f: {"version": 999},
        why="Those who draft publications use the new theme names in a draft; a stale page is refused with a "
        "message, back to the publication. Another partnership's publication is not found.",
    ),
    "publications:figures": Expect(
        only("admin", "qa", outsider=404, other_agency=403, ok=302),
        kwargs=_draft,
        method="post",
        data=lambda f: {"version": 999},
        why="Those who draft publications draw a draft's charts again from the findings; a stale page is refused "
        "with a message, back to the publication. Another partnership's publication is not found.",
    ),
    "publications:check": Expect(
        {**only("admin", "qa", outsider=404), **DRAFT_ONLY},
        kwargs=_draft,
        why="Others cannot see that a draft exists.",
    ),
    "publications:replace": Expect(
        only("admin", "qa", outsider=404, other_agency=403, ok=302),
        kwargs=_draft,
        method="post",
        data=lambda f: {"version": 999},
        why="A stale or broken replacement is refused with a message, back to the check.",
    ),
    "publications:override": Expect(
        only("admin", "qa", outsider=404, other_agency=403, ok=302),
        kwargs=lambda f: {"pk": f.draft_output.pk, "fingerprint": "not-a-hit"},
        why="A hit no longer in the text sends the person back to the check.",
    ),
    "publications:submit": Expect(only("admin", "qa", outsider=404, other_agency=403), kwargs=_draft),
    "publications:approve": Expect(
        {**only("qa", outsider=404), **DRAFT_ONLY},
        kwargs=_submitted,
        why="The approving role (the QA officer by default) approves; the admin submitted it and may not.",
    ),
    "publications:send_back": Expect({**only("qa", outsider=404), **DRAFT_ONLY}, kwargs=_submitted),
    "publications:publish": Expect(
        only("admin", "qa", outsider=404, other_agency=403, ok=302),
        kwargs=_draft,
        why="Only an approved version is published: on a draft's publish page, QA officers and admins are sent "
        "back to the publication with a message saying why.",
    ),
    "publications:discard": Expect(
        only("admin", "qa", outsider=404, other_agency=403),
        kwargs=_draft,
        why="Those who draft publications may discard a draft nobody submitted; the page asks them first.",
    ),
    "publications:correct": Expect(only("admin", "qa", outsider=404, other_agency=403), kwargs=_published),
    "publications:abandon_correction": Expect(
        only("admin", "qa", outsider=404, other_agency=403),
        kwargs=lambda f: {"pk": f.correction_output.pk},
        why="Those who start corrections may abandon one in draft; the page asks them first. "
        "Another partnership's correction is not found.",
    ),
    "publications:correction_reason": Expect(
        only("admin", "qa", outsider=404, other_agency=403),
        kwargs=lambda f: {"pk": f.correction_output.pk},
        why="Those who draft publications change the reason of a correction in draft; "
        "another partnership's correction is not found.",
    ),
    "publications:practice": Expect(
        only("admin", "qa", "lead", "health_lead", outsider=404, other_agency=200),
        kwargs=_published,
        why="Every agency lead reports their agency's use of a published output.",
    ),
    "publications:people": Expect(
        only("admin", "qa", outsider=404, other_agency=403), kwargs=lambda f: {"audit_pk": f.output_audit.pk}
    ),
    "publications:person": Expect(
        only("admin", "qa", outsider=404, other_agency=403),
        kwargs=lambda f: {"audit_pk": f.output_audit.pk, "pk": f.pseudonym.pk},
    ),
}
