"""The data that flows through the pipeline, stage by stage, as frozen dataclasses with offsets into the text.

documents -> sentences -> mentions -> candidates -> resolutions -> places
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from geo.store.gazetteer import PlaceRecord

TOPONYM = "toponym"
DEMONYM = "demonym"


@dataclass(frozen=True, slots=True)
class Document:
    """One input text. ``id`` is the file name without extension (or a JSON Lines record's id); ``source`` is where it
    was read from (the file); ``date`` an ISO date (yyyy-mm-dd) when known; ``publisher`` who published it (a
    metadata file's "source", such as "DW")."""

    id: str
    text: str
    source: str = ""
    title: str | None = None
    date: str | None = None
    url: str | None = None
    publisher: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a document: ``text == document.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Quote:
    """The sentence that links a mention to its source."""

    doc_id: str
    start: int
    end: int
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"doc": self.doc_id, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text recognised as naming a place (or a demonym): ``document.text[start:end] == text``.

    ``lookup`` is the name to search the gazetteer for (the span without cue words such as "province"); ``cue``
    is the cue word found beside it, if any; ``rules`` are the ids of the recognition rules that kept the span and
    ``evidence`` says the same in words (each rule's evidence template, filled in).
    """

    doc_id: str
    text: str
    start: int
    end: int
    quote: Quote
    lookup: str = ""
    kind: str = TOPONYM
    metonymic: bool = False
    cue: str | None = None
    evidence: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()  # ids of the recognition rules that kept the span (data/rules/recognition.json)

    @property
    def query(self) -> str:
        return self.lookup or self.text


@dataclass(frozen=True, slots=True)
class Candidate:
    """A gazetteer record considered for a mention, with its score and the reasons behind it."""

    record: PlaceRecord
    score: float
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Resolution:
    """A mention and the place chosen for it (None when no candidate was good enough).

    ``approximate``: the point is derived, not the gazetteer's own for the name (an offset from a reference place, or
    the container of a name the gazetteer lacks); ``located_by`` is then the id of that reference or container.
    """

    mention: Mention
    place: PlaceRecord | None
    confidence: float
    alternatives: tuple[Candidate, ...] = ()
    reasons: tuple[str, ...] = ()
    approximate: bool = False
    located_by: str | None = None

    @property
    def resolved(self) -> bool:
        return self.place is not None


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place with every mention of it across the documents."""

    record: PlaceRecord
    resolutions: tuple[Resolution, ...]
    confidence: float
    documents: tuple[str, ...] = field(default=())

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def mention_count(self) -> int:
        return len(self.resolutions)

    @property
    def metonymic_only(self) -> bool:
        """True when every mention of the place is metonymic ("Washington said ...")."""
        return all(r.mention.metonymic for r in self.resolutions)

    @property
    def quotes(self) -> tuple[Quote, ...]:
        """Distinct quotes, in document order."""
        seen: dict[tuple[str, int], Quote] = {}
        for r in self.resolutions:
            seen.setdefault((r.mention.quote.doc_id, r.mention.quote.start), r.mention.quote)
        return tuple(seen.values())


@dataclass(frozen=True, slots=True)
class ParseResult:
    """Everything ``geo.parse`` found: the documents, every resolution (resolved or not) and the merged places."""

    documents: tuple[Document, ...]
    resolutions: tuple[Resolution, ...]
    places: tuple[Place, ...]
