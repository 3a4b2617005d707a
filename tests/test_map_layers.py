"""Tests of geo.outputs.mapping's place layers on real parses: approximate places drawn hollow with their container
(issue 10 §2), and the colour schemes (``colour_by``: type, most frequent event tag, recency; issue 11)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import geopandas
import pytest
import shapely

import geo
from geo.core.events import all_tags, tag_label
from geo.outputs.export import places_frame
from geo.outputs.mapping import (
    RECENCY_RAMP, TAG_COLOURS_FILE, TYPE_COLOURS, Container, build_map, colour_scheme, layer_spec, legend_html,
    place_layers, tag_colours,
)
from geo.store.gazetteer import Gazetteer

ZORKOT = "Shelling hit Zorkot village in Kunar province."  # a name the gazetteer lacks, in a province (a polygon)
GULZAR = "Clashes were reported in Gulzar Kalay, North Waziristan."  # ... in a district the gazetteer has as a point
GREY = "#bab0ac"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.default()


def frame_of(text: str, gazetteer: Gazetteer) -> geopandas.GeoDataFrame:
    return places_frame(geo.parse(text), gazetteer)


def records(spec: Any) -> dict[str, dict[str, Any]]:
    """The layer's place records (JS object literals that are JSON) by place id."""
    return {r["id"]: r for r in (json.loads(text) for text in spec.records)}


def colour_of(record: dict[str, Any]) -> str:
    return re.search(r"--cm-colour:(#[0-9a-f]{6})", record["icon"]).group(1)


# -- approximate places ----------------------------------------------------------------------------------------
def test_an_approximate_place_is_a_hollow_marker_with_its_containers_outline(gazetteer: Gazetteer) -> None:
    frame = frame_of(ZORKOT, gazetteer)
    approximate = frame[frame["approximate"].astype(bool)]
    assert list(approximate["name"]) == ["Zorkot"] and list(approximate["located_by"]) == ["1135702"]  # Kunar

    by_id = records(layer_spec(frame))
    zorkot, kunar = by_id["1135702~zorkot"], by_id["1135702"]
    assert zorkot["approximate"] is True and "approximate" not in kunar
    assert "cm-approximate" in zorkot["icon"] and "cm-approximate" not in kunar["icon"]
    assert "placed approximately, at Kunar" in zorkot["tooltip"]
    assert "Placed approximately, at Kunar" in zorkot["popup"]
    container = zorkot["container"]
    assert container["id"] == "1135702" and container["name"] == "Kunar"
    assert container["factory"] == "polygon" and container["style"]["className"] == "cm-container"
    assert container["style"]["dashArray"] and container["style"]["interactive"] is False
    # the outline is Kunar's own shape: its points lie around Kunar's representative point
    ring = shapely.Polygon([(lng, lat) for lat, lng in container["shape"][0]])
    assert ring.contains(shapely.Point(kunar["latlng"][1], kunar["latlng"][0]))
    # the hollow ring takes the colour of the scheme: the village type colour by default
    assert colour_of(zorkot) == TYPE_COLOURS["village"]


def test_an_approximate_place_drawn_through_build_map(gazetteer: Gazetteer) -> None:
    """The parser places Gulzar Kalay (unknown) at North Waziristan (a point in the gazetteer): the standalone map
    says so in its tooltip, draws it hollow, and has no outline to show for a point container."""
    frame = frame_of(GULZAR, gazetteer)
    row = frame[frame["name"] == "Gulzar Kalay"].iloc[0]
    assert bool(row["approximate"]) and row["located_by"] == "1168875"
    page = build_map(frame, assets="inline").get_root().render()
    assert "cm-approximate" in page and "placed approximately, at North Waziristan" in page
    record = records(layer_spec(frame))["1168875~gulzar-kalay"]
    assert record["container"]["id"] == "1168875" and "shape" not in record["container"]
    assert "cm-approximate" in legend_html(frame)  # the legend gains the hollow marker key
    assert "cm-approximate" not in legend_html(frame[~frame["approximate"].astype(bool)])


