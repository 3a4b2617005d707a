"""Tests of geo.outputs.mapping: markers, shapes, local-only assets, escaping of untrusted text, clicks, the offline basemap,
and one real-browser check of the standalone HTML."""

from __future__ import annotations

import html
import json
import math
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import folium
import geopandas
import pandas
import pytest
import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon

from geo.store.artifact import PlaceRow, write_artifact
from geo.store.gazetteer import ATTRIBUTION, Gazetteer, sha256_file
from geo.outputs.mapping import (
    ASSETS_DIR, BASE_OSM, BASE_OUTLINES, LAYER_DENSITY, LAYER_PLACES, VENDOR_DIR, VENDOR_MANIFEST, area_km2,
    PlaceLayer, basemap_from_gazetteer, build_map, clicked_place_id, layer_spec, place_layers, popup_html, quote_html,
    WATER_FILE, sync_static_assets, water_from_file, write_basemap,
    write_standalone_map,
)

REPO = Path(__file__).resolve().parent.parent
COLUMNS = (
    "place_id", "name", "feature_type", "feature_code", "country_code", "admin1_name", "confidence", "mention_count",
    "documents", "metonymic_only", "quotes", "geometry",
)
HOSTILE = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)", "</script>")


# -- fixtures ---------------------------------------------------------------------------------------------------
def quote(doc: str, text: str, mention: str, title: str | None = None) -> dict[str, Any]:
    """A quote dict as the parser emits it: the sentence and the mention's offsets inside it."""
    start = text.index(mention)
    return {
        "doc": doc, "doc_title": title or f"Report {doc}", "start": 100, "end": 100 + len(text), "text": text,
        "mention_start": start, "mention_end": start + len(mention), "mention_text": mention,
    }


def place(place_id: str, name: str, feature_type: str, geometry: shapely.Geometry, **fields: Any) -> dict[str, Any]:
    """One resolved place row with realistic defaults."""
    row = {
        "place_id": place_id, "name": name, "feature_type": feature_type, "feature_code": "", "country_code": "",
        "admin1_name": "", "confidence": 0.9, "mention_count": 1, "documents": ["d1"], "metonymic_only": False,
        "quotes": [], "geometry": geometry,
    }
    row.update(fields)
    return row


def make_places(rows: list[dict[str, Any]] | None = None) -> geopandas.GeoDataFrame:
    """The places GeoDataFrame the dashboard passes to build_map (EPSG:4326)."""
    frame = pandas.DataFrame(standard_rows() if rows is None else rows, columns=list(COLUMNS))
    return geopandas.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")


def standard_rows() -> list[dict[str, Any]]:
    """Peshawar (point), Kunar (polygon), the Line of Control (line), Kashmir (multipolygon), Washington (metonym)."""
    return [
        place(
            "gn:1168197", "Peshawar", "city", Point(71.5785, 34.008), feature_code="PPLA", country_code="PK",
            admin1_name="Khyber Pakhtunkhwa", confidence=0.94, mention_count=6, documents=["d1", "d2"],
            quotes=[
                quote("d1", "A car bomb exploded near a police checkpoint in Peshawar on Sunday, officials said.",
                      "Peshawar", "Blast in Peshawar"),
                quote("d2", "Protesters gathered outside the press club in Peshawar after Friday prayers.", "Peshawar"),
                quote("d2", "Schools in Peshawar remained closed for a second day.", "Peshawar"),
                quote("d2", "Traders in Peshawar said the border crossing was shut.", "Peshawar"),
            ],
        ),
        place(
            "gn:1138958", "Kunar", "adm1",
            Polygon([(70.5, 34.6), (71.0, 34.4), (71.6, 34.7), (71.6, 35.3), (71.2, 35.6), (70.7, 35.3)]),
            feature_code="ADM1", country_code="AF", admin1_name="Kunar", confidence=0.81, mention_count=2,
            quotes=[quote("d1", "Shelling was reported across the border in Kunar province.", "Kunar")],
        ),
        place(
            "ne:loc", "Line of Control", "line",
            LineString([(74.68, 32.83), (74.05, 33.6), (73.93, 34.05), (74.2, 34.55), (74.6, 34.7), (75.5, 34.9),
                        (76.4, 34.95), (77.3, 35.5)]),
            feature_code="BDRY", confidence=0.88, mention_count=3, documents=["d3"],
            quotes=[quote("d3", "Troops exchanged fire along the Line of Control overnight.", "Line of Control")],
        ),
        place(
            "cm:kashmir", "Kashmir", "region",
            MultiPolygon([
                Polygon([(73.4, 33.2), (74.4, 33.0), (74.5, 34.3), (74.0, 34.9), (73.5, 34.7)]),
                Polygon([(74.7, 32.3), (75.7, 32.4), (76.8, 33.3), (75.5, 34.7), (74.8, 34.5)]),
            ]),
            confidence=0.7, mention_count=4, documents=["d3"],
            quotes=[quote("d3", "Curfew was imposed in parts of Kashmir.", "Kashmir")],
        ),
        place(
            "gn:4140963", "Washington", "city", Point(-77.0364, 38.8951), feature_code="PPLC", country_code="US",
            admin1_name="District of Columbia", confidence=0.66, mention_count=1, documents=["d2"],
            metonymic_only=True,
            quotes=[quote("d2", "Washington urged restraint on both sides.", "Washington")],
        ),
    ]


