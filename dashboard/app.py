"""conflict-map's dashboard: documents in, places on a map, each place pinned to its quotes and back.

Run from the repository root: ``python -m dashboard`` (``make run``) or ``streamlit run dashboard/app.py``. Layout
and state only; geoparsing, exports and the map come from :mod:`geo`, cached so that changing a filter never parses
again.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import sys
import tempfile
from pathlib import Path

APP_DIR = Path(__file__).resolve().parent

import folium  # noqa: E402
import geopandas  # noqa: E402
import pandas  # noqa: E402
import streamlit as st  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

import geo.outputs.mapping  # noqa: E402
from dashboard import state, views  # noqa: E402
from geo.outputs import export  # noqa: E402
from geo.core.documents import document_from_text, iter_documents  # noqa: E402
from geo.errors import DocumentError, GazetteerError  # noqa: E402
from geo.store.gazetteer import ATTRIBUTION, FEATURE_TYPES, Gazetteer  # noqa: E402
from geo.outputs.coverage import count_line, missing_names  # noqa: E402
from geo.outputs.readback import is_parse_output, read_parse_output  # noqa: E402
from geo.outputs.rollup import LEVELS, roll_up  # noqa: E402
from geo.outputs.timeline import date_span, mentions_per_day, narrow  # noqa: E402
from geo.core.events import all_tags, tag_label  # noqa: E402
from geo.outputs.mapping import (  # noqa: E402
    COLOUR_BY, ColourBy, LayerSpec, base_map, basemap_from_gazetteer, labels_from_gazetteer, layer_spec, map_call,
    place_layers, sync_static_assets, write_basemap, write_labels, write_standalone_map,
)
from geo.core.model import Document, ParseResult, Resolution  # noqa: E402
from geo.core.pipeline import Geoparser, merge_places, pipe  # noqa: E402

SEEDS = APP_DIR.parent / "seeds"
BASEMAP_INDEX = APP_DIR / "static" / "basemap" / "index.json"  # served outlines by gazetteer and mapping version
LABELS_INDEX = APP_DIR / "static" / "labels" / "index.json"  # served base-map labels, likewise
_PARSED_CACHE_SIZE = 50_000  # documents' parses kept per server process (cleared when full)
MAPPING_SOURCE = Path(geo.outputs.mapping.__file__)  # the code that draws the outlines: a new version draws them again
MAP_HEIGHT = 640
COLOUR_LABELS = {"type": "type", "tag": "event tag", "recency": "recency"}  # the sidebar's names of mapping.COLOUR_BY
_DONE_ICON = ":material/check:"  # what st.status shows once complete


# -- cached resources -------------------------------------------------------------------------------------------
@st.cache_resource(show_spinner="Loading the gazetteer…")
def load_parser() -> Geoparser:
    """One geoparser per server process: the gazetteer and word lists load once."""
    return Geoparser(Gazetteer.default())


@st.cache_resource(show_spinner="Drawing the offline country outlines…")
def load_basemap(gazetteer_key: str) -> geopandas.GeoDataFrame:
    """The offline base layer (simplified country outlines, about 0.5 s to make), once per gazetteer: for the standalone
    export, and for :func:`serve_basemap` when it has not served these outlines before."""
    return basemap_from_gazetteer(load_parser().gazetteer)


@st.cache_resource(show_spinner=False)
def serve_basemap(gazetteer_key: str) -> str:
    """The URL of the offline base layer written once under static/basemap/ (content-addressed, so never stale): the
    map fetches it instead of carrying 1.2 MB of outlines on every rerun. The URL is remembered there per gazetteer
    and version of geo.outputs.mapping, so a restarted server serves the outlines without drawing them again."""
    static = APP_DIR / "static"
    version = hashlib.sha256(f"{gazetteer_key}\n{MAPPING_SOURCE.read_text(encoding='utf-8')}".encode()).hexdigest()
    known = state.read_json_object(BASEMAP_INDEX)
    url = known.get(version)
    if isinstance(url, str) and state.is_served_basemap(static, url):
        return url
    url = write_basemap(static, load_basemap(gazetteer_key))
    state.write_json_object(BASEMAP_INDEX, {**known, version: url})
    return url


@st.cache_resource(show_spinner="Naming the offline map's countries, provinces and cities…")
def serve_labels(gazetteer_key: str) -> str:
    """The URL of the offline base map's labels (from the gazetteer), written once under static/labels/ and
    remembered per gazetteer and version of geo.outputs.mapping, as :func:`serve_basemap`."""
    static = APP_DIR / "static"
    version = hashlib.sha256(f"{gazetteer_key}\n{MAPPING_SOURCE.read_text(encoding='utf-8')}".encode()).hexdigest()
    known = state.read_json_object(LABELS_INDEX)
    url = known.get(version)
    if isinstance(url, str) and state.is_served_file(static, url, "labels", ".json"):
        return url
    url = write_labels(static, labels_from_gazetteer(load_parser().gazetteer))
    state.write_json_object(LABELS_INDEX, {**known, version: url})
    return url


@st.cache_resource
def parsed_documents() -> dict[str, tuple[Resolution, ...]]:
    """Every document's resolutions parsed in this server process, by content digest (see
    :func:`state.document_digest`): a rerun, another session or another filter never parses a document again."""
    return {}


@st.cache_resource
def serve_static_assets() -> Path:
    """Copy the vendored Leaflet files where Streamlit's static serving finds them, once per process."""
    return sync_static_assets(APP_DIR / "static")


