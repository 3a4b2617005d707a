"""What the map does not show (geo.outputs.coverage) and parsed output read back (geo.outputs.loading)."""

from __future__ import annotations

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