def hostile_rows() -> list[dict[str, Any]]:
    """Places whose names, ids and quotes carry script, markup, javascript: URLs and template syntax."""
    rows = []
    for i, payload in enumerate(HOSTILE + ("X{{ 7*7 }}Y", "${alert(1)}`\\u")):
        text = f"Witnesses in Peshawar saw {payload} near the market."
        rows.append(place(
            f"h{i}", payload, "town", Point(70 + i, 30 + i), admin1_name=payload, country_code=payload,
            quotes=[quote("d9", text, "Peshawar", title=payload)],
        ))
    rows.append(place('"><img src=x onerror=alert(1)>{{7*7}}', "Quoted id", "village", Point(60, 25)))
    return rows


def render(m: folium.Map) -> str:
    return m.get_root().render()


def map_places(page: str) -> list[dict[str, Any]]:
    """The place records PlaceLayer hands to map.js's cm.drawPlaces in a rendered map (JSON, every layer)."""
    decoder = json.JSONDecoder()
    return [record for match in re.finditer(r"/\* cm-places \*/ ", page)
            for record in decoder.raw_decode(page, match.end())[0]]


def marker_ids(page: str) -> Counter[str]:
    """place_ids of the marker icons in a rendered map, each checked against the id its record carries."""
    ids: Counter[str] = Counter()
    for record in map_places(page):
        assert [html.unescape(v) for v in re.findall(r'data-place-id="([^"]*)"', record["icon"])] == [record["id"]]
        ids[record["id"]] += 1
    return ids


def view_of(m: folium.Map) -> dict[str, Any]:
    """The view a map's uncontrolled PlaceLayer sets (cm.setView's bounds and options)."""
    layer = next(c for c in m._children.values() if isinstance(c, PlaceLayer) and not c.control)
    script = next(c for c in layer._children.values() if "cm.setView" in c._code.template)
    return script._values