@st.cache_data(show_spinner=False, max_entries=256)
def read_upload(file_id: str, name: str, _data: bytes) -> tuple[list[Document], list[str]]:
    """An upload's documents and problems, cached by the upload's id and name (an id is never reused for other bytes)
    so reruns neither decode it again nor hash up to 25 MB of it."""
    return state.read_upload(name, _data)


MAX_PLACE_ROWS = 50_000  # rows (and map records) kept per parse result by place_rows (place_records) at most


def row_keys(filtered: ParseResult, frame: geopandas.GeoDataFrame) -> list:
    """Each row's ``export.place_key`` (what its record depends on), for a frame of the filtered places themselves."""
    keys = {p.id: export.place_key(p) for p in filtered.places}
    return [keys.get(str(place_id)) for place_id in frame["place_id"]]


@st.cache_resource(show_spinner=False, max_entries=4)
def place_rows(digest: str) -> dict:
    """Each place's row of the places frame by place and mentions (``export.place_key``), for one parse result
    (``digest``): a filter change makes rows again only for the places whose mentions it changed."""
    return {}


@st.cache_resource(show_spinner=False, max_entries=32)
def filtered_view(
    digest: str, filters: state.Filters, level: str, days: tuple | None, tags: tuple[str, ...], _result: ParseResult
) -> tuple[ParseResult, geopandas.GeoDataFrame, list | None]:
    """The filtered result (within the date range ``days``, mentions with one of the event ``tags``), its places
    frame, rolled up to ``level`` (see geo.outputs.rollup), and for places not rolled up each row's key (see
    :func:`row_keys`), cached per parse digest and choices (a change is cheap).

    A resource, not data: the result is immutable and nothing changes the frame, so reruns share them instead of
    unpickling a copy (half a second at 2,000 documents, on every rerun)."""
    filtered = state.filter_result(narrow(_result, days=days, tags=tags), filters)
    gazetteer = load_parser().gazetteer
    memo = place_rows(digest)
    if len(memo) > MAX_PLACE_ROWS:
        memo.clear()
    frame = roll_up(export.places_frame(filtered, gazetteer, memo=memo), level, gazetteer)
    return filtered, frame, row_keys(filtered, frame) if level == "places" else None


# -- documents --------------------------------------------------------------------------------------------------
def corpus_argument(argv: list[str]) -> Path | None:
    """The ``--corpus PATH`` given after ``--`` to ``streamlit run`` (``python -m dashboard --corpus PATH``)."""
    parser = argparse.ArgumentParser(prog="dashboard", add_help=False)
    parser.add_argument("--corpus", type=Path)
    known, _ = parser.parse_known_args(argv)
    return known.corpus


