"""Recognition alone, on a small real-format gazetteer: which spans are places, and which only look like them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geo.store.artifact import PlaceRow, write_artifact
from geo.store.gazetteer import Gazetteer
from geo.core.model import DEMONYM, TOPONYM, Document
from geo.core.recognition import Recognizer, tokenize
from geo.core.rules import load_rules


@pytest.fixture(scope="module")
def recognize(small_gazetteer: Gazetteer) -> Recognizer:
    return Recognizer(small_gazetteer)


def _spans(recognize: Recognizer, text: str) -> dict[str, object]:
    mentions = recognize(Document("t", text))
    for m in mentions:
        assert text[m.start:m.end] == m.text
        assert m.quote.text == text[m.quote.start:m.quote.end]
        assert m.quote.start <= m.start < m.end <= m.quote.end
        assert m.rules and len(m.rules) == len(m.evidence), m  # every kept span says which rules kept it
    return {m.text: m for m in mentions}


def test_tokenize_keeps_offsets_and_splits_possessives() -> None:
    text = "Pakistan's army entered the U.S.-backed zone; we're told."
    tokens = tokenize(text)
    assert all(text[t.start:t.end] == t.text for t in tokens)
    assert [t.text for t in tokens[:3]] == ["Pakistan", "'s", "army"]
    assert "U.S." in [t.text for t in tokens]
    assert "we" in [t.text for t in tokens]


def test_places_found_with_offsets(recognize: Recognizer) -> None:
    spans = _spans(recognize, "Kerry arrived in Islamabad on Monday before flying to Kabul.")
    assert {"Islamabad", "Kabul"} <= spans.keys()


def test_person_names_veto_their_surnames(recognize: Recognizer) -> None:
    text = ("Secretary of State John Kerry met officials. Kerry said the Kerry Lugar Bill helped. "
            "(Photo: REUTERS/Lucas Jackson) Jackson was not there.")
    spans = _spans(recognize, text)
    assert not {"Kerry", "Lugar", "Jackson", "Kerry Lugar Bill", "John Kerry"} & spans.keys()


def test_organisations_are_not_places(recognize: Recognizer) -> None:
    spans = _spans(recognize, "The Haqqani Network and Tehreek-e-Taliban Pakistan (TTP) denied it.")
    assert "Haqqani Network" not in spans
    assert "Tehreek-e-Taliban Pakistan" not in spans


def test_place_at_the_head_of_an_organisation_is_kept(recognize: Recognizer) -> None:
    spans = _spans(recognize, "The Pakistan Army said the operation was over.")
    assert "organisation-head" in spans["Pakistan"].rules


def test_abbreviations(recognize: Recognizer) -> None:
    spans = _spans(recognize, "Firing along the LoC went on while US drones flew overhead.")
    assert spans["LoC"].kind == TOPONYM
    assert "known-abbreviation" in spans["LoC"].rules
    assert "US" in spans
    assert "IHS" not in _spans(recognize, "Omar Hamid is Head of Country Risk at IHS.")


def test_demonyms_are_their_own_kind(recognize: Recognizer) -> None:
    spans = _spans(recognize, "Pakistani officials met Afghan and Indian envoys; the Afghans left.")
    assert spans["Pakistani"].kind == DEMONYM
    assert spans["Pakistani"].rules == ("demonym",)
    assert spans["Afghan"].kind == DEMONYM
    assert spans["Afghans"].kind == DEMONYM


def test_metonymy_flagged(recognize: Recognizer) -> None:
    text = ("Washington said it would help. Islamabad resumed its offensive. In his visit to Washington in "
            "November he met officials. Washington's own priorities would take precedence.")
    mentions = recognize(Document("t", text))
    flags = [(m.text, m.metonymic) for m in mentions if m.text in ("Washington", "Islamabad")]
    assert flags == [("Washington", True), ("Islamabad", True), ("Washington", False), ("Washington", True)]


def test_cue_words_before_and_after(recognize: Recognizer) -> None:
    spans = _spans(recognize, "Troops entered Kunar province and the Tirah Valley near Qutab Khel village.")
    assert spans["Kunar"].cue == "province"
    assert spans["Tirah Valley"].cue == "valley"
    assert spans["Qutab Khel"].cue == "village"
    assert "unknown-name-capital-cue" in spans["Tirah Valley"].rules
    assert spans["Qutab Khel"].rules == ("settlement-suffix-name", "unknown-name-cue")


def test_elliptical_coordination(recognize: Recognizer) -> None:
    spans = _spans(recognize, "Thousands fled South and North Waziristan.")
    assert spans["South"].lookup == "south waziristan"
    assert spans["South"].rules == ("ellipsis",)
    assert spans["North Waziristan"].kind == TOPONYM


def test_lower_case_area_phrases(recognize: Recognizer) -> None:
    spans = _spans(recognize, "militants hide in the tribal areas")
    assert spans["tribal areas"].rules == ("area-phrase",)


def test_sentence_initial_common_words_are_not_places(recognize: Recognizer) -> None:
    spans = _spans(recognize, "Speaking on Tuesday, he said March was hard. Despite that, work continued.")
    assert spans == {}


def test_diacritics_in_text(recognize: Recognizer) -> None:
    spans = _spans(recognize, "Strikes hit Wazīristān again.")
    assert "Wazīristān" in spans


def test_hostile_and_odd_text_does_not_crash(recognize: Recognizer) -> None:
    for text in ["", "   ", "<script>alert(1)</script> Kabul", "\x00\x01 Kabul", "K" * 10_000, "Kabul" * 3000,
                 "Ünïcödé Peshāwar — “Kabul”…", "A B C D E F G H I J K L M N O P Q R S T U V W X Y Z" * 50]:
        mentions = recognize(Document("t", text))
        for m in mentions:
            assert text[m.start:m.end] == m.text


def test_names_with_initials_hyphens_and_commas(recognize: Recognizer) -> None:
    text = ("President George H. W. Bush spoke; Cory L. Stowers lives in Washington, D.C. "
            "Police in Khyber-Pakhtunkhwa said so.")
    spans = _spans(recognize, text)
    assert "Bush" not in spans and "Stowers" not in spans
    assert "Washington, D.C." in spans


def test_codes_and_abbreviations_only_as_written(recognize: Recognizer) -> None:
    spans = _spans(recognize, "Us and them. USA Today said the US team won.")
    assert "Us" not in spans
    assert "US" in spans


def test_a_sentence_opening_word_is_not_part_of_the_name(recognize: Recognizer) -> None:
    text = "In Peshawar, officials met. From Kabul the convoy left. After Islamabad, talks moved on."
    assert {"Peshawar", "Kabul", "Islamabad"} <= _spans(recognize, text).keys()


def test_saint_and_mount_abbreviations_stay_inside_the_name(tmp_path: Path) -> None:
    rows = [PlaceRow(id="6155033", name="St. Thomas", feature_type="city", feature_class="P", feature_code="PPL",
                     country_code="CA", lat=42.78, lon=-81.18, population=38_909)]
    write_artifact(tmp_path / "g.sqlite", rows, progress=False)
    text = "St. Thomas police confirmed it. He moved to St. Thomas."
    mentions = Recognizer(Gazetteer(tmp_path / "g.sqlite"))(Document("t", text))
    assert [(m.text, m.start) for m in mentions] == [("St. Thomas", 0), ("St. Thomas", text.rindex("St."))]


def test_evidence_text_is_derived_from_the_rule_ids(recognize: Recognizer) -> None:
    rules = load_rules()
    spans = _spans(recognize, "Troops entered Kunar province near Qutab Khel village.")
    qutab = spans["Qutab Khel"]
    assert qutab.evidence == (rules.evidence("settlement-suffix-name", suffix="Khel"),
                              rules.evidence("unknown-name-cue", cue="village"))
    for m in spans.values():
        for rule_id, text in zip(m.rules, m.evidence, strict=True):
            pattern = re.sub(r"\\{\w+\\}", ".+", re.escape(rules.decision(rule_id).evidence))
            assert re.fullmatch(pattern, text), (rule_id, text)
