"""A name shared by a territory and its main city (issue 11: "Gaza health officials" mean the Strip), on the real
gazetteer: the territory when the words beside the name speak of the whole territory, else the reading as before."""

from __future__ import annotations

import pytest

from geo.core.model import Document, Resolution
from geo.core.pipeline import Geoparser
from geo.core.rules import load_territory_rules
from geo.store.gazetteer import Gazetteer

GAZA_STRIP = "281132"
GAZA_CITY = "281133"


@pytest.fixture(scope="module")
def parser() -> Geoparser:
    return Geoparser(Gazetteer.default())


def _gaza(parser: Geoparser, text: str) -> Resolution:
    return next(r for r in parser.parse_document(Document("t", text)) if r.mention.text == "Gaza")


@pytest.mark.parametrize("text, cue", [
    ("Gaza health officials said 30 people died.", "'Gaza health officials'"),
    ("Gaza's health ministry gave the toll.", "'Gaza's health ministry'"),
    ("Power cuts spread across Gaza on Monday.", "'across Gaza'"),
    ("A Gaza-wide curfew began at dusk.", "'Gaza-wide'"),
    ("Gaza's 2.3 million residents have nowhere to go.", "a population of 2.3 million"),
    ("Aid reached only a fraction of the 2.1 million Palestinian residents of Gaza.", "a population of 2.1 million"),
])
def test_whole_territory_words_read_the_strip(parser: Geoparser, text: str, cue: str) -> None:
    gaza = _gaza(parser, text)
    assert gaza.place.id == GAZA_STRIP and gaza.place.feature_type == "adm1"
    assert gaza.place.name == "Gaza Strip"  # labelled apart from the city, by its own alternate name
    assert any("as a whole rather than its main city" in reason and cue in reason for reason in gaza.reasons)
    assert gaza.alternatives[0].record.id == GAZA_CITY


def test_without_such_words_the_reading_stays_the_city(parser: Geoparser) -> None:
    gaza = _gaza(parser, "An airstrike hit a house in Gaza on Monday.")
    assert gaza.place.id == GAZA_CITY and gaza.place.name == "Gaza"
    small = _gaza(parser, "Gaza's 300,000 residents of the old town fled.")  # no millions: not above the city's own
    assert small.place.id == GAZA_CITY


def test_a_city_holding_most_of_its_territory_keeps_the_words(parser: Geoparser) -> None:
    """'across Cairo' is the city: it holds 94% of its governorate's people; only a population count could move it."""
    r = {x.mention.text: x for x in parser.parse_document(Document("t", "Protests spread across Cairo and Giza."))}
    assert r["Cairo"].place.feature_type == "city"


def test_every_mention_of_the_strip_in_the_document_carries_its_label(parser: Geoparser) -> None:
    text = "Gaza health officials said 30 died. Israel and Gaza Strip officials met."
    places = {r.place.id: r.place.name for r in parser.parse_document(Document("t", text)) if r.place is not None}
    assert places[GAZA_STRIP] == "Gaza Strip"


def test_cue_words_are_data_with_sources() -> None:
    rules = load_territory_rules()
    for rule_id in ("territory-before", "territory-after", "territory-suffixes", "population-nouns"):
        assert rules.words(rule_id) and rules.lists[rule_id].source
    assert "health" in rules.words("territory-after")


@pytest.mark.parametrize("text, written, place_id, label", [
    ("Israeli strikes on the Gaza Strip continued.", "Gaza Strip", GAZA_STRIP, "Gaza Strip"),
    ("Herat province saw clashes on Monday.", "Herat", "1140025", "Herat Province"),
    ("Shelling hit Donetsk oblast overnight.", "Donetsk", "709716", "Donetsk Oblast"),
])
def test_a_territory_named_like_its_main_city_is_labelled_apart_however_it_was_chosen(
        parser: Geoparser, text: str, written: str, place_id: str, label: str) -> None:
    resolution = next(r for r in parser.parse_document(Document("t", text)) if r.mention.text == written)
    assert resolution.place is not None and (resolution.place.id, resolution.place.name) == (place_id, label)


def test_a_territory_with_no_city_of_its_name_keeps_its_gazetteer_name(parser: Geoparser) -> None:
    resolution = next(r for r in parser.parse_document(Document("t", "Clashes in Kunar.")) if r.mention.text == "Kunar")
    assert resolution.place is not None and resolution.place.name == "Kunar"
