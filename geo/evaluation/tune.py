"""Tune the resolution weights on the development corpora (../shared/eval): a coordinate search, printed.

Recognition runs once per article; each candidate setting of ``geo.core.resolution.Weights`` re-runs resolution only and
is scored by Acc@161 over the recognised gold toponyms of both corpora together (mean of the two). The best setting
is printed; copying it into ``Weights``' defaults is a deliberate, reviewed step.

    .venv/bin/python -m geo.evaluation.tune [--rounds 2]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from geo.evaluation import default_eval_dir
from geo.evaluation.scoring import load_corpus
from geo.store.gazetteer import Gazetteer
from geo.core.model import Document
from geo.core.pipeline import Geoparser
from geo.core.resolution import Resolver, Weights
from geo.core.spatial import haversine_km

EVAL = default_eval_dir()
GRID = {
    "context_country": [1.0, 2.0, 3.0, 4.0],
    "context_admin1": [0.0, 1.5, 3.0],
    "proximity": [0.0, 1.0, 2.0],
    "alternate": [0.0, 0.3, 0.6],
    "city_of_same_name": [0.0, 1.2, 2.0],
    "container_country": [2.0, 4.0, 6.0],
    "shadowed_alternate": [0.0, -1.0, -1.5, -2.5],
}


def prepared(gazetteer: Gazetteer) -> list[list[tuple]]:
    """Per corpus: (text, mentions, gold toponyms with coordinates) for every article."""
    parser = Geoparser(gazetteer)
    corpora = []
    for path in sorted(EVAL.glob("*.xml")):
        items = []
        for article in load_corpus(path).articles:
            mentions = parser.recognize(Document("e", article.text))
            items.append((article.text, mentions, [g for g in article.toponyms if g.lat is not None]))
        corpora.append(items)
    return corpora


def score(corpora: list[list[tuple]], resolver: Resolver) -> float:
    """Mean over corpora of Acc@161 over recognised gold toponyms."""
    accuracies = []
    for items in corpora:
        hits = total = 0
        for text, mentions, gold in items:
            resolutions = resolver(text, mentions)
            for g in gold:
                match = next((r for r in resolutions if r.mention.start < g.end and g.start < r.mention.end), None)
                if match is None:
                    continue
                total += 1
                hits += match.place is not None and haversine_km(g.lat, g.lon, match.place.lat, match.place.lon) <= 161
        accuracies.append(hits / max(total, 1))
    return sum(accuracies) / len(accuracies)


def main() -> None:
    """Coordinate search over GRID, starting from the current defaults."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rounds", type=int, default=2)
    args = options.parse_args()
    gazetteer = Gazetteer.default()
    corpora = prepared(gazetteer)
    best = Weights()
    best_score = score(corpora, Resolver(gazetteer, best))
    print(f"defaults: {best_score:.4f}")
    for _ in range(args.rounds):
        for field, values in GRID.items():
            for value in values:
                trial = dataclasses.replace(best, **{field: value})
                trial_score = score(corpora, Resolver(gazetteer, trial))
                if trial_score > best_score + 1e-9:
                    best, best_score = trial, trial_score
                    print(f"{field}={value}: {best_score:.4f}")
    print("best:", {f.name: getattr(best, f.name) for f in dataclasses.fields(best)}, f"score {best_score:.4f}")


if __name__ == "__main__":
    main()
