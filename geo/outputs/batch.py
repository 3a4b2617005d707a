"""Batch geoparsing of large corpora: documents stream through worker processes (or Dask) and come back in order.

The parent reads the corpus record by record (a bad record is reported with its line number and skipped), sends
chunks of documents to workers that each load the gazetteer and the parser once, and receives small JSON-ready
results per document in input order. Only a few chunks per worker are ever in flight, so memory stays flat however
large the corpus; every output format but the place ones (which aggregate per place) is written as results arrive.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import closing
from dataclasses import dataclass, replace
from itertools import chain, islice
from typing import IO, TYPE_CHECKING, Any, NamedTuple, TypeVar

from tqdm import tqdm

from geo.core.documents import BadRecord, OnError, PathArg, iter_documents
from geo.core.model import Document, ParseResult, Resolution

if TYPE_CHECKING:
    import pyarrow

    from geo.core.pipeline import Geoparser

ENGINES = ("processes", "dask")
FORMATS = ("mentions", "geojson", "csv", "mentions-geojson", "mentions-csv", "geoparquet")
PLACE_FORMATS = frozenset({"geojson", "csv"})
DEFAULT_CHUNK_SIZE = 8
# Chunks queued per worker: two keep every worker busy while the parent collects, and bound what is held in memory.
IN_FLIGHT_PER_WORKER = 2
PARQUET_BATCH_ROWS = 20_000

T = TypeVar("T")
Transform = Callable[[Document, list[Resolution]], T]


# ---------------------------------------------------------------------------------------------------- worker side


class ParserSpec(NamedTuple):
    """Which parser a worker builds: the gazetteer artifacts (None: the default ones) and the optional NER."""

    gazetteer: tuple[str, ...] | None = None
    ner: str | None = None


_parsers: dict[ParserSpec, Geoparser] = {}
_parsers_lock = threading.Lock()
_initialisations = 0


def parser_initialisations() -> int:
    """How many parsers this process has built; stays 1 per worker however many tasks it runs (checked by tests)."""
    return _initialisations


def worker_parser(spec: ParserSpec = ParserSpec()) -> Geoparser:
    """This process's parser for a spec, built on first use and reused by every later task (one load per worker)."""
    global _initialisations
    with _parsers_lock:
        parser = _parsers.get(spec)
        if parser is None:
            from geo.store.gazetteer import Gazetteer
            from geo.core.pipeline import Geoparser

            gazetteer = Gazetteer.default() if spec.gazetteer is None else Gazetteer(list(spec.gazetteer))
            parser = Geoparser(gazetteer, ner=spec.ner)
            _parsers[spec] = parser
            _initialisations += 1
        return parser


class Failed(NamedTuple):
    """A document the parser raised on: reported as a skipped record instead of ending the run."""

    doc_id: str
    source: str
    error: str


def parse_chunk(documents: Sequence[Document], spec: ParserSpec, transform: Transform[T]) -> list[T | Failed]:
    """Parse a chunk of documents with this process's parser and transform each result (runs in the workers)."""
    parser = worker_parser(spec)
    results: list[T | Failed] = []
    for document in documents:
        try:
            results.append(transform(document, parser.parse_document(document)))
        except Exception as exc:  # one document the parser cannot handle must not end a run over millions
            results.append(Failed(document.id, document.source, f"{type(exc).__name__}: {exc}"))
    return results


# ---------------------------------------------------------------------------------------------------- transforms
# Each turns one parsed document into what an output format needs, in the worker, so only small data crosses over.


def _single(document: Document, resolutions: list[Resolution]) -> ParseResult:
    return ParseResult((document,), tuple(resolutions), ())


def document_record(document: Document, resolutions: list[Resolution]) -> dict[str, Any]:
    """The ``mentions`` format object of a document (``export.document_records``), as picklable plain data."""
    from geo.outputs.export import document_records

    return next(iter(document_records(_single(document, resolutions))))


def json_record(document: Document, resolutions: list[Resolution]) -> str:
    """The ``mentions`` object as one JSON line, serialised in the worker so the parent only writes strings."""
    return json.dumps(document_record(document, resolutions), ensure_ascii=False)


def mention_csv_rows(document: Document, resolutions: list[Resolution]) -> str:
    """The document's ``mentions-csv`` rows (``export.mentions_csv`` without its header line)."""
    from geo.outputs.export import mentions_csv

    return mentions_csv(_single(document, resolutions)).split("\n", 1)[1]


