"""Placement by a reference alone (issue 10 §2): a name the gazetteer lacks next to a known reference place is placed
approximately at it, or at the offset the text states from it, on the real gazetteer."""

from __future__ import annotations

import pytest

from geo.core.model import Document, Resolution
from geo.core.pipeline import Geoparser
from geo.core.policy import DEFAULT_POLICY
from geo.core.spatial import haversine_km
from geo.store.gazetteer import Gazetteer

QUETTA = "1167528"
MIRAN_SHAH = "1170367"


@pytest.fixture(scope="module")
def parser() -> Geoparser:
    return Geoparser(Gazetteer.default())


def _by_text(parser: Geoparser, text: str) -> dict[str, Resolution]:
    return {r.mention.text: r for r in parser.parse_document(Document("t", text))}


def test_a_name_near_a_reference_is_placed_at_it(parser: Geoparser) -> None:
    assert not parser.gazetteer.has_key("thruxton")
    r = _by_text(parser, "The race at Thruxton, near Andover, was cancelled.")
    thruxton, andover = r["Thruxton"], r["Andover"].place
    assert thruxton.approximate and thruxton.located_by == andover.id
    assert (thruxton.place.lat, thruxton.place.lon) == (andover.lat, andover.lon)
    assert thruxton.place.id != andover.id and thruxton.place.name == "Thruxton"
    assert thruxton.confidence <= DEFAULT_POLICY.thresholds.reference_confidence
    assert any("placed at Andover" in reason and "approximate" in reason for reason in thruxton.reasons)
    assert thruxton.alternatives[0].record.id == andover.id


def test_a_stated_distance_and_bearing_offset_the_name_and_leave_the_reference_itself(parser: Geoparser) -> None:
    r = _by_text(parser, "Troops reached the village of Zarghun, 12 miles west of Quetta.")
    zarghun, quetta = r["Zarghun"], r["Quetta"]
    assert zarghun.approximate and zarghun.located_by == QUETTA
    assert haversine_km(quetta.place.lat, quetta.place.lon, zarghun.place.lat, zarghun.place.lon) == \
        pytest.approx(19.3, abs=0.2)
    assert zarghun.place.lon < quetta.place.lon  # west
    assert any("19.3 km at bearing 270 from Quetta" in reason for reason in zarghun.reasons)
    assert quetta.place.id == QUETTA and not quetta.approximate  # the offset is Zarghun's now, not Quetta's
    assert zarghun.mention.cue == "village" and zarghun.place.feature_type == "village"  # "the village of Zarghun"


def test_an_offset_without_a_name_before_it_still_moves_the_reference(parser: Geoparser) -> None:
    r = _by_text(parser, "A drone hit a house 12 miles west of Miranshah.")
    assert r["Miranshah"].located_by == MIRAN_SHAH and r["Miranshah"].place.feature_code == "OFFSET"


def test_outside_and_outskirts_are_references(parser: Geoparser) -> None:
    r = _by_text(parser, "Fighting near Zangabad outside Kandahar. Clashes in Sarkano on the outskirts of Jalalabad.")
    assert r["Zangabad"].located_by == r["Kandahar"].place.id and r["Zangabad"].approximate
    assert r["Sarkano"].located_by == r["Jalalabad"].place.id


def test_a_known_name_near_its_reference_keeps_its_own_point(parser: Geoparser) -> None:
    r = _by_text(parser, "Rebels shelled Azaz, north of Aleppo.")
    azaz = r["Azaz"]
    assert not azaz.approximate and azaz.place.country_code == "SY"
    assert any("near Aleppo, as the text says" in reason for reason in azaz.reasons)


def test_a_country_is_no_reference(parser: Geoparser) -> None:
    r = _by_text(parser, "Zorbakhel, near Pakistan, was quiet.")
    assert r["Zorbakhel"].place is None and not r["Zorbakhel"].approximate  # recognised, but left unplaced


def test_a_known_name_before_a_stated_offset_keeps_its_point_and_the_reference_stays_itself(parser: Geoparser) -> None:
    r = _by_text(parser, "Fighting flared in the village of Pashmul, 25 km west of Kandahar.")
    assert r["Pashmul"].place.name == "Pāshmūl" and not r["Pashmul"].approximate
    assert r["Kandahar"].place.feature_code != "OFFSET" and not r["Kandahar"].approximate


def test_cue_words_before_a_name_are_cue_words() -> None:
    from geo.core.recognition import CUES, CUES_BEFORE

    assert CUES_BEFORE and CUES_BEFORE <= set(CUES)