def test_a_container_outside_the_frame_comes_from_the_gazetteer_or_a_mapping(gazetteer: Gazetteer) -> None:
    frame = frame_of(ZORKOT, gazetteer)
    alone = frame[frame["approximate"].astype(bool)]  # Kunar itself filtered out
    bare = records(layer_spec(alone))["1135702~zorkot"]
    assert bare["tooltip"].endswith("placed approximately") and "shape" not in bare["container"]

    from_gazetteer = records(layer_spec(alone, containers=gazetteer))["1135702~zorkot"]
    assert from_gazetteer["container"]["name"] == "Kunar" and from_gazetteer["container"]["factory"] == "polygon"

    box = shapely.box(70.5, 34.3, 71.7, 35.6)
    given = records(layer_spec(alone, containers={"1135702": Container("Kunar province", box)}))["1135702~zorkot"]
    assert "placed approximately, at Kunar province" in given["tooltip"]
    assert len(given["container"]["shape"][0]) == 5  # the box given, not the gazetteer's outline
    geometry_only = records(layer_spec(frame, containers={"1135702": box}))["1135702~zorkot"]
    assert geometry_only["container"]["name"] == "Kunar" and len(geometry_only["container"]["shape"][0]) == 5


def test_hostile_container_names_are_escaped(gazetteer: Gazetteer) -> None:
    frame = frame_of(ZORKOT, gazetteer)
    alone = frame[frame["approximate"].astype(bool)]
    hostile = '<img src=x onerror=alert(1)>"{{ 7*7 }}'
    spec = layer_spec(alone, containers={"1135702": Container(hostile, None)})
    record = records(spec)["1135702~zorkot"]
    for html in (record["tooltip"], record["popup"]):
        assert "<img" not in html and "{{" not in html and "&lt;img" in html
    page = build_map(alone, assets="inline", containers={"1135702": Container(hostile, None)}).get_root().render()
    assert "<img src=x" not in page and "{{ 7*7 }}" not in page and "49" not in re.findall(r"placed[^<]*", page)[0]


def test_frames_without_the_new_columns_draw_as_before(gazetteer: Gazetteer) -> None:
    frame = frame_of(ZORKOT, gazetteer)
    old = frame.drop(columns=["approximate", "located_by", "top_tag", "first_date", "last_date"])
    by_id = records(layer_spec(old, colour_by="tag"))
    assert all("cm-approximate" not in r["icon"] and "container" not in r for r in by_id.values())
    assert {colour_of(r) for r in by_id.values()} == {GREY}  # no top_tag column: no value, grey
    assert "no event tag" in legend_html(old, colour_by="tag")
    assert {colour_of(r) for r in records(layer_spec(old, colour_by="recency")).values()} == {GREY}


# -- colour schemes -------------------------------------------------------------------------------------------
def test_tag_colours_are_data_for_every_lexicon_tag() -> None:
    colours = tag_colours()
    assert set(colours) == {t.tag for t in all_tags()}
    assert len(set(colours.values())) == len(colours) and GREY not in colours.values()
    with open(TAG_COLOURS_FILE, encoding="utf-8", newline="") as stream:
        assert all(row["source"].strip() for row in csv.DictReader(stream))


