"""The dashboard without a browser (Streamlit's AppTest): the map component's markers and assets, clicks, filters,
the quote panel, uploads and the escaping of hostile documents; plus the small pure helpers it is built from."""

from __future__ import annotations

import io
import json
import re
import sys
import tomllib
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import geopandas
import pytest
import shapely
import streamlit_folium as st_folium_lib
from streamlit.testing.v1 import AppTest

from dashboard import state, views
from geo.core.documents import document_from_text, iter_documents
from geo.outputs.export import document_records, place_key, places_frame
from geo.store.gazetteer import ATTRIBUTION, sha256_file
from geo.outputs.mapping import (
    RECENCY_RAMP, TYPE_COLOURS, PlaceLayer, base_map, build_map, place_layers, tag_colours,
)
from geo.core.events import event_records, tag_label
from geo.core.model import Document, ParseResult
from geo.core.pipeline import Geoparser, is_demonym_only

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "dashboard" / "app.py"
SEEDS = REPO / "seeds"
VENDOR = REPO / "dashboard" / "static" / "vendor"
HOSTILE = (
    "Officials in Peshawar said <script>alert(1)</script> and <img src=x onerror=alert(1)> were posted, "
    'with <a href="javascript:alert(1)">a link</a>, [another](javascript:alert(1)), ![x](http://10.255.255.1/x.png) '
    "and {{ 7 * 7 }} :red[styled] $x^2$ in Kabul."
)
PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '<a href="javascript:alert(1)">')


# -- helpers ----------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def parser() -> Geoparser:
    """One geoparser for the module."""
    return Geoparser()


@pytest.fixture(scope="module")
def seeds(parser: Geoparser) -> ParseResult:
    """The seed interview parsed by the library, independently of the dashboard."""
    return parser.parse(iter_documents([SEEDS]))


@pytest.fixture(scope="module")
def seed_frame(seeds: ParseResult, parser: Geoparser) -> geopandas.GeoDataFrame:
    """The seed places the dashboard shows by default (places reached only through demonyms are hidden)."""
    frame = places_frame(seeds, parser.gazetteer)
    return frame[~frame["demonym_only"]].reset_index(drop=True)


def run_app() -> AppTest:
    """The dashboard after its first run, as a new browser session sees it; it must not raise."""
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def map_args(at: AppTest) -> dict[str, Any]:
    """The arguments st_folium sent to its component: the base map's Leaflet script, html, header, js and css links,
    and the places swapped into it (``feature_group``, with the ``layer_control`` listing them)."""
    components = [c for c in at.get("component_instance") if c.proto.component_name == "streamlit_folium.st_folium"]
    assert len(components) == 1
    return json.loads(components[0].proto.json_args)


def map_places(args: dict[str, Any]) -> list[dict[str, Any]]:
    """Every place the map draws, as geo.outputs.mapping's place layers carry them (one entry per marker; areas and lines
    carry their shape too)."""
    script, decoder, places = args["feature_group"], json.JSONDecoder(), []
    for found in re.finditer(r"/\* cm-places \*/ ", script):
        places += decoder.raw_decode(script, found.end())[0]
    return places


def marker_ids(args: dict[str, Any]) -> list[str]:
    """The place ids of the map's markers."""
    return [place["id"] for place in map_places(args)]


def selected_marker(args: dict[str, Any]) -> list[str]:
    """The place ids of markers drawn as selected."""
    return [place["id"] for place in map_places(args)
            if place["selected"] and re.search(r'class="[^"]*cm-selected', place["icon"])]


def fit_bounds(args: dict[str, Any]) -> list[list[float]]:
    """The [[south, west], [north, east]] box the map fits its view to."""
    found = re.search(r"\bcm\.setView\(\w+, (\[\[.*?\]\])", args["feature_group"], re.DOTALL)
    assert found, "the map has no fitBounds"
    return json.loads(found.group(1))


def marker_latlng(frame: geopandas.GeoDataFrame, name: str) -> tuple[str, float, float]:
    """A place's id and where its one marker sits (the point, else a point on the shape), looked up by name."""
    row = frame[frame["name"] == name].iloc[0]
    geometry = row["geometry"]
    point = geometry if geometry.geom_type == "Point" else geometry.representative_point()
    return str(row["place_id"]), point.y, point.x


def html_bodies(at: AppTest) -> list[str]:
    """Every st.html fragment the app rendered."""
    return [e.proto.body for e in at.get("html")]


def markdown_bodies(at: AppTest) -> list[str]:
    """Every Markdown text the app rendered: markdown, captions and alerts."""
    alerts = [*at.error, *at.info, *at.warning, *at.success]
    return [e.value for e in [*at.markdown, *at.caption]] + [e.proto.body for e in alerts]


