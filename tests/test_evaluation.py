"""Tests of geo.evaluation.scoring: readers on synthetic XML in both formats, hand-computed metrics, and the real corpora."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
import shapely
from lxml import etree

from geo.errors import EvaluationError
from geo.evaluation.scoring import (
    GWN_FORMAT,
    GWN_TOPONYM_TYPES,
    LGL_FORMAT,
    MAX_ERROR_KM,
    GoldArticle,
    Prediction,
    error_auc,
    evaluate,
    evaluate_path,
    format_report,
    haversine_km,
    load_corpus,
    read_corpus,
)

EVAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval"
ONE_DEGREE_KM = 2 * math.pi * 6371.0088 / 360  # 111.195 km along the equator

GWN_TEXTS = {
    "0": "Clashes near Aleppo and Idlib. Turkish troops left Ankara.",
    "1": "Residents of Homs fled to Lebanon.",
}
# (name, type, lat, lon); coordinates on the equator so that distances are whole degrees
GWN_SPANS = {
    "0": [
        ("Aleppo", "Literal", 0.0, 0.0), ("Idlib", "Literal", 0.0, 10.0), ("Ankara", "Metonymic", 0.0, 20.0),
        ("Turkish", "Demonym", None, None), ("troops", "Literal_Expression", None, None),
    ],
    "1": [("Homs", "Literal", 0.0, 30.0), ("Lebanon", "Coercion", None, None)],
}

TR_TEXT = "Protests in Kabul and Herat.\nKandahar was quiet, Helmand too."


def span(text: str, name: str) -> tuple[int, int]:
    """The offsets of the first occurrence of ``name``, so the fixtures need no hand-counted offsets."""
    start = text.index(name)
    return start, start + len(name)


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrib: str) -> etree._Element:
    """Append a child element with text and attributes, to build corpus XML briefly."""
    element = etree.SubElement(parent, tag, attrib)
    element.text = text
    return element


def write_gwn(path: Path) -> Path:
    """A small GeoWebNews file: two articles, toponym and non-toponym types, and one offset into the title."""
    root = etree.Element("articles")
    for file, text in GWN_TEXTS.items():
        article = sub(root, "article", file=file)
        sub(article, "title", "A title")
        sub(article, "link", "http://example.org")
        sub(article, "text", text)
        toponyms = sub(article, "toponyms")
        spans = [(name, kind, lat, lon, *span(text, name)) for name, kind, lat, lon in GWN_SPANS[file]]
        if file == "1":
            spans.append(("US", "Literal", 39.76, -98.5, -10, -8))
        for name, kind, lat, lon, start, end in spans:
            toponym = sub(toponyms, "toponym")
            sub(toponym, "extractedName", name)
            sub(toponym, "normalisedName")
            sub(toponym, "type", kind)
            sub(toponym, "modifierType")
            sub(toponym, "nonLocational", "No")
            sub(toponym, "start", str(start))
            sub(toponym, "end", str(end))
            if lat is not None:
                sub(toponym, "geonamesID")
                sub(toponym, "latitude", str(lat))
                sub(toponym, "longitude", str(lon))
    etree.ElementTree(root).write(str(path), encoding="utf-8", xml_declaration=True)
    return path


def write_tr_news(path: Path) -> Path:
    """A small TR-News file: exact offsets, offsets drifted by 2, a padded phrase, no gaztag, a name not in the text."""
    root = etree.Element("articles")
    article = sub(root, "article", docid="10")
    sub(article, "title", "Afghanistan")
    text = sub(article, "text")
    text.text = etree.CDATA(TR_TEXT)
    toponyms = sub(article, "toponyms")
    kandahar = span(TR_TEXT, "Kandahar")
    helmand = span(TR_TEXT, "Helmand ")
    rows = [
        ("Kabul", span(TR_TEXT, "Kabul"), (10.0, 0.0)),
        ("Herat", span(TR_TEXT, "Herat"), (10.0, 5.0)),
        ("Kandahar", (kandahar[0] + 2, kandahar[1] + 2), (10.0, 10.0)),
        ("Helmand ", helmand, None),
        ("Mazar", (3, 8), (10.0, 15.0)),
    ]
    for phrase, (start, end), coords in rows:
        toponym = sub(toponyms, "toponym")
        sub(toponym, "phrase", phrase)
        sub(toponym, "start", str(start))
        sub(toponym, "end", str(end))
        if coords is not None:
            gaztag = sub(toponym, "gaztag", geonameid="1138958")
            sub(gaztag, "name", phrase)
            sub(gaztag, "lat", str(coords[0]))
            sub(gaztag, "lon", str(coords[1]))
    etree.ElementTree(root).write(str(path), encoding="utf-8", xml_declaration=True)
    return path


def predictor(table: dict[str, list[Prediction]]) -> Callable[[str], list[Prediction]]:
    """A predictor that answers from a table keyed by article text."""
    return lambda text: table[text]


def gwn_predictions() -> dict[str, list[Prediction]]:
    """Predictions for the GeoWebNews sample whose scores are worked out by hand in the tests."""
    t0, t1 = GWN_TEXTS["0"], GWN_TEXTS["1"]
    idlib = span(t0, "Idlib")
    return {
        t0: [
            Prediction(*span(t0, "Aleppo"), 0.0, 0.0),  # exact span, 0 km
            Prediction(idlib[0], idlib[1] + 1, 0.0, 11.0),  # "Idlib." overlaps only, 1 degree off
            Prediction(*span(t0, "Clashes")),  # spurious
            Prediction(*span(t0, "Turkish"), 39.0, 35.0),  # a demonym is not gold: spurious
        ],  # Ankara is missed
        t1: [Prediction(*span(t1, "Homs"), 0.0, 32.0), Prediction(*span(t1, "Lebanon"), 0.0, 0.0)],
    }


# --- readers --------------------------------------------------------------------------------------------------------


def test_gwn_reader_keeps_toponym_types_and_drops_offsets_outside_text(tmp_path: Path) -> None:
    """Only toponym types are gold; an offset into the title (GWN has some) is dropped and counted."""
    corpus = load_corpus(write_gwn(tmp_path / "gwn.xml"))
    assert corpus.format == GWN_FORMAT
    assert [a.id for a in corpus.articles] == ["0", "1"]
    first = corpus.articles[0]
    assert [t.text for t in first.toponyms] == ["Aleppo", "Idlib", "Ankara"]
    assert all(first.text[t.start:t.end] == t.text for t in first.toponyms)
    assert first.toponyms[1].type == "Literal" and first.toponyms[1].lat == 0.0 and first.toponyms[1].lon == 10.0
    lebanon = corpus.articles[1].toponyms[1]
    assert lebanon.text == "Lebanon" and not lebanon.has_coordinates and lebanon.geonames_id is None
    audit = corpus.audit
    counts = (audit.total, audit.exact, audit.trimmed, audit.realigned, audit.dropped, audit.excluded)
    assert counts == (6, 5, 0, 0, 1, 2)
    assert dict(audit.types) == {"Literal": 4, "Metonymic": 1, "Coercion": 1, "Demonym": 1, "Literal_Expression": 1}


def test_tr_news_reader_realigns_drift_trims_whitespace_and_counts_drops(tmp_path: Path) -> None:
    """TR-News offset quirks are repaired where the name is near, and counted, never fatal."""
    corpus = load_corpus(write_tr_news(tmp_path / "tr.xml"))
    assert corpus.format == LGL_FORMAT
    (article,) = corpus.articles
    assert article.id == "10" and article.text == TR_TEXT
    assert [(t.text, TR_TEXT[t.start:t.end]) for t in article.toponyms] == [
        ("Kabul", "Kabul"), ("Herat", "Herat"), ("Kandahar", "Kandahar"), ("Helmand", "Helmand"),
    ]
    kabul, _, kandahar, helmand = article.toponyms
    assert kabul.geonames_id == 1138958 and (kabul.lat, kabul.lon) == (10.0, 0.0)
    assert (kandahar.start, kandahar.end) == span(TR_TEXT, "Kandahar")
    assert not helmand.has_coordinates
    audit = corpus.audit
    assert (audit.total, audit.exact, audit.trimmed, audit.realigned, audit.dropped) == (5, 2, 1, 1, 1)
    assert audit.located_fraction == pytest.approx(0.8)


def test_read_corpus_returns_the_articles(tmp_path: Path) -> None:
    """read_corpus is the plain list of articles that load_corpus audits."""
    articles = read_corpus(write_tr_news(tmp_path / "tr.xml"))
    assert isinstance(articles, list) and isinstance(articles[0], GoldArticle)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<articles><article><text>x", "cannot parse"),
        ("<corpus><doc/></corpus>", "unknown corpus format"),
        ("<articles><article><text>Paris</text></article></articles>", "unknown corpus format"),
        (
            "<articles><article docid='1'><text>Paris</text><toponyms><toponym><phrase>Paris</phrase>"
            "<start>zero</start><end>5</end></toponym></toponyms></article></articles>",
            "not a number",
        ),
    ],
)
def test_bad_corpus_raises_evaluation_error(tmp_path: Path, content: str, message: str) -> None:
    """Unparseable, unknown-format and malformed corpora fail with a clear EvaluationError."""
    path = tmp_path / "bad.xml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvaluationError, match=message):
        read_corpus(path)


def test_missing_corpus_raises_evaluation_error(tmp_path: Path) -> None:
    """A missing corpus names the path it looked for."""
    with pytest.raises(EvaluationError, match="not found"):
        read_corpus(tmp_path / "nowhere.xml")


# --- metrics --------------------------------------------------------------------------------------------------------


def test_haversine_known_distances() -> None:
    """One degree of the equator and pole to pole, on the mean-radius sphere."""
    assert haversine_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(ONE_DEGREE_KM)
    assert haversine_km(90.0, 0.0, -90.0, 0.0) == pytest.approx(math.pi * 6371.0088)
    assert haversine_km(51.5, -0.1, 51.5, -0.1) == 0.0


def test_error_auc_bounds_and_formula() -> None:
    """AUC is 0 for perfect, about 1 for all-penalty errors, and follows the documented trapezoid formula."""
    assert error_auc([]) is None
    assert error_auc([0.0, 0.0, 0.0]) == 0.0
    assert error_auc([MAX_ERROR_KM] * 4) == pytest.approx(1.0, abs=1e-5)
    y = math.log(1 + MAX_ERROR_KM) / math.log(MAX_ERROR_KM)
    assert error_auc([MAX_ERROR_KM, 0.0]) == pytest.approx(y / 2)  # sorted: (0, 0) then (1, y)
    assert error_auc([10.0]) == pytest.approx(math.log(11) / math.log(MAX_ERROR_KM))
    assert 0.0 < error_auc([1.0, 100.0, 5000.0]) < error_auc([10.0, 1000.0, 20000.0]) < 1.0


def test_gwn_metrics_exact_overlap_and_resolution(tmp_path: Path) -> None:
    """Recognition and resolution scores match the hand-computed values, including a missed toponym over all gold."""
    articles = read_corpus(write_gwn(tmp_path / "gwn.xml"))
    report = evaluate(articles, predictor(gwn_predictions()), progress=False)
    assert (report.articles, report.gold, report.predicted, report.gold_with_coordinates) == (2, 5, 6, 4)
    # exact: Aleppo, Homs, Lebanon of 6 predictions and 5 gold
    assert report.exact.matched == 3
    assert (report.exact.precision, report.exact.recall) == (pytest.approx(0.5), pytest.approx(0.6))
    assert report.exact.f1 == pytest.approx(6 / 11)
    # overlap adds "Idlib." for Idlib
    assert report.overlap.matched == 4
    assert (report.overlap.precision, report.overlap.recall) == (pytest.approx(4 / 6), pytest.approx(0.8))
    assert report.overlap.f1 == pytest.approx(8 / 11)
    # over recognised: Aleppo 0 km, Idlib 1 degree, Homs 2 degrees (Lebanon has no gold coordinates)
    errors = [0.0, ONE_DEGREE_KM, 2 * ONE_DEGREE_KM]
    rec = report.over_recognised
    assert (rec.n, rec.acc161) == (3, pytest.approx(2 / 3))
    assert rec.median_km == pytest.approx(ONE_DEGREE_KM) and rec.mean_km == pytest.approx(ONE_DEGREE_KM)
    assert rec.auc == pytest.approx(error_auc(errors))
    # over all gold: the missed Ankara counts as 20039 km
    every = report.over_all
    assert (every.n, every.acc161) == (4, pytest.approx(0.5))
    assert every.median_km == pytest.approx(1.5 * ONE_DEGREE_KM)
    assert every.mean_km == pytest.approx((3 * ONE_DEGREE_KM + MAX_ERROR_KM) / 4)
    assert every.auc > rec.auc
    first = report.per_article[0]
    assert (first.id, first.gold, first.predicted, first.exact_matched, first.overlap_matched) == ("0", 3, 4, 1, 2)
    assert first.errors_km == (0.0, round(ONE_DEGREE_KM, 1), MAX_ERROR_KM)
    assert first.worst[0] == ("Ankara", MAX_ERROR_KM)


def test_shape_aware_score_charges_an_area_nothing_for_a_gold_point_inside_it(tmp_path: Path) -> None:
    """Beside the standard point score: Homs predicted as an area holding the gold point scores 0 km by shape."""
    articles = read_corpus(write_gwn(tmp_path / "gwn.xml"))
    table = gwn_predictions()
    t1 = GWN_TEXTS["1"]
    area = shapely.box(29.0, -1.0, 33.0, 1.0)  # its point (0, 32) is 2 degrees from the gold (0, 30), inside the box
    line = shapely.LineString([(10.5, -5.0), (10.5, 5.0)])  # Idlib's "line" passes half a degree from the gold
    table[t1] = [Prediction(*span(t1, "Homs"), 0.0, 32.0, area), table[t1][1]]
    t0 = GWN_TEXTS["0"]
    table[t0] = [table[t0][0], replace(table[t0][1], shape=line), *table[t0][2:]]
    report = evaluate(articles, predictor(table), progress=False)
    assert report.over_recognised.acc161 == pytest.approx(2 / 3)  # the standard score is unchanged
    by_shape = report.over_recognised_by_shape
    assert (by_shape.n, by_shape.acc161) == (3, pytest.approx(1.0))
    assert by_shape.median_km == 0.0  # Aleppo and Homs 0 km, Idlib half a degree
    assert by_shape.mean_km == pytest.approx(0.5 * ONE_DEGREE_KM / 3, rel=1e-3)
    assert "recognised, shapes" in format_report(report, "gwn")


def test_tr_news_matched_prediction_without_coordinates_is_a_max_error(tmp_path: Path) -> None:
    """A recognised but unresolved toponym costs the 20039 km penalty over recognised toponyms."""
    articles = read_corpus(write_tr_news(tmp_path / "tr.xml"))
    table = {TR_TEXT: [
        Prediction(*span(TR_TEXT, "Kabul"), 10.0, 0.0),
        Prediction(*span(TR_TEXT, "Herat")),
        Prediction(*span(TR_TEXT, "Kandahar"), 10.0, 10.0),
    ]}
    report = evaluate(articles, predictor(table), progress=False)
    assert (report.exact.matched, report.exact.precision, report.exact.recall) == (3, 1.0, 0.75)
    rec = report.over_recognised
    assert (rec.n, rec.acc161, rec.median_km) == (3, pytest.approx(2 / 3), 0.0)
    assert rec.mean_km == pytest.approx(MAX_ERROR_KM / 3)
    assert report.over_all == rec  # the missed Helmand has no coordinates


def test_one_to_one_matching_counts_duplicates_as_spurious(tmp_path: Path) -> None:
    """Each gold and each prediction is matched at most once, under both span rules."""
    articles = read_corpus(write_tr_news(tmp_path / "tr.xml"))
    kabul = Prediction(*span(TR_TEXT, "Kabul"), 10.0, 0.0)
    wide = Prediction(span(TR_TEXT, "Kabul")[0], span(TR_TEXT, "Herat")[1], 10.0, 0.0)  # "Kabul and Herat"
    report = evaluate(articles, predictor({TR_TEXT: [kabul, kabul, wide]}), progress=False)
    assert report.exact.matched == 1  # the duplicate is not matched twice
    assert report.overlap.matched == 2  # the wide span takes Herat, the only gold left
    assert report.overlap.precision == pytest.approx(2 / 3)


def test_gold_spans_as_predictions_score_perfectly(tmp_path: Path) -> None:
    """The gold itself, given as predictions, scores 1.0 everywhere and 0 AUC."""
    articles = read_corpus(write_gwn(tmp_path / "gwn.xml"))
    table = {a.text: [Prediction(t.start, t.end, t.lat, t.lon) for t in a.toponyms] for a in articles}
    report = evaluate(articles, predictor(table), progress=False)
    assert report.exact.f1 == report.overlap.f1 == 1.0
    assert report.over_all.acc161 == 1.0 and report.over_all.auc == 0.0


def test_no_predictions_scores_zero(tmp_path: Path) -> None:
    """An empty predictor scores zero without dividing by zero; resolution over recognised is undefined."""
    articles = read_corpus(write_gwn(tmp_path / "gwn.xml"))
    report = evaluate(articles, lambda text: [], progress=False)
    assert (report.exact.precision, report.exact.recall, report.exact.f1) == (0.0, 0.0, 0.0)
    assert report.over_recognised.n == 0 and report.over_recognised.acc161 is None
    assert report.over_all.acc161 == 0.0 and report.over_all.median_km == MAX_ERROR_KM


def test_prediction_outside_text_raises(tmp_path: Path) -> None:
    """A predictor bug (span past the text) is reported with the article, not scored."""
    articles = read_corpus(write_tr_news(tmp_path / "tr.xml"))
    with pytest.raises(EvaluationError, match="article 10"):
        evaluate(articles, lambda text: [Prediction(0, len(text) + 1)], progress=False)


def test_limit_progress_report_and_dict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """limit, the stderr progress bar, JSON-ready as_dict and the aligned text table."""
    path = write_gwn(tmp_path / "gwn.xml")
    report = evaluate_path(path, predictor(gwn_predictions()), limit=1)
    assert "evaluating" in capsys.readouterr().err
    assert report.articles == 1 and report.gold == 3
    assert report.audit is not None and report.audit.dropped == 1
    data = json.loads(json.dumps(report.as_dict()))
    assert data["exact"]["matched"] == 1 and data["audit"]["excluded"] == 2
    text = format_report(report, "GWN sample")
    lines = text.splitlines()
    assert lines[0].startswith("GWN sample: 1 articles, 3 gold toponyms")
    assert any(line.strip().startswith("exact span") for line in lines)
    assert any(line.strip().startswith("over all gold") for line in lines)
    table = [line for line in lines if line.startswith("  ")]
    assert len({len(line) for line in table[:2]}) == 1 and len({len(line) for line in table[2:]}) == 1
    evaluate_path(path, predictor(gwn_predictions()), progress=False)
    assert capsys.readouterr().err == ""


# --- the real corpora -------------------------------------------------------------------------------------------------


def real_corpus(name: str) -> Path:
    """The path of a shared evaluation corpus, or skip: the corpora are not part of the repository."""
    path = EVAL_DIR / name
    if not path.is_file():
        pytest.skip("../shared/eval not present: evaluation corpora are development data outside the repo")
    return path


def test_real_gwn_corpus() -> None:
    """GeoWebNews reads as 200 articles with the README's counts and offsets that index the text."""
    corpus = load_corpus(real_corpus("GWN.xml"))
    assert corpus.format == GWN_FORMAT and len(corpus.articles) == 200
    types = dict(corpus.audit.types)
    assert GWN_TOPONYM_TYPES <= types.keys()
    assert sum(types.values()) == 6612
    gold = [t for a in corpus.articles for t in a.toponyms]
    assert 2500 <= len(gold) <= 2700
    assert 2500 <= sum(t.has_coordinates for t in gold) <= 2700
    assert corpus.audit.located_fraction >= 0.99
    assert all(a.text[t.start:t.end] == t.text for a in corpus.articles for t in a.toponyms)


def test_real_tr_news_corpus() -> None:
    """TR-News reads as 118 articles with the README's counts and offsets located for at least 99%."""
    corpus = load_corpus(real_corpus("TR-News.xml"))
    assert corpus.format == LGL_FORMAT and len(corpus.articles) == 118
    gold = [t for a in corpus.articles for t in a.toponyms]
    assert 1300 <= len(gold) <= 1319
    assert sum(t.has_coordinates for t in gold) >= 0.9 * len(gold)
    assert corpus.audit.located_fraction >= 0.99
    assert all(a.text[t.start:t.end] == t.text for a in corpus.articles for t in a.toponyms)


@pytest.mark.parametrize("name", ["GWN.xml", "TR-News.xml"])
def test_real_corpus_gold_spans_score_perfectly(name: str) -> None:
    """The real gold, given as predictions, scores perfectly: reader, matching and resolution agree on real data."""
    articles = read_corpus(real_corpus(name))
    table = {a.text: [Prediction(t.start, t.end, t.lat, t.lon) for t in a.toponyms] for a in articles}
    report = evaluate(articles, predictor(table), progress=False)
    assert report.exact.f1 == report.overlap.f1 == 1.0
    assert report.over_all.acc161 == 1.0
