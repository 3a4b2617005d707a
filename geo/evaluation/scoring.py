"""Geoparsing evaluation against gold corpora, after Gritta et al. (2019), "A Pragmatic Guide to Geoparsing Evaluation".

Two corpus formats are read: GeoWebNews (``<article file=..>`` with ``<extractedName>`` toponyms) and TR-News / LGL
(``<article docid=..>`` with ``<phrase>`` toponyms and a ``<gaztag>``). Recognition is scored by precision, recall
and F1 over exact and over overlapping spans; resolution by Acc@161km, median and mean error and the AUC of the
log error curve, both over the recognised gold toponyms and over all gold toponyms with coordinates.
"""

from __future__ import annotations

import math
import statistics
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from lxml import etree
from tqdm import tqdm

from geo.errors import EvaluationError
from geo.core.spatial import haversine_km, km_from_shape

GWN_FORMAT = "GeoWebNews"
LGL_FORMAT = "TR-News/LGL"
# GeoWebNews types that are gold toponyms (literal and associative); Demonym, Homonym, Language, Non_Toponym and the
# *_Expression types are not.
GWN_TOPONYM_TYPES = frozenset({
    "Literal", "Metonymic", "Mixed", "Coercion", "Literal_Modifier", "Non_Literal_Modifier", "Embedded_Literal",
    "Embedded_Non_Lit",
})
LGL_TOPONYM_TYPE = "Toponym"
MAX_ERROR_KM = 20039.0  # the error charged for a toponym that was not recognised or not given coordinates
ACC_KM = 161.0  # 100 miles
# TR-News offsets drift behind the text by up to ~10 characters within some articles; a gold name is searched for
# this far either side of where the drift so far predicts it.
REALIGN_WINDOW = 50


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """A gold toponym: ``article.text[start:end] == text``; ``lat``/``lon`` are None when the corpus gives none."""

    start: int
    end: int
    text: str
    type: str
    lat: float | None
    lon: float | None
    geonames_id: int | None

    @property
    def has_coordinates(self) -> bool:
        """Whether the toponym takes part in resolution scoring."""
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """One annotated article of an evaluation corpus, its toponyms sorted by offset."""

    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]


@dataclass(frozen=True, slots=True)
class OffsetAudit:
    """How the corpus's gold offsets matched its text, so offset quirks are counted instead of silently scored.

    ``exact``: ``text[start:end]`` is the gold name; ``trimmed``: it is once whitespace is trimmed; ``realigned``: the
    name was found near the given offset (offset drift); ``dropped``: the name could not be located (left out of the
    gold); ``excluded``: annotated spans whose type is not a toponym; ``types``: every annotated type and its count.
    """

    total: int
    exact: int
    trimmed: int
    realigned: int
    dropped: int
    excluded: int
    types: tuple[tuple[str, int], ...]

    @property
    def located_fraction(self) -> float:
        """The share of toponym spans that index the text (as given, trimmed or realigned)."""
        return (self.exact + self.trimmed + self.realigned) / self.total if self.total else 1.0


@dataclass(frozen=True, slots=True)
class Corpus:
    """A read evaluation corpus: its format, its articles and the audit of its offsets."""

    path: str
    format: str
    articles: tuple[GoldArticle, ...]
    audit: OffsetAudit


@dataclass(frozen=True, slots=True)
class Prediction:
    """A predicted toponym span with the coordinates it was resolved to (None when unresolved).

    ``shape`` is the resolved place's outline or line when it has one: the area-aware score measures the gold point's
    distance to it (0 inside), so a right answer is not charged for where a gazetteer puts an area's single point.
    """

    start: int
    end: int
    lat: float | None = None
    lon: float | None = None
    shape: Any = None


@dataclass(frozen=True, slots=True)
class RecognitionScores:
    """Recognition scores for one span-matching rule."""

    matched: int
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True, slots=True)
class ResolutionScores:
    """Resolution scores over a set of gold toponyms; the scores are None when the set is empty."""

    n: int
    acc161: float | None
    median_km: float | None
    mean_km: float | None
    auc: float | None


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """Per-article counts, errors (km, over all gold with coordinates, in text order) and the three worst errors."""

    id: str
    gold: int
    predicted: int
    exact_matched: int
    overlap_matched: int
    errors_km: tuple[float, ...]
    worst: tuple[tuple[str, float], ...]


@dataclass(frozen=True, slots=True)
class EvalReport:
    """The scores of a geoparser on an evaluation corpus."""

    articles: int
    gold: int
    predicted: int
    gold_with_coordinates: int
    exact: RecognitionScores
    overlap: RecognitionScores
    over_recognised: ResolutionScores
    over_all: ResolutionScores
    per_article: tuple[ArticleResult, ...]
    audit: OffsetAudit | None = None
    # Over recognised gold, areas and lines scored by the distance from the gold point to their shape (0 inside it);
    # points as above. Not the standard score: reported beside it, never instead of it.
    over_recognised_by_shape: ResolutionScores | None = None

    def as_dict(self) -> dict[str, Any]:
        """The report as plain JSON-serialisable data, for saving runs and comparing them."""
        return asdict(self)


