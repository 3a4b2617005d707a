"""conflict-map's geoparser: find the places news text names, resolve them offline, export them with quotes.

    >>> import geo
    >>> result = geo.parse("Drone strikes hit North Waziristan, near Miran Shah.")
    >>> [p.record.name for p in result.places]
    >>> for item in geo.pipe(documents, workers=4):  # the one loop: batching, processes, input order
    ...     item.document.id, item.resolutions

The heavy parts load lazily, so ``import geo`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from geo.store.gazetteer import Gazetteer, PlaceRecord
    from geo.store.geocoder import OfflineGeocoder
    from geo.core.pipeline import Geoparser, ParsedDocument, parse, pipe

__all__ = ["Gazetteer", "Geoparser", "OfflineGeocoder", "ParsedDocument", "PlaceRecord", "parse", "pipe"]

_LAZY = {
    "Gazetteer": "geo.store.gazetteer", "PlaceRecord": "geo.store.gazetteer", "OfflineGeocoder": "geo.store.geocoder",
    "Geoparser": "geo.core.pipeline", "parse": "geo.core.pipeline", "pipe": "geo.core.pipeline",
    "ParsedDocument": "geo.core.pipeline",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'geo' has no attribute {name!r}")
