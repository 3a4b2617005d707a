"""A geopy geocoder over the offline gazetteer, so code written for Nominatim works unchanged and offline."""

from __future__ import annotations

from typing import Any

from geopy.geocoders.base import Geocoder
from geopy.location import Location

from geo.store.gazetteer import Gazetteer, PlaceRecord


def _address(record: PlaceRecord) -> str:
    parts = [record.name]
    for part in (record.admin2_name, record.admin1_name):
        if part and part not in parts:
            parts.append(part)
    if record.country_code and record.feature_type != "country":
        parts.append(record.country_code)
    return ", ".join(parts)


def to_location(record: PlaceRecord) -> Location:
    """A geopy Location for a record: address "name, admin2, admin1, CC", raw = the record as a dict."""
    return Location(_address(record), (record.lat, record.lon, 0.0), record.as_dict())


class OfflineGeocoder(Geocoder):
    """geopy ``Geocoder`` answering from the offline gazetteer; no network is ever touched.

    ``geocode(query, exactly_one=True, country_codes=None, limit=None, feature_types=None)`` mirrors Nominatim's
    keywords; results are ordered best first by the gazetteer's prior.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.gazetteer = gazetteer or Gazetteer.default()

    def geocode(  # type: ignore[override]
        self,
        query: str,
        *,
        exactly_one: bool = True,
        timeout: Any = None,
        limit: int | None = None,
        country_codes: str | list[str] | None = None,
        feature_types: list[str] | None = None,
    ) -> Location | list[Location] | None:
        """Geocode a place name; None when nothing matches (as geopy geocoders do)."""
        codes = [country_codes] if isinstance(country_codes, str) else list(country_codes or [])
        records = self.gazetteer.lookup(query, feature_types=feature_types)
        if codes:
            wanted = {c.upper() for c in codes}
            records = [r for r in records if r.country_code in wanted]
        if not records:
            return None
        if exactly_one:
            return to_location(records[0])
        return [to_location(r) for r in records[: limit or len(records)]]

    def reverse(  # type: ignore[override]
        self, query: Any, *, exactly_one: bool = True, timeout: Any = None, max_km: float = 50.0
    ) -> Location | list[Location] | None:
        """The nearest populated place or area within ``max_km`` of a (lat, lon) point."""
        from geopy.point import Point

        point = Point(query)
        found = self.gazetteer.nearest(point.latitude, point.longitude, max_km=max_km, limit=1 if exactly_one else None)
        if not found:
            return None
        return to_location(found[0]) if exactly_one else [to_location(r) for r in found]