# --- corpus readers -------------------------------------------------------------------------------------------------


def load_corpus(path: str | Path) -> Corpus:
    """Read a GeoWebNews or TR-News/LGL corpus (format detected) with an audit of its offsets."""
    path = Path(path)
    root = _parse_xml(path)
    fmt = _detect_format(root, path)
    counts = Counter[str]()
    types = Counter[str]()
    articles = []
    for index, element in enumerate(root.iter("article")):
        article_id = element.get("file" if fmt == GWN_FORMAT else "docid") or str(index)
        text = element.findtext("text") or ""
        raws = _gwn_spans(element, article_id) if fmt == GWN_FORMAT else _lgl_spans(element, article_id)
        kept = []
        for raw in raws:
            types[raw.type] += 1
            if fmt == GWN_FORMAT and raw.type not in GWN_TOPONYM_TYPES:
                counts["excluded"] += 1
            else:
                kept.append(raw)
        toponyms = []
        drift = 0
        for raw in sorted(kept, key=lambda r: (r.start, r.end)):
            located = _locate(text, raw, drift)
            if located is None:
                counts["dropped"] += 1
                continue
            start, end, how = located
            counts[how] += 1
            drift = start - raw.start
            toponyms.append(GoldToponym(start, end, text[start:end], raw.type, raw.lat, raw.lon, raw.geonames_id))
        toponyms.sort(key=lambda t: (t.start, t.end))
        articles.append(GoldArticle(article_id, text, tuple(toponyms)))
    audit = OffsetAudit(
        total=sum(types.values()) - counts["excluded"], exact=counts["exact"], trimmed=counts["trimmed"],
        realigned=counts["realigned"], dropped=counts["dropped"], excluded=counts["excluded"],
        types=tuple(sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))),
    )
    return Corpus(str(path), fmt, tuple(articles), audit)


def read_corpus(path: str | Path) -> list[GoldArticle]:
    """Read the articles of a GeoWebNews or TR-News/LGL corpus, the format detected from the XML."""
    return list(load_corpus(path).articles)


@dataclass(frozen=True, slots=True)
class _RawSpan:
    """A toponym as the corpus states it, before its offsets are checked against the text."""

    start: int
    end: int
    name: str
    type: str
    lat: float | None
    lon: float | None
    geonames_id: int | None


def _parse_xml(path: Path) -> Any:
    if not path.is_file():
        raise EvaluationError(f"evaluation corpus not found: {path}")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        return etree.parse(str(path), parser).getroot()
    except (etree.XMLSyntaxError, OSError) as exc:
        raise EvaluationError(f"cannot parse evaluation corpus {path}: {exc}") from exc


def _detect_format(root: Any, path: Path) -> str:
    if root.tag != "articles" or root.find("article") is None:
        raise EvaluationError(f"unknown corpus format in {path}: expected <articles> holding <article> elements")
    if root.find("article/toponyms/toponym/extractedName") is not None:
        return GWN_FORMAT
    if root.find("article/toponyms/toponym/phrase") is not None:
        return LGL_FORMAT
    first = root.find("article")
    if first.get("file") is not None:
        return GWN_FORMAT
    if first.get("docid") is not None:
        return LGL_FORMAT
    raise EvaluationError(
        f"unknown corpus format in {path}: neither GeoWebNews (<extractedName>) nor TR-News/LGL (<phrase>) toponyms"
    )


def _number(value: str | None, kind: type[int] | type[float], what: str, article_id: str) -> Any:
    if value is None or not value.strip():
        return None
    try:
        return kind(value.strip())
    except ValueError:
        raise EvaluationError(f"article {article_id}: {what} is not a number: {value!r}") from None


def _offsets(toponym: Any, article_id: str) -> tuple[int, int]:
    start = _number(toponym.findtext("start"), int, "toponym start", article_id)
    end = _number(toponym.findtext("end"), int, "toponym end", article_id)
    if start is None or end is None:
        raise EvaluationError(f"article {article_id}: a toponym has no <start>/<end> offsets")
    return start, end


def _gwn_spans(article: Any, article_id: str) -> list[_RawSpan]:
    spans = []
    for toponym in article.iterfind("toponyms/toponym"):
        start, end = _offsets(toponym, article_id)
        spans.append(_RawSpan(
            start, end, toponym.findtext("extractedName") or "", (toponym.findtext("type") or "").strip(),
            _number(toponym.findtext("latitude"), float, "latitude", article_id),
            _number(toponym.findtext("longitude"), float, "longitude", article_id),
            _number(toponym.findtext("geonamesID"), int, "geonamesID", article_id),
        ))
    return spans