class _Document(HTMLParser):
    """What a browser's parser sees: every start tag, every src/href value, the text of every script."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.refs: list[tuple[str, str, str]] = []
        self.scripts: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.refs.extend((tag, name, value or "") for name, value in attrs if name in ("src", "href"))
        if tag == "script":
            self.scripts.append("")

    def handle_data(self, data: str) -> None:
        if self.lasttag == "script" and self.scripts:
            self.scripts[-1] += data


def refs(page: str) -> list[tuple[str, str, str]]:
    return _Document(page).refs


def tiny_gazetteer(tmp: Path) -> Gazetteer:
    """A gazetteer artifact with four rough country outlines (one densified to test simplification)."""
    outlines = {
        "PK": Polygon([(61.0, 25.0), (66.5, 25.4), (68.2, 23.7), (71.1, 24.4), (70.0, 28.0), (74.5, 31.0),
                       (75.4, 32.3), (77.8, 35.5), (74.5, 37.0), (71.3, 36.1), (70.0, 33.8), (69.2, 31.0),
                       (66.0, 29.5), (61.5, 29.8), (60.9, 27.0)]),
        "AF": Polygon([(60.5, 29.4), (61.5, 29.8), (66.0, 29.5), (69.2, 31.0), (70.0, 33.8), (71.3, 36.1),
                       (74.9, 37.3), (71.5, 37.9), (67.8, 37.1), (64.5, 36.3), (61.2, 35.6), (60.8, 33.5)]),
        "IN": Polygon([(68.2, 23.7), (71.1, 24.4), (70.0, 28.0), (74.5, 31.0), (75.4, 32.3), (77.8, 35.5),
                       (79.5, 32.5), (81.0, 30.2), (88.1, 27.9), (89.0, 26.5), (92.0, 27.5), (97.0, 28.0),
                       (95.0, 26.0), (92.5, 22.0), (89.0, 21.7), (86.5, 20.0), (80.3, 15.5), (80.2, 13.0),
                       (77.5, 8.1), (76.0, 10.0), (73.0, 17.0), (72.6, 21.5), (70.0, 22.5)]),
        "US": Polygon([(-124.7, 48.4), (-95.2, 49.0), (-83.0, 46.0), (-82.5, 42.0), (-79.0, 43.3), (-75.0, 45.0),
                       (-67.0, 47.1), (-70.0, 43.5), (-70.0, 41.5), (-74.0, 40.5), (-75.5, 35.2), (-81.0, 31.5),
                       (-80.0, 25.2), (-82.8, 27.5), (-84.0, 30.0), (-89.6, 30.2), (-94.0, 29.5), (-97.2, 26.0),
                       (-106.5, 31.8), (-111.0, 31.3), (-117.1, 32.5), (-120.6, 34.6), (-124.4, 40.4)]),
    }
    outlines["PK"] = shapely.segmentize(outlines["PK"], 0.01)
    rows = [
        PlaceRow(
            id=f"gn:{code}", name=code, feature_type="country", feature_class="A", feature_code="PCLI",
            country_code=code, lat=poly.representative_point().y, lon=poly.representative_point().x,
            geometry_type="Polygon", wkb=shapely.to_wkb(poly),
        )
        for code, poly in sorted(outlines.items())
    ]
    rows.append(PlaceRow(id="gn:1168197", name="Peshawar", feature_type="city", feature_class="P",
                         feature_code="PPLA", country_code="PK", lat=34.008, lon=71.5785))
    path = tmp / "gazetteer.sqlite"
    write_artifact(path, rows, progress=False)
    return Gazetteer(path)


@pytest.fixture(scope="module")
def places() -> geopandas.GeoDataFrame:
    return make_places()


@pytest.fixture(scope="module")
def basemap(tmp_path_factory: pytest.TempPathFactory) -> geopandas.GeoDataFrame:
    return basemap_from_gazetteer(tiny_gazetteer(tmp_path_factory.mktemp("gaz")), water=False)  # countries only


# -- structure --------------------------------------------------------------------------------------------------
def test_one_marker_per_place(places: geopandas.GeoDataFrame) -> None:
    for cluster in (True, False):
        ids = marker_ids(render(build_map(places, cluster=cluster)))
        assert ids == Counter(set(places["place_id"])), ids


def test_areas_and_lines_are_drawn_in_their_layers(places: geopandas.GeoDataFrame) -> None:
    m = build_map(places)
    page = render(m)
    records = {r["id"]: r for r in map_places(page)}
    assert {pid: r.get("factory") for pid, r in records.items()} == {
        "gn:1168197": None, "gn:1138958": "polygon", "ne:loc": "polyline", "cm:kashmir": "polygon", "gn:4140963": None}
    assert records["ne:loc"]["style"]["dashArray"] == "8 6"
    assert isinstance(records["cm:kashmir"]["shape"][0][0][0], list), "Kashmir must stay one multi-part polygon"
    layers = {c.layer_name: c for c in m._children.values() if isinstance(c, PlaceLayer) and c.control}
    groups = {child.layer_name for child in m._children.values() if hasattr(child, "layer_name")}
    assert {LAYER_PLACES, BASE_OUTLINES, BASE_OSM} <= groups
    assert list(layers) == [LAYER_PLACES, LAYER_DENSITY] and layers[LAYER_PLACES].cluster  # every kind clusters
    assert layers[LAYER_DENSITY].show is False and "cm.heat(" in page  # the heat layer, on request
    assert len(layers[LAYER_PLACES].records) == 5
    for pid, record in records.items():
        assert record["id"] == pid and record.get("style", {"placeId": pid})["placeId"] == pid  # the click's id
    assert "L.control.layers(" in page and "cm.legend(" in page
    assert page.count("cm.drawPlaces(") == 1 and "L.marker(" not in page  # one renderer, in map.js


def test_build_map_and_the_dashboard_layers_draw_the_same_records(places: geopandas.GeoDataFrame) -> None:
    for selected in (None, "gn:1138958"):
        layers = place_layers(places, selected=selected)
        drawn = [r for layer in layers for r in (json.loads(x) for x in layer.records)]
        assert drawn == map_places(render(build_map(places, selected=selected)))


def test_a_click_is_resolved_by_the_place_id_it_carries() -> None:
    js = (REPO / "geo" / "outputs" / "assets" / "map.js").read_text()
    assert "latlng.placeId = id" in js  # map.js puts the id into the click streamlit-folium reports
    assert clicked_place_id({"last_object_clicked": {"lat": 1.0, "lng": 2.0, "placeId": "gn:1"}}) == "gn:1"
    assert clicked_place_id({"last_object_clicked": {"lat": 34.008, "lng": 71.5785}}) is None  # no guessing by position
    assert clicked_place_id({"last_object_clicked": None}) is None and clicked_place_id(None) is None


def test_base_layers_offline_outlines_default_osm_optional(places, basemap) -> None:
    m = build_map(places, basemap=basemap)
    children = list(m._children.values())
    bases = [c for c in children if getattr(c, "overlay", True) is False]
    assert [b.layer_name for b in bases] == [BASE_OUTLINES, BASE_OSM]
    assert bases[0].show and not bases[1].show, "outlines are the default, OSM tiles only on request"
    page = render(m)
    assert '"interactive": false' in page
    no_tiles = render(build_map(places, basemap=basemap, tiles=False))
    assert "tile.openstreetmap.org" not in no_tiles and BASE_OSM not in no_tiles


def test_fit_bounds_and_single_point_zoom(places) -> None:
    page = render(build_map(places))
    assert "cm.setView(" in page
    single = build_map(make_places(standard_rows()[:1]))
    fit = view_of(single)
    (south, west), (north, east) = fit["bounds"]
    assert east - west >= 0.5 and north - south >= 0.49
    assert fit["options"]["maxZoom"] == 11
    assert single.location == pytest.approx([34.008, 71.5785])


def test_selected_place_is_highlighted_and_centred(places) -> None:
    m = build_map(places, selected="gn:1138958")
    kunar = places.set_index("place_id").geometry["gn:1138958"]
    rep = kunar.representative_point()  # where its marker sits
    assert m.location == pytest.approx([rep.y, rep.x])
    fit = view_of(m)
    assert fit["options"]["paddingTopLeft"] == fit["options"]["paddingBottomRight"]  # symmetric: centre kept
    (south, west), (north, east) = fit["bounds"]
    merc = lambda lat: math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))  # noqa: E731
    assert (west + east) / 2 == pytest.approx(rep.x)
    assert (merc(south) + merc(north)) / 2 == pytest.approx(merc(rep.y))
    assert west <= kunar.bounds[0] and east >= kunar.bounds[2] and south <= kunar.bounds[1]
    page = render(m)
    assert page.count("cm-selected") == 1  # the one selected marker
    assert re.search(r'cm-marker cm-area cm-selected\\" data-place-id=\\"gn:1138958', page)
    kunar_record = next(r for r in map_places(page) if r["id"] == "gn:1138958")
    assert kunar_record["selected"] and kunar_record["style"]["weight"] == 4


def fitted(m: folium.Map) -> list[list[float]]:
    """The [[south, west], [north, east]] box a map fits its view to."""
    return view_of(m)["bounds"]


def test_selected_place_is_shown_with_its_surroundings_and_countries_barely_tinted(places) -> None:
    (south, west), (north, east) = fitted(build_map(places, selected="gn:1168197"))  # Peshawar, a point
    assert east - west == pytest.approx(3.0) and north - south >= 2.9
    country = place("gn:1168579", "Pakistan", "country", Polygon([(61, 25), (75, 25), (75, 37), (61, 37)]))
    continent = place("cont:asia", "Asia", "continent", Polygon([(40, 5), (140, 5), (140, 70), (40, 70)]))
    page = render(build_map(make_places([*standard_rows(), country, continent])))
    fills = {r["id"]: r["style"]["fillOpacity"] for r in map_places(page) if r.get("factory") == "polygon"}
    assert fills == {"gn:1168579": 0.05, "cont:asia": 0.0, "gn:1138958": 0.16, "cm:kashmir": 0.16}


def test_whole_data_fit_ignores_continents_and_huge_areas_unless_they_are_all_there_is(places) -> None:
    assert area_km2(shapely.box(0, 0, 1, 1)) == pytest.approx(12_364, rel=0.01)  # 1° x 1° at the equator
    assert area_km2(Point(0, 0)) == 0 and area_km2(LineString([(0, 0), (50, 50)])) == 0
    united_states = place("gn:6252001", "United States", "country",
                          MultiPolygon([shapely.box(-125, 25, -67, 49), shapely.box(-179, 51, -130, 71)]))
    europe = place("cont:eu", "Europe", "continent", Point(15, 50))
    assert area_km2(united_states["geometry"]) > 5e6
    rows = [*standard_rows()[:4], united_states, europe]  # Peshawar, Kunar, the LoC and Kashmir, plus the two
    m = build_map(make_places(rows))
    (south, west), (north, east) = fitted(m)
    assert 69 < west < 71 and 76 < east < 79 and 31 < south < 33 and 35 < north < 37  # the Af-Pak-Kashmir data
    assert marker_ids(render(m)) == Counter(r["place_id"] for r in rows)  # every marker is still on the map
    (south, west), (north, east) = fitted(build_map(make_places([united_states, europe])))
    assert west <= -179 and east >= 15 and north >= 71  # all there is: fitted, continent and huge area included
    india_sized = place("gn:in", "India", "country", shapely.box(70, 10, 85, 30))  # ~3.5 million km²: kept
    (south, west), (north, east) = fitted(build_map(make_places([*rows, india_sized])))
    assert east >= 85 and south <= 10


def test_static_mode_loads_the_basemap_by_url_inline_mode_embeds_it(tmp_path: Path, places, basemap) -> None:
    url = write_basemap(tmp_path / "static", basemap)
    written = tmp_path / "static" / "basemap" / url.rsplit("/", 1)[1]
    assert re.fullmatch(r"/app/static/basemap/[0-9a-f]{64}\.geojson", url) and written.is_file()
    assert sha256_file(written) == url.rsplit("/", 1)[1].removesuffix(".geojson")  # content-addressed
    collection = json.loads(written.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == len(basemap) == 4
    stamp = written.stat().st_mtime_ns
    assert write_basemap(tmp_path / "static", basemap) == url and written.stat().st_mtime_ns == stamp  # kept
    assert write_basemap(tmp_path / "static", basemap.iloc[:2]) != url  # other content, other name
    assert write_basemap(tmp_path / "other", basemap, static_url="/s/") == "/s/basemap/" + written.name

    static = render(build_map(places, basemap=basemap, basemap_url=url))
    assert url in static and "cm.fetchOutlines(" in static
    assert "FeatureCollection" not in static and '"type": "Feature"' not in static
    embedded = render(build_map(places, basemap=basemap))
    assert len(static) < len(embedded) and "FeatureCollection" in embedded
    for page in (render(build_map(places, basemap=basemap, basemap_url=url, assets="inline")),
                 write_standalone_map(places, tmp_path / "map.html", basemap=basemap).read_text(encoding="utf-8")):
        assert url not in page and page.count('"type": "Feature"') == 4  # the file opens offline on its own
    assert "cmOutlines" in static and "cmOutlines" in embedded  # outlines in their own pane, under the shapes


def test_unknown_selection_falls_back_to_the_data_view_and_bad_assets_mode_is_refused(places) -> None:
    plain, unknown = build_map(places), build_map(places, selected="gn:0")
    assert unknown.location == plain.location and "cm-selected\\" not in render(unknown)
    with pytest.raises(ValueError):
        build_map(places, assets="cdn")


# -- assets -----------------------------------------------------------------------------------------------------
ALLOWED_URLS = {
    "https://tile.openstreetmap.org/{z}/{x}/{y}.png",  # the optional OSM base layer's tile template
    "https://www.openstreetmap.org/copyright",  # ... and its attribution link
    "https://www.geonames.org/", "https://www.naturalearthdata.com/",  # text of geo.store.gazetteer.ATTRIBUTION
}


def test_static_mode_references_only_local_assets(places, basemap) -> None:
    page = render(build_map(places, basemap=basemap, static_url="/app/static/vendor/"))
    tags = [(tag, value) for tag, _, value in refs(page)]
    assert {tag for tag, _ in tags} == {"script", "link"}
    for _, url in tags:
        assert url.startswith("/app/static/vendor/"), url
        relpath = url.removeprefix("/app/static/vendor/")
        own = relpath.removeprefix("conflict-map/")
        assert (VENDOR_DIR / relpath if own == relpath else ASSETS_DIR / own).is_file(), url
    assert {"/app/static/vendor/leaflet/leaflet.js", "/app/static/vendor/conflict-map/map.js",
            "/app/static/vendor/conflict-map/map.css",
            "/app/static/vendor/leaflet.markercluster/leaflet.markercluster.js"} <= {u for _, u in tags}
    assert set(re.findall(r"https?://[^\s\"'\\<>),]+", page)) <= ALLOWED_URLS


def test_inline_mode_has_no_external_references(places, basemap) -> None:
    page = render(build_map(places, basemap=basemap, assets="inline"))
    assert [r for r in refs(page) if not r[2].startswith("data:")] == []
    assert "L.markerClusterGroup" in page and "cm.drawPlaces = function" in page and "Leaflet 1.9.4" in page
    assert ".cm-marker {" in page  # map.css, inlined
    assert "url(images/" not in page and "data:image/png;base64," in page
    no_tiles = render(build_map(places, assets="inline", tiles=False))
    assert "tile.openstreetmap.org" not in no_tiles


def test_streamlit_folium_sees_only_local_links(places) -> None:
    """st_folium loads every element's default_js/default_css: all of them must be vendored URLs."""
    m = build_map(places)

    def walk(element: Any) -> Any:
        yield element
        for child in getattr(element, "_children", {}).values():
            yield from walk(child)

    links = [url for e in walk(m) for _, url in getattr(e, "default_js", []) + getattr(e, "default_css", [])]
    assert links and all(url.startswith("/app/static/vendor/") for url in links), links