def test_a_malformed_colour_row_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tag_colours.csv"
    path.write_text("tag,colour,source\nattack,red,ours\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        tag_colours(path)


def test_colour_by_type_is_the_default(gazetteer: Gazetteer) -> None:
    frame = frame_of(ZORKOT + " " + GULZAR, gazetteer)
    assert layer_spec(frame).records == layer_spec(frame, colour_by="type").records
    assert layer_spec(frame).colour_by == "type"
    with pytest.raises(ValueError, match="colour_by"):
        layer_spec(frame, colour_by="mood")


def test_colour_by_tag_uses_each_places_most_frequent_tag(gazetteer: Gazetteer) -> None:
    frame = frame_of("A drone strike hit Miran Shah, North Waziristan. Protesters gathered in Peshawar. "
                     "Lahore was quiet.", gazetteer)
    ids = dict(zip(frame["name"], frame["place_id"]))
    tags = dict(zip(frame["name"], frame["top_tag"]))
    assert tags["Peshawar"] == "protest" and tags["Miran Shah"] == "airstrike"
    assert not isinstance(tags["Lahore"], str)  # no tag: None or NaN
    by_id = records(layer_spec(frame, colour_by="tag"))
    assert colour_of(by_id[ids["Peshawar"]]) == tag_colours()["protest"]
    assert colour_of(by_id[ids["Miran Shah"]]) == tag_colours()["airstrike"]
    assert colour_of(by_id[ids["Lahore"]]) == GREY
    legend = legend_html(frame, colour_by="tag")
    assert legend.index(tag_label("airstrike")) < legend.index(tag_label("protest"))  # lexicon order
    assert f'--cm-colour:{tag_colours()["protest"]}"></span>protest' in legend and "no event tag" in legend
    assert "village" not in legend  # the type keys give way to the active scheme
    html = build_map(frame, assets="inline", colour_by="tag").get_root().render()
    assert tag_colours()["airstrike"] in html


def test_colour_by_recency_ramps_from_the_oldest_to_the_newest_date(tmp_path: Path, gazetteer: Gazetteer) -> None:
    corpus = tmp_path / "wire.jsonl"
    documents = [("a", "2026-11-01", "Clashes in Peshawar."), ("b", "2026-11-11", "Clashes in Quetta."),
                 ("c", "2026-11-21", "Clashes in Lahore."), ("d", None, "Clashes in Karachi.")]
    corpus.write_text("".join(json.dumps({"id": i, "date": d, "text": t}) + "\n" for i, d, t in documents),
                      encoding="utf-8")
    frame = places_frame(geo.parse(corpus), gazetteer)
    last = dict(zip(frame["name"], frame["last_date"]))
    assert last["Peshawar"] == "2026-11-01" and last["Lahore"] == "2026-11-21" and not isinstance(last["Karachi"], str)
    scheme = colour_scheme(frame, "recency")
    assert (scheme.oldest.isoformat(), scheme.newest.isoformat()) == ("2026-11-01", "2026-11-21")
    by_id = records(layer_spec(frame, colour_by="recency"))
    colour = {name: colour_of(by_id[place_id]) for name, place_id in zip(frame["name"], frame["place_id"])}
    assert colour["Peshawar"] == RECENCY_RAMP[0] and colour["Lahore"] == RECENCY_RAMP[-1]
    assert colour["Quetta"] == RECENCY_RAMP[len(RECENCY_RAMP) // 2]  # halfway: the middle stop of five
    assert colour["Karachi"] == GREY
    legend = legend_html(frame, colour_by="recency")
    assert "2026-11-01" in legend and "2026-11-21" in legend and "no date" in legend and "cm-ramp" in legend
    # the dashboard's layers carry the same colours
    layers = place_layers(frame, colour_by="recency")
    assert any(RECENCY_RAMP[-1] in record for layer in layers for record in layer.records)


def test_a_selected_approximate_place_is_shown_with_its_whole_container(gazetteer: Gazetteer) -> None:
    frame = frame_of("Clashes were reported in Gulzar Kalay, Khyber Pakhtunkhwa.", gazetteer)
    gulzar = frame[frame["approximate"].astype(bool)].iloc[0]
    province = gazetteer.geometry(gulzar["located_by"])  # Khyber Pakhtunkhwa, some 5 degrees across
    minx, miny, maxx, maxy = province.bounds
    assert maxx - minx > 4
    (south, west), (north, east) = layer_spec(frame, selected=gulzar["place_id"]).bounds
    assert west <= minx and east >= maxx and south <= miny and north >= maxy
    record = records(layer_spec(frame, selected=gulzar["place_id"]))[gulzar["place_id"]]
    assert record["selected"] is True and record["container"]["shape"]  # map.js shows the outline while selected