def _lgl_spans(article: Any, article_id: str) -> list[_RawSpan]:
    spans = []
    for toponym in article.iterfind("toponyms/toponym"):
        start, end = _offsets(toponym, article_id)
        gaztag = toponym.find("gaztag")
        lat = lon = gid = None
        if gaztag is not None:
            lat = _number(gaztag.findtext("lat"), float, "lat", article_id)
            lon = _number(gaztag.findtext("lon"), float, "lon", article_id)
            gid = _number(gaztag.get("geonameid"), int, "geonameid", article_id)
        spans.append(_RawSpan(start, end, toponym.findtext("phrase") or "", LGL_TOPONYM_TYPE, lat, lon, gid))
    return spans


def _locate(text: str, raw: _RawSpan, drift: int) -> tuple[int, int, str] | None:
    """Where the gold name sits in the text: as given, trimmed of whitespace, or found near the drifted offset."""
    name = raw.name.strip()
    if not name or raw.start < 0:  # GeoWebNews has a few negative offsets, into the title rather than the text
        return None
    span = text[raw.start:raw.end]
    if span.strip() == name:
        start = raw.start + len(span) - len(span.lstrip())
        return start, start + len(name), "exact" if span == name else "trimmed"
    expected = raw.start + drift
    low, high = max(0, expected - REALIGN_WINDOW), expected + REALIGN_WINDOW + len(name)
    best = None
    found = text.find(name, low, high)
    while found != -1:
        if best is None or abs(found - expected) < abs(best - expected):
            best = found
        found = text.find(name, found + 1, high)
    return None if best is None else (best, best + len(name), "realigned")


# --- metrics --------------------------------------------------------------------------------------------------------


def error_auc(errors_km: Sequence[float]) -> float | None:
    """Area under the log error curve (Gritta et al. 2019), in [0, ~1], lower is better; None for no errors.

    The errors are sorted ascending, each becomes ``y_i = log(1 + e_i) / log(20039)``, placed at ``x_i = i / (n - 1)``
    (index normalised to [0, 1]), and AUC is the trapezoid area under these points; a single error gives ``y_0``.
    All errors at the 20039 km penalty give log(20040)/log(20039), about 1 + 5e-6.
    """
    if not errors_km:
        return None
    ys = sorted(math.log1p(e) / math.log(MAX_ERROR_KM) for e in errors_km)
    if len(ys) == 1:
        return ys[0]
    return (sum(ys) - (ys[0] + ys[-1]) / 2) / (len(ys) - 1)


def _recognition(matched: int, gold: int, predicted: int) -> RecognitionScores:
    precision = matched / predicted if predicted else 0.0
    recall = matched / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return RecognitionScores(matched, precision, recall, f1)


def _resolution(errors_km: Sequence[float]) -> ResolutionScores:
    if not errors_km:
        return ResolutionScores(0, None, None, None, None)
    return ResolutionScores(
        len(errors_km), sum(e <= ACC_KM for e in errors_km) / len(errors_km), statistics.median(errors_km),
        statistics.fmean(errors_km), error_auc(errors_km),
    )


def match(gold: Sequence[GoldToponym], predicted: Sequence[Prediction]) -> tuple[dict[int, int], dict[int, int]]:
    """One-to-one matches (gold index -> prediction index): exact spans, then exact plus greedy largest overlap.

    The one matcher of the project: ``evaluate``, the tuner and the error report all pair gold and predictions here.
    """
    by_span: dict[tuple[int, int], list[int]] = {}
    for j, p in enumerate(predicted):
        by_span.setdefault((p.start, p.end), []).append(j)
    exact: dict[int, int] = {}
    for i, g in enumerate(gold):
        candidates = by_span.get((g.start, g.end))
        if candidates:
            exact[i] = candidates.pop(0)
    overlap = dict(exact)
    taken = set(exact.values())
    pairs = sorted(
        (-(min(g.end, p.end) - max(g.start, p.start)), i, j)
        for i, g in enumerate(gold) if i not in overlap
        for j, p in enumerate(predicted) if j not in taken and min(g.end, p.end) > max(g.start, p.start)
    )
    for _, i, j in pairs:
        if i not in overlap and j not in taken:
            overlap[i] = j
            taken.add(j)
    return exact, overlap


_match = match  # the former private name


def evaluate(
    articles: Iterable[GoldArticle],
    predict: Callable[[str], Sequence[Prediction]],
    *,
    progress: bool = True,
    limit: int | None = None,
) -> EvalReport:
    """Run ``predict`` on each article's text and score it against the gold toponyms (first ``limit`` articles)."""
    selected = list(articles)[:limit] if limit is not None else list(articles)
    bar = tqdm(selected, desc="evaluating", unit="article", file=sys.stderr, disable=not progress)
    return score_predictions(selected, (predict(article.text) for article in bar))


