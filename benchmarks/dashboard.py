"""The dashboard in a real browser: start it, drive it, time it; shared by tests/test_dashboard_browser.py and benches.

``.venv/bin/python -m benchmarks.dashboard --sizes 1,100,2000`` (from the repository root) prints, per generated
corpus size (benchmarks/corpus.py), the seconds to the first markers, a filter change, a click to its quotes and a
click on the place with the most quotes to its heading and first quote;
``--screenshot docs/corpus-map.png`` photographs a 2,000-document corpus view for the README (a place selected on
the map, its quotes beside it). With a URL, or
with no option, it prints, as JSON, the seconds from server start to the map's markers being
visible and from a confidence-slider change to the map's places redrawn (swapped into the same map, whose outlines
stay). Needs Debian's /usr/bin/chromium (never ``playwright install``).
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Frame, Page, Playwright, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from benchmarks import corpus

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
OUTLINE_PANE = "cmOutlines"  # geo.outputs.mapping's pane of the offline outlines, which the map fetches once it is up
VIEWPORT = {"width": 1400, "height": 900}
SCREENSHOT_COUNTRIES = ("SY", "IQ", "LB", "PS", "IL")  # where the README's corpus view looks
FILTER_CHANGES = 6  # timed confidence-slider changes (to the maximum and back): the first, median and slowest are kept

# The place ids of every marker Leaflet holds, clustered or not (geo.outputs.mapping gives markers a placeId option).
_PLACE_IDS_JS = """() => {
    const ids = [];
    window.map.eachLayer(layer => {
        if (layer instanceof L.MarkerClusterGroup) {
            layer.getLayers().forEach(m => m.options.placeId && ids.push(m.options.placeId));
        } else if (layer instanceof L.Marker && layer.options.placeId) {
            ids.push(layer.options.placeId);
        }
    });
    return [...new Set(ids)].sort();
}"""


# The map's redraw count (0 before its places are first drawn), and whether it drew since mark_stale.
_REDRAWS_JS = """() => {
    const box = document.querySelector('.leaflet-container');
    return box ? Number(box.dataset.cmRedraws || 0) : 0;
}"""
_REDRAWN_JS = f"""() => {{
    const drawn = ({_REDRAWS_JS})();
    return drawn > 0 && (window.__cmStale === undefined || drawn > window.__cmStale) && !!window.map
        && !!document.querySelector('.leaflet-marker-icon');
}}"""


# In the top page: when the next key press reached it (epoch milliseconds, as in the map's frame).
_WATCH_KEY_JS = """() => {
    window.__cmKeyAt = null;
    window.addEventListener('keydown', () => { window.__cmKeyAt = performance.timeOrigin + performance.now(); },
                            {capture: true, once: true});
}"""
# In the map's frame: once the places are redrawn (the redraw count moves), when the next frame has been painted
# (a task queued from that frame's animation callback runs after its paint), and when the outlines are in their pane
# again and painted. Epoch milliseconds in window.__cmPainted = {map, outlines}.
_WATCH_REDRAW_JS = """() => {
    const box = document.querySelector('.leaflet-container');
    const pane = document.querySelector('.leaflet-OUTLINE_PANE-pane');
    const now = () => performance.timeOrigin + performance.now();
    const afterPaint = (then) => requestAnimationFrame(() => setTimeout(() => then(now()), 0));
    const start = box.dataset.cmRedraws;
    window.__cmPainted = null;
    const painted = {};
    const outlinesBack = () => {
        if (pane && !pane.querySelector('path')) {
            const watch = new MutationObserver(() => {
                if (pane.querySelector('path')) { watch.disconnect(); outlinesBack(); }
            });
            watch.observe(pane, {childList: true, subtree: true});
            return;
        }
        afterPaint(at => { painted.outlines = at; window.__cmPainted = painted; });
    };
    const redrawn = new MutationObserver(() => {
        if (box.dataset.cmRedraws === start) { return; }
        redrawn.disconnect();
        afterPaint(at => { painted.map = at; outlinesBack(); });
    });
    redrawn.observe(box, {attributes: true, attributeFilter: ['data-cm-redraws']});
}""".replace("OUTLINE_PANE", OUTLINE_PANE)


@dataclass
class Server:
    """A running dashboard: its URL, process and when it was started (``time.perf_counter``)."""

    url: str
    process: subprocess.Popen
    started: float
    healthy_after: float = field(default=0.0)


def python() -> str:
    """The project's interpreter (.venv/bin/python, as the README runs it), else the current one."""
    venv = REPO / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def dashboard_server(port: int | None = None, *, timeout: float = 60.0, corpus: Path | None = None) -> Iterator[Server]:
    """Start the dashboard exactly as ``make run`` does (``python -m dashboard``, with ``--corpus`` when given; here
    headless, on 127.0.0.1) and stop it on exit; waits until ``/_stcore/health`` answers ``ok``."""
    port = port or free_port()
    command = [python(), "-m", "dashboard", *(["--corpus", str(corpus)] if corpus else []), "--server.headless",
               "true", "--server.port", str(port), "--server.address", "127.0.0.1"]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}", process, started)
    try:
        while True:
            if process.poll() is not None:
                output = process.stdout.read().decode(errors="replace") if process.stdout else ""
                raise RuntimeError(f"the dashboard exited with {process.returncode}:\n{output}")
            try:
                with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=1) as answer:
                    if answer.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if time.perf_counter() - started > timeout:
                raise TimeoutError(f"the dashboard did not answer /_stcore/health within {timeout:.0f} s")
            time.sleep(0.1)
        server.healthy_after = time.perf_counter() - started
        yield server
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        if process.stdout:
            process.stdout.close()


