"""The offline gazetteer: a checksummed SQLite artifact of places, their names and their geometries.

The default artifact ships in ``data/``; a user-level artifact made by ``python -m geo gazetteer import-geonames``
can extend or replace it. Lookups are case- and diacritic-insensitive through :func:`geo.core.names.name_key`.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo.errors import GazetteerCorrupt, GazetteerError, GazetteerMissing
from geo.core.names import name_key, variant_rules
from geo.core.spatial import haversine_km

if TYPE_CHECKING:  # geopandas and shapely are heavy; import them only where geometry is asked for
    import geopandas
    import shapely

SCHEMA_VERSION = 1
PACKAGE_DATA = Path(__file__).resolve().parent.parent / "data"
DEFAULT_ARTIFACT = PACKAGE_DATA / "gazetteer.sqlite"
ENV_ARTIFACT = "CONFLICT_MAP_GAZETTEER"
ENV_USER_DIR = "CONFLICT_MAP_HOME"

FEATURE_TYPES = (
    "continent", "country", "adm1", "adm2", "region", "city", "town", "village", "line", "physical", "landmark",
)
GEOMETRY_TYPES = ("Point", "Polygon", "MultiPolygon", "LineString", "MultiLineString")
NAME_KINDS = ("name", "ascii", "abbreviation", "alternate", "code", "variant")  # variant: a spelling-variant key (weak)

SCHEMA_SQL = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    geonames_id INTEGER,
    name TEXT NOT NULL,
    ascii_name TEXT NOT NULL,
    feature_type TEXT NOT NULL,
    feature_class TEXT NOT NULL,
    feature_code TEXT NOT NULL,
    country_code TEXT NOT NULL,
    admin1_code TEXT NOT NULL,
    admin1_name TEXT NOT NULL,
    admin2_code TEXT NOT NULL,
    admin2_name TEXT NOT NULL,
    population INTEGER NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    geometry_type TEXT NOT NULL,
    source TEXT NOT NULL
);
CREATE TABLE names (
    key TEXT NOT NULL,
    pk INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (key, pk)
) WITHOUT ROWID;
CREATE TABLE geometries (pk INTEGER PRIMARY KEY, wkb BLOB NOT NULL);
CREATE INDEX places_geonames_id ON places (geonames_id);
CREATE INDEX names_pk ON names (pk);
"""

_PLACE_COLUMNS = (
    "id, geonames_id, name, ascii_name, feature_type, feature_class, feature_code, country_code, admin1_code, "
    "admin1_name, admin2_code, admin2_name, population, lat, lon, geometry_type, source"
)

# How much a kind of place stands out before its population is counted: a capital, a metropolis or a country is
# named far more often than its population alone predicts (the "Washington" and "New York" problem: the city,
# not the state).
_TYPE_BONUS = {
    "continent": 4.0, "country": 3.0, "adm1": 0.3, "region": 1.2, "line": 1.0, "adm2": 0.3,
    "city": 0.0, "town": 0.0, "village": 0.0, "physical": 0.0, "landmark": -0.5,
}
# An ocean (OCN) has no population but is named in the news like the largest cities: "the Atlantic" is the ocean
# before Atlantic County, New Jersey (context still decides). Seas, gulfs and bays get no bonus: GeoNames has
# thousands of small ones, which an imported gazetteer would push above towns.
_CODE_BONUS = {"PPLC": 2.2, "PPLA": 0.7, "PPLG": 0.7, "PPLA2": 0.2, "PCLI": 0.5,
               "ADM3": -0.9, "ADM4": -1.2, "ADM5": -1.2, "ADMD": -0.9,
               # Oceans and seas have no population but are what their names mean in news ("the Red Sea").
               "OCN": 7.0, "SEA": 7.0}


@dataclass(frozen=True, slots=True)
class PlaceRecord:
    """One gazetteer entry: identity, type, administrative context, population and a representative point."""

    id: str
    geonames_id: int | None
    name: str
    ascii_name: str
    feature_type: str
    feature_class: str
    feature_code: str
    country_code: str
    admin1_code: str
    admin1_name: str
    admin2_code: str
    admin2_name: str
    population: int
    lat: float
    lon: float
    geometry_type: str
    source: str

    @property
    def is_area(self) -> bool:
        """True for places drawn as polygons (countries, provinces, regions)."""
        return self.geometry_type in ("Polygon", "MultiPolygon")

    @property
    def prior(self) -> float:
        """A context-free importance score: log population plus a bonus for the kind of place."""
        return place_prior(self.feature_type, self.feature_code, self.population)

    def as_dict(self) -> dict[str, Any]:
        """The record as a plain dict (JSON-ready)."""
        return {name: getattr(self, name) for name in self.__slots__}


