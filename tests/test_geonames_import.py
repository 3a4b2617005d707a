"""Tests of geo.build.geonames_import on small sample files written in the exact GeoNames dump format.

Real rows (Pakistan, Peshawar, Islamabad, Tank, Miran Shah, Wana, Datta Khel, Asia) use GeoNames' own geonameids,
names, coordinates, populations and admin1 codes; their feature codes below PPLA, elevations, dem values and
modification dates are illustrative. Ids from 990000000 up and the admin2 codes "9901"/"9902" are FAKE: they only
stand for rows (provinces, districts, a river, ...) whose real ids do not matter to the format.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from geo.store.artifact import PlaceRow, write_artifact
from geo.errors import GazetteerError
from geo.store.gazetteer import (
    DEFAULT_ARTIFACT,
    Gazetteer,
    default_paths,
    manifest_path,
    reset_default,
    sha256_file,
    user_artifact,
)
from geo.build.geonames_import import geonames_feature_type, import_geonames


def _line(*fields: str) -> str:
    assert len(fields) == 19, fields
    return "\t".join(fields)


def _place(gid: str, name: str, ascii_name: str, alternates: str, lat: str, lon: str, fclass: str, fcode: str,
           cc: str, admin1: str, admin2: str, population: str) -> str:
    return _line(gid, name, ascii_name, alternates, lat, lon, fclass, fcode, cc, "", admin1, admin2, "", "",
                 population, "", "350", "Asia/Karachi", "2024-01-15")


PK_LINES = [
    _place("1168579", "Pakistan", "Pakistan", "Islamic Republic of Pakistan,Pakistán", "30.0", "70.0", "A", "PCLI",
           "PK", "00", "", "212215030"),
    _place("990000001", "Khyber Pakhtunkhwa", "Khyber Pakhtunkhwa", "North-West Frontier Province,KP",  # FAKE id
           "34.5", "72.0", "A", "ADM1", "PK", "03", "", "35501964"),
    _place("990000002", "North Waziristan", "North Waziristan", "", "32.95", "69.95", "A", "ADM2", "PK", "03",  # FAKE
           "9901", "543254"),
    _place("990000003", "Mīr Ali Tehsil", "Mir Ali Tehsil", "", "32.99", "70.28", "A", "ADM3", "PK", "03",  # FAKE
           "9901", "0"),
    _place("1168197", "Peshawar", "Peshawar", "PEW,Peshāwar,Pesjawar", "34.008", "71.57849", "P", "PPLA", "PK", "03",
           "", "4758762"),
    _place("1176615", "Islamabad", "Islamabad", "ISB,Islāmābād", "33.72148", "73.04329", "P", "PPLC", "PK", "08", "",
           "601600"),
    "990000099\tBroken line with too few fields\tBroken\t\t33.0\t70.0\tP\tPPL\tPK\t03",  # line 7: malformed
    _place("1163905", "Tank", "Tank", "", "32.21707", "70.38315", "P", "PPLA2", "PK", "03", "", "38488"),
    _place("1170367", "Miran Shah", "Miran Shah", "Miranshah,Mīrān Shāh", "33.00059", "70.07117", "P", "PPLA3",
           "PK", "03", "9901", "4131"),
    _place("1162634", "Wana", "Wana", "Wāna,Wano", "32.29889", "69.5725", "P", "PPL", "PK", "03", "9902", "2223"),
    _place("1109262", "Datta Khel", "Datta Khel", "Datakhel", "32.90849", "69.74477", "P", "PPL", "PK", "03", "9901",
           "1037"),
    _place("990000004", "Tochi River", "Tochi River", "Gambila", "32.86", "70.95", "H", "STM", "PK", "03", "",  # FAKE
           "0"),
    _place("990000005", "Bacha Khan International Airport", "Bacha Khan International Airport", "",  # FAKE
           "33.99", "71.51", "S", "AIRP", "PK", "03", "", "0"),
    _place("990000006", "Wazīristān", "Waziristan", "", "32.5", "69.9", "L", "RGN", "PK", "03", "", "0"),  # FAKE
]

EXTRA_LINES = [  # a second input: a continent, a duplicate of Peshawar, an unclassified row
    _line("6255147", "Asia", "Asia", "Asie,Asien", "29.84064", "89.29688", "L", "CONT", "", "", "00", "", "", "",
          "4130584000", "", "5101", "", "2024-01-15"),
    _place("1168197", "Peshawar (second copy)", "Peshawar", "", "34.0", "71.5", "P", "PPL", "PK", "03", "", "1"),
    _place("990000008", "Unclassified place", "Unclassified place", "", "33.1", "70.1", "", "", "PK", "03", "",  # FAKE
           "0"),
]

# alternateNameId (FAKE) geonameid isolanguage name isPreferredName isShortName isColloquial isHistoric from to
SAMPLE_IDS = {line.split("\t")[0] for line in PK_LINES + EXTRA_LINES} - {"990000099", "990000008"}

ALTERNATE_LINES = [
    "9000001\t1170367\t\tMīram Shāh\t\t\t\t\t\t",
    "9000002\t1170367\tlink\thttps://en.wikipedia.org/wiki/Miranshah\t\t\t\t\t\t",
    "9000003\t990000001\tabbr\tKP\t\t1\t\t\t\t",
    "9000004\t990000001\ten\tNorth-West Frontier Province\t\t\t\t1\t\t2010",
    "9000005\t1168197\tps\tPekhawar\t\t\t1\t\t\t",
    "9000006\t1168197\tiata\tPEW\t\t\t\t\t\t",
    "9000007\t1168197\tpost\t25000\t\t\t\t\t\t",
    "9000008\t1109262\ten\tDattakhel\t\t\t\t\t\t",
    "9000009\t1172451\ten\tLahore\t1\t\t\t\t\t",  # Lahore is not in the sample: not imported
    "9000010\tnot-an-id\ten\tNowhere\t\t\t\t\t\t",  # malformed
]

ADMIN1_LINES = [
    "PK.02\tBalochistan\tBalochistan\t990000011",  # FAKE geonameids
    "PK.03\tKhyber Pakhtunkhwa\tKhyber Pakhtunkhwa\t990000001",
    "PK.04\tPunjab\tPunjab\t990000012",
    "PK.08\tIslamabad\tIslamabad\t990000013",
]
ADMIN2_LINES = [
    "PK.03.9901\tNorth Waziristan\tNorth Waziristan\t990000002",  # FAKE codes and geonameids
    "PK.03.9902\tSouth Waziristan\tSouth Waziristan\t990000007",
]


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def _zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


@pytest.fixture
def samples(tmp_path: Path) -> dict[str, Path]:
    """The sample dump files, plain and zipped, in tmp_path/dumps."""
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    pk = _write(dumps / "PK.txt", PK_LINES)
    alternates = _write(dumps / "alternateNamesV2.txt", ALTERNATE_LINES)
    return {
        "pk": pk,
        "extra": _write(dumps / "extra.txt", EXTRA_LINES),
        "alternates": alternates,
        "admin1": _write(dumps / "admin1CodesASCII.txt", ADMIN1_LINES),
        "admin2": _write(dumps / "admin2Codes.txt", ADMIN2_LINES),
        "pk_zip": _zip(dumps / "PK.zip", {"readme.txt": "readme\n", "PK.txt": pk.read_text("utf-8")}),
        "alternates_zip": _zip(
            dumps / "alternateNamesV2.zip",
            {"iso-languagecodes.txt": "ISO 639-3\tISO 639-2\n", "alternateNamesV2.txt": alternates.read_text("utf-8")},
        ),
    }


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Point the user directory at tmp_path/home and forget any cached default gazetteer around each test."""
    monkeypatch.setenv("CONFLICT_MAP_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CONFLICT_MAP_GAZETTEER", raising=False)
    reset_default()
    yield tmp_path / "home"
    reset_default()