def mention_features(document: Document, resolutions: list[Resolution]) -> str:
    """The document's ``mentions-geojson`` features, JSON-encoded and joined as in the whole FeatureCollection."""
    from geo.outputs.export import mentions_geojson

    features = mentions_geojson(_single(document, resolutions))["features"]
    return ", ".join(json.dumps(feature, ensure_ascii=False) for feature in features)


class DocumentPlaces(NamedTuple):
    """What place aggregation needs from a document: its id, its title and its resolved mentions."""

    doc_id: str
    title: str | None
    resolutions: tuple[Resolution, ...]


def place_resolutions(document: Document, resolutions: list[Resolution]) -> DocumentPlaces:
    """The document's resolved mentions, for :class:`PlaceCollector` (unresolved ones never reach a place)."""
    return DocumentPlaces(document.id, document.title, tuple(r for r in resolutions if r.place is not None))


# ---------------------------------------------------------------------------------------------------- engines


def default_workers() -> int:
    """The cores this process may run on (the default number of workers)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def print_skipped(bad: BadRecord) -> None:
    """Report a skipped record on stderr without breaking the progress bar."""
    tqdm.write(f"skipped {bad}", file=sys.stderr)


def _batches(items: Iterator[T], size: int) -> Iterator[list[T]]:
    while batch := list(islice(items, size)):
        yield batch


def _in_process(chunks: Iterable[list[Document]], spec: ParserSpec, transform: Transform[T]) -> Iterator[list]:
    for chunk in chunks:
        yield parse_chunk(chunk, spec, transform)


def _with_processes(
    chunks: Iterable[list[Document]], workers: int, spec: ParserSpec, transform: Transform[T]
) -> Iterator[list]:
    """Chunk results from a spawned process pool, in submission order, with a bounded number in flight."""
    # spawn, not fork: the parent may hold SQLite connections and threads (the progress bar's, Dask's).
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    pending: deque[Future] = deque()
    try:
        for chunk in chunks:
            pending.append(pool.submit(parse_chunk, chunk, spec, transform))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _with_dask(
    chunks: Iterator[list[Document]],
    chunk_size: int,
    workers: int,
    scheduler: str | None,
    spec: ParserSpec,
    transform: Transform[T],
) -> Iterator[list]:
    """Chunk results from Dask: each block of chunks is a dask.bag (one partition per chunk), two blocks in flight."""
    import logging

    import dask.bag
    from distributed import Client, LocalCluster

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR)
    client = Client(scheduler or cluster)
    pending: deque[Any] = deque()  # distributed futures
    try:
        block_chunks = max(1, len(client.scheduler_info()["workers"])) * IN_FLIGHT_PER_WORKER
        for block in _batches(chunks, block_chunks):
            bag = dask.bag.from_sequence(list(chain.from_iterable(block)), partition_size=chunk_size)
            pending.append(client.compute(bag.map_partitions(parse_chunk, spec, transform)))
            if len(pending) >= 2:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def parse_documents(
    documents: Iterable[Document],
    *,
    workers: int | None = None,
    engine: str = "processes",
    scheduler: str | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    on_error: OnError = print_skipped,
    progress: bool = True,
    gazetteer: Sequence[PathArg] | None = None,
    ner: str | None = None,
    transform: Transform[T] = document_record,
) -> Iterator[T]:
    """Parse documents on ``workers`` processes (or Dask); yield ``transform(document, resolutions)`` in input order.

    Streaming: documents are pulled only as workers free up. ``workers=1`` parses in this process, and so does the
    ``processes`` engine when the input fits in one chunk (nothing to share out). ``transform`` must be a module-level
    function (it runs in the workers); a document the parser raises on goes to ``on_error`` and is skipped.
    ``gazetteer`` names artifacts to use instead of the default ones; ``ner`` is ``Geoparser``'s option.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    workers = workers or default_workers()
    if workers < 1 or chunk_size < 1:
        raise ValueError("workers and chunk_size must be at least 1")
    spec = ParserSpec(None if gazetteer is None else tuple(os.fspath(p) for p in gazetteer), ner)
    iterator = iter(documents)
    first = list(islice(iterator, chunk_size))
    chunks = _batches(chain(first, iterator), chunk_size)
    if engine == "dask" or scheduler is not None:
        results = _with_dask(chunks, chunk_size, workers, scheduler, spec, transform)
    elif workers == 1 or len(first) < chunk_size:
        results = _in_process(chunks, spec, transform)
    else:
        results = _with_processes(chunks, workers, spec, transform)
    # closing: a consumer that stops early shuts the pool or cluster down now, not whenever the generator is collected
    with closing(results), tqdm(desc="parsing", unit="doc", file=sys.stderr, disable=not progress,
                                dynamic_ncols=True) as bar:
        for chunk_results in results:
            for result in chunk_results:
                if isinstance(result, Failed):
                    on_error(BadRecord(result.source or result.doc_id, None,
                                       f"document {result.doc_id!r} not parsed ({result.error})"))
                else:
                    yield result
            bar.update(len(chunk_results))