def place_prior(feature_type: str, feature_code: str, population: int) -> float:
    """Importance before context: log10(population + 1) plus bonuses for capitals, countries and provinces."""
    metropolis = 0.7 if feature_type == "city" and population >= 1_000_000 else 0.0
    return (math.log10(max(population, 0) + 1) + _TYPE_BONUS.get(feature_type, 0.0)
            + _CODE_BONUS.get(feature_code, 0.0) + metropolis)


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def manifest_path(artifact: Path) -> Path:
    """The manifest that sits beside an artifact: ``gazetteer.sqlite`` -> ``gazetteer.manifest.json``."""
    return artifact.with_name(artifact.stem + ".manifest.json")


def user_dir() -> Path:
    """Where user-level data (an imported GeoNames gazetteer) lives: $CONFLICT_MAP_HOME or the XDG data dir."""
    if os.environ.get(ENV_USER_DIR):
        return Path(os.environ[ENV_USER_DIR])
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "conflict-map"


def user_artifact() -> Path:
    """The path of the user-level gazetteer made by ``import-geonames``."""
    return user_dir() / "gazetteer.sqlite"


def _check_schema(conn: sqlite3.Connection, path: Path) -> None:
    """Raise GazetteerCorrupt when an artifact lacks a table or column of SCHEMA_SQL (its manifest may still match)."""
    expected = sqlite3.connect(":memory:")
    expected.executescript(SCHEMA_SQL)
    try:
        for (table,) in expected.execute("SELECT name FROM sqlite_master WHERE type='table'"):
            want = {row[1] for row in expected.execute(f"PRAGMA table_info({table})")}
            have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
            if not want <= have:
                missing = ", ".join(sorted(want - have))
                raise GazetteerCorrupt(f"gazetteer artifact {path} does not have the schema it claims: table {table} "
                                       f"{'is missing' if not have else 'lacks ' + missing}; rebuild it with "
                                       f"`python -m geo gazetteer build` or restore it")
    except sqlite3.DatabaseError as exc:
        raise GazetteerCorrupt(f"gazetteer artifact {path} is not a readable SQLite database: {exc}") from exc
    finally:
        expected.close()


