"""Reading untrusted input: text, Markdown, HTML, JSON Lines, encodings, binary data, limits, folders, uploads."""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import pytest

from geo.core.documents import (
    MAX_DOCUMENT_BYTES, BadRecord, document_from_bytes, document_from_text, iter_documents, iter_jsonl, read_documents,
)
from geo.errors import DocumentError
from geo.core.model import Document

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED = SEEDS / "000_66b4bbf42a475dd1.txt"

HOSTILE_HTML = """<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>Blast in Quetta | Example News</title>
<meta property="og:title" content="Blast in Quetta kills 12">
<style>body { background: url(javascript:alert(1)) }</style>
<script>alert(1)</script>
</head>
<body onload="alert(1)">
<header><nav><a href="/">Home</a> <a href="/world">World</a></nav><div>Example News banner</div></header>
<main>
<article>
<header><h1>Blast in   Quetta</h1></header>
<p>A bomb   exploded in <b>Quetta</b>,
   Balochistan, on Monday.<img src=x onerror=alert(1)> Police said 12 people died.</p>
<script>document.write("<p>injected</p>")</script>
<p onclick="alert(1)">Caf&eacute; owners &amp; traders fled &lt;the market&gt; &#8220;quickly&#8221;&nbsp;today.<br>
A second line.</p>
<figure><img src="a.jpg" alt="ignored alt text"><figcaption>Rescue workers in Quetta (Photo: AFP)</figcaption></figure>
<a href="javascript:alert(1)">Read more</a>
<noscript>Please enable JavaScript</noscript>
<template><p>template text</p></template>
<form><label>Newsletter</label><input value="you@example.com"><button>Subscribe</button></form>
<iframe srcdoc="<script>alert(1)</script>"></iframe>
<svg><title>svg title</title><text>svg text</text></svg>
<p hidden>hidden text</p><div style="display: none">invisible text</div>
<!-- a comment with <script>alert(1)</script> -->
<footer>Share this story</footer>
</article>
<aside>Related: another story</aside>
</main>
<footer>Copyright Example News</footer>
</body></html>
"""


def write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def jsonl(*lines: object) -> str:
    return "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"


# ---------------------------------------------------------------------------------------------------- text files


def test_seed_with_sidecar() -> None:
    [document] = read_documents(SEED)
    assert document.id == "000_66b4bbf42a475dd1"
    assert document.source == str(SEED)
    assert document.title == "An important ally"
    assert document.date == "2015-01-14"
    assert document.url is None
    assert document.text == SEED.read_text(encoding="utf-8")
    assert "Peshawar school massacre" in document.text


