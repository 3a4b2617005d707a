"""Features out: parse results as GeoDataFrames, RFC 7946 GeoJSON, CSV and per-document mention records."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Hashable, Iterable, MutableMapping
from typing import TYPE_CHECKING, Any

from geo.store.gazetteer import Gazetteer
from geo.core.model import DEMONYM, Document, ParseResult, Place, Resolution
from geo.core.dates import document_date
from geo.core.events import event_records, top_tag
from geo.core.pipeline import is_demonym_only

if TYPE_CHECKING:
    import geopandas

PLACE_COLUMNS = (
    "place_id", "name", "feature_type", "feature_code", "country_code", "admin1_name", "admin2_name", "confidence",
    "mention_count", "documents", "metonymic_only", "demonym_only", "quotes", "alternatives", "reasons", "lat", "lon",
    "approximate", "located_by", "top_tag", "first_date", "last_date",
)


def mention_record(resolution: Resolution) -> dict[str, Any]:
    """The CLI's per-mention object: the contract fields first, then extensions (kind, cue, reasons, alternatives)."""
    m, place = resolution.mention, resolution.place
    return {
        "text": m.text,
        "start": m.start,
        "end": m.end,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "place_id": place.id if place else None,
        "name": place.name if place else None,
        "feature_type": place.feature_type if place else None,
        "country_code": place.country_code if place else None,
        "confidence": resolution.confidence,
        "approximate": resolution.approximate,
        "located_by": resolution.located_by,
        "metonymic": m.metonymic,
        "quote": {"start": m.quote.start, "end": m.quote.end, "text": m.quote.text},
        "kind": m.kind,
        "cue": m.cue,
        "geometry_type": place.geometry_type if place else None,
        "reasons": list(resolution.reasons),
        "evidence": list(m.evidence),
        "rules": list(m.rules),
        "alternatives": [
            {"place_id": c.record.id, "name": c.record.name, "feature_type": c.record.feature_type,
             "country_code": c.record.country_code, "score": c.score}
            for c in resolution.alternatives
        ],
        "events": event_records(m.quote.text),
    }


def document_records(result: ParseResult) -> Iterable[dict[str, Any]]:
    """One JSON-ready object per document: ``{"doc", "source", "mentions": [...]}`` (the ``mentions`` format)."""
    by_doc: dict[str, list[Resolution]] = {d.id: [] for d in result.documents}
    for resolution in result.resolutions:
        by_doc.setdefault(resolution.mention.doc_id, []).append(resolution)
    for document in result.documents:
        yield {
            "doc": document.id,
            "source": document.source,
            "title": document.title,
            "date": document_date(document),
            "publisher": document.publisher,
            "mentions": [mention_record(r) for r in by_doc.get(document.id, [])],
        }


def _quotes(place: Place, titles: dict[str, str | None]) -> list[dict[str, Any]]:
    quotes = []
    for r in place.resolutions:
        m = r.mention
        quotes.append({
            "doc": m.doc_id, "doc_title": titles.get(m.doc_id) or m.doc_id, "start": m.quote.start,
            "end": m.quote.end, "text": m.quote.text, "mention_start": m.start - m.quote.start,
            "mention_end": m.end - m.quote.start, "mention_text": m.text, "metonymic": m.metonymic,
            "kind": m.kind, "confidence": r.confidence, "events": event_records(m.quote.text),
        })
    return quotes


def place_properties(
    place: Place, titles: dict[str, str | None], dates: dict[str, str | None] | None = None
) -> dict[str, Any]:
    """The properties of one place feature (JSON-ready), shared by GeoJSON and the GeoDataFrame.

    Parameters
    ----------
    place : Place
        The merged place.
    titles : dict
        Document id -> title, for the quotes.
    dates : dict, optional
        Document id -> ISO date (``document_dates``), for ``first_date`` and ``last_date``; None when not known.
    """
    record = place.record
    first_date, last_date = place_date_span(place, dates or {})
    best = max(place.resolutions, key=lambda r: r.confidence)
    return {
        "place_id": record.id,
        "name": record.name,
        "feature_type": record.feature_type,
        "feature_code": record.feature_code,
        "country_code": record.country_code,
        "admin1_name": record.admin1_name,
        "admin2_name": record.admin2_name,
        "confidence": place.confidence,
        "mention_count": place.mention_count,
        "documents": list(place.documents),
        "metonymic_only": place.metonymic_only,
        "demonym_only": is_demonym_only(place),
        "quotes": _quotes(place, titles),
        "alternatives": [
            {"place_id": c.record.id, "name": c.record.name, "feature_type": c.record.feature_type,
             "country_code": c.record.country_code, "score": c.score, "reasons": list(c.reasons)}
            for c in best.alternatives
        ],
        "reasons": list(best.reasons),
        "lat": record.lat,
        "lon": record.lon,
        "approximate": place_approximate(place),
        "located_by": place_located_by(place),
        "top_tag": top_tag(place),
        "first_date": first_date,
        "last_date": last_date,
    }


