"""Reading untrusted input into Documents: plain text, Markdown, HTML articles, PDF and JSON Lines, from files or uploads.

Every input is treated as hostile: sizes are checked before reading, binary or undecodable data is refused with a
message naming the file, HTML is reduced to its article text by a real parser (no markup, script or attribute
survives), PDFs to the text pypdf extracts, and JSON Lines are streamed record by record so that one bad line costs
one record, not the file.

``Document.text`` is what every offset refers to: the input decoded (UTF-8, a byte-order mark's codec or a detected
encoding), its newlines made "\n", NFC-normalised, control characters other than tab and newline replaced by a
space; for HTML the article text extracted from the page, for PDF the text extracted from its pages (one blank line
between pages). Plain UTF-8 text that is already NFC with "\n" newlines comes through unchanged.
"""

from __future__ import annotations

import codecs
import io
import json
import logging
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePath
from typing import IO, Any, Literal

import lxml.etree
import lxml.html
from charset_normalizer import from_bytes

from geo.errors import DocumentError
from geo.core.dates import dateline_date, input_date, parse_date, read_sidecar
from geo.core.model import Document

MAX_DOCUMENT_BYTES = 25_000_000
MAX_RECORD_BYTES = 5_000_000
TEXT_EXTENSIONS = frozenset({".txt", ".md"})
HTML_EXTENSIONS = frozenset({".html", ".htm"})
JSONL_EXTENSIONS = frozenset({".jsonl"})
PDF_EXTENSIONS = frozenset({".pdf"})
SUPPORTED_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS | JSONL_EXTENSIONS | PDF_EXTENSIONS
MAX_PDF_PAGES = 5_000
# The longest line parsed: news text has paragraphs; an unbroken megabyte is refused, not read for tens of seconds.
MAX_LINE_CHARS = 150_000

Kind = Literal["text", "html", "pdf"]
PathArg = str | os.PathLike[str]

_SNIFF_BYTES = 8192
_PDF_MAGIC = b"%PDF-"
_MAX_CONTROL_SHARE = 0.05
_METADATA_FIELDS = ("title", "date", "url")
# Files a metadata file (NAME.meta.json or NAME.json: title, date, url, source) may sit beside.
SIDECAR_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS | PDF_EXTENSIONS
logger = logging.getLogger(__name__)
_WIDE_BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 controls other than tab, newline, vertical tab, form feed and carriage return, plus DEL: rare in real text.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
# The legacy encodings of the WHATWG Encoding Standard (what browsers decode), so no exotic code page wins a guess.
_LEGACY_ENCODINGS = [
    "cp866", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_5", "iso8859_6", "iso8859_7", "iso8859_8", "iso8859_10",
    "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16", "koi8_r", "koi8_u", "mac_roman", "mac_cyrillic", "cp874",
    "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "gbk", "gb18030",
    "big5", "euc_jp", "shift_jis", "euc_kr",
]
# WHATWG: pages labelled Latin-1 or ASCII are decoded as windows-1252.
_CHARSET_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252"}
_META_CHARSET = re.compile(rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)

