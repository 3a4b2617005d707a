"""Reading the outputs of ``python -m geo parse`` back into a ParseResult, without parsing anything again.

Two formats come back: ``mentions`` (JSON Lines, one ``{"doc", "source", "title", "date", "publisher",
"mentions": [...]}`` object per document, ``"text"`` too with ``--include-text``) and ``geoparquet`` (one row per
mention, the columns of ``export.mentions_frame``). Place records are restored from the gazetteer by id (so areas
keep their shapes and admin names); a place the gazetteer does not hold (an approximate placement, a user import
that is gone) is rebuilt from the fields the output carries, on the record of the place it was located by when there
is one. What an output does not carry stays empty: a mention's ``lookup``, the reasons of alternatives, and
(GeoParquet) the documents without mentions. GeoParquet carries ``approximate``, ``located_by``, ``rules`` and
``events`` like the JSON, and each row its document's source, title, date and publisher (``doc_*``); a file written
before those columns existed has a place the gazetteer lacks read as approximate, located by the gazetteer place its
id starts with, and documents with only their ids. Events are
not stored on a Resolution: every export recomputes them from the quote, so they come back identical.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from geo.core.documents import BadRecord, OnError
from geo.core.model import TOPONYM, Candidate, Document, Mention, ParseResult, Quote, Resolution
from geo.core.pipeline import merge_places
from geo.errors import DocumentError
from geo.store.gazetteer import Gazetteer, PlaceRecord

PARQUET_MAGIC = b"PAR1"
PARQUET_EXTENSIONS = (".parquet", ".geoparquet", ".gpq")
READBACK_SOURCE = "read back from a parse output"
MAX_LINE_BYTES = 200_000_000  # a mentions line holds a whole document's mentions (and its text with --include-text)

PathArg = str | os.PathLike[str]


def is_parse_output(path: PathArg) -> bool:
    """True when a file looks like ``geo parse`` output (GeoParquet, or JSON Lines whose first record has
    ``"doc"`` and ``"mentions"``) rather than a corpus to parse; cheap (reads the first line at most)."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as stream:
            head = stream.read(4)
            if head == PARQUET_MAGIC:
                return True
            stream.seek(0)
            line = stream.readline(MAX_LINE_BYTES)
    except OSError:
        return False
    try:
        value = json.loads(line.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False
    return isinstance(value, dict) and "doc" in value and isinstance(value.get("mentions"), list)


def read_parse_output(
    path: PathArg, *, gazetteer: Gazetteer | None = None, on_error: OnError | None = None
) -> ParseResult:
    """The ParseResult a ``geo parse`` output holds (documents, every resolution, merged places), by its format.

    GeoParquet is told by its magic bytes (or extension), anything else is read as ``mentions`` JSON Lines. A bad
    line goes to ``on_error`` and is skipped (DocumentError naming file and line when ``on_error`` is None).
    ``gazetteer`` restores full place records (default: ``Gazetteer.default()``).
    """
    name = os.fspath(path)
    places = _Places(gazetteer or Gazetteer.default())
    if _is_parquet(name):
        documents, resolutions = _from_parquet(name, places)
    else:
        documents, resolutions = _from_jsonl(name, places, on_error)
    return ParseResult(tuple(documents), tuple(resolutions), merge_places(resolutions))


def resolution_from_record(doc_id: str, record: dict[str, Any], gazetteer: Gazetteer | None = None) -> Resolution:
    """One exported mention object (``export.mention_record``) as a Resolution; KeyError/TypeError when malformed."""
    return _resolution(doc_id, record, _Places(gazetteer or Gazetteer.default()))


# ---------------------------------------------------------------------------------------------------- formats


def _is_parquet(name: str) -> bool:
    """GeoParquet by magic bytes, else by extension (so a missing file still gets the right error)."""
    try:
        with open(name, "rb") as stream:
            return stream.read(4) == PARQUET_MAGIC
    except FileNotFoundError:
        return name.lower().endswith(PARQUET_EXTENSIONS)
    except OSError as exc:
        raise DocumentError(f"{name}: cannot be read ({exc.strerror})") from exc


def _from_jsonl(name: str, places: _Places, on_error: OnError | None) -> tuple[list[Document], list[Resolution]]:
    """Documents and resolutions from a ``mentions`` JSON Lines file, line by line."""
    documents: list[Document] = []
    resolutions: list[Resolution] = []
    for line_number, value in _jsonl_objects(name, on_error):
        try:
            document = Document(
                id=_text(value["doc"]), text=_optional(value.get("text")) or "",
                source=_optional(value.get("source")) or "", title=_optional(value.get("title")),
                date=_optional(value.get("date")), publisher=_optional(value.get("publisher")),
            )
            mentions = value["mentions"]
            if not isinstance(mentions, list):
                raise TypeError("'mentions' is not a list")
            found = [_resolution(document.id, m, places) for m in mentions]
        except (KeyError, TypeError, ValueError) as exc:
            _bad(BadRecord(name, line_number, f"not a mentions record ({_why(exc)})"), on_error)
            continue
        documents.append(document)
        resolutions.extend(found)
    return documents, resolutions


def _jsonl_objects(name: str, on_error: OnError | None) -> Iterator[tuple[int, dict[str, Any]]]:
    """The JSON objects of a JSON Lines file with their line numbers; blank lines skipped, bad ones reported."""
    try:
        stream = open(name, "rb")
    except OSError as exc:
        raise DocumentError(f"{name}: cannot be read ({exc.strerror})") from exc
    with stream:
        for line_number, raw in enumerate(stream, start=1):
            if line_number == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if not raw.strip():
                continue
            try:
                value = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError, RecursionError) as exc:
                _bad(BadRecord(name, line_number, f"invalid JSON ({_why(exc)})"), on_error)
                continue
            if not isinstance(value, dict):
                _bad(BadRecord(name, line_number, "not a JSON object"), on_error)
                continue
            yield line_number, value


