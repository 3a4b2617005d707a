"""Sentence splitting: news-text boundaries, abbreviations, long lines, offsets and sentence_at."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.core.documents import read_documents
from geo.core.model import Sentence
from geo.core.sentences import MAX_SENTENCE_CHARS, sentence_at, split_sentences

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_66b4bbf42a475dd1.txt"


def texts(text: str) -> list[str]:
    return [sentence.text for sentence in split_sentences(text)]


@pytest.fixture(scope="module")
def seed_text() -> str:
    [document] = read_documents(SEED)
    return document.text


def test_seed_massacre_sentence_is_one_sentence(seed_text: str) -> None:
    [sentence] = [s for s in split_sentences(seed_text) if "Peshawar school massacre" in s.text]
    assert sentence.text == (
        "Pakistan's military has vowed to avenge the December 16 Peshawar school massacre, in which some 150 people "
        "- mostly children - were killed."
    )


def test_seed_caption_lines_stand_alone(seed_text: str) -> None:
    sentences = texts(seed_text)
    caption = [s for s in sentences if s.endswith("(Photo: REUTERS/Rick Wilking)")]
    assert caption == [
        "US Secretary of State John Kerry (L) is greeted by Pakistan's Prime Minister Nawaz Sharif shortly after "
        "arriving in Islamabad, Pakistan January 12, 2015 (Photo: REUTERS/Rick Wilking)"
    ]
    assert "Image: Reuters/R. Wilking" in sentences  # an initial after a slash does not end the sentence
    assert "Omar Hamid" in sentences  # a heading line on its own
    assert "1. Skip to content" in sentences  # a list number is not a sentence


def test_seed_question_and_answer_split(seed_text: str) -> None:
    sentences = texts(seed_text)
    assert "DW: Pakistan's problems with the Taliban insurgency are not new." in sentences
    assert "What is your view on this?" in sentences


def test_blank_lines_and_single_newlines_are_hard_boundaries() -> None:
    text = "KABUL, Afghanistan\nA car bomb exploded near the airport\n\nPolice sealed off the area"
    assert texts(text) == ["KABUL, Afghanistan", "A car bomb exploded near the airport", "Police sealed off the area"]


@pytest.mark.parametrize(
    "text",
    [
        "U.S. forces entered the city of Raqqa on Monday.",
        "The U.S. Army said U.N. monitors and U.K. officials would visit.",
        "Pakistan's army chief Lt. Gen. Raheel Sharif visited Washington.",
        "Mr. Kerry and Mrs. Clinton met Dr. Hamid and Prof. Aziz.",
        "Sen. McCain, Rep. Smith and Gov. Brown spoke with Col. Ahmed and Maj. Gen. Khan.",
        "The attack on Jan. 12 and the raid on Dec. 3 were linked, officials said.",
        "Troops moved from St. Petersburg toward Mt. Sinjar and Ft. Hood.",
        "Ukraine vs. Russia talks resumed, e.g. Minsk, i.e. Belarus.",
        "The convoy of approx. 40 trucks left at No. 10 checkpoint.",
        "The photo by R. Wilking and J. R. R. Smith shows the damage.",
        "The budget rose to 3.5 billion dollars, up 12.75 percent.",
    ],
)
def test_abbreviations_initials_and_decimals_do_not_split(text: str) -> None:
    assert texts(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fighting resumed. Aid groups left.", ["Fighting resumed.", "Aid groups left."]),
        ("Was it Aleppo? Nobody knew! 12 died.", ["Was it Aleppo?", "Nobody knew!", "12 died."]),
        ('He said "we will stay." "No," she said.', ['He said "we will stay."', '"No," she said.']),
        ("The army (the 7th Division.) Then it left.", ["The army (the 7th Division.)", "Then it left."]),
        ("He fled to the U.S. it seems. Then back.", ["He fled to the U.S. it seems.", "Then back."]),
        ("Is it over? he asked. Yes.", ["Is it over? he asked.", "Yes."]),
        ("It ended at 10 p.m. Police then left.", ["It ended at 10 p.m.", "Police then left."]),
        ("Они вошли в город. Бои продолжаются.", ["Они вошли в город.", "Бои продолжаются."]),
    ],
)
def test_sentence_boundaries(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_surrounding_whitespace_is_stripped_and_offsets_hold() -> None:
    text = "   \t Kabul fell.    Herat followed.  \n\n  "
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["Kabul fell.", "Herat followed."]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_empty_and_blank_text_have_no_sentences() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n\t \n") == []


def test_long_line_without_punctuation_is_cut_at_whitespace() -> None:
    text = " ".join(f"word{i}" for i in range(2000))
    sentences = split_sentences(text)
    assert len(sentences) > 1
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert all(text[s.start : s.end] == s.text for s in sentences)
    # Every word survives whole: cuts fall on white space only.
    assert " ".join(s.text for s in sentences) == text


def test_long_run_without_whitespace_is_cut_hard() -> None:
    text = "x" * (2 * MAX_SENTENCE_CHARS + 5)
    assert [len(s.text) for s in split_sentences(text)] == [MAX_SENTENCE_CHARS, MAX_SENTENCE_CHARS, 5]


OFFSET_TEXTS = [
    "",
    "One.",
    "  Leading and trailing space.  ",
    "Line one\r\nline two\n\n\nline three. Four! Five?",
    "Mr. A. B. Smith went to the U.S. Then? \"Yes.\" (Maybe.) 3.14 is pi. 1. Start\n2. Next",
    "Ünïcödé café. Ελλάδα είναι εδώ. 東京。 Ещё одно предложение! Конец.",
    "\t\u00a0Non-breaking\u00a0space. Next\u2003one. Last\u3000one.\u00a0",
    ("A very long sentence with many words " * 60) + ". Short one.",
    "x" * 3001 + " y. Z",
    "...!!! ??? . . . A. B. C.",
]


@pytest.mark.parametrize("text", OFFSET_TEXTS)
def test_offsets_invariant(text: str) -> None:
    sentences = split_sentences(text)
    previous_end = 0
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip() and sentence.text
        assert len(sentence.text) <= MAX_SENTENCE_CHARS
        assert sentence.start >= previous_end  # in order, not overlapping
        previous_end = sentence.end
    # No text is lost: everything outside the sentences is white space.
    covered = {i for s in sentences for i in range(s.start, s.end)}
    assert all(text[i].isspace() for i in range(len(text)) if i not in covered)


def test_offsets_invariant_on_seed(seed_text: str) -> None:
    test_offsets_invariant(seed_text)


def test_sentence_at_finds_the_containing_sentence(seed_text: str) -> None:
    sentences = split_sentences(seed_text)
    offset = seed_text.index("Peshawar school massacre")
    sentence = sentence_at(sentences, offset)
    assert "Peshawar school massacre" in sentence.text
    for s in sentences:
        assert sentence_at(sentences, s.start) is s
        assert sentence_at(sentences, s.end - 1) is s


def test_sentence_at_outside_every_sentence_raises() -> None:
    sentences = [Sentence(2, 6, "Kabu"), Sentence(8, 10, "ab")]
    with pytest.raises(ValueError):
        sentence_at(sentences, 0)
    with pytest.raises(ValueError):
        sentence_at(sentences, 7)
    with pytest.raises(ValueError):
        sentence_at(sentences, 10)
    with pytest.raises(ValueError):
        sentence_at([], 0)
