"""Import GeoNames dump files (allCountries.txt, PK.txt, cities500.txt, plain or zipped) as a user-level gazetteer.

The result is an ordinary artifact (see :mod:`geo.store.artifact`) that ``Gazetteer.default()`` opens before the shipped
one ("extend") or instead of it ("replace"). Ids are the geonameids, so an imported record overrides the shipped
record of the same place. Input format: https://download.geonames.org/export/dump/readme.txt.

Memory stays flat however large the dump: lines are streamed, the set of geonameids seen is a bitmap (about 1.6 MB
for every id in use today), and alternate names are spilled to a temporary SQLite file beside the output.
"""

from __future__ import annotations

import io
import logging
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from tqdm import tqdm

from geo.store.artifact import PlaceRow, write_artifact
from geo.errors import GazetteerError
from geo.store.gazetteer import reset_default, sha256_file, user_artifact

log = logging.getLogger(__name__)

SOURCE = "geonames-dump"
FEATURE_CLASSES = "AHLPRSTUV"
CITY_POPULATION = 100_000
TOWN_POPULATION = 10_000

COUNTRY_CODES = frozenset({"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR"})
# Class L is a mixed bag: named regions (region), natural areas (physical); the rest (localities, parks, reserves,
# ports, military bases, oil fields, ...) are landmarks.
L_REGION_CODES = frozenset({"AREA", "RGN", "RGNE", "RGNH", "RGNL", "TRB"})
L_PHYSICAL_CODES = frozenset({"BSND", "CLG", "CST", "GVL", "LAND", "OAS", "PEAT", "QCKS", "SALT", "SNOW"})

# alternateNames "isolanguage" values that are not names: links, Wikidata ids, postal and transport codes, and
# the French revolutionary names. "abbr" rows are kept as abbreviations.
SKIPPED_LANGUAGES = frozenset({"link", "wkdt", "post", "iata", "icao", "faac", "tcid", "unlc", "uicn", "fr_1793"})

_PLACE_FIELDS = 19
_ALTERNATE_FIELDS = (8, 10)  # alternateNames.txt (v1) and alternateNamesV2.txt (adds "from" and "to")
_ADMIN_FIELDS = 4
_EXAMPLES = 5


def geonames_feature_type(feature_class: str, feature_code: str, population: int) -> str | None:
    """Map a GeoNames feature class/code (and population, for P) to the gazetteer's ``feature_type``; None if unclassed.

    A: countries and dependent territories -> country, ADM1 -> adm1, ADM2 -> adm2, any other administrative unit
    (ADM3-5, ADMD, historical ADMnH/PCLH, zones, leased areas) -> region. P: PPLC or >= 100,000 people -> city,
    >= 10,000 -> town, else village. L: CONT -> continent, named regions -> region, natural areas -> physical, else
    landmark. H, T, U, V -> physical. R, S -> landmark.
    """
    if feature_class == "A":
        if feature_code in COUNTRY_CODES:
            return "country"
        return {"ADM1": "adm1", "ADM2": "adm2"}.get(feature_code, "region")
    if feature_class == "P":
        if feature_code == "PPLC" or population >= CITY_POPULATION:
            return "city"
        return "town" if population >= TOWN_POPULATION else "village"
    if feature_class == "L":
        if feature_code == "CONT":
            return "continent"
        if feature_code in L_REGION_CODES:
            return "region"
        return "physical" if feature_code in L_PHYSICAL_CODES else "landmark"
    if feature_class in ("H", "T", "U", "V"):
        return "physical"
    if feature_class in ("R", "S"):
        return "landmark"
    return None


class _IdSet:
    """A set of non-negative ints stored as bitmaps of 65,536 ids (8 KiB each), allocated only where ids occur."""

    def __init__(self) -> None:
        self._chunks: dict[int, bytearray] = {}

    def add(self, value: int) -> None:
        """Put ``value`` in the set."""
        chunk = self._chunks.get(value >> 16)
        if chunk is None:
            chunk = self._chunks[value >> 16] = bytearray(8192)
        chunk[(value & 0xFFFF) >> 3] |= 1 << (value & 7)

    def __contains__(self, value: int) -> bool:
        """True when ``value`` was added."""
        chunk = self._chunks.get(value >> 16)
        return chunk is not None and bool(chunk[(value & 0xFFFF) >> 3] & (1 << (value & 7)))