def test_vendored_files_match_manifest_and_sync(tmp_path: Path) -> None:
    manifest = json.loads(VENDOR_MANIFEST.read_text())
    assert {p: e["version"] for p, e in manifest["packages"].items()} == {
        "leaflet": "1.9.4", "jquery": "3.7.1", "leaflet.markercluster": "1.5.3", "leaflet.heat": "0.2.0"}
    listed = {f"{p}/{f}" for p, e in manifest["packages"].items() for f in e["files"]}
    on_disk = {p.relative_to(VENDOR_DIR).as_posix() for p in VENDOR_DIR.rglob("*") if p.is_file()} - {"MANIFEST.json"}
    assert listed == on_disk
    for package, entry in manifest["packages"].items():
        assert entry["license"] and entry["license_file"] in entry["files"]
        for name, info in entry["files"].items():
            assert sha256_file(VENDOR_DIR / package / name) == info["sha256"], name
    target = sync_static_assets(tmp_path / "static")
    assert target == tmp_path / "static" / "vendor"
    for rel in listed:
        assert sha256_file(target / rel) == sha256_file(VENDOR_DIR / rel)
    (target / "leaflet/leaflet.js").write_text("tampered")
    sync_static_assets(tmp_path / "static")
    assert sha256_file(target / "leaflet/leaflet.js") == sha256_file(VENDOR_DIR / "leaflet/leaflet.js")
    for own in ("map.js", "map.css"):  # conflict-map's own assets are served beside the vendored ones
        assert sha256_file(target / "conflict-map" / own) == sha256_file(ASSETS_DIR / own)


