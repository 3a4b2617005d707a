"""The exception hierarchy: one base class so callers can catch everything conflict-map raises on purpose."""

from __future__ import annotations


class GeoError(Exception):
    """Base class of every error conflict-map raises on purpose."""


class GazetteerError(GeoError):
    """The gazetteer artifact cannot be used."""


class GazetteerMissing(GazetteerError):
    """No gazetteer artifact at the expected path."""


class GazetteerCorrupt(GazetteerError):
    """The artifact exists but its checksum, schema or content is wrong."""


class DocumentError(GeoError):
    """An input document cannot be read as text (binary, too large, undecodable, malformed record)."""


class EvaluationError(GeoError):
    """An evaluation corpus cannot be read."""
