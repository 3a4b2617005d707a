"""The gazetteer reader, the geopy geocoder and the geocode/info commands, on the shipped artifact."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from geo.errors import GazetteerCorrupt, GazetteerMissing
from geo.store.gazetteer import DEFAULT_ARTIFACT, Gazetteer, manifest_path, place_prior
from geo.store.geocoder import OfflineGeocoder
from geo.core.spatial import haversine_km

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(DEFAULT_ARTIFACT)


def test_case_and_diacritics_do_not_matter(gazetteer: Gazetteer) -> None:
    plain = [r.id for r in gazetteer.lookup("waziristan")]
    assert plain
    assert [r.id for r in gazetteer.lookup("Wazīristān")] == plain
    assert [r.id for r in gazetteer.lookup("WAZIRISTAN")] == plain
    assert gazetteer.lookup("Peshāwar")[0].id == gazetteer.lookup("peshawar")[0].id


def test_lookup_by_id_and_names(gazetteer: Gazetteer) -> None:
    peshawar = gazetteer.lookup("Peshawar")[0]
    assert gazetteer.get(peshawar.id) == peshawar
    assert gazetteer.get("no-such-id") is None
    names = [n for n, _ in gazetteer.names(peshawar.id)]
    assert "Peshawar" in names


def test_country_filter_and_limit(gazetteer: Gazetteer) -> None:
    hyderabad = gazetteer.lookup("Hyderabad")
    assert {r.country_code for r in hyderabad} >= {"IN", "PK"}
    assert {r.country_code for r in gazetteer.lookup("Hyderabad", country="pk")} == {"PK"}
    assert len(gazetteer.lookup("Hyderabad", limit=1)) == 1


def test_geometry_is_data(gazetteer: Gazetteer) -> None:
    kunar = gazetteer.lookup("Kunar", feature_types=["adm1"])[0]
    shape = gazetteer.geometry(kunar.id)
    assert shape.geom_type in ("Polygon", "MultiPolygon")
    assert shape.contains(shape.representative_point())
    loc = gazetteer.lookup("LoC")[0]
    assert gazetteer.geometry(loc.id).geom_type in ("LineString", "MultiLineString")
    peshawar = gazetteer.lookup("Peshawar")[0]
    assert gazetteer.geometry(peshawar.id).geom_type == "Point"


def test_geodataframe_of_records(gazetteer: Gazetteer) -> None:
    countries = gazetteer.to_geodataframe(feature_types=["country"])
    assert len(countries) >= 195
    assert str(countries.crs) == "EPSG:4326"
    pakistan = countries[countries["name"] == "Pakistan"].iloc[0]
    assert pakistan.geometry.geom_type in ("Polygon", "MultiPolygon")
    assert pakistan.geometry.buffer(0.5).contains(countries[countries["name"] == "Pakistan"].geometry.iloc[0].centroid)


def test_prior_prefers_capital_to_state() -> None:
    assert place_prior("city", "PPLC", 689_545) > place_prior("adm1", "ADM1", 7_700_000)


def test_lookup_is_cached_and_fast_enough_to_call_per_token(gazetteer: Gazetteer) -> None:
    first = gazetteer.lookup_key("islamabad")
    assert gazetteer.lookup_key("islamabad") is not None
    assert gazetteer.lookup_key("islamabad") == first
    assert gazetteer.lookup_keys(["islamabad", "zzqx-not-a-place"]).keys() == {"islamabad"}


def test_info_names_sources_and_checksum(gazetteer: Gazetteer) -> None:
    info = gazetteer.info()
    layer = info["layers"][0]
    assert layer["sha256"] and len(layer["sha256"]) == 64
    assert layer["places"] > 10_000
    assert "GeoNames" in info["attribution"] and "Natural Earth" in info["attribution"]
    assert {"country", "adm1", "city"} <= set(layer["by_feature_type"])


# -- corrupt or missing artifacts ---------------------------------------------------------------------------------
def _copy_artifact(tmp_path: Path) -> Path:
    target = tmp_path / "gazetteer.sqlite"
    shutil.copyfile(DEFAULT_ARTIFACT, target)
    shutil.copyfile(manifest_path(DEFAULT_ARTIFACT), manifest_path(target))
    return target


def test_corrupt_artifact_fails_clearly(tmp_path: Path) -> None:
    target = _copy_artifact(tmp_path)
    with open(target, "r+b") as handle:
        handle.seek(50_000)
        handle.write(b"\x00garbage\x00")
    with pytest.raises(GazetteerCorrupt, match="corrupt"):
        Gazetteer(target)


def test_truncated_artifact_fails_clearly(tmp_path: Path) -> None:
    target = _copy_artifact(tmp_path)
    with open(target, "r+b") as handle:
        handle.truncate(4096)
    with pytest.raises(GazetteerCorrupt):
        Gazetteer(target)


def test_missing_artifact_and_manifest_fail_clearly(tmp_path: Path) -> None:
    with pytest.raises(GazetteerMissing, match="gazetteer build"):
        Gazetteer(tmp_path / "nope.sqlite")
    target = _copy_artifact(tmp_path)
    manifest_path(target).unlink()
    with pytest.raises(GazetteerCorrupt, match="manifest"):
        Gazetteer(target)


def test_cli_reports_corruption_in_one_line(tmp_path: Path) -> None:
    target = _copy_artifact(tmp_path)
    target.write_bytes(b"not a database")
    run = subprocess.run([sys.executable, "-m", "geo", "geocode", "Kabul"], cwd=ROOT, capture_output=True, text=True,
                         env={"CONFLICT_MAP_GAZETTEER": str(target), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 4  # GazetteerError.exit_code
    assert run.stderr.startswith("error: ") and "corrupt" in run.stderr
    assert "Traceback" not in run.stderr


# -- geopy -------------------------------------------------------------------------------------------------------
def test_geocoder_is_a_geopy_geocoder(gazetteer: Gazetteer) -> None:
    geocoder = OfflineGeocoder(gazetteer)
    assert isinstance(geocoder, Geocoder)
    location = geocoder.geocode("Islamabad")
    assert isinstance(location, Location)
    assert haversine_km(location.latitude, location.longitude, 33.72, 73.04) < 25
    assert "Islamabad" in location.address
    assert location.raw["country_code"] == "PK"


def test_geocoder_many_results_and_country_codes(gazetteer: Gazetteer) -> None:
    geocoder = OfflineGeocoder(gazetteer)
    results = geocoder.geocode("Hyderabad", exactly_one=False, limit=3)
    assert 1 <= len(results) <= 3
    pk = geocoder.geocode("Hyderabad", country_codes=["PK"])
    assert pk.raw["country_code"] == "PK"
    assert geocoder.geocode("Qwxzzyville") is None


def test_geocoder_reverse(gazetteer: Gazetteer) -> None:
    location = OfflineGeocoder(gazetteer).reverse((34.01, 71.58))
    assert location is not None and "Peshawar" in location.address


def test_nearest_is_public_and_spatial_delegates_to_it(gazetteer: Gazetteer) -> None:
    from geo.core.spatial import nearest_places

    found = gazetteer.nearest(34.01, 71.58, max_km=30.0, limit=None)
    assert found[0].name.startswith("Peshawar")
    assert all(haversine_km(34.01, 71.58, r.lat, r.lon) <= 30.0 for r in found)
    assert nearest_places(gazetteer, 34.01, 71.58, max_km=30.0, limit=None) == found
    assert gazetteer.nearest(-60.0, -120.0, max_km=5.0) == []  # the open Southern Ocean


def test_geonames_ids_are_every_id_the_records_carry(gazetteer: Gazetteer) -> None:
    ids = gazetteer.geonames_ids()
    assert ids == {r.geonames_id for r in gazetteer if r.geonames_id is not None}
    assert 1168197 in ids  # Peshawar


# -- CLI ---------------------------------------------------------------------------------------------------------
def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, capture_output=True, text=True)


def test_cli_geocode_json_lines_contract() -> None:
    run = _cli("geocode", "Peshawar", "--limit", "3")
    assert run.returncode == 0, run.stderr
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    assert 1 <= len(rows) <= 3
    for field in ("id", "name", "lat", "lon", "feature_type", "feature_code", "country_code", "admin1", "admin2",
                  "population", "geometry_type"):
        assert field in rows[0]
    assert rows[0]["country_code"] == "PK" and rows[0]["geometry_type"] == "Point"


def test_cli_geocode_country_filter_and_unknown_name() -> None:
    run = _cli("geocode", "Hyderabad", "--country", "PK")
    assert {json.loads(line)["country_code"] for line in run.stdout.splitlines()} == {"PK"}
    missing = _cli("geocode", "Qwxzzyville")
    assert missing.returncode == 1 and "no place" in missing.stderr


def test_cli_gazetteer_info_shows_attribution_and_checksum() -> None:
    run = _cli("gazetteer", "info")
    assert run.returncode == 0, run.stderr
    assert "GeoNames" in run.stdout and "Natural Earth" in run.stdout
    assert "sha256" in run.stdout


def test_starts_name_is_true_for_whole_names_and_their_leading_words_only() -> None:
    """The prefix check recognition uses to stop widening a window: whole words of a real name, never part of one."""
    gazetteer = Gazetteer.default()
    assert gazetteer.starts_name("north") and gazetteer.starts_name("north waziristan")
    assert gazetteer.starts_name("dera ismail") and gazetteer.has_key("dera ismail khan")
    assert not gazetteer.starts_name("north wazir")  # part of a word is not a word-prefix
    assert not gazetteer.starts_name("kabul herat") and not gazetteer.starts_name("")
