"""How well and how fast the theme tagger works, for ``make bench``.

Quality is measured on the development files, read from ``MACA_EVAL_DIR``
(default ``../shared/eval`` beside the repository); they are not part of the
repository, so where they are absent the quality part says so and is skipped.
Figures, for the tagger and for a plain keyword list measured in the same run:

- macro-F1 over themes: the mean of the per-theme F1 over the themes that the
  reference labels of that set use (micro-F1 is given too);
- polarity accuracy.

Three sets: the seed file (``findings_dev.jsonl``), the part of the second file
used while writing the lexicon, and the part held out of all tuning
(``eval_split.HELD_OUT_IDS``), the estimate for partnerships never seen.

A fourth set is in the repository: ``tagging/devdata/written_statements.jsonl``,
1,300 statements the team wrote in the styles partnerships use and labelled by
the same rules (see the README beside it). It was used to extend the lexicon,
so its figure shows coverage of varied wording, not performance on unseen text.

With the sentence-embedding model installed, each set is also scored by the
lexicon alone in the same run (``tagger_without_embeddings``), so what the
statements alike in meaning add is seen; ``sentence_embeddings`` says whether
the model is in use and what loading it costs.

Speed: one statement at a time as a person types (median and 95th percentile
latency; goal 50 ms or less) and in bulk (goal 200 statements a second or more),
on statements written for the bench.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from maca.findings.bench_baseline import keyword_tags
from maca.findings.eval_split import HELD_OUT_IDS
from maca.findings.tagging import Example, Tagger

GOALS = {
    "macro_f1_at_least": 0.85,
    "polarity_accuracy_at_least": 0.90,
    "latency_ms_at_most": 50,
    "bulk_per_second_at_least": 200,
}

# Statements written for the bench (timing only); lengths like real findings.
TIMING_STATEMENTS = [
    "Fathers and other men in the household were rarely seen or spoken to by any agency.",
    "The school shared its concerns with the social worker promptly and attended every core group.",
    "There was no contingency plan should the mother leave the refuge, and the plan was not reviewed.",
    "Health visitors recorded the baby's routines well but the voice of the older sibling was missing.",
    "Referrals to the front door lacked the family history and the referrer was not told the outcome.",
    "Managers did not challenge the delay in convening the strategy discussion after the second injury.",
    "Housing and early help worked together to prevent the family becoming homeless.",
    "Practitioners need training on the neglect toolkit and on recognising disguised compliance.",
]


def eval_dir() -> Path:
    configured = os.environ.get("MACA_EVAL_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2].parent / "shared" / "eval"


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def score(rows: list[dict], tag: Callable[[str], tuple[list[str], str]]) -> dict:
    predicted = [tag(row["text"]) for row in rows]
    themes_used = sorted({t for row in rows for t in row["themes"]})
    per_theme = {}
    tp_all = fp_all = fn_all = 0
    for theme in themes_used:
        tp = fp = fn = 0
        for row, (themes, _) in zip(rows, predicted, strict=True):
            gold, guess = theme in row["themes"], theme in themes
            tp += gold and guess
            fp += guess and not gold
            fn += gold and not guess
        per_theme[theme] = round(2 * tp / (2 * tp + fp + fn), 3) if tp + fp + fn else 1.0
    for row, (themes, _) in zip(rows, predicted, strict=True):
        gold, guess = set(row["themes"]), set(themes)
        tp_all += len(gold & guess)
        fp_all += len(guess - gold)
        fn_all += len(gold - guess)
    correct = sum(row["polarity"] == polarity for row, (_, polarity) in zip(rows, predicted, strict=True))
    return {
        "statements": len(rows),
        "macro_f1": round(statistics.fmean(per_theme.values()), 3),
        "micro_f1": round(2 * tp_all / (2 * tp_all + fp_all + fn_all), 3),
        "precision": round(tp_all / (tp_all + fp_all), 3) if tp_all + fp_all else 0.0,
        "recall": round(tp_all / (tp_all + fn_all), 3) if tp_all + fn_all else 0.0,
        "polarity_accuracy": round(correct / len(rows), 3),
        "per_theme_f1": per_theme,
    }


def eval_sets(directory: Path) -> dict[str, list[dict]] | None:
    dev, dev2 = directory / "findings_dev.jsonl", directory / "findings_dev2.jsonl"
    if not (dev.is_file() and dev2.is_file()):
        return None
    second = load(dev2)
    return {
        "dev_seeds": load(dev),
        "dev2_tuning_part": [row for row in second if row["id"] not in HELD_OUT_IDS],
        "dev2_held_out": [row for row in second if row["id"] in HELD_OUT_IDS],
    }


def bench_quality(tagger: Tagger | None = None) -> dict:
    directory = eval_dir()
    sets = eval_sets(directory)
    if sets is None:
        return {"skipped": f"no development files in {directory} (set MACA_EVAL_DIR); quality not measured"}
    tagger = tagger or Tagger()

    def tag(text: str) -> tuple[list[str], str]:
        suggestion = tagger.suggest(text)
        return suggestion.theme_ids, suggestion.polarity

    lexicon_only = Tagger(alike=False) if tagger.uses_embeddings else None

    def tag_without_embeddings(text: str) -> tuple[list[str], str]:
        suggestion = lexicon_only.suggest(text)
        return suggestion.theme_ids, suggestion.polarity

    report = {}
    for name, rows in sets.items():
        report[name] = {"tagger": score(rows, tag), "keyword_list": score(rows, keyword_tags)}
        if lexicon_only is not None:
            # What the statements alike in meaning add, measured in the same run.
            report[name]["tagger_without_embeddings"] = score(rows, tag_without_embeddings)
        if name == "dev2_held_out":
            # Per-theme figures on the held-out part would invite tuning to it.
            for result in report[name].values():
                result.pop("per_theme_f1")
    held = report["dev2_held_out"]["tagger"]
    report["met_on_held_out"] = {
        "macro_f1": held["macro_f1"] >= GOALS["macro_f1_at_least"],
        "polarity_accuracy": held["polarity_accuracy"] >= GOALS["polarity_accuracy_at_least"],
    }
    return report


WRITTEN_STATEMENTS = Path(__file__).resolve().parent / "tagging" / "devdata" / "written_statements.jsonl"


def bench_written(tagger: Tagger | None = None) -> dict:
    """Tagger and keyword list on the statements the team wrote (in the repository)."""
    tagger = tagger or Tagger()

    def tag(text: str) -> tuple[list[str], str]:
        suggestion = tagger.suggest(text)
        return suggestion.theme_ids, suggestion.polarity

    rows = load(WRITTEN_STATEMENTS)
    return {"tagger": score(rows, tag), "keyword_list": score(rows, keyword_tags)}


def bench_speed(tagger: Tagger | None = None, bulk: int = 2000) -> dict:
    tagger = tagger or Tagger()
    tagger.suggest(TIMING_STATEMENTS[0])  # compile and warm up
    latencies = []
    for statement in TIMING_STATEMENTS * 25:
        started = time.perf_counter()
        tagger.suggest(statement)
        latencies.append(time.perf_counter() - started)
    texts = [TIMING_STATEMENTS[i % len(TIMING_STATEMENTS)] for i in range(bulk)]
    started = time.perf_counter()
    tagger.suggest_many(texts)
    seconds = time.perf_counter() - started
    latencies.sort()
    return {
        "latency_median_ms": round(statistics.median(latencies) * 1000, 2),
        "latency_p95_ms": round(latencies[int(len(latencies) * 0.95)] * 1000, 2),
        "bulk_statements": bulk,
        "bulk_per_second": round(bulk / seconds),
        "met": {
            "latency": latencies[int(len(latencies) * 0.95)] * 1000 <= GOALS["latency_ms_at_most"],
            "bulk": bulk / seconds >= GOALS["bulk_per_second_at_least"],
        },
    }


def bench_with_examples(count: int = 2000) -> dict:
    """A partnership with ``count`` confirmed tags: building the index once,
    then one statement at a time."""
    examples = [
        Example(f"{TIMING_STATEMENTS[i % len(TIMING_STATEMENTS)]} Case {i}.", ("timeliness",), "concern", id=i)
        for i in range(count)
    ]
    started = time.perf_counter()
    tagger = Tagger(examples)
    build = time.perf_counter() - started
    latencies = []
    for statement in TIMING_STATEMENTS * 10:
        started = time.perf_counter()
        tagger.suggest(statement)
        latencies.append(time.perf_counter() - started)
    return {
        "confirmed_examples": count,
        "index_build_ms": round(build * 1000, 1),
        "latency_median_ms": round(statistics.median(latencies) * 1000, 2),
    }


def bench_embeddings() -> dict:
    """Whether the sentence-embedding model is in use, and what loading it costs
    (checking its files' checksums and reading them) once per process."""
    from maca.findings.tagging import embedding

    directory = embedding.model_dir()
    reason = embedding.unavailable_reason()
    if reason is not None:
        return {"in_use": False, "why_not": reason}
    started = time.perf_counter()
    loaded = embedding.Embedder(directory)
    load_ms = round((time.perf_counter() - started) * 1000)
    # The same statements read by each engine, measured in the same run.
    texts = [TIMING_STATEMENTS[i % len(TIMING_STATEMENTS)] for i in range(512)]
    per_second = {}
    for engine in dict.fromkeys([loaded.engine, "numpy"]):
        reader = loaded if engine == loaded.engine else embedding.Embedder(directory, engine="numpy")
        reader.embed_many(texts[:32])
        started = time.perf_counter()
        reader.embed_many(texts)
        per_second[engine] = round(len(texts) / (time.perf_counter() - started))
    return {
        "in_use": True,
        "model": embedding.MODEL_NAME,
        "engine": loaded.engine,
        "load_and_check_ms": load_ms,
        "statements_read_a_second_by_engine": per_second,
    }


def bench_tagging() -> dict:
    tagger = Tagger()
    return {
        "sentence_embeddings": bench_embeddings(),
        "quality": bench_quality(tagger),
        "quality_on_statements_we_wrote": bench_written(tagger),
        "speed": bench_speed(tagger),
        "speed_with_partnership_examples": bench_with_examples(),
        "goals": GOALS,
    }


if __name__ == "__main__":
    print(json.dumps(bench_tagging(), indent=2))


def bench_recurrence(runs: int = 15) -> dict:
    """The recurrence pages at ten years: 40 audits, 240 cases, 6,000 findings
    (``maca.findings.bench_recurrence``)."""
    from maca.findings.bench_recurrence import run

    return run(runs=runs)
