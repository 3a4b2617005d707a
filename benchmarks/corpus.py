"""A generated wire-copy corpus for the dashboard's corpus-scale tests and timings (not for accuracy work).

``python -m benchmarks.corpus OUT.jsonl [--documents 1000] [--seed 11]`` writes JSON Lines documents (id, title,
date, text) naming real cities and provinces of the gazetteer in conflict countries, with the odd name no gazetteer
holds, so the map has clusters to draw and the "not on the map" panel something to list. Deterministic per seed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
from dataclasses import dataclass
from pathlib import Path

from geo.store.gazetteer import Gazetteer

COUNTRIES = ("AF", "PK", "SY", "IQ", "YE", "SD", "UA", "SO", "ML", "NG", "CD", "ET", "MM", "LY", "PS", "IL", "LB")
EVENTS = (
    "Clashes broke out in {city} on {day}, officials said.",
    "An air strike hit a market in {city}, in {province} province, killing at least {n} people.",
    "Residents of {city} said shelling continued overnight.",
    "Aid agencies reported that {n} families had fled {city} for camps near {other}.",
    "Protesters gathered in {city} to demand the release of detained activists.",
    "Security forces launched an operation in {province} province after an attack near {city}.",
    "A roadside bomb exploded on the road between {city} and {other}, the police in {province} said.",
    "Fighting was also reported in the village of {unknown}, near {city}.",
)
# Invented village names (no gazetteer holds them): the corpus's "names found but not placed".
UNKNOWN = ("Qarghazkhel", "Zormatabad", "Ghundikalay", "Sarkandao", "Tor Warsak", "Badamkhel")


@dataclass(frozen=True, slots=True)
class Town:
    """A gazetteer city the corpus names, with its province."""

    name: str
    province: str


def towns(gazetteer: Gazetteer) -> list[Town]:
    """Cities of 50,000 or more in the conflict countries that have a province name, by name (deterministic)."""
    found = {
        (r.name, r.admin1_name) for r in gazetteer
        if r.feature_type == "city" and r.country_code in COUNTRIES and r.population >= 50_000 and r.admin1_name
        and r.name.isascii() and r.admin1_name.isascii()
    }
    return [Town(name, province) for name, province in sorted(found)]


def documents(count: int, seed: int, gazetteer: Gazetteer | None = None) -> list[dict[str, str]]:
    """``count`` short news items (3-6 sentences each), each dated in November 2026."""
    rng = random.Random(seed)
    pool = towns(gazetteer or Gazetteer.default())
    # a few towns are in the news far more than others, as in real wire copy
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(pool))]
    rng.shuffle(pool)
    start = datetime.date(2026, 11, 1)
    items = []
    for number in range(count):
        day = start + datetime.timedelta(days=rng.randrange(30))
        sentences = []
        for _ in range(rng.randint(3, 6)):
            town, other = rng.choices(pool, weights, k=2)
            sentences.append(rng.choice(EVENTS).format(
                city=town.name, province=town.province, other=other.name, n=rng.randint(2, 40),
                day=day.strftime("%A"), unknown=rng.choice(UNKNOWN)))
        first = sentences[0].split(",")[0].rstrip(".")
        items.append({"id": f"wire-{number:05d}", "title": first, "date": day.isoformat(), "text": " ".join(sentences)})
    return items


def write(path: Path | str, count: int = 1000, seed: int = 11, gazetteer: Gazetteer | None = None) -> Path:
    """Write the corpus as JSON Lines (UTF-8) and return its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for item in documents(count, seed, gazetteer):
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    return path


def main() -> int:
    """Write a corpus as the command line asks."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    print(write(args.out, args.documents, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