_NEWLINES = re.compile("\r\n?|[\x85\u2028\u2029]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

_DROP_TAGS = (
    "script", "style", "noscript", "template", "nav", "aside", "form", "footer", "iframe", "object", "embed",
    "svg", "math", "canvas", "select", "button", "textarea", "head", "title",
)
_HIDDEN = "//*[@hidden or contains(translate(@style, ' ', ''), 'display:none')]"
_BLOCK_TAGS = frozenset({
    "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html",
    "legend", "li", "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
})
_CELL_TAGS = frozenset({"td", "th"})


@dataclass(frozen=True, slots=True)
class BadRecord:
    """Input that was skipped: one JSON Lines record (``line_number`` set) or a whole file (``line_number`` None)."""

    path: str
    line_number: int | None
    reason: str

    def __str__(self) -> str:
        where = self.path if self.line_number is None else f"{self.path}, line {self.line_number}"
        return f"{where}: {self.reason}"


OnError = Callable[[BadRecord], None]


def read_documents(
    path: PathArg, *, on_error: OnError | None = None, max_bytes: int = MAX_DOCUMENT_BYTES
) -> list[Document]:
    """Read one file into Documents, by extension (.txt, .md, .html, .htm, .jsonl; anything else is sniffed).

    Raises DocumentError when the file is missing, too large, empty, binary or undecodable. JSON Lines files have no
    file limit, only MAX_RECORD_BYTES per record; their bad records go to ``on_error`` (or raise when it is None).
    """
    name = os.fspath(path)
    suffix = Path(name).suffix.lower()
    if suffix in JSONL_EXTENSIONS:
        return list(iter_jsonl(name, on_error=on_error))
    size = _regular_file_size(name)
    _check_size(name, size, max_bytes)
    try:
        with open(name, "rb") as stream:
            data = stream.read(max_bytes + 1)
    except OSError as exc:
        raise _error(name, f"cannot be read ({exc.strerror})") from exc
    _check_size(name, len(data), max_bytes)
    document = _document(data, display_name(name), id=display_name(Path(name).stem), kind=_kind(suffix, data))
    if suffix in SIDECAR_EXTENSIONS:
        sidecar = _sidecar(Path(name))
        if sidecar:
            document = replace(document, **sidecar)
    return [document]


def iter_jsonl(
    path: PathArg, *, on_error: OnError | None = None, max_record_bytes: int = MAX_RECORD_BYTES
) -> Iterator[Document]:
    """Stream the records of a JSON Lines file as Documents, one line at a time, never holding the whole file.

    A bad line is reported to ``on_error`` as a BadRecord and skipped (DocumentError naming file and line when
    ``on_error`` is None). Missing ids become "stem:line"; repeated ids get "#2", "#3", ... in file order.
    """
    name = os.fspath(path)
    _regular_file_size(name)
    try:
        with open(name, "rb") as stream:
            yield from _jsonl_documents(stream, display_name(name), display_name(Path(name).stem), on_error,
                                        max_record_bytes)
    except OSError as exc:
        raise _error(name, f"cannot be read ({exc.strerror})") from exc


def iter_documents(
    paths: PathArg | Iterable[PathArg], *, on_error: OnError | None = None, recursive: bool = True
) -> Iterator[Document]:
    """Read files and folders in a deterministic order: paths as given, each folder's files sorted by path.

    Folders contribute only supported extensions and skip hidden entries. Ids are made unique across everything read
    ("#2" suffixes). With ``on_error``, an unreadable file is reported as a BadRecord (line_number None) and skipped.
    """
    ids = _UniqueIds()
    for name in _expand(paths, recursive):
        try:
            documents = (
                iter_jsonl(name, on_error=on_error)
                if Path(name).suffix.lower() in JSONL_EXTENSIONS
                else read_documents(name, on_error=on_error)
            )
            for document in documents:
                unique = ids.claim(document.id)
                yield document if unique == document.id else replace(document, id=unique)
        except DocumentError as exc:
            if on_error is None:
                raise
            shown = display_name(name)
            on_error(BadRecord(shown, None, str(exc).removeprefix(f"{shown}: ")))


def document_from_text(
    text: str,
    *,
    id: str = "pasted",
    title: str | None = None,
    source: str = "",
    date: str | None = None,
    url: str | None = None,
    max_bytes: int = MAX_DOCUMENT_BYTES,
) -> Document:
    """Make a Document from text pasted into the dashboard, cleaned like a file (newlines, NFC, control characters)."""
    label = source or id
    _check_size(label, len(text.encode("utf-8", "surrogatepass")), max_bytes)
    cleaned = _clean(text)
    if not cleaned.strip():
        raise _error(label, "the text is empty")
    _check_lines(label, cleaned)
    metadata = {"title": _one_line(title), "date": parse_date(_one_line(date)) or dateline_date(cleaned),
                "url": _one_line(url)}
    return Document(id=id, text=cleaned, source=source, **metadata)


def document_from_bytes(
    data: bytes, name: str, *, on_error: OnError | None = None, max_bytes: int = MAX_DOCUMENT_BYTES
) -> list[Document]:
    """Read an upload (bytes plus its file name) with the same rules as read_documents, without the file system.

    JSON Lines uploads are not limited as a whole, only per record, like JSON Lines files.
    """
    suffix = PurePath(name).suffix.lower()
    stem = PurePath(name).stem
    if not data:
        raise _error(name, "the file is empty")
    if suffix in JSONL_EXTENSIONS:
        return list(_jsonl_documents(io.BytesIO(data), name, stem, on_error, MAX_RECORD_BYTES))
    _check_size(name, len(data), max_bytes)
    return [_document(data, name, id=stem, kind=_kind(suffix, data))]


def _document(data: bytes, name: str, *, id: str, kind: Kind) -> Document:
    """Decode, clean and (for HTML, PDF) extract one document's text; refuse it when nothing readable is left."""
    if kind == "pdf":
        text, title = _pdf_text(data, name)
    else:
        text = _clean(_decode(data, name, html=kind == "html"))
        if not text.strip():
            raise _error(name, "the file is empty")
        title = None
        if kind == "html":
            text, title = _html_article(text, name)
    _check_lines(name, text)
    return Document(id=id, text=text, source=name, title=title, date=input_date(data, text, kind))


def _kind(suffix: str, data: bytes) -> Kind:
    """How to read a non-JSON-Lines file: PDF by its magic bytes, then by extension, else HTML when it starts like an
    HTML page, else text."""
    if suffix in PDF_EXTENSIONS or (data.startswith(_PDF_MAGIC) and suffix not in TEXT_EXTENSIONS | HTML_EXTENSIONS):
        return "pdf"
    if suffix in TEXT_EXTENSIONS:
        return "text"
    if suffix in HTML_EXTENSIONS:
        return "html"
    head = data.removeprefix(codecs.BOM_UTF8).lstrip()[:14].lower()
    return "html" if head.startswith((b"<!doctype html", b"<html")) else "text"


# ---------------------------------------------------------------------------------------------------- decoding


def _decode(data: bytes, name: str, *, html: bool = False) -> str:
    """Bytes to str: a byte-order mark wins, then UTF-8, then (HTML) the declared charset, then charset-normalizer."""
    for bom, codec in _WIDE_BOMS:
        if data.startswith(bom):
            return _decode_strict(data, codec, name)
    _refuse_binary(data[:_SNIFF_BYTES], name)
    if data.startswith(codecs.BOM_UTF8):
        return _decode_strict(data, "utf-8-sig", name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if html and (declared := _declared_charset(data[:_SNIFF_BYTES])):
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
    return _guess_decode(data, name)


def _decode_strict(data: bytes, codec: str, name: str) -> str:
    """Decode with the codec a byte-order mark names; DocumentError when the bytes do not fit it."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise _error(name, f"cannot decode as text (invalid {codec} after its byte-order mark)") from exc


def _refuse_binary(sample: bytes, name: str) -> None:
    """Raise DocumentError when the first bytes of a file (without a UTF-16/32 byte-order mark) look binary."""
    if b"\x00" in sample:
        raise _error(
            name, "looks binary (it has NUL bytes; UTF-16 or UTF-32 text needs a byte-order mark, or save it as UTF-8)"
        )
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_SHARE * len(sample):
        raise _error(name, f"looks binary ({controls / len(sample):.0%} of its first bytes are control characters)")


def _declared_charset(head: bytes) -> str | None:
    """The codec named by an HTML page's <meta charset>, if Python knows it."""
    match = _META_CHARSET.search(head)
    if match is None:
        return None
    try:
        codec = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    return _CHARSET_ALIASES.get(codec, codec)


def _guess_decode(data: bytes, name: str) -> str:
    """Decode with charset-normalizer's best guess among web encodings; on a tie prefer windows-1252 (most common)."""
    matches = list(from_bytes(data, cp_isolation=_LEGACY_ENCODINGS))
    if not matches:
        raise _error(name, "cannot decode as text (it is not UTF-8 and no other encoding fits)")
    best = matches[0]
    tied = [m for m in matches if m.chaos <= best.chaos and m.coherence >= best.coherence]
    if any("cp1252" in m.could_be_from_charset for m in tied):
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    return str(best)


def _clean(text: str) -> str:
    """Newlines to "\\n", lone surrogates to U+FFFD, NFC, and other control characters (not tab) to a space."""
    text = _SURROGATES.sub("\ufffd", _NEWLINES.sub("\n", text))
    return _CONTROL_CHARS.sub(" ", unicodedata.normalize("NFC", text))


def _one_line(value: str | None) -> str | None:
    """A metadata value cleaned and collapsed to one line; None when nothing is left."""
    if value is None:
        return None
    return " ".join(_clean(value).split()) or None


# ---------------------------------------------------------------------------------------------------- files


def _regular_file_size(name: str) -> int:
    """The size of a non-empty regular file, from stat before anything is read; DocumentError for anything else."""
    try:
        info = os.stat(name)
    except FileNotFoundError as exc:
        raise _error(name, "no such file") from exc
    except OSError as exc:
        raise _error(name, f"cannot be read ({exc.strerror})") from exc
    if stat.S_ISDIR(info.st_mode):
        raise _error(name, "is a folder (use iter_documents to read a folder)")
    if not stat.S_ISREG(info.st_mode):
        raise _error(name, "is not a regular file")
    if info.st_size == 0:
        raise _error(name, "the file is empty")
    return info.st_size


def long_line(text: str, max_chars: int = MAX_LINE_CHARS) -> str | None:
    """Why a text is refused for an over-long line ("line 3 is 1,000,000 characters long ..."), or None when every
    line is within ``max_chars``: one unbroken line of a megabyte is not prose and would take tens of seconds."""
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if end - start > max_chars:
            return (f"line {text.count(chr(10), 0, start) + 1} is {end - start:,} characters long without a line "
                    f"break; the limit is {max_chars:,} (MAX_LINE_CHARS). Break it into paragraphs, or into JSON Lines "
                    f"records")
        start = end + 1
    return None


def _check_lines(name: str, text: str) -> None:
    """Raise DocumentError naming the document when a line is over MAX_LINE_CHARS."""
    reason = long_line(text)
    if reason is not None:
        raise _error(name, reason)


def _check_size(name: str, size: int, max_bytes: int) -> None:
    """Raise DocumentError when a document is over the size limit, saying the limit and how to split the input."""
    if size > max_bytes:
        raise _too_large(name, size, max_bytes)


def _too_large(name: str, size: int, max_bytes: int) -> DocumentError:
    """The error for an oversized document: its size, the limit, and the way out (JSON Lines)."""
    return _error(
        name,
        f"is too large ({_size(size)}; the limit is {_size(max_bytes)}, MAX_DOCUMENT_BYTES). Split it into smaller "
        f"files, or into JSON Lines (.jsonl, one document per line as {{\"id\": ..., \"text\": ...}}), which is read "
        f"record by record with a limit of {_size(MAX_RECORD_BYTES)} per record",
    )


def _size(n: int) -> str:
    """A byte count for messages: "25 MB" from a million bytes up, else "123 bytes"."""
    return f"{n / 1_000_000:g} MB" if n >= 1_000_000 else f"{n} bytes"


def _error(name: str, reason: str) -> DocumentError:
    """A DocumentError whose message starts with the file (or upload) name, made printable."""
    return DocumentError(f"{display_name(name)}: {reason}")


def display_name(name: str) -> str:
    """A file name as valid text for ids, sources and messages: bytes that are not UTF-8 (kept by the OS as lone
    surrogates) become U+FFFD, so outputs can always be written; the file itself is still opened by its real name."""
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return _SURROGATES.sub("\ufffd", name)


_warned: set[tuple[str, str]] = set()


def _sidecar(path: Path) -> dict[str, str]:
    """Title, ISO date, url and publisher ("publisher", else "source") from the metadata file beside ``X.txt``/``.md``/``.html``/
    ``.pdf`` (``X.meta.json``, else ``X.json``, read by ``geo.core.dates.read_sidecar``); {} when there is none.

    A file that is there but unusable (bad JSON, not an object, a date in no known form) gives one warning line on
    the ``geo.core.documents`` logger (once per file and problem in a process), never an error: the document is
    still read, without what the file would have said.
    """
    sidecar = read_sidecar(path)
    if sidecar.path is None:
        return {}
    shown = display_name(str(sidecar.path))
    if sidecar.problem is not None:
        _warn(shown, f"{sidecar.problem}; its metadata is ignored")
        return {}
    value = sidecar.values
    fields = {"title": value.get("title"), "date": value.get("date"), "url": value.get("url")}
    problems = [f"'{key}' is not a string" for key, item in fields.items()
                if item is not None and not isinstance(item, str)]
    metadata = {key: _one_line(item) for key, item in fields.items() if isinstance(item, str)}
    metadata["publisher"] = _publisher(value)
    if metadata.get("date") is not None:
        date = parse_date(metadata["date"])
        if date is None:
            problems.append(f"'date' {metadata['date']!r} is not a date in a known form (2024-05-03, 3 May 2024, "
                            "May 3, 2024; 03/05/2024 is ambiguous)")
        metadata["date"] = date
    if problems:
        _warn(shown, "; ".join(problems) + "; ignored")
    return {key: item for key, item in metadata.items() if item}


def _warn(name: str, problem: str) -> None:
    """One warning line about a metadata file, once per file and problem (a dashboard re-reads folders often)."""
    if (name, problem) not in _warned:
        _warned.add((name, problem))
        logger.warning("warning: %s: %s", name, problem)


def _expand(paths: PathArg | Iterable[PathArg], recursive: bool) -> Iterator[str]:
    """Paths as given, each folder replaced by its supported, non-hidden files sorted by relative path."""
    for path in [paths] if isinstance(paths, (str, os.PathLike)) else paths:
        name = os.fspath(path)
        if os.path.isdir(name):
            yield from _folder_files(name, recursive)
        else:
            yield name


def _folder_files(folder: str, recursive: bool) -> list[str]:
    """A folder's supported, non-hidden files (recursing into non-hidden subfolders, not into links), sorted."""
    found: list[str] = []
    for directory, subfolders, files in os.walk(folder):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")] if recursive else []
        found.extend(
            os.path.join(directory, file)
            for file in files
            if not file.startswith(".") and Path(file).suffix.lower() in SUPPORTED_EXTENSIONS
        )
    return sorted(found, key=lambda file: Path(os.path.relpath(file, folder)).parts)


class _UniqueIds:
    """Hands out document ids, suffixing "#2", "#3", ... to repeats so every id is claimed once."""

    def __init__(self) -> None:
        self._seen: set[str] = set()
        self._next: dict[str, int] = {}

    def claim(self, id: str) -> str:
        """Return ``id`` itself the first time, else the first free ``id#n``."""
        if id not in self._seen:
            self._seen.add(id)
            return id
        n = self._next.get(id, 2)
        while f"{id}#{n}" in self._seen:
            n += 1
        self._next[id] = n + 1
        unique = f"{id}#{n}"
        self._seen.add(unique)
        return unique


# ---------------------------------------------------------------------------------------------------- JSON Lines


def _jsonl_documents(
    stream: IO[bytes], name: str, stem: str, on_error: OnError | None, max_record_bytes: int
) -> Iterator[Document]:
    """The records of a JSON Lines stream as Documents; bad lines go to ``on_error`` (or raise when it is None)."""
    head = stream.read(_SNIFF_BYTES)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)):  # LE covers UTF-32-LE
        raise _error(name, "JSON Lines must be UTF-8, but the file has a UTF-16/32 byte-order mark; save it as UTF-8")
    _refuse_binary(head, name)
    stream.seek(0)
    ids = _UniqueIds()
    line_number = 0
    seen_content = False
    while raw := stream.readline(max_record_bytes + 1):
        line_number += 1
        if len(raw) > max_record_bytes and not raw.endswith(b"\n"):
            _skip_line(stream)
            seen_content = True
            _bad(BadRecord(name, line_number, f"the record is over the {_size(max_record_bytes)} limit"), on_error)
            continue
        if line_number == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        if not raw.strip():
            continue
        seen_content = True
        record = _record(raw, name, stem, line_number)
        if isinstance(record, BadRecord):
            _bad(record, on_error)
            continue
        yield replace(record, id=ids.claim(record.id))
    if not seen_content:
        raise _error(name, "the file is empty")