def test_sidecar_without_an_object_is_ignored(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Fighting in Aleppo.")
    write(tmp_path / "a.json", "[1, 2]")
    write(tmp_path / "b.txt", "Fighting in Homs.")
    write(tmp_path / "b.json", "{not json")
    write(tmp_path / "c.md", "# Report\n\nFighting in Idlib.")
    write(tmp_path / "c.json", '"a JSON string, not an object"')
    write(tmp_path / "d.md", "Fighting in Hama.")
    write(tmp_path / "d.json", json.dumps({"title": " Hama\nreport ", "date": 2015, "url": "https://example.org/d"}))
    assert read_documents(tmp_path / "a.txt")[0].title is None
    assert read_documents(tmp_path / "b.txt")[0].title is None
    assert read_documents(tmp_path / "c.md")[0].title is None
    [document] = read_documents(tmp_path / "d.md")
    assert (document.title, document.date, document.url) == ("Hama report", None, "https://example.org/d")


def test_markdown_is_kept_as_written(tmp_path: Path) -> None:
    text = "# Shelling in Kharkiv\n\n*Updated* at 10:00 — [link](https://example.org)\n\n- Item one\n- Item two\n"
    [document] = read_documents(write(tmp_path / "kharkiv.md", text))
    assert document.id == "kharkiv"
    assert document.text == text
    assert document.title is None


def test_newlines_nfc_and_control_characters(tmp_path: Path) -> None:
    raw = "Cafe\u0301 in Gaza\r\nline two\rline three\x0bwith\x07bell\ttab\x85next\x00".encode()
    # The NUL byte is past the first 8 KB, so the file is not taken for binary; it becomes a space.
    path = write(tmp_path / "gaza.txt", b"x" * 9000 + b"\n" + raw)
    [document] = read_documents(path)
    assert document.text.split("\n", 1)[1] == "Café in Gaza\nline two\nline three with bell\ttab\nnext "
    assert "\u0301" not in document.text


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    [document] = read_documents(write(tmp_path / "bom.txt", codecs.BOM_UTF8 + "Mosul and Kirkuk.".encode()))
    assert document.text == "Mosul and Kirkuk."


# ---------------------------------------------------------------------------------------------------- encodings


def test_cp1252_is_decoded(tmp_path: Path) -> None:
    [document] = read_documents(write(tmp_path / "cafe.txt", "café".encode("cp1252")))
    assert document.text == "café"
    text = "The café near the mosque in Peshawar was closed after the attack — “a shock”, a witness said."
    [document] = read_documents(write(tmp_path / "peshawar.txt", text.encode("cp1252")))
    assert document.text == text


def test_latin1_transliterations_are_decoded(tmp_path: Path) -> None:
    text = (
        "Officials in Dera Ismaïl Khan, Muzaffarâbâd and Khyber Pakhtûnkhwa said the café near Bahâwalpûr was "
        "closed. Señor Ñúñez agreed; Chitrâl and Mîrpur Khâs were calm."
    )
    [document] = read_documents(write(tmp_path / "urdu.txt", text.encode("latin-1")))
    assert document.text == text


def test_other_legacy_encodings_are_guessed(tmp_path: Path) -> None:
    text = "Подразделения армии вошли в город Бахмут, сообщили в штабе во вторник вечером."
    [document] = read_documents(write(tmp_path / "bakhmut.txt", text.encode("cp1251")))
    assert document.text == text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom(tmp_path: Path, encoding: str) -> None:
    text = "Ceasefire in Tigray — Mek'ele and Shire; café.\r\nSecond line."
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    [document] = read_documents(write(tmp_path / "tigray.txt", data))
    assert document.text == text.replace("\r\n", "\n")


def test_html_charset_declaration_is_used(tmp_path: Path) -> None:
    markup = (
        '<html><head><meta charset="iso-8859-1"></head>'
        "<body><p>Reporters in Peshawar: ‘café’ – “Ismaïl”.</p></body></html>"
    )
    [document] = read_documents(write(tmp_path / "p.html", markup.encode("cp1252")))
    assert document.text == "Reporters in Peshawar: ‘café’ – “Ismaïl”."


# ---------------------------------------------------------------------------------------------------- refused input


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"empty\.txt.*is empty"):
        read_documents(write(tmp_path / "empty.txt", b""))


@pytest.mark.parametrize("name", ["blank.txt", "blank.md", "blank.html", "blank.jsonl"])
def test_whitespace_only_file(tmp_path: Path, name: str) -> None:
    with pytest.raises(DocumentError, match=rf"{name}.*is empty"):
        read_documents(write(tmp_path / name, b" \n\t\r\n   \n"))


def test_html_without_text_is_refused(tmp_path: Path) -> None:
    markup = "<html><head><title>T</title><script>alert(1)</script></head><body><img src=x></body></html>"
    with pytest.raises(DocumentError, match=r"nothing\.html.*no readable text"):
        read_documents(write(tmp_path / "nothing.html", markup))


def test_random_bytes_with_nuls_are_binary(tmp_path: Path) -> None:
    data = bytes((i * 7919 + 13) % 256 for i in range(20000))
    assert b"\x00" in data[:8192]
    with pytest.raises(DocumentError, match=r"random\.txt.*looks binary"):
        read_documents(write(tmp_path / "random.txt", data))


