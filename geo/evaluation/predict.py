"""Adapters from the geoparser to evaluation predictions, following each corpus's annotation guidelines.

``make eval``, the tuner and the error report all turn resolutions into predictions here, so the three score the same
mentions the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from geo.core.model import DEMONYM, Document, Resolution
from geo.core.pipeline import Geoparser, pipe
from geo.core.recognition import load_demonyms
from geo.evaluation.scoring import GWN_FORMAT, GoldArticle, Prediction

ShapeOf = Callable[[str], Any]


def scored(resolutions: Iterable[Resolution], corpus_format: str) -> list[Resolution]:
    """The resolutions a corpus scores: all, except plural demonyms ("the Afghans") on GeoWebNews.

    GeoWebNews annotates "Russian sanctions" as a (non-literal) modifier toponym and only plural people
    ("the Afghans") as Demonym, so plural demonyms are left out there; TR-News counts them.
    """
    if corpus_format != GWN_FORMAT:
        return list(resolutions)
    demonyms = load_demonyms()
    return [r for r in resolutions if not (r.mention.kind == DEMONYM and demonyms.is_plural(r.mention.text))]


def to_prediction(resolution: Resolution, shape_of: ShapeOf | None = None) -> Prediction:
    """A resolution as a scored span with its point, and its place's outline when ``shape_of`` is given."""
    place = resolution.place
    shape = shape_of(place.id) if shape_of is not None and place is not None and place.geometry_type != "Point" else None
    return Prediction(resolution.mention.start, resolution.mention.end, place.lat if place else None,
                      place.lon if place else None, shape)


def shape_lookup(parser: Geoparser) -> ShapeOf:
    """The gazetteer's geometry lookup, cached (costs memory, so the benchmark leaves shapes out)."""
    return lru_cache(maxsize=4096)(parser.gazetteer.geometry)


def predictor(parser: Geoparser, corpus_format: str, *, shapes: bool = True) -> Callable[[str], list[Prediction]]:
    """A ``text -> predictions`` function that includes demonyms (adjectives) as each corpus counts them.

    With ``shapes`` each area's outline rides along for the shape-aware score.
    """
    shape_of = shape_lookup(parser) if shapes else None

    def predict(text: str) -> list[Prediction]:
        return [to_prediction(r, shape_of) for r in scored(parser.parse_document(Document("eval", text)), corpus_format)]

    return predict


def iter_parsed_articles(
    parser: Geoparser, articles: Iterable[GoldArticle], *, workers: int = 1, progress: bool = False
) -> Iterator[list[Resolution]]:
    """Each article's resolutions, in article order, streamed from the project's one loop (``pipe``).

    Parameters
    ----------
    parser : Geoparser
        The loaded parser (its gazetteer, NER and policy go to any workers).
    articles : iterable of GoldArticle
        The articles; only their text is parsed.
    workers : int
        Processes for ``pipe`` (1: this process).
    progress : bool
        Show ``pipe``'s progress bar on stderr.
    """
    documents = (Document(f"eval-{k}", article.text) for k, article in enumerate(articles))
    for item in pipe(documents, parser=parser, workers=workers, progress=progress):
        yield list(item.resolutions)


def parse_articles(parser: Geoparser, articles: Sequence[GoldArticle], *, workers: int = 1) -> list[list[Resolution]]:
    """Every article's resolutions (in article order), parsed through the project's one loop (``pipe``)."""
    return list(iter_parsed_articles(parser, articles, workers=workers))


def corpus_predictions(
    parser: Geoparser,
    articles: Iterable[GoldArticle],
    corpus_format: str,
    *,
    shapes: bool = True,
    workers: int = 1,
    progress: bool = False,
) -> Iterator[list[Prediction]]:
    """Each article's predictions, in article order, from one ``pipe`` over the corpus (what ``make eval`` scores):
    the same predictions :func:`predictor` makes one text at a time, demonyms counted as the corpus counts them and,
    with ``shapes``, each area's outline for the shape-aware score."""
    shape_of = shape_lookup(parser) if shapes else None
    for resolutions in iter_parsed_articles(parser, articles, workers=workers, progress=progress):
        yield [to_prediction(r, shape_of) for r in scored(resolutions, corpus_format)]
