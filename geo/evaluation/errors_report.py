"""List the resolution errors on the development corpora (../shared/eval), each with its cause, and count causes.

For every recognised gold toponym resolved more than 161 km away (or left unresolved) it prints the gold name and
GeoNames id, what we chose, the distance, and a cause: ``coverage`` (the gold place is not in the gazetteer),
``coordinates`` (we chose the gold place but our point for it differs), ``ranking`` (the gold place was a runner-up)
or ``recognition`` (the gold place is in the gazetteer but not among the runner-ups: mostly a span or name that
differs from the gold's, "Cambridge" of "Cambridge Analytica").

    .venv/bin/python -m geo.evaluation.errors_report [CORPUS.xml ...] [--cause ranking]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from geo.evaluation import default_eval_dir
from geo.evaluation.scoring import load_corpus
from geo.store.gazetteer import Gazetteer
from geo.core.model import Document
from geo.core.pipeline import Geoparser
from geo.core.spatial import haversine_km

EVAL = default_eval_dir()


def main() -> None:
    """Print each error with its cause, then the counts per corpus."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("corpora", nargs="*", type=Path)
    options.add_argument("--cause", help="only print errors with this cause")
    args = options.parse_args()
    gazetteer = Gazetteer.default()
    parser = Geoparser(gazetteer)
    known = {
        gid for layer in gazetteer.layers
        for (gid,) in layer.conn.execute("SELECT geonames_id FROM places WHERE geonames_id IS NOT NULL")
    }
    for path in args.corpora or sorted(EVAL.glob("*.xml")):
        causes: Counter[str] = Counter()
        total = 0
        for article in load_corpus(path).articles:
            resolutions = parser.parse_document(Document("e", article.text))
            for gold in article.toponyms:
                if gold.lat is None:
                    continue
                match = next((r for r in resolutions if r.mention.start < gold.end and gold.start < r.mention.end),
                             None)
                if match is None:
                    continue
                total += 1
                place = match.place
                error = haversine_km(gold.lat, gold.lon, place.lat, place.lon) if place else None
                if error is not None and error <= 161:
                    continue
                candidate_ids = {c.record.geonames_id for c in match.alternatives}
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