def test_png_is_binary(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    with pytest.raises(DocumentError, match=r"image\.txt.*looks binary"):
        read_documents(write(tmp_path / "image.txt", png))
    with pytest.raises(DocumentError, match=r"image\.png.*looks binary"):
        read_documents(write(tmp_path / "image.png", png))


def test_control_bytes_without_nuls_are_binary(tmp_path: Path) -> None:
    data = bytes(range(1, 32)) * 40 + b"some text" * 10
    with pytest.raises(DocumentError, match=r"controls\.txt.*looks binary"):
        read_documents(write(tmp_path / "controls.txt", data))


def test_undecodable_bytes(tmp_path: Path) -> None:
    data = bytes(range(0x80, 0x100)) * 4
    with pytest.raises(DocumentError, match=r"high\.txt.*cannot decode as text"):
        read_documents(write(tmp_path / "high.txt", data))


def test_broken_bom_text(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"odd\.txt.*cannot decode as text"):
        read_documents(write(tmp_path / "odd.txt", codecs.BOM_UTF16_LE + b"A\x00B"))


def test_file_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as stream:
        stream.truncate(26_000_000)  # sparse: no 26 MB written, and all NULs, so reading it would say "binary"
    with pytest.raises(DocumentError, match=r"huge\.txt.*26 MB.*limit is 25 MB.*JSON Lines"):
        read_documents(path)  # refused by its size before reading: reading it would have said "binary"
    assert MAX_DOCUMENT_BYTES == 25_000_000


def test_limit_is_overridable(tmp_path: Path) -> None:
    path = write(tmp_path / "small.txt", "Kabul " * 100)
    with pytest.raises(DocumentError, match=r"limit is 100 bytes"):
        read_documents(path, max_bytes=100)
    assert read_documents(path, max_bytes=600)[0].text.startswith("Kabul")


def test_missing_file_folder_and_device(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"nope\.txt.*no such file"):
        read_documents(tmp_path / "nope.txt")
    with pytest.raises(DocumentError, match=r"is a folder"):
        read_documents(tmp_path)
    with pytest.raises(DocumentError, match=r"not a regular file"):
        read_documents("/dev/zero")  # would never end if read


# ---------------------------------------------------------------------------------------------------- HTML


def test_hostile_html_keeps_only_article_text(tmp_path: Path) -> None:
    [document] = read_documents(write(tmp_path / "quetta.html", HOSTILE_HTML))
    assert document.id == "quetta"
    assert document.title == "Blast in Quetta kills 12"
    assert document.text == (
        "Blast in Quetta\n\n"
        "A bomb exploded in Quetta, Balochistan, on Monday. Police said 12 people died.\n\n"
        "Café owners & traders fled <the market> “quickly” today.\nA second line.\n\n"
        "Rescue workers in Quetta (Photo: AFP)\n\n"
        "Read more"
    )
    for forbidden in [
        "<script>alert(1)</script>", "alert", "onerror", "javascript", "injected", "background", "Home",
        "banner", "Related", "Copyright", "Share this", "Newsletter", "Subscribe", "enable JavaScript",
        "template text", "svg", "hidden text", "invisible text", "comment", "ignored alt text", "you@example.com",
    ]:
        assert forbidden not in document.text


def test_html_title_falls_back_to_title_then_h1() -> None:
    page = b"<html><head><title> Siege of\n Mariupol </title></head><body><h1>H</h1><p>Text.</p></body></html>"
    [document] = document_from_bytes(page, "a.html")
    assert document.title == "Siege of Mariupol"
    [document] = document_from_bytes(b"<html><body><h1>Fall of <i>Kabul</i></h1><p>Text.</p></body></html>", "b.html")
    assert document.title == "Fall of Kabul"
    [document] = document_from_bytes(b"<html><body><p>Text only.</p></body></html>", "c.html")
    assert document.title is None


def test_html_prefers_article_then_main() -> None:
    page = b"<html><body><div>Menu junk</div><main><p>Main text about Sanaa.</p></main></body></html>"
    assert document_from_bytes(page, "m.html")[0].text == "Main text about Sanaa."
    page = (
        b"<html><body><article><p>Short teaser.</p></article><div>Junk</div>"
        b"<article><p>The long story about fighting in Hodeidah and Taiz.</p></article></body></html>"
    )
    assert document_from_bytes(page, "a.html")[0].text == "The long story about fighting in Hodeidah and Taiz."
    page = (
        b"<html><body><header>Banner</header>"
        b"<div><p>One.</p><p>Two <span>and</span><span>three</span>.</p></div></body></html>"
    )
    assert document_from_bytes(page, "b.html")[0].text == "One.\n\nTwo andthree."


def test_html_entities_are_decoded() -> None:
    page = "<p>Gen&eacute;ve &amp; Z&uuml;rich &ndash; &#x41;&#66; &quot;q&quot; &apos;a&apos; caf&#233; e&#769;</p>"
    [document] = document_from_bytes(page.encode(), "entities.htm")
    assert document.text == "Genéve & Zürich – AB \"q\" 'a' café é"


def test_html_tables_lists_and_line_breaks() -> None:
    page = (
        b"<div>Casualties<table><tr><td>Killed</td><td>12</td></tr><tr><th>Injured</th><th>30</th></tr></table>"
        b"<ul><li>Aleppo</li><li>Idlib</li></ul>first<br>second<br><br>third</div>"
    )
    [document] = document_from_bytes(page, "t.html")
    assert document.text == "Casualties\n\nKilled 12\n\nInjured 30\n\nAleppo\n\nIdlib\n\nfirst\nsecond\n\nthird"


def test_deeply_nested_html_does_not_crash() -> None:
    page = "<html><body><p>Start in Kabul.</p>" + "<div>" * 50_000 + "deep" + "</div>" * 50_000 + "</body></html>"
    [document] = document_from_bytes(page.encode(), "deep.html")
    assert document.text.startswith("Start in Kabul.")


def test_html_past_libxml2_default_limits_keeps_its_text() -> None:
    page = "<body><p>Start.</p>" + "<div>" * 300 + "<p>Deep.</p>" + "</div>" * 300 + "<p>After.</p></body>"
    assert document_from_bytes(page.encode(), "nested.html")[0].text == "Start.\n\nDeep.\n\nAfter."
    words = "Kandahar " * 1_300_000  # one text node over 10 MB, all extracted: the line-length refusal counts it all
    with pytest.raises(DocumentError, match=rf"long\.html: line 1 is {len(words.strip()):,} characters long"):
        document_from_bytes(f"<body><p>{words}</p></body>".encode(), "long.html")
    paragraphs = "<p>Kandahar</p>" * 1_000_000  # over 10 MB of markup in paragraphs: read in full
    [document] = document_from_bytes(f"<body>{paragraphs}</body>".encode(), "many.html")
    assert document.text == "\n\n".join(["Kandahar"] * 1_000_000)


def test_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    page = "  \n<!DOCTYPE HTML><html><body><p>Gaza.</p><script>x()</script></body></html>"
    [html] = read_documents(write(tmp_path / "page", page))
    assert html.text == "Gaza."
    [html] = read_documents(write(tmp_path / "page.php", "<html><body><p>Rafah.</p></body></html>"))
    assert html.text == "Rafah."
    [text] = read_documents(write(tmp_path / "notes.log", "<b>not</b> html, kept as text"))
    assert text.text == "<b>not</b> html, kept as text"


# ---------------------------------------------------------------------------------------------------- JSON Lines


def test_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path / "feed.jsonl",
        jsonl(
            {"id": "a1", "text": "Shelling in Donetsk.", "title": "Donetsk", "date": "2022-03-01", "url": "https://x"},
            "{not json",
            "",
            [1, 2, 3],
            {"id": "a2"},
            {"id": "a3", "text": "   "},
            {"id": "a4", "text": 42},
            {"text": "No id here: Luhansk."},
            {"id": "a1", "text": "Same id again: Mariupol."},
            {"id": 7, "text": "Numeric id: Kherson.", "title": None},
            {"id": "a8", "text": "Bad title.", "title": ["x"]},
            {"id": "a1", "text": "Third a1: Odesa."},
        ),
    )
    bad: list[BadRecord] = []
    documents = list(iter_jsonl(path, on_error=bad.append))
    assert [(d.id, d.text) for d in documents] == [
        ("a1", "Shelling in Donetsk."),
        ("feed:8", "No id here: Luhansk."),
        ("a1#2", "Same id again: Mariupol."),
        ("7", "Numeric id: Kherson."),
        ("a1#3", "Third a1: Odesa."),
    ]
    first = documents[0]
    assert (first.title, first.date, first.url, first.source) == ("Donetsk", "2022-03-01", "https://x", str(path))
    assert [(b.line_number, b.reason) for b in bad] == [
        (2, "invalid JSON (Expecting property name enclosed in double quotes at column 2)"),
        (4, "not a JSON object (a list)"),
        (5, "missing 'text'"),
        (6, "'text' is empty"),
        (7, "'text' is not a string"),
        (11, "'title' is not a string"),
    ]
    assert all(b.path == str(path) for b in bad)
    assert str(bad[0]).startswith(f"{path}, line 2: invalid JSON")


