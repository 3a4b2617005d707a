"""Distances on the sphere and nearest-place search over the gazetteer."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import shapely

    from geo.store.gazetteer import Gazetteer, PlaceRecord

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def km_from_shape(shape: shapely.Geometry, lat: float, lon: float) -> float:
    """Great-circle km from (lat, lon) to the nearest point of ``shape`` (found in degrees); 0 inside it."""
    import shapely  # here, not at the top: the parser uses this module and needs no GEOS (cold start, memory)

    point = shapely.Point(lon, lat)
    if shape.covers(point):
        return 0.0
    nearest = shapely.get_coordinates(shapely.shortest_line(point, shape))[-1]
    return haversine_km(lat, lon, float(nearest[1]), float(nearest[0]))


def nearest_places(
    gazetteer: Gazetteer, lat: float, lon: float, *, max_km: float = 50.0, limit: int | None = 1
) -> list[PlaceRecord]:
    """Places whose representative point lies within ``max_km``, nearest first (see :meth:`Gazetteer.nearest`)."""
    return gazetteer.nearest(lat, lon, max_km=max_km, limit=limit)