def _full_import(samples: dict[str, Path], **options) -> dict:
    options.setdefault("progress", False)
    return import_geonames(
        [samples["pk"], samples["extra"]], alternate_names=samples["alternates"],
        admin_codes=[samples["admin2"], samples["admin1"]], **options,
    )


def _ids(records) -> list[str]:
    return [r.id for r in records]


@pytest.mark.parametrize(
    ("feature_class", "feature_code", "population", "expected"),
    [
        ("A", "PCLI", 0, "country"), ("A", "PCLD", 0, "country"), ("A", "TERR", 0, "country"),
        ("A", "ADM1", 0, "adm1"), ("A", "ADM2", 0, "adm2"), ("A", "ADM3", 0, "region"), ("A", "ADMD", 0, "region"),
        ("A", "ADM1H", 0, "region"), ("P", "PPLC", 0, "city"), ("P", "PPL", 100_000, "city"),
        ("P", "PPLA", 99_999, "town"), ("P", "PPL", 10_000, "town"), ("P", "PPL", 9_999, "village"),
        ("L", "CONT", 0, "continent"), ("L", "RGN", 0, "region"), ("L", "AREA", 0, "region"),
        ("L", "OAS", 0, "physical"), ("L", "MILB", 0, "landmark"), ("T", "MT", 0, "physical"),
        ("H", "STM", 0, "physical"), ("V", "FRST", 0, "physical"), ("U", "TRGU", 0, "physical"),
        ("S", "AIRP", 0, "landmark"), ("R", "RD", 0, "landmark"), ("", "", 0, None),
    ],
)
def test_feature_type_mapping(feature_class: str, feature_code: str, population: int, expected: str | None) -> None:
    assert geonames_feature_type(feature_class, feature_code, population) == expected