def test_jsonl_bad_line_raises_without_on_error(tmp_path: Path) -> None:
    path = write(tmp_path / "feed.jsonl", jsonl({"id": "ok", "text": "Fine."}, "oops"))
    documents = iter_jsonl(path)
    assert next(documents).id == "ok"
    with pytest.raises(DocumentError, match=r"feed\.jsonl, line 2: invalid JSON"):
        next(documents)
    with pytest.raises(DocumentError, match=r"feed\.jsonl, line 2"):
        read_documents(path)


def test_jsonl_record_over_the_limit_is_skipped(tmp_path: Path) -> None:
    big = json.dumps({"id": "big", "text": "x" * 5_000_100})
    lines = jsonl({"id": "before", "text": "Before."}, big, {"id": "after", "text": "After."})
    path = write(tmp_path / "big.jsonl", lines)
    bad: list[BadRecord] = []
    documents = list(iter_jsonl(path, on_error=bad.append))
    assert [d.id for d in documents] == ["before", "after"]
    assert [(b.line_number, b.reason) for b in bad] == [(2, "the record is over the 5 MB limit")]
    small: list[BadRecord] = []
    assert [d.id for d in iter_jsonl(path, on_error=small.append, max_record_bytes=40)] == ["before", "after"]


def test_jsonl_streams_without_reading_everything(tmp_path: Path) -> None:
    path = write(tmp_path / "stream.jsonl", jsonl(*({"id": f"r{i}", "text": f"Record {i}."} for i in range(1000))))
    documents = iter_jsonl(path)
    assert next(documents).id == "r0"
    assert next(documents).id == "r1"


