"""When a document was written, as an ISO date (yyyy-mm-dd), from the evidence a news file carries.

In order: the record's own ``date`` (a JSON Lines field, or the metadata file beside a file, ``NAME.meta.json`` or
``NAME.json``, which the reader puts into ``Document.date``), the HTML page's metadata (``article:published_time``,
``og:*``, ``<meta name="date">``, ``pubdate``, ``<time datetime>``), a dateline at the head of the text ("KABUL,
May 3, 2015 —", "QUETTA, May 3 (Reuters) -", "14 January 2015"), and last, for a document built without the reader,
the metadata file beside the path it is given. Metadata values are read in any common form ("2024-05-03",
"2024-05-03T10:00:00Z", "3 May 2024", "May 3, 2024", "20240503", "13/05/2024"); a numeric day and month that could be
either way round ("03/05/2024") give None rather than a guess. Every reader here is total: untrusted input gives a
date or None, never an exception.
"""

from __future__ import annotations

import calendar
import datetime
import json
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from geo.core.model import Document

# How far into a text a dateline or a by-line date is looked for: the head of an article, not its body.
DATELINE_CHARS = 1500
# How much of an HTML page is searched for its metadata (the <head> and the top of the article).
HTML_DATE_BYTES = 1_000_000
MAX_SIDECAR_BYTES = 1_000_000
SIDECAR_SUFFIXES = (".meta.json", ".json")
MIN_YEAR, MAX_YEAR = 1900, 2100

# Month names and their abbreviations from the standard library (English under the default C locale).
_MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    _MONTHS[calendar.month_name[_number].lower()] = _number
    _MONTHS[calendar.month_abbr[_number].lower()] = _number
_MONTHS.setdefault("sept", 9)  # the AP style abbreviation beside the standard "sep"
_MONTH = r"(?P<month>(?i:" + "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True)) + r"))\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

_ISO = re.compile(r"^\s*(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?=$|[T\s_]|[+-]\d|Z)")
_COMPACT = re.compile(r"^\s*(?P<year>(?:19|20)\d\d)(?P<month>[01]\d)(?P<day>[0-3]\d)(?:$|T)")
# "13/05/2024", "05/13/2024", "3.5.2024": day and month in either order, told apart only when one is over 12
_NUMERIC = re.compile(r"^\s*(?P<first>\d{1,2})(?P<sep>[/.\-])(?P<second>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d\d)"
                      r"(?=$|[T\s,])")
# "May 3, 2015", "Jan. 14 2015", "Tuesday, May 3, 2015"
_MONTH_DAY_YEAR = re.compile(rf"(?:\b|(?-i:(?<=[a-zà-ÿ])(?=[A-Z]))){_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE)
# "14 January 2015", "3rd May, 2015"
_DAY_MONTH_YEAR = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE)
# A wire dateline without a year at the start of a line: "QUETTA/CHAMAN, May 3 (Reuters) -", "GAZA, 3 May (AFP) —"
_PLACE = r"[A-Z][A-Za-z'’.\-]*(?:[ /][A-Z][A-Za-z'’.\-]*)*"
_WIRE_MONTH_DAY = re.compile(rf"(?m)^\s*{_PLACE},\s+{_MONTH}\s+{_DAY}\s*(?:\([^)\n]{{1,40}}\)\s*)?[-–—:]")
_WIRE_DAY_MONTH = re.compile(rf"(?m)^\s*{_PLACE},\s+{_DAY}\s+{_MONTH}\s*(?:\([^)\n]{{1,40}}\)\s*)?[-–—:]")
_COPYRIGHT_YEAR = re.compile(r"(?:©|\(c\)|copyright)\s*(?P<year>(?:19|20)\d\d)", re.IGNORECASE)