@st.cache_resource
def preparsed() -> dict[str, tuple[Resolution, ...]]:
    """Resolutions read back from ``geo parse`` output given as the corpus, by document digest: never parsed again
    (and never evicted, unlike :func:`parsed_documents`: their documents may carry no text to parse)."""
    return {}


@st.cache_resource(show_spinner="Reading the corpus…")
def read_corpus(path: str, gazetteer_key: str) -> tuple[list[Document], list[str]]:
    """The documents of a corpus, once per server process, and the problems found: a folder or JSON Lines file of
    articles, or what ``python -m geo parse`` wrote (mentions JSON Lines, GeoParquet), whose resolutions are kept
    in :func:`preparsed` so that nothing is parsed again."""
    problems: list[str] = []
    try:
        if is_parse_output(path):
            result = read_parse_output(path, gazetteer=load_parser().gazetteer,
                                       on_error=lambda bad: problems.append(f"skipped {bad}"))
            documents, by_document, notes = state.split_by_document(result)
            problems += [f"{path}: {note}" for note in notes]
            known = preparsed()
            for document in documents:
                known[state.document_digest(document, gazetteer_key)] = by_document[document.id]
            return documents, problems
        with state.reading_warnings() as warnings:
            documents = list(iter_documents([path], on_error=lambda bad: problems.append(str(bad))))
        problems += warnings
    except (DocumentError, OSError, ValueError) as exc:
        return [], [str(exc)]
    return documents, problems


def choose_documents() -> list[Document]:
    """The sidebar's document sources (the corpus given on the command line, seeds, uploads, pasted text); problems
    are shown per file, the rest is kept."""
    st.sidebar.header("Documents")
    documents: list[Document] = []
    problems: list[str] = []
    corpus = corpus_argument(sys.argv[1:])
    if corpus is not None:
        found, issues = read_corpus(str(corpus), state.gazetteer_key(load_parser().gazetteer))
        if st.sidebar.checkbox(f"Corpus {corpus.name} ({views.plural(len(found), 'document')})", value=True,
                               key="use_corpus", help=f"Given as --corpus {corpus}"):
            documents += found
            problems += issues
    if st.sidebar.checkbox("Example interview (seeds/)", value=corpus is None, key="use_seeds",
                           help="The DW interview in seeds/ that the project is tested on."):
        documents += iter_documents([SEEDS], on_error=lambda bad: problems.append(str(bad)))
    uploads = st.sidebar.file_uploader(
        "Upload articles", type=state.UPLOAD_TYPES, accept_multiple_files=True, key="uploads",
        max_upload_size=state.MAX_UPLOAD_MB,
        help=f".txt, .md, .html, .pdf (its text layer) or .jsonl (one article per line), up to "
        f"{state.MAX_UPLOAD_MB} MB each.",
    )
    for upload in uploads or []:
        found, issues = read_upload(upload.file_id, upload.name, upload.getvalue())
        documents += found
        problems += issues
    pasted = st.sidebar.text_area("Or paste an article", key="pasted", height=110,
                                  placeholder="Paste the text of a news article, then press Ctrl+Enter")
    if pasted.strip():
        try:
            documents.append(document_from_text(pasted, id="pasted", title="Pasted text"))
        except DocumentError as exc:
            problems.append(str(exc))
    for problem in problems:
        st.sidebar.error(views.md(problem), icon=":material/error:")
    return state.unique_ids(documents)