def _skip_line(stream: IO[bytes]) -> None:
    """Read past the rest of an over-long line in bounded chunks."""
    while chunk := stream.readline(65536):
        if chunk.endswith(b"\n"):
            return


def _bad(record: BadRecord, on_error: OnError | None) -> None:
    """Report a skipped record, or raise DocumentError naming the file and line when nobody listens."""
    if on_error is None:
        raise DocumentError(str(record))
    on_error(record)


def _record(raw: bytes, name: str, stem: str, line_number: int) -> Document | BadRecord:
    """One JSON Lines line as a Document, or the BadRecord saying why it cannot be one."""
    def bad(reason: str) -> BadRecord:
        return BadRecord(name, line_number, reason)

    try:
        value: Any = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return bad("not valid UTF-8")
    except json.JSONDecodeError as exc:
        return bad(f"invalid JSON ({exc.msg} at column {exc.colno})")
    except (ValueError, RecursionError) as exc:
        return bad(f"invalid JSON ({type(exc).__name__}: {str(exc)[:80] or 'nested too deeply'})")
    if not isinstance(value, dict):
        return bad(f"not a JSON object (a {type(value).__name__})")
    if "text" not in value:
        return bad("missing 'text'")
    if not isinstance(value["text"], str):
        return bad("'text' is not a string")
    text = _clean(value["text"])
    if not text.strip():
        return bad("'text' is empty")
    if (reason := long_line(text)) is not None:
        return bad(f"'text': {reason}")
    record_id = value.get("id")
    if isinstance(record_id, int) and not isinstance(record_id, bool):
        record_id = str(record_id)
    if record_id is not None and not isinstance(record_id, str):
        return bad("'id' is not a string")
    metadata: dict[str, str | None] = {}
    for key in _METADATA_FIELDS:
        item = value.get(key)
        if item is not None and not isinstance(item, str):
            return bad(f"'{key}' is not a string")
        metadata[key] = _one_line(item)
    # ISO; when the field is missing, unreadable or ambiguous, the text's dateline (as for files), else None
    metadata["date"] = parse_date(metadata["date"]) or dateline_date(text)
    metadata["publisher"] = _publisher(value)
    return Document(id=_one_line(record_id) or f"{stem}:{line_number}", text=text, source=name, **metadata)


