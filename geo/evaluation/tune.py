"""Tune the ranking policy on the development corpora (../shared/eval): a coordinate search, printed.

Every article is parsed once (through the one loop, ``geo.core.pipeline.pipe``); each candidate setting of
``geo.core.policy.RankingPolicy`` re-runs resolution only on the same mentions, and is scored by the scorer of
``make eval`` (``geo.evaluation.scoring.score_predictions``): Acc@161 over the recognised gold toponyms, the mean over
the corpora. With the default policy the score is the mean of the figures ``make eval`` prints. The best setting is
printed; copying it into the policy's defaults is a deliberate, reviewed step.

    .venv/bin/python -m geo.evaluation.tune [--rounds 2] [--workers 2]
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from geo.core.model import Mention
from geo.core.pipeline import Geoparser
from geo.core.policy import DEFAULT_POLICY, RankingPolicy
from geo.core.resolution import Resolver
from geo.evaluation import default_eval_dir
from geo.evaluation.predict import parse_articles, scored, to_prediction
from geo.evaluation.scoring import GoldArticle, load_corpus, score_predictions
from geo.store.gazetteer import Gazetteer

EVAL = default_eval_dir()
# Policy numbers searched, keyed part__field (see RankingPolicy.with_values), with the values tried.
GRID: dict[str, list[float]] = {
    "evidence__context_country": [1.0, 2.0, 3.0, 4.0],
    "evidence__context_admin1": [0.0, 1.5, 3.0],
    "evidence__proximity": [0.0, 1.0, 2.0],
    "names__alternate": [0.0, 0.3, 0.6],
    "evidence__city_of_same_name": [0.0, 1.2, 2.0],
    "evidence__container_country": [2.0, 4.0, 6.0],
    "evidence__shadowed_alternate": [0.0, -1.0, -1.5, -2.5],
    "distances__focus_km": [500.0, 1000.0, 2000.0],
    "thresholds__focus_max_population": [0, 5_000, 20_000, 50_000],  # 0: the focus check off
    "distances__adm1_radius_km": [150.0, 250.0, 400.0],
}


@dataclass(frozen=True, slots=True)
class PreparedCorpus:
    """A corpus parsed once: its format, articles and each article's mentions (recognition is not re-run)."""

    format: str
    articles: tuple[GoldArticle, ...]
    mentions: tuple[tuple[Mention, ...], ...]


def prepared(parser: Geoparser, *, workers: int = 1) -> list[PreparedCorpus]:
    """Every development corpus, recognised once."""
    corpora = []
    for path in sorted(EVAL.glob("*.xml")):
        corpus = load_corpus(path)
        parsed = parse_articles(parser, corpus.articles, workers=workers)
        corpora.append(PreparedCorpus(corpus.format, corpus.articles,
                                      tuple(tuple(r.mention for r in rs) for rs in parsed)))
    return corpora


def score(corpora: list[PreparedCorpus], resolver: Resolver) -> float:
    """Mean over corpora of Acc@161 over recognised gold toponyms, by the scorer of ``make eval``."""
    accuracies = []
    for corpus in corpora:
        predictions = (
            [to_prediction(r) for r in scored(resolver(article.text, list(mentions)), corpus.format)]
            for article, mentions in zip(corpus.articles, corpus.mentions, strict=True)
        )
        report = score_predictions(corpus.articles, predictions)
        accuracies.append(report.over_recognised.acc161 or 0.0)
    return sum(accuracies) / len(accuracies)


def search(gazetteer: Gazetteer, corpora: list[PreparedCorpus], start: RankingPolicy, rounds: int) -> RankingPolicy:
    """Coordinate search over GRID from ``start``, printing each improvement."""
    best = start
    best_score = score(corpora, Resolver(gazetteer, best))
    print(f"defaults: {best_score:.4f}")
    for _ in range(rounds):
        for key, values in GRID.items():
            for value in values:
                trial = best.with_values(**{key: value})
                trial_score = score(corpora, Resolver(gazetteer, trial))
                if trial_score > best_score + 1e-9:
                    best, best_score = trial, trial_score
                    print(f"{key}={value}: {best_score:.4f}")
    print("best:", best.flat(), f"score {best_score:.4f}")
    return best


def main() -> None:
    """Parse the corpora once, then run the coordinate search from the default policy."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rounds", type=int, default=2)
    options.add_argument("--workers", type=int, default=1, help="processes for the one parse of the corpora")
    args = options.parse_args()
    gazetteer = Gazetteer.default()
    parser = Geoparser(gazetteer)
    search(gazetteer, prepared(parser, workers=args.workers), DEFAULT_POLICY, args.rounds)


if __name__ == "__main__":
    main()
