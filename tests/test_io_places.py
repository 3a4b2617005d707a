"""Place properties top_tag, first_date and last_date: in the places frame, GeoJSON, CSV, batch output and roll-ups."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas

import geo
from geo.core.events import all_tags
from geo.core.model import Document
from geo.outputs import batch, export
from geo.outputs.rollup import roll_up
from geo.store.gazetteer import Gazetteer

DOCUMENTS = (
    Document("a", "A drone strike hit a compound near Peshawar on Monday.", date="2024-05-03"),
    Document("b", "Shelling was reported near Peshawar. Another drone strike hit Peshawar later.", date="2024-04-28"),
    Document("c", "PESHAWAR, June 9, 2024 - Protesters marched through Peshawar.", date=None),  # dated by dateline
    Document("d", "Officials in Kabul met reporters.", date=None),  # undated, untagged
)


def _places(result: geo.ParseResult) -> dict[str, dict]:
    frame = export.places_frame(result, Gazetteer.default())
    return {row["name"]: row for row in frame.to_dict("records")}


def test_columns_in_places_frame() -> None:
    frame = export.places_frame(geo.parse(list(DOCUMENTS)), Gazetteer.default())
    for column in ("top_tag", "first_date", "last_date"):
        assert column in frame.columns and column in export.PLACE_COLUMNS


def test_top_tag_and_date_span() -> None:
    places = _places(geo.parse(list(DOCUMENTS)))
    peshawar = places["Peshawar"]
    # quotes: airstrike (a), shelling (b/1), airstrike (b/2), protest (c): airstrike is most frequent
    assert peshawar["top_tag"] == "airstrike"
    assert peshawar["first_date"] == "2024-04-28"
    assert peshawar["last_date"] == "2024-06-09"  # document c has no date field: its dateline dates it
    kabul = places["Kabul"]
    # missing in the frame (pandas' string columns show None as NaN); None in GeoJSON below
    assert pandas.isna(kabul["top_tag"]) and pandas.isna(kabul["first_date"]) and pandas.isna(kabul["last_date"])


def test_top_tag_ties_follow_lexicon_order() -> None:
    order = [t.tag for t in all_tags()]
    assert order.index("airstrike") < order.index("shelling")
    result = geo.parse([Document("t", "Shelling hit Peshawar. A drone strike hit Peshawar.", date="2024-01-02")])
    assert _places(result)["Peshawar"]["top_tag"] == "airstrike"
    # reversed in the text: the tie still goes to the lexicon's first tag
    result = geo.parse([Document("t", "A drone strike hit Peshawar. Shelling hit Peshawar.", date="2024-01-02")])
    assert _places(result)["Peshawar"]["top_tag"] == "airstrike"


def test_geojson_and_csv_carry_them() -> None:
    result = geo.parse(list(DOCUMENTS))
    features = {f["properties"]["name"]: f["properties"]
                for f in export.places_geojson(result, Gazetteer.default())["features"]}
    assert features["Peshawar"]["top_tag"] == "airstrike"
    assert (features["Peshawar"]["first_date"], features["Peshawar"]["last_date"]) == ("2024-04-28", "2024-06-09")
    assert features["Kabul"]["first_date"] is None
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(export.places_csv(result)))}
    assert (rows["Peshawar"]["top_tag"], rows["Peshawar"]["first_date"], rows["Peshawar"]["last_date"]) == (
        "airstrike", "2024-04-28", "2024-06-09")
    assert rows["Kabul"]["top_tag"] == "" and rows["Kabul"]["last_date"] == ""


def test_batch_geojson_equals_in_memory(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": d.id, "text": d.text, "date": d.date}) + "\n" for d in DOCUMENTS),
                      encoding="utf-8")
    out = tmp_path / "places.geojson"
    batch.write_corpus([corpus], "geojson", out, workers=1, progress=False)
    written = json.loads(out.read_text(encoding="utf-8"))
    props = {f["properties"]["name"]: f["properties"] for f in written["features"]}
    assert (props["Peshawar"]["first_date"], props["Peshawar"]["last_date"]) == ("2024-04-28", "2024-06-09")
    assert props["Peshawar"]["top_tag"] == "airstrike"
    memory = export.places_geojson(geo.parse(corpus), Gazetteer.default())
    assert written == json.loads(json.dumps(memory))


def test_roll_up_aggregates_them() -> None:
    documents = [
        Document("p", "A drone strike hit Peshawar.", date="2024-03-01"),
        Document("m", "Shelling hit Mardan. Shelling hit Mardan again.", date="2024-02-01"),
        Document("n", "Officials visited Nowshera.", date=None),  # undated: no effect on the span
    ]
    gazetteer = Gazetteer.default()
    frame = export.places_frame(geo.parse(documents), gazetteer)
    rolled = roll_up(frame, "province", gazetteer)
    row = next(r for r in rolled.to_dict("records") if "Peshawar" in r["rolled_up"])
    assert {"Mardan", "Nowshera District"} <= set(row["rolled_up"])
    assert (row["first_date"], row["last_date"]) == ("2024-02-01", "2024-03-01")
    assert row["top_tag"] == "shelling"  # two shelling quotes against one airstrike quote


def test_places_frame_memo_remakes_only_changed_places() -> None:
    from geo.outputs.timeline import narrow

    gazetteer = Gazetteer.default()
    result = geo.parse([*DOCUMENTS, Document("e", "Shelling hit Mardan.", date="2024-05-01")])
    memo: dict = {}
    full = export.places_frame(result, gazetteer, memo=memo)
    plain = export.places_frame(result, gazetteer)
    assert full.drop(columns="geometry").to_json() == plain.drop(columns="geometry").to_json()
    assert list(full.geometry) == list(plain.geometry)
    assert len(memo) == len(result.places)
    rows = {key: value[0] for key, value in memo.items()}
    # a narrowed view: Peshawar loses its protest quote (a new row), Mardan is unchanged (the memo's own row)
    narrowed = narrow(result, tags=["airstrike", "shelling"])
    frame = export.places_frame(narrowed, gazetteer, memo=memo)
    assert frame.drop(columns="geometry").to_json() == \
        export.places_frame(narrowed, gazetteer).drop(columns="geometry").to_json()
    peshawar = next(p for p in narrowed.places if p.record.name == "Peshawar")
    assert export.place_key(peshawar) not in rows and export.place_key(peshawar) in memo
    assert memo[export.place_key(peshawar)][0]["last_date"] == "2024-05-03"  # document c's protest is gone
    kept = [p for p in narrowed.places if export.place_key(p) in rows]
    assert [p.record.name for p in kept] == ["Mardan"]
    assert all(memo[export.place_key(p)][0] is rows[export.place_key(p)] for p in kept)
