"""Reading a PDF in tests with poppler-utils (pdftotext, pdfinfo)."""

from __future__ import annotations

import shutil
import subprocess

PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"
PDFINFO = shutil.which("pdfinfo") or "/usr/bin/pdfinfo"


def pdf_text(content: bytes, *, layout: bool = False) -> str:
    arguments = [PDFTOTEXT, *(["-layout"] if layout else []), "-", "-"]
    return subprocess.run(arguments, input=content, capture_output=True, check=True).stdout.decode()


def pdf_info(content: bytes, *options: str) -> str:
    """``pdfinfo``'s answer; ``"-struct"`` for the tagged structure tree."""
    return subprocess.run([PDFINFO, *options, "-"], input=content, capture_output=True, check=True).stdout.decode()
