"""Recognition of what conflict reporting writes (issue 10 §2 and §4), each mechanism alone, on the real gazetteer."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.core.model import Document, Mention
from geo.core.recognition import Recognizer
from geo.store.artifact import PlaceRow, write_artifact
from geo.store.gazetteer import Gazetteer


@pytest.fixture(scope="module")
def recognize() -> Recognizer:
    return Recognizer(Gazetteer())


def _spans(recognize: Recognizer, text: str) -> dict[str, Mention]:
    mentions = recognize(Document("t", text))
    assert all(text[m.start:m.end] == m.text for m in mentions)
    return {m.text: m for m in mentions}


@pytest.mark.parametrize("text, name, rule", [
    ("A drone struck Qutab Khel, North Waziristan on Monday.", "Qutab Khel", "settlement-suffix-name"),
    ("A drone struck Baro Chena, North Waziristan on Monday.", "Baro Chena", "unknown-name-in-container"),
    ("Troops raided Baro Chena in Khyber Agency.", "Baro Chena", "unknown-name-in-container"),
    ("Troops raided Zara Kili in Khyber Agency.", "Zara Kili", "settlement-suffix-name"),
    ("Fighting went on in Spinwam near Mir Ali.", "Spinwam", "unknown-name-near-reference"),
    ("Shelling hit Zangara Kot, 12 km west of Miranshah.", "Zangara Kot", "unknown-name-near-reference"),
    ("Militants gathered in Spinwam tehsil of North Waziristan.", "Spinwam", "unknown-name-cue"),
])
def test_names_the_gazetteer_lacks_in_a_place_context(recognize: Recognizer, text: str, name: str, rule: str) -> None:
    assert not recognize.gazetteer.has_key(name.lower())
    mention = _spans(recognize, text)[name]
    assert rule in mention.rules
    assert mention.lookup == name.lower()


def test_unknown_names_need_a_known_container_and_are_not_common_words_or_people(recognize: Recognizer) -> None:
    spans = _spans(recognize, "Officials met Zorbakhel officials. Sources, in Islamabad, said so. "
                              "Imran Khan, Pakistan's prime minister, spoke. Baro Chena, Narnia was quiet.")
    assert not {"Zorbakhel", "Sources", "Imran Khan", "Baro Chena"} & spans.keys()


@pytest.mark.parametrize("text, names", [
    ("KABUL: A bomb exploded near the ministry.", ["KABUL"]),
    ("QUETTA/CHAMAN, May 3: Traders protested at the border.", ["QUETTA", "CHAMAN"]),
    ("PESHAWAR, Pakistan (AP) — Gunmen killed two.", ["PESHAWAR", "Pakistan"]),
    ("Earlier report.\nKHOST (Reuters) - A raid was reported.", ["KHOST"]),
])
def test_all_caps_and_slashed_datelines(recognize: Recognizer, text: str, names: list[str]) -> None:
    spans = _spans(recognize, text)
    assert set(names) <= spans.keys()


def test_a_short_all_caps_word_is_a_dateline_only_at_the_start_of_a_line(recognize: Recognizer) -> None:
    spans = _spans(recognize, "He shouted KABUL: nobody answered.")
    assert "KABUL" not in spans
    assert "dateline" in _spans(recognize, "KABUL: A bomb exploded.")["KABUL"].rules


def test_plural_designators_give_every_name_the_cue(recognize: Recognizer) -> None:
    spans = _spans(recognize, "Operations in Mohmand and Bajaur agencies and Kunar and Nangarhar provinces.")
    assert spans["Mohmand"].cue == spans["Bajaur"].cue == "agencies"
    assert "plural-designator" in spans["Mohmand"].rules
    assert spans["Kunar"].cue == spans["Nangarhar"].cue == "provinces"


def test_both_ends_of_a_hyphenated_road_name(recognize: Recognizer) -> None:
    spans = _spans(recognize, "Traffic on the Quetta-Chaman road and the Peshawar-Torkham highway stopped.")
    assert {"Quetta", "Chaman", "Peshawar", "Torkham"} <= spans.keys()
    assert "road-end" in spans["Torkham"].rules
    assert "road-end" not in _spans(recognize, "Torkham-based traders and Peshawar-Torkham talks.").get(
        "Torkham", Mention("t", "", 0, 0, None)).rules  # type: ignore[arg-type]


def test_a_place_modifying_a_force_is_a_mention(recognize: Recognizer) -> None:
    spans = _spans(recognize, "The Swat Taliban, Bajaur Levies and Mohmand police clashed; Kandahar police said so.")
    assert {"Swat", "Bajaur", "Mohmand", "Kandahar"} <= spans.keys()
    assert "place-modifies-force" in spans["Bajaur"].rules
    assert "place-modifies-force" in spans["Mohmand"].rules


def test_regional_abbreviations_count_when_the_gazetteer_has_them_as_abbreviations(tmp_path: Path) -> None:
    rows = [PlaceRow(id="1168873", name="Federally Administered Tribal Areas", feature_type="adm1",
                     feature_class="A", feature_code="ADM1", country_code="PK", lat=32.67, lon=69.86,
                     population=3_176_331, names=[("FATA", "abbreviation"), ("FR", "abbreviation")]),
             PlaceRow(id="3017382", name="France", feature_type="country", feature_class="A", feature_code="PCLI",
                      country_code="FR", lat=46.0, lon=2.0, population=66_987_244, names=[("FRA", "code")])]
    write_artifact(tmp_path / "g.sqlite", rows, progress=False)
    spans = _spans(Recognizer(Gazetteer(tmp_path / "g.sqlite")), "Officials in FATA and FR said FRA was calm.")
    assert "known-abbreviation" in spans["FATA"].rules and "known-abbreviation" in spans["FR"].rules
    assert "FRA" not in spans  # a code is not an abbreviation
    real = _spans(Recognizer(Gazetteer()), "Officials in KP, FATA, AJK, GB and NWFP said so.")
    assert all("known-abbreviation" in real[name].rules for name in ("KP", "FATA", "AJK", "GB", "NWFP"))