def parse_corpus(
    paths: PathArg | Iterable[PathArg],
    *,
    workers: int | None = None,
    engine: str = "processes",
    scheduler: str | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    on_error: OnError = print_skipped,
    progress: bool = True,
    gazetteer: Sequence[PathArg] | None = None,
    ner: str | None = None,
    transform: Transform[T] = document_record,
) -> Iterator[T]:
    """Stream the documents of files and folders (JSON Lines record by record) through :func:`parse_documents`.

    Bad records and unreadable files go to ``on_error`` with their line number and are skipped, never fatal.
    """
    return parse_documents(
        iter_documents(paths, on_error=on_error), workers=workers, engine=engine, scheduler=scheduler,
        chunk_size=chunk_size, on_error=on_error, progress=progress, gazetteer=gazetteer, ner=ner, transform=transform,
    )


# ---------------------------------------------------------------------------------------------------- places


class PlaceCollector:
    """Merges resolved mentions into places document by document, keeping only what a place's feature shows.

    Every mention of a place stays (its quote is in the output), but only the most confident one keeps its reasons
    and alternatives, so :meth:`result` gives the same places as ``merge_places`` over everything at once.
    """

    def __init__(self) -> None:
        self._groups: dict[str, list[Resolution]] = {}
        self._best: dict[str, int] = {}
        self._titles: dict[str, str] = {}

    def add(self, document: DocumentPlaces) -> None:
        """Add one document's resolved mentions, in input order."""
        if document.title and document.resolutions:
            self._titles[document.doc_id] = document.title
        for resolution in document.resolutions:
            place_id = resolution.place.id
            group = self._groups.setdefault(place_id, [])
            if group:
                resolution = replace(resolution, place=group[0].place)  # one record object per place
            best = self._best.get(place_id)
            if best is None or resolution.confidence > group[best].confidence:  # the first of equals stays best
                if best is not None:
                    group[best] = _trimmed(group[best])
                self._best[place_id] = len(group)
                group.append(resolution)
            else:
                group.append(_trimmed(resolution))

    def result(self) -> ParseResult:
        """The places so far, as a ParseResult for ``export.places_geojson`` and ``export.places_csv``."""
        from geo.core.pipeline import merge_places

        titled = tuple(Document(doc_id, "", title=title) for doc_id, title in self._titles.items())
        return ParseResult(titled, (), merge_places(chain.from_iterable(self._groups.values())))


def _trimmed(resolution: Resolution) -> Resolution:
    """A resolution without what only the best mention of a place shows (reasons, alternatives, evidence)."""
    return replace(resolution, mention=replace(resolution.mention, evidence=()), alternatives=(), reasons=())


# ---------------------------------------------------------------------------------------------------- GeoParquet


def _mentions_schema() -> pyarrow.Schema:
    """The Arrow schema of ``export.mentions_frame`` rows, fixed so that every row group agrees."""
    import pyarrow as pa
    import pyproj

    text, number, integer = pa.string(), pa.float64(), pa.int64()
    alternative = pa.struct([("place_id", text), ("name", text), ("feature_type", text), ("country_code", text),
                             ("score", number)])
    geo = {
        "version": "1.1.0",
        "primary_column": "geometry",
        "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Point"],
                                 "crs": pyproj.CRS("EPSG:4326").to_json_dict()}},
        "creator": {"library": "conflict-map"},
    }
    return pa.schema(
        [("text", text), ("start", integer), ("end", integer), ("lat", number), ("lon", number), ("place_id", text),
         ("name", text), ("feature_type", text), ("country_code", text), ("confidence", number),
         ("metonymic", pa.bool_()), ("kind", text), ("cue", text), ("geometry_type", text),
         ("reasons", pa.list_(text)), ("evidence", pa.list_(text)), ("alternatives", pa.list_(alternative)),
         ("doc", text), ("quote_start", integer), ("quote_end", integer), ("quote_text", text),
         ("geometry", pa.binary())],
        metadata={"geo": json.dumps(geo)},
    )


