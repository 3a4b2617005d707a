"""Command line: ``python -m geo {geocode,parse,map,eval,bench,gazetteer,lexicon}``; -h gives each command's help."""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from geo.errors import EXIT_CODES, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_NOTHING, EXIT_USAGE, GeoError
from geo.evaluation import default_corpora, default_eval_dir

GEOCODE_FIELDS = ("id", "name", "lat", "lon", "feature_type", "feature_code", "country_code", "admin1", "admin2",
                  "population", "geometry_type")


def _print_json(obj: Any, out: TextIO = sys.stdout) -> None:
    out.write(json.dumps(obj, ensure_ascii=False) + "\n")


# -- geocode ------------------------------------------------------------------------------------------------------
def cmd_geocode(args: argparse.Namespace) -> int:
    from geo.store.gazetteer import Gazetteer

    gazetteer = Gazetteer.default()
    records = gazetteer.lookup(args.name, country=args.country, feature_types=args.type or None, limit=args.limit)
    if not records:
        print(f"no place named {args.name!r} in the gazetteer", file=sys.stderr)
        return 1
    for r in records:
        _print_json({
            "id": r.id, "name": r.name, "lat": r.lat, "lon": r.lon, "feature_type": r.feature_type,
            "feature_code": r.feature_code, "country_code": r.country_code,
            "admin1": r.admin1_name or r.admin1_code, "admin2": r.admin2_name or r.admin2_code,
            "population": r.population, "geometry_type": r.geometry_type,
            "admin1_code": r.admin1_code, "admin2_code": r.admin2_code, "geonames_id": r.geonames_id,
            "source": r.source,
        })
    return 0


# -- gazetteer ----------------------------------------------------------------------------------------------------
def cmd_gazetteer_info(args: argparse.Namespace) -> int:
    from geo.store.gazetteer import Gazetteer

    info = Gazetteer.default().info()
    if args.json:
        _print_json(info)
        return 0
    for layer in info["layers"]:
        print(f"artifact   {layer['path']} ({layer['mode']})")
        print(f"size       {layer['size_bytes'] / 1e6:.1f} MB   sha256 {layer['sha256']}")
        print(f"places     {layer['places']:,}   names {layer['names']:,} ({layer['name_keys']:,} distinct keys)")
        print("by type    " + ", ".join(f"{k} {v:,}" for k, v in layer["by_feature_type"].items()))
        print("geometry   " + ", ".join(f"{k} {v:,}" for k, v in layer["by_geometry_type"].items()))
        for source in layer["sources"]:
            print(f"source     {source.get('name')} {source.get('version', '')}  ({source.get('licence', '')})"
                  f"  {source.get('what', '')}")
        built = layer.get("built_with") or {}
        if built:
            print("built with " + ", ".join(f"{k} {v}" for k, v in built.items()))
        print()
    print("attribution: " + info["attribution"])
    return 0


def cmd_gazetteer_build(args: argparse.Namespace) -> int:
    from geo.store.gazetteer import DEFAULT_ARTIFACT
    from geo.build.gazetteer_build import build

    manifest = build(Path(args.output) if args.output else DEFAULT_ARTIFACT, progress=not args.quiet)
    artifact = manifest["artifact"]
    print(f"wrote {artifact['file']} ({artifact['size_bytes'] / 1e6:.1f} MB, sha256 {artifact['sha256']})")
    return 0


def cmd_import_geonames(args: argparse.Namespace) -> int:
    from geo.build.geonames_import import import_geonames

    manifest = import_geonames(
        [Path(f) for f in args.files],
        output=Path(args.output) if args.output else None,
        mode=args.mode,
        alternate_names=Path(args.alternate_names) if args.alternate_names else None,
        admin_codes=[Path(f) for f in args.admin_codes or []],
        min_population=args.min_population,
        feature_classes=args.feature_classes,
        progress=not args.quiet,
    )
    artifact = manifest["artifact"]
    print(f"imported {manifest['counts']['places']:,} places into {artifact['file']} "
          f"({artifact['size_bytes'] / 1e6:.1f} MB, mode {manifest['mode']})")
    return 0


