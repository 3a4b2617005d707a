"""What the dashboard draws besides the map: the place panel, highlighted documents and the places table.

Every string that comes from a document or the gazetteer is untrusted. HTML is built here only, always from
:func:`esc`-aped text, and shown with ``st.html`` (sanitised again by DOMPurify, never run as script, never parsed as
Markdown). Tables go through ``st.dataframe``, whose cells are plain text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas
import pandas
import streamlit as st

from geo.outputs.coverage import MissingName
from geo.outputs.mapping import TYPE_COLOURS, TYPE_LABELS, highlight_html, written_name
from geo.outputs.mapping import quote_html as map_quote_html
from geo.core.events import event_records, tag_label
from geo.core.model import Document, Place, Resolution
from geo.core.pipeline import is_demonym_only

STYLE = Path(__file__).resolve().parent / "style.css"
CSS = "<style>\n" + "\n".join(
    f".cm-t-{kind} {{ --cm-c: {colour}; }}" for kind, colour in TYPE_COLOURS.items()
) + "\n" + STYLE.read_text(encoding="utf-8") + "</style>"


@dataclass(frozen=True, slots=True)
class Mark:
    """A span of a text to highlight: offsets, CSS classes, a hover title and an optional superscript label."""

    start: int
    end: int
    classes: str = ""
    title: str = ""
    label: str = ""


def esc(text: object) -> str:
    """Escape untrusted text for HTML element content and quoted attribute values."""
    return html.escape(str(text), quote=True)


def md(text: object) -> str:
    """Escape untrusted text for Streamlit Markdown (st.error, st.info): every ASCII punctuation mark is
    backslash-escaped, so no link, image, HTML, directive or formatting can form; whitespace runs become one space."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", " ".join(str(text).split()))


def highlight(text: str, marks: Iterable[Mark]) -> str:
    """``text`` as HTML with each mark wrapped in <mark> (its classes and title escaped, its label in <sup> at its
    true end), by the map's highlighter (:func:`geo.outputs.mapping.highlight_html`): every piece of text escaped,
    the whole text exactly once, overlapping marks nested or split into well-formed HTML, out-of-range ones
    skipped."""
    return highlight_html(text, [
        (m.start, m.end, _open_tag(m), f"<sup>{esc(m.label)}</sup>" if m.label else "") for m in marks
    ])


def _open_tag(mark: Mark) -> str:
    """A mark's opening tag, its class and title escaped."""
    classes = f' class="{esc(mark.classes)}"' if mark.classes else ""
    title = f' title="{esc(mark.title)}"' if mark.title else ""
    return f"<mark{classes}{title}>"


def type_label(feature_type: object) -> str:
    """The analyst-facing name of a feature type ("adm1" -> "province / state")."""
    return TYPE_LABELS.get(str(feature_type), str(feature_type or "place"))


def plural(n: int, word: str) -> str:
    """``n`` and ``word``, with an "s" unless n is 1 ("1 quote", "2 quotes")."""
    return f"{n} {word}{'s' * (n != 1)}"


def place_header_html(place: Place, country_name: str | None) -> str:
    """The panel's heading: type, province and country, the name, counts and confidence, metonym/demonym badges."""
    record = place.record
    parts = (record.admin2_name, record.admin1_name, country_name or record.country_code)
    where = ", ".join(dict.fromkeys(v for v in parts if v and v != record.name))
    facts = (f"{plural(place.mention_count, 'mention')} in {plural(len(place.documents), 'document')}"
             f" · confidence {place.confidence:.0%}")
    badges = ""
    if place.metonymic_only:
        badges += '<span class="cm-badge">named only as a metonym (its government or institutions)</span>'
    if is_demonym_only(place):
        badges += '<span class="cm-badge">reached only through demonyms</span>'
    return (
        f'<div class="cm-place cm-t-{esc(record.feature_type)}">'
        f'<div class="cm-kind"><span class="cm-dot"></span>{esc(type_label(record.feature_type))}'
        f'{" · " + esc(where) if where else ""}</div>'
        f"<h3>{esc(place_name(place))}</h3><div class=\"cm-facts\">{esc(facts)}</div>{badges}</div>"
    )


def place_name(place: Place) -> str:
    """The place as the articles wrote it, with the gazetteer's name beside it when that differs (as on the map)."""
    return written_name(place.record.name, ((r.mention.text, r.mention.kind) for r in place.resolutions))


