"""``manage.py check_identifiers``: JSON Lines in, one line of hits per text out."""

from __future__ import annotations

import io
import json
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def run(*args, stdin: str | None = None, monkeypatch=None) -> list[dict]:
    out = StringIO()
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    call_command("check_identifiers", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def lines(*records) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records) + "\n"


def test_reads_standard_input_and_writes_one_line_per_text(monkeypatch):
    text = "Kayden Ashworth (DOB 04/05/2015) was seen."
    results = run(
        stdin=lines(
            {"id": 1, "text": text, "names": ["Kayden Ashworth"]},
            {"id": "two", "text": "The audit meeting on 11 April 2018 discussed Child A."},
        ),
        monkeypatch=monkeypatch,
    )
    assert results == [
        {
            "id": 1,
            "hits": [
                {"kind": "name", "start": 0, "end": 15},
                {"kind": "date_of_birth", "start": 21, "end": 31},
            ],
        },
        {"id": "two", "hits": []},
    ]
    assert text[21:31] == "04/05/2015"


def test_reads_a_file_with_names_optional_and_offsets_in_characters(tmp_path):
    path = tmp_path / "texts.jsonl"
    text = "Zoë’s mum — mobile 07700 900461."
    path.write_text(lines({"id": "a", "text": text}, "", {"id": "b", "text": "x", "names": []}), encoding="utf-8")
    results = run(str(path))
    (hit,) = results[0]["hits"]
    assert text[hit["start"] : hit["end"]] == "07700 900461"
    assert [r["id"] for r in results] == ["a", "b"]


def test_detail_adds_the_text_and_the_reason(monkeypatch):
    (result,) = run("--detail", stdin=lines({"id": 1, "text": "Ring 07700 900461."}), monkeypatch=monkeypatch)
    (hit,) = result["hits"]
    assert hit["text"] == "07700 900461"
    assert "mobile" in hit["reason"]


def test_rare_schools_and_pseudonyms_can_be_given_per_text(monkeypatch):
    record = {"id": 1, "text": "Child Lucy Marsh attends Heyford.", "rare_schools": ["Heyford Primary School"]}
    record["pseudonyms"] = ["Child Lucy Marsh"]
    (result,) = run(stdin=lines(record), monkeypatch=monkeypatch)
    assert [h["kind"] for h in result["hits"]] == ["school"]


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("{not json", "Line 2: not valid JSON"),
        ('["a list"]', "Line 2: expected an object"),
        ('{"text": "no id"}', 'Line 2: has no "id"'),
        ('{"id": 2}', 'Line 2: "text" is missing'),
        ('{"id": 2, "text": 5}', 'Line 2: "text" is missing or is not a string'),
        ('{"id": 2, "text": "x", "names": "Kayden"}', 'Line 2: "names" must be a list of strings'),
        ('{"id": 2, "text": "x", "names": [1]}', 'Line 2: "names" must be a list of strings'),
    ],
)
def test_malformed_input_names_the_line_and_prints_nothing_else(monkeypatch, bad_line, message):
    monkeypatch.setattr(sys, "stdin", io.StringIO(lines({"id": 1, "text": "Kayden"}, bad_line)))
    out = StringIO()
    with pytest.raises(CommandError, match=message) as error:
        call_command("check_identifiers", stdout=out)
    assert "Nothing was checked" in str(error.value)
    assert out.getvalue() == ""


def test_many_bad_lines_are_listed_up_to_a_limit(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("x\n" * 15))
    with pytest.raises(CommandError) as error:
        call_command("check_identifiers", stdout=StringIO())
    assert "Line 10:" in str(error.value)
    assert "Line 11:" not in str(error.value)
    assert "5 more lines with problems" in str(error.value)


def test_a_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="There is no file at"):
        call_command("check_identifiers", "/nonexistent/texts.jsonl", stdout=StringIO())


def test_run_as_a_program_it_exits_non_zero_without_a_traceback(tmp_path):
    import subprocess

    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": 1, "text": "ok"}\n{broken\n', encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "manage.py", "check_identifiers", str(path)],
        capture_output=True,
        text=True,
        check=False,
        env={**__import__("os").environ, "MACA_ENVIRONMENT": "test"},
    )
    assert completed.returncode != 0
    assert "Line 2: not valid JSON" in completed.stderr
    assert "Traceback" not in completed.stderr
    assert completed.stdout == ""
