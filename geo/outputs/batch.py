"""Batch geoparsing of large corpora: files stream through :func:`geo.core.pipeline.pipe` into the output writers.

The parent reads the corpus record by record (a bad record is reported with its line number and skipped) and hands
the documents to ``pipe``, the one loop, which shares them out to worker processes (or Dask) and yields small
JSON-ready results per document in input order. Memory stays flat however large the corpus; every output format but
the place ones (which aggregate per place) is written as results arrive.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import chain
from typing import IO, TYPE_CHECKING, Any, NamedTuple, TypeVar

from tqdm import tqdm

from geo.core.documents import BadRecord, OnError, PathArg, iter_documents
from geo.core.model import Document, ParseResult, Resolution
from geo.core.pipeline import (  # noqa: F401  (re-exported: the engine's names, where batch users knew them)
    DEFAULT_CHUNK_SIZE, ENGINES, IN_FLIGHT_PER_WORKER, ParserSpec, Transform, default_workers, parse_chunk,
    parser_initialisations, pipe, worker_parser,
)
from geo.errors import OutputError

if TYPE_CHECKING:
    import pyarrow

FORMATS = ("mentions", "geojson", "csv", "mentions-geojson", "mentions-csv", "geoparquet")
PLACE_FORMATS = frozenset({"geojson", "csv"})
PARQUET_BATCH_ROWS = 20_000

T = TypeVar("T")


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


def json_record_with_text(document: Document, resolutions: list[Resolution]) -> str:
    """The ``mentions`` JSON line with the document's ``text`` too: the text every offset refers to (Document.text)."""
    record = document_record(document, resolutions)
    record["text"] = document.text
    return json.dumps(record, ensure_ascii=False)


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
    """What place aggregation needs from a document: its id, title, resolved mentions and ISO date."""

    doc_id: str
    title: str | None
    resolutions: tuple[Resolution, ...]
    date: str | None = None


def place_resolutions(document: Document, resolutions: list[Resolution]) -> DocumentPlaces:
    """The document's resolved mentions and date, for :class:`PlaceCollector` (unresolved ones never reach a place);
    the date is read here, in the worker, where the text (and so a dateline) still is."""
    from geo.core.dates import document_date

    return DocumentPlaces(document.id, document.title, tuple(r for r in resolutions if r.place is not None),
                          document_date(document))


# ---------------------------------------------------------------------------------------------------- engines


def print_skipped(bad: BadRecord) -> None:
    """Report a skipped record on stderr without breaking the progress bar."""
    tqdm.write(f"skipped {bad}", file=sys.stderr)


def parse_documents(
    documents: Iterable[Document],
    *,
    workers: int | None = None,
    on_error: OnError = print_skipped,
    progress: bool = True,
    transform: Transform[T] = document_record,
    **engine: Any,
) -> Iterator[T]:
    """:func:`pipe` with batch defaults: every core, a progress bar, refused documents printed, ``mentions`` records.

    ``engine`` takes pipe's other options (``engine``, ``scheduler``, ``chunk_size``, ``gazetteer``, ``ner``).
    """
    return pipe(documents, workers=workers, on_error=on_error, progress=progress, transform=transform, **engine)


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
    """Stream the documents of files and folders (JSON Lines record by record) through :func:`pipe`.

    Bad records and unreadable files go to ``on_error`` with their line number and are skipped, never fatal.
    """
    return pipe(
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
        self._dates: dict[str, str] = {}

    def add(self, document: DocumentPlaces) -> None:
        """Add one document's resolved mentions, in input order."""
        if document.title and document.resolutions:
            self._titles[document.doc_id] = document.title
        if document.date and document.resolutions:
            self._dates[document.doc_id] = document.date
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

        ids = dict.fromkeys(chain(self._titles, self._dates))
        titled = tuple(Document(doc_id, "", title=self._titles.get(doc_id), date=self._dates.get(doc_id))
                       for doc_id in ids)
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
    event = pa.struct([("tag", text), ("start", integer), ("end", integer), ("text", text)])  # events.EventTag
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
         ("approximate", pa.bool_()), ("located_by", text),
         ("metonymic", pa.bool_()), ("kind", text), ("cue", text), ("geometry_type", text),
         ("reasons", pa.list_(text)), ("evidence", pa.list_(text)), ("rules", pa.list_(text)),
         ("alternatives", pa.list_(alternative)), ("events", pa.list_(event)),
         ("doc", text), ("quote_start", integer), ("quote_end", integer), ("quote_text", text),
         ("doc_source", text), ("doc_title", text), ("doc_date", text), ("doc_publisher", text),
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
            row.update(doc=record["doc"], quote_start=quote["start"], quote_end=quote["end"], quote_text=quote["text"],
                       doc_source=record.get("source"), doc_title=record.get("title"), doc_date=record.get("date"),
                       doc_publisher=record.get("publisher"))
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


def check_output(path: PathArg) -> str:
    """Refuse, before any parsing, an output path that cannot be written: its folder missing or not writable, or a
    folder (or other non-file) in its place. Raises OutputError with one clear line; returns the path as a str."""
    name = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(name))
    if os.path.isdir(name):
        raise OutputError(f"{name}: is a folder; give a file name to write to")
    if os.path.lexists(name) and not os.path.isfile(name):
        raise OutputError(f"{name}: exists and is not a regular file")
    if not os.path.isdir(folder):
        raise OutputError(f"{name}: the folder {folder} does not exist (create it first)")
    if os.path.exists(name) and not os.access(name, os.W_OK):
        raise OutputError(f"{name}: permission denied (the file is read-only)")
    try:  # a real probe: permissions, read-only mounts and root's exemptions all answer the same way
        tempfile.TemporaryFile(dir=folder).close()
    except OSError as exc:
        raise OutputError(f"{name}: cannot write in {folder} ({exc.strerror or exc})") from exc
    return name