class MentionParquetWriter:
    """Writes mention rows (the columns of ``export.mentions_frame``) to GeoParquet, one row group per batch."""

    def __init__(self, path: PathArg, batch_rows: int = PARQUET_BATCH_ROWS) -> None:
        import pyarrow.parquet

        self.schema = _mentions_schema()
        self._writer = pyarrow.parquet.ParquetWriter(os.fspath(path), self.schema)
        self._rows: list[dict[str, Any]] = []
        self._batch_rows = batch_rows

    def add(self, record: dict[str, Any]) -> None:
        """Add the mentions of one ``mentions`` record; a full batch is written out."""
        for mention in record["mentions"]:
            row = dict(mention)
            quote = row.pop("quote")
            row.update(doc=record["doc"], quote_start=quote["start"], quote_end=quote["end"], quote_text=quote["text"])
            self._rows.append(row)
        if len(self._rows) >= self._batch_rows:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import shapely

        points = [shapely.Point(row["lon"], row["lat"]) if row["place_id"] is not None else None for row in self._rows]
        for row, wkb in zip(self._rows, shapely.to_wkb(points).tolist()):
            row["geometry"] = wkb
        self._writer.write_table(pa.Table.from_pylist(self._rows, schema=self.schema))
        self._rows = []

    def close(self) -> None:
        """Write the last batch and the file footer."""
        if self._rows:
            self._flush()
        self._writer.close()


# ---------------------------------------------------------------------------------------------------- writing


@dataclass
class RunSummary:
    """What a run did: documents parsed and records skipped."""

    documents: int = 0
    skipped: int = 0


_TRANSFORMS: dict[str, Transform[Any]] = {
    "mentions": json_record, "mentions-csv": mention_csv_rows, "mentions-geojson": mention_features,
    "geoparquet": document_record, "geojson": place_resolutions, "csv": place_resolutions,
}


def write_corpus(
    paths: PathArg | Iterable[PathArg],
    fmt: str,
    output: PathArg | None = None,
    *,
    on_error: OnError = print_skipped,
    include_demonyms: bool = False,
    **engine: Any,
) -> RunSummary:
    """Parse a corpus and write it in ``fmt`` to ``output`` (stdout when None) as results arrive, in input order.

    ``engine`` takes the options of :func:`parse_documents`. Place formats (geojson, csv) aggregate per place and
    are written at the end, without places reached only through demonyms unless ``include_demonyms`` (as on the
    map); the others stream. The bytes equal ``python -m geo parse`` on the same input in memory.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    summary = RunSummary()

    def skipped(bad: BadRecord) -> None:
        summary.skipped += 1
        on_error(bad)

    results = parse_corpus(paths, on_error=skipped, transform=_TRANSFORMS[fmt], **engine)
    if fmt == "geoparquet":
        if output is None:
            raise ValueError("geoparquet is binary: give an output file")
        writer = MentionParquetWriter(output)
        try:
            for record in results:
                writer.add(record)
                summary.documents += 1
        finally:
            writer.close()
        return summary
    out = open(output, "w", encoding="utf-8", newline="") if output is not None else sys.stdout
    try:
        _write_text(results, fmt, out, summary, engine.get("gazetteer"), include_demonyms)
    finally:
        if out is not sys.stdout:
            out.close()
    return summary


def _write_text(
    results: Iterator[Any], fmt: str, out: IO[str], summary: RunSummary, gazetteer: Sequence[PathArg] | None,
    include_demonyms: bool,
) -> None:
    """Write the text formats: mention formats line by line as they come, place formats once aggregated."""
    from geo.outputs import export

    if fmt in PLACE_FORMATS:
        collector = PlaceCollector()
        for document in results:
            collector.add(document)
            summary.documents += 1
        result = collector.result()
        if fmt == "csv":
            out.write(export.places_csv(result, include_demonyms=include_demonyms))
        else:
            from geo.store.gazetteer import Gazetteer

            shapes = Gazetteer.default() if gazetteer is None else Gazetteer(list(gazetteer))
            json.dump(export.places_geojson(result, shapes, include_demonyms=include_demonyms), out,
                      ensure_ascii=False)
            out.write("\n")
        return
    if fmt == "mentions-csv":
        out.write(export.mentions_csv(ParseResult((), (), ())))  # the header
    elif fmt == "mentions-geojson":
        out.write('{"type": "FeatureCollection", "features": [')
    separator = ""
    for text in results:
        summary.documents += 1
        if fmt == "mentions":
            out.write(text + "\n")
        elif fmt == "mentions-csv":
            out.write(text)
        elif text:
            out.write(separator + text)
            separator = ", "
    if fmt == "mentions-geojson":
        out.write("]}\n")
