"""Containment as a constraint and names the gazetteer lacks, on the real gazetteer (issue 10, sections 1 and 2)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from geo.core.model import Document, Resolution
from geo.core.pipeline import Geoparser
from geo.store.gazetteer import Gazetteer

KHARKIV_OBLAST = "706482"
DONETSK_OBLAST = "709716"


@pytest.fixture(scope="module")
def parser() -> Geoparser:
    return Geoparser(Gazetteer.default())


def _by_text(parser: Geoparser, text: str) -> dict[str, Resolution]:
    return {r.mention.text: r for r in parser.parse_document(Document("t", text))}


def test_a_candidate_outside_the_written_province_never_wins(parser: Geoparser) -> None:
    r = _by_text(parser, "Russian forces attacked Novoselivka, Donetsk.")
    assert r["Donetsk"].place.id == DONETSK_OBLAST
    village = r["Novoselivka"].place
    assert (village.country_code, village.admin1_code) == ("UA", "05")  # one of 17 Novoselivkas, the one in Donetsk
    assert any("inside Donetsk" in reason for reason in r["Novoselivka"].reasons)
    assert any("set aside" in reason for reason in r["Novoselivka"].reasons)


def test_acled_style_pair_reads_the_oblast_even_when_a_city_has_the_name(parser: Geoparser) -> None:
    r = _by_text(parser, "Artillery hit Kamianka, Kharkiv.")
    assert r["Kharkiv"].place.id == KHARKIV_OBLAST
    assert any("names the province" in reason for reason in r["Kharkiv"].reasons)
    alone = _by_text(parser, "Protests in Kharkiv.")
    assert alone["Kharkiv"].place.feature_type == "city"  # without "X, " the city, as before


def test_a_list_binds_nothing(parser: Geoparser) -> None:
    r = _by_text(parser, "Kabul, Kandahar and Herat were calm.")
    assert {k: v.place.feature_type for k, v in r.items()} == {"Kabul": "city", "Kandahar": "city", "Herat": "city"}
    assert not any(v.approximate for v in r.values())


def test_outline_decides_when_admin_codes_disagree(parser: Geoparser) -> None:
    """GeoNames files Clacton-on-Sea under ENG/E4 and Essex as admin-1 E4: the outline says inside."""
    r = _by_text(parser, "A man from Clacton, Essex was charged.")
    assert r["Clacton"].place.name == "Clacton-on-Sea" and not r["Clacton"].approximate


def test_container_confirms_upward_and_a_contradiction_lowers_confidence(parser: Geoparser) -> None:
    r = _by_text(parser, "Police said a blast hit Peshawar, Pakistan.")
    assert r["Peshawar"].place.country_code == "PK" and r["Peshawar"].confidence > 0.9
    assert any("inside Pakistan" in reason for reason in r["Peshawar"].reasons)
    wrong = _by_text(parser, "Fighting in Karachi, Afghanistan.")
    assert wrong["Karachi"].place.country_code == "PK"  # a city of millions is not placed by a wrong container
    assert wrong["Karachi"].confidence <= 0.5
    assert any("lies outside" in reason for reason in wrong["Karachi"].reasons)


def test_a_name_the_gazetteer_lacks_is_placed_at_its_container(parser: Geoparser) -> None:
    r = _by_text(parser, "Shelling hit Zarkhoonabad village in Kunar province.")
    z = r["Zarkhoonabad"]
    kunar = r["Kunar"].place
    assert z.approximate and z.located_by == kunar.id
    assert (z.place.lat, z.place.lon) == (kunar.lat, kunar.lon) and z.place.feature_type == "village"
    assert z.place.id != kunar.id  # its own place on the map, not merged into Kunar's
    assert z.confidence == pytest.approx(0.3)
    assert any("no place of this name" in reason for reason in z.reasons)


def test_a_name_without_a_candidate_inside_its_container_is_placed_at_it(parser: Geoparser) -> None:
    r = _by_text(parser, "Troops entered Kamianka in Kharkiv oblast.")
    k = r["Kamianka"]
    assert k.approximate and k.located_by == KHARKIV_OBLAST and k.place.admin1_code == "07"
    assert any("inside Kharkiv" in reason for reason in k.reasons)
    assert k.alternatives[0].record.id == KHARKIV_OBLAST


def test_a_name_with_neither_container_nor_reference_stays_unresolved(parser: Geoparser) -> None:
    r = _by_text(parser, "Clashes near Zarkhoonabad village.")
    assert r["Zarkhoonabad"].place is None and not r["Zarkhoonabad"].approximate
    assert r["Zarkhoonabad"].located_by is None


def test_offset_placement_names_its_reference(parser: Geoparser) -> None:
    r = _by_text(parser, "A drone hit a house 12 miles west of Miranshah.")
    m = r["Miranshah"]
    assert m.approximate and m.located_by == "1170367" and m.place.feature_code == "OFFSET"


def test_containment_does_not_load_shapely_unless_an_outline_is_needed() -> None:
    code = ("import sys, geo; geo.parse('Clashes in Kunar. Peshawar, Pakistan. Hyderabad, Pakistan.'); "
            "print('shapely' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_exports_carry_approximate_and_located_by() -> None:
    import csv
    import io

    import geo
    from geo.outputs import export

    result = geo.parse("Shelling hit Zarkhoonabad village in Kunar province. A drone hit a house 5 km south of "
                       "Miranshah.")
    records = {m["text"]: m for d in export.document_records(result) for m in d["mentions"]}
    assert records["Zarkhoonabad"]["approximate"] is True
    assert records["Zarkhoonabad"]["located_by"] == records["Kunar"]["place_id"]
    assert records["Miranshah"]["located_by"] == "1170367"
    assert records["Kunar"]["approximate"] is False and records["Kunar"]["located_by"] is None
    features = {f["properties"]["text"]: f["properties"] for f in export.mentions_geojson(result)["features"]}
    assert features["Zarkhoonabad"]["located_by"] == records["Kunar"]["place_id"]
    places = {f["properties"]["name"]: f["properties"]
              for f in export.places_geojson(result, Gazetteer.default())["features"]}
    assert places["Zarkhoonabad"]["approximate"] is True
    assert places["Zarkhoonabad"]["located_by"] == records["Kunar"]["place_id"]
    rows = {r["text"]: r for r in csv.DictReader(io.StringIO(export.mentions_csv(result)))}
    assert (rows["Zarkhoonabad"]["approximate"], rows["Zarkhoonabad"]["located_by"]) == ("True", "1135702")
    assert (rows["Kunar"]["approximate"], rows["Kunar"]["located_by"]) == ("False", "")
    place_rows = {r["name"]: r for r in csv.DictReader(io.StringIO(export.places_csv(result)))}
    assert place_rows["Zarkhoonabad"]["located_by"] == "1135702"


def test_a_major_city_under_another_countrys_state_is_its_small_namesake(parser: Geoparser) -> None:
    r = _by_text(parser, "A man from London, Arkansas was arrested.")
    assert r["London"].approximate and r["London"].place.country_code == "US"
    assert r["London"].located_by == r["Arkansas"].place.id
    same_country = _by_text(parser, "Rallies in Edinburgh, Aberdeen.")
    assert same_country["Edinburgh"].place.name == "Edinburgh" and not same_country["Edinburgh"].approximate
    areas = _by_text(parser, "Storms hit Florida, Seminole County.")
    assert areas["Florida"].place.feature_type == "adm1" and not areas["Florida"].approximate


def test_errors_report_lists_approximate_placements_and_container_violations(parser: Geoparser) -> None:
    from geo.evaluation.errors_report import _placements

    text = "Troops entered Kamianka in Kharkiv oblast. Police said Karachi, Afghanistan was calm."
    resolutions = parser.parse_document(Document("t", text))
    found = list(_placements(parser, "dev", text, resolutions, {}))
    kinds = {kind: line for line, kind in found}
    assert "Kamianka" in kinds["approximate"] and KHARKIV_OBLAST in kinds["approximate"]
    assert "Karachi" in kinds["container-violation"]


def test_a_small_place_far_outside_the_documents_focus_stays_unresolved(parser: Geoparser) -> None:
    r = _by_text(parser, "Fighting in El Fasher, North Darfur; residents fled to Tawila and Abu Shouk.")
    assert r["El Fasher"].place.country_code == "SD"
    tawila = r["Tawila"]  # the gazetteer's only Tawila is a village in Yemen, 2,000 km away
    assert tawila.place is None
    assert any("outside the document's focus (SD" in reason for reason in tawila.reasons)
    alone = _by_text(parser, "Displaced families reached Tawila.")
    if "Tawila" in alone:  # with no other place there is no focus to be outside of
        assert alone["Tawila"].place is not None


def test_out_of_focus_takes_the_in_focus_reading_when_there_is_one() -> None:
    """With the context weights off, Zara (a town in Turkey) tops by prior; the focus check takes a reading in or
    near Poland (Zadar, 900 km from Wroclaw, is within the focus distance)."""
    from geo.core.policy import DEFAULT_POLICY
    from geo.core.resolution import Resolver

    gazetteer = Gazetteer.default()
    parser = Geoparser(gazetteer)
    parser.resolve = Resolver(gazetteer, DEFAULT_POLICY.with_values(
        evidence__context_country=0.0, evidence__context_admin1=0.0, evidence__proximity=0.0))
    r = _by_text(parser, "Flooding in Warsaw and Wroclaw reached Zara on Monday.")
    zara = r["Zara"]
    assert zara.place.country_code in ("PL", "HR") and zara.place.country_code != "TR"
    assert any("set aside: a small place far outside the document's focus (PL)" in reason for reason in zara.reasons)


@pytest.mark.parametrize(("text", "name", "container"), [
    ("Militants attacked Bara tehsil of Khyber agency.", "Bara", "1173641"),  # "X tehsil of Y", no Bara there
    ("A strike hit Kafr Nabudah village, Hama.", "Kafr Nabudah", "170015"),  # "X village, Y": Hama governorate
])
def test_cue_word_containers_place_names_the_gazetteer_lacks(parser: Geoparser, text: str, name: str,
                                                             container: str) -> None:
    r = _by_text(parser, text)
    assert r[name].approximate and r[name].located_by == container
    assert r[text.split(", ")[-1].split(" of ")[-1].split()[0].rstrip(".")].place.id == container


@pytest.mark.parametrize(("text", "name", "admin1"), [
    ("Troops advanced near Marinka in Donetsk oblast.", "Marinka", "05"),
    ("Airstrikes hit Saraqib, Idlib governorate.", "Saraqib", "12"),
    ("Fighting in Sangin district of Helmand province.", "Sangin", "10"),
])
def test_written_containers_hold_the_chosen_place(parser: Geoparser, text: str, name: str, admin1: str) -> None:
    r = _by_text(parser, text)
    assert r[name].place.admin1_code == admin1 and not r[name].approximate
