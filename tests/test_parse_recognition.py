"""Recognition mechanisms of the parse helper's round (issue 10 §4): multiword settlement names, all-caps datelines,
each alone on the real gazetteer."""

from __future__ import annotations

import pytest

from geo.core.model import Document, Mention, Resolution
from geo.core.pipeline import Geoparser
from geo.core.recognition import Recognizer
from geo.core.rules import load_rules
from geo.store.gazetteer import Gazetteer


@pytest.fixture(scope="module")
def parser() -> Geoparser:
    return Geoparser(Gazetteer.default())


def _spans(recognize: Recognizer, text: str) -> dict[str, Mention]:
    mentions = recognize(Document("t", text))
    assert all(text[m.start:m.end] == m.text for m in mentions)
    return {m.text: m for m in mentions}


def _by_text(parser: Geoparser, text: str) -> dict[str, Resolution]:
    return {r.mention.text: r for r in parser.parse_document(Document("t", text))}


@pytest.mark.parametrize("text, name", [
    ("Police raided Tangi Kalay in Bajaur.", "Tangi Kalay"),  # Tangi is a town, Kalay an alternate name of Kalemyo
    ("A drone struck a compound in Sher Khan Kili on Tuesday.", "Sher Khan Kili"),
    ("Villagers fled Shahwali Kot, north of Kandahar.", "Shahwali Kot"),
    ("Gunmen stormed Zarghun Garhi at dawn.", "Zarghun Garhi"),
])
def test_a_settlement_suffix_makes_the_words_before_it_one_name(parser: Geoparser, text: str, name: str) -> None:
    spans = _spans(parser.recognize, text)
    assert name in spans, spans.keys()
    head, suffix = name.rsplit(" ", 1)
    assert head not in spans and suffix not in spans  # not two places
    assert spans[name].rules[0] == "settlement-suffix-name"
    assert spans[name].lookup == name.lower() and spans[name].cue == suffix.lower()
    assert suffix.lower() in load_rules().mapping("settlement-suffixes")


def test_a_suffix_name_is_placed_as_a_village_by_its_container(parser: Geoparser) -> None:
    r = _by_text(parser, "Police raided Tangi Kalay in Bajaur.")
    tangi = r["Tangi Kalay"]
    assert tangi.approximate and tangi.located_by == r["Bajaur"].place.id
    assert tangi.place.feature_type == "village"  # the suffix's kind: kalay is a village


def test_a_gazetteer_name_through_the_suffix_is_kept_as_the_gazetteer_has_it(parser: Geoparser) -> None:
    spans = _spans(parser.recognize, "A drone struck Datta Khel, North Waziristan.")
    assert spans["Datta Khel"].rules == ("whole-name",)


def test_a_suffix_after_english_words_or_people_makes_no_name(parser: Geoparser) -> None:
    spans = _spans(parser.recognize, "The Police Kot was shut. President Ghani Khel spoke.")
    assert not any("settlement-suffix-name" in m.rules for m in spans.values())


@pytest.mark.parametrize("text, names", [
    ("JENIN: Israeli troops raided the camp.", ["JENIN"]),  # "Jenin" is an alternate name of Janin
    ("JENIN, West Bank: Troops raided the camp.", ["JENIN", "West Bank"]),
    ("JENIN, West Bank, May 3 (Reuters) - Troops raided the camp.", ["JENIN", "West Bank"]),
    ("KHAR, Bajaur: A blast hit a market.", ["KHAR", "Bajaur"]),  # Bajaur alone needs context: the dateline's
    ("QUETTA/CHAMAN, May 3: Traders protested at the border.", ["QUETTA", "CHAMAN"]),
])
def test_all_caps_datelines_by_alternate_names_and_their_containers(parser: Geoparser, text: str,
                                                                     names: list[str]) -> None:
    r = _by_text(parser, text)
    assert set(names) <= r.keys()
    assert all(r[name].place is not None for name in names)
    if names[0] == "JENIN":
        assert r["JENIN"].mention.rules == ("dateline",) and r["JENIN"].place.country_code == "PS"
    if names[0] == "KHAR":
        assert "dateline-container" in r["Bajaur"].mention.rules


def test_a_common_word_opening_a_line_is_no_dateline_by_an_alternate_name(parser: Geoparser) -> None:
    spans = _spans(parser.recognize, "NOTE: the camp was raided.\nPHOTO: a street in the camp.")
    assert not spans
    assert "JENIN" not in _spans(parser.recognize, "He shouted JENIN: nobody answered.")
    assert "Bajaur" not in _spans(parser.recognize, "He said KHAR, Bajaur is calm.")


def test_fr_is_the_frontier_regions_in_a_pakistan_context_only(parser: Geoparser) -> None:
    r = _by_text(parser, "Troops moved into the FR after clashes in North Waziristan.")
    assert r["FR"].place.id == "cur:frontier-regions"
    assert "abbreviation-in-country-context" in r["FR"].mention.rules
    assert "FR" in _by_text(parser, "Pakistani troops entered the FR.")  # a demonym is context enough
    assert "FR" not in _by_text(parser, "Prices rose in FR and DE, the report said.")
    assert "GB" not in _by_text(parser, "Brexit: GB exports to France fell.")
    assert "Fr" not in _by_text(parser, "Fr Ahmed spoke in Bannu.")  # only as written, in capitals
    units = _by_text(parser, "Militants in FR Bannu and FR Kohat attacked.")
    assert units["FR Bannu"].place.id == "cur:fr-bannu" and units["FR Kohat"].place.id == "cur:fr-kohat"
