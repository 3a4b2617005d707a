"""Tests of the map popups' quotes (geo.outputs.mapping.quote_html): event trigger words marked beside the place's
mention (nested or split where they overlap), everything escaped, on real parses and on hostile text."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import geo
from geo.core.events import tag_label
from geo.outputs.export import places_frame
from geo.outputs.mapping import build_map, highlight_html, quote_html
from geo.store.gazetteer import Gazetteer


class _Checker(HTMLParser):
    """Parses markup, recording every element opened and whether each end tag closed the innermost open one."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.opened: list[tuple[str, dict[str, str | None]]] = []
        self.well_formed = True
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)
        self.opened.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.well_formed &= bool(self.stack) and self.stack.pop() == tag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check(markup: str) -> _Checker:
    checker = _Checker()
    checker.feed(markup)
    checker.close()
    assert checker.well_formed and not checker.stack, markup
    return checker


def marked(markup: str, cls: str | None = None) -> list[str]:
    """The texts inside <mark> elements (of class ``cls``, or without a class when None), joined where split."""
    pattern = r'<mark class="cm-event[^"]*" title="[^"]*">(.*?)</mark>' if cls else r"<mark>(.*?)</mark>"
    return [html.unescape(re.sub(r"<[^>]+>", "", m)) for m in re.findall(pattern, markup)]


def test_a_real_quote_marks_its_event_triggers_and_its_place() -> None:
    text = "Gunmen attacked a checkpoint in Peshawar, and a drone strike hit Miran Shah, North Waziristan."
    frame = places_frame(geo.parse(text), Gazetteer.default())
    quote = frame[frame["name"] == "Peshawar"].iloc[0]["quotes"][0]
    assert {e["tag"] for e in quote["events"]} == {"attack", "airstrike"}
    markup = quote_html(quote)
    checker = check(markup)
    assert marked(markup) == ["Peshawar"]
    assert marked(markup, "cm-event") == ["Gunmen", "attacked", "drone strike"]
    titles = {a["title"] for tag, a in checker.opened if tag == "mark" and "title" in a}
    assert titles == {tag_label("attack"), tag_label("airstrike")}
    assert "events: attack, air or drone strike" in markup  # the tags listed as evidence
    # the popup of the drawn map carries the same marks
    assert "cm-ev-airstrike" in build_map(frame, assets="inline").get_root().render()


def test_overlapping_marks_nest_or_split_into_well_formed_html() -> None:
    text = "Peshawar airstrike camps were hit."
    # an event inside the mention nests in it
    inner = quote_html({"text": text, "mention_start": 0, "mention_end": 18,
                        "events": [{"tag": "airstrike", "start": 9, "end": 18, "text": "airstrike"}]})
    assert '<mark>Peshawar <mark class="cm-event cm-ev-airstrike"' in inner
    check(inner)
    # a mention inside an event nests in the event
    outer = quote_html({"text": text, "mention_start": 9, "mention_end": 18,
                        "events": [{"tag": "attack", "start": 0, "end": 24}]})
    assert '<mark class="cm-event cm-ev-attack" title="attack">Peshawar <mark>airstrike</mark> camps</mark>' in outer
    # crossing marks: the inner one is closed at the outer's end and reopened after it
    crossing = quote_html({"text": text, "mention_start": 0, "mention_end": 12,
                           "events": [{"tag": "airstrike", "start": 9, "end": 24}]})
    check(crossing)
    checker = check(crossing.split("<cite>")[0] + "</blockquote>")
    assert re.search(r"<mark>Peshawar <mark class=\"cm-event[^>]*>air</mark></mark>"
                     r"<mark class=\"cm-event[^>]*>strike camps</mark> were hit", crossing)
    assert "".join(checker.text) == text  # the whole sentence, exactly once


def test_hostile_quote_text_and_events_stay_escaped() -> None:
    text = 'Raid on <img src=x onerror=alert(1)> "{{ 7*7 }}" in <b>Kunar</b></mark><script>alert(1)</script>.'
    start = text.index("Kunar")
    quote = {
        "text": text, "mention_start": start, "mention_end": start + 5, "doc_title": "<i>wire</i>",
        "events": [
            {"tag": "attack", "start": 0, "end": 4, "text": "Raid"},
            {"tag": '"><script>alert(2)</script>', "start": 5, "end": 20},  # a hostile tag: escaped, never markup
            {"tag": "attack", "start": 0, "end": 4, "text": "Ambush"},  # its text is not the quote's: skipped
            {"tag": "attack", "start": 90, "end": 900},  # out of range: skipped
            {"tag": "attack", "start": "0", "end": 4},  # not offsets: skipped
            "not an event",
        ],
    }
    markup = quote_html(quote)
    checker = check(markup)
    assert {tag for tag, _ in checker.opened} <= {"blockquote", "mark", "cite"}
    assert "<img" not in markup and "<script" not in markup and "<b>" not in markup and "{{" not in markup
    body = markup.split("<cite>")[0] + "</blockquote>"
    assert "".join(check(body).text) == text  # every character shown, as text
    assert "&lt;/mark&gt;&lt;script&gt;" in markup and "&lt;i&gt;wire&lt;/i&gt;" in markup
    assert marked(markup) == ["Kunar"]
    events = [(a["class"], a["title"]) for tag, a in checker.opened if tag == "mark" and a.get("class")]
    assert len(events) == 2 and events[0] == ("cm-event cm-ev-attack", "attack")
    assert events[1][1] == '"><script>alert(2)</script>'  # the title, once unescaped, is the hostile text: inert
    assert re.fullmatch(r"cm-event cm-ev-[\w-]+", events[1][0])


def test_events_keep_their_offsets_through_ragged_whitespace_and_trimming() -> None:
    text = "Shelling \n\n  continued   near\tKunar " + "word " * 40 + "before a ceasefire " + "word " * 40 + "end."
    start = text.index("Kunar")
    events = [{"tag": "shelling", "start": 0, "end": 8}, {"tag": "ceasefire", "start": text.index("ceasefire"),
                                                          "end": text.index("ceasefire") + 9}]
    markup = quote_html({"text": text, "mention_start": start, "mention_end": start + 5, "events": events})
    check(markup)
    assert markup.startswith('<blockquote class="cm-quote"><mark class="cm-event cm-ev-shelling" title="shelling">'
                             "Shelling</mark> continued near <mark>Kunar</mark>")
    assert "cm-ev-ceasefire" not in markup.split("<cite>")[0]  # trimmed out of the shown words ...
    assert "events: shelling, ceasefire" in markup  # ... but still listed as the quote's evidence


def test_highlight_html_holds_the_text_once_whatever_the_marks() -> None:
    text = "a<b>c & d"
    marks = [(0, 5, "<mark>"), (2, 9, '<mark class="x">'), (4, 4, "<mark>"), (-1, 3, "<mark>"), (3, 99, "<mark>"),
             (2, 9, '<mark class="y">')]
    markup = highlight_html(text, marks)
    checker = check(markup)
    assert "".join(checker.text) == text and "<b>" not in markup
    assert len([t for t, _ in checker.opened]) == 5  # the crossing pair is split once; the invalid three dropped
