"""``manage.py tag_findings``: malformed lines are named ("line N"), never a
traceback, and nothing is tagged; every valid JSON Lines file is read."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

FINE = {"id": "a", "text": "Fathers were rarely invited to core groups."}
HALF = "\ud800"  # a lone surrogate: json.dumps writes it as the escape \ud800


def refused(path) -> str:
    """What the command prints when it refuses ``path``; checks it tagged nothing."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="nothing was tagged"):
        call_command("tag_findings", str(path), stdout=out, stderr=err)
    assert out.getvalue() == ""
    err.getvalue().encode("utf-8")  # every word of it can be printed
    return err.getvalue()


def test_a_number_with_too_many_digits_names_its_line(tmp_path):
    path = tmp_path / "huge.jsonl"
    path.write_text(json.dumps(FINE) + '\n{"id": ' + "9" * 5000 + ', "text": "x"}\n', encoding="utf-8")
    assert "line 2: not valid JSON (a number has more than 4,300 digits)." in refused(path)


def test_a_line_nested_too_deeply_names_its_line(tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    assert "line 1: not valid JSON (lists or objects are nested inside one another too deeply to be read)." in (
        refused(path)
    )


@pytest.mark.parametrize("key", ["id", "text"])
def test_half_a_character_names_its_line_and_nothing_is_tagged(tmp_path, key):
    path = tmp_path / "half.jsonl"
    bad = {**FINE, key: f"Fathers{HALF}"}
    path.write_text(json.dumps(FINE) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    assert (
        f"line 2: '{key}' contains \\ud800, half of a character written as two \\u escapes, without its other half."
        in refused(path)
    )


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"], ids=["LS", "PS", "NEL"])
def test_a_text_holding_a_unicode_line_separator_is_one_line(tmp_path, separator):
    """json.dumps(..., ensure_ascii=False) writes these as they are: JSON does not escape them."""
    records = [
        {"id": "a", "text": f"Fathers were rarely invited.{separator}The school was not told."},
        {"id": "b", "text": "Excellent joint working between the school and the health visitor."},
    ]
    path = tmp_path / "separators.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    out = io.StringIO()
    call_command("tag_findings", str(path), stdout=out, stderr=io.StringIO())
    assert [json.loads(line)["id"] for line in out.getvalue().splitlines()] == ["a", "b"]

    path.write_text(path.read_text(encoding="utf-8") + "{oops\n", encoding="utf-8")
    assert "line 3: not valid JSON" in refused(path)  # lines are counted as a person counts them


def test_a_unicode_line_separator_on_standard_input_is_inside_its_line(monkeypatch):
    line = json.dumps({"id": 1, "text": "Seen.\u2028Heard."}, ensure_ascii=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(line))
    out = io.StringIO()
    call_command("tag_findings", stdout=out, stderr=io.StringIO())
    assert json.loads(out.getvalue())["id"] == 1


def test_a_file_with_windows_line_endings_is_read(tmp_path):
    path = tmp_path / "windows.jsonl"
    path.write_bytes(b"".join(json.dumps(r).encode() + b"\r\n" for r in (FINE, {**FINE, "id": "b"})))
    out = io.StringIO()
    call_command("tag_findings", str(path), stdout=out, stderr=io.StringIO())
    assert [json.loads(line)["id"] for line in out.getvalue().splitlines()] == ["a", "b"]


def test_from_the_command_line_bad_lines_are_named_without_a_traceback(tmp_path, settings):
    import subprocess
    import sys

    path = tmp_path / "bad.jsonl"
    lines = [json.dumps(FINE), json.dumps({"id": f"b{HALF}", "text": "x"}), '{"id": ' + "9" * 5000 + "}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "manage.py", "tag_findings", str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode != 0
    assert result.stdout == ""
    assert "line 2: 'id' contains \\ud800" in result.stderr
    assert "line 3: not valid JSON (a number has more than 4,300 digits)." in result.stderr
    assert "2 malformed lines" in result.stderr and "nothing was tagged" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("blank", ["", " ", "\t \n", "\u00a0\u2003"], ids=["empty", "space", "tab-newline", "nbsp"])
def test_a_blank_text_names_its_line_and_nothing_is_tagged(tmp_path, blank):
    """A blank text says nothing: tagged, it came out a concern with no theme."""
    path = tmp_path / "blank.jsonl"
    lines = [FINE, {"id": "b", "text": blank}, {**FINE, "id": "c"}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in lines) + "\n", encoding="utf-8")
    said = refused(path)
    assert f"{path}: line 2: 'text' is blank, so there is nothing to tag." in said
    assert "line 1:" not in said and "line 3:" not in said  # the good lines are not named


def test_from_the_command_line_a_blank_text_is_named_without_a_traceback(tmp_path, settings):
    import subprocess
    import sys

    path = tmp_path / "blank.jsonl"
    path.write_text(json.dumps(FINE) + '\n{"id": "b", "text": "   "}\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "manage.py", "tag_findings", str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode != 0
    assert result.stdout == ""
    assert "line 2: 'text' is blank, so there is nothing to tag." in result.stderr
    assert "1 malformed line" in result.stderr and "nothing was tagged" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_help_says_a_blank_text_is_refused():
    from maca.findings.management.commands.tag_findings import Command

    said = " ".join(Command().create_parser("manage.py", "tag_findings").format_help().split())
    assert "its text is blank" in said


@pytest.mark.parametrize("marks", ["...", " - ", "?!", "\u2014"], ids=["dots", "dash", "marks", "em-dash"])
def test_a_text_of_marks_alone_is_named_as_the_finding_form_would_refuse_it(tmp_path, marks):
    """The finding form asks for a strength or finding "in words"; the command
    keeps the same rule rather than tagging punctuation as a concern."""
    path = tmp_path / "marks.jsonl"
    lines = [FINE, {"id": "m", "text": marks}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in lines) + "\n", encoding="utf-8")
    said = refused(path)
    assert f"{path}: line 2: 'text' has no letter or digit, so there is nothing to tag." in said
    assert "line 1:" not in said


def test_a_letter_or_a_digit_in_any_script_is_words_and_an_ellipsis_is_not():
    from maca.findings.models import in_words

    assert in_words("3") and in_words("Ça") and not in_words("…")
