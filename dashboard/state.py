"""What the dashboard keeps between reruns and how user input becomes documents, filters and a selected place.

The functions above the session-state section are pure (no Streamlit) so they can be tested and reused; the geoparsing
itself stays in :mod:`geo`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import geopandas
import streamlit as st

from geo.core.documents import MAX_DOCUMENT_BYTES, BadRecord, document_from_bytes
from geo.errors import DocumentError
from geo.store.gazetteer import Gazetteer, sha256_file
from geo.outputs.mapping import clicked_place_id
from geo.core.model import Document, ParseResult, Resolution
from geo.core.pipeline import is_demonym_only, merge_places
from geo.outputs.readback import READBACK_SOURCE

MAP_KEY = "map"  # st_folium's key: its on_change copies the latest click here before the app reruns
SELECTED = "selected_place"
# The selection the map was last drawn with. A click on the map selects its place without drawing the map again (the
# map highlights the clicked marker itself), so the quotes show at once; a selection from elsewhere redraws it.
MAP_SELECTED = "map_selected_place"
PARSED = "parsed"  # (digest of the documents, their ParseResult): this session's last parse, reused by reruns
TABLE_GENERATION = "places_table_generation"  # bumped to clear the table's row selection
# Clicks rerun the app; pans and zooms do not. The map outlives reruns (only its places are swapped), so the click
# count is returned too: a second click on the same marker, after another place was selected, still reruns.
RETURNED_OBJECTS = ["last_object_clicked", "last_object_clicked_count"]
UPLOAD_TYPES = ["txt", "md", "html", "htm", "jsonl", "pdf"]  # what geo.core.documents reads (PDF: its text layer)
MAX_UPLOAD_MB = MAX_DOCUMENT_BYTES // 1_000_000  # also [server] maxUploadSize in .streamlit/config.toml
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1_000_000


@dataclass(frozen=True, slots=True)
class Filters:
    """What the analyst asked to see; empty tuples mean "all". Hashable, so it can key a cache."""

    documents: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    feature_types: tuple[str, ...] = ()
    min_confidence: float = 0.0
    show_metonymic: bool = True  # mentions that name a place for its government ("Washington said")
    show_demonym_only: bool = False  # places reached only through demonyms ("Pakistani")


def filter_result(result: ParseResult, filters: Filters) -> ParseResult:
    """The parse result restricted to the filters: mentions by document, metonymy and confidence, then re-merged places
    by demonym-only, country and type; resolved mentions of hidden places are dropped so exports match the map."""
    documents = set(filters.documents) or {d.id for d in result.documents}
    kept = [
        r for r in result.resolutions
        if r.mention.doc_id in documents and (filters.show_metonymic or not r.mention.metonymic)
        and r.confidence >= filters.min_confidence
    ]
    places = tuple(
        p for p in merge_places(kept)
        if (filters.show_demonym_only or not is_demonym_only(p))
        and (not filters.countries or p.record.country_code in filters.countries)
        and (not filters.feature_types or p.record.feature_type in filters.feature_types)
    )
    shown = {p.id for p in places}
    resolutions = tuple(r for r in kept if r.place is None or r.place.id in shown)
    return ParseResult(tuple(d for d in result.documents if d.id in documents), resolutions, places)


def gazetteer_key(gazetteer: Gazetteer) -> str:
    """The checksums of the gazetteer's artifacts: part of every parse cache key, so a rebuilt gazetteer re-parses."""
    return ",".join(str(layer.manifest.get("artifact", {}).get("sha256", layer.path)) for layer in gazetteer.layers)


def document_digest(document: Document, gazetteer: str) -> str:
    """A content hash of one document (id, text and metadata) under one gazetteer: the key of its cached parse."""
    fields = [gazetteer, document.id, document.text, document.source, document.title, document.date, document.url,
              document.publisher]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode("utf-8", "surrogatepass")).hexdigest()


def combined_digest(digests: Sequence[str]) -> str:
    """One key for a whole set of parsed documents, from their digests in order."""
    return hashlib.sha256("\n".join(digests).encode("ascii")).hexdigest()


def unique_ids(documents: Iterable[Document]) -> list[Document]:
    """Documents with ids made unique in order ("report", "report#2", ...): seeds, uploads and pasted text may clash."""
    seen: set[str] = set()
    unique = []
    for document in documents:
        new, n = document.id, 1
        while new in seen:
            n += 1
            new = f"{document.id}#{n}"
        seen.add(new)
        unique.append(document if new == document.id else replace(document, id=new))
    return unique


def document_labels(documents: Iterable[Document]) -> dict[str, str]:
    """A distinct label per document id for pickers: its title, with the id added when titles repeat (Streamlit tells
    options apart by their label)."""
    documents = list(documents)
    titles = [d.title or d.id for d in documents]
    counts = Counter(titles)
    return {d.id: t if counts[t] == 1 or t == d.id else f"{t} ({d.id})" for d, t in zip(documents, titles)}


def read_upload(name: str, data: bytes) -> tuple[list[Document], list[str]]:
    """An uploaded file's documents and the problems found (each naming the file); a bad file yields no documents."""
    if len(data) > MAX_UPLOAD_BYTES:
        return [], [f"{name}: {len(data) / 1e6:.1f} MB is over the {MAX_UPLOAD_MB} MB upload limit; split it up."]
    skipped: list[BadRecord] = []
    try:
        documents = document_from_bytes(data, name, on_error=skipped.append)
    except DocumentError as exc:
        return [], [str(exc)]
    return documents, [f"skipped {bad}" for bad in skipped]