class _Layer:
    """One opened artifact: a read-only SQLite connection plus its manifest."""

    def __init__(self, path: Path, *, verify: bool = True) -> None:
        self.path = path
        if not path.exists():
            raise GazetteerMissing(
                f"gazetteer artifact not found: {path}. Rebuild it with `python -m geo gazetteer build` "
                f"or restore it from the repository (git checkout -- data/)."
            )
        mpath = manifest_path(path)
        try:
            self.manifest: dict[str, Any] = json.loads(mpath.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise GazetteerCorrupt(f"gazetteer manifest missing: {mpath}") from exc
        except (ValueError, UnicodeDecodeError) as exc:
            raise GazetteerCorrupt(f"gazetteer manifest is not valid JSON: {mpath}: {exc}") from exc
        if verify:
            expected = self.manifest.get("artifact", {}).get("sha256")
            actual = sha256_file(path)
            if expected != actual:
                raise GazetteerCorrupt(
                    f"gazetteer artifact {path} is corrupt: sha256 {actual[:16]}... does not match the manifest's "
                    f"{str(expected)[:16]}...; rebuild it with `python -m geo gazetteer build` or restore it."
                )
        try:
            self.conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            version = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise GazetteerCorrupt(f"gazetteer artifact {path} is not a readable SQLite database: {exc}") from exc
        if version is None or str(version[0]) != str(SCHEMA_VERSION):
            raise GazetteerCorrupt(f"gazetteer artifact {path} has schema {version}, expected {SCHEMA_VERSION}")
        _check_schema(self.conn, path)
        self.mode: str = self.manifest.get("mode", "base")


def _record(row: Sequence[Any]) -> PlaceRecord:
    return PlaceRecord(*row)


class Gazetteer:
    """Lookup of places by name, alias or id across one or more artifacts (a user artifact first, then the default).

    Thread-safe for reading; open it once per process (``Gazetteer.default()`` caches it).
    """

    def __init__(self, paths: Sequence[Path | str] | Path | str | None = None, *, verify: bool = True) -> None:
        if paths is None:
            paths = default_paths()
        elif isinstance(paths, (str, Path)):
            paths = [paths]
        self.layers = [_Layer(Path(p), verify=verify) for p in paths]
        if not self.layers:
            raise GazetteerMissing("no gazetteer artifact given")
        self._matches = lru_cache(maxsize=200_000)(self._matches_uncached)
        self._starts = lru_cache(maxsize=200_000)(self._starts_uncached)
        self._abbreviations: dict[str, frozenset[str]] = {}

    # -- construction -------------------------------------------------------------------------------------------
    @classmethod
    def default(cls) -> Gazetteer:
        """The process-wide gazetteer: $CONFLICT_MAP_GAZETTEER, or the user artifact and/or the shipped one."""
        return _default_gazetteer()

    # -- lookup -------------------------------------------------------------------------------------------------
    def lookup(
        self,
        name: str,
        *,
        country: str | None = None,
        feature_types: Iterable[str] | None = None,
        limit: int | None = None,
    ) -> list[PlaceRecord]:
        """Places whose name or alias matches ``name`` (case/diacritic-insensitive), best prior first."""
        records = self.lookup_key(name_key(name))
        if country:
            wanted = country.upper()
            records = tuple(r for r in records if r.country_code == wanted)
        if feature_types is not None:
            types = set(feature_types)
            records = tuple(r for r in records if r.feature_type in types)
        return list(records[:limit] if limit else records)

    def lookup_key(self, key: str) -> tuple[PlaceRecord, ...]:
        """Places for an already-normalised key (see :func:`geo.core.names.name_key`), best prior first."""
        return tuple(record for record, _ in self._matches(key))

    def matches(self, key: str) -> tuple[tuple[PlaceRecord, str], ...]:
        """(record, name kind) pairs for a normalised key, best prior first; the kind says how the name matched."""
        return self._matches(key)

    def lookup_keys(self, keys: Iterable[str]) -> dict[str, tuple[PlaceRecord, ...]]:
        """Batch form of :meth:`lookup_key`: only keys with at least one place appear in the result."""
        found: dict[str, tuple[PlaceRecord, ...]] = {}
        for key in set(keys):
            records = self.lookup_key(key)
            if records:
                found[key] = records
        return found

    def has_key(self, key: str) -> bool:
        """True when some place carries this normalised name key."""
        return bool(self._matches(key))

    def starts_name(self, key: str) -> bool:
        """True when some exact name key equals ``key`` or continues it with more words ("north" for "north
        waziristan"): recognition stops widening a window of words once no name can start so (variants aside)."""
        return self._starts(key)

    def _starts_uncached(self, key: str) -> bool:
        # Keys are lower-case words joined by single spaces: [key, key + "!") holds key and key + " ..." only.
        return any(layer.conn.execute("SELECT 1 FROM names WHERE key >= ? AND key < ? LIMIT 1",
                                      (key, key + "!")).fetchone() for layer in self.layers) if key else False

    def _matches_uncached(self, key: str) -> tuple[tuple[PlaceRecord, str], ...]:
        exact = self._rows_for((key,))
        if exact or not key:
            return exact
        # Only when no place has the exact name: its spelling variants (kind "variant", weaker evidence), never for
        # short names or common English words (see geo.core.names.VariantRules.keys_for_text).
        return self._rows_for(tuple(variant_rules().keys_for_text(key)))

    def _rows_for(self, keys: tuple[str, ...]) -> tuple[tuple[PlaceRecord, str], ...]:
        """(record, kind) for the places carrying any of these keys, best prior first; earlier layers win an id."""
        if not keys:
            return ()
        seen: dict[str, tuple[PlaceRecord, str]] = {}
        marks = ", ".join("?" * len(keys))
        for layer in self.layers:
            rows = layer.conn.execute(
                f"SELECT {_PLACE_COLUMNS_P}, n.kind FROM names n JOIN places p ON p.pk = n.pk WHERE n.key IN ({marks}) "
                "ORDER BY p.pk, n.key", keys,
            ).fetchall()
            for row in rows:
                if row[0] in seen:
                    continue
                record = _record(row[:-1])
                if layer is not self.layers[0]:
                    # An earlier layer (a user import) may hold this id under other names: its record wins.
                    record = self._get_before(record.id, layer) or record
                seen[row[0]] = (record, row[-1])
        return tuple(sorted(seen.values(), key=lambda m: (-m[0].prior, m[0].id)))

    def get(self, place_id: str) -> PlaceRecord | None:
        """The record with this id, or None."""
        for layer in self.layers:
            row = layer.conn.execute(f"SELECT {_PLACE_COLUMNS} FROM places WHERE id = ?", (place_id,)).fetchone()
            if row:
                return _record(row)
        return None

    def written_abbreviations(self, key: str) -> frozenset[str]:
        """How the abbreviations with this key are written ("Ky.", "LoC"), so text can be matched case-exactly."""
        if key not in self._abbreviations:
            found = set()
            for layer in self.layers:
                rows = layer.conn.execute("SELECT name FROM names WHERE key = ? AND kind = 'abbreviation'", (key,))
                found.update(row[0] for row in rows)
            self._abbreviations[key] = frozenset(found)
        return self._abbreviations[key]

    def country(self, code: str) -> PlaceRecord | None:
        """The country record of an ISO 3166-1 alpha-2 code ("PK"), or None."""
        if not hasattr(self, "_countries"):
            countries: dict[str, PlaceRecord] = {}
            for layer in self.layers:
                rows = layer.conn.execute(
                    f"SELECT {_PLACE_COLUMNS} FROM places WHERE feature_type = 'country' ORDER BY population DESC, id"
                )
                for row in rows:
                    record = _record(row)
                    countries.setdefault(record.country_code, record)
            self._countries = countries
        return self._countries.get(code.upper())

    def _get_before(self, place_id: str, layer: _Layer) -> PlaceRecord | None:
        """The record of ``place_id`` in a layer that comes before ``layer``, if any."""
        for earlier in self.layers:
            if earlier is layer:
                return None
            row = earlier.conn.execute(f"SELECT {_PLACE_COLUMNS} FROM places WHERE id = ?", (place_id,)).fetchone()
            if row:
                return _record(row)
        return None

    def names(self, place_id: str) -> list[tuple[str, str]]:
        """All (name, kind) pairs of a place: its name, ASCII name, abbreviations and alternate names."""
        for layer in self.layers:
            rows = layer.conn.execute(
                "SELECT n.name, n.kind FROM names n JOIN places p ON p.pk = n.pk WHERE p.id = ? AND n.kind != 'variant' "
                "ORDER BY n.kind, n.name",
                (place_id,),
            ).fetchall()
            if rows:
                return [(r[0], r[1]) for r in rows]
        return []

    def alternate_names(self, place_id: str) -> list[str]:
        """The alternate names and abbreviations of a place, without its main name."""
        record = self.get(place_id)
        main = record.name if record else None
        return sorted({n for n, kind in self.names(place_id) if n != main and kind != "ascii"})

    def geometry(self, place_id: str) -> shapely.Geometry | None:
        """The place's shape (Polygon, LineString, ...) or its point when it has none; None for an unknown id."""
        import shapely

        for layer in self.layers:
            row = layer.conn.execute(
                "SELECT p.lon, p.lat, g.wkb FROM places p LEFT JOIN geometries g ON g.pk = p.pk WHERE p.id = ?",
                (place_id,),
            ).fetchone()
            if row:
                return shapely.from_wkb(row[2]) if row[2] is not None else shapely.Point(row[0], row[1])
        return None

    def nearest(self, lat: float, lon: float, *, max_km: float = 50.0, limit: int | None = 1) -> list[PlaceRecord]:
        """Places whose representative point lies within ``max_km``, nearest first (ties: larger prior first)."""
        dlat = max_km / 111.0
        dlon = max_km / max(1e-6, 111.0 * math.cos(math.radians(min(89.0, abs(lat)))))
        found: dict[str, tuple[float, PlaceRecord]] = {}
        for layer in self.layers:
            rows = layer.conn.execute(
                f"SELECT {_PLACE_COLUMNS} FROM places WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?",
                (lat - dlat, lat + dlat, lon - dlon, lon + dlon),
            )
            for row in rows:
                record = _record(row)
                distance = haversine_km(lat, lon, record.lat, record.lon)
                if distance <= max_km and record.id not in found:
                    found[record.id] = (distance, record)
        ordered = sorted(found.values(), key=lambda item: (round(item[0], 3), -item[1].prior, item[1].id))
        return [record for _, record in ordered[:limit] if limit] if limit else [record for _, record in ordered]

    def geonames_ids(self) -> frozenset[int]:
        """Every GeoNames id any layer holds, so callers can tell "not in the gazetteer" without SQL."""
        ids: set[int] = set()
        for layer in self.layers:
            ids.update(row[0] for row in layer.conn.execute(
                "SELECT DISTINCT geonames_id FROM places WHERE geonames_id IS NOT NULL"))
        return frozenset(ids)

    def __iter__(self) -> Iterator[PlaceRecord]:
        seen: set[str] = set()
        for layer in self.layers:
            for row in layer.conn.execute(f"SELECT {_PLACE_COLUMNS} FROM places ORDER BY pk"):
                if row[0] not in seen:
                    seen.add(row[0])
                    yield _record(row)

    def __len__(self) -> int:
        if len(self.layers) == 1:
            return self.layers[0].conn.execute("SELECT count(*) FROM places").fetchone()[0]
        return sum(1 for _ in self)

    def to_geodataframe(self, *, feature_types: Iterable[str] | None = None) -> geopandas.GeoDataFrame:
        """All records (or those of some feature types) as a GeoDataFrame in EPSG:4326 with their real shapes."""
        import geopandas
        import shapely

        types = set(feature_types) if feature_types is not None else None
        rows: list[dict[str, Any]] = []
        geoms: list[Any] = []
        seen: set[str] = set()
        where, params = "", ()
        if types is not None:
            where = f"WHERE p.feature_type IN ({', '.join('?' * len(types))})" if types else "WHERE 0"
            params = tuple(sorted(types))
        for layer in self.layers:
            cursor = layer.conn.execute(
                f"SELECT {_PLACE_COLUMNS_P}, g.wkb FROM places p LEFT JOIN geometries g ON g.pk = p.pk {where} "
                "ORDER BY p.pk",
                params,
            )
            for row in cursor:
                record = _record(row[:-1])
                if record.id in seen or (types is not None and record.feature_type not in types):
                    continue
                seen.add(record.id)
                rows.append(record.as_dict())
                geoms.append(shapely.from_wkb(row[-1]) if row[-1] is not None else shapely.Point(record.lon, record.lat))
        return geopandas.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")

    # -- description --------------------------------------------------------------------------------------------
    def info(self) -> dict[str, Any]:
        """Counts by feature type, sources, versions and checksums of every layer."""
        layers = []
        for layer in self.layers:
            counts = dict(
                layer.conn.execute("SELECT feature_type, count(*) FROM places GROUP BY feature_type ORDER BY 1")
            )
            geometry_counts = dict(
                layer.conn.execute("SELECT geometry_type, count(*) FROM places GROUP BY geometry_type ORDER BY 1")
            )
            names = layer.conn.execute("SELECT count(*), count(DISTINCT key) FROM names").fetchone()
            layers.append(
                {
                    "path": str(layer.path),
                    "mode": layer.mode,
                    "places": sum(counts.values()),
                    "names": names[0],
                    "name_keys": names[1],
                    "by_feature_type": counts,
                    "by_geometry_type": geometry_counts,
                    "sha256": layer.manifest.get("artifact", {}).get("sha256"),
                    "size_bytes": layer.path.stat().st_size,
                    "sources": layer.manifest.get("sources", []),
                    "built_with": layer.manifest.get("built_with", {}),
                    "attribution": layer.manifest.get("attribution", ATTRIBUTION),
                }
            )
        return {"schema_version": SCHEMA_VERSION, "layers": layers, "attribution": ATTRIBUTION}

    def close(self) -> None:
        """Close every connection."""
        for layer in self.layers:
            layer.conn.close()


_PLACE_COLUMNS_P = ", ".join(f"p.{c.strip()}" for c in _PLACE_COLUMNS.split(","))

ATTRIBUTION = (
    "Place data from GeoNames (https://www.geonames.org/, CC BY 4.0); boundaries and the Line of Control from "
    "Natural Earth (https://www.naturalearthdata.com/, public domain); curated supplement by conflict-map."
)


def default_paths() -> list[Path]:
    """Artifacts to open by default: $CONFLICT_MAP_GAZETTEER alone, else the user artifact (if any) then the shipped one."""
    if os.environ.get(ENV_ARTIFACT):
        return [Path(os.environ[ENV_ARTIFACT])]
    paths: list[Path] = []
    user = user_artifact()
    if user.exists():
        paths.append(user)
        try:
            mode = json.loads(manifest_path(user).read_text(encoding="utf-8")).get("mode", "extend")
        except (OSError, ValueError) as exc:
            raise GazetteerCorrupt(f"user gazetteer manifest unreadable: {manifest_path(user)}: {exc}") from exc
        if mode == "replace":
            return paths
    paths.append(DEFAULT_ARTIFACT)
    return paths


@lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    return Gazetteer(default_paths())


def reset_default() -> None:
    """Forget the cached default gazetteer (after an import, or in tests that change the environment)."""
    _default_gazetteer.cache_clear()


__all__ = [
    "ATTRIBUTION", "DEFAULT_ARTIFACT", "FEATURE_TYPES", "GEOMETRY_TYPES", "Gazetteer", "GazetteerError",
    "NAME_KINDS", "PlaceRecord", "SCHEMA_SQL", "SCHEMA_VERSION", "manifest_path", "place_prior", "sha256_file",
]
