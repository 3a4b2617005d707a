"""What the map does not show: names the parser found but could not place, and places it placed only approximately.

Pure (no Streamlit, no HTML): the dashboard lists these with their quotes in their own panel and counts them in its
header, so an analyst knows what the map lacks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from geo.core.model import Resolution
from geo.core.names import name_key

Gap = Literal["not placed", "approximate"]


@dataclass(frozen=True, slots=True)
class MissingName:
    """One name the map lacks or shows only roughly: as written (its most frequent form), why, and every mention."""

    name: str
    gap: Gap
    resolutions: tuple[Resolution, ...]

    @property
    def documents(self) -> tuple[str, ...]:
        """The ids of the documents that name it, in first-mention order."""
        return tuple(dict.fromkeys(r.mention.doc_id for r in self.resolutions))


def _gap(resolution: Resolution) -> Gap | None:
    """Whether a mention is missing from the map (no place) or placed only approximately; None when it is placed."""
    if resolution.place is None:
        return None if resolution.mention.kind == "demonym" else "not placed"  # "Pakistani" alone names no place
    return "approximate" if getattr(resolution, "approximate", False) else None


def missing_names(resolutions: Iterable[Resolution]) -> list[MissingName]:
    """Unplaced and approximately placed mentions grouped by name (its written forms folded together by
    :func:`name_key`), unplaced first, then by mention count and name; deterministic."""
    groups: dict[tuple[Gap, str], list[Resolution]] = {}
    for resolution in resolutions:
        gap = _gap(resolution)
        if gap is not None:
            groups.setdefault((gap, name_key(resolution.mention.text) or resolution.mention.text), []).append(resolution)
    found = []
    for (gap, _), members in groups.items():
        forms: dict[str, int] = {}
        for r in members:
            text = " ".join(r.mention.text.split())
            forms[text] = forms.get(text, 0) + 1
        found.append(MissingName(max(forms, key=forms.__getitem__), gap, tuple(members)))
    return sorted(found, key=lambda m: (m.gap != "not placed", -len(m.resolutions), m.name.casefold(), m.name))


def count_line(missing: Iterable[MissingName]) -> str:
    """The header's summary of what the map lacks: "6 names not placed · 2 approximate", or "" when nothing is."""
    missing = list(missing)
    unplaced = sum(m.gap == "not placed" for m in missing)
    approximate = sum(m.gap == "approximate" for m in missing)
    parts = []
    if unplaced:
        parts.append(f"{unplaced} name{'s' * (unplaced != 1)} not placed")
    if approximate:
        parts.append(f"{approximate} placed approximately")
    return " · ".join(parts)
