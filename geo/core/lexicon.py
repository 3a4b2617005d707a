"""Word lists for recognition (given names, common English words), loaded once from ``data/lexicon.json``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo.errors import GeoError
from geo.store.gazetteer import PACKAGE_DATA

LEXICON_PATH = PACKAGE_DATA / "lexicon.json"


@dataclass(frozen=True)
class Lexicon:
    """Given names and common surnames (lower-case), and the Zipf frequency of common English words."""

    first_names: frozenset[str]
    common_words: dict[str, float]
    surnames: frozenset[str]

    def zipf(self, word: str) -> float:
        """How common a word is in English (Zipf scale, 0 when not among the common words)."""
        return self.common_words.get(word.lower(), 0.0)


@lru_cache(maxsize=1)
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    """Read the lexicon artifact; a clear error if it is missing or malformed."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Lexicon(frozenset(data["first_names"]), dict(data["common_words"]), frozenset(data["surnames"]))
    except (OSError, ValueError, KeyError) as exc:
        raise GeoError(f"lexicon {path} missing or malformed ({exc}); rebuild it with `python -m geo lexicon build`") from exc