def test_feature_types_and_points_in_the_artifact(samples: dict[str, Path]) -> None:
    _full_import(samples, mode="replace")
    gazetteer = Gazetteer.default()
    types = {record.name: record.feature_type for record in gazetteer}
    assert types == {
        "Pakistan": "country", "Khyber Pakhtunkhwa": "adm1", "North Waziristan": "adm2", "Mīr Ali Tehsil": "region",
        "Peshawar": "city", "Islamabad": "city", "Tank": "town", "Miran Shah": "village", "Wana": "village",
        "Datta Khel": "village", "Tochi River": "physical", "Bacha Khan International Airport": "landmark",
        "Wazīristān": "region", "Asia": "continent",
    }
    datta_khel = gazetteer.get("1109262")
    assert datta_khel is not None
    assert (datta_khel.geonames_id, datta_khel.source, datta_khel.geometry_type) == (1109262, "geonames-dump", "Point")
    assert (datta_khel.lat, datta_khel.lon, datta_khel.population) == (32.90849, 69.74477, 1037)
    assert gazetteer.geometry("1109262").wkt == "POINT (69.74477 32.90849)"


def test_extend_mode_layers_the_import_over_the_default(samples: dict[str, Path], tmp_path: Path) -> None:
    manifest = _full_import(samples)
    assert manifest["mode"] == "extend"
    assert default_paths() == [user_artifact(), DEFAULT_ARTIFACT]
    # A stand-in for the shipped artifact, to check the layering whatever data/ holds right now.
    shipped = tmp_path / "shipped.sqlite"
    write_artifact(shipped, [
        PlaceRow(id="1109262", geonames_id=1109262, name="Datta Khel", feature_type="village", feature_class="P",
                 feature_code="PPL", country_code="PK", lat=32.9, lon=69.7, source="shipped"),
        PlaceRow(id="1172451", geonames_id=1172451, name="Lahore", feature_type="city", feature_class="P",
                 feature_code="PPLA", country_code="PK", lat=31.558, lon=74.35071, population=13004135,
                 source="shipped"),
    ], progress=False)
    gazetteer = Gazetteer([user_artifact(), shipped])
    assert [r.source for r in gazetteer.lookup("Datta Khel")] == ["geonames-dump"]  # the import overrides the id
    assert _ids(gazetteer.lookup("Lahore")) == ["1172451"]  # only the shipped layer has it


