"""The bench's measuring code, on rows written here (tests never read the
development files)."""

import json

from maca.findings import bench
from maca.findings.bench_baseline import keyword_tags
from maca.findings.eval_split import HELD_OUT_IDS


def test_quality_is_skipped_with_a_message_when_the_development_files_are_absent(tmp_path, monkeypatch):
    monkeypatch.setenv("MACA_EVAL_DIR", str(tmp_path))
    result = bench.bench_quality()
    assert result == {"skipped": f"no development files in {tmp_path} (set MACA_EVAL_DIR); quality not measured"}


def test_scores_macro_f1_over_the_themes_the_reference_uses_and_polarity_accuracy():
    rows = [
        {"text": "a", "themes": ["housing"], "polarity": "concern"},
        {"text": "b", "themes": ["housing", "health"], "polarity": "strength"},
        {"text": "c", "themes": ["education"], "polarity": "concern"},
    ]
    guesses = {"a": (["housing"], "concern"), "b": (["housing"], "concern"), "c": (["neglect"], "concern")}
    result = bench.score(rows, lambda text: guesses[text])
    # housing 1.0, health 0.0 (missed), education 0.0 (missed); neglect is not in the reference.
    assert result["per_theme_f1"] == {"education": 0.0, "health": 0.0, "housing": 1.0}
    assert result["macro_f1"] == round(1 / 3, 3)
    assert result["polarity_accuracy"] == round(2 / 3, 3)
    assert (result["precision"], result["recall"]) == (round(2 / 3, 3), 0.5)


def test_the_held_out_part_is_split_from_the_rest_by_id(tmp_path, monkeypatch):
    held, kept = sorted(HELD_OUT_IDS)[0], "e009"
    assert kept not in HELD_OUT_IDS
    (tmp_path / "findings_dev.jsonl").write_text(
        json.dumps({"id": "d1", "text": "Fathers were not seen.", "themes": ["think_family"], "polarity": "concern"})
        + "\n",
        encoding="utf-8",
    )
    (tmp_path / "findings_dev2.jsonl").write_text(
        "\n".join(
            json.dumps(
                {"id": i, "text": "Good joint working.", "themes": ["multi_agency_working"], "polarity": "strength"}
            )
            for i in (held, kept)
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("MACA_EVAL_DIR", str(tmp_path))
    result = bench.bench_quality()
    assert result["dev2_held_out"]["tagger"]["statements"] == 1
    assert result["dev2_tuning_part"]["tagger"]["statements"] == 1
    assert "per_theme_f1" not in result["dev2_held_out"]["tagger"]
    assert result["dev_seeds"]["tagger"]["macro_f1"] == 1.0


def test_the_keyword_list_is_plain():
    assert keyword_tags("Good recording of the voice of the child.") == (
        ["voice_of_child", "recording_chronologies"],
        "strength",
    )
    assert keyword_tags("The family were evicted.") == ([], "concern")


def test_the_statements_we_wrote_are_well_formed_and_scored():
    from maca.findings.taxonomy import THEME_IDS

    rows = bench.load(bench.WRITTEN_STATEMENTS)
    assert len(rows) == 1300
    assert len({row["id"] for row in rows}) == len(rows)
    assert len({row["text"] for row in rows}) == len(rows)
    for row in rows:
        assert row["themes"] and set(row["themes"]) <= set(THEME_IDS), row["id"]
        assert len(row["themes"]) == len(set(row["themes"])), row["id"]
        assert row["polarity"] in ("strength", "concern"), row["id"]
    result = bench.bench_written()
    assert result["tagger"]["statements"] == 1300
    # The lexicon was extended against these statements; it must stay well
    # ahead of the plain keyword list on them.
    assert result["tagger"]["macro_f1"] > result["keyword_list"]["macro_f1"] + 0.1