@contextmanager
def chromium(playwright: Playwright, viewport: dict[str, int] | None = None) -> Iterator[BrowserContext]:
    """Debian's Chromium, headless, with a fresh profile and no background traffic of its own (the dashboard's
    harness and the map's browser tests)."""
    with tempfile.TemporaryDirectory(prefix="conflict-map-chromium-") as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, viewport=viewport or VIEWPORT, args=CHROMIUM_ARGS,
            accept_downloads=True,
        )
        try:
            yield context
        finally:
            context.close()


PANEL = ".st-key-place_panel"  # the quotes panel beside the map

# Where the marker of a place sits (its LatLng), clustered or not; null when no marker has that place id.
_MARKER_AT_JS = """(placeId) => {
    let found = null;
    window.map.eachLayer(layer => {
        const markers = layer instanceof L.MarkerClusterGroup ? layer.getLayers()
            : (layer instanceof L.Marker ? [layer] : []);
        markers.forEach(m => { if (m.options.placeId === placeId) { found = m.getLatLng(); } });
    });
    return found && [found.lat, found.lng];
}"""
# The boxes of the marker and cluster icons drawn inside the map's container.
_ICON_BOXES_JS = """() => {
    const map = document.querySelector('.leaflet-container').getBoundingClientRect();
    const controls = [...document.querySelectorAll('.leaflet-control')].map(c => c.getBoundingClientRect());
    return [...document.querySelectorAll('.leaflet-marker-icon')].map(icon => {
        const box = icon.getBoundingClientRect();
        const id = icon.querySelector('[data-place-id]');
        const covered = controls.some(c => box.left < c.right && c.left < box.right && box.top < c.bottom
                                              && c.top < box.bottom);
        return {x: box.left, y: box.top, width: box.width, height: box.height,
                id: id ? id.dataset.placeId : null, cluster: icon.classList.contains('marker-cluster'),
                selected: !!icon.querySelector('.cm-selected'), covered: covered};
    }).filter(b => b.width > 0 && b.height > 0 && b.x + b.width > map.left && b.x < map.right
                   && b.y + b.height > map.top && b.y < map.bottom);
}"""


# Zoom until the marker of a place is out of its cluster (markercluster's zoomToShowLayer); true once it shows.
_SHOW_MARKER_JS = """(placeId) => new Promise(resolve => {
    let done = false;
    window.map.eachLayer(layer => {
        if (done || !(layer instanceof L.MarkerClusterGroup)) { return; }
        const marker = layer.getLayers().find(m => m.options.placeId === placeId);
        if (marker) { done = true; layer.zoomToShowLayer(marker, () => resolve(true)); }
    });
    if (!done) { resolve(false); }
})"""


def show_marker(frame: Frame, place_id: str) -> bool:
    """Zoom the map until the marker of ``place_id`` is drawn on its own (out of any cluster); False if none."""
    return bool(frame.evaluate(_SHOW_MARKER_JS, place_id))