def test_extend_mode_with_the_shipped_artifact(samples: dict[str, Path]) -> None:
    if not DEFAULT_ARTIFACT.exists():
        pytest.skip(f"{DEFAULT_ARTIFACT} does not exist yet (built in parallel); layering is checked on a stand-in")
    shipped_only = next(r for r in Gazetteer(DEFAULT_ARTIFACT) if r.id not in SAMPLE_IDS)
    _full_import(samples)
    gazetteer = Gazetteer.default()
    assert [r.source for r in gazetteer.lookup("Datta Khel") if r.id == "1109262"] == ["geonames-dump"]
    assert gazetteer.get(shipped_only.id) == shipped_only
    assert shipped_only.id in _ids(gazetteer.lookup(shipped_only.name))


def test_replace_mode_hides_the_shipped_artifact(samples: dict[str, Path]) -> None:
    manifest = _full_import(samples, mode="replace")
    assert manifest["mode"] == "replace"
    assert default_paths() == [user_artifact()]
    gazetteer = Gazetteer.default()
    assert [layer.path for layer in gazetteer.layers] == [user_artifact()]
    assert _ids(gazetteer.lookup("Datta Khel")) == ["1109262"]
    assert {r.id for r in gazetteer} == SAMPLE_IDS
    if DEFAULT_ARTIFACT.exists():
        shipped_only = next(r for r in Gazetteer(DEFAULT_ARTIFACT) if r.id not in SAMPLE_IDS)
        assert gazetteer.get(shipped_only.id) is None


def test_alternate_names_file_gives_diacritic_insensitive_names(samples: dict[str, Path]) -> None:
    manifest = _full_import(samples, mode="replace")
    gazetteer = Gazetteer.default()
    for spelling in ("Miram Shah", "MĪRAM SHĀH", "mîram-shâh"):
        assert _ids(gazetteer.lookup(spelling)) == ["1170367"], spelling
    assert _ids(gazetteer.lookup("Pekhawar")) == ["1168197"]  # colloquial: kept
    assert ("KP", "abbreviation") in gazetteer.names("990000001")
    assert _ids(gazetteer.lookup("KP")) == ["990000001"]
    assert gazetteer.lookup("North-West Frontier Province") == []  # historic, although in the alternatenames column
    assert gazetteer.lookup("PEW") == [] and gazetteer.lookup("25000") == []  # iata and post rows
    assert gazetteer.lookup("Pesjawar") == []  # the file, when given, replaces the alternatenames column
    assert not any("wikipedia" in name for name, _ in gazetteer.names("1170367"))  # link row
    report = next(entry for entry in manifest["inputs"] if entry["role"] == "alternate names")
    assert report["kept"] == 4
    assert (report["skipped_not_a_name"], report["skipped_historic"], report["not_imported"]) == (3, 1, 1)
    assert report["malformed"] == 1 and report["malformed_examples"][0]["line"] == 10


def test_alternatenames_column_is_used_without_the_file(samples: dict[str, Path]) -> None:
    import_geonames([samples["pk"]], mode="replace", progress=False)
    gazetteer = Gazetteer.default()
    assert _ids(gazetteer.lookup("pesjawar")) == ["1168197"]
    assert _ids(gazetteer.lookup("WANO")) == ["1162634"]
    assert _ids(gazetteer.lookup("waziristan")) == ["990000006"]  # the main name, diacritics folded
    assert gazetteer.get("1109262").admin1_name == ""  # no admin codes given


def test_admin_names_are_filled(samples: dict[str, Path]) -> None:
    manifest = _full_import(samples, mode="replace")
    gazetteer = Gazetteer.default()
    datta_khel = gazetteer.get("1109262")
    assert (datta_khel.admin1_code, datta_khel.admin1_name) == ("03", "Khyber Pakhtunkhwa")
    assert (datta_khel.admin2_code, datta_khel.admin2_name) == ("9901", "North Waziristan")
    assert gazetteer.get("1162634").admin2_name == "South Waziristan"
    assert (gazetteer.get("1176615").admin1_name, gazetteer.get("1176615").admin2_name) == ("Islamabad", "")
    assert gazetteer.get("6255147").admin1_name == ""  # Asia: no country, admin1 "00"
    # admin2Codes.txt was given first: each file's kind is told from its codes, not from its place in the list
    counts = {entry["file"]: (entry.get("admin1", 0), entry.get("admin2", 0))
              for entry in manifest["inputs"] if entry["role"] == "admin codes"}
    assert counts == {"admin2Codes.txt": (0, 2), "admin1CodesASCII.txt": (4, 0)}


