"""List the resolution errors on the development corpora (../shared/eval), each with its cause, and count causes.

Gold and predictions are paired by the matcher of ``make eval`` (``geo.evaluation.scoring.match``, overlapping
spans, one to one) over the predictions ``make eval`` scores (``geo.evaluation.predict``), so the errors listed are
the errors counted. For every recognised gold toponym resolved more than 161 km away (or left unresolved) it prints
the gold name and GeoNames id, what we chose, the distance, and a cause: ``coverage`` (the gold place is not in the
gazetteer), ``coordinates`` (we chose the gold place but our point for it differs), ``ranking`` (the gold place was
a runner-up) or ``recognition`` (the gold place is in the gazetteer but not among the runner-ups: mostly a span or
name that differs from the gold's, "Cambridge" of "Cambridge Analytica").

    .venv/bin/python -m geo.evaluation.errors_report [CORPUS.xml ...] [--cause ranking] [--workers 2]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from geo.core.pipeline import Geoparser
from geo.core.spatial import haversine_km
from geo.evaluation import default_eval_dir
from geo.evaluation.predict import parse_articles, scored, to_prediction
from geo.evaluation.scoring import ACC_KM, load_corpus, match
from geo.store.gazetteer import Gazetteer

EVAL = default_eval_dir()


def main() -> None:
    """Print each error with its cause, then the counts per corpus."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("corpora", nargs="*", type=Path)
    options.add_argument("--cause", help="only print errors with this cause")
    options.add_argument("--workers", type=int, default=1, help="processes for parsing the corpora")
    args = options.parse_args()
    gazetteer = Gazetteer.default()
    parser = Geoparser(gazetteer)
    known = {record.geonames_id for record in gazetteer if record.geonames_id is not None}  # through the store's API
    for path in args.corpora or sorted(EVAL.glob("*.xml")):
        corpus = load_corpus(path)
        causes: Counter[str] = Counter()
        total = 0
        for article, resolutions in zip(corpus.articles, parse_articles(parser, corpus.articles, workers=args.workers),
                                        strict=True):
            kept = scored(resolutions, corpus.format)
            _, overlap = match(article.toponyms, [to_prediction(r) for r in kept])
            for i, gold in enumerate(article.toponyms):
                if not gold.has_coordinates or i not in overlap:
                    continue
                total += 1
                chosen_resolution = kept[overlap[i]]
                place = chosen_resolution.place
                error = haversine_km(gold.lat, gold.lon, place.lat, place.lon) if place else None
                if error is not None and error <= ACC_KM:
                    continue
                candidate_ids = {c.record.geonames_id for c in chosen_resolution.alternatives}
                if place is not None and place.geonames_id == gold.geonames_id:
                    cause = "coordinates"
                elif gold.geonames_id is not None and gold.geonames_id in candidate_ids:
                    cause = "ranking"
                elif gold.geonames_id not in known:
                    cause = "coverage"
                else:
                    cause = "recognition"
                causes[cause] += 1
                if args.cause and cause != args.cause:
                    continue
                chosen = (f"{place.name} [{place.feature_type} {place.country_code} gn{place.geonames_id}]"
                          if place else "-")
                print(f"{path.stem}\t{cause}\t{gold.text!r}\tgold gn{gold.geonames_id} ({gold.lat:.2f},{gold.lon:.2f})"
                      f"\t-> {chosen}\t{'unresolved' if error is None else f'{error:.0f} km'}")
        print(f"# {path.stem}: {total} recognised with coordinates; errors by cause: {dict(causes.most_common())}")


if __name__ == "__main__":
    main()
