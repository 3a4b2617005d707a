"""Adapters from the geoparser to evaluation predictions, following each corpus's annotation guidelines."""

from __future__ import annotations

from collections.abc import Callable

from geo.evaluation import GWN_FORMAT, Prediction
from geo.model import DEMONYM, Document
from geo.pipeline import Geoparser
from geo.recognition import load_demonyms


def predictor(parser: Geoparser, corpus_format: str) -> Callable[[str], list[Prediction]]:
    """A ``text -> predictions`` function that includes demonyms (adjectives), as both corpora count them.

    GeoWebNews annotates "Russian sanctions" as a (non-literal) modifier toponym and only plural people
    ("the Afghans") as Demonym, so plural demonyms are left out there.
    """
    plural_demonyms = corpus_format != GWN_FORMAT
    demonyms = load_demonyms()

    def predict(text: str) -> list[Prediction]:
        predictions = []
        for r in parser.parse_document(Document("eval", text)):
            if r.mention.kind == DEMONYM and not plural_demonyms and demonyms.is_plural(r.mention.text):
                continue
            place = r.place
            predictions.append(Prediction(r.mention.start, r.mention.end, place.lat if place else None,
                                          place.lon if place else None))
        return predictions

    return predict