def test_jsonl_not_over_file_limit_and_unicode(tmp_path: Path) -> None:
    path = write(
        tmp_path / "u.jsonl",
        codecs.BOM_UTF8 + jsonl({"id": "u", "text": "Cafe\u0301 \ud800 in Kyiv\r\nnext\x00"}).encode(),
    )
    [document] = read_documents(path)
    assert document.text == "Café \ufffd in Kyiv\nnext "


def test_jsonl_invalid_utf8_and_utf16(tmp_path: Path) -> None:
    path = write(tmp_path / "mixed.jsonl", b'{"text": "caf\xe9"}\n{"text": "ok"}\n')
    bad: list[BadRecord] = []
    assert [d.text for d in iter_jsonl(path, on_error=bad.append)] == ["ok"]
    assert [(b.line_number, b.reason) for b in bad] == [(1, "not valid UTF-8")]
    path = write(tmp_path / "wide.jsonl", jsonl({"text": "x"}).encode("utf-16"))
    with pytest.raises(DocumentError, match=r"wide\.jsonl.*must be UTF-8"):
        list(iter_jsonl(path, on_error=bad.append))


def test_jsonl_empty_and_binary(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"empty\.jsonl.*is empty"):
        list(iter_jsonl(write(tmp_path / "empty.jsonl", b"")))
    with pytest.raises(DocumentError, match=r"bin\.jsonl.*looks binary"):
        list(iter_jsonl(write(tmp_path / "bin.jsonl", b'{"text": "a"}\n\x00\x01\x02')))


def test_jsonl_deeply_nested_record(tmp_path: Path) -> None:
    path = write(tmp_path / "nested.jsonl", "[" * 200_000 + "]" * 200_000 + "\n" + json.dumps({"text": "ok"}) + "\n")
    bad: list[BadRecord] = []
    assert [d.text for d in iter_jsonl(path, on_error=bad.append)] == ["ok"]
    assert [b.line_number for b in bad] == [1]


# ---------------------------------------------------------------------------------------------------- folders


def test_folder_iteration_order(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", "Beirut.")
    write(tmp_path / "a.md", "Aden.")
    write(tmp_path / "a.json", json.dumps({"title": "Aden report"}))  # a sidecar, not a document
    write(tmp_path / "C.html", "<p>Cairo.</p>")
    write(tmp_path / ".hidden.txt", "Hidden.")
    write(tmp_path / "image.png", b"\x89PNG\r\n\x1a\n\x00")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "d.jsonl", jsonl({"id": "d1", "text": "Damascus."}, {"id": "d2", "text": "Dara."}))
    write(tmp_path / "sub" / "a.txt", "Amman.")
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".git" / "x.txt", "Git.")
    (tmp_path / "c").mkdir()
    write(tmp_path / "c" / "z.txt", "Zarqa.")
    documents = list(iter_documents(tmp_path))
    assert [d.text for d in documents] == ["Cairo.", "Aden.", "Beirut.", "Zarqa.", "Amman.", "Damascus.", "Dara."]
    assert documents[1].title == "Aden report"
    assert documents[0].source == os.path.join(str(tmp_path), "C.html")
    assert [d.text for d in iter_documents(str(tmp_path), recursive=False)] == ["Cairo.", "Aden.", "Beirut."]
    assert [d.text for d in iter_documents(tmp_path)] == [d.text for d in documents]  # deterministic