def marker_latlng(frame: Frame, place_id: str) -> tuple[float, float] | None:
    """Where the marker of ``place_id`` sits on the map, clustered or not."""
    found = frame.evaluate(_MARKER_AT_JS, place_id)
    return (found[0], found[1]) if found else None


def icon_boxes(frame: Frame) -> list[dict[str, Any]]:
    """The marker and cluster icons visible in the map: their screen boxes, place ids and whether a cluster."""
    return frame.evaluate(_ICON_BOXES_JS)


def overlaps(boxes: list[dict[str, Any]], limit: float = 0.5) -> list[tuple[Any, Any, float]]:
    """Pairs of icons covering more than ``limit`` of the smaller one's area, with the share covered."""
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            width = min(a["x"] + a["width"], b["x"] + b["width"]) - max(a["x"], b["x"])
            height = min(a["y"] + a["height"], b["y"] + b["height"]) - max(a["y"], b["y"])
            if width > 0 and height > 0:
                share = width * height / min(a["width"] * a["height"], b["width"] * b["height"])
                if share > limit:
                    found.append((a["id"] or "cluster", b["id"] or "cluster", round(share, 2)))
    return found


def click_marker_at_view(page: Page, place_id: str) -> None:
    """Click the marker of ``place_id`` where the map shows it now."""
    page.frame_locator(MAP_IFRAME).last.locator(f'.leaflet-marker-icon:has([data-place-id="{place_id}"])').click()


def time_click_to_quotes(page: Page, *, attempts: int = 3) -> float:
    """Seconds from a click on a single marker in view (from a settled page) to its quotes shown in the panel."""
    for attempt in range(attempts):
        wait_until_idle(page)
        frame = map_frame(page)
        singles = [b for b in icon_boxes(frame)
                   if b["id"] and not b["cluster"] and not b["selected"] and not b["covered"]]
        selected = {b["id"] for b in icon_boxes(frame) if b["selected"]}
        for target in [i for i in place_ids(frame) if i not in selected][:20]:
            if singles:
                break
            # all folded into clusters, or out of view: zoom to one not selected yet (some share a point: skip them)
            latlng = marker_latlng(frame, target)
            if latlng is None:
                continue
            frame.evaluate("([lat, lng]) => { window.map.setView([lat, lng], 12, {animate: false}); }", list(latlng))
            page.wait_for_timeout(200)
            singles = [b for b in icon_boxes(frame)
                       if b["id"] and not b["cluster"] and not b["selected"] and not b["covered"]]
        if not singles:
            raise RuntimeError("no other marker to click")
        heading = page.locator(f"{PANEL} h3")  # st.html renders in a shadow root: Playwright's locators pierce it
        before = heading.all_inner_texts()
        start = time.perf_counter()
        click_marker_at_view(page, singles[0]["id"])
        deadline = start + 15
        while time.perf_counter() < deadline:
            shown = heading.all_inner_texts()
            if shown and shown != before:
                return time.perf_counter() - start
            page.wait_for_timeout(5)
        if attempt == attempts - 1:
            raise TimeoutError("the clicked place's quotes were not shown")
    raise AssertionError("unreachable")


def map_frame(page: Page, *, timeout: float = 30.0) -> Frame:
    """The Leaflet map's frame once its markers are visible (the last map iframe: one may be replacing another)."""
    page.frame_locator(MAP_IFRAME).last.locator(".leaflet-marker-icon").first.wait_for(
        state="visible", timeout=timeout * 1000
    )
    frame = page.locator(MAP_IFRAME).last.element_handle().content_frame()
    assert frame is not None, "the map iframe has no frame"
    frame.wait_for_function("() => window.map && window.L && window.L.MarkerClusterGroup", timeout=timeout * 1000)
    return frame


def drawn_markers(frame: Frame) -> int:
    """How many markers the map draws, a cluster counting for the markers folded into it."""
    return frame.evaluate("""() => {
        const single = document.querySelectorAll('.leaflet-marker-icon [data-place-id]').length;
        const folded = [...document.querySelectorAll('.marker-cluster span')]
            .reduce((n, span) => n + Number(span.textContent), 0);
        return single + folded;
    }""")