def _publisher(value: dict[str, Any]) -> str | None:
    """Who published a record or file: its "publisher", else its "source" (as metadata files write it, "DW"); a
    value that is not a string is ignored (corpora use "source" for other things too), never a reason to skip."""
    for key in ("publisher", "source"):
        item = value.get(key)
        if isinstance(item, str) and (found := _one_line(item)):
            return found
    return None


# ---------------------------------------------------------------------------------------------------- PDF


def _pdf_text(data: bytes, name: str) -> tuple[str, str | None]:
    """The text pypdf extracts from a PDF's pages (a blank line between pages, cleaned) and its title, if any.

    Refused with DocumentError: a file that is not a readable PDF, an encrypted one, one of over MAX_PDF_PAGES pages,
    or one with no text layer (a scan: there is no OCR here).
    """
    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about damaged files would litter stderr
    if not data.startswith(_PDF_MAGIC):
        raise _error(name, "is not a PDF (it has a .pdf name but no %PDF- header)")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise _error(name, "is an encrypted PDF; save an unencrypted copy")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise _error(name, f"has {len(reader.pages):,} pages; the limit is {MAX_PDF_PAGES:,} (MAX_PDF_PAGES)")
        pages = [page.extract_text() or "" for page in reader.pages]
        metadata = reader.metadata
        title = metadata.title if metadata is not None else None
    except DocumentError:
        raise
    except Exception as exc:  # pypdf raises many types on hostile files; each means "not a readable PDF"
        raise _error(name, f"is not a readable PDF ({type(exc).__name__}: {str(exc)[:120]})") from exc
    text = _clean("\n\n".join(page.strip("\n") for page in pages))
    if not text.strip():
        raise _error(name, "is a PDF without a text layer (a scanned image?); conflict-map reads text, it does no OCR")
    return text, _one_line(title) if isinstance(title, str) else None


