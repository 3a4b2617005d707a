"""GeoParquet mentions carry approximate, located_by, rules and events, and read back as the mentions JSON does."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet
import pytest

import geo
from geo.core.model import ParseResult
from geo.outputs import batch, export
from geo.outputs.cli import main
from geo.outputs.readback import read_parse_output

TEXTS = {
    "strike": "KABUL, May 3, 2015 - A suicide bomber attacked a convoy in Kabul. An air strike hit a compound "
              "5 km south of Miranshah.",
    "village": "Militants raided Qutab Khel, North Waziristan, on Sunday. Shelling was reported near Peshawar.",
    "quiet": "Officials in Islamabad said the talks would resume.",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("parquet") / "corpus.jsonl"
    rows = [{"id": k, "text": v, "title": f"Report {k}", "date": "May 4, 2015" if k == "village" else None}
            for k, v in TEXTS.items()]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def outputs(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("out")
    jsonl, parquet = folder / "mentions.jsonl", folder / "mentions.parquet"
    for out, fmt in ((jsonl, "mentions"), (parquet, "geoparquet")):
        assert main(["parse", str(corpus), "--workers", "1", "--format", fmt, "-o", str(out)]) == 0
    return jsonl, parquet


def _json_records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _json_mentions(path: Path) -> list[dict]:
    return [m for record in _json_records(path) for m in record["mentions"]]


def test_the_corpus_has_what_the_columns_are_for(outputs: tuple[Path, Path]) -> None:
    mentions = _json_mentions(outputs[0])
    assert any(m["approximate"] and m["located_by"] for m in mentions)  # "5 km south of Miranshah", "Qutab Khel"
    assert any(not m["approximate"] and m["located_by"] is None for m in mentions)
    assert all(m["rules"] for m in mentions)
    assert any(m["events"] for m in mentions) and any(not m["events"] for m in mentions)


def test_parquet_columns_and_types(outputs: tuple[Path, Path]) -> None:
    schema = pyarrow.parquet.read_schema(outputs[1])
    assert schema.field("approximate").type == pa.bool_()
    assert schema.field("located_by").type == pa.string()
    assert schema.field("rules").type == pa.list_(pa.string())
    event = schema.field("events").type.value_type
    assert [event.field(i).name for i in range(event.num_fields)] == ["tag", "start", "end", "text"]


def test_parquet_rows_equal_the_json_mentions(outputs: tuple[Path, Path]) -> None:
    rows = pyarrow.parquet.read_table(outputs[1]).drop_columns(["geometry"]).to_pylist()
    records = _json_records(outputs[0])
    mentions = [(record, m) for record in records for m in record["mentions"]]
    assert len(rows) == len(mentions)
    for row, (record, mention) in zip(rows, mentions, strict=True):
        quote = mention.pop("quote")
        assert (row.pop("quote_start"), row.pop("quote_end"), row.pop("quote_text")) == (
            quote["start"], quote["end"], quote["text"])
        assert (row.pop("doc"), row.pop("doc_source"), row.pop("doc_title"), row.pop("doc_date"),
                row.pop("doc_publisher")) == (record["doc"], record["source"], record["title"], record["date"],
                                              record["publisher"])
        assert row == mention


def test_readback_of_parquet_equals_readback_of_json(outputs: tuple[Path, Path]) -> None:
    from_json, from_parquet = read_parse_output(outputs[0]), read_parse_output(outputs[1])
    assert from_parquet.resolutions == from_json.resolutions
    assert [export.mention_record(r) for r in from_parquet.resolutions] == _json_mentions(outputs[0])
    assert [(p.id, p.record, p.documents) for p in from_parquet.places] == [
        (p.id, p.record, p.documents) for p in from_json.places]
    # documents with mentions come back with their metadata (so the dashboard's date filter works on GeoParquet)
    assert {r.mention.doc_id for r in from_json.resolutions} == set(TEXTS)  # every document has a mention
    assert from_parquet.documents == from_json.documents
    dates = {d.id: d.date for d in from_parquet.documents}
    assert dates["village"] == "2015-05-04" and dates["strike"] == "2015-05-03"  # the field; the dateline
    frame = export.places_frame(from_parquet, geo.Gazetteer.default())
    assert frame.set_index("name").loc["Peshawar", "last_date"] == "2015-05-04"


def test_in_memory_frame_has_the_columns(corpus: Path) -> None:
    result: ParseResult = geo.parse(corpus)
    frame = export.mentions_frame(result)
    for column in ("approximate", "located_by", "rules", "events"):
        assert column in frame.columns
    assert list(frame.columns) == [f.name for f in batch._mentions_schema()]


def test_old_parquet_without_the_columns_still_reads(outputs: tuple[Path, Path], tmp_path: Path) -> None:
    """A file written before these columns: approximate is inferred from the place id, as before."""
    table = pyarrow.parquet.read_table(outputs[1]).drop_columns(
        ["approximate", "located_by", "rules", "events", "doc_source", "doc_title", "doc_date", "doc_publisher"])
    old = tmp_path / "old.parquet"
    pyarrow.parquet.write_table(table, old)
    back, current = read_parse_output(old), read_parse_output(outputs[1])
    assert [(r.approximate, r.located_by) for r in back.resolutions] == [
        (r.approximate, r.located_by) for r in current.resolutions]
    assert all(r.mention.rules == () for r in back.resolutions)
    assert all(d.date is None and d.title is None for d in back.documents)