# HTML metadata that names when an article was published, most specific first.
_META_KEYS = (
    "article:published_time", "og:article:published_time", "og:published_time", "og:pubdate", "pubdate",
    "publishdate", "publish_date", "publish-date", "datepublished", "date", "dc.date", "dc.date.issued",
    "dcterms.date", "dcterms.created", "sailthru.date", "parsely-pub-date", "article.published", "og:updated_time",
    "article:modified_time",
)


def parse_date(value: object) -> str | None:
    """An ISO date (yyyy-mm-dd) from a metadata value: ISO 8601 (with any time), yyyymmdd, "May 3, 2015",
    "3 May 2015", or a numeric date whose day and month order is unambiguous ("13/05/2015", "05/13/2015", "03/03/2015");
    None for anything else, an ambiguous "03/05/2015" included."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()[:200]
    for pattern in (_ISO, _COMPACT):
        match = pattern.match(value)
        if match:
            return _iso(match.group("year"), match.group("month"), match.group("day"))
    match = _NUMERIC.match(value)
    if match:
        return _numeric_date(int(match.group("first")), int(match.group("second")), match.group("year"))
    return _written_date(value)


def _numeric_date(first: int, second: int, year: str) -> str | None:
    """A day/month or month/day date when only one order is a calendar date, or both give the same day."""
    readings = {date for date in (_iso(year, second, first), _iso(year, first, second)) if date}
    return readings.pop() if len(readings) == 1 else None


def dateline_date(text: str) -> str | None:
    """The date of a dateline or by-line at the head of a text; a wire dateline without a year ("May 3 (Reuters)")
    takes the year of the first full date or copyright notice in the text, else gives None."""
    head = text[:DATELINE_CHARS]
    for pattern in (_WIRE_MONTH_DAY, _WIRE_DAY_MONTH):
        match = pattern.search(head)
        if match:
            # A full date right after the wire place ("KABUL, May 3, 2015 —") is read whole below.
            full = _written_date(head[match.start():match.end() + 12])
            if full:
                return full
            year = _year_hint(text)
            if year:
                return _iso(year, match.group("month"), match.group("day"))
    return _written_date(head)


def html_date(markup: str | bytes) -> str | None:
    """The publication date an HTML page declares: <meta> (property, name or itemprop), JSON-LD, then <time>."""
    import lxml.etree
    import lxml.html

    data = markup.encode("utf-8", "replace") if isinstance(markup, str) else markup
    data = data[:HTML_DATE_BYTES]
    if not data.strip():
        return None
    parser = lxml.html.HTMLParser(remove_comments=True, no_network=True)
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError):
        return None
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        content = meta.get("content")
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = (meta.get(attribute) or "").strip().lower()
            if key and content and key not in found:
                found[key] = content
    for key in _META_KEYS:
        date = parse_date(found.get(key))
        if date:
            return date
    for script in root.xpath("//script[@type='application/ld+json']"):
        date = _json_ld_date(script.text or "")
        if date:
            return date
    times = root.xpath("//time[@pubdate and @datetime]") or root.xpath("//time[@datetime]")
    for element in times:
        date = parse_date(element.get("datetime"))
        if date:
            return date
    return None


@dataclass(frozen=True, slots=True)
class Sidecar:
    """The metadata file beside a document: which file (None when there is none), its JSON object ({} when unusable)
    and, when it is there but unusable, why (one line, for a warning)."""

    path: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)
    problem: str | None = None


def read_sidecar(path: str | os.PathLike[str]) -> Sidecar:
    """The metadata file beside a document: ``NAME.meta.json``, else ``NAME.json`` (the first that exists and holds a
    JSON object; else the first that exists, with its problem). The one reader of these files (dates and documents)."""
    base = Path(os.fspath(path))
    first_bad: Sidecar | None = None
    for suffix in SIDECAR_SUFFIXES:
        side = base.with_name(base.stem + suffix)
        if side == base:
            continue
        try:
            if not side.is_file():
                continue
            if side.stat().st_size > MAX_SIDECAR_BYTES:
                problem = f"over the {MAX_SIDECAR_BYTES:,}-byte limit for a metadata file"
            else:
                value = json.loads(side.read_bytes().decode("utf-8-sig"))
                if isinstance(value, dict):
                    return Sidecar(side, value)
                problem = f"not a JSON object (a JSON {type(value).__name__})"
        except UnicodeDecodeError:
            problem = "not UTF-8"
        except json.JSONDecodeError as exc:
            problem = f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        except (ValueError, RecursionError) as exc:
            problem = f"not valid JSON ({type(exc).__name__})"
        except OSError as exc:
            problem = f"cannot be read ({exc.strerror or exc})"
        first_bad = first_bad or Sidecar(side, {}, problem)
    return first_bad or Sidecar()


def sidecar_date(path: str | os.PathLike[str]) -> str | None:
    """The "date" of the metadata file beside a document (``NAME.meta.json``, else ``NAME.json``), if usable."""
    return parse_date(read_sidecar(path).values.get("date"))


def input_date(data: bytes, text: str, kind: str) -> str | None:
    """The date of a file read from bytes: its HTML metadata (for HTML), else a dateline in its extracted text."""
    if kind == "html":
        date = html_date(data)
        if date:
            return date
    return dateline_date(text)


def document_date(
    document: Document, *, markup: str | bytes | None = None, path: str | os.PathLike[str] | None = None
) -> str | None:
    """A document's ISO date: its own ``date`` field, the HTML ``markup`` if given, a dateline in its text, then the
    metadata file beside ``path`` (the file it was read from; only when given, as upload names are not paths)."""
    date = parse_date(document.date)
    if date is None and markup is not None:
        date = html_date(markup)
    if date is None:
        date = dateline_date(document.text)
    if date is None and path is not None:
        date = sidecar_date(path)
    return date


def with_date(document: Document, *, path: str | os.PathLike[str] | None = None) -> Document:
    """The document with ``date`` set to :func:`document_date` (ISO, or None when nothing dates it)."""
    date = document_date(document, path=path)
    return document if date == document.date else replace(document, date=date)


# ---------------------------------------------------------------------------------------------------- helpers


def _iso(year: str | int, month: str | int, day: str | int) -> str | None:
    """yyyy-mm-dd for a real calendar day within MIN_YEAR..MAX_YEAR, else None."""
    try:
        if isinstance(month, str) and not month.isdigit():
            month = _MONTHS[month.lower().rstrip(".")]
        date = datetime.date(int(year), int(month), int(day))
    except (KeyError, ValueError):
        return None
    return date.isoformat() if MIN_YEAR <= date.year <= MAX_YEAR else None


def _written_date(text: str) -> str | None:
    """The first written full date in a text ("May 3, 2015" or "3 May 2015"), whichever comes first."""
    matches = [m for pattern in (_MONTH_DAY_YEAR, _DAY_MONTH_YEAR) for m in pattern.finditer(text)]
    for match in sorted(matches, key=lambda m: m.start()):
        date = _iso(match.group("year"), match.group("month"), match.group("day"))
        if date:
            return date
    return None


def _year_hint(text: str) -> str | None:
    """The year a text is written in, when a dateline leaves it out: its first full date, else its copyright year."""
    date = _written_date(text)
    if date:
        return date[:4]
    match = _COPYRIGHT_YEAR.search(text)
    return match.group("year") if match else None


def _json_ld_date(source: str) -> str | None:
    """``datePublished`` (else ``dateCreated``) from a JSON-LD block, searched through nested objects and lists."""
    try:
        value = json.loads(source[:HTML_DATE_BYTES])
    except (ValueError, RecursionError):
        return None
    stack, seen = [value], 0
    while stack and seen < 10_000:
        item = stack.pop(0)
        seen += 1
        if isinstance(item, dict):
            for key in ("datePublished", "dateCreated"):
                date = parse_date(item.get(key))
                if date:
                    return date
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None