def test_streamlit_config_enables_static_serving() -> None:
    config = (REPO / ".streamlit" / "config.toml").read_text()
    assert re.search(r"^\[server\][^\[]*^enableStaticServing\s*=\s*true", config, re.MULTILINE)


# -- untrusted text ---------------------------------------------------------------------------------------------
def test_hostile_names_and_quotes_appear_only_escaped() -> None:
    hostile = make_places(hostile_rows())
    for assets in ("static", "inline"):
        page = render(build_map(hostile, assets=assets))
        assert "<script>alert(1)</script>" not in page
        assert "<img src=x" not in page and "<img src=\\\"x" not in page
        assert not re.search(r"href\s*=\s*\\?[\"']?\s*javascript:", page, re.IGNORECASE)
        drawn = "".join(r["tooltip"] + r["popup"] + r["icon"] for r in map_places(page))  # as Leaflet gets them
        assert "X49Y" not in page and "&#123;&#123; 7*7 &#125;&#125;" in drawn, "template syntax must stay inert"
        assert "${alert" not in page and "&#36;&#123;alert(1)&#125;&#96;&#92;u" in drawn
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in drawn and "<script>" not in drawn
        assert "&lt;img src=x onerror=alert(1)&gt;" in drawn and "<img" not in drawn
        assert "javascript:alert(1)" in drawn  # as text only
        # parsed as a browser would: no payload opened an element or ended the map script early
        document = _Document(page)
        assert set(document.tags) <= {"html", "head", "meta", "title", "style", "link", "script", "body", "div"}
        assert "L.control.layers(" in document.scripts[-1] and "cm.drawPlaces(" in document.scripts[-1]
        assert marker_ids(page) == Counter(set(hostile["place_id"]))  # the hostile id survives, escaped