def _from_parquet(name: str, places: _Places) -> tuple[list[Document], list[Resolution]]:
    """Documents (those with mentions, in first-seen order) and resolutions from a mentions GeoParquet file."""
    import pyarrow.parquet

    try:
        parquet = pyarrow.parquet.ParquetFile(name)
    except (OSError, pyarrow.ArrowException) as exc:
        raise DocumentError(f"{name}: not a readable GeoParquet file ({exc})") from exc
    columns = [c for c in parquet.schema_arrow.names if c != "geometry"]
    documents: dict[str, Document] = {}
    resolutions: list[Resolution] = []
    for batch in parquet.iter_batches(columns=columns):
        for row in batch.to_pylist():
            doc_id = _text(row["doc"])
            if doc_id not in documents:
                documents[doc_id] = Document(
                    id=doc_id, text="", source=_optional(row.get("doc_source")) or "",
                    title=_optional(row.get("doc_title")), date=_optional(row.get("doc_date")),
                    publisher=_optional(row.get("doc_publisher")),
                )
            row["quote"] = {"start": row.pop("quote_start"), "end": row.pop("quote_end"),
                            "text": row.pop("quote_text")}
            resolutions.append(_resolution(doc_id, row, places))
    return list(documents.values()), resolutions


# ---------------------------------------------------------------------------------------------------- records


