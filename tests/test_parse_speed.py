"""Recognition on dense capitalised text (issue 12) is fast by pruning lookups, never by changing what it finds: the
pruned window search and the ASCII name-key path give the same answers as the plain ones, on the real gazetteer."""

from __future__ import annotations

import random
import unicodedata

import pytest

from geo.core.names import _FOLD, _NON_WORD, name_key
from geo.core.recognition import MAX_NAME_TOKENS, Recognizer, _span_text, tokenize
from geo.store.gazetteer import Gazetteer

WORDS = ["Kabul", "Herat", "North", "Waziristan", "Miran", "Shah", "Datta", "Khel", "Dattakhel", "Line", "of",
         "Control", "Khan", "Younis", "Deir", "al-Balah", "Maarat", "al-Numan", "Tal", "Rifaat", "New", "Delhi", "Dera",
         "Ismail", "Ras", "al-Ain", "Gaza", "Strip", "Pakistan's", "U.S.", "The", "Mir", "Ali", "Mirali", "Bosnia",
         "and", "Herzegovina", "Democratic", "Republic", "Congo", "Zorbakhel"]


@pytest.fixture(scope="module")
def recognize() -> Recognizer:
    return Recognizer(Gazetteer.default())


def _plain_longest_match(recognize: Recognizer, tokens: list, i: int, last: int) -> tuple[int, str] | None:
    """The search as it was before issue 12: every window from the longest down, exact names and variants."""
    for j in range(min(last, i + MAX_NAME_TOKENS * 2 - 1), i - 1, -1):
        if not tokens[j].is_capitalised:
            continue
        key = name_key(_span_text(tokens, i, j))
        if key and recognize.gazetteer.has_key(key):
            return j, key
    return None


def test_the_pruned_window_search_finds_what_the_plain_one_does(recognize: Recognizer) -> None:
    rng = random.Random(7)
    text = " ".join(rng.choice(WORDS) for _ in range(3000))
    tokens = tokenize(text)
    last = len(tokens) - 1
    found = 0
    for i, token in enumerate(tokens):
        if not token.is_capitalised:
            continue
        expected = _plain_longest_match(recognize, tokens, i, last)
        assert recognize._longest_match(tokens, i, last) == expected, (i, text[token.start:token.start + 60])
        found += expected is not None and expected[0] > i
    assert found > 20  # multiword names were in play, not only single words


def test_a_long_variant_window_is_still_found_when_it_starts_an_exact_name(recognize: Recognizer) -> None:
    tokens = tokenize("Democratic Republic of the Congo Kabul Herat")
    assert recognize._longest_match(tokens, 0, len(tokens) - 1) == (4, "democratic republic of the congo")


def test_the_ascii_name_key_path_equals_the_unicode_one() -> None:
    def slow(text: str) -> str:
        folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
        stripped = "".join(ch for ch in folded if not unicodedata.combining(ch)).translate(_FOLD)
        return _NON_WORD.sub(" ", stripped.casefold()).strip()

    rng = random.Random(3)
    alphabet = [chr(c) for c in range(128)]
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        assert name_key(text) == slow(text), repr(text)
    assert name_key("Wazīristān") == slow("Wazīristān") == "waziristan"  # non-ASCII takes the full path


def test_the_acronym_flag_is_the_letter_count_rule() -> None:
    def rule(text: str) -> bool:
        letters = [c for c in text if c.isalpha()]
        return len(letters) >= 2 and sum(c.isupper() for c in letters) >= len(letters) - 1 \
            and letters[0].isupper() and letters[-1].isupper()

    rng = random.Random(5)
    alphabet = list("aAbBzZ.'’-1") + ["é", "É", "ß", "ǅ", "İ", "喀"]
    tokens = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))) for _ in range(20000)]
    tokens += ["USA", "U.S.", "LoC", "FATA", "Kabul", "KABUL", "'VE", "I", "AJK", "McDonald"]
    for text in tokens:
        for token in tokenize(text):
            assert token.is_acronym == rule(token.text), token.text