def test_quote_is_escaped_before_the_mention_is_marked() -> None:
    text = 'He said "<b>Peshawar</b>" & left.'
    html = quote_html({"text": text, "mention_start": 12, "mention_end": 20, "doc_title": "<i>T</i>"})
    assert html == ('<blockquote class="cm-quote">He said &quot;&lt;b&gt;<mark>Peshawar</mark>&lt;/b&gt;&quot; '
                    '&amp; left.<cite>&lt;i&gt;T&lt;/i&gt;</cite></blockquote>')
    # offsets index the sentence as given, even when its whitespace is ragged
    ragged = "Fighting  near\n\tKunar  continued."
    html = quote_html({"text": ragged, "mention_start": 16, "mention_end": 21})
    assert "Fighting near <mark>Kunar</mark> continued." in html
    # bad offsets fall back to finding the mention text; long sentences are trimmed around the mention
    long = "word " * 60 + "Kunar" + " word" * 60
    html = quote_html({"text": long, "mention_start": 999, "mention_end": 5, "mention_text": "Kunar"})
    assert "<mark>Kunar</mark>" in html and html.count("…") == 2 and len(html) < 300


def test_popup_lists_facts_and_at_most_three_quotes(places) -> None:
    peshawar = places[places.place_id == "gn:1168197"].iloc[0].to_dict()
    html = popup_html(peshawar)
    assert "<h4>Peshawar</h4>" in html and "city · Khyber Pakhtunkhwa, PK" in html
    assert "6 mentions in 2 documents · confidence 94%" in html
    assert html.count('<blockquote class="cm-quote">') == 3 and "+ 1 more quote<" in html
    assert html.count("<mark>Peshawar</mark>") == 3
    washington = places[places.place_id == "gn:4140963"].iloc[0].to_dict()
    assert "metonym" in popup_html(washington)
    bare = popup_html(peshawar, quotes=0)  # the dashboard's: its panel shows the quotes
    assert "cm-quote" not in bare and "4 quotes beside the map" in bare and "6 mentions in 2 documents" in bare


