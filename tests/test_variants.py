"""Spelling-variant keys (issue 10 section 3): the rules alone, then on the real shipped gazetteer."""

from __future__ import annotations

import json

import pytest

from geo.core.lexicon import load_lexicon
from geo.core.names import VARIANT_PREFIX, VARIANT_RULES, name_key, variant_rules
from geo.store.gazetteer import DEFAULT_ARTIFACT, NAME_KINDS, Gazetteer


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer(DEFAULT_ARTIFACT)


def _meet(place: str, country: str, written: str) -> bool:
    """True when a written form finds a place's name through a variant key."""
    rules = variant_rules()
    return bool(set(rules.keys_for_place(name_key(place), country)) & set(rules.keys_for_text(name_key(written))))


@pytest.mark.parametrize(("place", "country", "written"), [
    ("Mir Ali", "PK", "Mirali"), ("Datta Khel", "PK", "Dattakhel"), ("Datta Khel", "PK", "Datta-Khel"),
    ("Miram Shah", "PK", "Miranshah"), ("Makin", "PK", "Makeen"), ("Jamrud", "PK", "Jamrood"),
    ("Dayr az-Zawr", "SY", "Deir ez-Zor"), ("Ma‘arrat an Nu‘mān", "SY", "Maarat al-Numan"),
    ("Ra’s al ‘Ayn", "SY", "Ras al-Ain"), ("Khān Shaykhūn", "SY", "Khan Sheikhoun"), ("Ālbū Kamāl", "SY", "Abu Kamal"),
    ("Al Ḩawījah", "IQ", "Hawija"), ("Dayr al Balaḩ", "PS", "Deir al-Balah"), ("Tall Abyaḑ", "SY", "Tal Abyad"),
    ("Avdiyivka", "UA", "Avdeyevka"), ("Horlivka", "UA", "Gorlovka"), ("Krasnohorivka", "UA", "Krasnogorovka"),
    ("Kharkiv", "UA", "Kharkov"), ("Kupyansk", "UA", "Kupiansk"), ("Sievierodonetsk", "UA", "Severodonetsk"),
    ("Chuhuiv", "UA", "Chuguyev"), ("Novomykhaylivka", "UA", "Novomikhailovka"), ("Shchastia", "UA", "Shchastya"),
])
def test_spellings_of_one_place_share_a_variant_key(place: str, country: str, written: str) -> None:
    assert _meet(place, country, written)


def test_families_serve_only_their_countries() -> None:
    """A Ukrainian rule does not make a Pakistani place's variant, so families do not flood each other."""
    assert not _meet("Horlivka", "PK", "Gorlovka")
    assert not _meet("Kharkiv", "PK", "Kharkov")
    assert _meet("Kharkiv", "UA", "Kharkov")


def test_short_names_and_common_english_words_have_no_variant_keys() -> None:
    rules = variant_rules()
    lexicon = load_lexicon()
    common = [w for w in ("Market", "Village", "Seaside", "Sector", "Colony", "Border", "Center", "Station", "Forces",
                          "Camp", "Army", "Police", "Western", "Northern", "Tribal Areas", "Press")]
    for word in common:
        assert rules.keys_for_text(name_key(word)) == [], word
    assert all(rules.keys_for_text(w) == [] for w in ("wana", "tank", "gaza", "swat", "kyiv", "kadro", "arike"))  # fewer than 6 letters
    # every lexicon word at or above the threshold is refused, whatever its spelling
    frequent = [w for w, z in lexicon.common_words.items() if z >= rules.max_zipf and len(w) >= 5 and w.isalpha()]
    assert len(frequent) > 1000
    assert all(rules.keys_for_text(w) == [] for w in frequent[:5000])


def test_every_rule_names_its_source_and_compiles() -> None:
    data = json.loads(VARIANT_RULES.read_text(encoding="utf-8"))
    for code, family in data["families"].items():
        assert family["countries"] and family["rules"], code
        assert all(rule["source"].strip() for rule in family["rules"]), code
    assert {f.code for f in variant_rules().families} == set(data["families"])


# -- on the shipped gazetteer -------------------------------------------------------------------------------------
def test_variant_is_a_name_kind(gaz: Gazetteer) -> None:
    assert "variant" in NAME_KINDS


def test_a_variant_finds_the_place_and_says_so(gaz: Gazetteer) -> None:
    found = gaz.matches(name_key("Dattakhel"))
    assert found and found[0][0].name == "Datta Khel" and found[0][0].country_code == "PK"
    assert {kind for _, kind in found} == {"variant"}
    deir = gaz.matches(name_key("Deir al-Balah"))
    assert deir and deir[0][0].country_code == "PS" and deir[0][1] == "variant"


def test_exact_names_come_first_and_variants_only_as_a_fallback(gaz: Gazetteer) -> None:
    assert {kind for _, kind in gaz.matches(name_key("Datta Khel"))} <= {"name", "ascii", "alternate"}
    assert {kind for _, kind in gaz.matches(name_key("Kharkov"))} == {"alternate"}  # an alternate name, not a variant


def test_common_words_never_become_places_through_variants(gaz: Gazetteer) -> None:
    for word in ("Market", "Village", "Station", "Western", "Forces", "Colony", "Seaside", "Northern"):
        assert all(kind != "variant" for _, kind in gaz.matches(name_key(word))), word


def test_variant_keys_stay_out_of_exact_lookups_and_name_lists(gaz: Gazetteer) -> None:
    record = gaz.matches(name_key("Dattakhel"))[0][0]
    assert all(kind != "variant" for _, kind in gaz.names(record.id))
    assert gaz.lookup(VARIANT_PREFIX + "sa:datakel") == []  # a key of the variant space is no written name
