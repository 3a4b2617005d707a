"""When and what: a parse result narrowed to a date range and to event tags, and its mentions per day.

Pure (no Streamlit): the dashboard's timeline, date-range filter and tag filter. Dates are the documents' ISO dates
(geo.core.dates); tags are the quotes' event tags (geo.core.events), evidence from the curated lexicon.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable

from geo.core.events import quote_tags
from geo.core.model import ParseResult
from geo.core.pipeline import merge_places


def document_day(date: str | None) -> datetime.date | None:
    """A document's day from its ISO date ("2026-11-03" or a full timestamp), or None when it has none."""
    if not date:
        return None
    try:
        return datetime.date.fromisoformat(str(date)[:10])
    except ValueError:
        return None


def date_span(result: ParseResult) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day of the dated documents, or None when no document is dated."""
    days = [d for d in (document_day(doc.date) for doc in result.documents) if d is not None]
    return (min(days), max(days)) if days else None


def narrow(result: ParseResult, *, days: tuple[datetime.date, datetime.date] | None = None,
           tags: Iterable[str] = ()) -> ParseResult:
    """``result`` with only the documents dated within ``days`` (undated documents are kept out of a range) and only
    the mentions whose quote carries one of ``tags``; places merged again from what is left."""
    tags = set(tags)
    if days is None and not tags:
        return result
    documents = tuple(
        d for d in result.documents
        if days is None or ((day := document_day(d.date)) is not None and days[0] <= day <= days[1])
    )
    kept = {d.id for d in documents}
    resolutions = tuple(
        r for r in result.resolutions
        if r.mention.doc_id in kept and (not tags or tags & set(quote_tags(r.mention.quote.text)))
    )
    return ParseResult(documents, resolutions, merge_places(resolutions))


def mentions_per_day(result: ParseResult) -> list[tuple[datetime.date, int]]:
    """Placed mentions per day of their document's date, every day of the span included (0 when none)."""
    dates = {d.id: document_day(d.date) for d in result.documents}
    counts = Counter(dates[r.mention.doc_id] for r in result.resolutions
                     if r.place is not None and dates.get(r.mention.doc_id) is not None)
    if not counts:
        return []
    first, last = min(counts), max(counts)
    return [(first + datetime.timedelta(days=n), counts.get(first + datetime.timedelta(days=n), 0))
            for n in range((last - first).days + 1)]