def test_layer_spec_remakes_only_the_records_whose_rows_changed(places) -> None:
    plain = layer_spec(places, selected="gn:1168197")
    memo: dict = {}
    keys = [(str(p), "v1") for p in places["place_id"]]
    first = layer_spec(places, selected="gn:1168197", memo=memo, keys=keys)
    assert first == plain and len(memo) == len(places)  # the same records, now kept
    kept = dict(memo)
    again = layer_spec(places, selected="gn:1168197", memo=memo, keys=keys)
    assert again == plain and memo == kept  # nothing made again
    assert all(a is b for a, b in zip(again.records, first.records))
    other = layer_spec(places, selected="gn:1138958", memo=memo, keys=keys)
    assert other == layer_spec(places, selected="gn:1138958")
    assert len(memo) == len(places) + 2  # the newly selected place and the one no longer selected
    changed = places.assign(mention_count=places["mention_count"] + 1)
    bumped = layer_spec(changed, memo=memo, keys=[(k, "v2") for k, _ in keys])  # a new key: made again
    assert bumped == layer_spec(changed)
    slim = layer_spec(places, popup_quotes=0, memo=memo, keys=keys)
    assert slim == layer_spec(places, popup_quotes=0) and all("cm-quote" not in r for r in slim.records)


# -- basemap and standalone -------------------------------------------------------------------------------------
def test_basemap_from_gazetteer_is_simplified_country_outlines(tmp_path: Path) -> None:
    gazetteer = tiny_gazetteer(tmp_path)
    with_water = basemap_from_gazetteer(gazetteer)
    outlines = with_water[with_water["feature_type"] == "country"]
    assert sorted(outlines["country_code"]) == ["AF", "IN", "PK", "US"]  # the city row is not an outline
    water = with_water[with_water["feature_type"] != "country"]  # then the lakes and major rivers
    assert len(water) == len(water_from_file()) > 0 and set(water["feature_type"]) == {"lake", "river"}
    assert list(basemap_from_gazetteer(gazetteer, water=False)["feature_type"]) == ["country"] * 4
    assert set(outlines.geom_type) <= {"Polygon", "MultiPolygon"} and outlines.crs.to_epsg() == 4326
    original = gazetteer.geometry("gn:PK")
    simplified = outlines.set_index("country_code").geometry["PK"]
    assert shapely.get_num_coordinates(simplified) < shapely.get_num_coordinates(original) / 10
    assert simplified.symmetric_difference(original).area < 0.02 * original.area


