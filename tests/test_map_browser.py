"""A real-browser check of the standalone map's new drawing (Debian's Chromium, no request off the machine): an
approximate place's hollow marker and its container's outline on hover and selection, event words marked in its
popup, the lakes and rivers of the offline layer, the tag legend."""

from __future__ import annotations

from pathlib import Path

import pytest

import geo
from geo.outputs.export import places_frame
from geo.outputs.mapping import basemap_from_gazetteer, labels_from_gazetteer, tag_colours, write_standalone_map
from geo.store.gazetteer import Gazetteer

TEXT = ("Shelling hit Zorkot village in Kunar province. Protesters gathered in Peshawar. "
        "Clashes were reported in Gulzar Kalay, North Waziristan.")
MAP = "Object.values(window).find(v => v && v instanceof L.Map)"


@pytest.mark.browser
@pytest.mark.slow
def test_approximate_places_and_water_in_chromium(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian chromium not installed")
    gazetteer = Gazetteer.default()
    frame = places_frame(geo.parse(TEXT), gazetteer)
    path = write_standalone_map(frame, tmp_path / "map.html", basemap=basemap_from_gazetteer(gazetteer),
                                labels=labels_from_gazetteer(gazetteer), colour_by="tag")
    requests: list[str] = []
    errors: list[str] = []
    from benchmarks.dashboard import chromium

    with sync_api.sync_playwright() as p, chromium(p, viewport={"width": 1100, "height": 750}) as context:
        page = context.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri())
        page.locator(".leaflet-marker-icon").first.wait_for(state="visible", timeout=10_000)

        # the offline layer: lakes and rivers in their blue, besides the country outlines
        water = page.evaluate("""() => [...document.querySelectorAll('.leaflet-overlay-pane path')]
            .filter(p => p.getAttribute('stroke') === '#7ea9cc').length""")
        assert water > 20
        legend = page.locator(".cm-legend").inner_text()
        assert "Most frequent event" in legend and "shelling" in legend and "approximate" in legend

        # zoomed in on Zorkot (placed at Kunar): a hollow ring; its container's outline only while hovered ...
        # the function returns nothing: a returned map would be serialised, object by object
        page.evaluate(f"() => {{ {MAP}.setView([34.98, 71.06], 12, {{animate: false}}); }}")
        ring = page.locator('.leaflet-marker-icon .cm-approximate[data-place-id="1135702~zorkot"]')
        ring.wait_for(state="visible", timeout=5_000)
        colour = page.evaluate("""(el) => getComputedStyle(el).getPropertyValue('--cm-colour').trim()""",
                               ring.element_handle())
        assert colour == tag_colours()["shelling"]
        assert page.evaluate("(el) => getComputedStyle(el).backgroundColor", ring.element_handle()) in (
            "rgba(0, 0, 0, 0)", "transparent")
        assert page.locator("path.cm-container").count() == 0
        _hover_until(page, ring, "path.cm-container")
        page.mouse.move(3, 300)
        page.wait_for_timeout(200)
        assert page.locator("path.cm-container").count() == 0
        # ... and while selected: the popup says where it was placed and underlines the event words
        ring.click()
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for(state="visible", timeout=5_000)
        assert "Placed approximately, at Kunar" in popup.inner_text()
        assert popup.locator("mark.cm-event").first.inner_text() == "Shelling"
        assert popup.locator("mark:not(.cm-event)").first.inner_text() == "Zorkot"
        page.mouse.move(3, 300)
        page.wait_for_timeout(200)
        assert page.locator("path.cm-container").count() == 1

    assert errors == [], errors
    leaving = [u for u in requests if not u.startswith(("file://", "data:", "http://127.0.0.1"))]
    assert leaving == [], leaving


def _hover_until(page, target, selector: str, attempts: int = 4) -> None:
    """Hover ``target`` until ``selector`` is in the page: markercluster may still be animating the zoom, so a first
    hover can land while the icon moves (a busy machine makes that likely); move away and hover again."""
    page.wait_for_function("() => !document.querySelector('.leaflet-cluster-anim')", timeout=10_000)
    for attempt in range(attempts):
        target.hover()
        try:
            page.locator(selector).first.wait_for(state="attached", timeout=3_000)
            return
        except Exception:  # playwright's TimeoutError: hover again, or fail on the last attempt
            if attempt == attempts - 1:
                raise
            page.mouse.move(3, 300)
