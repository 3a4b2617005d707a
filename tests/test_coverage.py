"""What the map does not show (geo.outputs.coverage) and parsed output read back (geo.outputs.loading)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from geo.core.documents import document_from_text, iter_documents
from geo.core.model import ParseResult
from geo.core.pipeline import Geoparser, merge_places
from geo.outputs.coverage import count_line, missing_names
from geo.outputs.export import document_records, mentions_frame
from geo.outputs.loading import is_parsed_output, read_parsed
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
    assert is_parsed_output(jsonl) and is_parsed_output(parquet)
    assert not is_parsed_output(REPO / "seeds")  # a folder of articles is parsed, not read back
    for path in (jsonl, parquet):
        loaded = read_parsed(path, parser.gazetteer)
        assert [d.id for d in loaded.documents] == [d.id for d in seeds.documents] and loaded.unknown_places == 0
        resolutions = [r for d in loaded.documents for r in loaded.resolutions[d.id]]
        assert [(r.mention.text, r.mention.start, r.place.id if r.place else None) for r in resolutions] == [
            (r.mention.text, r.mention.start, r.place.id if r.place else None) for r in seeds.resolutions]
        assert [r.mention.quote.text for r in resolutions] == [r.mention.quote.text for r in seeds.resolutions]
        assert sorted(p.id for p in merge_places(resolutions)) == sorted(p.id for p in seeds.places)


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