def split_by_document(result: ParseResult) -> tuple[list[Document], dict[str, tuple[Resolution, ...]], list[str]]:
    """A parse output read back (:func:`geo.outputs.readback.read_parse_output`) as the dashboard keeps it: its
    documents, each one's resolutions by id, and notes for the analyst (a repeated document id, whose later copies
    are left out; places the gazetteer lacks, drawn from the output's own fields).

    Parameters
    ----------
    result
        The ParseResult read back; its resolutions are in document order.
    """
    by_document: dict[str, list[Resolution]] = {}
    for resolution in result.resolutions:
        by_document.setdefault(resolution.mention.doc_id, []).append(resolution)
    documents, notes, seen = [], [], set()
    for document in result.documents:
        if document.id in seen:
            notes.append(f"document {document.id!r} appears more than once; its records are shown as one document")
            continue
        seen.add(document.id)
        documents.append(document)
    rebuilt = {r.place.id for r in result.resolutions if r.place is not None and not r.approximate
               and r.place.source.startswith(READBACK_SOURCE)}
    if rebuilt:
        notes.append(f"{len(rebuilt)} place{'s' * (len(rebuilt) != 1)} not in this gazetteer, drawn where the output "
                     "puts them")
    return documents, {d.id: tuple(by_document.get(d.id, ())) for d in documents}, notes


class _Collect(logging.Handler):
    """Keeps the messages logged by one thread (this script run's), not by other sessions reading at the same time."""

    def __init__(self, found: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.found, self.thread = found, threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        """Keep one message, without its "warning: " prefix."""
        if record.thread == self.thread:
            self.found.append(record.getMessage().removeprefix("warning: "))


@contextmanager
def reading_warnings() -> Iterator[list[str]]:
    """The warnings geo.core.documents logs while the block reads documents (an unusable NAME.meta.json: its date
    ignored, say), so the sidebar can show them beside the other problems; each is logged once per process."""
    found: list[str] = []
    handler = _Collect(found)
    logger = logging.getLogger("geo.core.documents")
    logger.addHandler(handler)
    try:
        yield found
    finally:
        logger.removeHandler(handler)


def read_json_object(path: Path) -> dict[str, Any]:
    """A small JSON object kept on disk, or {} when it is missing or unreadable (it is only a cache)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_json_object(path: Path, data: Mapping[str, Any]) -> None:
    """Replace a small JSON object on disk atomically (readers see the old or the new one, never half of one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=1, sort_keys=True)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def is_served_file(static_dir: Path, url: str, folder: str, suffix: str) -> bool:
    """Whether ``url`` names a file written under ``static_dir/folder`` by geo.outputs.mapping (write_basemap,
    write_labels) and still intact (its name is the sha256 of its content)."""
    found = re.fullmatch(rf"/app/static/({re.escape(folder)}/([0-9a-f]{{64}}){re.escape(suffix)})", url)
    if found is None:
        return False
    path = static_dir / found.group(1)
    return path.is_file() and sha256_file(path) == found.group(2)


def is_served_basemap(static_dir: Path, url: str) -> bool:
    """Whether ``url`` names an intact basemap written by geo.outputs.mapping.write_basemap under ``static_dir``."""
    return is_served_file(static_dir, url, "basemap", ".geojson")


def clicked_place(places: geopandas.GeoDataFrame, value: Mapping[str, Any] | None) -> str | None:
    """The place_id a st_folium click refers to: the id the clicked feature carries (see
    :func:`geo.outputs.mapping.clicked_place_id`), if that place is on the map; never guessed from text or position."""
    place_id = clicked_place_id(dict(value) if isinstance(value, Mapping) else None)
    return place_id if place_id is not None and place_id in set(places["place_id"].astype(str)) else None


def mention_label(number: int, resolution: Resolution) -> str:
    """How a resolved mention is offered in the document view's picker: its number in the text, words and place."""
    place = resolution.place
    assert place is not None, "only resolved mentions are offered"
    return f"{number} · “{resolution.mention.text}” → {place.name} ({place.country_code or 'no country'})"


# -- session state ----------------------------------------------------------------------------------------------
def init_state() -> None:
    """Create the session keys the app reads before any widget sets them."""
    st.session_state.setdefault(SELECTED, None)
    st.session_state.setdefault(MAP_SELECTED, None)
    st.session_state.setdefault(TABLE_GENERATION, 0)


def select_place(place_id: str | None, *, clear_table: bool = True, on_map: bool = False) -> None:
    """Make ``place_id`` the selected place; unless the table chose it, clear the table's now stale row selection;
    unless the map itself chose it (``on_map``), the map is drawn again around it."""
    if clear_table and place_id != st.session_state.get(SELECTED):
        st.session_state[TABLE_GENERATION] = st.session_state.get(TABLE_GENERATION, 0) + 1
    st.session_state[SELECTED] = place_id
    if not on_map:
        st.session_state[MAP_SELECTED] = place_id


def take_map_click(places: geopandas.GeoDataFrame) -> None:
    """Select the place of the latest map click, once: the click is consumed so later reruns do not repeat it."""
    value = st.session_state.pop(MAP_KEY, None)
    place_id = clicked_place(places, value) if value else None
    if place_id is not None:
        select_place(place_id, on_map=True)


def on_table_select(key: str, place_ids: Sequence[str]) -> None:
    """Callback of the places table: the selected row's place becomes the selected place."""
    rows = st.session_state[key].selection.rows
    if rows and rows[0] < len(place_ids):
        select_place(place_ids[rows[0]], clear_table=False)


def on_mention_select(key: str, place_ids: Sequence[str]) -> None:
    """Callback of the document view's mention picker: the mention's place becomes the selected place."""
    index = st.session_state.get(key)
    if index is not None and index < len(place_ids):
        select_place(place_ids[index])
