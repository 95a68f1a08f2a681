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