def place_ids(frame: Frame) -> list[str]:
    """The place ids of every marker on the map, including those folded into clusters."""
    return frame.evaluate(_PLACE_IDS_JS)


def open_dashboard(page: Page, url: str, *, timeout: float = 30.0) -> Frame:
    """Open the dashboard and return the map frame once markers are visible."""
    page.goto(url)
    return map_frame(page, timeout=timeout)


def redraws(frame: Frame) -> int:
    """How many times the map has drawn its places (geo.outputs.mapping's view script counts in ``data-cm-redraws``)."""
    return frame.evaluate(_REDRAWS_JS)


def mark_stale(frame: Frame) -> None:
    """Remember in the map's window how many times it has drawn its places, so :func:`wait_for_new_map` can tell a
    redraw (places swapped in place, the usual case) or a new map iframe from what is shown now."""
    frame.evaluate(f"() => {{ window.__cmStale = ({_REDRAWS_JS})(); }}")


def wait_for_new_map(page: Page, *, timeout: float = 30.0) -> Frame:
    """Wait until the map has drawn new places since :func:`mark_stale` (streamlit-folium swaps them into the same
    iframe) with markers, and return its frame. A map iframe that was never marked counts as new: the whole map is
    rebuilt only when its base (outlines, tiles, assets) changes, and old and new iframes may coexist for a moment."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        for handle in page.locator(MAP_IFRAME).element_handles():
            try:
                frame = handle.content_frame()
                if frame is not None and frame.evaluate(_REDRAWN_JS):
                    return frame
            except PlaywrightError:  # the frame navigated or detached while we looked at it
                pass
        page.wait_for_timeout(10)
    raise TimeoutError("the map did not redraw its places")


def wait_for_outlines(frame: Frame, *, timeout: float = 30.0) -> None:
    """Wait until the offline country outlines are on the map (fetched by URL after the markers are first drawn, and
    put back a frame after the places whenever a redraw moves the view)."""
    frame.wait_for_function(
        f"() => !!document.querySelector('.leaflet-{OUTLINE_PANE}-pane path')", timeout=timeout * 1000
    )


def set_min_confidence(page: Page, key: str = "End") -> None:
    """Move the sidebar's confidence slider with the keyboard, as an analyst would: ``End`` to its maximum, ``Home``
    back to its minimum."""
    thumb = page.get_by_role("slider", name="Minimum confidence")
    thumb.focus()
    thumb.press(key)


def wait_until_idle(page: Page, *, timeout: float = 30.0) -> None:
    """Wait until the dashboard's script run has finished and the places table is drawn, so that a filter change is
    timed from a settled page rather than one still drawing its first run."""
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=timeout * 1000)
    page.locator('[data-testid="stDataFrame"]').first.wait_for(state="visible", timeout=timeout * 1000)


@dataclass
class FilterChange:
    """One timed filter change, in seconds from the key press reaching the page (its ``keydown``) to the first frame
    painted after the map redrew its places, and after its offline outlines were back at the new view (they follow
    the places by a frame when the view moves); ``observed`` is what the test process saw, polling included."""

    to_map: float
    to_outlines: float
    observed: float


def time_filter_change(page: Page, key: str = "End") -> FilterChange:
    """Time a confidence-slider key press, from a settled page, to the map's places and outlines redrawn."""
    wait_until_idle(page)
    frame = map_frame(page)
    frame.evaluate(_WATCH_REDRAW_JS)
    mark_stale(frame)
    page.evaluate(_WATCH_KEY_JS)
    start = time.perf_counter()
    set_min_confidence(page, key)
    frame = wait_for_new_map(page)
    observed = time.perf_counter() - start
    painted = frame.wait_for_function("() => window.__cmPainted && window.__cmPainted.outlines && window.__cmPainted",
                                      timeout=30_000).json_value()
    key_at = page.evaluate("() => window.__cmKeyAt")
    return FilterChange((painted["map"] - key_at) / 1000, (painted["outlines"] - key_at) / 1000, observed)


def measure(url: str | None = None) -> dict[str, Any]:
    """Seconds from server start to markers visible (cold: imports and first parse included; the offline outlines are
    drawn only the first time a gazetteer is served), from a second page load to markers visible (warm), and from
    confidence-slider changes to the map redrawn (see :func:`page_timings`)."""
    with sync_playwright() as playwright, chromium(playwright) as context:
        page = context.new_page()
        if url is None:
            with dashboard_server() as server:
                open_dashboard(page, server.url)
                cold = time.perf_counter() - server.started
                return {"server_healthy_s": round(server.healthy_after, 2), "server_start_to_markers_s": round(cold, 2),
                        **page_timings(page, server.url)}
        return page_timings(page, url)