class _Places:
    """Place records by id, from the gazetteer once per id (or rebuilt from an output's fields)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._cache: dict[str, PlaceRecord | None] = {}

    def get(self, place_id: str) -> PlaceRecord | None:
        """The gazetteer's record for an id, cached."""
        if place_id not in self._cache:
            self._cache[place_id] = self.gazetteer.get(place_id)
        return self._cache[place_id]

    def derived(self, place_id: str) -> tuple[bool, str | None]:
        """For an output without ``approximate``: a place the gazetteer lacks is a derived (approximate) one, located
        by the gazetteer place its id starts with ("1170367@5.0km180", "1135702~kotkai")."""
        if self.get(place_id) is not None:
            return False, None
        base = re.split(r"[~@]", place_id, maxsplit=1)[0]
        return True, (base if base != place_id and self.get(base) is not None else None)

    def record(self, fields: dict[str, Any], located_by: str | None = None) -> PlaceRecord:
        """The record an output's fields name: the gazetteer's when it holds the id at the same point, else rebuilt
        from the fields (on the record it was located by, for its admin names)."""
        place_id = _text(fields["place_id"])
        lat, lon = _number(fields.get("lat")), _number(fields.get("lon"))
        known = self.get(place_id)
        if known is not None and (lat is None or _same_point(known, lat, lon)):
            return known
        base = self.get(located_by) if located_by else None
        name = _optional(fields.get("name")) or place_id
        feature_type = _optional(fields.get("feature_type")) or "landmark"
        values = {
            "id": place_id, "name": name, "feature_type": feature_type,
            "country_code": _optional(fields.get("country_code")) or "",
            "lat": lat if lat is not None else 0.0, "lon": lon if lon is not None else 0.0,
            "geometry_type": _optional(fields.get("geometry_type")) or "Point",
        }
        if base is not None:
            return replace(base, geonames_id=None, ascii_name=name, feature_class="", feature_code="",
                           population=0, source=f"{READBACK_SOURCE} (located by {base.id})", **values)
        return PlaceRecord(
            geonames_id=None, ascii_name=name, feature_class="", feature_code="", admin1_code="", admin1_name="",
            admin2_code="", admin2_name="", population=0, source=READBACK_SOURCE, **values,
        )


def _resolution(doc_id: str, m: dict[str, Any], places: _Places) -> Resolution:
    """An exported mention object as a Resolution with its Mention, Quote, place and alternatives."""
    quote_fields = m["quote"]
    quote = Quote(doc_id, _int(quote_fields["start"]), _int(quote_fields["end"]), _text(quote_fields["text"]))
    mention = Mention(
        doc_id=doc_id, text=_text(m["text"]), start=_int(m["start"]), end=_int(m["end"]), quote=quote,
        kind=_optional(m.get("kind")) or TOPONYM, metonymic=bool(m.get("metonymic")),
        cue=_optional(m.get("cue")), evidence=_strings(m.get("evidence")), rules=_strings(m.get("rules")),
    )
    located_by = _optional(m.get("located_by"))
    approximate = bool(m.get("approximate"))
    if m.get("approximate") is None and m.get("place_id") is not None:  # GeoParquet written before the column
        approximate, located_by = places.derived(_text(m["place_id"]))
    place = places.record(m, located_by) if m.get("place_id") is not None else None
    alternatives = tuple(
        Candidate(places.record(a), float(a.get("score") or 0.0), _strings(a.get("reasons")))
        for a in (m.get("alternatives") or ())
        if isinstance(a, dict) and a.get("place_id") is not None
    )
    return Resolution(
        mention, place, float(m.get("confidence") or 0.0), alternatives, _strings(m.get("reasons")),
        approximate=approximate, located_by=located_by,
    )


def _same_point(record: PlaceRecord, lat: float, lon: float | None) -> bool:
    """True when an output's point is the record's own (to 1e-5 degrees, the exports' precision)."""
    return lon is not None and abs(record.lat - lat) < 1e-5 and abs(record.lon - lon) < 1e-5


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, not {type(value).__name__}")
    return value


def _optional(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an integer, not {type(value).__name__}")
    return value


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(item for item in value if isinstance(item, str)) if isinstance(value, Iterable) and not \
        isinstance(value, (str, bytes, dict)) else ()


def _why(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc)[:80]}"


def _bad(record: BadRecord, on_error: OnError | None) -> None:
    """Report a skipped line, or raise DocumentError naming the file and line when nobody listens."""
    if on_error is None:
        raise DocumentError(str(record))
    on_error(record)