def parse_all(documents: list[Document], gazetteer: Gazetteer) -> tuple[ParseResult, str]:
    """Parse every document (cached per document) with a progress bar; returns the merged result and its digest.

    A rerun with the same documents (a filter change, a click) reuses this session's last result as it is: no cache
    lookups, copies or progress updates, and a finished status drawn without ``st.status`` (which sleeps 50 ms)."""
    key = state.gazetteer_key(gazetteer)
    digests = [state.document_digest(d, key) for d in documents]
    digest = state.combined_digest(digests)
    parsed = st.session_state.get(state.PARSED)
    if parsed is not None and parsed[0] == digest:
        result = parsed[1]
        with st.sidebar.expander(parsed_label(documents, result), icon=_DONE_ICON):
            st.progress(1.0, text=f"{len(documents)} of {len(documents)} documents")
        return result, digest
    cache = parsed_documents()
    if len(cache) > _PARSED_CACHE_SIZE:
        cache.clear()
    known = preparsed()  # read back from geo parse output: never parsed again
    todo = {d.id: g for d, g in zip(documents, digests) if g not in cache and g not in known}
    with st.sidebar.status(f"Parsing {views.plural(len(todo), 'document')}…", expanded=False) as status:
        bar = st.progress(0.0)
        done = len(documents) - len(todo)
        # geo's one loop, in this process with the loaded parser; refused documents are left out of the map
        for parsed in pipe((d for d in documents if d.id in todo), parser=load_parser(),
                           on_error=lambda bad: st.sidebar.warning(views.md(bad), icon=":material/warning:")):
            cache[todo[parsed.document.id]] = parsed.resolutions
            done += 1
            if done % 10 == 0 or done == len(documents):
                status.update(label=f"Parsing document {done} of {len(documents)}…")
                bar.progress(done / len(documents), text=f"{done} of {len(documents)} documents")
        resolutions = [r for g in digests for r in known.get(g) or cache.get(g, ())]
        result = ParseResult(tuple(documents), tuple(resolutions), merge_places(resolutions))
        status.update(label=parsed_label(documents, result), state="complete")
    st.session_state[state.PARSED] = (digest, result)
    return result, digest


def parsed_label(documents: list[Document], result: ParseResult) -> str:
    """The finished parse's status line: "Parsed 3 documents: 16 places" (all places found, as the header's "of")."""
    return f"Parsed {views.plural(len(documents), 'document')}: {views.plural(len(result.places), 'place')}"


# -- filters ----------------------------------------------------------------------------------------------------
def choose_filters(result: ParseResult, labels: dict[str, str], country_names: dict[str, str]) -> state.Filters:
    """The sidebar filters; empty selections mean everything."""
    st.sidebar.header("Filters")
    codes = sorted({p.record.country_code for p in result.places}, key=lambda c: (c == "", country_names.get(c, c)))
    types = [t for t in FEATURE_TYPES if any(p.record.feature_type == t for p in result.places)]
    documents = st.sidebar.multiselect("Documents", [d.id for d in result.documents], key="filter_documents",
                                       format_func=labels.__getitem__, placeholder="All documents")
    countries = st.sidebar.multiselect("Countries", codes, key="filter_countries", placeholder="All countries",
                                       format_func=lambda c: country_names.get(c, c) or "No country (lines, regions)")
    feature_types = st.sidebar.multiselect("Place types", types, key="filter_types", placeholder="All types",
                                           format_func=views.type_label)
    confidence = st.sidebar.slider("Minimum confidence", 0.0, 1.0, 0.0, 0.05, key="filter_confidence",
                                   help="Hide mentions the geoparser resolved with less confidence than this.")
    metonymic = st.sidebar.toggle("Metonymic uses", value=True, key="filter_metonymic",
                                  help="“Washington said…”: a place named for its government or institutions.")
    demonyms = st.sidebar.toggle("Places named only by demonyms", value=False, key="filter_demonyms",
                                 help="“Pakistani officials…” with no other mention of Pakistan.")
    return state.Filters(tuple(documents), tuple(countries), tuple(feature_types), confidence, metonymic, demonyms)


# -- main views -------------------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=4)
def place_records(digest: str) -> dict:
    """The map's record of each place row by its key (``export.place_key``), selection and colour, for one parse
    result (``digest``): a new filter or selection remakes only the records of the places it changed."""
    return {}


@st.cache_resource(show_spinner=False, max_entries=64)
def cached_layer_spec(view_key: tuple, selected: str | None, colour_by: str, _frame: geopandas.GeoDataFrame,
                      _keys: list | None = None) -> LayerSpec:
    """The map's place records for one filtered view (``view_key``, its parse digest first), selection and colour
    scheme, made once: a click or a rerun that changes none of them sends the same places without drawing them again
    in Python. ``_keys`` (one per row, places not rolled up) lets the records of unchanged places be reused across
    views. Popups carry no quotes (the panel beside the map shows them all), which keeps the map's data small;
    approximate places' containers come from the gazetteer (their outlines show on hover)."""
    memo = place_records(view_key[0])
    if len(memo) > MAX_PLACE_ROWS:
        memo.clear()
    return layer_spec(_frame, selected=selected, colour_by=colour_by, containers=load_parser().gazetteer,
                      popup_quotes=0, memo=memo if _keys is not None else None, keys=_keys)