def page_timings(page: Page, url: str, *, changes: int = FILTER_CHANGES) -> dict[str, float]:
    """Seconds from opening the dashboard to markers visible, and from a confidence-slider change to the map redrawn
    (places swapped into the same map; see :class:`FilterChange`): the first change in full, then the median and
    slowest of ``changes`` changes (to the maximum and back, alternately)."""
    start = time.perf_counter()
    frame = open_dashboard(page, url)
    warm = time.perf_counter() - start
    wait_for_outlines(frame)
    before = place_ids(frame)
    first = time_filter_change(page, "End")
    after = place_ids(map_frame(page))
    times = [first] + [time_filter_change(page, "Home" if n % 2 else "End") for n in range(1, changes)]
    to_map = [t.to_map for t in times]
    return {"page_load_to_markers_s": round(warm, 2), "filter_change_to_map_s": round(first.to_map, 3),
            "filter_change_to_outlines_s": round(first.to_outlines, 3),
            "filter_change_observed_s": round(first.observed, 3),
            "filter_change_median_s": round(statistics.median(to_map), 3), "filter_change_max_s": round(max(to_map), 3),
            "filter_changes_timed": len(times), "markers_before_filter": len(before),
            "markers_after_filter": len(after)}


def corpus_timings(documents: int) -> dict[str, Any]:
    """Timings on a generated corpus of ``documents`` documents opened with ``--corpus``: server start to the first
    markers (the parse included), a warm page load to markers, filter changes, and a click to its quotes."""
    with tempfile.TemporaryDirectory(prefix="conflict-map-bench-") as folder:
        path = corpus.write(Path(folder) / "wire.jsonl", documents)
        with sync_playwright() as playwright, chromium(playwright) as context, \
                dashboard_server(corpus=path, timeout=120) as server:
            page = context.new_page()
            open_dashboard(page, server.url, timeout=300)
            cold = time.perf_counter() - server.started
            timings = page_timings(page, server.url, changes=4)
            clicks = [time_click_to_quotes(page) for _ in range(3)]
            busiest = busiest_place_id(path)
            return {"documents": documents, "server_start_to_markers_s": round(cold, 2), **timings,
                    "click_to_quotes_s": round(clicks[0], 3), "click_to_quotes_median_s":
                    round(statistics.median(clicks), 3),
                    "busiest_place_quotes": busiest[1],
                    "click_busiest_to_quotes_s": round(time_click_on(page, busiest[0]), 3)}


def busiest_place_id(source: Path) -> tuple[str, int]:
    """The place of a corpus with the most quotes (as the dashboard merges them) and how many it has."""
    from geo.core.documents import iter_documents
    from geo.core.pipeline import Geoparser

    best = max(Geoparser().parse(iter_documents([source])).places, key=lambda p: (len(p.quotes), p.id))
    return best.id, len(best.quotes)


def time_click_on(page: Page, place_id: str) -> float:
    """Seconds from a click on the marker of ``place_id`` (zoomed out of its cluster first, from a settled page) to
    its heading and first quote shown in the panel."""
    wait_until_idle(page)
    frame = map_frame(page)
    if not show_marker(frame, place_id):
        raise RuntimeError(f"no marker of {place_id} on the map")
    page.wait_for_timeout(300)
    quote = page.locator(f"{PANEL} .cm-quote").first
    before = page.locator(f"{PANEL} h3").all_inner_texts()
    start = time.perf_counter()
    click_marker_at_view(page, place_id)
    deadline = start + 15
    while time.perf_counter() < deadline:
        shown = page.locator(f"{PANEL} h3").all_inner_texts()
        if shown and shown != before and quote.count():
            return time.perf_counter() - start
        page.wait_for_timeout(5)
    raise TimeoutError("the clicked place's quotes were not shown")


@dataclass(frozen=True)
class ShownPlace:
    """The place the README's screenshot selects: its id and name, a document that names it (its label in the
    document picker) and the mention picker's option for it."""

    place_id: str
    name: str
    document: str
    mention: str