def reasons_html(place: Place) -> str:
    """Why the resolver chose this place (its best mention's reasons) and the candidates it rejected, with theirs."""
    best = max(place.resolutions, key=lambda r: r.confidence)
    reasons = "".join(f"<li>{esc(reason)}</li>" for reason in best.reasons) or "<li>no reasons recorded</li>"
    alternatives = "".join(
        f'<li class="cm-alt"><b>{esc(c.record.name)}</b> <small>{esc(type_label(c.record.feature_type))}, '
        f"{esc(c.record.country_code or 'no country')} · score {c.score:.2f}</small>"
        f"{': ' + esc('; '.join(c.reasons)) if c.reasons else ''}</li>"
        for c in best.alternatives
    ) or "<li>none: no other place of this name was a candidate</li>"
    return (
        f'<div class="cm-section">Why this place</div><ul class="cm-list">{reasons}</ul>'
        f'<div class="cm-section">Rejected alternatives</div><ul class="cm-list">{alternatives}</ul>'
    )


def quote_groups(place: Place) -> list[list[Resolution]]:
    """The place's mentions grouped by the sentence that holds them, in document order (one quote per sentence)."""
    groups: dict[tuple[str, int], list[Resolution]] = {}
    for resolution in place.resolutions:
        quote = resolution.mention.quote
        groups.setdefault((quote.doc_id, quote.start), []).append(resolution)
    return list(groups.values())


def quote_html(group: Sequence[Resolution], title: str) -> str:
    """One quote: the sentence with this place's mentions in <mark> and the words that gave it event tags in
    ``<mark class="cm-event">`` (titled with the tag: evidence, not a classification), its source, flags and tags,
    then the evidence."""
    quote = group[0].mention.quote
    events = event_records(quote.text)
    marks = [Mark(r.mention.start - quote.start, r.mention.end - quote.start) for r in group] + [
        Mark(e["start"], e["end"], classes=f"cm-event cm-ev-{e['tag']}", title=tag_label(e["tag"])) for e in events]
    flags = sorted({"metonymic" for r in group if r.mention.metonymic} | {"demonym" for r in group
                                                                           if r.mention.kind == "demonym"})
    confidence = max(r.confidence for r in group)
    tags = list(dict.fromkeys(tag_label(e["tag"]) for e in events))
    cite = " · ".join([title, *flags, f"confidence {confidence:.0%}",
                       *(["events (from the underlined words): " + ", ".join(tags)] if tags else [])])
    evidence = "".join(
        f"<li>“{esc(r.mention.text)}” ({esc(r.mention.kind)}{', cue: ' + esc(r.mention.cue) if r.mention.cue else ''}"
        f"{', metonymic' if r.mention.metonymic else ''}, confidence {r.confidence:.0%}): "
        f"{esc('; '.join(r.mention.evidence) or 'no evidence recorded')}</li>"
        for r in group
    )
    return (
        f'<div class="cm-quote">{highlight(quote.text, marks)}</div>'
        f'<div class="cm-cite">{esc(cite)}</div>'
        f'<details class="cm-evidence"><summary>Evidence</summary><ul>{evidence}</ul></details>'
    )


FIRST_QUOTES = 25  # quotes drawn with the panel's heading; the rest follow once the map is sent (see place_panel)


def quotes_html(place: Place, groups: Sequence[Sequence[Resolution]], titles: dict[str, str]) -> str:
    """Quotes of a place as one block, in its type colour."""
    quotes = "".join(quote_html(g, titles.get(g[0].mention.doc_id, g[0].mention.doc_id)) for g in groups)
    return f'<div class="cm-t-{esc(place.record.feature_type)}">{quotes}</div>'


def place_panel(place: Place, titles: dict[str, str], country_name: str | None,
                *, first: int | None = None) -> Callable[[], None]:
    """Render the selected place beside the map: heading, reasons and rejected alternatives, then its quotes.

    Parameters
    ----------
    place, titles, country_name
        The place, document titles by id, and the name of its country.
    first
        Draw only this many quotes now and keep a place for the others; None draws every quote now.

    Returns
    -------
    A function that draws the other quotes in the kept place (nothing to do when all were drawn): called after
    the map, so that a busy place's heading and first quotes reach the browser before hundreds of others.
    """
    st.html(place_header_html(place, country_name))
    st.html(reasons_html(place))
    groups = quote_groups(place)
    now = groups if first is None else groups[:first]
    st.html(f'<div class="cm-section">{esc(plural(len(groups), "quote"))}</div>' + quotes_html(place, now, titles))
    if len(now) == len(groups):
        return lambda: None
    later = st.empty()

    def draw_the_rest() -> None:
        """Draw the quotes after the first ones where they were kept a place."""
        later.html(quotes_html(place, groups[len(now):], titles))

    return draw_the_rest


def empty_panel(hidden_name: str | None) -> None:
    """What the panel says before a place is chosen (or when the chosen one is hidden by the filters)."""
    if hidden_name is not None:
        st.info(f"The selected place is hidden by the current filters: {md(hidden_name)}", icon=":material/filter_alt:")
    st.html(
        '<div class="cm-empty"><div class="cm-section">Pin to quotes</div>'
        "Click a place on the map, pick a row in the <b>Places</b> table below, or choose a mention in "
        "<b>Documents</b>: every quote that names the place appears here, with the mention highlighted, how sure "
        "the geoparser is, the places it rejected and why.</div>"
    )


