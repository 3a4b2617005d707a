"""The markup our conflict-style sets are written in, and the TR-News-style XML they are scored as.

``[[surface|lat,lon|fcode|CC|name]]``: fcode (default PPL), CC (default: the article's) and name (default: the
surface) may be left out; offsets are computed here, never typed. Used by ``make_conflict_dev.py`` and
``make_conflict_holdout.py`` (run them from anywhere: each puts this folder first on its import path).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

MARK = re.compile(r"\[\[([^\]|]+)\|(-?[\d.]+),(-?[\d.]+)(?:\|([A-Z0-9]*))?(?:\|([A-Z]{2})?)?(?:\|([^\]]+))?\]\]")
FCLASS = {"PPL": "P", "PPLA": "P", "PPLA2": "P", "PPLC": "P", "PPLX": "P", "ADM1": "A", "ADM2": "A", "ADM3": "A",
          "PCLI": "A", "CMP": "S", "RGN": "L", "STM": "H", "BNDRY": "A", "AIRB": "S", "PASS": "T", "RD": "R",
          "VAL": "H", "CRSS": "S", "SEA": "H"}


def parse(text: str, default_cc: str) -> tuple[str, list[dict[str, object]]]:
    """Strip the markup, returning the plain text and its toponyms with computed offsets."""
    plain: list[str] = []
    toponyms: list[dict[str, object]] = []
    cursor = 0
    length = 0
    for match in MARK.finditer(text):
        before = text[cursor:match.start()]
        plain.append(before)
        length += len(before)
        surface, lat, lon, fcode, cc, name = match.groups()
        fcode = fcode or "PPL"
        toponyms.append({"start": length, "end": length + len(surface), "phrase": surface, "lat": float(lat),
                         "lon": float(lon), "fcode": fcode, "fclass": FCLASS.get(fcode, "P"),
                         "country": cc or default_cc, "name": name or surface})
        plain.append(surface)
        length += len(surface)
        cursor = match.end()
    plain.append(text[cursor:])
    result = "".join(plain)
    if "[[" in result or "]]" in result:
        raise ValueError(f"unparsed markup in: {result}")
    for t in toponyms:
        assert result[t["start"]:t["end"]] == t["phrase"], t  # type: ignore[misc]
    return result, toponyms


def render(articles: list[tuple[str, str, str]], comment: str) -> str:
    """The whole corpus as TR-News-style XML, with ``comment`` (what the set is) at its head."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             f"<!-- {comment} -->",
             "<articles>"]
    for docid, cc, marked in articles:
        text, toponyms = parse(marked, cc)
        lines.append(f'    <article docid="{docid}">')
        lines.append(f"        <text>{escape(text)}</text>")
        lines.append("        <toponyms>")
        for t in toponyms:
            lines.append("            <toponym>")
            lines.append(f"                <start>{t['start']}</start><end>{t['end']}</end>"
                         f"<phrase>{escape(str(t['phrase']))}</phrase>")
            lines.append(f'                <gaztag geonameid=""><name>{escape(str(t["name"]))}</name>'
                         f"<fclass>{t['fclass']}</fclass><fcode>{t['fcode']}</fcode><lat>{t['lat']:.2f}</lat>"
                         f"<lon>{t['lon']:.2f}</lon><country>{t['country']}</country><admin1></admin1></gaztag>")
            lines.append("            </toponym>")
        lines.append("        </toponyms>")
        lines.append("    </article>")
    lines.append("</articles>")
    return "\n".join(lines) + "\n"


def write(out: Path, articles: list[tuple[str, str, str]], comment: str) -> int:
    """Write the XML to ``out`` and print how many articles and toponyms it holds."""
    out.write_text(render(articles, comment), encoding="utf-8")
    count = sum(len(parse(m, cc)[1]) for _, cc, m in articles)
    print(f"{out}: {len(articles)} articles, {count} toponyms", file=sys.stderr)
    return 0
