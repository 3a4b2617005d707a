"""Build ``data/lexicon.json``: the word lists recognition needs at run time, made from pinned packages.

Run time never imports these packages: the lexicon is a small committed artifact, rebuilt byte-for-byte by
``python -m geo lexicon build`` from the same inputs.
"""

from __future__ import annotations

import importlib.metadata
import json
from pathlib import Path
from typing import Any

from geo.store.gazetteer import PACKAGE_DATA

LEXICON_PATH = PACKAGE_DATA / "lexicon.json"
EXTRA_FIRST_NAMES = PACKAGE_DATA / "lexicon" / "first_names_extra.txt"
COMMON_WORDS = 40_000
MIN_FIRST_NAME_FREQUENCY = 0.0005  # per cent of the US population in the census file; drops one-off spellings
SURNAMES = 10_000  # the most common US surnames: evidence that a lone capitalised word is a person


def _census_first_names() -> set[str]:
    """US Census 1990 given names (package ``names``), above a small frequency floor."""
    import names

    folder = Path(names.__file__).parent
    found: set[str] = set()
    for file in ("dist.male.first", "dist.female.first"):
        for line in (folder / file).read_text(encoding="ascii").splitlines():
            parts = line.split()
            if len(parts) >= 2 and float(parts[1]) >= MIN_FIRST_NAME_FREQUENCY:
                found.add(parts[0].lower())
    return found


def _census_surnames() -> list[str]:
    """The most common US Census 1990 surnames, lower-case."""
    import names

    lines = (Path(names.__file__).parent / "dist.all.last").read_text(encoding="ascii").splitlines()
    return sorted({line.split()[0].lower() for line in lines[:SURNAMES] if line.strip()})


def _extra_first_names() -> set[str]:
    lines = EXTRA_FIRST_NAMES.read_text(encoding="utf-8").splitlines()
    return {line.strip().lower() for line in lines if line.strip() and not line.startswith("#")}


def _common_words() -> dict[str, float]:
    """The most frequent English words (wordfreq, case-folded) with their Zipf frequency, rounded."""
    from wordfreq import top_n_list, zipf_frequency

    return {w: round(zipf_frequency(w, "en"), 2) for w in top_n_list("en", COMMON_WORDS) if w.isalpha()}


def build_lexicon(output: Path = LEXICON_PATH) -> dict[str, Any]:
    """Write the lexicon JSON (sorted keys, no timestamps) and return its metadata."""
    meta = {
        "sources": [
            {"name": "names", "version": importlib.metadata.version("names"), "licence": "MIT; data US Census (public domain)", "what": "given names and surnames"},
            {"name": "wordfreq", "version": importlib.metadata.version("wordfreq"), "licence": "Apache-2.0; data CC BY-SA 4.0", "what": "English word frequencies"},
            {"name": "conflict-map", "file": "data/lexicon/first_names_extra.txt", "licence": "ours", "what": "given names missing from the census list"},
        ],
    }
    lexicon = {
        "meta": meta,
        "first_names": sorted(_census_first_names() | _extra_first_names()),
        "common_words": _common_words(),
        "surnames": _census_surnames(),
    }
    output.write_text(json.dumps(lexicon, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    return meta
