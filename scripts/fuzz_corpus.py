"""Fuzz the whole parser with generated documents and print crashes, hangs and invariant violations.

    .venv/bin/python scripts/fuzz_corpus.py [--docs 10000] [--seed 0] [--hang 10] [--show 5]
    .venv/bin/python scripts/fuzz_corpus.py --worst     # time the worst-case documents at the size limits

Not a timed test: a run over 10,000 documents takes minutes. Each document is generated deterministically from the
seed in one of the kinds issue 12 used (news-like text, runs of capitalised names without punctuation, long single
lines, huge tokens, odd Unicode and control characters, odd newlines, HTML, raw bytes, PDF-looking bytes, JSON
Lines), read as an upload would be (``document_from_bytes``) or pasted (``document_from_text``), then parsed twice.

- crash: any exception other than DocumentError (a DocumentError is bad input refused with a message, by design);
- hang: a document whose reading and first parse took longer than ``--hang`` seconds (a real hang is cut at 6x
  that; the second parse, which checks determinism, is not timed);
- violation: mention text differs from its span, a mention outside its quote, a quote that is not a slice of the
  text, coordinates out of range, or a second parse that differs from the first.
Exit status 1 when any of the three counts is not zero.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import signal
import sys
import time
import traceback
from collections.abc import Callable

from geo.core.documents import MAX_LINE_CHARS, document_from_bytes, document_from_text
from geo.core.model import Document
from geo.core.pipeline import Geoparser
from geo.errors import DocumentError

NAMES = ["Kabul", "Herat", "Kandahar", "North Waziristan", "South Waziristan", "Miran Shah", "Datta Khel",
         "Peshawar", "Kunar", "Islamabad", "New Delhi", "Washington", "Line of Control", "LoC", "Kashmir", "Pakistan",
         "Afghanistan", "India", "Tirah Valley", "Khyber Pakhtunkhwa", "Kharkiv", "Gaza", "Khan Younis", "Aleppo",
         "Idlib", "Mosul", "Sanaa", "Aden", "Goma", "Bunia", "El Fasher", "Darfur", "Mogadishu", "Kidal", "Gao"]
DEMONYMS = ["Afghan", "Pakistani", "Indian", "American", "Syrian", "Yemeni", "Congolese", "Sudanese", "Somali"]
WORDS = ["the", "in", "near", "said", "clashes", "of", "and", "province", "valley", "district", "village", "killed",
         "officials", "troops", "drone", "strike", "on", "Monday", "fighting", "continued", "border", "a", "at"]
STARTERS = ["The", "Said", "In", "A", "But", "Mr.", "Gen.", "Lt.", "Dr.", "St.", "No.", "U.S.", "B.", "1."]
PUNCTUATION = [".", ",", "!", "?", "…", "؟", "۔", "\"", "'", "“", "”", "(", ")", "-", "—", ":", ";", "/", "..."]
ODD = ["\u0301", "\u200b", "\u00ad", "\ufeff", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\ud800",
       "ﬁ", "Å", "İ", "ß", "ǅ", "Ⅻ", "٣", "كابل", "Кабул", "喀布尔", "🇦🇫", "\t", "\r", "\r\n", "\n\n", "\u202e"]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(3, 14))]
    for _ in range(rng.randint(0, 3)):
        words.insert(rng.randrange(len(words) + 1), rng.choice(NAMES + DEMONYMS))
    return rng.choice(STARTERS + ["Clashes", "Fighting"]) + " " + " ".join(words) + rng.choice([".", "!", "?", ""])


def news(rng: random.Random) -> str:
    """News-like paragraphs."""
    return "\n\n".join(" ".join(_sentence(rng) for _ in range(rng.randint(1, 6))) for _ in range(rng.randint(1, 6)))


def capitals(rng: random.Random) -> str:
    """A run of capitalised names and starters without punctuation, often over the 1,000-character sentence cut."""
    return " ".join(rng.choice(NAMES + STARTERS + DEMONYMS) for _ in range(rng.randint(5, 900)))


def long_line(rng: random.Random) -> str:
    """One unbroken line: mostly under the line limit, sometimes a megabyte (refused as bad input)."""
    size = rng.choice([20_000, 60_000, 140_000, 1_000_000])
    text = []
    total = 0
    while total < size:
        text.append(_sentence(rng))
        total += len(text[-1]) + 1
    return " ".join(text)[:size]


def huge_token(rng: random.Random) -> str:
    """A 100,000-character token among sentences."""
    token = rng.choice(["x", "A", "-", ".", "-A", "é", "Kabul", "\u0301", "_", "1"]) * 1
    token = (token * (100_000 // len(token) + 1))[:100_000]
    return f"{_sentence(rng)} {token} {_sentence(rng)}"


def odd_unicode(rng: random.Random) -> str:
    """News words mixed with combining marks, controls, bidi marks, other scripts, odd newlines."""
    parts = []
    for _ in range(rng.randint(1, 150)):
        parts.append(rng.choice([rng.choice(NAMES), rng.choice(WORDS), rng.choice(PUNCTUATION), rng.choice(ODD),
                                 "".join(chr(rng.randint(32, 0x2FFF)) for _ in range(rng.randint(1, 8)))]))
        parts.append(rng.choice([" ", " ", "", "\n", ", ", ". "]))
    return "".join(parts)


def html(rng: random.Random) -> bytes:
    """An HTML page with an article, scripts and hidden parts."""
    body = "".join(f"<p>{_sentence(rng)} <b>{rng.choice(NAMES)}</b></p>" for _ in range(rng.randint(1, 8)))
    extra = rng.choice(["<script>alert(1)</script>", "<div hidden>Kabul</div>", "<nav>Herat</nav>", "<br><br>", ""])
    return f"<!doctype html><html><head><title>{rng.choice(NAMES)}</title></head><body>{extra}<article>{body}" \
           f"</article></body></html>".encode()


def raw_bytes(rng: random.Random) -> bytes:
    """Random bytes, sometimes after a UTF-16 or UTF-8 byte-order mark or a PDF header."""
    head = rng.choice([b"", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"%PDF-1.4\n"])
    return head + bytes(rng.randrange(256) for _ in range(rng.randint(0, 3000)))


def jsonl(rng: random.Random) -> bytes:
    """JSON Lines with good and bad records."""
    lines = []
    for i in range(rng.randint(1, 6)):
        lines.append(rng.choice([json.dumps({"id": f"r{i}", "text": news(rng)}), "{broken", json.dumps([1]),
                                 json.dumps({"text": odd_unicode(rng)}), json.dumps({"id": 3, "text": 4})]))
    return "\n".join(lines).encode("utf-8", "surrogatepass")


TEXT_KINDS: dict[str, Callable[[random.Random], str]] = {
    "news": news, "capitals": capitals, "odd-unicode": odd_unicode, "huge-token": huge_token, "long-line": long_line,
}
BYTE_KINDS: dict[str, tuple[Callable[[random.Random], bytes], str]] = {
    "html": (html, "page.html"), "bytes": (raw_bytes, "upload.txt"), "pdf-like": (raw_bytes, "report.pdf"),
    "jsonl": (jsonl, "feed.jsonl"),
}
# how often each kind is drawn: the expensive ones rarely
WEIGHTS = {"news": 40, "capitals": 20, "odd-unicode": 25, "huge-token": 1, "long-line": 1, "html": 5, "bytes": 5,
           "pdf-like": 2, "jsonl": 4}


def worst_cases() -> dict[str, str]:
    """Fixed documents at the limits the reader accepts: the longest single line, a megabyte of prose, of dense
    capitalised names in lines, of one name repeated, and a 100,000-character token. Each must parse in seconds."""
    rng = random.Random(0)
    line = " ".join(_sentence(rng) for _ in range(3000))[:MAX_LINE_CHARS]
    prose = news(rng)
    while len(prose) < 1_000_000:
        prose += "\n\n" + news(rng)
    dense = "\n".join(" ".join(rng.choice(NAMES + STARTERS + DEMONYMS) for _ in range(100)) for _ in range(1400))
    return {
        f"longest accepted line ({MAX_LINE_CHARS:,} chars)": line,
        "1 MB of news prose": prose[:1_000_000],
        "1 MB of capitalised names, 100 per line": dense[:1_000_000],
        "1 MB of one name, 20 per line": "\n".join(" ".join(["Kabul"] * 20) for _ in range(8000))[:1_000_000],
        "100,000-character token": huge_token(rng),
        "1 MB of punctuation": "\n".join("., ;: -- ... !? " * 8 for _ in range(8000))[:1_000_000],
    }


def time_worst(parser: Geoparser) -> int:
    """Print the seconds and mentions of each worst-case document; exit status 1 if any took over 10 s."""
    slow = 0
    for name, text in worst_cases().items():
        begin = time.perf_counter()
        try:
            result = parser.parse_document(document_from_text(text, id="worst"))
            outcome = f"{len(result):,} mentions, {sum(r.place is not None for r in result):,} placed"
        except DocumentError as exc:
            outcome = f"refused: {exc}"
        elapsed = time.perf_counter() - begin
        slow += elapsed > 10
        print(f"{name:<44}{len(text) / 1e6:>6.2f} MB{elapsed:>8.2f} s   {outcome}", flush=True)
    return 1 if slow else 0


class Hang(Exception):
    """A document ran past the hard limit."""


def _alarm(signum: int, frame: object) -> None:
    raise Hang()


def violations(parser: Geoparser, document: Document, first: list) -> list[str]:
    """What is wrong with the parse of a document (empty when every invariant holds); parses it again to compare."""
    text, found = document.text, []
    for r in first:
        m, q = r.mention, r.mention.quote
        if text[m.start:m.end] != m.text:
            found.append(f"mention {m.text!r} != span {text[m.start:m.end]!r}")
        if not (q.start <= m.start and m.end <= q.end):
            found.append(f"mention {m.text!r} [{m.start}:{m.end}] outside its quote [{q.start}:{q.end}]")
        if text[q.start:q.end] != q.text:
            found.append(f"quote [{q.start}:{q.end}] is not a slice of the text")
        if r.place is not None and not (-90 <= r.place.lat <= 90 and -180 <= r.place.lon <= 180):
            found.append(f"{r.place.id} at {r.place.lat}, {r.place.lon} out of range")
    key = [(r.mention.start, r.mention.end, r.mention.quote.start, r.place.id if r.place else None, r.confidence)
           for r in first]
    if key != [(r.mention.start, r.mention.end, r.mention.quote.start, r.place.id if r.place else None, r.confidence)
               for r in parser.parse_document(document)]:
        found.append("a second parse differs from the first")
    return found


def main(argv: list[str] | None = None) -> int:
    """Generate, parse and check; print the counts and the first examples of each problem."""
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--docs", type=int, default=10_000)
    options.add_argument("--seed", type=int, default=0)
    options.add_argument("--hang", type=float, default=10.0, help="seconds over which a document counts as a hang")
    options.add_argument("--show", type=int, default=5, help="examples printed per problem")
    options.add_argument("--worst", action="store_true", help="only time the worst-case documents at the limits")
    options.add_argument("--kinds", help="only parse documents of these kinds (comma-separated; all are still "
                         "generated, so document numbers stay those of a full run)")
    args = options.parse_args(argv)
    rng = random.Random(args.seed)
    parser = Geoparser()
    if args.worst:
        return time_worst(parser)
    kinds = list(WEIGHTS)
    counts: collections.Counter[str] = collections.Counter()
    problems: dict[str, list[str]] = {"crash": [], "hang": [], "violation": []}
    slowest = (0.0, "")
    signal.signal(signal.SIGALRM, _alarm)
    started = time.monotonic()
    for i in range(args.docs):
        kind = rng.choices(kinds, weights=[WEIGHTS[k] for k in kinds])[0]
        if args.kinds and kind not in args.kinds.split(","):
            _ = TEXT_KINDS[kind](rng) if kind in TEXT_KINDS else BYTE_KINDS[kind][0](rng)  # same stream of documents
            continue
        counts[kind] += 1
        label = f"#{i} ({kind})"
        generated = TEXT_KINDS[kind](rng) if kind in TEXT_KINDS else BYTE_KINDS[kind][0](rng)
        begin = time.monotonic()
        elapsed = 0.0
        signal.alarm(int(args.hang * 6))
        try:
            if kind in TEXT_KINDS:
                documents = [document_from_text(generated, id=f"doc-{i}")]
            else:
                documents = document_from_bytes(generated, BYTE_KINDS[kind][1], on_error=lambda bad: None)
            parsed = [parser.parse_document(document) for document in documents]
            elapsed = time.monotonic() - begin
            for document, first in zip(documents, parsed):
                for problem in violations(parser, document, first):
                    problems["violation"].append(f"{label}: {problem}")
        except DocumentError:
            counts["refused as bad input"] += 1
        except Hang:
            problems["hang"].append(f"{label}: still running after {args.hang * 6:.0f} s")
        except Exception as exc:  # the point of the script: any other exception is a crash to report
            problems["crash"].append(f"{label}: {type(exc).__name__}: {exc}\n{traceback.format_exc(limit=-3)}")
        finally:
            signal.alarm(0)
        elapsed = elapsed or time.monotonic() - begin
        if elapsed > args.hang:
            problems["hang"].append(f"{label}: {elapsed:.1f} s")
        slowest = max(slowest, (elapsed, label))
        if (i + 1) % 1000 == 0:
            print(f"... {i + 1:,} documents, {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    print(f"{sum(counts[k] for k in kinds):,} of {args.docs:,} documents (seed {args.seed}) in {time.monotonic() - started:.0f} s; slowest "
          f"{slowest[0]:.2f} s {slowest[1]}")
    print("by kind: " + ", ".join(f"{k} {counts[k]:,}" for k in kinds) +
          f"; refused as bad input: {counts['refused as bad input']:,}")
    for name, found in problems.items():
        print(f"{name}es: {len(found)}" if name == "crash" else f"{name}s: {len(found)}")
        for example in found[: args.show]:
            print("   " + example.replace("\n", "\n   "))
    return 1 if any(problems.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