@dataclass
class _InputReport:
    """What happened to one input file; it becomes an entry of the manifest's ``inputs``."""

    role: str
    path: Path
    member: str | None = None
    lines: int = 0
    valid: int = 0
    malformed: int = 0
    malformed_examples: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def bad(self, line_no: int, reason: str, text: str) -> None:
        """Count a malformed line and keep the first few as examples."""
        self.malformed += 1
        if len(self.malformed_examples) < _EXAMPLES:
            self.malformed_examples.append({"line": line_no, "reason": reason, "text": text[:120]})

    def count(self, what: str) -> None:
        """Add one to a role-specific counter (imported, duplicates, filtered, ...)."""
        self.counts[what] = self.counts.get(what, 0) + 1

    def where(self) -> str:
        """The file (and zip member) for messages."""
        return f"{self.path}" + (f" (member {self.member})" if self.member else "")

    def finish(self) -> None:
        """Raise GazetteerError when the file held no valid line."""
        if self.valid == 0:
            first = self.malformed_examples[0] if self.malformed_examples else None
            detail = f"; first problem: line {first['line']}: {first['reason']}" if first else ""
            raise GazetteerError(
                f"{self.where()} has no valid GeoNames {self.role} line ({self.lines} lines, {self.malformed} "
                f"malformed{detail}); is it a GeoNames dump file in the format of the dump's readme.txt?"
            )

    def warn(self) -> None:
        """Log the malformed lines, if any, with the first few line numbers and reasons."""
        if self.malformed:
            shown = "; ".join(f"line {e['line']}: {e['reason']}" for e in self.malformed_examples)
            log.warning("%s: skipped %d malformed line(s): %s", self.where(), self.malformed, shown)

    def as_dict(self) -> dict[str, Any]:
        """The manifest entry: file name, checksum, size and the line counts."""
        entry: dict[str, Any] = {
            "role": self.role, "file": self.path.name, "sha256": sha256_file(self.path),
            "size_bytes": self.path.stat().st_size, "lines": self.lines, "valid": self.valid,
            "malformed": self.malformed, "malformed_examples": self.malformed_examples,
            **dict(sorted(self.counts.items())),
        }
        if self.member:
            entry["member"] = self.member
        return entry


@dataclass(frozen=True, slots=True)
class _Place:
    """The fields of one valid line of a GeoNames places file that the gazetteer keeps."""

    geonameid: int
    name: str
    ascii_name: str
    alternate_names: tuple[str, ...]
    lat: float
    lon: float
    feature_class: str
    feature_code: str
    country_code: str
    admin1_code: str
    admin2_code: str
    population: int


def _zip_member(archive: zipfile.ZipFile, path: Path) -> zipfile.ZipInfo:
    """The .txt member of a GeoNames zip: the one named like the zip, else the only .txt that is not readme.txt."""
    texts = [
        info for info in archive.infolist()
        if info.filename.lower().endswith(".txt") and Path(info.filename).name.lower() != "readme.txt"
    ]
    same_stem = [info for info in texts if Path(info.filename).stem == path.stem]
    if same_stem:
        return same_stem[0]
    if len(texts) == 1:
        return texts[0]
    names = ", ".join(info.filename for info in archive.infolist()) or "nothing"
    raise GazetteerError(f"{path}: cannot tell which member to read (expected {path.stem}.txt; it holds {names})")


@contextmanager
def _open_dump(path: Path) -> Iterator[tuple[IO[bytes], str | None, int]]:
    """Open a dump file for binary reading, or the data member of a .zip; yield (stream, member name, size)."""
    if path.suffix.lower() != ".zip":
        with open(path, "rb") as handle:
            yield handle, None, path.stat().st_size
        return
    try:
        with zipfile.ZipFile(path) as archive:
            info = _zip_member(archive, path)
            with archive.open(info) as member:
                # ZipExtFile's own readline is slow; a 1 MiB BufferedReader over it reads lines ~2.5x faster.
                buffered = io.BufferedReader(member, buffer_size=1 << 20)  # type: ignore[arg-type]
                yield buffered, info.filename, info.file_size
    except zipfile.BadZipFile as exc:
        raise GazetteerError(f"{path} is not a readable zip file: {exc}") from exc