# ---------------------------------------------------------------------------------------------------- HTML


def _html_article(markup: str, name: str) -> tuple[str, str | None]:
    """The article text of an HTML page (paragraphs separated by a blank line) and its title."""
    # huge_tree lifts libxml2's 10 MB text-node and 256-level depth limits, which silently drop text; the input is
    # already bounded by MAX_DOCUMENT_BYTES, and the HTML parser expands no DTD entities.
    parser = lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=True
    )
    try:
        root = lxml.html.document_fromstring(markup.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError) as exc:
        raise _error(name, f"has no readable HTML text ({exc})") from exc
    title = _html_title(root)
    for element in [*root.iter(*_DROP_TAGS), *root.xpath(_HIDDEN)]:
        if element.getparent() is not None:
            element.drop_tree()
    for header in list(root.iter("header")):  # site banners; a header inside the article is its headline
        if not any(ancestor.tag in ("article", "main") for ancestor in header.iterancestors()):
            header.drop_tree()
    text = _clean("\n\n".join(_paragraphs(_container(root))))
    if not text.strip():
        raise _error(name, "has no readable text (an HTML page without article text)")
    return text, title


def _html_title(root: lxml.html.HtmlElement) -> str | None:
    """The page title: og:title (usually without the site suffix), else <title>, else the first <h1>."""
    elements = [root.find(".//title"), root.find(".//h1")]
    candidates = [
        *root.xpath("//meta[@property='og:title' or @name='og:title']/@content"),
        *(element.text_content() for element in elements if element is not None),
    ]
    return next((title for candidate in candidates if (title := _one_line(str(candidate)))), None)