def test_malformed_lines_duplicates_and_unclassified_rows_are_counted(samples: dict[str, Path]) -> None:
    with samples["extra"].open("ab") as handle:
        handle.write(b"990000009\t\xff\xfebad bytes\n")  # line 4: not UTF-8
    manifest = _full_import(samples, mode="replace")
    pk, extra = manifest["inputs"][0], manifest["inputs"][1]
    assert (pk["file"], pk["lines"], pk["valid"], pk["imported"], pk["malformed"]) == ("PK.txt", 14, 13, 13, 1)
    assert pk["malformed_examples"][0]["line"] == 7
    assert "10 tab-separated fields, expected 19" in pk["malformed_examples"][0]["reason"]
    assert (extra["imported"], extra["duplicates"], extra["unclassified"], extra["malformed"]) == (1, 1, 1, 1)
    assert extra["malformed_examples"][0]["line"] == 4 and "not UTF-8" in extra["malformed_examples"][0]["reason"]
    on_disk = json.loads(manifest_path(user_artifact()).read_text("utf-8"))
    assert on_disk["inputs"] == manifest["inputs"]
    assert on_disk["counts"]["places"] == 14
    assert Gazetteer.default().get("1168197").name == "Peshawar"  # the first file's row wins


def test_import_is_deterministic(samples: dict[str, Path], tmp_path: Path) -> None:
    first = _full_import(samples, output=tmp_path / "a" / "gazetteer.sqlite", progress=True)
    second = _full_import(samples, output=tmp_path / "b" / "gazetteer.sqlite")
    assert first["artifact"]["sha256"] == second["artifact"]["sha256"]
    assert sha256_file(tmp_path / "a" / "gazetteer.sqlite") == sha256_file(tmp_path / "b" / "gazetteer.sqlite")
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["gazetteer.manifest.json", "gazetteer.sqlite"]


def test_zipped_and_plain_files_give_the_same_artifact(samples: dict[str, Path], tmp_path: Path) -> None:
    options = {"admin_codes": [samples["admin1"], samples["admin2"]], "progress": False}
    plain = import_geonames([samples["pk"]], output=tmp_path / "plain.sqlite", alternate_names=samples["alternates"],
                            **options)
    zipped = import_geonames([samples["pk_zip"]], output=tmp_path / "zipped.sqlite",
                             alternate_names=samples["alternates_zip"], **options)
    assert plain["artifact"]["sha256"] == zipped["artifact"]["sha256"]
    assert zipped["inputs"][0]["member"] == "PK.txt"
    assert next(e for e in zipped["inputs"] if e["role"] == "alternate names")["member"] == "alternateNamesV2.txt"


def test_filters_keep_populated_places_above_a_threshold(samples: dict[str, Path]) -> None:
    manifest = import_geonames([samples["pk"]], mode="replace", min_population=10_000, feature_classes="P",
                               progress=False)
    assert {r.name for r in Gazetteer.default()} == {"Peshawar", "Islamabad", "Tank"}
    assert manifest["inputs"][0]["filtered"] == 10


def test_missing_file_raises_a_clear_error(samples: dict[str, Path], tmp_path: Path) -> None:
    missing = tmp_path / "dumps" / "XX.txt"
    with pytest.raises(GazetteerError, match=r"not found: .*XX\.txt"):
        import_geonames([samples["pk"], missing], progress=False)
    with pytest.raises(GazetteerError, match=r"not found: .*nope\.txt"):
        import_geonames([samples["pk"]], alternate_names=tmp_path / "nope.txt", progress=False)
    assert not user_artifact().exists()