def place_date_span(place: Place, dates: dict[str, str | None]) -> tuple[str | None, str | None]:
    """The earliest and latest ISO date of the documents that mention a place ((None, None) when none is dated)."""
    found = sorted(d for d in (dates.get(doc) for doc in place.documents) if d)
    return (found[0], found[-1]) if found else (None, None)


def document_dates(documents: Iterable[Document]) -> dict[str, str | None]:
    """Document id -> its ISO date (``geo.core.dates.document_date``: its field, else a dateline; None if undated)."""
    return {d.id: document_date(d) for d in documents}


def place_approximate(place: Place) -> bool:
    """True when the place's point is derived (an offset from a reference, or the container of an unknown name)."""
    return any(r.approximate for r in place.resolutions)


def place_located_by(place: Place) -> str | None:
    """The id of the reference or container an approximate place was placed by (None for gazetteer places)."""
    return next((r.located_by for r in place.resolutions if r.located_by), None)


def _geometry(gazetteer: Gazetteer, place: Place) -> Any:
    """The place's shape from the gazetteer; a point for places derived from it ("5 km south of Miranshah")."""
    import shapely

    return gazetteer.geometry(place.id) or shapely.Point(place.record.lon, place.record.lat)


def _titles(documents: Iterable[Document]) -> dict[str, str | None]:
    return {d.id: d.title for d in documents}


PlaceKey = tuple[str, tuple[tuple[str, int, int], ...]]


def place_key(place: Place) -> PlaceKey:
    """What a place's row depends on within one parse result: its id and which mentions it merges."""
    return place.id, tuple((r.mention.doc_id, r.mention.start, r.mention.end) for r in place.resolutions)


def places_frame(
    result: ParseResult,
    gazetteer: Gazetteer,
    *,
    memo: MutableMapping[Hashable, tuple[dict[str, Any], Any]] | None = None,
) -> geopandas.GeoDataFrame:
    """One row per place with its real shape (Polygon, LineString or Point) in EPSG:4326.

    Parameters
    ----------
    result : ParseResult
        The parse result (or a narrowed view of one).
    gazetteer : Gazetteer
        Where the shapes come from.
    memo : mutable mapping, optional
        Rows already made, ``place_key(place) -> (properties, geometry)``, looked up and filled in, so that a narrowed
        view of the same parse result remakes only the places whose mentions changed (the dashboard's filters). One
        memo belongs to one parse result: titles and dates are read from its documents.
    """
    import geopandas

    keys = [place_key(p) for p in result.places] if memo is not None else None
    if memo is None or any(key not in memo for key in keys):
        titles, dates = _titles(result.documents), document_dates(result.documents)
    rows, geometries = [], []
    for k, place in enumerate(result.places):
        found = memo.get(keys[k]) if memo is not None else None
        if found is None:
            found = (place_properties(place, titles, dates), _geometry(gazetteer, place))
            if memo is not None:
                memo[keys[k]] = found
        rows.append(found[0])
        geometries.append(found[1])
    return geopandas.GeoDataFrame(rows, columns=list(PLACE_COLUMNS), geometry=geometries, crs="EPSG:4326")


def mentions_frame(result: ParseResult) -> geopandas.GeoDataFrame:
    """One row per mention (resolved or not) with the doc id and the representative point (None if unresolved).

    The columns are the ``mentions`` record's (``mention_record``) with the quote flattened to ``quote_start``,
    ``quote_end`` and ``quote_text``, and the document's ``source``, ``title``, ``date`` and ``publisher`` as
    ``doc_source``, ``doc_title``, ``doc_date`` and ``doc_publisher``: the GeoParquet schema (``geo.outputs.batch``).
    """
    import geopandas
    import shapely

    documents = {d.id: d for d in result.documents}
    dates: dict[str, str | None] = {}
    rows, geometries = [], []
    for r in result.resolutions:
        record = mention_record(r)
        record.pop("quote")
        document = documents.get(r.mention.doc_id)
        if document is not None and document.id not in dates:
            dates[document.id] = document_date(document)
        record.update(doc=r.mention.doc_id, quote_start=r.mention.quote.start, quote_end=r.mention.quote.end,
                      quote_text=r.mention.quote.text, doc_source=document.source if document else None,
                      doc_title=document.title if document else None, doc_date=dates.get(r.mention.doc_id),
                      doc_publisher=document.publisher if document else None)
        rows.append(record)
        geometries.append(shapely.Point(r.place.lon, r.place.lat) if r.place else None)
    return geopandas.GeoDataFrame(rows, geometry=geometries, crs="EPSG:4326")