def score_predictions(articles: Sequence[GoldArticle], predictions: Iterable[Sequence[Prediction]]) -> EvalReport:
    """Score predictions already made (one sequence per article, in the same order) against the gold toponyms.

    The one scorer of the project: ``evaluate`` (``make eval``) and the tuner both report through it.
    """
    selected = list(articles)
    n_gold = n_pred = n_coords = n_exact = n_overlap = 0
    recognised_errors: list[float] = []
    shape_errors: list[float] = []
    all_errors: list[float] = []
    results = []
    for article, predicted in zip(selected, predictions, strict=True):
        predicted = list(predicted)
        for p in predicted:
            if not 0 <= p.start < p.end <= len(article.text):
                raise EvaluationError(
                    f"article {article.id}: prediction span {p.start}:{p.end} is not inside a text of "
                    f"{len(article.text)} characters"
                )
        exact, overlap = match(article.toponyms, predicted)
        errors = []
        for i, gold in enumerate(article.toponyms):
            if not gold.has_coordinates:
                continue
            if i in overlap:
                p = predicted[overlap[i]]
                resolved = p.lat is not None and p.lon is not None
                error = haversine_km(gold.lat, gold.lon, p.lat, p.lon) if resolved else MAX_ERROR_KM
                recognised_errors.append(error)
                shape_errors.append(min(error, km_from_shape(p.shape, gold.lat, gold.lon))
                                    if resolved and p.shape is not None else error)
            else:
                error = MAX_ERROR_KM
            all_errors.append(error)
            errors.append((gold.text, error))
        n_gold += len(article.toponyms)
        n_pred += len(predicted)
        n_coords += len(errors)
        n_exact += len(exact)
        n_overlap += len(overlap)
        worst = sorted(errors, key=lambda te: -te[1])[:3]
        results.append(ArticleResult(
            article.id, len(article.toponyms), len(predicted), len(exact), len(overlap),
            tuple(round(e, 1) for _, e in errors), tuple((t, round(e, 1)) for t, e in worst),
        ))
    return EvalReport(
        articles=len(selected), gold=n_gold, predicted=n_pred, gold_with_coordinates=n_coords,
        exact=_recognition(n_exact, n_gold, n_pred), overlap=_recognition(n_overlap, n_gold, n_pred),
        over_recognised=_resolution(recognised_errors), over_all=_resolution(all_errors), per_article=tuple(results),
        over_recognised_by_shape=_resolution(shape_errors),
    )


def evaluate_path(
    path: str | Path,
    predict: Callable[[str], Sequence[Prediction]],
    *,
    progress: bool = True,
    limit: int | None = None,
) -> EvalReport:
    """Read a corpus file and evaluate ``predict`` on it; the report carries the corpus's offset audit."""
    corpus = load_corpus(path)
    report = evaluate(corpus.articles, predict, progress=progress, limit=limit)
    return replace(report, audit=corpus.audit)


# --- report ---------------------------------------------------------------------------------------------------------


def _cell(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def format_report(report: EvalReport, name: str) -> str:
    """The report as an aligned plain-text table, for the terminal and for logs."""
    lines = [
        f"{name}: {report.articles} articles, {report.gold} gold toponyms "
        f"({report.gold_with_coordinates} with coordinates), {report.predicted} predictions",
    ]
    if report.audit is not None:
        a = report.audit
        lines.append(
            f"gold offsets: {a.exact} exact, {a.trimmed} trimmed, {a.realigned} realigned, {a.dropped} dropped; "
            f"{a.excluded} non-toponym spans excluded"
        )
    lines += ["", f"{'recognition':<20}{'matched':>8}{'precision':>11}{'recall':>8}{'F1':>8}"]
    for label, scores in (("exact span", report.exact), ("overlapping span", report.overlap)):
        lines.append(
            f"  {label:<18}{scores.matched:>8}{scores.precision:>11.3f}{scores.recall:>8.3f}{scores.f1:>8.3f}"
        )
    lines += ["", f"{'resolution':<20}{'n':>8}{'Acc@161':>9}{'median km':>11}{'mean km':>10}{'AUC':>8}"]
    rows = [("over recognised", report.over_recognised), ("over all gold", report.over_all)]
    if report.over_recognised_by_shape is not None:
        rows.append(("recognised, shapes", report.over_recognised_by_shape))
    for label, res in rows:
        lines.append(
            f"  {label:<18}{res.n:>8}{_cell(res.acc161, 3):>9}{_cell(res.median_km, 1):>11}"
            f"{_cell(res.mean_km, 1):>10}{_cell(res.auc, 3):>8}"
        )
    return "\n".join(lines)