def _records(path: Path, widths: Sequence[int], report: _InputReport, bar: tqdm) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, tab-separated fields) of every UTF-8 line with an expected field count; report the rest."""
    with _open_dump(path) as (stream, member, _size):
        report.member = member
        bar.set_postfix_str(member or path.name, refresh=False)
        for line_no, raw in enumerate(stream, start=1):
            bar.update(len(raw))
            report.lines = line_no
            try:
                text = raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError as exc:
                report.bad(line_no, f"not UTF-8 ({exc.reason} at byte {exc.start})", raw.decode("utf-8", "replace"))
                continue
            if not text.strip():
                continue
            fields = text.split("\t")
            if len(fields) not in widths:
                expected = " or ".join(map(str, widths))
                report.bad(line_no, f"{len(fields)} tab-separated fields, expected {expected}", text)
                continue
            yield line_no, fields
    report.finish()


MAX_SQLITE_INTEGER = 2**63 - 1


def _fits_sqlite(digits: str) -> bool:
    """True when a string of ASCII digits is an integer SQLite can store (checked before int(), which refuses
    strings of over 4,300 digits with an error of its own)."""
    return len(digits) <= 19 and int(digits) <= MAX_SQLITE_INTEGER


def _parse_place(fields: list[str]) -> _Place:
    """Check and convert the 19 fields of a places line; ValueError says what is wrong."""
    geonameid, name, ascii_name, alternates, lat, lon, fclass, fcode, country, _cc2, admin1, admin2 = fields[:12]
    population = fields[14]
    if not (geonameid.isascii() and geonameid.isdigit()):
        raise ValueError(f"geonameid {geonameid[:40]!r} is not a number")
    if not _fits_sqlite(geonameid):
        raise ValueError(f"geonameid {geonameid[:40]!r} is too large (SQLite integers stop at {MAX_SQLITE_INTEGER:,})")
    if not name.strip():
        raise ValueError("empty name")
    try:
        latitude, longitude = float(lat), float(lon)
    except ValueError:
        raise ValueError(f"coordinates {lat!r}, {lon!r} are not numbers") from None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):  # NaN fails these comparisons too
        raise ValueError(f"coordinates {lat}, {lon} out of range")
    if not (population == "" or (population.isascii() and population.isdigit())):
        raise ValueError(f"population {population[:40]!r} is not a non-negative integer")
    if not _fits_sqlite(population or "0"):
        raise ValueError(f"population {population[:40]!r} is too large (SQLite integers stop at "
                         f"{MAX_SQLITE_INTEGER:,})")
    return _Place(
        geonameid=int(geonameid), name=name.strip(), ascii_name=ascii_name.strip(),
        alternate_names=tuple(a.strip() for a in alternates.split(",") if a.strip()), lat=latitude, lon=longitude,
        feature_class=fclass, feature_code=fcode, country_code=country, admin1_code=admin1, admin2_code=admin2,
        population=int(population or 0),
    )


def _places(
    path: Path, report: _InputReport, bar: tqdm, keep: Callable[[_Place], bool]
) -> Iterator[tuple[_Place, str]]:
    """Yield (place, feature_type) of the valid, classified lines of a places file that ``keep`` accepts."""
    for line_no, fields in _records(path, (_PLACE_FIELDS,), report, bar):
        try:
            place = _parse_place(fields)
        except ValueError as exc:
            report.bad(line_no, str(exc), "\t".join(fields))
            continue
        report.valid += 1
        feature_type = geonames_feature_type(place.feature_class, place.feature_code, place.population)
        if feature_type is None:
            report.count("unclassified")
        elif not keep(place):
            report.count("filtered")
        else:
            yield place, feature_type


def _read_admin_codes(
    path: Path, admin1: dict[str, str], admin2: dict[str, str], bar: tqdm
) -> _InputReport:
    """Fill the admin1/admin2 code -> name maps from an admin1CodesASCII.txt or admin2Codes.txt file.

    The kind of each line is told by its code: "PK.03" is first-level, "PK.03.1168875" second-level.
    """
    report = _InputReport("admin codes", path)
    for line_no, fields in _records(path, (_ADMIN_FIELDS,), report, bar):
        code, name = fields[0].strip(), fields[1].strip()
        parts = code.split(".")
        if len(parts) not in (2, 3) or not all(parts) or not name:
            report.bad(line_no, f"code {code!r} is not CC.ADMIN1 or CC.ADMIN1.ADMIN2, or the name is empty", code)
            continue
        report.valid += 1
        (admin1 if len(parts) == 2 else admin2)[code] = name
        report.count("admin1" if len(parts) == 2 else "admin2")
    return report


def _spill_alternate_names(path: Path, wanted: _IdSet, conn: sqlite3.Connection, bar: tqdm) -> _InputReport:
    """Copy the usable alternate names of wanted ids into table ``alt`` of ``conn`` and index it by geonameid.

    Skipped: rows of non-name "languages" (links, codes, ...) and historic names; "abbr" becomes an abbreviation,
    everything else (colloquial names included) an alternate name.
    """
    report = _InputReport("alternate names", path)
    conn.execute("CREATE TABLE alt (geonameid INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL)")

    def rows() -> Iterator[tuple[int, str, str]]:
        for line_no, fields in _records(path, _ALTERNATE_FIELDS, report, bar):
            geonameid, language, name, is_historic = fields[1], fields[2], fields[3].strip(), fields[7]
            if not (geonameid.isascii() and geonameid.isdigit() and _fits_sqlite(geonameid)) or not name:
                report.bad(line_no, f"geonameid {geonameid!r} is not a number or the name is empty", "\t".join(fields))
                continue
            report.valid += 1
            if language in SKIPPED_LANGUAGES:
                report.count("skipped_not_a_name")
            elif is_historic == "1":
                report.count("skipped_historic")
            elif int(geonameid) not in wanted:
                report.count("not_imported")
            else:
                report.count("kept")
                yield int(geonameid), name, "abbreviation" if language == "abbr" else "alternate"

    conn.executemany("INSERT INTO alt VALUES (?, ?, ?)", rows())
    conn.execute("CREATE INDEX alt_geonameid ON alt (geonameid)")
    conn.commit()
    return report


def _dump_size(path: Path) -> int:
    """Bytes a progress bar will count for this file: the size of the data member of a zip, else of the file."""
    with _open_dump(path) as (_stream, _member, size):
        return size


def _bar(paths: Sequence[Path], desc: str, progress: bool) -> tqdm:
    """A progress bar over the bytes of these dump files (disabled when ``progress`` is false)."""
    total = sum(map(_dump_size, paths)) if progress else None
    return tqdm(total=total, desc=desc, unit="B", unit_scale=True, unit_divisor=1024, disable=not progress)


@contextmanager
def _spill_database(output: Path) -> Iterator[sqlite3.Connection]:
    """A scratch SQLite database beside the output (not in /tmp, which may live in RAM), deleted afterwards."""
    with (
        tempfile.TemporaryDirectory(prefix=output.name + ".", suffix=".tmp", dir=output.parent) as spill,
        closing(sqlite3.connect(Path(spill) / "alternate_names.sqlite")) as conn,
    ):
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -65536")  # 64 MiB: speeds up building the index, still bounded
        yield conn


def _place_row(
    place: _Place, feature_type: str, names: list[tuple[str, str]], admin1: dict[str, str], admin2: dict[str, str]
) -> PlaceRow:
    """The artifact row of an imported place: a point whose id is its geonameid."""
    cc = place.country_code
    return PlaceRow(
        id=str(place.geonameid), geonames_id=place.geonameid, name=place.name, ascii_name=place.ascii_name,
        feature_type=feature_type, feature_class=place.feature_class, feature_code=place.feature_code,
        country_code=cc, lat=place.lat, lon=place.lon, population=place.population,
        admin1_code=place.admin1_code, admin1_name=admin1.get(f"{cc}.{place.admin1_code}", ""),
        admin2_code=place.admin2_code, admin2_name=admin2.get(f"{cc}.{place.admin1_code}.{place.admin2_code}", ""),
        geometry_type="Point", source=SOURCE, names=names, wkb=None,
    )


def import_geonames(
    files: Sequence[Path],
    *,
    output: Path | None = None,
    mode: Literal["extend", "replace"] = "extend",
    alternate_names: Path | None = None,
    admin_codes: Sequence[Path] = (),
    min_population: int = 0,
    feature_classes: str | None = None,
    progress: bool = True,
) -> dict[str, Any]:
    """Write GeoNames dump files as a user-level gazetteer artifact (default ``user_artifact()``); return its manifest.

    ``files`` are read in order and a geonameid seen before is skipped. ``alternate_names`` (alternateNamesV2.txt),
    when given, replaces the dumps' alternatenames column as the source of alternate names: unlike the column it says
    which names are links, codes or historic, so those are left out. ``admin_codes`` (admin1CodesASCII.txt,
    admin2Codes.txt) fill the admin names. ``min_population`` applies to populated places (class P) only; combine it
    with ``feature_classes="P"`` for a cities-only gazetteer. Malformed lines are skipped and counted in the
    manifest's ``inputs``; a missing file, or one with no valid line, raises GazetteerError.
    """
    if mode not in ("extend", "replace"):
        raise ValueError(f"mode must be 'extend' or 'replace', not {mode!r}")
    classes = None if feature_classes is None else frozenset(feature_classes.upper())
    if classes is not None and not (classes and classes <= set(FEATURE_CLASSES)):
        raise ValueError(f"feature_classes must be letters among {FEATURE_CLASSES}, not {feature_classes!r}")
    files = [Path(f) for f in files]
    admin_files = [Path(f) for f in admin_codes]
    alt_file = Path(alternate_names) if alternate_names is not None else None
    if not files:
        raise GazetteerError("no GeoNames file to import")
    missing = [str(p) for p in [*files, *admin_files, *([alt_file] if alt_file else [])] if not p.is_file()]
    if missing:
        raise GazetteerError(f"GeoNames file(s) not found: {', '.join(missing)}")
    output = Path(output) if output is not None else user_artifact()
    output.parent.mkdir(parents=True, exist_ok=True)

    def keep(place: _Place) -> bool:
        if classes is not None and place.feature_class not in classes:
            return False
        return place.feature_class != "P" or place.population >= min_population

    admin1: dict[str, str] = {}
    admin2: dict[str, str] = {}
    with _bar(admin_files, "admin codes", progress and bool(admin_files)) as admin_bar:
        reports = [_read_admin_codes(path, admin1, admin2, admin_bar) for path in admin_files]
    place_reports = [_InputReport("places", path) for path in files]
    inputs: list[dict[str, Any]] = []
    with ExitStack() as stack:
        alt_conn: sqlite3.Connection | None = None
        if alt_file is not None:
            wanted = _IdSet()
            with _bar(files, "scanning ids", progress) as scan_bar:
                for path in files:
                    for place, _ in _places(path, _InputReport("places", path), scan_bar, keep):
                        wanted.add(place.geonameid)
            alt_conn = stack.enter_context(_spill_database(output))
            with _bar([alt_file], "alternate names", progress) as alt_bar:
                reports.append(_spill_alternate_names(alt_file, wanted, alt_conn, alt_bar))
        main_bar = stack.enter_context(_bar(files, "importing places", progress))

        def rows() -> Iterator[PlaceRow]:
            seen = _IdSet()
            for path, report in zip(files, place_reports, strict=True):
                for place, feature_type in _places(path, report, main_bar, keep):
                    if place.geonameid in seen:
                        report.count("duplicates")
                        continue
                    seen.add(place.geonameid)
                    report.count("imported")
                    if alt_conn is None:
                        names = [(name, "alternate") for name in place.alternate_names]
                    else:
                        names = alt_conn.execute(
                            "SELECT name, kind FROM alt WHERE geonameid = ?", (place.geonameid,)
                        ).fetchall()
                    yield _place_row(place, feature_type, names, admin1, admin2)
            # write_artifact builds the manifest after the last row, so these counts reach the manifest on disk.
            inputs.extend(report.as_dict() for report in [*place_reports, *reports])

        source = {
            "name": "GeoNames", "url": "https://download.geonames.org/export/dump/", "license": "CC BY 4.0",
            "min_population": min_population, "feature_classes": "".join(sorted(classes)) if classes else None,
            "alternate_names": alt_file is not None,
        }
        manifest = write_artifact(output, rows(), mode=mode, sources=[source], inputs=inputs, progress=False)
    for report in [*place_reports, *reports]:
        report.warn()
    reset_default()
    return manifest
