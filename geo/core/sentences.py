"""Sentence splitting for news text: fast, rule-based, pure Python, with offsets into the document text.

Every line break is a hard boundary (captions, headings and datelines stand on their own line in news text). Inside a
line a sentence ends at . ! ? (with any closing quotes or brackets) followed by white space and a capital, a digit or
an opening quote, except after common abbreviations ("Lt. Gen."), initials ("R. Wilking") and list numbers ("1.").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from geo.core.model import Sentence

MAX_SENTENCE_CHARS = 1000

# Matched as written (case matters: "No. 10" is an abbreviation, "said no. Then" is not).
ABBREVIATIONS = frozenset({
    # titles and ranks
    "Mr.", "Mrs.", "Ms.", "Messrs.", "Dr.", "Prof.", "Rev.", "Hon.", "Jr.", "Sr.", "St.",
    "Gen.", "Lt.", "Col.", "Maj.", "Capt.", "Cpt.", "Sgt.", "Cpl.", "Pvt.", "Adm.", "Brig.", "Cmdr.", "Cdr.",
    "Sen.", "Rep.", "Gov.", "Pres.", "Amb.", "Sec.", "Supt.", "Insp.",
    # places
    "Mt.", "Ft.", "Ave.", "Blvd.",
    # months
    "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.",
    # references and Latin
    "No.", "Nos.", "Art.", "Fig.", "Vol.", "vs.", "v.", "e.g.", "i.e.", "cf.", "al.", "approx.", "ca.",
})
_MAX_ABBREVIATION = max(len(a) for a in ABBREVIATIONS)

_LINE = re.compile(r"[^\n]+")
# A run of terminators, any closing quotes/brackets, white space, and (captured, not consumed) the next character.
_END = re.compile(r"([.!?…؟۔]+)([\"'”’»)\]]*)\s+(?=(\S))")
_OPENERS = frozenset("\"'“‘«([")
_INITIALS = re.compile(r"(?:[A-Z]\.)+")
_LIST_MARKER = re.compile(r"\s*(?:\d{1,3}|[A-Za-z]|[IVXivx]{1,4})")


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences with offsets (``text[s.start:s.end] == s.text``), stripped of surrounding space.

    Lines are hard boundaries; a sentence longer than MAX_SENTENCE_CHARS is cut at white space so no quote is huge.
    """
    sentences: list[Sentence] = []
    for line in _LINE.finditer(text):
        start = line.start()
        for end in _boundaries(text, line.start(), line.end()):
            _add(text, start, end, sentences)
            start = end
        _add(text, start, line.end(), sentences)
    return sentences


def sentence_at(sentences: Sequence[Sentence], offset: int) -> Sentence:
    """The sentence containing a text offset (binary search over sentences in text order), to quote a mention.

    Raises ValueError when the offset falls outside every sentence (white space between them, or past the text).
    """
    index = bisect_right(sentences, offset, key=lambda sentence: sentence.start) - 1
    if index >= 0 and offset < sentences[index].end:
        return sentences[index]
    raise ValueError(f"no sentence contains offset {offset}")


def _boundaries(text: str, line_start: int, line_end: int) -> list[int]:
    """The offsets inside one line where a sentence ends (just after its terminator and closing punctuation)."""
    cuts: list[int] = []
    sentence_start = line_start
    for match in _END.finditer(text, line_start, line_end):
        following = match.group(3)
        if not (following.isdigit() or following in _OPENERS or (following.isalpha() and not following.islower())):
            continue
        if match.group(1) == "." and not match.group(2) and _keeps_going(text, sentence_start, match.start(1)):
            continue
        cuts.append(match.end(2))
        sentence_start = match.end(2)
    return cuts


def _keeps_going(text: str, sentence_start: int, period: int) -> bool:
    """True when the period at ``period`` ends an abbreviation, an initial or a list number, not a sentence."""
    begin = period
    while begin > sentence_start and period - begin <= _MAX_ABBREVIATION and _in_token(text[begin - 1]):
        begin -= 1
    token = text[begin : period + 1]
    if token in ABBREVIATIONS or _INITIALS.fullmatch(token) or (len(token) == 2 and token[0].isupper()):
        return True
    return period - sentence_start <= 6 and _LIST_MARKER.fullmatch(text, sentence_start, period) is not None


def _in_token(char: str) -> bool:
    """True for characters of an abbreviation or initial scanned back from its period ("U.S.", "R." in "Reuters/R.")."""
    return char.isalpha() or char == "."


def _add(text: str, start: int, end: int, sentences: list[Sentence]) -> None:
    """Append text[start:end], stripped, as sentences of at most MAX_SENTENCE_CHARS, cut at white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        cut = start + MAX_SENTENCE_CHARS
        while cut > start and not text[cut].isspace():
            cut -= 1
        if cut == start:  # no white space at all: cut mid-word
            cut = start + MAX_SENTENCE_CHARS
        piece_end = cut
        while text[piece_end - 1].isspace():
            piece_end -= 1
        sentences.append(Sentence(start, piece_end, text[start:piece_end]))
        start = cut
        while text[start].isspace():
            start += 1
    if start < end:
        sentences.append(Sentence(start, end, text[start:end]))
