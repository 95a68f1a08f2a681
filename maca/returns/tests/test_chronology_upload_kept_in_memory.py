"""An uploaded chronology (events in a child's life) is never written to disk
in the clear, as an uploaded case list and action evidence never are
(``maca.cases.uploads``): however large the file, nothing more than the
chronology's own limit is kept, in memory, and the page says the file is too
large. The form is still protected against cross-site requests."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import Client
from django.urls import reverse

from maca.accounts.tests.factories import sign_in_with_second_factor
from maca.returns import chronology
from maca.returns.models import ChronologyEntry
from maca.returns.tests.chronology_factories import make_chronology_audit
from maca.tests.page import Page, words_shown

HEADINGS = b"Date,End date (optional),Significant event,Source,Impact on the child,Action taken\r\n"
ROW = b"04/03/2025,,Seen at home with bruising to her arm,Police log,negative,Referral made\r\n"
TOO_LARGE = "The selected file must be 2 MB or smaller"


@pytest.fixture
def police_return(world):
    return make_chronology_audit(world).return_of(world.police)


def _error_summary(response) -> str:
    body = response.content.decode()
    assert "govuk-error-summary" in body
    return words_shown(body.split("govuk-error-summary__list")[1].split(">", 1)[1].split("</ul>")[0])


def _post(client, return_record, content: bytes, **extra):
    return client.post(
        reverse("chronology:upload", args=[return_record.pk]),
        {"file": SimpleUploadedFile("chronology.csv", content), **extra},
    )


@pytest.mark.parametrize("megabytes", [3, 6])  # under and over Django's own in-memory limit (5 MB)
def test_a_file_too_large_is_never_written_to_a_temporary_file_and_the_page_says_so(
    world, client_for, police_return, megabytes
):
    content = HEADINGS + ROW * (megabytes * 1024 * 1024 // len(ROW) + 1)
    written = []
    real_init = TemporaryUploadedFile.__init__

    def spy(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        written.append(self.temporary_file_path())

    with mock.patch.object(TemporaryUploadedFile, "__init__", spy):
        response = _post(client_for(world["auditor"]), police_return, content)

    assert written == [], f"The chronology was written to disk in the clear: {written}"
    assert response.status_code == 200
    assert _error_summary(response) == TOO_LARGE
    assert not ChronologyEntry.objects.filter(return_record=police_return).exists()


def test_no_more_than_the_chronologys_limit_is_kept_while_it_streams_in(world, client_for, police_return):
    kept = []
    real_read = chronology.read_upload

    def spy(name, content, **kwargs):
        kept.append(len(content))
        return real_read(name, content, **kwargs)

    with (
        mock.patch.object(chronology, "check_file", lambda name, size: None),
        mock.patch.object(chronology, "read_upload", spy),
    ):
        _post(client_for(world["auditor"]), police_return, HEADINGS + ROW * (3 * 1024 * 1024 // len(ROW)))
    # Past the limit the handler keeps nothing, only the size (which the check refuses).
    assert kept == [0]


def test_an_upload_without_the_forms_token_is_refused(world, police_return):
    client = sign_in_with_second_factor(Client(enforce_csrf_checks=True), world["auditor"].user)
    content = HEADINGS + ROW

    assert _post(client, police_return, content).status_code == 403
    assert not ChronologyEntry.objects.filter(return_record=police_return).exists()

    page = client.get(reverse("chronology:return", args=[police_return.pk])).content.decode()
    token = Page(page).value("csrfmiddlewaretoken")
    response = _post(client, police_return, content, csrfmiddlewaretoken=token)
    assert response.status_code == 302, _error_summary(response)
    assert ChronologyEntry.objects.filter(return_record=police_return).count() == 1
