"""``geo eval`` parses each corpus through the one loop (geo.pipe), scoring exactly what the per-text predictor did."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from geo.core.pipeline import Geoparser
from geo.evaluation.predict import corpus_predictions, predictor
from geo.evaluation.scoring import evaluate, format_report, load_corpus
from geo.outputs.cli import main

CONFLICT_DEV = Path(__file__).resolve().parents[1] / "eval" / "conflict-dev.xml"


@pytest.fixture(scope="module")
def corpus():
    if not CONFLICT_DEV.is_file():
        pytest.skip(f"{CONFLICT_DEV} missing (eval/make_conflict_dev.py writes it)")
    return load_corpus(CONFLICT_DEV)


@pytest.fixture(scope="module")
def parser() -> Geoparser:
    return Geoparser()


def test_corpus_predictions_equal_the_per_text_predictor(corpus, parser: Geoparser) -> None:
    one_by_one = [predictor(parser, corpus.format)(article.text) for article in corpus.articles]
    assert list(corpus_predictions(parser, corpus.articles, corpus.format)) == one_by_one
    assert list(corpus_predictions(parser, corpus.articles, corpus.format, workers=2)) == one_by_one
    assert sum(map(len, one_by_one)) > 100  # a real corpus, really predicted


def test_cli_eval_report_is_the_per_text_report(corpus, parser: Geoparser, tmp_path: Path, capsys) -> None:
    expected = replace(evaluate(corpus.articles, predictor(parser, corpus.format), progress=False),
                       audit=corpus.audit)
    for workers in ("1", "2"):
        out = tmp_path / f"report-{workers}.json"
        assert main(["eval", str(CONFLICT_DEV), "--quiet", "--workers", workers, "--json", str(out)]) == 0
        assert json.loads(out.read_text(encoding="utf-8")) == {CONFLICT_DEV.name: json.loads(
            json.dumps(expected.as_dict()))}
        assert capsys.readouterr().out == format_report(expected, CONFLICT_DEV.name) + "\n\n"


def test_cli_eval_limit(corpus, parser: Geoparser, tmp_path: Path) -> None:
    out = tmp_path / "limit.json"
    assert main(["eval", str(CONFLICT_DEV), "--quiet", "--limit", "7", "--json", str(out)]) == 0
    expected = evaluate(corpus.articles, predictor(parser, corpus.format), progress=False, limit=7)
    report = json.loads(out.read_text(encoding="utf-8"))[CONFLICT_DEV.name]
    assert report["articles"] == 7
    assert {k: v for k, v in report.items() if k != "audit"} == {
        k: v for k, v in json.loads(json.dumps(expected.as_dict())).items() if k != "audit"}