def show_map(frame: geopandas.GeoDataFrame, basemap_url: str, labels_url: str, selected: str | None,
             view_key: tuple | None = None, colour_by: ColourBy = "type", row_keys: list | None = None) -> None:
    """The map from geo.outputs.mapping: a fixed base map (outlines fetched from ``basemap_url``, tiles, assets) that
    streamlit-folium keeps across reruns (its iframe stays while its script is unchanged), and the places (markers,
    shapes, clusters, legend, view, with the layer control listing them) swapped into it in JavaScript, so a filter
    change or a selection redraws only them. A click reaches :func:`state.take_map_click` with its place id."""
    base = base_map(basemap_url=basemap_url, labels_url=labels_url)
    # streamlit-folium's click count starts at 0 where the Python default is None: a new map would report a change
    # (and rerun the app) before any click; from null, counting still works (null + 1 is 1)
    map_call("noClickYet").add_to(base)
    map_call("fastClicks").add_to(base)  # a click reaches the app without streamlit-folium's 250 ms debounce
    spec = cached_layer_spec(view_key, selected, colour_by, frame, row_keys) if view_key is not None else None
    layers = place_layers(spec if spec is not None else frame, selected=selected, colour_by=colour_by, popup_quotes=0)
    # streamlit-folium keeps every feature group it ever added; those of the last redraw are gone already: forget
    # them in the first group, which runs before the new ones are kept (or a long session never frees them)
    map_call("forgetRemovedGroups").add_to(layers[0])
    st_folium(
        base, key=state.MAP_KEY, height=MAP_HEIGHT, use_container_width=True, returned_objects=state.RETURNED_OBJECTS,
        feature_group_to_add=layers, layer_control=folium.LayerControl(collapsed=True),
    )


def show_places_table(frame: geopandas.GeoDataFrame, country_names: dict[str, str]) -> None:
    """The places table; selecting a row selects its place (and so centres the map on it)."""
    key = f"places_table_{st.session_state[state.TABLE_GENERATION]}"
    place_ids = [str(p) for p in frame["place_id"]]
    st.dataframe(
        views.places_table(frame, country_names), key=key, hide_index=True, width="stretch",
        height=min(38 + 35 * len(frame), 700), selection_mode="single-row",
        on_select=functools.partial(state.on_table_select, key, place_ids),
        column_config={"Confidence": st.column_config.ProgressColumn(format="percent", min_value=0, max_value=1)},
    )


def show_documents(result: ParseResult, labels: dict[str, str], selected: str | None) -> None:
    """A document with its resolved mentions highlighted and numbered, and a picker that selects a mention's place."""
    if not result.documents:
        st.info("No document matches the filters.")
        return
    shown = st.selectbox("Document", [d.id for d in result.documents], format_func=labels.__getitem__,
                         key="document_shown")
    document = next(d for d in result.documents if d.id == shown)
    mentions = [r for r in result.resolutions if r.mention.doc_id == document.id and r.place is not None]
    place_ids = [r.place.id for r in mentions]
    key = f"mention_pick:{document.id}"
    chosen = st.session_state.get(key)
    if chosen is not None and (chosen >= len(mentions) or place_ids[chosen] != selected):
        st.session_state[key] = None  # the selection moved elsewhere: the picker no longer describes it
    st.selectbox(
        "Show a mention on the map", range(len(mentions)), index=None, key=key,
        format_func=lambda i: state.mention_label(i + 1, mentions[i]), on_change=state.on_mention_select,
        args=(key, place_ids), placeholder=f"Choose one of the {len(mentions)} highlighted mentions…",
    )
    with st.container(height=460):
        st.html(views.document_html(document, mentions, selected))


