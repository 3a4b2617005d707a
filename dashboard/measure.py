"""The dashboard in a real browser: start it, drive it, time it; shared by tests/test_dashboard_browser.py and benches.

``.venv/bin/python -m dashboard.measure`` prints, as JSON, the seconds from server start to the map's markers being
visible and from a confidence-slider change to the map re-rendered (markers drawn; also until its offline outlines,
fetched by URL, are drawn). Needs Debian's /usr/bin/chromium (never ``playwright install``).
"""

from __future__ import annotations

import json
import os
import signal
import socket
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

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
OUTLINE_PANE = "cmOutlines"  # geo.mapping's pane of the offline outlines, which the map fetches once it is up
VIEWPORT = {"width": 1400, "height": 900}

# The place ids of every marker Leaflet holds, clustered or not (markers carry folium's placeId option).
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
def dashboard_server(port: int | None = None, *, timeout: float = 60.0) -> Iterator[Server]:
    """Start the dashboard exactly as the README does (headless, on 127.0.0.1) and stop it on exit; waits until
    ``/_stcore/health`` answers ``ok``."""
    port = port or free_port()
    command = [python(), "-m", "streamlit", "run", "dashboard/app.py", "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1"]
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
def chromium(playwright: Playwright) -> Iterator[BrowserContext]:
    """Debian's Chromium, headless, with a fresh profile and no background traffic of its own."""
    with tempfile.TemporaryDirectory(prefix="conflict-map-chromium-") as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, viewport=VIEWPORT, args=CHROMIUM_ARGS,
            accept_downloads=True,
        )
        try:
            yield context
        finally:
            context.close()


def map_frame(page: Page, *, timeout: float = 30.0) -> Frame:
    """The Leaflet map's frame once its markers are visible (the map iframe is replaced whenever the map changes)."""
    page.frame_locator(MAP_IFRAME).last.locator(".leaflet-marker-icon").first.wait_for(
        state="visible", timeout=timeout * 1000
    )
    frame = page.locator(MAP_IFRAME).last.element_handle().content_frame()
    assert frame is not None, "the map iframe has no frame"
    frame.wait_for_function("() => window.map && window.L && window.L.MarkerClusterGroup", timeout=timeout * 1000)
    return frame


def place_ids(frame: Frame) -> list[str]:
    """The place ids of every marker on the map, including those folded into clusters."""
    return frame.evaluate(_PLACE_IDS_JS)


def open_dashboard(page: Page, url: str) -> Frame:
    """Open the dashboard and return the map frame once markers are visible."""
    page.goto(url)
    return map_frame(page)


def mark_stale(frame: Frame) -> None:
    """Flag the current map's window so :func:`wait_for_new_map` can tell a re-rendered map from it."""
    frame.evaluate("() => { window.__cmStale = true; }")


def wait_for_new_map(page: Page, *, timeout: float = 30.0) -> Frame:
    """Wait until the map shown is a fresh one (no :func:`mark_stale` flag) with markers, and return its frame; the old
    and new map iframes may coexist for a moment while Streamlit swaps them."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        for handle in page.locator(MAP_IFRAME).element_handles():
            try:
                frame = handle.content_frame()
                if frame is not None and frame.evaluate(
                    "() => !window.__cmStale && !!window.map && !!document.querySelector('.leaflet-marker-icon')"
                ):
                    return frame
            except PlaywrightError:  # the frame navigated or detached while we looked at it
                pass
        page.wait_for_timeout(20)
    raise TimeoutError("the map was not re-rendered")


def wait_for_outlines(frame: Frame, *, timeout: float = 30.0) -> None:
    """Wait until the offline country outlines (fetched by URL after the markers are drawn) are on the map."""
    frame.wait_for_function(
        f"() => !!document.querySelector('.leaflet-{OUTLINE_PANE}-pane path')", timeout=timeout * 1000
    )


def set_min_confidence_to_max(page: Page) -> None:
    """Move the sidebar's confidence slider to its maximum with the keyboard, as an analyst would."""
    thumb = page.get_by_role("slider", name="Minimum confidence")
    thumb.focus()
    thumb.press("End")


def measure(url: str | None = None) -> dict[str, Any]:
    """Seconds from server start to markers visible (cold: first parse and basemap included), from a second page load
    to markers visible (warm), and from a confidence-slider change to the map re-rendered."""
    with sync_playwright() as playwright, chromium(playwright) as context:
        page = context.new_page()
        if url is None:
            with dashboard_server() as server:
                open_dashboard(page, server.url)
                cold = time.perf_counter() - server.started
                return {"server_healthy_s": round(server.healthy_after, 2), "server_start_to_markers_s": round(cold, 2),
                        **page_timings(page, server.url)}
        return page_timings(page, url)


def page_timings(page: Page, url: str) -> dict[str, float]:
    """Seconds from opening the dashboard to markers visible, and from a confidence-slider change to the new map."""
    start = time.perf_counter()
    frame = open_dashboard(page, url)
    warm = time.perf_counter() - start
    before = place_ids(frame)
    mark_stale(frame)
    start = time.perf_counter()
    set_min_confidence_to_max(page)
    frame = wait_for_new_map(page)
    filter_change = time.perf_counter() - start
    wait_for_outlines(frame)
    outlines = time.perf_counter() - start
    after = place_ids(frame)
    return {"page_load_to_markers_s": round(warm, 2), "filter_change_to_map_s": round(filter_change, 2),
            "filter_change_to_outlines_s": round(outlines, 2),
            "markers_before_filter": len(before), "markers_after_filter": len(after)}


def main() -> int:
    """Print the timings as JSON (starting a server of its own unless a URL is given)."""
    print(json.dumps(measure(sys.argv[1] if len(sys.argv) > 1 else None), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
