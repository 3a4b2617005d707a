"""What the map does not show (geo.outputs.coverage) and parsed output read back as the dashboard keeps it
(geo.outputs.readback through dashboard.state.split_by_document)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from dashboard.state import split_by_document
from geo.core.documents import document_from_text, iter_documents
from geo.core.model import ParseResult
from geo.core.pipeline import Geoparser, merge_places
from geo.outputs.coverage import count_line, missing_names
from geo.outputs.export import document_records, mentions_frame
from geo.outputs.readback import is_parse_output, read_parse_output
from geo.outputs.mapping import written_name

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def parser() -> Geoparser:
    return Geoparser()


@pytest.fixture(scope="module")
def seeds(parser: Geoparser) -> ParseResult:
    return parser.parse(iter_documents([REPO / "seeds"]))


def test_names_found_but_not_placed_are_listed_with_their_mentions(parser: Geoparser) -> None:
    text = ("Militants attacked a checkpoint in Kunar province. Residents fled to Zormatabad district, officials "
            "said. Later, more families reached Zormatabad district.")
    result = parser.parse([document_from_text(text, id="t1")])
    missing = missing_names(result.resolutions)
    unplaced = [m for m in missing if m.gap == "not placed"]
    assert [m.name for m in unplaced] == ["Zormatabad"] and len(unplaced[0].resolutions) == 2
    assert unplaced[0].documents == ("t1",)
    assert all(r.place is None for r in unplaced[0].resolutions)
    assert "Kunar" not in {m.name for m in missing}  # placed: on the map
    assert count_line(missing).startswith("1 name not placed")
    assert count_line([]) == ""


def test_written_names_keep_the_articles_spelling_beside_the_gazetteers() -> None:
    assert written_name("Khān Yūnis", [("Khan Younis", "toponym")] * 2 + [("Khan Yunis", "toponym")]) == \
        "Khan Younis (Khān Yūnis)"
    assert written_name("Peshawar", [("Peshawar", "toponym"), ("peshawar", "toponym")]) == "Peshawar"
    assert written_name("Pakistan", [("Pakistani", "demonym")]) == "Pakistan"  # a demonym is not a name


def test_mentions_json_lines_and_geoparquet_read_back_as_parsed(tmp_path: Path, seeds: ParseResult,
                                                              parser: Geoparser) -> None:
    jsonl = tmp_path / "seeds.mentions.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in document_records(seeds)),
                     encoding="utf-8")
    parquet = tmp_path / "seeds.parquet"
    mentions_frame(seeds).to_parquet(parquet)
    assert is_parse_output(jsonl) and is_parse_output(parquet)
    assert not is_parse_output(REPO / "seeds")  # a folder of articles is parsed, not read back
    for path in (jsonl, parquet):
        documents, by_document, notes = split_by_document(read_parse_output(path, gazetteer=parser.gazetteer))
        assert [d.id for d in documents] == [d.id for d in seeds.documents] and notes == []
        resolutions = [r for d in documents for r in by_document[d.id]]
        assert [(r.mention.text, r.mention.start, r.place.id if r.place else None) for r in resolutions] == [
            (r.mention.text, r.mention.start, r.place.id if r.place else None) for r in seeds.resolutions]
        assert [r.mention.quote.text for r in resolutions] == [r.mention.quote.text for r in seeds.resolutions]
        assert sorted(p.id for p in merge_places(resolutions)) == sorted(p.id for p in seeds.places)


def test_read_back_output_notes_repeated_documents_and_places_the_gazetteer_lacks(tmp_path: Path,
                                                                                 parser: Geoparser) -> None:
    result = parser.parse([document_from_text("Shelling hit Peshawar and Kabul.", id="a"),
                           document_from_text("Clashes in Herat.", id="b")])
    records = list(document_records(result))
    peshawar = next(m for m in records[0]["mentions"] if m["text"] == "Peshawar")
    peshawar.update(place_id="999999999", name="Peshawar (moved)", lat=30.0, lon=70.0)  # an id no gazetteer holds
    lines = [records[0], records[1], {**records[1], "mentions": []}]  # "b" twice
    path = tmp_path / "edited.mentions.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    documents, by_document, notes = split_by_document(read_parse_output(path, gazetteer=parser.gazetteer))
    assert [d.id for d in documents] == ["a", "b"]
    assert [r.mention.text for r in by_document["b"]] == ["Herat"]
    assert any("'b' appears more than once" in n for n in notes)
    assert any(n.startswith("1 place not in this gazetteer") for n in notes)
    moved = next(r for r in by_document["a"] if r.mention.text == "Peshawar")
    assert moved.place is not None and (moved.place.lat, moved.place.lon) == (30.0, 70.0)


def test_a_date_range_and_event_tags_narrow_the_result(parser: Geoparser) -> None:
    from geo.core.model import Document
    from geo.outputs.timeline import date_span, mentions_per_day, narrow

    documents = [
        Document("a", "An air strike hit a market in Homs on Monday.", date="2026-11-02"),
        Document("b", "Protesters gathered in Aleppo after Friday prayers.", date="2026-11-06T09:00:00Z"),
        Document("c", "Clashes broke out in Kunar province.", date=None),
    ]
    result = parser.parse(documents)
    assert date_span(result) == (datetime.date(2026, 11, 2), datetime.date(2026, 11, 6))
    early = narrow(result, days=(datetime.date(2026, 11, 1), datetime.date(2026, 11, 3)))
    assert [d.id for d in early.documents] == ["a"] and {p.record.name for p in early.places} == {"Homs"}
    protests = narrow(result, tags=["protest"])
    assert {p.record.name for p in protests.places} == {"Aleppo"}
    assert narrow(result) is result
    per_day = mentions_per_day(result)
    assert per_day[0] == (datetime.date(2026, 11, 2), 1) and per_day[-1] == (datetime.date(2026, 11, 6), 1)
    assert len(per_day) == 5 and sum(n for _, n in per_day) == 2  # every day of the span; undated not counted