def show_exports(result: ParseResult, frame: geopandas.GeoDataFrame, gazetteer: Gazetteer,
                 colour_by: ColourBy = "type") -> None:
    """Download buttons for what the map shows: GeoJSON and CSV of places and mentions, and a standalone HTML map."""
    st.caption("Exports follow the current filters. GeoJSON is RFC 7946, as `python -m geo parse --format geojson`.")

    def as_json(data: dict) -> str:
        """JSON text as the CLI writes it (UTF-8 kept, one trailing newline)."""
        return json.dumps(data, ensure_ascii=False) + "\n"

    def standalone_html() -> str:
        """The standalone map (inline assets, embedded outlines), made only when the button is pressed."""
        basemap = load_basemap(state.gazetteer_key(gazetteer))
        with tempfile.TemporaryDirectory() as folder:
            title = f"conflict-map: {len(frame)} place(s) from {len(result.documents)} document(s)"
            return write_standalone_map(frame, Path(folder) / "map.html", basemap=basemap, title=title,
                                        colour_by=colour_by, containers=gazetteer).read_text(encoding="utf-8")

    downloads = [
        # ``result`` is already filtered (demonym-only places included only when the toggle shows them)
        ("Places (GeoJSON)", lambda: as_json(export.places_geojson(result, gazetteer, include_demonyms=True)),
         "places.geojson", "application/geo+json"),
        ("Mentions (GeoJSON)", lambda: as_json(export.mentions_geojson(result)), "mentions.geojson",
         "application/geo+json"),
        ("Places (CSV)", lambda: export.places_csv(result, include_demonyms=True), "places.csv", "text/csv"),
        ("Mentions (CSV)", lambda: export.mentions_csv(result), "mentions.csv", "text/csv"),
        ("Map (standalone HTML)", standalone_html, "conflict-map.html", "text/html"),
    ]
    for column, (label, data, file_name, mime) in zip(st.columns(len(downloads)), downloads):
        column.download_button(label, data, file_name=file_name, mime=mime, on_click="ignore", width="stretch",
                               icon=":material/download:", key=f"download_{file_name}")


@st.fragment
def map_and_panel(
    frame: geopandas.GeoDataFrame, filtered: ParseResult, all_places: dict[str, str], basemap_url: str,
    labels_url: str, titles: dict[str, str], country_names: dict[str, str], view_key: tuple | None = None,
    colour_by: ColourBy = "type", row_keys: list | None = None,
) -> None:
    """The map and the quotes panel beside it, as one fragment: a click on the map reruns only this (the quotes
    show without the sidebar, tables and documents being drawn again). The panel's heading and first quotes come
    first, then the map (slower), then a busy place's other quotes, so hundreds of them never delay the first."""
    state.take_map_click(frame)
    selected = st.session_state[state.SELECTED]
    place = next((p for p in filtered.places if p.id == selected), None)
    map_column, panel_column = st.columns([0.62, 0.38], gap="medium")
    draw_the_rest = None
    with panel_column, st.container(height=MAP_HEIGHT, border=True, key="place_panel"):
        area = frame[frame["place_id"] == selected] if place is None and selected is not None else frame.iloc[:0]
        if place is not None:
            draw_the_rest = views.place_panel(place, titles, country_names.get(place.record.country_code),
                                              first=views.FIRST_QUOTES)
        elif len(area):
            st.html(views.rollup_panel_html(area.iloc[0].to_dict()))
        else:
            views.empty_panel(all_places.get(selected) if selected is not None else None)
    drawn = st.session_state[state.MAP_SELECTED]  # a click leaves the map as it is: it marks the place itself
    with map_column:
        show_map(frame, basemap_url, labels_url, drawn if drawn in set(frame["place_id"].astype(str)) else None,
                 view_key, colour_by, row_keys)
    if draw_the_rest is not None:  # a busy place's other quotes, once its heading, first quotes and the map are sent
        draw_the_rest()


