"""List the resolution errors on the development corpora (../shared/eval), each with its cause, and count causes.

Gold and predictions are paired by the matcher of ``make eval`` (``geo.evaluation.scoring.match``, overlapping
spans, one to one) over the predictions ``make eval`` scores (``geo.evaluation.predict``), so the errors listed are
the errors counted. For every recognised gold toponym resolved more than 161 km away (or left unresolved) it prints
the gold name and GeoNames id, what we chose, the distance, and a cause: ``coverage`` (the gold place is not in the
gazetteer), ``coordinates`` (we chose the gold place but our point for it differs), ``ranking`` (the gold place was
a runner-up) or ``recognition`` (the gold place is in the gazetteer but not among the runner-ups: mostly a span or
name that differs from the gold's, "Cambridge" of "Cambridge Analytica"); ``no-gold-id`` when the gold has only
coordinates.

It also lists, over every scored mention, the names placed approximately (``approximate``: at a container or by
offset from a reference, with its ``located_by`` id and, when gold matches, the error) and the container violations
(``container-violation``: "X, Y" written in the text with X resolved outside the area Y resolved to).

    .venv/bin/python -m geo.evaluation.errors_report [CORPUS.xml ...] [--cause ranking] [--workers 2]
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from geo.core.model import Resolution
from geo.core.pipeline import Geoparser
from geo.core.resolution import written_container
from geo.core.spatial import haversine_km
from geo.evaluation import default_eval_dir
from geo.evaluation.predict import parse_articles, scored, to_prediction
from geo.evaluation.scoring import ACC_KM, GoldToponym, load_corpus, match
from geo.store.gazetteer import Gazetteer

EVAL = default_eval_dir()


def main() -> None:
    """Print each error with its cause, then the counts per corpus."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("corpora", nargs="*", type=Path)
    options.add_argument("--cause", help="only print errors with this cause (or approximate, container-violation)")
    options.add_argument("--workers", type=int, default=1, help="processes for parsing the corpora")
    args = options.parse_args()
    gazetteer = Gazetteer.default()
    parser = Geoparser(gazetteer)
    known = {record.geonames_id for record in gazetteer if record.geonames_id is not None}  # through the store's API
    for path in args.corpora or sorted(EVAL.glob("*.xml")):
        corpus = load_corpus(path)
        causes: Counter[str] = Counter()
        total = 0
        placements: Counter[str] = Counter()
        for article, resolutions in zip(corpus.articles, parse_articles(parser, corpus.articles, workers=args.workers),
                                        strict=True):
            kept = scored(resolutions, corpus.format)
            _, overlap = match(article.toponyms, [to_prediction(r) for r in kept])
            gold_of = {j: article.toponyms[i] for i, j in overlap.items()}
            for line, kind in _placements(parser, path.stem, article.text, kept, gold_of):
                placements[kind] += 1
                if not args.cause or args.cause == kind:
                    print(line)
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
                if gold.geonames_id is None:
                    cause = "no-gold-id"  # the corpus gives only coordinates (our conflict set): cause unknown
                elif place is not None and place.geonames_id == gold.geonames_id:
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
        print(f"# {path.stem}: {total} recognised with coordinates; errors by cause: {dict(causes.most_common())}; "
              f"placements: {dict(placements.most_common())}")


def _placements(parser: Geoparser, stem: str, text: str, kept: list[Resolution], gold_of: dict[int, GoldToponym]
                ) -> Iterator[tuple[str, str]]:
    """(line, kind) for each approximate placement and each container violation among an article's resolutions."""
    for j, r in enumerate(kept):
        gold = gold_of.get(j)
        error = (f"{haversine_km(gold.lat, gold.lon, r.place.lat, r.place.lon):.0f} km"
                 if gold is not None and gold.has_coordinates and r.place is not None else "no gold")
        if r.approximate:
            yield (f"{stem}\tapproximate\t{r.mention.text!r}\t-> {r.place.name} [{r.place.feature_code}] located by "
                   f"{r.located_by}\t{error}"), "approximate"
        if j + 1 < len(kept) and r.place is not None and not r.approximate and \
                r.place.feature_type not in parser.resolve.policy.groups.peers:  # "Syria, Iraq": a list of peers
            outer = kept[j + 1]
            if outer.place is not None and outer.place.feature_type in parser.resolve.policy.groups.bounding and \
                    written_container(text, r.mention, outer.mention) and \
                    not parser.resolve.inside(r.place, outer.place) and r.place.id != outer.place.id:
                yield (f"{stem}\tcontainer-violation\t{r.mention.text!r}, {outer.mention.text!r}\t-> "
                       f"{r.place.name} [{r.place.country_code} {r.place.admin1_code}] outside {outer.place.name} "
                       f"[{outer.place.feature_type} {outer.place.country_code} {outer.place.admin1_code}]\t{error}"
                       ), "container-violation"


if __name__ == "__main__":
    main()
