"""Places rolled up to their district, province or country, with counts: the map's level switch.

Pure (no Streamlit). A place is counted in the area of the chosen level that holds it (looked up in the gazetteer by
its admin names and country); places already at or above that level, or with no such area, stay as they are.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Literal

import geopandas

from geo.core.events import all_tags
from geo.core.names import name_key
from geo.store.gazetteer import Gazetteer, PlaceRecord

Level = Literal["places", "district", "province", "country"]
LEVELS: tuple[Level, ...] = ("places", "district", "province", "country")
_TYPES = {"district": "adm2", "province": "adm1", "country": "country"}
_RANK = {"village": 0, "town": 0, "city": 0, "landmark": 0, "physical": 0, "adm2": 1, "adm1": 2, "country": 3}
_LEVEL_RANK = {"district": 1, "province": 2, "country": 3}


def _container(row: dict, level: Level, gazetteer: Gazetteer) -> PlaceRecord | None:
    """The gazetteer area of ``level`` that holds a place row, or None (already at or above it, or none known)."""
    rank = _RANK.get(str(row.get("feature_type")))
    if rank is None or rank > _LEVEL_RANK[level]:
        return None  # regions, lines, continents and larger areas stay themselves
    if rank == _LEVEL_RANK[level]:
        return gazetteer.get(str(row["place_id"]))
    code = str(row.get("country_code") or "")
    if level == "country":
        return gazetteer.country(code) if code else None
    name = row.get("admin2_name" if level == "district" else "admin1_name")
    if not name or not code:
        return None
    found = [r for r in gazetteer.lookup_key(name_key(str(name)))
             if r.feature_type == _TYPES[level] and r.country_code == code]
    return min(found, key=lambda r: (r.name != name, r.id)) if found else None


def roll_up(frame: geopandas.GeoDataFrame, level: Level, gazetteer: Gazetteer) -> geopandas.GeoDataFrame:
    """``frame`` (a places frame) with its places counted in the areas of ``level``: one row per area, its mentions
    and documents summed over the places inside, their quotes kept, ``rolled_up`` naming the places it holds."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    if level == "places" or frame.empty:
        return frame.assign(rolled_up=[[] for _ in range(len(frame))])
    groups: dict[str, tuple[PlaceRecord | None, list[dict]]] = {}
    for row in frame.to_dict("records"):
        record = _container(row, level, gazetteer)
        key = record.id if record is not None else f"self:{row['place_id']}"
        groups.setdefault(key, (record, []))[1].append(row)
    rows, geometries = [], []
    for record, members in groups.values():
        if record is None or (len(members) == 1 and str(members[0]["place_id"]) == record.id):
            rows.extend({**m, "rolled_up": []} for m in members)
            geometries.extend(m["geometry"] for m in members)
            continue
        first = members[0]
        documents = sorted({d for m in members for d in (m.get("documents") or [])})
        rows.append({
            **{k: v for k, v in first.items() if k != "geometry"},
            "place_id": record.id, "name": record.name, "feature_type": record.feature_type,
            "feature_code": record.feature_code, "country_code": record.country_code,
            "admin1_name": record.admin1_name, "admin2_name": record.admin2_name,
            "confidence": max(float(m.get("confidence") or 0) for m in members),
            "mention_count": sum(int(m.get("mention_count") or 0) for m in members),
            "documents": documents, "metonymic_only": all(bool(m.get("metonymic_only")) for m in members),
            "quotes": [q for m in members for q in (m.get("quotes") or [])],
            "lat": record.lat, "lon": record.lon,
            "top_tag": _top_tag(members),
            "first_date": min(_dates(members, "first_date"), default=None),
            "last_date": max(_dates(members, "last_date"), default=None),
            "rolled_up": sorted({str(m["name"]) for m in members}),
        })
        geometries.append(gazetteer.geometry(record.id) or first["geometry"])
    return geopandas.GeoDataFrame(rows, geometry=geometries, crs="EPSG:4326")


def _top_tag(members: list[dict[str, Any]]) -> str | None:
    """The most frequent event tag over the distinct quotes of the places rolled up (ties in lexicon order), as
    ``geo.core.events.top_tag`` counts it for one place; None when no quote is tagged."""
    counts: Counter[str] = Counter()
    seen: set[tuple[Any, Any]] = set()
    for member in members:
        for quote in member.get("quotes") or ():
            key = (quote.get("doc"), quote.get("start"))
            if key in seen:
                continue
            seen.add(key)
            counts.update(list(dict.fromkeys(e["tag"] for e in quote.get("events") or ())))
    if not counts:
        return None
    order = {t.tag: i for i, t in enumerate(all_tags())}
    return min(counts.items(), key=lambda item: (-item[1], order.get(item[0], len(order)), item[0]))[0]


def _dates(members: list[dict[str, Any]], key: str) -> list[str]:
    """The members' ISO dates under ``key`` (missing ones, None or pandas' NaN, left out)."""
    return [m[key] for m in members if isinstance(m.get(key), str) and m[key]]
