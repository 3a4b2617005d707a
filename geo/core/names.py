"""Name keys: the one normalisation used to match place names everywhere (gazetteer build, import, lookup, text).

A key is case-, diacritic- and punctuation-insensitive, so "Wazīristān", "WAZIRISTAN" and "waziristan" meet.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    stripped = "".join(ch for ch in folded if not unicodedata.combining(ch)).translate(_FOLD)
    return _NON_WORD.sub(" ", stripped.casefold()).strip()


def ascii_fold(text: str) -> str:
    """Return text with diacritics removed but case and punctuation kept ("Wazīristān" -> "Waziristan")."""
    folded = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in folded if not unicodedata.combining(ch))