def test_real_gazetteer_basemap_fits_budget() -> None:
    outlines = basemap_from_gazetteer(Gazetteer.default())
    page = render(build_map(make_places([]), basemap=outlines))
    countries = (outlines["feature_type"] == "country").sum()
    assert countries > 150 and len(page) < 1_700_000 + WATER_FILE.stat().st_size  # the outlines' budget + the water


def test_standalone_map_is_one_offline_file(tmp_path: Path, places, basemap) -> None:
    path = write_standalone_map(places, tmp_path / "out" / "map.html", basemap=basemap, title="Kashmir <week 12>")
    page = path.read_text(encoding="utf-8")
    assert "<title>Kashmir &lt;week 12&gt;</title>" in page
    assert "5 places from 3 documents" in page
    assert ATTRIBUTION in page
    assert [r for r in refs(page) if not r[2].startswith("data:")] == []
    assert marker_ids(page) == Counter(set(places["place_id"]))


# -- real browser -----------------------------------------------------------------------------------------------
@pytest.mark.browser
def test_standalone_map_in_chromium(tmp_path: Path, basemap) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian chromium not installed")
    rows = standard_rows()
    rows[0]["quotes"].insert(0, quote("d1", "Officials in Peshawar said <img src=x onerror=alert(1)> was posted.",
                                      "Peshawar", "<script>alert(2)</script>"))
    places = make_places(rows)
    path = write_standalone_map(places, tmp_path / "map.html", basemap=basemap, title="Places in the news")

    requests: list[str] = []
    dialogs: list[str] = []
    errors: list[str] = []
    from benchmarks.dashboard import chromium

    with sync_api.sync_playwright() as p, chromium(p, viewport={"width": 1280, "height": 800}) as context:
        page = context.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri())

        icons = page.locator(".leaflet-marker-icon")
        icons.first.wait_for(state="visible", timeout=10_000)
        assert all(icons.nth(i).is_visible() for i in range(icons.count()))
        drawn = page.evaluate("""() => document.querySelectorAll('.leaflet-marker-icon [data-place-id]').length
            + [...document.querySelectorAll('.marker-cluster span')].reduce((n, s) => n + Number(s.textContent), 0)""")
        assert drawn == len(places)  # every place once: alone or counted in a cluster (areas and lines too)
        box = page.locator(".leaflet-container").bounding_box()
        assert box and box["width"] > 600 and box["height"] > 400
        assert page.locator(".leaflet-overlay-pane path").count() >= 4  # the outlines
        assert page.locator(".cm-legend").is_visible()

        page.evaluate("""() => {
            const map = Object.values(window).find(v => v && v instanceof L.Map);
            map.setView([34.008, 71.5785], 10, {animate: false});
        }""")
        page.locator('.leaflet-marker-icon:has([data-place-id="gn:1168197"])').click()
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for(state="visible", timeout=5_000)
        assert "Officials in Peshawar said <img src=x onerror=alert(1)> was posted." in popup.inner_text()
        assert popup.locator("img").count() == 0 and popup.locator("script").count() == 0
        assert popup.locator("mark").first.inner_text() == "Peshawar"
        page.wait_for_timeout(300)
        page.screenshot(path=tmp_path / "map.png")
        page.evaluate("""() => {
            const map = Object.values(window).find(v => v && v instanceof L.Map);
            map.closePopup(); map.setView([34.3, 73.5], 6);
        }""")
        page.wait_for_timeout(500)
        page.screenshot(path=tmp_path / "map_region.png")

    assert dialogs == [], dialogs
    assert errors == [], errors
    leaving = [u for u in requests if not u.startswith(("file://", "data:", "http://127.0.0.1"))]
    assert leaving == [], leaving
