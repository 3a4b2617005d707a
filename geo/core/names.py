"""Name keys: the one normalisation used to match place names everywhere (gazetteer build, import, lookup, text).

A key is case-, diacritic- and punctuation-insensitive, so "Wazīristān", "WAZIRISTAN" and "waziristan" meet.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Letters that NFKD does not decompose into a base letter plus a combining mark.
_FOLD = str.maketrans(
    {
        "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "đ": "d", "Đ": "d", "ð": "d",
        "Ð": "d", "ł": "l", "Ł": "l", "þ": "th", "Þ": "th", "ı": "i", "ħ": "h", "Ħ": "h", "ŧ": "t",
        "ß": "ss", "ʿ": "", "ʾ": "", "ʼ": "", "ʻ": "", "'": "", "’": "", "‘": "", "`": "", "´": "",
    }
)
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """Return the matching key of a name: folded to lower-case ASCII where possible, words joined by one space."""
    if text.isascii():  # NFKD leaves ASCII as it is and there are no combining marks to strip: the same key, faster
        return _NON_WORD.sub(" ", text.translate(_FOLD).casefold()).strip()
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    stripped = "".join(ch for ch in folded if not unicodedata.combining(ch)).translate(_FOLD)
    return _NON_WORD.sub(" ", stripped.casefold()).strip()


def ascii_fold(text: str) -> str:
    """Return text with diacritics removed but case and punctuation kept ("Wazīristān" -> "Waziristan")."""
    folded = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


# -- spelling variants ------------------------------------------------------------------------------------------
VARIANT_RULES = Path(__file__).resolve().parent.parent / "data" / "rules" / "variants.json"
VARIANT_PREFIX = "~"  # variant keys live beside exact keys in the gazetteer's names table; no exact key starts so


@dataclass(frozen=True, slots=True)
class VariantFamily:
    """One family of transliteration rules (South Asian, Arabic, Ukrainian/Russian) and the countries it serves."""

    code: str
    countries: frozenset[str]
    rules: tuple[tuple[re.Pattern[str], str], ...]

    def reduce(self, key: str) -> str:
        """The family's variant skeleton of a name key ("datta khel" -> "datakel")."""
        for pattern, replacement in self.rules:
            key = pattern.sub(replacement, key)
        return key


# Longer than any place name written in news (the gazetteer's longest keys are under 60 letters): such a "word" is
# no variant of a place, and the family regexes would cost quadratic time on a 100,000-character token.
MAX_VARIANT_NAME_CHARS = 80


@dataclass(frozen=True, slots=True)
class VariantRules:
    """The rule families of ``data/rules/variants.json`` plus the guards that keep common words out."""

    families: tuple[VariantFamily, ...]
    min_length: int  # letters of a written name before its variants are tried ("Kadro", a surname, has five)
    min_key_length: int  # letters of a variant key
    max_zipf: float

    def keys_for_place(self, key: str, country_code: str) -> list[str]:
        """Variant keys a place of this country carries for one of its name keys (none for short names)."""
        found = []
        for family in self.families:
            if country_code in family.countries:
                skeleton = family.reduce(key)
                if len(skeleton) >= self.min_key_length:
                    found.append(f"{VARIANT_PREFIX}{family.code}:{skeleton}")
        return found

    def keys_for_text(self, key: str) -> list[str]:
        """Variant keys to try for a written name, or none when it is short or a common English word."""
        joined = key.replace(" ", "")
        if not self.min_length <= len(joined) <= MAX_VARIANT_NAME_CHARS or not joined.isascii() or not joined.isalpha():
            return []
        from geo.core.lexicon import load_lexicon  # here: the lexicon module imports the store, which imports us

        lexicon = load_lexicon()
        words = key.split()
        if max(lexicon.zipf(key), lexicon.zipf(joined)) >= self.max_zipf or \
                all(lexicon.zipf(word) >= self.max_zipf for word in words):
            return []
        keys = []
        for family in self.families:
            skeleton = family.reduce(key)
            if len(skeleton) >= self.min_key_length:
                keys.append(f"{VARIANT_PREFIX}{family.code}:{skeleton}")
        return keys


@lru_cache(maxsize=1)
def variant_rules(path: Path = VARIANT_RULES) -> VariantRules:
    """Read the variant rules once; a clear error when the file is missing or a rule does not compile."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        families = tuple(
            VariantFamily(code, frozenset(spec["countries"]),
                          tuple((re.compile(rule["pattern"]), rule["replace"]) for rule in spec["rules"]))
            for code, spec in sorted(data["families"].items())
        )
        return VariantRules(families, int(data["min_length"]), int(data["min_key_length"]), float(data["max_zipf"]))
    except (OSError, ValueError, KeyError, re.error) as exc:
        raise ValueError(f"variant rules {path} missing or malformed: {exc}") from exc
