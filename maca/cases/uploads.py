"""Receiving an uploaded case list without ever writing it to disk.

Django keeps an upload in memory up to ``FILE_UPLOAD_MAX_MEMORY_SIZE`` and
writes anything larger to a temporary file, in plain text: a case list of 6 MB
would sit unencrypted in the temp folder. This handler keeps the upload in
memory up to the case-list cap (``MACA_CASE_IMPORT_MAX_BYTES``) and never
touches the disk; past the cap it keeps counting but stops keeping, so the form
can say the file is too large. The service then encrypts it before it is stored.
"""

from __future__ import annotations

import io

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers

from maca.cases.reading import max_bytes


class CaseListUploadHandler(FileUploadHandler):
    def __init__(self, request=None, *, limit: int | None = None):
        super().__init__(request)
        self.limit = max_bytes() if limit is None else limit

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()
        self.received = 0
        raise StopFutureHandlers  # no other handler (and so no temporary file) sees this file

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received <= self.limit:
            self.buffer.write(raw_data)
        elif self.buffer.tell():
            self.buffer = io.BytesIO()  # too large: keep nothing, only the size
        return None

    def file_complete(self, file_size):
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=self.received,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
