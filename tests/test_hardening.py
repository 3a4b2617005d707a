"""Issue 12, one test per failure, on real files each test writes: nothing crashes, nothing hangs, every expected
failure is one clear line with its exit code, and the dashboard stays private."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import geo
from geo.core.pipeline import MAX_LINE_CHARS, Geoparser
from geo.core.sentences import MAX_SENTENCE_CHARS
from geo.errors import DocumentError, OutputError
from geo.outputs.cli import main

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def _records(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def _inside(record: dict, text: str | None = None) -> None:
    """Every mention of a ``mentions`` record equals its span and lies inside its quote (which is a slice too)."""
    text = record.get("text", text)
    for mention in record["mentions"]:
        quote = mention["quote"]
        assert quote["start"] <= mention["start"] < mention["end"] <= quote["end"], mention
        if text is not None:
            assert text[mention["start"]:mention["end"]] == mention["text"]
            assert text[quote["start"]:quote["end"]] == quote["text"]


def make_pdf(pages: list[str], title: str | None = None) -> bytes:
    """A minimal real PDF (Helvetica text, one text line per page line), built byte by byte with a correct xref."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, page in enumerate(pages):
        ops = ["BT", "/F1 11 Tf", "14 TL", "72 720 Td"]
        for line in page.split("\n") if page else []:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
                       f"/Contents {5 + 2 * i} 0 R >>".encode())
        objects.append(b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream")
    info = None
    if title is not None:
        objects.append(f"<< /Title ({title}) >>".encode("latin-1"))
        info = len(objects)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    trailer = f"<< /Size {len(objects) + 1} /Root 1 0 R" + (f" /Info {info} 0 R" if info else "") + " >>"
    out += f"trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


# -- geo.parse: a str is text ---------------------------------------------------------------------------------------
def test_a_long_single_line_string_is_text_and_a_string_is_never_a_path(tmp_path: Path) -> None:
    long_line = "Clashes broke out in Kabul on Monday. " + "The talks went on " * 400  # > 4096 and > NAME_MAX
    assert "\n" not in long_line and len(long_line) > 4096
    result = geo.parse(long_line)
    assert [p.record.ascii_name for p in result.places] == ["Kabul"]
    report = tmp_path / "report.txt"
    report.write_text("Fighting continued in Kandahar.", encoding="utf-8")
    as_text = geo.parse(str(report))  # the name of an existing file, given as a str: parsed as that text
    assert as_text.documents[0].text == str(report) and as_text.documents[0].id == "pasted"
    as_path = geo.parse(report)
    assert as_path.documents[0].id == "report" and as_path.places[0].record.ascii_name == "Kandahar"
    with pytest.raises(TypeError, match="not int"):
        geo.parse([42])  # type: ignore[list-item]


# -- every mention inside its quote ---------------------------------------------------------------------------------
def test_a_run_of_capitalised_words_over_the_sentence_cut_stays_inside_its_quote(tmp_path: Path) -> None:
    # no punctuation: the splitter cuts the line at white space near MAX_SENTENCE_CHARS, inside a run of names
    words = "Miran Shah North Waziristan Kunar Valley New Delhi Herat Province Said The Kabul".split()
    text = " ".join(words[(i * 5) % len(words)] for i in range(170))  # 1,058 characters; "North Delhi" is cut
    path = tmp_path / "capitals.txt"
    path.write_text(text, encoding="utf-8")
    run = _run("parse", str(path), "--quiet", "--with-text")
    assert run.returncode == 0, run.stderr
    [record] = _records(run.stdout)
    assert record["mentions"]
    _inside(record)
    # recognition alone reads some names across the cut; the pipeline quotes the sentences such a name runs across
    parser = Geoparser()
    document = geo.core.documents.read_documents(path)[0]
    sentences = geo.core.sentences.split_sentences(document.text)
    raw = [m for m in parser.recognize(document, sentences) if not m.quote.start <= m.start < m.end <= m.quote.end]
    quoted = {(m["start"], m["end"]): m["quote"] for m in record["mentions"]}
    assert raw or not any(m["quote"]["end"] - m["quote"]["start"] > MAX_SENTENCE_CHARS for m in record["mentions"])
    for mention in raw:
        quote = quoted[(mention.start, mention.end)]
        assert quote["start"] <= mention.start and mention.end <= quote["end"]
        assert quote["end"] - quote["start"] > len(mention.quote.text)


# -- offsets ------------------------------------------------------------------------------------------------------
def test_offsets_index_document_text_which_the_cli_and_the_api_expose(tmp_path: Path) -> None:
    raw = "Cafe\u0301 owners fled.\r\nShelling hit\x07 Kabul and Herat.\r\n"  # decomposed é, CRLF, a BEL
    path = tmp_path / "crlf.txt"
    path.write_bytes(raw.encode("utf-8"))
    run = _run("parse", str(path), "--quiet", "--with-text")
    assert run.returncode == 0, run.stderr
    [record] = _records(run.stdout)
    assert record["text"] == "Caf\u00e9 owners fled.\nShelling hit  Kabul and Herat.\n"  # the documented cleaning
    assert {m["text"] for m in record["mentions"]} >= {"Kabul", "Herat"}
    _inside(record)
    result = geo.parse(path)
    assert result.documents[0].text == record["text"]
    for resolution in result.resolutions:
        mention = resolution.mention
        assert result.documents[0].text[mention.start:mention.end] == mention.text


# -- size: linear and fast, or refused -------------------------------------------------------------------------------
def test_a_megabyte_on_one_line_is_refused_in_one_line(tmp_path: Path) -> None:
    """Refused before parsing (speed is measured by scripts/fuzz_corpus.py --worst, not asserted here)."""
    path = tmp_path / "oneline.txt"
    path.write_text(("Kabul Herat Kandahar North Waziristan " * 30_000)[:1_000_000], encoding="utf-8")
    run = _run("parse", str(path), "--quiet")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert f"line 1 is 1,000,000 characters long without a line break; the limit is {MAX_LINE_CHARS:,}" in run.stderr
    with pytest.raises(DocumentError, match="MAX_LINE_CHARS"):
        geo.parse(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("token", ["x" * 100_000, "A" + "b" * 99_999, "-" * 100_000, "." * 100_000, "-A" * 50_000])
def test_a_100000_character_token_parses(tmp_path: Path, token: str) -> None:
    """The places around a huge token are still found (its timing is in scripts/fuzz_corpus.py --worst)."""
    parser = Geoparser()
    text = f"Clashes broke out in Kabul. {token} near Herat."
    names = {r.mention.text for r in parser.parse([geo.core.documents.document_from_text(text)]).resolutions}
    assert {"Kabul", "Herat"} <= names


# -- folders of mixed files -----------------------------------------------------------------------------------------
def test_a_folder_of_good_bad_pdf_badly_named_and_looping_files_gives_one_line_each(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text("Clashes were reported in Kandahar.", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (folder / "report.pdf").write_bytes(make_pdf(["Fighting continued in Herat."], title="Weekly report"))
    (folder / "fake.pdf").write_bytes(b"this is not a PDF at all")
    (folder / "scan.pdf").write_bytes(make_pdf([""]))
    latin = os.path.join(os.fsencode(folder), b"caf\xe9.txt")  # not valid UTF-8
    with open(latin, "wb") as handle:
        handle.write(b"Troops entered Kabul.")
    (folder / "sub" / "parent").symlink_to(folder, target_is_directory=True)  # a loop to the parent folder
    (folder / "loop.txt").symlink_to(folder / "loop.txt")  # a link to itself
    out = tmp_path / "out.jsonl"
    run = _run("parse", str(folder), "--quiet", "-o", str(out))
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    skipped = [line for line in run.stderr.splitlines() if line.startswith("skipped ")]
    assert len(skipped) == 5, run.stderr
    for name, reason in [("empty.txt", "empty"), ("binary.txt", "binary"), ("fake.pdf", "is not a PDF"),
                         ("scan.pdf", "without a text layer"), ("loop.txt", "cannot be read")]:
        assert any(name in line and reason in line for line in skipped), (name, run.stderr)
    records = {r["doc"]: r for r in _records(out.read_text(encoding="utf-8"))}
    assert set(records) == {"caf\ufffd", "good", "report"}
    assert records["report"]["title"] == "Weekly report"
    assert [m["text"] for m in records["report"]["mentions"]] == ["Herat"]
    assert "parsed 3 document(s); 5 bad record(s) skipped" in run.stderr


def test_pdf_offsets_index_the_extracted_text(tmp_path: Path) -> None:
    path = tmp_path / "brief.pdf"
    path.write_bytes(make_pdf(["Clashes broke out in Kabul on Monday.", "Shelling hit Kandahar."]))
    run = _run("parse", str(path), "--quiet", "--with-text")
    assert run.returncode == 0, run.stderr
    [record] = _records(run.stdout)
    assert record["text"] == "Clashes broke out in Kabul on Monday.\n\nShelling hit Kandahar."
    assert [m["text"] for m in record["mentions"]] == ["Kabul", "Kandahar"]
    _inside(record)


# -- outputs --------------------------------------------------------------------------------------------------------
def _unwritable_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        (folder / "probe").write_text("")
    except OSError:
        return folder
    (folder / "probe").unlink()  # root writes anyway: use a read-only mount instead
    if _cannot_write_in("/sys"):
        return Path("/sys")
    pytest.skip("no unwritable folder here (root, and /sys is writable)")


def _cannot_write_in(folder: str) -> bool:
    try:
        with open(os.path.join(folder, "conflict-map-probe"), "w"):
            pass
    except OSError:
        return True
    os.unlink(os.path.join(folder, "conflict-map-probe"))
    return False


def test_parse_and_map_refuse_outputs_they_cannot_write_in_the_same_one_line(tmp_path: Path) -> None:
    document = tmp_path / "a.txt"
    document.write_text("Clashes were reported in Kandahar.", encoding="utf-8")
    locked = _unwritable_folder(tmp_path)
    cases = {
        tmp_path / "missing" / "out": "does not exist",
        tmp_path: "is a folder",
        locked / "out": "cannot write in",
    }
    for target, reason in cases.items():
        for command in (["parse", str(document), "--quiet"], ["map", str(document)]):
            run = _run(*command, "-o", str(target) + (".html" if command[0] == "map" and target != tmp_path else ""))
            assert run.returncode == OutputError.exit_code == 5, (command, target, run.stderr)
            lines = [line for line in run.stderr.splitlines() if line.startswith("error: ")]
            assert len(lines) == 1 and reason in lines[0] and "Traceback" not in run.stderr, run.stderr
    assert not (tmp_path / "missing").exists()  # map -o no longer creates the folder
    assert "5 the output cannot be written" in _run("--help").stdout


# -- bugs are bugs ------------------------------------------------------------------------------------------------
def test_a_bug_in_a_stage_exits_70_with_its_traceback_and_is_never_a_skipped_record(tmp_path, monkeypatch,
                                                                                     capsys) -> None:
    from geo.core.recognition import Recognizer

    document = tmp_path / "a.txt"
    document.write_text("Clashes were reported in Kandahar.", encoding="utf-8")

    def broken(self, document, sentences=None):
        raise KeyError("a stage's bug")

    monkeypatch.setattr(Recognizer, "__call__", broken)
    assert main(["parse", str(document), "--quiet", "--workers", "1"]) == 70
    err = capsys.readouterr().err
    assert "Traceback" in err and "internal error (KeyError" in err and "this is a bug" in err
    assert "skipped" not in err and "while parsing document 'a'" in err


# -- the dashboard is private ---------------------------------------------------------------------------------------
def test_dashboard_defaults_are_private_unless_asked() -> None:
    from dashboard.__main__ import no_outbound_requests, private_options

    assert private_options(["--server.port", "9000"]) == [
        "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", "--server.port", "9000"]
    assert private_options(["--server.address=0.0.0.0"])[:2] == ["--browser.gatherUsageStats", "false"]
    no_outbound_requests()
    from streamlit import net_util

    assert net_util.get_external_ip() is None


def test_dashboard_listens_on_loopback_only(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "dashboard", "--server.port", str(port),
                                "--server.headless", "true"], cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        lines = []
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "URL:" in line:
                break
        printed = "".join(lines)
        assert f"URL: http://127.0.0.1:{port}" in printed, printed
        assert "Network URL" not in printed and "External URL" not in printed
        with socket.create_connection(("127.0.0.1", port), timeout=10):
            pass
    finally:
        process.terminate()
        process.wait(timeout=30)


# -- make -----------------------------------------------------------------------------------------------------------
def test_make_run_needs_no_apt_and_make_test_waits_for_its_lock() -> None:
    run = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "apt-get" not in run.stdout and "chromium" not in run.stdout
    assert "--server.address 127.0.0.1" in run.stdout
    browser = subprocess.run(["make", "-n", "-B", "browser"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "DPkg::Lock::Timeout=600" in browser.stdout
    test = subprocess.run(["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "chromium" in test.stdout or "-m pytest" in test.stdout