def _container(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The element holding the article: the <article> with most text, else <main>, else <body>, else the root."""
    articles = root.xpath("//article[not(ancestor::article)]")  # an inner article never has more text than its outer
    if articles:
        return max(articles, key=lambda element: len(element.text_content()))
    mains = root.xpath("//main | //*[@role='main']")
    if mains:
        return mains[0]
    body = root.find("body")
    return body if body is not None else root


def _paragraphs(container: lxml.html.HtmlElement) -> list[str]:
    """The text of an element as paragraphs: one per block element, <br> a line break, inline whitespace collapsed."""
    builder = _ParagraphBuilder()
    stack: list[tuple[Any, bool]] = [(container, False)]
    while stack:  # iterative, so deep nesting cannot exhaust the Python stack
        element, closing = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else ""  # "" for comments and processing instructions
        if not closing and tag and tag != "br":
            builder.boundary(tag)
            if element.text:
                builder.add(element.text)
            stack.append((element, True))
            stack.extend((child, False) for child in reversed(element))
            continue
        if tag == "br":
            builder.end_line()
        else:
            builder.boundary(tag)
        if element is not container and element.tail:  # the text after an element belongs to its parent
            builder.add(element.tail)
    builder.end_block()
    return builder.paragraphs


class _ParagraphBuilder:
    """Collects text pieces into lines and lines into paragraphs, collapsing whitespace inside each line."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self._lines: list[str] = []
        self._pieces: list[str] = []

    def boundary(self, tag: str) -> None:
        """Mark where an element starts or ends: a block ends the paragraph, a table cell adds a space."""
        if tag in _BLOCK_TAGS:
            self.end_block()
        elif tag in _CELL_TAGS:
            self.add(" ")

    def add(self, piece: str) -> None:
        """Append inline text to the current line."""
        self._pieces.append(piece)

    def end_line(self) -> None:
        """Finish the current line; an empty line (as from <br><br>) ends the paragraph."""
        if not self._finish_line() and self._lines:
            self.end_block()

    def end_block(self) -> None:
        """Finish the current paragraph, if it has any text."""
        self._finish_line()
        if self._lines:
            self.paragraphs.append("\n".join(self._lines))
            self._lines.clear()

    def _finish_line(self) -> bool:
        """Move the pending pieces, whitespace collapsed, into a line; False when they held no text."""
        line = " ".join("".join(self._pieces).split())
        self._pieces.clear()
        if line:
            self._lines.append(line)
        return bool(line)
