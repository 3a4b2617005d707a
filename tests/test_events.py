"""Event tags: the curated lexicon on quotes, with trigger offsets, exclusions, and counts per place."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import geo
from geo.core.events import (
    EVENTS_DIR, EventLexicon, EventTag, all_tags, event_records, place_tags, quote_tags, segments, tag_label,
    tag_quote, top_tag,
)

ISSUE_TAGS = {"attack", "airstrike", "shelling", "clash", "bombing", "kidnapping", "protest", "displacement",
              "ceasefire", "military_operation", "aid"}


def _tags(text: str) -> list[tuple[str, str]]:
    return [(t.tag, t.text) for t in tag_quote(text)]


def test_the_lexicon_covers_the_issue_tags_and_every_row_has_a_source() -> None:
    assert {t.tag for t in all_tags()} == ISSUE_TAGS
    for name in ("tags.csv", "lexicon.csv", "exclusions.csv"):
        with open(EVENTS_DIR / name, encoding="utf-8", newline="") as stream:
            rows = list(csv.DictReader(stream))
        assert rows and all(row["source"].strip() for row in rows), name
    assert tag_label("airstrike") == "air or drone strike"


@pytest.mark.parametrize(("text", "expected"), [
    ("Since the Taliban assault, the army intensified its ground and air strikes on militants.",
     [("attack", "assault"), ("airstrike", "air strikes")]),
    ("A drone strike hit a compound; a US airstrike and an air-strike followed.",
     [("airstrike", "drone strike"), ("airstrike", "airstrike"), ("airstrike", "air-strike")]),
    ("Mortar shells landed in Donetsk after heavy shelling.",
     [("shelling", "Mortar shells"), ("shelling", "shelling")]),
    ("Clashes broke out; troops exchanged fire with gunmen.",
     [("clash", "Clashes"), ("clash", "exchanged fire"), ("attack", "gunmen")]),
    ("A suicide bomber struck; a roadside bomb exploded.",
     [("bombing", "suicide bomber"), ("bombing", "roadside bomb"), ("bombing", "exploded")]),
    ("Two engineers were kidnapped and held hostage.", [("kidnapping", "kidnapped"), ("kidnapping", "held hostage")]),
    ("Thousands of protesters marched; traders went on strike.",
     [("protest", "protesters"), ("protest", "went on strike")]),
    ("About 2,000 families were displaced and fled their homes.",
     [("displacement", "displaced"), ("displacement", "fled their homes")]),
    ("A cease-fire held; the truce was extended.", [("ceasefire", "cease-fire"), ("ceasefire", "truce")]),
    ("The military's ongoing operation against Islamist militants.", [("military_operation", "operation against")]),
    ("Aid convoys reached Gaza with humanitarian aid.", [("aid", "Aid convoys"), ("aid", "humanitarian aid")]),
])
def test_each_tag_is_found_with_its_trigger(text: str, expected: list[tuple[str, str]]) -> None:
    assert _tags(text) == expected


@pytest.mark.parametrize("text", [
    "He died of a heart attack in Kabul.",
    "Lucky Strike sold well; the parties hope to strike a deal.",
    "The minister promised to keep fighting corruption.",
    "With the aid of a hearing aid he heard the speech.",
    "A clash of cultures, he said, and offensive remarks.",
    "Stocks rallied in Karachi; a blast furnace was opened.",
    "The shooting star was seen from a photo shoot in Lahore.",
    "The Attacker class of ships; an attacking midfielder.",  # whole words only: no trigger inside these? see below
])
def test_idioms_are_not_events(text: str) -> None:
    tags = _tags(text)
    if "Attacker" in text:  # 'attacker' is a trigger word; its football sense is left to the reader
        assert all(tag == "attack" for tag, _ in tags)
        return
    assert tags == []


def test_triggers_are_whole_words() -> None:
    assert _tags("Raiders of the bombastic aide were protestant.") == []


def test_offsets_index_the_quote_and_the_longest_trigger_wins() -> None:
    quote = "A drone attack killed four near Miranshah, then a car bomb attack."
    tags = tag_quote(quote)
    assert [(t.tag, t.text) for t in tags] == [("airstrike", "drone attack"), ("bombing", "car bomb"),
                                              ("attack", "attack")]
    assert all(quote[t.start:t.end] == t.text for t in tags)
    assert isinstance(tags[0], EventTag) and event_records(quote)[0] == {
        "tag": "airstrike", "start": 2, "end": 14, "text": "drone attack"}
    assert quote_tags(quote) == ("airstrike", "bombing", "attack")


def test_segments_rebuild_the_quote_for_highlighting() -> None:
    quote = "Shelling hit Kharkiv; protesters gathered."
    pieces = segments(quote, tag_quote(quote))
    assert "".join(piece for piece, _ in pieces) == quote
    assert [(piece, tag) for piece, tag in pieces if tag] == [("Shelling", "shelling"), ("protesters", "protest")]


def test_a_lexicon_folder_can_replace_the_default(tmp_path: Path) -> None:
    (tmp_path / "tags.csv").write_text("tag,label,description,source\nflood,flood,floods,test\n", encoding="utf-8")
    (tmp_path / "lexicon.csv").write_text("tag,lemma,forms,source\nflood,flood,flood|floods|flooded,test\n",
                                          encoding="utf-8")
    (tmp_path / "exclusions.csv").write_text("forms,source\nflood of emails,test\n", encoding="utf-8")
    lexicon = EventLexicon.load(tmp_path)
    assert [(t.tag, t.text) for t in tag_quote("Floods hit Sindh; a flood of emails.", lexicon)] == [
        ("flood", "Floods")]


def test_a_lexicon_row_without_a_source_is_refused(tmp_path: Path) -> None:
    (tmp_path / "tags.csv").write_text("tag,label,description,source\nflood,flood,floods,\n", encoding="utf-8")
    (tmp_path / "lexicon.csv").write_text("tag,lemma,forms,source\n", encoding="utf-8")
    (tmp_path / "exclusions.csv").write_text("forms,source\n", encoding="utf-8")
    with pytest.raises(ValueError, match="source"):
        EventLexicon.load(tmp_path)


def test_place_tags_count_quotes_most_frequent_first() -> None:
    result = geo.parse(
        "A drone strike hit a compound in Miranshah. On Friday a second drone strike was reported in Miranshah. "
        "Protesters gathered in Miranshah after the strikes. Aid reached Peshawar."
    )
    places = {p.record.name: p for p in result.places}
    miranshah = next(p for name, p in places.items() if name.startswith("Mira"))
    assert place_tags(miranshah)[0] == ("airstrike", 2)
    assert dict(place_tags(miranshah))["protest"] == 1
    assert top_tag(miranshah) == "airstrike"


def test_exported_mentions_carry_their_events() -> None:
    from geo.outputs.export import document_records

    result = geo.parse("Clashes erupted in Kunar. Peace returned to Herat.")
    [record] = list(document_records(result))
    events = {m["text"]: m["events"] for m in record["mentions"]}
    assert events["Kunar"] == [{"tag": "clash", "start": 0, "end": 7, "text": "Clashes"}]
    assert events["Herat"] == []


def test_perpetrators_fleeing_are_not_displacement() -> None:
    assert _tags("The gunmen fled the scene; 300 families fled their homes.") == [
        ("attack", "gunmen"), ("displacement", "fled their homes")]