def main() -> None:
    """Lay out the dashboard: sidebar (documents, filters), map and quotes panel, then places, what the map does not
    show, documents and exports."""
    st.set_page_config(page_title="conflict-map", layout="wide", initial_sidebar_state="expanded")
    st.html(views.CSS)
    state.init_state()
    serve_static_assets()
    try:
        parser = load_parser()
    except GazetteerError as exc:
        st.error(f"The gazetteer cannot be opened: {views.md(exc)}", icon=":material/error:")
        st.stop()
    gazetteer = parser.gazetteer

    documents = choose_documents()
    st.html('<div class="cm-head"><h1>conflict-map</h1>'
            "<span>places named in the news, pinned to the quotes that name them</span></div>")
    if not documents:
        st.info("Add documents in the sidebar: upload articles or paste text (or switch the example back on).")
        st.caption(ATTRIBUTION)
        return
    result, digest = parse_all(documents, gazetteer)
    titles = {d.id: d.title or d.id for d in result.documents}
    country_names = {
        code: record.name for code in {p.record.country_code for p in result.places}
        if code and (record := gazetteer.country(code)) is not None
    }
    labels = state.document_labels(result.documents)
    filters = choose_filters(result, labels, country_names)
    level = st.sidebar.radio("Show places as", LEVELS, horizontal=True, key="level",
                             format_func={"places": "themselves", "district": "districts", "province": "provinces",
                                          "country": "countries"}.__getitem__,
                             help="Count each place in its district, province or country.")
    colour_by = st.sidebar.radio("Colour places by", COLOUR_BY, horizontal=True, key="colour_by",
                                 format_func=lambda c: COLOUR_LABELS.get(c, c),
                                 help="Type of place; the event tag its quotes carry most (evidence from trigger "
                                 "words); or recency, the date of the latest document naming it (undated: grey).")
    span = date_span(result)
    days = None
    if span is not None and span[0] < span[1]:
        chosen = st.sidebar.slider("Dates", min_value=span[0], max_value=span[1], value=span, key="filter_dates",
                                   help="Documents dated in this range (undated documents are left out of a range).")
        days = None if tuple(chosen) == span else tuple(chosen)
    tags = st.sidebar.multiselect("Event tags", [t.tag for t in all_tags()], key="filter_tags", format_func=tag_label,
                                  placeholder="All events", help="Mentions whose quote the event lexicon tags so: "
                                  "evidence from trigger words, not a classification.")
    filtered, frame, keys = filtered_view(digest, filters, level, days, tuple(tags), result)
    key = state.gazetteer_key(gazetteer)
    basemap_url, labels_url = serve_basemap(key), serve_labels(key)  # the outlines themselves only for the export
    missing = missing_names(filtered.resolutions)

    resolved = sum(r.place is not None for r in filtered.resolutions)
    lacking = count_line(missing)
    st.html(f'<div class="cm-stats">{len(filtered.places)} of {views.plural(len(result.places), "place")} · '
            f'{views.plural(resolved, "resolved mention")} · {len(filtered.documents)} of '
            f'{views.plural(len(result.documents), "document")}'
            f'{" · <b>" + views.esc(lacking) + "</b>" if lacking else ""}</div>')
    map_and_panel(frame, filtered, {p.id: p.record.name for p in result.places}, basemap_url, labels_url, titles,
                  country_names, (digest, filters, level, days, tuple(tags)), colour_by, keys)
    selected = st.session_state[state.SELECTED]
    selected = selected if any(p.id == selected for p in filtered.places) else None

    places_tab, missing_tab, timeline_tab, documents_tab, export_tab = st.tabs(
        [f"Places ({len(frame)})", f"Not on the map ({len(missing)})", "Timeline", "Documents", "Export"])
    with timeline_tab:
        per_day = mentions_per_day(filtered)
        if per_day:
            st.bar_chart(pandas.DataFrame(per_day, columns=["Day", "Placed mentions"]).set_index("Day"), height=220)
        else:
            st.info("No dated documents: a date comes from the JSON Lines date, HTML metadata, a dateline or the "
                    "file's metadata file.")
    with places_tab:
        show_places_table(frame, country_names)
    with missing_tab:
        st.caption("Names the geoparser found but could not place, and places it placed only approximately: what "
                   "the map does not show.")
        st.html(f'<div class="cm-missing-panel">{views.missing_html(missing, titles)}</div>')
    with documents_tab:
        show_documents(filtered, labels, selected)
    with export_tab:
        show_exports(filtered, frame, gazetteer, colour_by)
    st.caption(ATTRIBUTION)


main()