def test_file_without_a_valid_line_raises_and_writes_nothing(samples: dict[str, Path], tmp_path: Path) -> None:
    garbage = _write(tmp_path / "dumps" / "garbage.txt", ["this is not", "a GeoNames\tdump"])
    with pytest.raises(GazetteerError, match=r"garbage\.txt has no valid GeoNames places line.*first problem: line 1"):
        import_geonames([samples["pk"], garbage], progress=False)
    with pytest.raises(GazetteerError, match=r"admin1CodesASCII\.txt.* has no valid GeoNames admin codes line"):
        import_geonames([samples["pk"]], admin_codes=[_write(tmp_path / "admin1CodesASCII.txt", ["PK\t\t\t"])],
                        progress=False)
    assert list(user_artifact().parent.iterdir()) == []  # no artifact, no temporary file left behind


def test_zip_without_the_data_member_raises(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "PK.zip", {"readme.txt": "readme\n", "a.txt": "x\n", "b.txt": "y\n"})
    with pytest.raises(GazetteerError, match=r"PK\.zip: cannot tell which member to read"):
        import_geonames([archive], progress=False)


def test_ids_and_populations_too_large_for_sqlite_are_malformed_lines_not_crashes(samples, tmp_path) -> None:
    """SQLite integers stop at 2**63 - 1: a larger id or population is one malformed line, reported, never fatal."""
    huge = str(2**63)
    dump = _write(tmp_path / "dumps" / "XX.txt", [
        _place("1168197", "Peshawar", "Peshawar", "", "34.008", "71.57849", "P", "PPLA", "PK", "03", "", "4758762"),
        _place(huge, "Too big id", "Too big id", "", "33.0", "70.0", "P", "PPL", "PK", "03", "", "10"),
        _place("990000010", "Too big town", "Too big town", "", "33.0", "70.0", "P", "PPL", "PK", "03", "", huge),
        _place("9" * 5000, "Endless id", "Endless id", "", "33.0", "70.0", "P", "PPL", "PK", "03", "", "1"),
    ])
    alternates = _write(tmp_path / "dumps" / "alternateNamesV2.txt",
                        ["\t".join(["1", "9" * 5000, "en", "Endless", "", "", "", "", "", ""]),
                         "\t".join(["2", "1168197", "en", "Pesh", "", "", "", "", "", ""])])
    manifest = import_geonames([dump], mode="replace", alternate_names=alternates, progress=False)
    report = manifest["inputs"][0]
    assert report["malformed"] == 3
    reasons = " ".join(example["reason"] for example in report["malformed_examples"])
    assert "too large" in reasons and "SQLite" in reasons
    assert {r.name for r in Gazetteer.default()} == {"Peshawar"}


def test_cli_import_of_a_huge_id_and_a_wrong_schema_gazetteer_give_one_line(samples, tmp_path, capsys) -> None:
    from geo.outputs.cli import main

    import sqlite3

    garbage = _write(tmp_path / "dumps" / "huge.txt", [
        _place(str(2**64), "Too big id", "Too big id", "", "33.0", "70.0", "P", "PPL", "PK", "03", "", "10")])
    assert main(["gazetteer", "import-geonames", str(garbage), "--quiet"]) == 4
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "too large" in err and "Traceback" not in err
    # an artifact whose manifest matches (checksum and all) but whose tables are not the gazetteer's
    bogus = tmp_path / "bogus.sqlite"
    conn = sqlite3.connect(bogus)
    conn.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                       "INSERT INTO meta VALUES ('schema_version', '1'); CREATE TABLE places (id TEXT);")
    conn.commit()
    conn.close()
    manifest = json.loads(manifest_path(DEFAULT_ARTIFACT).read_text(encoding="utf-8"))
    manifest["artifact"]["sha256"] = sha256_file(bogus)
    manifest_path(bogus).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(GazetteerError, match="does not have the schema it claims: table places lacks admin1_code"):
        Gazetteer(bogus)
    import os

    os.environ["CONFLICT_MAP_GAZETTEER"] = str(bogus)
    try:
        reset_default()
        assert main(["geocode", "Kabul"]) == 4
    finally:
        del os.environ["CONFLICT_MAP_GAZETTEER"]
        reset_default()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "schema it claims" in err