def open_output(path: PathArg) -> IO[str]:
    """Open a checked output path for text; an OSError (on opening or on any later write) becomes OutputError."""
    name = check_output(path)
    try:
        stream = open(name, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise OutputError(f"{name}: cannot be written ({exc.strerror or exc})") from exc
    return _Output(stream, name)  # type: ignore[return-value]


class _Output:
    """A text file whose write errors (disk full, I/O error) are OutputErrors naming it, not tracebacks."""

    def __init__(self, stream: IO[str], name: str) -> None:
        self._stream, self.name = stream, name

    def write(self, text: str) -> int:
        """Write text; OSError becomes OutputError."""
        try:
            return self._stream.write(text)
        except OSError as exc:
            raise OutputError(f"{self.name}: cannot be written ({exc.strerror or exc})") from exc

    def close(self) -> None:
        """Close the file (flushing it); OSError becomes OutputError."""
        try:
            self._stream.close()
        except OSError as exc:
            raise OutputError(f"{self.name}: cannot be written ({exc.strerror or exc})") from exc


def write_corpus(
    paths: PathArg | Iterable[PathArg],
    fmt: str,
    output: PathArg | None = None,
    *,
    on_error: OnError = print_skipped,
    include_demonyms: bool = False,
    include_text: bool = False,
    **engine: Any,
) -> RunSummary:
    """Parse a corpus and write it in ``fmt`` to ``output`` (stdout when None) as results arrive, in input order.

    ``engine`` takes the options of :func:`parse_documents`. Place formats (geojson, csv) aggregate per place and
    are written at the end, without places reached only through demonyms unless ``include_demonyms`` (as on the
    map); the others stream. The bytes equal ``python -m geo parse`` on the same input in memory. ``include_text``
    (``mentions`` only) adds each document's text, which the offsets index. An output that cannot be written raises
    OutputError before anything is parsed.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if fmt == "geoparquet" and output is None:
        raise ValueError("geoparquet is binary: give an output file")
    if output is not None:
        check_output(output)
    summary = RunSummary()

    def skipped(bad: BadRecord) -> None:
        summary.skipped += 1
        on_error(bad)

    transform = json_record_with_text if include_text and fmt == "mentions" else _TRANSFORMS[fmt]
    results = parse_corpus(paths, on_error=skipped, transform=transform, **engine)
    if fmt == "geoparquet":
        try:
            writer = MentionParquetWriter(output)
        except OSError as exc:
            raise OutputError(f"{output}: cannot be written ({exc.strerror or exc})") from exc
        try:
            for record in results:
                writer.add(record)
                summary.documents += 1
        finally:
            writer.close()
        return summary
    out = open_output(output) if output is not None else sys.stdout
    try:
        _write_text(results, fmt, out, summary, engine.get("gazetteer"), include_demonyms)
    finally:
        if out is not sys.stdout:
            out.close()
    return summary


def _write_text(
    results: Iterator[Any], fmt: str, out: IO[str], summary: RunSummary, gazetteer: Any,
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

            if isinstance(gazetteer, Gazetteer):
                shapes = gazetteer
            else:
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
