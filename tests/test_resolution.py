"""Resolution alone: given mentions, which place wins, how confident, and why."""

from __future__ import annotations

import pytest

from geo.store.gazetteer import Gazetteer
from geo.core.model import DEMONYM, Document, Mention, Quote
from geo.core.recognition import Recognizer
from geo.core.resolution import Resolver


@pytest.fixture(scope="module")
def resolver(small_gazetteer: Gazetteer) -> Resolver:
    return Resolver(small_gazetteer)


def _mention(text: str, name: str, *, cue: str | None = None, kind: str = "toponym", metonymic: bool = False) -> Mention:
    start = text.index(name)
    quote = Quote("t", 0, len(text), text)
    return Mention("t", name, start, start + len(name), quote, lookup=name, kind=kind, cue=cue, metonymic=metonymic)


def test_capital_beats_state_without_context(resolver: Resolver) -> None:
    text = "Officials in Washington met."
    [r] = resolver(text, [_mention(text, "Washington")])
    assert r.place.feature_type == "city" and r.place.country_code == "US"
    assert r.alternatives and r.alternatives[0].record.feature_type == "adm1"
    assert any("runner-up" in reason for reason in r.reasons)


def test_containment_written_in_text(resolver: Resolver) -> None:
    text = "Floods hit Hyderabad, Pakistan."
    mentions = [_mention(text, "Hyderabad"), _mention(text, "Pakistan")]
    r = resolver(text, mentions)[0]
    assert r.place.country_code == "PK"
    assert any("places it in Pakistan" in reason for reason in r.reasons)


def test_document_context_moves_ambiguous_names(resolver: Resolver) -> None:
    text = "Pakistan said Hyderabad and Islamabad were calm; Peshawar too."
    mentions = [_mention(text, n) for n in ("Pakistan", "Hyderabad", "Islamabad", "Peshawar")]
    hyderabad = resolver(text, mentions)[1]
    assert hyderabad.place.country_code == "PK"
    text_in = "Hyderabad and New Delhi were calm."
    hyderabad_in = resolver(text_in, [_mention(text_in, "Hyderabad"), _mention(text_in, "New Delhi")])[0]
    assert hyderabad_in.place.country_code == "IN"


def test_cue_word_selects_the_kind_of_place(resolver: Resolver) -> None:
    text = "Fighting in Washington state."
    [r] = resolver(text, [_mention(text, "Washington", cue="state")])
    assert r.place.feature_type == "adm1"


def test_alternate_spelling_resolves(resolver: Resolver) -> None:
    text = "Drones struck Miranshah."
    [r] = resolver(text, [_mention(text, "Miranshah")])
    assert r.place.name == "Miran Shah"
    assert any("alternate" in reason for reason in r.reasons)


def test_unknown_name_stays_unresolved(resolver: Resolver) -> None:
    text = "Clashes in Zarkhoonabad."
    [r] = resolver(text, [_mention(text, "Zarkhoonabad")])
    assert r.place is None and r.confidence == 0.0
    assert r.reasons == ("no place of this name in the gazetteer",)


def test_demonym_resolves_to_its_country(resolver: Resolver) -> None:
    text = "Pakistani officials."
    [r] = resolver(text, [_mention(text, "Pakistani", kind=DEMONYM)])
    assert r.place.feature_type == "country" and r.place.country_code == "PK"


def test_full_stage_chain_on_small_gazetteer(small_gazetteer: Gazetteer) -> None:
    text = "Militants crossed the LoC. Drones hit Datta Khel, North Waziristan, and Kunar, Afghanistan."
    mentions = Recognizer(small_gazetteer)(Document("t", text))
    resolutions = Resolver(small_gazetteer)(text, mentions)
    chosen = {r.mention.text: r.place.id for r in resolutions if r.place}
    assert chosen["LoC"] == "ne:line-of-control"
    assert chosen["Datta Khel"] == "1109262"
    assert chosen["North Waziristan"] == "1168875"
    assert chosen["Kunar"] == "1135702"
    for r in resolutions:
        assert 0.0 <= r.confidence <= 1.0 and r.reasons


def test_relative_location_is_placed_by_offset_and_flagged(resolver: Resolver) -> None:
    from geo.core.spatial import haversine_km

    text = "A strike hit a compound five kilometres south of Miranshah."
    [r] = resolver(text, [_mention(text, "Miranshah")])
    assert r.approximate
    assert r.place.feature_code == "OFFSET" and "Miran Shah" in r.place.name
    anchor = r.alternatives[0].record
    assert anchor.name == "Miran Shah"
    assert abs(haversine_km(anchor.lat, anchor.lon, r.place.lat, r.place.lon) - 5.0) < 0.1
    assert r.place.lat < anchor.lat
    plain = "Officials in Miranshah said."
    assert not resolver(plain, [_mention(plain, "Miranshah")])[0].approximate
