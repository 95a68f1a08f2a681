"""``manage.py check_identifiers``: every valid JSON Lines file is read, and a
malformed line is named ("Line N"), never a traceback, with nothing checked."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

HALF = "\ud800"  # a lone surrogate: json.dumps writes it as the escape \ud800


def checked(*args) -> list[dict]:
    out = io.StringIO()
    call_command("check_identifiers", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def refused(*args) -> str:
    """What the command says when it refuses its input; checks it wrote nothing."""
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("check_identifiers", *args, stdout=out)
    assert out.getvalue() == ""
    said = str(raised.value)
    said.encode("utf-8")  # every word of it can be printed
    return said


def stdin_of(monkeypatch, content: bytes) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(content), encoding="utf-8"))


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"], ids=["LS", "PS", "NEL"])
def test_a_text_holding_a_unicode_line_separator_is_one_line(tmp_path, separator):
    records = [
        {"id": 1, "text": f"Seen at home.{separator}Jayden Smith, born 03/04/2015, was there."},
        {"id": 2, "text": "Nothing here."},
    ]
    path = tmp_path / "texts.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    results = checked(str(path))
    assert [result["id"] for result in results] == [1, 2]
    assert results[0]["hits"]


def test_a_number_with_too_many_digits_names_its_line(tmp_path):
    path = tmp_path / "huge.jsonl"
    path.write_text('{"id": 1, "text": "x"}\n{"id": ' + "9" * 5000 + ', "text": "x"}\n', encoding="utf-8")
    assert "Line 2: not valid JSON (a number has more than 4,300 digits)." in refused(str(path))


def test_a_line_nested_too_deeply_names_its_line(tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_text('{"id": ' + "[" * 100_000 + "]" * 100_000 + ', "text": "x"}\n', encoding="utf-8")
    assert "Line 1: not valid JSON (lists or objects are nested inside one another too deeply to be read)." in (
        refused(str(path))
    )


def test_an_unterminated_string_is_told_in_plain_words(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": 1, "text": "no closing quote}\n', encoding="utf-8")
    assert refused(str(path)) == (
        "Nothing was checked.\nLine 1: not valid JSON (Unterminated string starting at character 19)."
    )


@pytest.mark.parametrize(
    ("record", "key"),
    [
        ({"id": 1, "text": f"Seen {HALF}"}, "text"),
        ({"id": f"a{HALF}", "text": "Seen"}, "id"),
        ({"id": {"case": [f"a{HALF}"]}, "text": "Seen"}, "id"),
        ({"id": 1, "text": "Seen", "names": [f"Jay{HALF}"]}, "names"),
    ],
)
def test_half_a_character_names_its_line_and_nothing_is_checked(monkeypatch, record, key):
    lines = [json.dumps({"id": 0, "text": "Fine."}), json.dumps(record)]
    stdin_of(monkeypatch, ("\n".join(lines) + "\n").encode())
    assert (
        f'Line 2: "{key}" contains \\ud800, half of a character written as two \\u escapes, without its other half.'
        in refused()
    )


def test_standard_input_that_is_not_utf8_is_told_not_a_traceback(monkeypatch):
    stdin_of(monkeypatch, b'{"id": 1, "text": "caf\xe9"}\n')
    assert refused() == "standard input is not UTF-8 text (invalid continuation byte at byte 22)."


def test_a_file_that_is_not_utf8_is_told(tmp_path):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b'{"id": 1, "text": "caf\xe9"}\n')
    assert refused(str(path)) == f"{path} is not UTF-8 text (invalid continuation byte at byte 22)."


def test_standard_input_with_a_byte_order_mark_is_read(monkeypatch):
    stdin_of(monkeypatch, b'\xef\xbb\xbf{"id": 1, "text": "Nothing here."}\n')
    assert checked() == [{"id": 1, "hits": []}]