def cmd_lexicon_build(args: argparse.Namespace) -> int:
    from geo.build.lexicon_build import LEXICON_PATH, build_lexicon

    build_lexicon()
    print(f"wrote {LEXICON_PATH}")
    return 0


# -- parse and map ------------------------------------------------------------------------------------------------
def _read_inputs(paths: Sequence[str]) -> tuple[list, list]:
    """The documents of the paths, and the bad records skipped while reading them (each printed on stderr)."""
    from geo.core.documents import BadRecord, iter_documents

    skipped: list[BadRecord] = []

    def report(bad: BadRecord) -> None:
        skipped.append(bad)
        print(f"skipped {bad}", file=sys.stderr)

    documents = list(iter_documents([Path(p) for p in paths], on_error=report))
    return documents, skipped


def cmd_parse(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from geo.outputs.batch import write_corpus

    if args.format == "geoparquet" and not args.output:
        print("error: --format geoparquet writes a binary file: give it with -o FILE", file=sys.stderr)
        return EXIT_USAGE
    engine = "dask" if args.scheduler else args.engine
    summary = write_corpus(args.paths, args.format, args.output, workers=args.workers, engine=engine,
                           scheduler=args.scheduler, progress=not args.quiet, ner=args.ner,
                           include_demonyms=args.demonyms, include_text=args.with_text)
    tqdm.write(f"parsed {summary.documents:,} document(s); {summary.skipped:,} bad record(s) skipped", file=sys.stderr)
    return EXIT_NOTHING if summary.documents == 0 else 0  # nothing readable: a script should notice


def cmd_map(args: argparse.Namespace) -> int:
    from geo.core.documents import BadRecord
    from geo.core.pipeline import Geoparser
    from geo.errors import OutputError
    from geo.outputs.batch import check_output
    from geo.outputs.export import places_frame
    from geo.outputs.mapping import basemap_from_gazetteer, labels_from_gazetteer, write_standalone_map

    check_output(args.output)  # as parse -o: a missing folder is refused before any work, never created
    documents, skipped = _read_inputs(args.paths)
    if not documents:
        print(f"error: no readable document to map ({len(skipped)} bad record(s) skipped)", file=sys.stderr)
        return EXIT_NOTHING
    def refused(bad: BadRecord) -> None:
        skipped.append(bad)
        print(f"skipped {bad}", file=sys.stderr)

    parser = Geoparser(ner=args.ner)
    result = parser.parse(documents, on_error=refused, progress=len(documents) > 1)
    frame = places_frame(result, parser.gazetteer)
    if not args.demonyms:
        frame = frame[~frame["demonym_only"]]
    try:
        path = write_standalone_map(frame, Path(args.output), basemap=basemap_from_gazetteer(parser.gazetteer),
                                    title=args.title, labels=labels_from_gazetteer(parser.gazetteer))
    except OSError as exc:
        raise OutputError(f"{args.output}: cannot be written ({exc.strerror or exc})") from exc
    if skipped:
        print(f"{len(skipped)} bad record(s) skipped", file=sys.stderr)
    print(f"wrote {path} ({len(frame)} places)")
    return 0


# -- eval ---------------------------------------------------------------------------------------------------------
def cmd_eval(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from geo.evaluation.scoring import format_report, load_corpus, score_predictions
    from geo.core.pipeline import Geoparser
    from geo.evaluation.predict import corpus_predictions

    paths = [Path(p) for p in args.corpora] or default_corpora()
    if not paths:
        print(f"no corpus given and none found in {default_eval_dir()}", file=sys.stderr)
        return 2
    parser = Geoparser(ner=args.ner)
    reports = {}
    for path in paths:
        corpus = load_corpus(path)
        articles = corpus.articles[:args.limit] if args.limit is not None else corpus.articles
        # one loop over the corpus (geo.pipe), as every other caller parses
        predictions = corpus_predictions(parser, articles, corpus.format, workers=args.workers,
                                         progress=not args.quiet)
        report = replace(score_predictions(articles, predictions), audit=corpus.audit)
        reports[path.name] = report
        print(format_report(report, path.name))
        print()
    if args.json:
        Path(args.json).write_text(json.dumps({k: v.as_dict() for k, v in reports.items()}, indent=2), "utf-8")
    return 0


# -- bench --------------------------------------------------------------------------------------------------------
def cmd_bench(args: argparse.Namespace) -> int:
    from geo.evaluation import bench

    target = list(args.target)
    if target[:1] == ["generate"]:
        if len(target) != 2:
            print("usage: python -m geo bench generate OUT.jsonl [--docs N] [--seed S]", file=sys.stderr)
            return 2
        size = bench.generate_corpus(Path(target[1]), args.docs or bench.DEFAULT_GENERATED_DOCS, seed=args.seed)
        print(f"wrote {target[1]} ({args.docs or bench.DEFAULT_GENERATED_DOCS:,} documents, {size / 1e6:.1f} MB)")
        return 0
    if len(target) > 1:
        print("give at most one corpus", file=sys.stderr)
        return 2
    corpus = Path(target[0]) if target else None
    if args.stream:
        if corpus is None:
            print("--stream needs a corpus: python -m geo bench --stream CORPUS.jsonl", file=sys.stderr)
            return 2
        bench.run_stream(corpus, workers=args.workers or 2)
        return 0
    bench.run_bench(corpus, workers=args.workers, docs=args.docs, seed=args.seed)
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


# -- parser -------------------------------------------------------------------------------------------------------
def _add_ner(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ner", choices=["spacy"], default=None,
                        help="add spaCy's statistical NER as evidence (needs requirements-ner.txt; slower, more recall)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(
        prog="python -m geo",
        description="conflict-map: an offline geoparser. Finds the places news text names, resolves them in an "
                    "offline gazetteer and exports them with their quotes.",
        epilog="exit codes: " + "; ".join(f"{code} {meaning}" for code, meaning in EXIT_CODES),
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("geocode", help="look a place name up in the offline gazetteer (JSON Lines, best first)")
    p.add_argument("name", help="place name, alias or abbreviation (case and diacritics ignored)")
    p.add_argument("--limit", type=int, default=10, help="at most N candidates (default 10)")
    p.add_argument("--country", metavar="CC", help="only places in this ISO 3166-1 alpha-2 country")
    p.add_argument("--type", action="append", metavar="TYPE", help="only this feature type (repeatable)")
    p.set_defaults(func=cmd_geocode)

    p = sub.add_parser("parse", help="geoparse files or folders (.txt .md .html .pdf .jsonl)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    p.add_argument("--format", choices=["mentions", "geojson", "csv", "mentions-geojson", "mentions-csv", "geoparquet"],
                   default="mentions", help="mentions: JSON Lines, one object per document (default); geojson: "
                   "RFC 7946 places; csv: places; mentions-geojson / mentions-csv / geoparquet: one row per mention")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout (required for geoparquet)")
    p.add_argument("--workers", type=_positive, metavar="N",
                   help="parse with N processes (default: all cores; 1: in this process)")
    p.add_argument("--engine", choices=["processes", "dask"], default="processes",
                   help="processes: a local process pool (default); dask: a Dask cluster")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="a Dask scheduler to use (implies --engine dask; default: start a local cluster of N workers)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--demonyms", action="store_true",
                   help="place formats (geojson, csv): also places reached only through demonyms (off the map)")
    p.add_argument("--with-text", action="store_true",
                   help="mentions format: also each document's \"text\", the text every offset refers to (decoded, "
                   "newlines as \\n, NFC, control characters as spaces; for HTML and PDF the extracted text)")
    _add_ner(p)
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("map", help="write a standalone HTML map (opens offline) of the places in PATHs")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the HTML file to write")
    p.add_argument("--title", default="conflict-map", help="page title")
    p.add_argument("--demonyms", action="store_true", help="also map places reached only through demonyms")
    _add_ner(p)
    p.set_defaults(func=cmd_map)

    p = sub.add_parser("eval", help="score the geoparser on GeoWebNews / TR-News / LGL XML corpora")
    p.add_argument("corpora", nargs="*", metavar="CORPUS.xml", help="default: every XML file in ../shared/eval (or $CONFLICT_MAP_EVAL), then eval/*.xml (our conflict-style set)")
    p.add_argument("--limit", type=int, help="only the first N articles")
    p.add_argument("--json", metavar="FILE", help="also write the reports as JSON")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--workers", type=_positive, default=1, metavar="N",
                   help="processes to parse each corpus with (default 1; the figures do not depend on it)")
    _add_ner(p)
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("bench", help="speed, memory and accuracy next to a typical spaCy + gazetteer pipeline",
                       description="python -m geo bench [CORPUS] [--workers N] [--docs N]: cold start, lookup time, "
                       "docs/s on one core and on N workers, peak memory and accuracy, ours next to spaCy's small "
                       "model + gazetteer lookup. `bench generate OUT.jsonl --docs N` writes a synthetic corpus; "
                       "`bench --stream CORPUS.jsonl --workers N` parses it streaming and samples memory over time.")
    p.add_argument("target", nargs="*", metavar="CORPUS",
                   help="a GeoWebNews .xml or a .jsonl corpus (default: the GeoWebNews texts in ../shared/eval when "
                   "present, else a generated corpus); or `generate OUT.jsonl`")
    p.add_argument("--workers", type=_positive, metavar="N",
                   help="workers for the parallel figures (default: all cores)")
    p.add_argument("--docs", type=_positive, metavar="N", help="use N documents (cycling the corpus if it has fewer)")
    p.add_argument("--seed", type=int, default=0, help="seed of the generated corpus (default 0)")
    p.add_argument("--stream", action="store_true", help="parse CORPUS streaming with N workers, sampling memory")
    p.set_defaults(func=cmd_bench)

    g = sub.add_parser("gazetteer", help="build, inspect or extend the offline gazetteer")
    gsub = g.add_subparsers(dest="gazetteer_command", required=True, metavar="ACTION")
    p = gsub.add_parser("info", help="counts by type, sources, versions and checksum")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_gazetteer_info)
    p = gsub.add_parser("build", help="rebuild data/gazetteer.sqlite from the pinned sources (byte-for-byte)")
    p.add_argument("--output", metavar="FILE", help="write here instead of data/gazetteer.sqlite")
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    p.set_defaults(func=cmd_gazetteer_build)
    p = gsub.add_parser("import-geonames", help="import GeoNames dump files into a user-level gazetteer")
    p.add_argument("files", nargs="+", metavar="FILE", help="allCountries.txt, a country file (PK.txt), zipped or not")
    p.add_argument("--alternate-names", metavar="FILE", help="alternateNamesV2.txt (zipped or not)")
    p.add_argument("--admin-codes", nargs="*", metavar="FILE", help="admin1CodesASCII.txt and/or admin2Codes.txt")
    p.add_argument("--mode", choices=["extend", "replace"], default="extend",
                   help="extend the shipped gazetteer (default) or replace it")
    p.add_argument("--min-population", type=int, default=0, help="skip populated places below this population")
    p.add_argument("--feature-classes", metavar="CLASSES", help="only these GeoNames feature classes, e.g. APL")
    p.add_argument("--output", metavar="FILE", help="write here instead of the user gazetteer path")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_import_geonames)

    x = sub.add_parser("lexicon", help="rebuild the word lists recognition uses")
    xsub = x.add_subparsers(dest="lexicon_command", required=True, metavar="ACTION")
    p = xsub.add_parser("build", help="rebuild data/lexicon.json from the pinned packages")
    p.set_defaults(func=cmd_lexicon_build)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command. Every expected failure (a GeoError) becomes one line on stderr and its own exit code (see
    ``--help``); anything else is a bug: its traceback, one line saying so, and exit code 70."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except GeoError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # the reader (``| head``) left: not an error; keep the interpreter from complaining
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (closed at exit)
        except OSError:
            pass
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug: never disguised as bad input or a skipped record
        traceback.print_exc(file=sys.stderr)
        print(f"error: internal error ({type(exc).__name__}: {exc}); this is a bug in conflict-map, not in your "
              "input: please report it with the traceback above", file=sys.stderr)
        return EXIT_INTERNAL
