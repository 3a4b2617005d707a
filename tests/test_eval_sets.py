"""Our conflict-style sets (eval/*.xml) are what their scripts write: gold offsets computed, never hand-edited."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from geo.evaluation.scoring import read_corpus

EVAL = Path(__file__).resolve().parents[1] / "eval"


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, EVAL / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["make_conflict_dev", "make_conflict_holdout"])
def test_each_committed_set_is_what_its_script_writes_and_reads_back(name: str) -> None:
    module = _script(name)
    from markup import render  # the scripts put eval/ on the path

    assert module.OUT.read_text(encoding="utf-8") == render(module.ARTICLES, module.COMMENT)
    articles = read_corpus(module.OUT)
    assert len(articles) == len(module.ARTICLES)
    for article in articles:
        assert article.toponyms and all(article.text[t.start:t.end] == t.text and t.lat is not None for t in article.toponyms)
