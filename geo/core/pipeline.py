"""The geoparser: documents -> sentences -> mentions -> resolutions -> places, as named steps run in order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from geo.core.documents import document_from_text, iter_documents
from geo.store.gazetteer import Gazetteer
from geo.core.model import DEMONYM, Document, ParseResult, Place, Resolution
from geo.core.recognition import Recognizer
from geo.core.resolution import Resolver
from geo.core.sentences import split_sentences


@dataclass
class Geoparser:
    """A loaded pipeline: reuse one per process (the gazetteer and word lists load once)."""

    gazetteer: Gazetteer = field(default_factory=Gazetteer.default)
    ner: str | None = None  # None: rules and gazetteer only (fast); "spacy": add spaCy's NER as evidence

    def __post_init__(self) -> None:
        statistical = None
        if self.ner == "spacy":
            from geo.core.ner import SpacyNER

            statistical = SpacyNER()
        elif self.ner is not None:
            raise ValueError(f"unknown NER {self.ner!r}: use None or 'spacy'")
        self.recognize = Recognizer(self.gazetteer, ner=statistical)
        self.resolve = Resolver(self.gazetteer)

    def parse_document(self, document: Document) -> list[Resolution]:
        """Every mention of the document with its resolution, in text order."""
        sentences = split_sentences(document.text)
        mentions = self.recognize(document, sentences)
        return self.resolve(document.text, mentions)

    def parse(self, documents: Iterable[Document]) -> ParseResult:
        """Parse documents and merge their mentions into places."""
        docs = tuple(documents)
        resolutions = tuple(r for doc in docs for r in self.parse_document(doc))
        return ParseResult(docs, resolutions, merge_places(resolutions))


def merge_places(resolutions: Iterable[Resolution]) -> tuple[Place, ...]:
    """One Place per resolved gazetteer id, its mentions in input order; places sorted by mention count, then name."""
    groups: dict[str, list[Resolution]] = {}
    for resolution in resolutions:
        if resolution.place is not None:
            groups.setdefault(resolution.place.id, []).append(resolution)
    places = []
    for items in groups.values():
        documents = tuple(dict.fromkeys(r.mention.doc_id for r in items))
        places.append(Place(items[0].place, tuple(items), max(r.confidence for r in items), documents))
    return tuple(sorted(places, key=lambda p: (-p.mention_count, p.record.name, p.id)))


def is_demonym_only(place: Place) -> bool:
    """True when a place was reached only through demonyms ("Pakistani")."""
    return all(r.mention.kind == DEMONYM for r in place.resolutions)


def _as_documents(inputs: str | Path | Document | Iterable[str | Path | Document]) -> Iterator[Document]:
    if isinstance(inputs, (str, Document, Path)):
        inputs = [inputs]
    pasted = 0
    for item in inputs:
        if isinstance(item, Document):
            yield item
        elif isinstance(item, Path) or (isinstance(item, str) and "\n" not in item and len(item) < 4096
                                        and Path(item).exists()):
            yield from iter_documents([Path(item)])
        else:
            pasted += 1
            yield document_from_text(str(item), id="pasted" if pasted == 1 else f"pasted-{pasted}")


def parse(
    inputs: str | Path | Document | Iterable[str | Path | Document], gazetteer: Gazetteer | None = None
) -> ParseResult:
    """Geoparse text, documents, files or folders: ``geo.parse("Clashes in Kunar ...")``.

    A string that names an existing file or folder is read from disk; any other string is parsed as text.
    """
    return Geoparser(gazetteer or Gazetteer.default()).parse(_as_documents(inputs))