def document_html(document: Document, resolutions: Sequence[Resolution], selected: str | None) -> str:
    """A document's text with its resolved mentions highlighted in their type colour and numbered like the picker
    (mentions of the selected place stand out), and in the sentences that quote them the words that gave those
    quotes their event tags, as in the panel's quotes."""
    marks = [
        Mark(
            r.mention.start, r.mention.end,
            classes=f"cm-t-{r.place.feature_type}" + " cm-sel" * (r.place.id == selected),
            title=f"{r.place.name} · {type_label(r.place.feature_type)}", label=str(number),
        )
        for number, r in enumerate(resolutions, 1) if r.place is not None
    ]
    quotes = {r.mention.quote.start: r.mention.quote for r in resolutions if r.place is not None}
    marks += [
        Mark(quote.start + e["start"], quote.start + e["end"], classes=f"cm-event cm-ev-{e['tag']}",
             title=tag_label(e["tag"]))
        for quote in quotes.values() if document.text[quote.start:quote.end] == quote.text
        for e in event_records(quote.text)
    ]
    return f'<div class="cm-doc">{highlight(document.text, marks)}</div>'


def places_table(frame: geopandas.GeoDataFrame, country_names: dict[str, str]) -> pandas.DataFrame:
    """The places as the table shows them: readable column names, type labels, counts; plain values only."""
    return pandas.DataFrame({
        "Place": frame["name"],
        "Type": frame["feature_type"].map(type_label),
        "Country": frame["country_code"].map(lambda c: country_names.get(c, c) or "—"),
        "Province / state": frame["admin1_name"].fillna(""),
        "Mentions": frame["mention_count"].astype(int),
        "Documents": frame["documents"].map(len),
        "Confidence": frame["confidence"].astype(float),
        "Metonymic only": frame["metonymic_only"].astype(bool),
    }).reset_index(drop=True)


def missing_html(missing: Sequence[MissingName], titles: dict[str, str], *, quotes_shown: int = 3) -> str:
    """The "not on the map" panel: each name the parser found but could not place (or placed only approximately),
    how often and where, with its first quotes, the name marked in each."""
    if not missing:
        return '<div class="cm-empty">Every name found in these documents is on the map.</div>'
    items = []
    for entry in missing:
        groups: dict[tuple[str, int], list[Resolution]] = {}
        for resolution in entry.resolutions:
            quote = resolution.mention.quote
            groups.setdefault((quote.doc_id, quote.start), []).append(resolution)
        shown = list(groups.values())[:quotes_shown]
        quotes = "".join(quote_html(g, titles.get(g[0].mention.doc_id, g[0].mention.doc_id)) for g in shown)
        more = len(groups) - len(shown)
        facts = (f"{plural(len(entry.resolutions), 'mention')} in {plural(len(entry.documents), 'document')}"
                 + (f" · {more} more quote{'s' * (more != 1)}" if more > 0 else ""))
        badge = "not placed" if entry.gap == "not placed" else "placed approximately"
        items.append(f'<div class="cm-missing"><h4>{esc(entry.name)} <span class="cm-badge">{esc(badge)}</span>'
                     f'</h4><div class="cm-facts">{esc(facts)}</div>{quotes}</div>')
    return "".join(items)


def rollup_panel_html(row: dict, *, quotes_shown: int = 20) -> str:
    """The panel for an area the places were rolled up to: its name, the places inside it, counts and quotes."""
    inside = ", ".join(row.get("rolled_up") or [])
    quotes = list(row.get("quotes") or [])
    facts = (f"{plural(int(row.get('mention_count') or 0), 'mention')} in "
             f"{plural(len(row.get('documents') or []), 'document')} · {plural(len(row.get('rolled_up') or []), 'place')}")
    more = len(quotes) - quotes_shown
    return (
        f'<div class="cm-place cm-t-{esc(row.get("feature_type"))}"><div class="cm-kind"><span class="cm-dot"></span>'
        f'{esc(type_label(row.get("feature_type")))} · places rolled up</div><h3>{esc(row.get("name"))}</h3>'
        f'<div class="cm-facts">{esc(facts)}</div></div>'
        f'<div class="cm-section">Places inside</div><div class="cm-facts">{esc(inside)}</div>'
        f'<div class="cm-section">{esc(plural(len(quotes), "quote"))}</div>'
        + "".join(map_quote_html(q) for q in quotes[:quotes_shown])
        + (f'<div class="cm-facts">+ {more} more</div>' if more > 0 else "")
    )