def _rfc7946_geometry(geometry: Any) -> dict[str, Any]:
    """GeoJSON geometry rounded to 1e-5 degrees, exterior rings counter-clockwise and holes clockwise (RFC 7946)."""
    import shapely

    if geometry.geom_type != "Point":
        geometry = shapely.set_precision(geometry, 1e-5)  # before orienting: snapping may rewrite the rings
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        geometry = shapely.orient_polygons(geometry, exterior_cw=False)
    return json.loads(shapely.to_geojson(geometry))


def places_geojson(result: ParseResult, gazetteer: Gazetteer, *, include_demonyms: bool = False) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection of places (longitude first, polygons counter-clockwise).

    Places reached only through demonyms ("Pakistani") are left out unless asked for, as they are off the map.
    """
    titles, dates = _titles(result.documents), document_dates(result.documents)
    features = []
    for place in result.places:
        if not include_demonyms and is_demonym_only(place):
            continue
        properties = place_properties(place, titles, dates)
        properties["country"] = properties["country_code"]
        features.append({
            "type": "Feature",
            "id": place.id,
            "geometry": _rfc7946_geometry(_geometry(gazetteer, place)),
            "properties": properties,
        })
    return {"type": "FeatureCollection", "features": features}


def mentions_geojson(result: ParseResult) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection with one Point per resolved mention (unresolved mentions have no geometry)."""
    features = []
    for r in result.resolutions:
        properties = mention_record(r)
        properties["doc"] = r.mention.doc_id
        geometry = {"type": "Point", "coordinates": [r.place.lon, r.place.lat]} if r.place else None
        features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    return {"type": "FeatureCollection", "features": features}


def places_csv(result: ParseResult, *, include_demonyms: bool = False) -> str:
    """Places as CSV: one row per place with its point, counts and first quote (demonym-only places if asked)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["place_id", "name", "feature_type", "country_code", "admin1_name", "lat", "lon", "confidence",
                     "mention_count", "documents", "metonymic_only", "demonym_only", "first_quote", "approximate",
                     "located_by", "top_tag", "first_date", "last_date"])
    dates = document_dates(result.documents)
    for place in result.places:
        if not include_demonyms and is_demonym_only(place):
            continue
        r = place.record
        first_date, last_date = place_date_span(place, dates)
        writer.writerow([r.id, r.name, r.feature_type, r.country_code, r.admin1_name, r.lat, r.lon,
                         place.confidence, place.mention_count, ";".join(place.documents), place.metonymic_only,
                         is_demonym_only(place), _csv_safe(place.quotes[0].text if place.quotes else ""),
                         place_approximate(place), place_located_by(place) or "", top_tag(place) or "",
                         first_date or "", last_date or ""])
    return out.getvalue()


def mentions_csv(result: ParseResult) -> str:
    """Mentions as CSV: one row per mention, resolved or not."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["doc", "text", "start", "end", "kind", "metonymic", "place_id", "name", "feature_type",
                     "country_code", "lat", "lon", "confidence", "quote", "approximate", "located_by"])
    for r in result.resolutions:
        m, p = r.mention, r.place
        writer.writerow([m.doc_id, _csv_safe(m.text), m.start, m.end, m.kind, m.metonymic, p.id if p else "",
                         p.name if p else "", p.feature_type if p else "", p.country_code if p else "",
                         p.lat if p else "", p.lon if p else "", r.confidence, _csv_safe(m.quote.text),
                         r.approximate, r.located_by or ""])
    return out.getvalue()


def _csv_safe(text: str) -> str:
    """Neutralise spreadsheet formula injection: text from documents must not start with = + - @."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def is_demonym(resolution: Resolution) -> bool:
    """True for demonym mentions ("Pakistani")."""
    return resolution.mention.kind == DEMONYM
