"""Read back what ``python -m geo parse`` wrote (mentions JSON Lines, GeoParquet) as documents and resolutions, so the
dashboard can open parsed output without parsing again.

Places are looked up in the gazetteer by id (the output carries ids, not records); a place id the gazetteer does not
know leaves its mention unplaced, as the parser would have, and is counted in :attr:`Loaded.unknown_places`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.core.model import Candidate, Document, Mention, Quote, Resolution
from geo.errors import DocumentError
from geo.store.gazetteer import Gazetteer

PARQUET_SUFFIXES = (".parquet", ".geoparquet")


@dataclass(frozen=True, slots=True)
class Loaded:
    """Parsed output read back: the documents (their text only when the output carried it), each document's
    resolutions by document id, and how many place ids the gazetteer did not know."""

    documents: tuple[Document, ...]
    resolutions: Mapping[str, tuple[Resolution, ...]]
    unknown_places: int = 0


def is_parsed_output(path: Path | str) -> bool:
    """Whether ``path`` is ``geo parse`` output: a GeoParquet file, or JSON Lines whose first record has
    ``mentions`` (the default format) rather than a document's ``text``."""
    path = Path(path)
    if path.suffix.lower() in PARQUET_SUFFIXES:
        return True
    if not path.is_file() or path.suffix.lower() not in (".jsonl", ".ndjson"):
        return False
    with path.open("rb") as stream:
        for line in stream:
            if line.strip():
                try:
                    first = json.loads(line)
                except ValueError:
                    return False
                return isinstance(first, dict) and isinstance(first.get("mentions"), list)
    return False


def read_parsed(path: Path | str, gazetteer: Gazetteer) -> Loaded:
    """The documents and resolutions in a ``geo parse`` output file (mentions JSON Lines or GeoParquet)."""
    path = Path(path)
    if path.suffix.lower() in PARQUET_SUFFIXES:
        return _from_rows(_parquet_rows(path), gazetteer)
    return _from_records(_jsonl_records(path), gazetteer)


def _jsonl_records(path: Path) -> Iterable[dict[str, Any]]:
    """Each document record of a mentions JSON Lines file; a malformed line is an error naming its line."""
    with path.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as exc:
                raise DocumentError(f"{path}:{number}: not JSON ({exc})") from exc
            if not isinstance(record, dict) or not isinstance(record.get("mentions"), list):
                raise DocumentError(f"{path}:{number}: not a geo parse mentions record")
            yield record


def _parquet_rows(path: Path) -> list[dict[str, Any]]:
    """The mention rows of a GeoParquet file written by ``geo parse --format geoparquet``."""
    import geopandas

    frame = geopandas.read_parquet(path)
    return [{k: _plain(v) for k, v in row.items() if k != "geometry"} for row in frame.to_dict("records")]


def _plain(value: Any) -> Any:
    """A parquet cell as plain Python: arrays as lists (of plain values), NaN and None as None."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value != value:
        return None
    return value


def _from_rows(rows: list[dict[str, Any]], gazetteer: Gazetteer) -> Loaded:
    """Flat mention rows (GeoParquet) regrouped into document records, in first-row order."""
    records: dict[str, dict[str, Any]] = {}
    for row in rows:
        doc = str(row.get("doc") or "")
        record = records.setdefault(doc, {"doc": doc, "source": row.get("source") or "", "mentions": []})
        row = dict(row)
        row["quote"] = {"start": row.pop("quote_start", 0), "end": row.pop("quote_end", 0),
                        "text": row.pop("quote_text", "") or ""}
        record["mentions"].append(row)
    return _from_records(records.values(), gazetteer)


def _from_records(records: Iterable[dict[str, Any]], gazetteer: Gazetteer) -> Loaded:
    """Documents and resolutions from document records ``{"doc", "source", "title", "mentions": [...]}``."""
    documents, resolutions, unknown, seen = [], {}, 0, set()
    for record in records:
        doc = str(record["doc"])
        if doc in seen:
            raise DocumentError(f"document {doc!r} appears twice in the parsed output")
        seen.add(doc)
        documents.append(Document(doc, str(record.get("text") or ""), str(record.get("source") or ""),
                                  record.get("title"), record.get("date"), record.get("url")))
        found = []
        for mention in record["mentions"]:
            resolution, missing = _resolution(doc, mention, gazetteer)
            found.append(resolution)
            unknown += missing
        resolutions[doc] = tuple(found)
    return Loaded(tuple(documents), resolutions, unknown)


def _resolution(doc: str, m: dict[str, Any], gazetteer: Gazetteer) -> tuple[Resolution, int]:
    """One mention object of the output as a Resolution (and 1 when its place id is unknown to the gazetteer)."""
    quote = m.get("quote") or {}
    mention = Mention(
        doc_id=doc, text=str(m.get("text") or ""), start=int(m.get("start") or 0), end=int(m.get("end") or 0),
        quote=Quote(doc, int(quote.get("start") or 0), int(quote.get("end") or 0), str(quote.get("text") or "")),
        kind=str(m.get("kind") or "toponym"), metonymic=bool(m.get("metonymic")), cue=m.get("cue"),
        evidence=tuple(str(e) for e in m.get("evidence") or ()),
    )
    place_id = m.get("place_id")
    place = gazetteer.get(str(place_id)) if place_id else None
    alternatives = tuple(
        Candidate(record, float(a.get("score") or 0.0))
        for a in m.get("alternatives") or () if isinstance(a, dict) and (record := gazetteer.get(str(a.get("place_id"))))
    )
    resolution = Resolution(
        mention, place, float(m.get("confidence") or 0.0), alternatives, tuple(str(r) for r in m.get("reasons") or ()),
        approximate=bool(m.get("approximate")), located_by=m.get("located_by"),
    )
    return resolution, int(bool(place_id) and place is None)
