"""Reading ``geo parse`` outputs back: mentions JSON Lines and GeoParquet give the same places and quotes, unparsed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import geo
from geo.core.model import ParseResult
from geo.errors import DocumentError
from geo.outputs.cli import main
from geo.outputs.readback import is_parse_output, read_parse_output, resolution_from_record
from geo.store.gazetteer import Gazetteer

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
EXTRA = (
    "KABUL, May 3, 2015 - A suicide bomber attacked a convoy in Kabul. Clashes followed in Kunar province, and "
    "an air strike hit a compound 5 km south of Miranshah.\n\nAid convoys reached Peshawar."
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed document plus a short dated report, in a folder of their own."""
    folder = tmp_path_factory.mktemp("corpus")
    seed = SEEDS / "000_66b4bbf42a475dd1.txt"
    if seed.is_file():
        (folder / seed.name).write_bytes(seed.read_bytes())
        sidecar = seed.with_suffix(".json")
        if sidecar.is_file():
            (folder / sidecar.name).write_bytes(sidecar.read_bytes())
    (folder / "report.txt").write_text(EXTRA, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def parsed(corpus: Path) -> ParseResult:
    return geo.parse(corpus)


def _write(corpus: Path, out: Path, *options: str) -> Path:
    assert main(["parse", str(corpus), "--workers", "1", "-o", str(out), *options]) == 0
    return out


def _same_places_and_quotes(back: ParseResult, parsed: ParseResult) -> None:
    assert [p.id for p in back.places] == [p.id for p in parsed.places]
    assert [p.record.name for p in back.places] == [p.record.name for p in parsed.places]
    assert [(p.record.lat, p.record.lon) for p in back.places] == [
        (p.record.lat, p.record.lon) for p in parsed.places]
    assert [p.quotes for p in back.places] == [p.quotes for p in parsed.places]
    assert [p.documents for p in back.places] == [p.documents for p in parsed.places]
    assert [p.confidence for p in back.places] == [p.confidence for p in parsed.places]
    for back_r, r in zip(back.resolutions, parsed.resolutions, strict=True):
        m, n = back_r.mention, r.mention
        assert (m.doc_id, m.text, m.start, m.end, m.quote, m.kind, m.metonymic, m.cue) == \
            (n.doc_id, n.text, n.start, n.end, n.quote, n.kind, n.metonymic, n.cue)
        assert back_r.confidence == r.confidence
        assert (back_r.approximate, back_r.located_by) == (r.approximate, r.located_by)
        assert [c.record.id for c in back_r.alternatives] == [c.record.id for c in r.alternatives]


def test_mentions_jsonl_round_trip(corpus: Path, parsed: ParseResult, tmp_path: Path) -> None:
    out = _write(corpus, tmp_path / "mentions.jsonl", "--format", "mentions")
    assert is_parse_output(out)
    back = read_parse_output(out)
    _same_places_and_quotes(back, parsed)
    assert [d.id for d in back.documents] == [d.id for d in parsed.documents]
    assert [d.title for d in back.documents] == [d.title for d in parsed.documents]
    assert [r.reasons for r in back.resolutions] == [r.reasons for r in parsed.resolutions]
    dates = {d.id: d.date for d in back.documents}
    assert dates["report"] == "2015-05-03"
    # places the gazetteer holds come back as its full records; derived ones are rebuilt from their fields
    for place in back.places:
        original = next(p for p in parsed.places if p.id == place.id)
        if Gazetteer.default().get(place.id) is not None:
            assert place.record == original.record
        else:
            assert place.record.name == original.record.name and place.resolutions[0].approximate


def test_mentions_with_text_bring_the_text_back(corpus: Path, parsed: ParseResult, tmp_path: Path) -> None:
    back = read_parse_output(_write(corpus, tmp_path / "m.jsonl", "--format", "mentions", "--with-text"))
    assert [d.text for d in back.documents] == [d.text for d in parsed.documents]
    for r in back.resolutions:
        text = next(d.text for d in back.documents if d.id == r.mention.doc_id)
        assert text[r.mention.start:r.mention.end] == r.mention.text


def test_geoparquet_round_trip(corpus: Path, parsed: ParseResult, tmp_path: Path) -> None:
    out = _write(corpus, tmp_path / "mentions.parquet", "--format", "geoparquet")
    assert is_parse_output(out)
    back = read_parse_output(out)
    _same_places_and_quotes(back, parsed)
    assert [r.mention.rules for r in back.resolutions] == [r.mention.rules for r in parsed.resolutions]
    with_mentions = list(dict.fromkeys(r.mention.doc_id for r in parsed.resolutions))
    assert [d.id for d in back.documents] == with_mentions


def test_a_corpus_is_not_a_parse_output(corpus: Path, tmp_path: Path) -> None:
    assert not is_parse_output(corpus / "report.txt")
    jsonl = tmp_path / "corpus.jsonl"
    jsonl.write_text(json.dumps({"id": "a", "text": "Kabul."}) + "\n", encoding="utf-8")
    assert not is_parse_output(jsonl)
    assert not is_parse_output(tmp_path / "missing.jsonl")


def test_bad_lines_are_reported_and_skipped(tmp_path: Path) -> None:
    good = {"doc": "a", "source": "", "title": None, "mentions": []}
    path = tmp_path / "out.jsonl"
    path.write_text("\n".join([json.dumps(good), "{broken", json.dumps([1]), json.dumps({"doc": "b"})]) + "\n",
                    encoding="utf-8")
    skipped = []
    back = read_parse_output(path, on_error=skipped.append)
    assert [d.id for d in back.documents] == ["a"]
    assert [bad.line_number for bad in skipped] == [2, 3, 4]
    with pytest.raises(DocumentError, match="line 2"):
        read_parse_output(path)


def test_a_place_the_gazetteer_lacks_is_rebuilt_from_its_fields() -> None:
    record = {
        "text": "Qarya", "start": 0, "end": 5, "lat": 34.5, "lon": 69.2, "place_id": "no-such-id", "name": "Qarya",
        "feature_type": "village", "country_code": "AF", "confidence": 0.4, "metonymic": False,
        "quote": {"start": 0, "end": 12, "text": "Qarya burned"}, "kind": "toponym", "geometry_type": "Point",
    }
    resolution = resolution_from_record("d", record)
    assert resolution.place is not None
    assert (resolution.place.id, resolution.place.name, resolution.place.lat, resolution.place.country_code) == (
        "no-such-id", "Qarya", 34.5, "AF")
    assert resolution.mention.quote.text == "Qarya burned"
