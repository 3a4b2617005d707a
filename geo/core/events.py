"""What happened there: event tags for quotes from a curated lexicon, with the trigger words kept as evidence.

The lexicon lives in ``geo/data/events/``: ``tags.csv`` (the tags, their labels), ``lexicon.csv`` (one row per
trigger: its tag, lemma, every inflected form, and a source) and ``exclusions.csv`` (idioms that contain a trigger
but name no event: "heart attack", "with the aid of"). Matching is whole words, case-insensitive, with hyphens and
spaces folded ("air strike" = "air-strike" = "airstrike" when listed); where triggers overlap the longest wins, and a
trigger inside an exclusion is dropped. Tags are evidence, not judgements: each carries its offsets into the quote
so the words can be highlighted.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from geo.core.model import Place

EVENTS_DIR = Path(__file__).resolve().parent.parent / "data" / "events"


@dataclass(frozen=True, slots=True)
class EventTag:
    """One event tag in a quote: ``quote[start:end] == text`` is the trigger that made it."""

    tag: str
    start: int
    end: int
    text: str

    def as_dict(self) -> dict[str, Any]:
        """The JSON-ready form used in exports: ``{"tag", "start", "end", "text"}``."""
        return {"tag": self.tag, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class TagInfo:
    """A tag of the lexicon: its id, the label to show, and what it covers."""

    tag: str
    label: str
    description: str


@dataclass(frozen=True, slots=True)
class Trigger:
    """One trigger form of the lexicon and the tag it gives."""

    tag: str
    lemma: str
    form: str
    source: str


class EventLexicon:
    """The loaded lexicon: tags, triggers and exclusions compiled into one matcher."""

    def __init__(self, tags: Sequence[TagInfo], triggers: Sequence[Trigger], exclusions: Sequence[str]) -> None:
        self.tags = tuple(tags)
        self.triggers = tuple(triggers)
        self.exclusions = tuple(exclusions)
        known = {t.tag for t in self.tags}
        unknown = sorted({t.tag for t in self.triggers} - known)
        if unknown:
            raise ValueError(f"event lexicon: triggers name unknown tags {', '.join(unknown)}")
        self._tag_of: dict[str, str] = {}
        for trigger in self.triggers:
            key = _fold(trigger.form)
            if self._tag_of.setdefault(key, trigger.tag) != trigger.tag:
                raise ValueError(f"event lexicon: {trigger.form!r} is listed under two tags")
        self._triggers = _Matcher(t.form for t in self.triggers)
        self._exclusions = _Matcher(self.exclusions)

    @classmethod
    def load(cls, folder: Path = EVENTS_DIR) -> EventLexicon:
        """Read ``tags.csv``, ``lexicon.csv`` and ``exclusions.csv`` from a folder (default: the package's)."""
        tags = [TagInfo(row["tag"], row["label"], row["description"]) for row in _rows(folder / "tags.csv")]
        triggers = [
            Trigger(row["tag"], row["lemma"], form, row["source"])
            for row in _rows(folder / "lexicon.csv")
            for form in _forms(row["forms"])
        ]
        exclusions = [form for row in _rows(folder / "exclusions.csv") for form in _forms(row["forms"])]
        return cls(tags, triggers, exclusions)

    def label(self, tag: str) -> str:
        """The label to show for a tag ("air or drone strike" for ``airstrike``); the tag itself if unknown."""
        return next((t.label for t in self.tags if t.tag == tag), tag)

    def tag(self, text: str) -> tuple[EventTag, ...]:
        """Every event trigger in a text, in text order, longest match first where triggers overlap."""
        excluded = self._exclusions.spans(text)
        found = []
        for start, end in self._triggers.spans(text):
            if any(s < end and start < e for s, e in excluded):
                continue
            tag = self._tag_of.get(_fold(text[start:end]))
            if tag is not None:
                found.append(EventTag(tag, start, end, text[start:end]))
        return tuple(found)


def _rows(path: Path) -> list[dict[str, str]]:
    """The rows of a lexicon CSV file; every row must carry a source."""
    with open(path, encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    for number, row in enumerate(rows, start=2):
        if not (row.get("source") or "").strip():
            raise ValueError(f"{path}, line {number}: every row needs a source")
    return rows


def _forms(value: str) -> list[str]:
    """The pipe-separated forms of a lexicon cell, stripped, without empties."""
    return [form.strip() for form in value.split("|") if form.strip()]


_SEPARATORS = re.compile(r"[\s\-‐‑–]+")


def _fold(text: str) -> str:
    """A trigger's matching key: lower case, hyphens and spaces removed ("Air-strike" -> "airstrike")."""
    return _SEPARATORS.sub("", text.casefold())


def _pattern(form: str) -> str:
    """A form as a regex: words joined by any run of spaces or hyphens, and a hyphen optional."""
    words = [w for w in _SEPARATORS.split(form) if w]
    return r"[\s\-‐‑–]*".join(re.escape(w) for w in words)


_WORD = re.compile(r"\w+")
_PREFIX = 3


class _Matcher:
    """Whole-word, case-insensitive matching of many forms: each word of a text is looked up by its first letters
    and only the forms starting so are tried there, longest first, so an overlap is read as the longer form."""

    def __init__(self, forms: Iterable[str]) -> None:
        self._by_prefix: dict[str, list[re.Pattern[str]]] = {}
        for form in sorted(set(forms), key=lambda f: (-len(_fold(f)), f)):
            pattern = re.compile(_pattern(form) + r"(?!\w)", re.IGNORECASE)
            self._by_prefix.setdefault(_fold(form)[:_PREFIX], []).append(pattern)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """The (start, end) of every form in the text, left to right, never overlapping."""
        spans: list[tuple[int, int]] = []
        position = 0
        for word in _WORD.finditer(text):
            start = word.start()
            if start < position:
                continue
            for pattern in self._by_prefix.get(word.group()[:_PREFIX].casefold(), ()):
                match = pattern.match(text, start)
                if match:
                    spans.append(match.span())
                    position = match.end()
                    break
        return spans


@lru_cache(maxsize=1)
def default_lexicon() -> EventLexicon:
    """The package's lexicon, loaded once per process."""
    return EventLexicon.load()


@lru_cache(maxsize=16_384)
def _tag_cached(text: str) -> tuple[EventTag, ...]:
    return default_lexicon().tag(text)


def tag_quote(text: str, lexicon: EventLexicon | None = None) -> tuple[EventTag, ...]:
    """The event tags of a quote with their triggers and offsets into it (the default lexicon unless given)."""
    return _tag_cached(text) if lexicon is None else lexicon.tag(text)


def quote_tags(text: str, lexicon: EventLexicon | None = None) -> tuple[str, ...]:
    """The distinct tags of a quote, in the order their first trigger appears."""
    return tuple(dict.fromkeys(t.tag for t in tag_quote(text, lexicon)))


def event_records(text: str) -> list[dict[str, Any]]:
    """The ``events`` field of an exported mention: ``[{"tag", "start", "end", "text"}]`` for its quote."""
    return [t.as_dict() for t in tag_quote(text)]


def place_tags(place: Place, lexicon: EventLexicon | None = None) -> tuple[tuple[str, int], ...]:
    """How many of a place's distinct quotes carry each tag, most frequent first (ties in lexicon order)."""
    counts: Counter[str] = Counter()
    for quote in place.quotes:
        counts.update(quote_tags(quote.text, lexicon))
    order = {t.tag: i for i, t in enumerate((lexicon or default_lexicon()).tags)}
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], order.get(item[0], len(order)), item[0])))


def top_tag(place: Place, lexicon: EventLexicon | None = None) -> str | None:
    """The place's most frequent tag (to colour it by), or None when no quote of it is tagged."""
    tags = place_tags(place, lexicon)
    return tags[0][0] if tags else None


def tag_label(tag: str) -> str:
    """The label of a tag in the default lexicon ("air or drone strike")."""
    return default_lexicon().label(tag)


def all_tags() -> tuple[TagInfo, ...]:
    """Every tag of the default lexicon, in its order (for filters and legends)."""
    return default_lexicon().tags


def segments(text: str, tags: Sequence[EventTag]) -> tuple[tuple[str, str | None], ...]:
    """A quote cut into (piece, tag or None) runs so triggers can be highlighted; the pieces join back to the text.

    The pieces are raw document text: escape them before they reach HTML.
    """
    pieces: list[tuple[str, str | None]] = []
    position = 0
    for tag in sorted(tags, key=lambda t: t.start):
        if tag.start < position or tag.end > len(text):
            continue
        if tag.start > position:
            pieces.append((text[position:tag.start], None))
        pieces.append((text[tag.start:tag.end], tag.tag))
        position = tag.end
    if position < len(text):
        pieces.append((text[position:], None))
    return tuple(pieces)
