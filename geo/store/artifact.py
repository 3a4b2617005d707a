"""Writing gazetteer artifacts: one deterministic SQLite file plus its manifest, shared by build and import.

The same rows always give the same bytes: rows are sorted by id, names by key, no timestamps are stored, and the
file is vacuumed before its checksum is taken.
"""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from geo.store.gazetteer import (
    ATTRIBUTION, FEATURE_TYPES, GEOMETRY_TYPES, NAME_KINDS, SCHEMA_SQL, SCHEMA_VERSION, manifest_path, sha256_file,
)
from geo.core.names import ascii_fold, name_key, variant_rules

_KIND_RANK = {kind: rank for rank, kind in enumerate(NAME_KINDS)}


@dataclass
class PlaceRow:
    """A place about to be written: the record's fields, its names as (name, kind) and its shape as WKB."""

    id: str
    name: str
    feature_type: str
    feature_class: str
    feature_code: str
    country_code: str
    lat: float
    lon: float
    population: int = 0
    geonames_id: int | None = None
    ascii_name: str = ""
    admin1_code: str = ""
    admin1_name: str = ""
    admin2_code: str = ""
    admin2_name: str = ""
    geometry_type: str = "Point"
    source: str = "geonames"
    names: list[tuple[str, str]] = field(default_factory=list)
    wkb: bytes | None = None

    def check(self) -> None:
        """Raise ValueError when a field is outside the schema's vocabulary or range."""
        if self.feature_type not in FEATURE_TYPES:
            raise ValueError(f"{self.id}: unknown feature_type {self.feature_type!r}")
        if self.geometry_type not in GEOMETRY_TYPES:
            raise ValueError(f"{self.id}: unknown geometry_type {self.geometry_type!r}")
        if not (-90.0 <= self.lat <= 90.0 and -180.0 <= self.lon <= 180.0):
            raise ValueError(f"{self.id}: coordinates out of range ({self.lat}, {self.lon})")
        if (self.wkb is None) != (self.geometry_type == "Point"):
            raise ValueError(f"{self.id}: geometry_type {self.geometry_type} but wkb is {'absent' if self.wkb is None else 'present'}")
        for _, kind in self.names:
            if kind not in _KIND_RANK:
                raise ValueError(f"{self.id}: unknown name kind {kind!r}")


def _name_rows(pk: int, row: PlaceRow) -> list[tuple[str, int, str, str]]:
    """The names table rows of one place: one per key, the most authoritative kind winning."""
    ascii_name = row.ascii_name or ascii_fold(row.name)
    candidates = [(row.name, "name"), (ascii_name, "ascii"), *row.names]
    best: dict[str, tuple[str, str]] = {}
    for text, kind in candidates:
        text = " ".join(text.split())
        key = name_key(text)
        if not key:
            continue
        current = best.get(key)
        if current is None or (_KIND_RANK[kind], text) < (_KIND_RANK[current[1]], current[0]):
            best[key] = (text, kind)
    # Spelling-variant keys ("~sa:datakel" for Datta Khel) of the place's own name, by the rule families of its
    # country; they sit in their own key space, so an exact lookup never meets them (see Gazetteer.matches). Not of
    # alternate names: those are already spellings, often obscure ones, and their variants matched surnames.
    rules = variant_rules()
    for key, (text, kind) in list(best.items()):
        if kind in ("name", "ascii"):
            for variant in rules.keys_for_place(key, row.country_code):
                best.setdefault(variant, (text, "variant"))
    return [(key, pk, text, kind) for key, (text, kind) in sorted(best.items())]


def _built_with() -> dict[str, str]:
    """Versions the artifact's bytes depend on: Python, SQLite, and shapely/GEOS for simplified shapes."""
    import shapely

    return {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version, "shapely": shapely.__version__,
            "geos": shapely.geos_version_string}


def write_artifact(
    path: Path,
    rows: Iterable[PlaceRow],
    *,
    mode: str = "base",
    sources: list[dict[str, Any]] | None = None,
    inputs: list[dict[str, Any]] | None = None,
    progress: bool = True,
    total: int | None = None,
) -> dict[str, Any]:
    """Stream rows into ``path`` (atomically, via a temporary file) and write its manifest beside it.

    Rows are stored in the order given, so a caller that wants byte-for-byte reproducible output gives them in a
    deterministic order (the build sorts by id; GeoNames dumps are already ordered). Duplicate ids raise ValueError.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()
    conn = sqlite3.connect(tmp)
    try:
        conn.execute("PRAGMA page_size = 4096")
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.executescript(SCHEMA_SQL)
        conn.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [("schema_version", str(SCHEMA_VERSION)), ("mode", mode), ("attribution", ATTRIBUTION)],
        )
        count = 0
        for pk, row in enumerate(
            tqdm(rows, desc="writing places", unit="place", total=total, disable=not progress), start=1
        ):
            row.check()
            try:
                conn.execute(
                    "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        pk, row.id, row.geonames_id, row.name, row.ascii_name or ascii_fold(row.name),
                        row.feature_type, row.feature_class, row.feature_code, row.country_code, row.admin1_code,
                        row.admin1_name, row.admin2_code, row.admin2_name, int(row.population), round(row.lat, 5),
                        round(row.lon, 5), row.geometry_type, row.source,
                    ),
                )
            except sqlite3.IntegrityError as exc:
                raise ValueError(f"duplicate place id {row.id!r}") from exc
            if row.wkb is not None:
                conn.execute("INSERT INTO geometries VALUES (?, ?)", (pk, row.wkb))
            conn.executemany("INSERT INTO names VALUES (?, ?, ?, ?)", _name_rows(pk, row))
            count = pk
        conn.commit()
        conn.execute("VACUUM")
        counts = dict(conn.execute("SELECT feature_type, count(*) FROM places GROUP BY 1 ORDER BY 1"))
        name_count = conn.execute("SELECT count(*) FROM names").fetchone()[0]
    except BaseException:
        conn.close()
        tmp.unlink(missing_ok=True)
        raise
    conn.close()
    os.replace(tmp, path)
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "mode": mode,
        "artifact": {"file": path.name, "sha256": sha256_file(path), "size_bytes": path.stat().st_size},
        "counts": {"places": count, "names": name_count, "by_feature_type": counts},
        "sources": sources or [],
        "inputs": inputs or [],
        "built_with": _built_with(),
        "attribution": ATTRIBUTION,
    }
    manifest_path(path).write_text(json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n", "utf-8")
    return manifest