def busiest_place(source: Path, countries: tuple[str, ...] = SCREENSHOT_COUNTRIES) -> ShownPlace:
    """The city of ``countries`` the corpus names most, parsed here as the dashboard will, and the first document
    that names it: the README's screenshot selects it there, so that the map is drawn around it."""
    from dashboard.state import document_labels, mention_label
    from geo.core.documents import iter_documents
    from geo.core.pipeline import Geoparser

    result = Geoparser().parse(iter_documents([source]))
    places = [p for p in result.places if p.record.country_code in countries and p.record.feature_type == "city"]
    if not places:
        raise RuntimeError(f"the corpus names no city in {', '.join(countries)}")
    best = max(places, key=lambda p: (p.mention_count, p.id))
    doc_id = best.resolutions[0].mention.doc_id
    resolved = [r for r in result.resolutions if r.mention.doc_id == doc_id and r.place is not None]
    number = next(n for n, r in enumerate(resolved, 1) if r.place.id == best.id)
    return ShownPlace(best.id, best.record.name, document_labels(result.documents)[doc_id],
                      mention_label(number, resolved[number - 1]))


def choose(page: Page, label: str, option: str) -> None:
    """Pick ``option`` in the select box ``label``, typing it to narrow a long list, as an analyst would."""
    box = page.get_by_label(label, exact=True)
    box.click()
    page.keyboard.type(option[:60])
    page.get_by_role("option", name=option, exact=True).first.click()


def corpus_screenshot(path: Path, documents: int = 2000) -> Path:
    """Photograph a corpus view for the README: a generated corpus of ``documents`` documents, the busiest city of
    the Levant and Iraq chosen from a document's highlighted mentions (so the map is drawn around it, the place
    selected), the map with its offline labels, and its quotes beside it, the mention and the event words marked."""
    with tempfile.TemporaryDirectory(prefix="conflict-map-shot-") as folder:
        source = corpus.write(Path(folder) / "wire.jsonl", documents)
        shown = busiest_place(source)
        with sync_playwright() as playwright, chromium(playwright) as context, \
                dashboard_server(corpus=source, timeout=120) as server:
            page = context.new_page()
            frame = open_dashboard(page, server.url, timeout=300)
            wait_until_idle(page)
            idle = page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')
            page.get_by_role("tab", name="Documents").click()
            choose(page, "Document", shown.document)
            page.locator(".cm-doc").wait_for(timeout=30_000)
            idle.wait_for(timeout=30_000)
            mark_stale(map_frame(page))
            choose(page, "Show a mention on the map", shown.mention)
            page.locator(f"{PANEL} h3").filter(has_text=shown.name).wait_for(timeout=30_000)
            frame = wait_for_new_map(page)
            idle.wait_for(timeout=30_000)
            page.evaluate("() => document.querySelectorAll('*').forEach(e => { if (e.scrollTop) e.scrollTop = 0; })")
            wait_for_outlines(frame)
            frame.evaluate("() => window.map.zoomOut(1, {animate: false})")  # the region around it, its clusters
            wait_for_outlines(frame)
            page.get_by_role("tab", name=re.compile(r"^Places")).click()  # the table under the map, as it opens
            page.locator(f"{PANEL} h3").hover()  # no tooltip over the map
            page.wait_for_timeout(1500)  # labels and tiles of the new view drawn
            path.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(path))
    return path


def main() -> int:
    """Print the timings as JSON: per corpus size with ``--sizes``, else on the seed interview (starting a server of
    its own unless a URL is given); ``--screenshot PATH`` photographs a corpus view."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m benchmarks.dashboard")
    parser.add_argument("url", nargs="?")
    parser.add_argument("--sizes", help="comma-separated corpus sizes, e.g. 1,100,2000")
    parser.add_argument("--screenshot", type=Path, help="photograph a 2,000-document corpus view (the README's "
                        "docs/corpus-map.png) to this file")
    args = parser.parse_args()
    if args.screenshot:
        print(corpus_screenshot(args.screenshot))
    if args.sizes:
        for size in (int(n) for n in args.sizes.split(",")):
            print(json.dumps(corpus_timings(size)), flush=True)
    elif not args.screenshot:
        print(json.dumps(measure(args.url), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
