"""Property-based fuzzing of the whole parser (hypothesis, fixed seed, bounded examples) over the kinds of hostile
input issue 12 used: runs of capitalised names without punctuation, long lines, odd Unicode and control characters,
odd newlines and whitespace, huge tokens, and raw bytes as uploads. The invariants hold for every input."""

from __future__ import annotations

import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from geo.core.documents import document_from_bytes, document_from_text
from geo.core.model import Document
from geo.core.pipeline import Geoparser
from geo.errors import DocumentError

NAMES = ["Kabul", "Herat", "Kandahar", "North Waziristan", "Miran Shah", "Peshawar", "Kunar", "New Delhi",
         "Washington", "Line of Control", "LoC", "Pakistan", "Afghan", "Pakistani", "U.S.", "St.", "Gen.", "Mr."]
WORDS = ["the", "in", "near", "said", "clashes", "of", "and", "province", "valley", "district", "village", "The",
         "Said", "In", "A", "B.", "No.", "1.", "officials", "killed"]
PUNCTUATION = [".", ",", "!", "?", "…", "؟", "۔", "\"", "'", "“", "”", "(", ")", "-", "—", ":", ";", "/"]
ODD = ["\u0301", "\u200b", "\u00ad", "\ufeff", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\ud800",
       "ﬁ", "Å", "İ", "ß", "ǅ", "Ⅻ", "٣", "كابل", "Кабул", "喀布尔", "🇦🇫", "\t", "\r", "\r\n", "\n", "\n\n", " ", "  "]

piece = st.one_of(st.sampled_from(NAMES), st.sampled_from(WORDS), st.sampled_from(PUNCTUATION), st.sampled_from(ODD),
                  st.text(max_size=12))
separator = st.sampled_from([" ", " ", " ", "", "\n", ", ", ". ", "-"])
texts = st.one_of(
    st.lists(st.tuples(piece, separator), max_size=120).map(lambda parts: "".join(p + s for p, s in parts)),
    st.lists(st.sampled_from(NAMES), min_size=150, max_size=400).map(" ".join),  # over the 1,000-char sentence cut
    st.tuples(st.sampled_from(NAMES), st.integers(2_000, 20_000), st.sampled_from(["x", "A", "-", ".", "-A", "é"]))
      .map(lambda t: f"Clashes in {t[0]}. {t[2] * t[1]} near Herat."),  # long tokens
    st.text(max_size=300),
)

# Hypothesis keeps a cache of constants even without an example database: out of the tree, which tests leave clean.
set_hypothesis_home_dir(tempfile.mkdtemp(prefix="conflict-map-hypothesis-"))
PARSER = Geoparser()
FUZZ = settings(derandomize=True, max_examples=50, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def check_invariants(document: Document) -> list[tuple]:
    """Parse twice and assert the invariants; return the first parse's fingerprint."""
    text = document.text
    first = PARSER.parse_document(document)
    for resolution in first:
        mention = resolution.mention
        assert text[mention.start:mention.end] == mention.text, mention
        assert mention.text and mention.start < mention.end
        quote = mention.quote
        assert quote.start <= mention.start and mention.end <= quote.end, (mention, quote)
        assert text[quote.start:quote.end] == quote.text
        if resolution.place is not None:
            assert -90 <= resolution.place.lat <= 90 and -180 <= resolution.place.lon <= 180
            assert 0 <= resolution.confidence <= 1
    fingerprint = [(r.mention.start, r.mention.end, r.mention.quote.start, r.mention.quote.end,
                    r.place.id if r.place else None, r.confidence) for r in first]
    again = [(r.mention.start, r.mention.end, r.mention.quote.start, r.mention.quote.end,
              r.place.id if r.place else None, r.confidence) for r in PARSER.parse_document(document)]
    assert fingerprint == again, "the same document must give the same output"
    return fingerprint


@FUZZ
@given(texts)
def test_pasted_text_keeps_every_invariant(text: str) -> None:
    try:
        document = document_from_text(text)
    except DocumentError:
        return  # empty after cleaning, or too large: refused as bad input, by design
    check_invariants(document)


@FUZZ
@given(st.binary(max_size=2_000), st.sampled_from(["a.txt", "a.md", "a.html", "a.pdf", "a.bin", "a.jsonl"]))
def test_uploaded_bytes_are_read_or_refused_never_crash(data: bytes, name: str) -> None:
    try:
        documents = document_from_bytes(data, name, on_error=lambda bad: None)
    except DocumentError:
        return
    for document in documents:
        check_invariants(document)


@FUZZ
@given(texts, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_encoded_files_keep_every_invariant(text: str, encoding: str) -> None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    try:
        documents = document_from_bytes(data, "report.txt")
    except DocumentError:
        return
    for document in documents:
        check_invariants(document)