def panel_text(at: AppTest) -> str:
    """Everything the quote panel beside the map shows, as HTML."""
    return "".join(e.proto.body for e in at.get("html") if "cm-place" in e.proto.body or "cm-quote" in e.proto.body
                   or "cm-section" in e.proto.body)


class _Tags(HTMLParser):
    """Every start tag and attribute a browser's parser would create from a piece of HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record one start tag."""
        self.tags.append((tag, attrs))


def tags(markup: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """The start tags (and their attributes) a browser would create from ``markup``."""
    parser = _Tags()
    parser.feed(markup)
    return parser.tags


# -- the map ----------------------------------------------------------------------------------------------------
def test_map_has_one_marker_per_seed_place_and_only_local_assets(seed_frame: geopandas.GeoDataFrame) -> None:
    at = run_app()
    args = map_args(at)
    assert sorted(marker_ids(args)) == sorted(seed_frame["place_id"].astype(str))
    links = args["js_links"] + args["css_links"]
    assert links and all(link.startswith("/app/static/vendor/") for link in links), links
    assert all((VENDOR / link.removeprefix("/app/static/vendor/")).is_file() for link in links)  # synced
    assert "/app/static/vendor/conflict-map/map.js" in links
    for tag, attrs in tags(args["header"] + args["html"]):
        for name, value in attrs:
            if name in ("src", "href"):
                assert not re.match(r"\s*(https?:)?//", value or ""), (tag, name, value)
    for script in (args["script"], args["feature_group"], args["layer_control"]):
        assert not re.search(r"<(script|link)[^>]+(src|href)=[\"']?(https?:)?//", script)
    assert "cm.drawPlaces(" in args["feature_group"] and "L.control.layers" in args["layer_control"]
    assert any(p.get("factory") is None for p in map_places(args))  # point markers: clustered by map.js
    assert '"Places" :' in args["layer_control"] and '"Offline outlines" :' in args["layer_control"]
    assert "cm-places" not in args["script"]  # the base map carries no place: they are swapped in
    assert args["returned_objects"] == state.RETURNED_OBJECTS  # pans and zooms do not rerun the app
    assert selected_marker(args) == []
    assert any(ATTRIBUTION in c.value for c in at.caption)


def test_map_fetches_the_basemap_by_url_and_fits_the_region_not_the_world(seed_frame: geopandas.GeoDataFrame) -> None:
    at = run_app()
    script = map_args(at)["script"]
    urls = re.findall(r'"(/app/static/basemap/([0-9a-f]{64})\.geojson)"', script)
    assert len(urls) == 1, urls
    url, digest = urls[0]
    written = REPO / "dashboard" / "static" / url.removeprefix("/app/static/")
    assert written.is_file() and sha256_file(written) == digest  # served by Streamlit, content-addressed
    assert json.loads(written.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    for part in (script, map_args(at)["feature_group"]):  # the outlines are embedded neither in the map nor with
        assert "FeatureCollection" not in part and len(part) < 500_000  # its places
    united_states = seed_frame[seed_frame["name"] == "United States"]
    assert len(united_states) == 1 and str(united_states["place_id"].iloc[0]) in marker_ids(map_args(at))
    (south, west), (north, east) = fit_bounds(map_args(at))  # the whole United States (Alaska, the Aleutians) is
    assert west > -100 and east < 100 and north < 50  # left out of the fit, its marker stays


def test_clicking_peshawar_selects_it_and_shows_its_quotes(seed_frame: geopandas.GeoDataFrame,
                                                           seeds: ParseResult) -> None:
    at = run_app()
    assert "Pin to quotes" in panel_text(at)
    place_id, lat, lng = marker_latlng(seed_frame, "Peshawar")
    # what streamlit-folium reports for a click on the marker: map.js adds the place id the marker carries
    before = map_args(at)
    at.session_state[state.MAP_KEY] = {"last_object_clicked": {"lat": lat, "lng": lng, "placeId": place_id}}
    at.run()
    assert not at.exception
    assert at.session_state[state.SELECTED] == place_id
    panel = panel_text(at)
    assert "<h3>Peshawar</h3>" in panel
    peshawar = next(p for p in seeds.places if p.id == place_id)
    for quote in peshawar.quotes:  # every quote, the mention marked inside its sentence
        assert views.esc(quote.text[:20]) in panel
    assert panel.count("<mark>Peshawar</mark>") == len(peshawar.quotes)
    assert "An important ally" in panel and "Why this place" in panel and "Rejected alternatives" in panel
    assert "Evidence" in panel and "confidence" in panel
    # the map is not drawn again for its own click (it marks the clicked marker itself): the quotes show at once
    assert map_args(at) == before and selected_marker(map_args(at)) == []
    at.run()  # the click was consumed: a later rerun keeps the selection and does not click again
    assert at.session_state[state.SELECTED] == place_id and state.MAP_KEY not in at.session_state


def test_the_document_view_marks_mentions_and_the_event_words_of_their_sentences(parser: Geoparser) -> None:
    text = "An air strike hit <i>a market</i> in Homs. Nobody was hurt in the shelling drill.\nProtesters marched."
    document = Document("d", text)
    resolutions = [r for r in parser.parse([document]).resolutions if r.place is not None]
    out = views.document_html(document, resolutions, None)
    homs = text.index("Homs") + 4
    assert visible_text(out) == text[:homs] + "1" + text[homs:]  # the text once, the mention numbered
    assert re.search(r'<mark class="cm-t-\w+" title="Homs[^"]*">Homs<sup>1</sup></mark>', out)
    assert f'<mark class="cm-event cm-ev-airstrike" title="{views.esc(tag_label("airstrike"))}">air strike</mark>' in out
    assert "shelling</mark>" not in out and "Protesters</mark>" not in out  # no place in those sentences
    assert "<i>" not in out and well_formed_marks(out)


def test_a_busy_place_shows_every_quote_the_first_ones_with_its_heading(parser: Geoparser) -> None:
    count = views.FIRST_QUOTES + 12
    text = " ".join(f"On day {n} <b>{n}</b> clashes were reported in Kabul." for n in range(1, count + 1))
    place = next(p for p in parser.parse([document_from_text(text, id="pasted", title="Pasted text")]).places
                 if p.record.name == "Kabul")
    assert len(views.quote_groups(place)) == count
    at = run_app()
    at.checkbox(key="use_seeds").set_value(False)
    at.text_area(key="pasted").input(text).run()
    at.session_state[state.MAP_KEY] = {"last_object_clicked": {"lat": 0, "lng": 0, "placeId": place.id}}
    at.run()
    assert not at.exception and at.session_state[state.SELECTED] == place.id
    bodies = [b for b in html_bodies(at) if 'class="cm-quote"' in b]
    assert len(bodies) == 2  # the first quotes, with the count, then the others in the place kept for them
    assert f"{count} quotes" in bodies[0] and "cm-section" not in bodies[1]
    assert bodies[0].count('class="cm-quote"') == views.FIRST_QUOTES
    assert bodies[1].count('class="cm-quote"') == count - views.FIRST_QUOTES
    days = [int(n) for n in re.findall(r"On day (\d+) &lt;b&gt;", "".join(bodies))]
    assert days == list(range(1, count + 1))  # every quote once, in document order
    assert "<b>" not in "".join(bodies)


def test_mention_picker_selects_the_place_and_centres_the_map(seed_frame: geopandas.GeoDataFrame) -> None:
    at = run_app()
    place_id, lat, lng = marker_latlng(seed_frame, "Kunar")
    [picker] = [s for s in at.selectbox if s.key and s.key.startswith("mention_pick:")]
    index = next(i for i, label in enumerate(picker.options) if "“Kunar”" in label)
    picker.set_value(index).run()
    assert not at.exception
    assert at.session_state[state.SELECTED] == place_id
    args = map_args(at)
    assert selected_marker(args) == [place_id]
    (south, west), (north, east) = fit_bounds(args)
    assert south < lat < north and (west + east) / 2 == pytest.approx(lng, abs=1e-6)
    assert "<h3>Kunar</h3>" in panel_text(at)
    document = next(b for b in html_bodies(at) if 'class="cm-doc"' in b)
    assert re.search(r'<mark class="cm-t-\w+ cm-sel" title="Kunar[^"]*">Kunar<sup>\d+</sup></mark>', document)


def test_filters_change_the_markers(seeds: ParseResult, seed_frame: geopandas.GeoDataFrame) -> None:
    at = run_app()
    everything = set(seed_frame["place_id"].astype(str))
    assert set(marker_ids(map_args(at))) == everything

    at.multiselect(key="filter_countries").set_value(["AF"]).run()
    afghan = {str(p) for p, c in zip(seed_frame["place_id"], seed_frame["country_code"]) if c == "AF"}
    assert afghan and set(marker_ids(map_args(at))) == afghan

    at.multiselect(key="filter_countries").set_value([]).run()
    at.multiselect(key="filter_types").set_value(["city"]).run()
    cities = {str(p) for p, t in zip(seed_frame["place_id"], seed_frame["feature_type"]) if t == "city"}
    assert set(marker_ids(map_args(at))) == cities

    at.multiselect(key="filter_types").set_value([]).run()
    at.slider(key="filter_confidence").set_value(0.95).run()
    confident = {p.id for p in seeds.places if any(r.confidence >= 0.95 for r in p.resolutions)} & everything
    assert set(marker_ids(map_args(at))) == confident != everything

    at.slider(key="filter_confidence").set_value(0.0).run()
    at.toggle(key="filter_metonymic").set_value(False).run()
    literal = {p.id for p in seeds.places if any(not r.mention.metonymic for r in p.resolutions)} & everything
    assert set(marker_ids(map_args(at))) == literal
    assert set(marker_ids(map_args(at.toggle(key="filter_metonymic").set_value(True).run()))) == everything

    at.toggle(key="filter_demonyms").set_value(True).run()
    assert set(marker_ids(map_args(at))) == {p.id for p in seeds.places}
    assert not at.exception


def test_a_filter_change_swaps_the_places_into_the_same_map(seed_frame: geopandas.GeoDataFrame) -> None:
    at = run_app()
    [component] = [c for c in at.get("component_instance") if c.proto.component_name == "streamlit_folium.st_folium"]
    first = json.loads(component.proto.json_args)
    assert map_args(at.run()) == first  # a rerun that changes nothing sends the same places: nothing is redrawn
    at.slider(key="filter_confidence").set_value(1.0).run()
    [after] = [c for c in at.get("component_instance") if c.proto.component_name == "streamlit_folium.st_folium"]
    changed = json.loads(after.proto.json_args)
    assert after.proto.id == component.proto.id  # the same component instance: the browser keeps its iframe
    for fixed in ("script", "header", "html", "js_links", "css_links", "height", "returned_objects"):
        assert changed[fixed] == first[fixed], fixed
    assert changed["feature_group"] != first["feature_group"]
    assert set(marker_ids(changed)) < set(marker_ids(first)) == set(seed_frame["place_id"].astype(str))
    assert changed["feature_group"].count("cm.legend(") == 1 and "L.control.layers" in changed["layer_control"]
    assert "jquery" not in " ".join(changed["js_links"])  # the map's own popups need no jQuery


def test_place_layers_draw_what_build_map_draws(seed_frame: geopandas.GeoDataFrame) -> None:
    """The dashboard's swapped-in places and the standalone map are one renderer fed the same place records."""
    peshawar, kunar = (marker_latlng(seed_frame, name)[0] for name in ("Peshawar", "Kunar"))
    for selected in (None, peshawar, kunar):
        page = build_map(seed_frame, selected=selected).get_root().render()
        base = base_map(basemap_url="/app/static/basemap/x.geojson")
        layers = place_layers(seed_frame, selected=selected)
        args = {"feature_group": "".join(st_folium_lib._get_feature_group_string(g, base, i)
                                         for i, g in enumerate(layers))}
        names = {g.layer_name for g in layers[1:]}
        assert names == {"Places", "Density of mentions"} and layers[0].control is False  # one clustered layer
        assert all(isinstance(g, PlaceLayer) for g in layers)
        drawn = map_places(args)
        assert drawn == map_places({"feature_group": page})
        assert sorted(p["id"] for p in drawn) == sorted(seed_frame["place_id"].astype(str))
        assert [p["id"] for p in drawn if p["selected"]] == ([selected] if selected else [])
        assert sum(fit_bounds(args), []) == pytest.approx(sum(fit_bounds({"feature_group": page}), []))
        assert '"maxZoom": 11' in args["feature_group"]
        assert ('"paddingTopLeft": [24, 24]' in args["feature_group"]) == (selected is not None)


def marker_colours(args: dict[str, Any]) -> dict[str, str]:
    """Each marker's colour (the ``--cm-colour`` its icon is drawn with), by the name its tooltip shows."""
    colours = {}
    for place in map_places(args):
        name = re.sub(r"<[^>]+>", "", place["tooltip"]).split(" · ")[0]
        colours[name] = re.search(r"--cm-colour:\s*(#[0-9a-fA-F]{6})", place["icon"]).group(1).lower()
    return colours


def test_colour_by_type_event_tag_or_recency_recolours_the_same_map() -> None:
    feed = "".join(json.dumps(d) + "\n" for d in [
        {"id": "a", "text": "An air strike hit a market in Homs.", "date": "2026-11-02"},
        {"id": "b", "text": "Protesters gathered in Aleppo after Friday prayers.", "date": "2026-11-06"},
        {"id": "c", "text": "Officials in Kunar province said nothing."},
    ])
    at = run_app()
    at.checkbox(key="use_seeds").set_value(False)
    at.file_uploader(key="uploads").set_value([("feed.jsonl", feed.encode(), "application/jsonl")]).run()
    assert not at.exception
    radio = at.radio(key="colour_by")
    assert radio.value == "type" and list(radio.options) == ["type", "event tag", "recency"]
    by_type = map_args(at)
    frame = {p["id"]: p for p in map_places(by_type)}
    assert set(marker_colours(by_type)) == {"Homs", "Aleppo", "Kunar"}, marker_colours(by_type)
    assert marker_colours(by_type)["Homs"] == TYPE_COLOURS["city"] and len(frame) == 3

    by_tag = map_args(radio.set_value("tag").run())
    assert not at.exception
    colours = marker_colours(by_tag)
    assert colours["Homs"] == tag_colours()["airstrike"] and colours["Aleppo"] == tag_colours()["protest"]
    assert colours["Kunar"] not in set(tag_colours().values()) | set(TYPE_COLOURS.values())  # untagged: no value
    assert views.esc(tag_label("airstrike")) in by_tag["feature_group"]  # the legend names the scheme's colours
    for fixed in ("script", "header", "html", "js_links", "css_links"):  # the same map: only its places change
        assert by_tag[fixed] == by_type[fixed], fixed

    colours = marker_colours(map_args(at.radio(key="colour_by").set_value("recency").run()))
    assert colours["Homs"] == RECENCY_RAMP[0] and colours["Aleppo"] == RECENCY_RAMP[-1]  # oldest, newest
    assert colours["Kunar"] not in RECENCY_RAMP  # undated
    assert set(marker_ids(map_args(at))) == set(frame)  # recoloured, not refiltered

    at.radio(key="colour_by").set_value("type").run()
    assert marker_colours(map_args(at)) == marker_colours(by_type)


def test_the_served_basemap_is_remembered_and_checked(tmp_path: Path) -> None:
    index = tmp_path / "basemap" / "index.json"
    assert state.read_json_object(index) == {}
    state.write_json_object(index, {"v1": "/app/static/basemap/x.geojson"})
    assert state.read_json_object(index) == {"v1": "/app/static/basemap/x.geojson"}
    index.write_text("[not an object]", encoding="utf-8")
    assert state.read_json_object(index) == {}  # a damaged index is only a cache miss
    outlines = index.parent / ("0" * 64 + ".geojson")
    outlines.write_text("{}", encoding="utf-8")
    assert not state.is_served_basemap(tmp_path, f"/app/static/basemap/{outlines.name}")  # content changed
    good = index.parent / f"{sha256_file(outlines)}.geojson"
    outlines.rename(good)
    assert state.is_served_basemap(tmp_path, f"/app/static/basemap/{good.name}")
    assert not state.is_served_basemap(tmp_path, "/app/static/basemap/../../app.py")


def test_a_hostile_pasted_document_appears_only_escaped() -> None:
    at = run_app()
    at.text_area(key="pasted").input(HOSTILE).run()
    assert not at.exception
    at.selectbox(key="document_shown").set_value("pasted").run()
    # select the pasted document's Peshawar so its quote reaches the panel
    [picker] = [s for s in at.selectbox if s.key == "mention_pick:pasted"]
    picker.set_value(next(i for i, o in enumerate(picker.options) if "“Peshawar”" in o)).run()
    assert not at.exception
    bodies = html_bodies(at)
    document = next(b for b in bodies if 'class="cm-doc"' in b)
    for payload in PAYLOADS:  # the document view shows the text, escaped
        assert views.esc(payload) in document
    assert views.esc("<script>alert(1)</script>") in panel_text(at)  # and so does its quote in the panel
    for body in bodies:
        for tag, attrs in tags(body):
            assert tag not in ("script", "img", "a", "iframe", "svg", "object", "embed"), (tag, body[:200])
            assert not any(name.startswith("on") or name in ("href", "src") for name, _ in attrs), (tag, attrs)
        for payload in PAYLOADS:
            assert payload not in body
    for body in markdown_bodies(at):
        for payload in (*PAYLOADS, "](javascript:", "![x]("):
            assert payload not in body
    args = map_args(at)  # popups and tooltips in the map, as sent and as Leaflet gets them (set as HTML)
    for script in (args["script"], args["feature_group"]):
        for payload in (*PAYLOADS, "{{ 7 * 7 }}"):
            assert payload not in script
        assert not re.search(r"</script|<!--", script, re.IGNORECASE)  # nothing can end the script element
    popups = "".join(p["popup"] + p["tooltip"] for p in map_places(args))
    assert "Kabul" in popups and "cm-quote" not in popups  # the pasted document's Kabul; its quotes are in the panel
    for place in map_places(args):
        for markup in (place["popup"], place["tooltip"], place["icon"]):
            for tag, attrs in tags(markup):
                assert tag in ("div", "h4", "blockquote", "mark", "cite", "b"), (tag, markup[:200])
                allowed = ("class", "style", "title", "data-place-id", "data-feature-type")  # title: escaped text
                assert all(name in allowed for name, _ in attrs), (tag, attrs)


def test_uploads_bad_files_are_named_and_the_others_still_parsed(seed_frame: geopandas.GeoDataFrame) -> None:
    at = run_app()
    at.file_uploader(key="uploads").set_value([
        ("binary <b>evil</b>.txt", b"\x00\x01\x02\x03" * 200, "text/plain"),
        ("kunar.md", "Fighting was reported in Asadabad, Kunar province, on Tuesday.".encode(), "text/markdown"),
        ("feed.jsonl", b'{"id": "a", "text": "Shelling near Peshawar."}\n{not json}\n', "application/jsonl"),
    ]).run()
    assert not at.exception
    errors = [re.sub(r"\\(.)", r"\1", e.proto.body) for e in at.error]  # Markdown escapes removed
    assert any("binary" in e and "evil" in e for e in errors), errors
    assert any("feed.jsonl" in e and "line 2" in e for e in errors), errors
    assert all("<b>" not in e.proto.body for e in at.error)  # the file name is escaped Markdown, not markup
    labels = at.selectbox(key="document_shown").options
    assert len(labels) == 3  # the seed, kunar.md and the good JSON Lines record
    assert set(marker_ids(map_args(at))) >= set(seed_frame["place_id"].astype(str))


def test_a_parse_output_given_as_the_corpus_is_read_back_not_parsed(tmp_path: Path, seeds: ParseResult,
                                                                    seed_frame: geopandas.GeoDataFrame,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    records = list(document_records(seeds))  # as `geo parse` writes them: no document text
    assert all("text" not in r for r in records)
    path = tmp_path / "seeds.mentions.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records) + "{not json}\n",
                    encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["dashboard/app.py", "--corpus", str(path)])
    at = run_app()
    # textless documents would have no place if they were parsed: the map's places are the read-back ones
    assert sorted(marker_ids(map_args(at))) == sorted(seed_frame["place_id"].astype(str))
    errors = [re.sub(r"\\(.)", r"\1", e.proto.body) for e in at.error]
    assert any("line 2" in e and "skipped" in e for e in errors), errors  # the bad line is named, the rest kept


def test_a_corpus_folder_names_its_unusable_metadata_files_in_the_sidebar(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "herat.txt").write_text("Clashes broke out in Herat on Monday.", encoding="utf-8")
    (folder / "herat.meta.json").write_text(json.dumps({"date": "03/05/2024", "title": "Herat <b>report</b>"}),
                                            encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["dashboard/app.py", "--corpus", str(folder)])
    at = run_app()
    errors = [re.sub(r"\\(.)", r"\1", e.proto.body) for e in at.error]
    assert any("herat.meta.json" in e and "03/05/2024" in e and "ignored" in e for e in errors), errors
    assert all("<b>" not in e.proto.body for e in at.error)  # escaped Markdown
    assert at.selectbox(key="document_shown").options == ["Herat <b>report</b>"]  # the rest of it is used


def test_a_documents_cache_key_covers_every_field() -> None:
    document = Document("a", "Shelling hit Kabul.", source="a.txt", title="T", date="2026-11-02", url="u",
                        publisher="Agency")
    digests = {state.document_digest(document, "g")}
    for change in ({"text": "x"}, {"title": "U"}, {"date": "2026-11-03"}, {"url": "v"}, {"publisher": "Other"},
                   {"source": "b.txt"}):
        digests.add(state.document_digest(replace(document, **change), "g"))
    digests.add(state.document_digest(document, "another gazetteer"))
    assert len(digests) == 8


def pdf_bytes(lines: list[str], title: str) -> bytes:
    """A real one-page PDF whose text layer holds ``lines`` (Helvetica), written with pypdf."""
    pypdf = pytest.importorskip("pypdf", reason="pypdf (in requirements.txt) writes the test PDF")
    from pypdf.generic import ContentStream, DictionaryObject, NameObject

    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(612, 792)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    fonts = DictionaryObject({NameObject("/F1"): font})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
    shown = " ".join("(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*"
                     for line in lines)
    content = ContentStream(None, None)
    content.set_data(f"BT /F1 11 Tf 14 TL 72 720 Td {shown} ET".encode("latin-1"))
    page.replace_contents(content)
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_upload_is_read_from_its_text_layer(parser: Geoparser) -> None:
    assert "pdf" in state.UPLOAD_TYPES
    data = pdf_bytes(["Shelling hit Kandahar on Monday, <b>officials</b> said.", "Aid convoys reached Herat."],
                     title="Weekly <i>brief</i>")
    documents, problems = state.read_upload("brief.pdf", data)
    assert problems == [] and [d.title for d in documents] == ["Weekly <i>brief</i>"]
    assert "Kandahar on Monday" in documents[0].text and "Herat" in documents[0].text
    at = run_app()
    at.checkbox(key="use_seeds").set_value(False)
    at.file_uploader(key="uploads").set_value([("brief.pdf", data, "application/pdf"),
                                               ("scan.pdf", b"not a PDF at all", "application/pdf")]).run()
    assert not at.exception
    errors = [re.sub(r"\\(.)", r"\1", e.proto.body) for e in at.error]
    assert any("scan.pdf" in e and "not a PDF" in e for e in errors), errors
    places = parser.parse(documents).places
    assert {"Kandahar", "Herat"} <= {p.record.ascii_name for p in places}
    expected = {p.id for p in places if not is_demonym_only(p)}
    assert set(marker_ids(map_args(at))) == expected
    assert at.selectbox(key="document_shown").options == ["Weekly <i>brief</i>"]  # a plain-text label


def test_upload_size_is_limited_by_the_server_and_by_the_app() -> None:
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == state.MAX_UPLOAD_MB
    assert config["server"]["enableStaticServing"] is True
    documents, problems = state.read_upload("huge.txt", b"a" * (state.MAX_UPLOAD_BYTES + 1))
    assert documents == [] and problems and problems[0].startswith("huge.txt:") and "limit" in problems[0]


def test_exports_are_offered() -> None:
    at = run_app()
    buttons = at.get("download_button")
    labels = [b.proto.label for b in buttons]
    assert labels == ["Places (GeoJSON)", "Mentions (GeoJSON)", "Places (CSV)", "Mentions (CSV)",
                      "Map (standalone HTML)"]


# -- pure helpers -----------------------------------------------------------------------------------------------
def test_highlight_escapes_every_piece_before_marking() -> None:
    text = "<b>Kunar</b> & <img src=x onerror=alert(1)> Peshawar"
    start = text.index("Peshawar")
    marks = [views.Mark(3, 8, "cm-t-adm1", 'Kunar "quoted"', "1"), views.Mark(start, start + 8),
             views.Mark(50, 60), views.Mark(5, 5)]  # out-of-range and empty marks are skipped
    out = views.highlight(text, marks)
    assert out == ('&lt;b&gt;<mark class="cm-t-adm1" title="Kunar &quot;quoted&quot;">Kunar<sup>1</sup></mark>'
                   "&lt;/b&gt; &amp; &lt;img src=x onerror=alert(1)&gt; <mark>Peshawar</mark>")
    assert [t for t, _ in tags(out)] == ["mark", "sup", "mark"]


def visible_text(markup: str) -> str:
    """The text a browser shows for ``markup`` (labels included), entities decoded."""
    pieces: list[str] = []
    parser = HTMLParser(convert_charrefs=True)
    parser.handle_data = pieces.append  # type: ignore[method-assign]
    parser.feed(markup)
    parser.close()
    return "".join(pieces)


def well_formed_marks(markup: str) -> bool:
    """Whether every <mark> and <sup> closes in the order it opened (no crossing that a browser would repair)."""
    stack: list[str] = []
    for closing, name in re.findall(r"<(/?)(mark|sup)\b[^>]*>", markup):
        if not closing:
            stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    return not stack


def test_highlight_nests_and_splits_overlapping_marks_around_hostile_text() -> None:
    text = 'x<script>alert(1)</script>"><img src=x onerror=alert(1)>y'
    marks = [views.Mark(0, 20, "a", '"><script>t</script>', "1"), views.Mark(9, 35, "cm-event", "b\"c", "2"),
             views.Mark(9, 35, "cm-event"), views.Mark(2, 8, "in<side"), views.Mark(30, len(text), "tail")]
    out = views.highlight(text, marks)
    assert visible_text(out) == text[:20] + "1" + text[20:35] + "2" + text[35:]  # all of it once, labels at ends
    assert well_formed_marks(out)
    assert [t for t, _ in tags(out)] == ["mark", "mark", "mark", "mark", "sup", "mark", "mark", "mark", "sup", "mark"]
    assert all(t in ("mark", "sup") and all(n in ("class", "title") for n, _ in a) for t, a in tags(out))
    for payload in ("<script", "<img", '"><s', '"><i'):
        assert payload not in out
    assert '<mark class="a" title="&quot;&gt;&lt;script&gt;t&lt;/script&gt;">' in out
    assert '<mark class="in&lt;side">' in out
    # the mark that crosses the end of "a" is closed with it and reopened after it, once
    assert out.count('<mark class="cm-event" title="b&quot;c">') == 2


def test_quotes_highlight_the_words_that_gave_their_event_tags(parser: Geoparser) -> None:
    text = ('An air strike hit <b onmouseover="alert(1)">Homs</b> market; protesters attacked a convoy near '
            "Idlib <script>alert(1)</script> on Friday.")
    result = parser.parse([Document("t", text)])
    homs = next(p for p in result.places if p.record.name == "Homs")
    [group] = views.quote_groups(homs)
    quote = group[0].mention.quote
    out = views.quote_html(group, "Report <i>1</i>")
    events = event_records(quote.text)
    assert {e["tag"] for e in events} >= {"airstrike", "protest", "attack"}
    for event in events:  # each trigger in its own mark, titled with its tag
        assert f'<mark class="cm-event cm-ev-{event["tag"]}" title="{views.esc(tag_label(event["tag"]))}">' \
               f'{views.esc(event["text"])}</mark>' in out
    assert "<mark>Homs</mark>" in out  # the place's mention beside them
    quote_part = out[:out.index('<div class="cm-cite">')]
    assert visible_text(quote_part) == quote.text and well_formed_marks(out)
    assert "air or drone strike" in visible_text(out[out.index('<div class="cm-cite">'):])  # tags named as evidence
    for tag, attrs in tags(out):
        assert tag in ("div", "mark", "details", "summary", "ul", "li"), tag
        assert not any(name.startswith("on") or name in ("href", "src") for name, _ in attrs)
    assert "<script>" not in out and "<i>" not in out


def test_markdown_escaping_leaves_no_syntax() -> None:
    assert views.md("[x](javascript:alert(1)) <b>") == r"\[x\]\(javascript\:alert\(1\)\) \<b\>"
    assert views.md("a\n\n# b") == r"a \# b"


def test_a_click_selects_the_place_whose_id_it_carries_even_when_markers_coincide() -> None:
    frame = geopandas.GeoDataFrame(
        {"place_id": ["af", "kabul"], "name": ["Afghanistan", "Kabul"]},
        geometry=[shapely.Point(69.17, 34.53), shapely.Point(69.17, 34.53)], crs="EPSG:4326",
    )
    click = {"lat": 34.53, "lng": 69.17}
    assert state.clicked_place(frame, {"last_object_clicked": {**click, "placeId": "kabul"}}) == "kabul"
    assert state.clicked_place(frame, {"last_object_clicked": {**click, "placeId": "af"}}) == "af"
    assert state.clicked_place(frame, {"last_object_clicked": click}) is None  # no id: nothing is guessed
    assert state.clicked_place(frame, {"last_object_clicked": {**click, "placeId": "gone"}}) is None  # filtered out
    assert state.clicked_place(frame, {"last_object_clicked": None}) is None


def test_documents_get_unique_ids_and_labels() -> None:
    docs = state.unique_ids([Document("a", "x", title="Report"), Document("a", "y", title="Report"),
                             Document("b", "z")])
    assert [d.id for d in docs] == ["a", "a#2", "b"]
    assert state.document_labels(docs) == {"a": "Report (a)", "a#2": "Report (a#2)", "b": "b"}


def test_filters_drop_mentions_then_places(seeds: ParseResult) -> None:
    everything = state.filter_result(seeds, state.Filters(show_demonym_only=True))
    assert [p.id for p in everything.places] == [p.id for p in seeds.places]
    none = state.filter_result(seeds, state.Filters(documents=("no such document",)))
    assert none.places == () and none.resolutions == () and none.documents == ()
    strict = state.filter_result(seeds, state.Filters(min_confidence=1.0))
    assert all(r.confidence >= 1.0 for r in strict.resolutions)
    assert all(not is_demonym_only(p) for p in state.filter_result(seeds, state.Filters()).places)


def test_the_places_frame_memo_the_dashboard_keeps_gives_the_frame_export_makes(seeds: ParseResult,
                                                                                parser: Geoparser) -> None:
    memo: dict = {}
    views_of_seeds = (state.Filters(), state.Filters(min_confidence=0.9), state.Filters(),
                      state.Filters(show_demonym_only=True, show_metonymic=False))
    for filters in views_of_seeds:
        filtered = state.filter_result(seeds, filters)
        made = places_frame(filtered, parser.gazetteer, memo=memo)
        expected = places_frame(filtered, parser.gazetteer)
        assert list(made.columns) == list(expected.columns) and len(made) == len(expected) > 0
        assert made.drop(columns="geometry").to_dict("records") == expected.drop(columns="geometry").to_dict("records")
        assert list(made.geometry.geom_equals(expected.geometry)) == [True] * len(made)
    keys = {place_key(p) for f in views_of_seeds for p in state.filter_result(seeds, f).places}
    assert set(memo) == keys  # one row per place and set of mentions, made once and kept for the next change
    assert len({place_id for place_id, _ in keys}) < len(keys)  # the confidence filter changed some places' mentions


def test_the_level_switch_counts_places_in_their_country(seeds: ParseResult) -> None:
    at = run_app()
    at.radio(key="level").set_value("country").run()
    assert not at.exception
    places = map_places(map_args(at))
    assert all(p["tooltip"] for p in places)
    by_country: dict[str, int] = {}
    for place in seeds.places:
        if place.record.feature_type in ("city", "town", "village", "adm1", "adm2", "country") and \
                not is_demonym_only(place) and place.record.country_code:
            by_country[place.record.country_code] = by_country.get(place.record.country_code, 0) + 1
    afghanistan = next(p for p in places if "Afghanistan" in p["tooltip"])
    assert "country" in afghanistan["tooltip"] and by_country["AF"] > 1
    assert len(places) < len(seeds.places)  # rolled up: fewer markers
    at.radio(key="level").set_value("places").run()
    assert len(map_places(map_args(at))) > len(places)
