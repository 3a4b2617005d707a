"""The parse and map commands as a user runs them: output contracts, RFC 7946 GeoJSON, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import shapely

ROOT = Path(__file__).resolve().parent.parent
MENTION_FIELDS = ("text", "start", "end", "lat", "lon", "place_id", "name", "feature_type", "country_code",
                  "confidence", "metonymic", "quote")


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_parse_mentions_contract_on_the_seeds() -> None:
    run = _run("parse", "seeds")
    assert run.returncode == 0, run.stderr
    [record] = [json.loads(line) for line in run.stdout.splitlines()]
    assert record["doc"] == "000_66b4bbf42a475dd1" and record["source"].endswith("000_66b4bbf42a475dd1.txt")
    text = (ROOT / "seeds" / "000_66b4bbf42a475dd1.txt").read_text(encoding="utf-8")
    assert record["mentions"]
    for mention in record["mentions"]:
        assert all(field in mention for field in MENTION_FIELDS)
        assert text[mention["start"]:mention["end"]] == mention["text"]
        quote = mention["quote"]
        assert text[quote["start"]:quote["end"]] == quote["text"]
        assert (mention["lat"] is None) == (mention["place_id"] is None)


def test_parse_geojson_is_rfc7946(tmp_path: Path) -> None:
    out = tmp_path / "places.geojson"
    run = _run("parse", "seeds", "--format", "geojson", "-o", str(out))
    assert run.returncode == 0, run.stderr
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    by_name = {f["properties"]["name"]: f for f in collection["features"]}
    peshawar = by_name["Peshawar"]
    lon, lat = peshawar["geometry"]["coordinates"]
    assert 71 < lon < 72 and 33.5 < lat < 34.5, "longitude first"
    for key in ("name", "place_id", "feature_type", "country", "confidence", "mention_count", "quotes"):
        assert key in peshawar["properties"]
    assert peshawar["properties"]["quotes"][0]["doc"] == "000_66b4bbf42a475dd1"
    kunar = next(f for f in collection["features"] if f["properties"]["name"] == "Kunar")
    shape = shapely.geometry.shape(kunar["geometry"])
    polygons = list(shape.geoms) if shape.geom_type == "MultiPolygon" else [shape]
    assert all(p.exterior.is_ccw for p in polygons), "exterior rings counter-clockwise"
    loc = next(f for f in collection["features"] if f["properties"]["name"] == "Line of Control")
    assert loc["geometry"]["type"] in ("LineString", "MultiLineString")


def test_parse_csv_neutralises_formulas(tmp_path: Path) -> None:
    doc = tmp_path / "formula.txt"
    doc.write_text("=HYPERLINK(\"http://x\") Troops entered Kabul on Monday.", encoding="utf-8")
    run = _run("parse", str(doc), "--format", "mentions-csv")
    assert run.returncode == 0, run.stderr
    assert "Kabul" in run.stdout
    assert "\n=HYPERLINK" not in run.stdout and ",=HYPERLINK" not in run.stdout


def test_bad_inputs_are_reported_and_nothing_parsed_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    run = _run("parse", str(tmp_path))
    assert run.returncode == 1
    assert "empty" in run.stderr and "binary" in run.stderr
    assert "Traceback" not in run.stderr
    (tmp_path / "good.txt").write_text("Clashes were reported in Kandahar.", encoding="utf-8")
    run = _run("parse", str(tmp_path))
    assert run.returncode == 0
    assert "2 bad record(s) skipped" in run.stderr
    assert "Kandahar" in run.stdout


def test_map_command_writes_a_standalone_offline_page(tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    run = _run("map", "seeds", "-o", str(out))
    assert run.returncode == 0, run.stderr
    page = out.read_text(encoding="utf-8")
    assert "<script src=\"http" not in page and "<link href=\"http" not in page
    assert "Peshawar" in page and "GeoNames" in page
