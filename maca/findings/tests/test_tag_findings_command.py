import io
import json

import pytest
from django.core.management import CommandError, call_command

GOOD = [
    {"id": "s1", "text": "Fathers were rarely invited to core groups."},
    {"id": 2, "text": "Excellent joint working between the school and the health visitor."},
]


def run(*args, stdin=None, monkeypatch=None):
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    call_command("tag_findings", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_tags_a_file_one_line_out_per_line_in(tmp_path):
    path = tmp_path / "statements.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in GOOD) + "\n\n", encoding="utf-8")
    out, _ = run(str(path))
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines == [
        {"id": "s1", "themes": ["child_protection_process", "think_family"], "polarity": "concern"},
        {"id": 2, "themes": ["health", "education", "multi_agency_working"], "polarity": "strength"},
    ]


def test_reads_standard_input_when_no_file_is_given(monkeypatch):
    out, _ = run(stdin=json.dumps(GOOD[0]) + "\n", monkeypatch=monkeypatch)
    assert json.loads(out) == {
        "id": "s1",
        "themes": ["child_protection_process", "think_family"],
        "polarity": "concern",
    }


def test_malformed_lines_are_named_and_nothing_is_written(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(
        '{"id": "ok", "text": "Fine."}\n{"id": 2 "text": "no comma"}\n["a list"]\n{"text": "no id"}\n'
        '{"id": 5, "text": 7}\n',
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match=r"4 malformed lines in .*bad.jsonl; nothing was tagged"):
        call_command("tag_findings", str(path), stdout=out, stderr=err)
    assert out.getvalue() == ""
    messages = err.getvalue()
    assert "line 2: not valid JSON" in messages
    assert "line 3: expected an object" in messages
    assert "line 4: missing 'id'" in messages
    assert "line 5: 'text' must be a string" in messages
    assert "Traceback" not in messages


def test_a_malformed_line_on_standard_input_is_named(monkeypatch):
    with pytest.raises(CommandError, match="malformed"):
        run(stdin="not json at all\n", monkeypatch=monkeypatch)


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="There is no file at"):
        run(str(tmp_path / "absent.jsonl"))


def test_a_file_that_is_not_utf8_is_a_clear_error(tmp_path):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes('{"id": 1, "text": "caf\u00e9"}\n'.encode("latin-1"))
    with pytest.raises(CommandError, match="is not UTF-8 text"):
        run(str(path))


def test_exits_non_zero_from_the_command_line(tmp_path, settings):
    import subprocess
    import sys

    path = tmp_path / "bad.jsonl"
    path.write_text("{oops\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "manage.py", "tag_findings", str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode != 0
    assert "line 1: not valid JSON" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_help_says_that_one_bad_line_means_nothing_is_tagged():
    from maca.findings.management.commands.tag_findings import Command

    said = " ".join(Command().create_parser("manage.py", "tag_findings").format_help().split())
    assert "Every line is checked before any is tagged" in said
    assert "nothing is tagged" in said and "5,000 characters" in said


def test_a_file_saved_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "excel.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + (json.dumps(GOOD[0]) + "\n").encode("utf-8"))
    out, _ = run(str(path))
    assert json.loads(out)["id"] == "s1"


@pytest.mark.parametrize("as_bytes", [True, False])
def test_standard_input_with_a_byte_order_mark_is_read(monkeypatch, as_bytes):
    line = json.dumps(GOOD[0]) + "\n"
    if as_bytes:
        stdin = io.TextIOWrapper(io.BytesIO(b"\xef\xbb\xbf" + line.encode("utf-8")), encoding="utf-8")
    else:
        stdin = io.StringIO("\ufeff" + line)
    monkeypatch.setattr("sys.stdin", stdin)
    out, err = io.StringIO(), io.StringIO()
    call_command("tag_findings", stdout=out, stderr=err)
    assert json.loads(out.getvalue())["id"] == "s1"


def test_a_text_longer_than_a_finding_may_be_is_refused_naming_its_line(tmp_path):
    path = tmp_path / "long.jsonl"
    lines = [GOOD[0], {"id": "long", "text": "Fathers were not seen. " * 300}]
    path.write_text("\n".join(json.dumps(r) for r in lines) + "\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="nothing was tagged"):
        call_command("tag_findings", str(path), stdout=out, stderr=err)
    assert out.getvalue() == ""
    assert "line 2: 'text' must be 5,000 characters or fewer (it is 6,900)." in err.getvalue()


def test_a_json_error_says_where_in_plain_words(tmp_path):
    path = tmp_path / "cut.jsonl"
    path.write_text('{"id": 1, "text": "Fathers were\n', encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("tag_findings", str(path), stdout=out, stderr=err)
    assert "line 1: not valid JSON (Unterminated string starting at column 19)." in err.getvalue()
    assert "at at" not in err.getvalue()
