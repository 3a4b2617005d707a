"""Adapters from the geoparser to evaluation predictions, following each corpus's annotation guidelines."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from geo.evaluation.scoring import GWN_FORMAT, Prediction
from geo.core.model import DEMONYM, Document
from geo.core.pipeline import Geoparser
from geo.core.recognition import load_demonyms


def predictor(parser: Geoparser, corpus_format: str, *, shapes: bool = True) -> Callable[[str], list[Prediction]]:
    """A ``text -> predictions`` function that includes demonyms (adjectives), as both corpora count them.

    GeoWebNews annotates "Russian sanctions" as a (non-literal) modifier toponym and only plural people
    ("the Afghans") as Demonym, so plural demonyms are left out there. With ``shapes`` each area's outline rides
    along for the shape-aware score (cached; costs memory, so the benchmark leaves it out).
    """
    plural_demonyms = corpus_format != GWN_FORMAT
    demonyms = load_demonyms()
    shape_of = lru_cache(maxsize=4096)(parser.gazetteer.geometry)

    def predict(text: str) -> list[Prediction]:
        predictions = []
        for r in parser.parse_document(Document("eval", text)):
            if r.mention.kind == DEMONYM and not plural_demonyms and demonyms.is_plural(r.mention.text):
                continue
            place = r.place
            shape = shape_of(place.id) if shapes and place is not None and place.geometry_type != "Point" else None
            predictions.append(Prediction(r.mention.start, r.mention.end, place.lat if place else None,
                                          place.lon if place else None, shape))
        return predictions

    return predict
