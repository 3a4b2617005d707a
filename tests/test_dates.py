"""Document dates: ISO dates from record fields, HTML metadata, datelines and metadata files the tests write."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.core.dates import dateline_date, document_date, html_date, parse_date, sidecar_date, with_date
from geo.core.documents import document_from_bytes, iter_documents, read_documents
from geo.core.model import Document


@pytest.mark.parametrize(("value", "expected"), [
    ("2015-05-03", "2015-05-03"),
    ("2015-05-03T10:22:00+04:30", "2015-05-03"),
    ("2015-05-03T10:22:00Z", "2015-05-03"),
    ("2015/5/3", "2015-05-03"),
    ("20150503", "2015-05-03"),
    ("May 3, 2015", "2015-05-03"),
    ("Tue, 03 May 2015 10:00:00 GMT", "2015-05-03"),
    ("2015-02-30", None),  # no such day
    ("yesterday", None),
    ("", None),
    (2015, None),
    (None, None),
])
def test_parse_date_normalises_metadata_values(value: object, expected: str | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("KABUL, May 3, 2015 — Gunmen stormed a guesthouse in Kabul.", "2015-05-03"),
    ("QUETTA/CHAMAN, May 3 (Reuters) - A bomb exploded near Chaman.\n\n© 2015 Thomson Reuters", "2015-05-03"),
    ("GAZA, 3 May (AFP) — Strikes hit Khan Younis. Filed on Tuesday, 12 June 2018.", "2018-05-03"),
    ("Published 14 January 2015\n\nPakistan's army said ...", "2015-01-14"),
    ("Interview: Gabriel DomínguezJanuary 14, 2015\n\nSecretary of State John Kerry ...", "2015-01-14"),
    ("ISLAMABAD, Sept. 4 (AP) - No year anywhere in this text.", None),  # no year to give the dateline
    ("Since the December 16 Peshawar school massacre ...", None),
])
def test_dateline_date(text: str, expected: str | None) -> None:
    assert dateline_date(text) == expected


def test_a_date_deep_in_the_body_is_not_a_dateline() -> None:
    text = "Fighting went on. " * 200 + "It started on 3 May 2015."
    assert dateline_date(text) is None


HTML_TEMPLATE = "<!doctype html><html><head><title>Strike</title>{head}</head><body><article>{body}<p>Airstrikes hit " \
    "Saada overnight, residents said.</p></article></body></html>"


@pytest.mark.parametrize(("head", "body", "expected"), [
    ('<meta property="article:published_time" content="2015-05-03T01:00:00+04:30">', "", "2015-05-03"),
    ('<meta property="og:pubdate" content="2016-02-01">', "", "2016-02-01"),
    ('<meta name="date" content="March 4, 2017">', "", "2017-03-04"),
    ('<meta name="pubdate" content="20180405">', "", "2018-04-05"),
    ('<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "datePublished": "2019-06-07"}]}'
     '</script>', "", "2019-06-07"),
    ("", '<time datetime="2020-08-09T12:00">9 August</time>', "2020-08-09"),
    ('<meta name="date" content="garbage">', "", None),
])
def test_html_metadata_dates_a_page(head: str, body: str, expected: str | None) -> None:
    assert html_date(HTML_TEMPLATE.format(head=head, body=body)) == expected


def test_html_metadata_wins_over_a_dateline_when_a_page_is_read(tmp_path: Path) -> None:
    page = HTML_TEMPLATE.format(head='<meta property="article:published_time" content="2015-05-03T08:00:00Z">',
                                body="<p>SANAA, June 1, 2016 — A report.</p>")
    path = tmp_path / "strike.html"
    path.write_text(page, encoding="utf-8")
    [document] = read_documents(path)
    assert document.date == "2015-05-03"
    assert "published_time" not in document.text  # metadata is read, never shown as text


def test_a_text_file_is_dated_by_its_dateline(tmp_path: Path) -> None:
    path = tmp_path / "quetta.txt"
    path.write_text("QUETTA/CHAMAN, May 3 (Reuters) - A bomb exploded.\n\n(c) 2015 Reuters\n", encoding="utf-8")
    [document] = read_documents(path)
    assert document.date == "2015-05-03"


def test_an_upload_is_dated_like_a_file() -> None:
    [document] = document_from_bytes(b"KABUL, May 3, 2015 - Gunmen attacked a convoy.", "upload.txt")
    assert document.date == "2015-05-03"


def test_a_jsonl_date_field_wins_and_is_normalised(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    rows = [
        {"id": "a", "text": "KABUL, May 3, 2015 - Clashes.", "date": "2016-01-02T09:00:00Z"},
        {"id": "b", "text": "KABUL, May 3, 2015 - Clashes."},
        {"id": "c", "text": "Clashes in Kunar."},
    ]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    documents = list(iter_documents([path]))
    assert [document_date(d) for d in documents] == ["2016-01-02", "2015-05-03", None]


def test_a_metadata_file_beside_a_document_dates_it(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("Clashes in Kunar province.", encoding="utf-8")
    (tmp_path / "report.meta.json").write_text(json.dumps({"date": "2015-05-03T10:00:00Z"}), encoding="utf-8")
    [document] = read_documents(path)
    assert document.date == "2015-05-03"  # the reader reads NAME.meta.json too, normalised to ISO
    assert sidecar_date(path) == "2015-05-03"
    bare = Document("report", document.text)  # a document built without the reader (an upload, pasted text)
    assert document_date(bare) is None  # the file is only looked at when its path is given
    assert document_date(bare, path=path) == "2015-05-03"
    assert with_date(bare, path=path).date == "2015-05-03"


def test_the_readers_own_sidecar_date_is_normalised(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("Clashes in Kunar province.", encoding="utf-8")
    (tmp_path / "report.json").write_text(json.dumps({"date": "May 3, 2015"}), encoding="utf-8")
    [document] = read_documents(path)
    assert document.date == "2015-05-03" and document_date(document) == "2015-05-03"


@pytest.mark.parametrize("content", [b"not json", b"[1, 2]", json.dumps({"date": 2015}).encode(), b"\xff\xfe"])
def test_an_unusable_metadata_file_gives_no_date(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.txt"
    path.write_text("Kunar.", encoding="utf-8")
    (tmp_path / "x.meta.json").write_bytes(content)
    assert sidecar_date(path) is None


def test_the_seed_document_is_dated_from_its_own_text(tmp_path: Path) -> None:
    seed = Path(__file__).resolve().parents[1] / "seeds" / "000_66b4bbf42a475dd1.txt"
    if not seed.is_file():
        pytest.skip("the seed document is not in seeds/")
    copy = tmp_path / "seed.txt"  # without its sidecar, so the date comes from the by-line
    copy.write_bytes(seed.read_bytes())
    [document] = read_documents(copy)
    assert document.date == "2015-01-14"


def test_a_document_with_nothing_to_date_it() -> None:
    assert document_date(Document(id="x", text="Clashes in Kunar.")) is None
