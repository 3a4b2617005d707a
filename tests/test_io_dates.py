"""Document dates in any common form become ISO; NAME.meta.json beside a file gives its date, title and publisher."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

import geo
from geo.core.dates import parse_date, read_sidecar
from geo.core.documents import document_from_text, iter_documents, read_documents
from geo.outputs import export
from geo.outputs.cli import main
from geo.outputs.readback import read_parse_output
from test_hardening import make_pdf  # tests/ is on sys.path (rootdir-relative imports)

LOGGER = "geo.core.documents"


@pytest.mark.parametrize(("value", "iso"), [
    ("2024-05-03", "2024-05-03"),
    ("2024-05-03T10:00:00Z", "2024-05-03"),
    ("2024-05-03T23:30:00-05:00", "2024-05-03"),  # the date as written, not moved to UTC
    ("2024/5/3", "2024-05-03"),
    ("20240503", "2024-05-03"),
    ("3 May 2024", "2024-05-03"),
    ("3rd May, 2024", "2024-05-03"),
    ("May 3, 2024", "2024-05-03"),
    ("Friday, May 3, 2024", "2024-05-03"),
    ("Fri, 03 May 2024 10:00:00 +0000", "2024-05-03"),  # RFC 2822, as RSS writes it
    ("13/05/2024", "2024-05-13"),  # day first: 13 cannot be a month
    ("05/13/2024", "2024-05-13"),  # month first
    ("13.05.2024", "2024-05-13"),
    ("03/03/2024", "2024-03-03"),  # both readings are the same day
    ("03/05/2024", None),  # 3 May or 5 March: ambiguous, not guessed
    ("3-5-2024", None),
    ("31/02/2024", None),  # no such day either way
    ("yesterday", None),
    ("", None),
])
def test_common_forms_become_iso(value: str, iso: str | None) -> None:
    assert parse_date(value) == iso


def test_json_lines_dates_are_normalised_on_reading(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    rows = [
        {"id": "a", "text": "Clashes in Kunar.", "date": "3 May 2024"},
        {"id": "b", "text": "Clashes in Kunar.", "date": "May 3, 2024"},
        {"id": "c", "text": "Clashes in Kunar.", "date": "2024-05-03T10:00:00Z"},
        {"id": "d", "text": "Clashes in Kunar.", "date": "03/05/2024"},  # ambiguous: no date
        {"id": "e", "text": "KABUL, June 9, 2024 - Clashes in Kunar.", "date": "03/05/2024"},  # the dateline then
        {"id": "f", "text": "Clashes in Kunar.", "date": "13/05/2024"},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    documents = list(iter_documents([path]))
    # Document.date is the document's date from every evidence, as the exports give it (e: its dateline)
    assert [d.date for d in documents] == ["2024-05-03", "2024-05-03", "2024-05-03", None, "2024-06-09",
                                           "2024-05-13"]
    records = list(export.document_records(geo.parse(documents)))
    assert [r["date"] for r in records] == ["2024-05-03", "2024-05-03", "2024-05-03", None, "2024-06-09",
                                            "2024-05-13"]


def test_json_lines_publisher(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    rows = [
        {"id": "a", "text": "Clashes in Kunar.", "publisher": "Dawn", "source": "ignored: publisher first"},
        {"id": "b", "text": "Clashes in Kunar.", "source": "Reuters"},
        {"id": "c", "text": "Clashes in Kunar.", "source": {"name": "AFP"}},  # not a string: ignored, not skipped
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    documents = list(iter_documents([path]))
    assert [(d.publisher, d.source) for d in documents] == [("Dawn", str(path)), ("Reuters", str(path)),
                                                            (None, str(path))]


def test_pasted_text_date_is_normalised() -> None:
    assert document_from_text("Clashes in Kunar.", date="May 3, 2024").date == "2024-05-03"
    assert document_from_text("KABUL, June 9, 2024 - Clashes in Kunar.").date == "2024-06-09"  # its dateline
    assert document_from_text("Clashes in Kunar.").date is None


def test_meta_json_beside_txt_html_and_pdf(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Shelling near Peshawar.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({"date": "3 May 2024", "title": "Shelling", "source": "Dawn"}),
                                          encoding="utf-8")
    (tmp_path / "b.html").write_text("<html><body><article><p>Clashes in Kunar province.</p></article></body></html>",
                                     encoding="utf-8")
    (tmp_path / "b.meta.json").write_text(json.dumps({"date": "May 4, 2024", "source": "Reuters"}), encoding="utf-8")
    (tmp_path / "c.pdf").write_bytes(make_pdf(["Fighting in Kabul."]))  # a real PDF with a text layer
    (tmp_path / "c.meta.json").write_text(json.dumps({"date": "2024-05-05T08:00:00Z", "title": "Kabul"}),
                                          encoding="utf-8")
    documents = {d.id: d for d in iter_documents([tmp_path])}
    assert set(documents) == {"a", "b", "c"}  # the metadata files are not documents
    a, b, c = documents["a"], documents["b"], documents["c"]
    assert (a.date, a.title, a.publisher, a.source) == ("2024-05-03", "Shelling", "Dawn", str(tmp_path / "a.txt"))
    assert (b.date, b.publisher) == ("2024-05-04", "Reuters")
    assert "Kabul" in c.text and (c.date, c.title) == ("2024-05-05", "Kabul")


def test_meta_json_is_preferred_to_name_json(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Shelling near Peshawar.", encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"date": "2020-01-01", "title": "old"}), encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({"date": "2024-05-03", "title": "new"}), encoding="utf-8")
    [document] = read_documents(tmp_path / "a.txt")
    assert (document.date, document.title) == ("2024-05-03", "new")
    assert read_sidecar(tmp_path / "a.txt").path == tmp_path / "a.meta.json"


def test_the_sidecar_date_wins_over_a_dateline(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("KABUL, June 9, 2024 - Clashes in Kunar.", encoding="utf-8")
    assert read_documents(tmp_path / "a.txt")[0].date == "2024-06-09"
    (tmp_path / "a.meta.json").write_text(json.dumps({"date": "2024-06-10"}), encoding="utf-8")
    assert read_documents(tmp_path / "a.txt")[0].date == "2024-06-10"


@pytest.mark.parametrize(("content", "says"), [
    (b'{"date": "2024-05-03",', "not valid JSON (Expecting"),
    (b"[1, 2]", "not a JSON object (a JSON list)"),
    (b"\xff\xfe\x00", "not UTF-8"),
    (json.dumps({"date": "yesterday", "title": "Kunar"}).encode(), "'date' 'yesterday' is not a date"),
    (json.dumps({"date": "03/05/2024"}).encode(), "03/05/2024 is ambiguous"),
    (json.dumps({"date": 2024, "title": ["Kunar"]}).encode(), "'title' is not a string; 'date' is not a string"),
])
def test_a_bad_sidecar_gives_one_warning_line_not_a_crash(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, content: bytes, says: str
) -> None:
    (tmp_path / "a.txt").write_text("Shelling near Peshawar.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_bytes(content)
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        documents = list(iter_documents([tmp_path]))
        list(iter_documents([tmp_path]))  # read again: not warned again
    assert [d.id for d in documents] == ["a"] and documents[0].date is None
    lines = [r.getMessage() for r in caplog.records if r.name == LOGGER]
    assert len(lines) == 1 and "\n" not in lines[0]
    assert lines[0].startswith(f"warning: {tmp_path / 'a.meta.json'}: ") and says in lines[0]


def test_cli_parse_with_a_bad_sidecar_warns_on_stderr_and_succeeds(tmp_path: Path, capfd) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("Shelling near Peshawar.", encoding="utf-8")
    (folder / "a.meta.json").write_text("{not json", encoding="utf-8")
    (folder / "b.txt").write_text("Clashes in Kabul.", encoding="utf-8")
    (folder / "b.meta.json").write_text(json.dumps({"date": "May 3, 2024", "source": "DW"}), encoding="utf-8")
    out = tmp_path / "m.jsonl"
    assert main(["parse", str(folder), "--workers", "1", "--quiet", "-o", str(out)]) == 0
    records = {r["doc"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert (records["a"]["date"], records["b"]["date"]) == (None, "2024-05-03")
    assert records["b"]["publisher"] == "DW" and records["a"]["publisher"] is None
    back = {d.id: d for d in read_parse_output(out).documents}
    assert (back["b"].publisher, back["b"].date) == ("DW", "2024-05-03")


def test_cli_warning_is_one_line_on_stderr(tmp_path: Path) -> None:
    """In a fresh interpreter (no test logging set up), the warning is exactly one line on stderr."""
    import subprocess
    import sys

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("Shelling near Peshawar.", encoding="utf-8")
    (folder / "a.meta.json").write_text("{not json", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "geo", "parse", str(folder), "--quiet"], capture_output=True,
                          text=True, timeout=120, cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "a.meta.json" in line]
    assert warnings == [f"warning: {folder / 'a.meta.json'}: not valid JSON (Expecting property name enclosed in "
                        "double quotes at line 1, column 2); its metadata is ignored"]
    assert json.loads(done.stdout)["doc"] == "a"


def test_the_timeline_sees_json_lines_dated_by_dateline(tmp_path: Path) -> None:
    import datetime

    from geo.outputs.timeline import mentions_per_day, narrow

    path = tmp_path / "feed.jsonl"
    rows = [{"id": "a", "text": "KABUL, June 9, 2024 - Clashes in Kunar."},
            {"id": "b", "text": "Shelling near Peshawar.", "date": "10 June 2024"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = geo.parse(path)
    days = dict(mentions_per_day(result))
    assert days[datetime.date(2024, 6, 9)] >= 2 and days[datetime.date(2024, 6, 10)] >= 1  # Kabul, Kunar; Peshawar
    june_9 = narrow(result, days=(datetime.date(2024, 6, 9), datetime.date(2024, 6, 9)))
    assert {p.record.name for p in june_9.places} >= {"Kabul", "Kunar"}
    assert "Peshawar" not in {p.record.name for p in june_9.places}