def test_iter_documents_paths_and_unique_ids(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    first = write(tmp_path / "x" / "report.txt", "Tripoli.")
    write(tmp_path / "y" / "report.txt", "Benghazi.")
    documents = list(iter_documents([first, tmp_path / "y", first]))
    assert [(d.id, d.text) for d in documents] == [
        ("report", "Tripoli."), ("report#2", "Benghazi."), ("report#3", "Tripoli."),
    ]


def test_iter_documents_reports_bad_files_and_goes_on(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Aleppo.")
    write(tmp_path / "b.txt", b"")
    write(tmp_path / "c.txt", b"\x00\x01binary")
    write(tmp_path / "d.jsonl", jsonl({"text": "Deir ez-Zor."}, "broken"))
    write(tmp_path / "e.txt", "Raqqa.")
    bad: list[BadRecord] = []
    documents = list(iter_documents([tmp_path, tmp_path / "missing.txt"], on_error=bad.append))
    assert [d.text for d in documents] == ["Aleppo.", "Deir ez-Zor.", "Raqqa."]
    assert [(Path(b.path).name, b.line_number, b.reason.split(" (")[0]) for b in bad] == [
        ("b.txt", None, "the file is empty"),
        ("c.txt", None, "looks binary"),
        ("d.jsonl", 2, "invalid JSON"),
        ("missing.txt", None, "no such file"),
    ]
    assert str(bad[0]) == f"{tmp_path / 'b.txt'}: the file is empty"
    with pytest.raises(DocumentError, match=r"b\.txt.*is empty"):
        list(iter_documents(tmp_path))


# ---------------------------------------------------------------------------------------------------- uploads


def test_document_from_text() -> None:
    document = document_from_text("Cafe\u0301 in\r\nHodeidah\x1b.", title="  Pasted\n note ")
    assert document == Document(id="pasted", text="Café in\nHodeidah .", source="", title="Pasted note")
    assert document_from_text("Sanaa.", id="n1", source="clipboard", date="2020-01-01").id == "n1"
    with pytest.raises(DocumentError, match="is empty"):
        document_from_text(" \n\t ")
    with pytest.raises(DocumentError, match="limit is 10 bytes"):
        document_from_text("Kabul, Kandahar", max_bytes=10)


def test_document_from_bytes_follows_the_file_rules() -> None:
    [html] = document_from_bytes(HOSTILE_HTML.encode(), "upload.html")
    assert html.source == "upload.html" and html.id == "upload" and "alert" not in html.text
    [text] = document_from_bytes("café".encode("cp1252"), "notes.txt")
    assert text.text == "café"
    bad: list[BadRecord] = []
    feed = jsonl({"id": "1", "text": "Kabul."}, "nope", {"id": "1", "text": "Herat."}).encode()
    documents = document_from_bytes(feed, "feed.jsonl", on_error=bad.append)
    assert [(d.id, d.source) for d in documents] == [("1", "feed.jsonl"), ("1#2", "feed.jsonl")]
    assert [(b.path, b.line_number) for b in bad] == [("feed.jsonl", 2)]
    with pytest.raises(DocumentError, match=r"upload\.png.*looks binary"):
        document_from_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "upload.png")
    with pytest.raises(DocumentError, match=r"empty\.txt.*is empty"):
        document_from_bytes(b"", "empty.txt")
    with pytest.raises(DocumentError, match=r"big\.txt.*limit is 5 bytes"):
        document_from_bytes(b"123456", "big.txt", max_bytes=5)


def test_a_line_over_the_limit_is_refused_when_read_in_every_input_kind(tmp_path: Path) -> None:
    """One unbroken line over MAX_LINE_CHARS is bad input, refused when read (naming the file or the record)."""
    from geo.core.documents import MAX_LINE_CHARS

    line = "Kabul " * (MAX_LINE_CHARS // 6 + 1)
    assert len(line) > MAX_LINE_CHARS
    with pytest.raises(DocumentError, match=r"long\.txt: line 2 is [\d,]+ characters long.*MAX_LINE_CHARS"):
        read_documents(write(tmp_path / "long.txt", "Title\n" + line))
    with pytest.raises(DocumentError, match="pasted: line 1"):
        document_from_text(line)
    skipped: list[BadRecord] = []
    feed = write(tmp_path / "feed.jsonl", json.dumps({"text": line}) + "\n" + json.dumps({"text": "Herat."}) + "\n")
    assert [d.text for d in iter_jsonl(feed, on_error=skipped.append)] == ["Herat."]
    assert skipped[0].line_number == 1 and "'text': line 1 is" in skipped[0].reason
    [ok] = document_from_text("\n".join([line[:MAX_LINE_CHARS]] * 3)).text.split("\n")[:1]
    assert len(ok) == MAX_LINE_CHARS  # at the limit, and many such lines: read
