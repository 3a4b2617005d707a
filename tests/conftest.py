"""Shared fixtures: a small gazetteer written with the real artifact writer, for testing stages alone."""

from __future__ import annotations

from pathlib import Path

import pytest
import shapely

from geo.store.artifact import PlaceRow, write_artifact
from geo.store.gazetteer import Gazetteer

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _row(id: str, name: str, ftype: str, code: str, cc: str, lat: float, lon: float, pop: int, **kw) -> PlaceRow:
    fclass = {"country": "A", "adm1": "A", "adm2": "A", "region": "L", "line": "L"}.get(ftype, "P")
    return PlaceRow(id=id, name=name, feature_type=ftype, feature_class=fclass, feature_code=code, country_code=cc,
                    lat=lat, lon=lon, population=pop, **kw)


SMALL_PLACES = [
    _row("1168579", "Pakistan", "country", "PCLI", "PK", 30.0, 70.0, 212_000_000),
    _row("1149361", "Afghanistan", "country", "PCLI", "AF", 33.0, 66.0, 37_000_000),
    _row("6252001", "United States", "country", "PCLI", "US", 39.76, -98.5, 327_000_000,
         names=[("US", "abbreviation"), ("U.S.", "abbreviation"), ("USA", "abbreviation"), ("America", "alternate")]),
    _row("1176615", "Islamabad", "city", "PPLC", "PK", 33.72, 73.04, 601_600, admin1_code="08"),
    _row("1168197", "Peshawar", "city", "PPLA", "PK", 34.008, 71.578, 1_218_773, admin1_code="03"),
    _row("1138958", "Kabul", "city", "PPLC", "AF", 34.53, 69.17, 3_043_532),
    _row("4140963", "Washington", "city", "PPLC", "US", 38.895, -77.036, 689_545, admin1_code="DC",
         names=[("Washington, D.C.", "alternate"), ("Washington DC", "alternate")]),
    _row("5815135", "Washington", "adm1", "ADM1", "US", 47.5, -120.5, 7_700_000, admin1_code="WA",
         geometry_type="Polygon", wkb=shapely.box(-124.7, 45.5, -116.9, 49.0).wkb),
    _row("4431410", "Jackson", "city", "PPLA", "US", 32.299, -90.185, 160_628, admin1_code="MS"),
    _row("2963379", "Kerry", "adm2", "ADM2", "IE", 52.167, -9.75, 147_707),
    _row("1134561", "Logar", "adm1", "ADM1", "AF", 34.0, 69.2, 392_000, names=[("Lugar", "alternate")],
         geometry_type="Polygon", wkb=shapely.box(68.6, 33.6, 69.6, 34.5).wkb),
    _row("1135702", "Kunar", "adm1", "ADM1", "AF", 34.85, 71.1, 450_000, names=[("Konar", "alternate")],
         geometry_type="Polygon", wkb=shapely.box(70.6, 34.4, 71.6, 35.5).wkb),
    _row("cur:waziristan", "Waziristan", "region", "RGN", "PK", 32.6, 69.8, 1_500_000, source="curated",
         names=[("Wazīristān", "alternate")]),
    _row("1168875", "North Waziristan", "adm2", "ADM2", "PK", 32.95, 70.1, 543_254, admin1_code="03"),
    _row("1164536", "South Waziristan", "adm2", "ADM2", "PK", 32.3, 69.6, 679_185, admin1_code="03"),
    _row("1170367", "Miran Shah", "town", "PPLA3", "PK", 33.0, 70.07, 34_000, admin1_code="03",
         names=[("Miranshah", "alternate")]),
    _row("1109262", "Datta Khel", "village", "PPL", "PK", 32.99, 69.87, 5_000, admin1_code="03"),
    _row("1176734", "Hyderabad", "city", "PPLA2", "PK", 25.39, 68.37, 1_386_330, admin1_code="05"),
    _row("1269843", "Hyderabad", "city", "PPLA", "IN", 17.38, 78.46, 3_597_816, admin1_code="40"),
    _row("ne:line-of-control", "Line of Control", "line", "LINE", "", 34.0, 74.5, 0, source="naturalearth",
         names=[("LoC", "abbreviation")], geometry_type="LineString",
         wkb=shapely.LineString([(73.8, 32.3), (74.4, 33.6), (74.6, 34.6), (77.1, 35.1)]).wkb),
    _row("cur:kashmir", "Kashmir", "region", "RGN", "", 34.5, 75.5, 15_000_000, source="curated",
         geometry_type="Polygon", wkb=shapely.box(73.0, 32.3, 80.0, 37.0).wkb),
    _row("1269750", "India", "country", "PCLI", "IN", 22.0, 79.0, 1_352_000_000),
    _row("1261481", "New Delhi", "city", "PPLC", "IN", 28.61, 77.21, 317_797),
]


@pytest.fixture(scope="session")
def small_gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    """A 23-place gazetteer in the real artifact format (ids and coordinates as in GeoNames)."""
    path = tmp_path_factory.mktemp("gazetteer") / "small.sqlite"
    write_artifact(path, sorted(SMALL_PLACES, key=lambda r: r.id), progress=False)
    return Gazetteer(path)


def shared_path(*parts: str) -> Path:
    """A path under ../shared, skipping the test with a clear message when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not present: ../shared holds development data outside the repository")
    return path
