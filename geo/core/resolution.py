"""Resolution: choose, for every mention, the gazetteer place it names, with a confidence and reasons in words.

Candidates are scored by their prior (population and kind of place), how the name matched, cue words ("Kunar
province"), containment written in the text ("Datta Khel, North Waziristan"; "Kunar, Afghanistan") and the
document's other places (their countries and provinces, and distance to them). Two passes: the first fixes the
document's context from its least ambiguous names, the second ranks every mention against that context. Every
number the ranking uses (weights, distances, thresholds, which feature types a cue accepts) is in the resolver's
:class:`geo.core.policy.RankingPolicy`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from geo.store.gazetteer import Gazetteer, PlaceRecord
from geo.core.model import DEMONYM, Candidate, Mention, Resolution
from geo.core.names import name_key
from geo.core.policy import DEFAULT_POLICY, RankingPolicy
from geo.core.recognition import CUES, load_demonyms
from geo.core.spatial import haversine_km

_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
            "fifty": 50, "sixty": 60, "hundred": 100}
_BEARINGS = {"north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180, "southwest": 225, "west": 270,
             "northwest": 315}
_OFFSET = re.compile(
    r"(?P<number>\d+(?:\.\d+)?|" + "|".join(_NUMBERS) + r")\s*-?\s*(?P<unit>km|kms|kilometres?|kilometers?|miles?|mi)"
    r"\s+(?P<direction>(?:north|south)?-?(?:east|west)?|north|south)(?:ern|erly)?\s+(?:of|from)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
@dataclass(frozen=True, slots=True)
class _Context:
    """What the rest of the document says: weighted country, admin-1 and point evidence."""

    countries: Counter
    admin1: Counter
    points: tuple[tuple[float, float, str], ...]  # lat, lon, place id
    total: float


class Resolver:
    """Resolves the mentions of one document together, so each can use the others as context."""

    def __init__(self, gazetteer: Gazetteer, policy: RankingPolicy | None = None):
        self.gazetteer = gazetteer
        self.policy = policy or DEFAULT_POLICY
        self.policy.cues.check(frozenset(CUES.values()))  # a cue kind the policy does not know fails here, loudly
        self.demonyms = load_demonyms()

    def __call__(self, text: str, mentions: Sequence[Mention]) -> list[Resolution]:
        """One resolution per mention, in the same order."""
        candidate_lists = [self._candidates(m) for m in mentions]
        containers = [self._container(text, mentions, k, candidate_lists) for k in range(len(mentions))]
        contents = [self._contents(text, mentions, k, candidate_lists) for k in range(len(mentions))]
        first = [self._rank(m, cands, None, container, content)
                 for m, cands, container, content in zip(mentions, candidate_lists, containers, contents)]
        resolutions = []
        contexts: dict[str, _Context] = {}  # one per distinct name: a name never votes for itself
        for k, (mention, cands) in enumerate(zip(mentions, candidate_lists)):
            key = name_key(mention.query)
            if key not in contexts:
                contexts[key] = self._context(first, exclude=key)
            resolutions.append(_offset(text, self.policy, self._rank(mention, cands, contexts[key], containers[k], contents[k])))
        return resolutions

    # -- candidates ---------------------------------------------------------------------------------------------
    def _candidates(self, mention: Mention) -> list[tuple[PlaceRecord, str]]:
        limit = self.policy.thresholds.max_candidates
        if mention.kind == DEMONYM:
            found = self.demonyms.get(mention.query)
            if found is None:
                return []
            code, place_name = found
            if code:
                country = self.gazetteer.country(code)
                return [(country, "name")] if country else []
            matches = self.gazetteer.matches(name_key(place_name))
            regions = [m for m in matches if m[0].feature_type in ("region", "continent")]
            return (regions or list(matches))[:limit]  # "Kurdish": the region, not a province
        return list(self.gazetteer.matches(name_key(mention.query))[:limit])

    def _container(
        self, text: str, mentions: Sequence[Mention], k: int, candidate_lists: list[list[tuple[PlaceRecord, str]]]
    ) -> list[PlaceRecord]:
        """Places the text says contain mention k: "X, Y", "X in Y", "X (Y)", "Y's X"."""
        if k + 1 < len(mentions) and _contains_gap(text[mentions[k].end:mentions[k + 1].start]):
            areas = self.policy.groups.areas
            return [r for r, _ in candidate_lists[k + 1][:self.policy.thresholds.container_candidates]
                    if r.feature_type in areas]
        return []

    def _contents(
        self, text: str, mentions: Sequence[Mention], k: int, candidate_lists: list[list[tuple[PlaceRecord, str]]]
    ) -> list[PlaceRecord]:
        """Places the text says mention k contains: the X of "X, Y" for Y ("Tacoma, Washington": the state)."""
        if k > 0 and _contains_gap(text[mentions[k - 1].end:mentions[k].start]):
            inner = candidate_lists[k - 1][:self.policy.thresholds.content_candidates]
            return [r for r, _ in inner if r.feature_type not in self.policy.groups.unbounded]
        return []

    # -- context ------------------------------------------------------------------------------------------------
    def _context(self, resolutions: Sequence[Resolution], exclude: str) -> _Context:
        """Country, admin-1 and point evidence of the other names: each distinct place once, by its confidence."""
        best: dict[str, Resolution] = {}
        for r in resolutions:
            if r.place is None or name_key(r.mention.query) == exclude:
                continue
            if r.place.id not in best or r.confidence > best[r.place.id].confidence:
                best[r.place.id] = r
        countries: Counter = Counter()
        admin1: Counter = Counter()
        points = []
        total = 0.0
        for r in best.values():
            weight = r.confidence
            total += weight
            countries[r.place.country_code] += weight
            if r.place.admin1_code:
                admin1[(r.place.country_code, r.place.admin1_code)] += weight
            if r.place.feature_type not in self.policy.groups.unbounded:
                points.append((r.place.lat, r.place.lon, r.place.id))
        return _Context(countries, admin1, tuple(points), total)

    # -- ranking ------------------------------------------------------------------------------------------------
    def _rank(
        self,
        mention: Mention,
        candidates: list[tuple[PlaceRecord, str]],
        context: _Context | None,
        containers: list[PlaceRecord],
        contents: Sequence[PlaceRecord] = (),
    ) -> Resolution:
        if not candidates:
            return Resolution(mention, None, 0.0, (), ("no place of this name in the gazetteer",))
        countries = any(r.feature_type == "country" for r, _ in candidates)
        # "Kandahar" and "Sacramento" the cities, not the province or county around them; but "Mexico" the country.
        areas = [] if countries else [r for r, _ in candidates if r.feature_type in ("adm1", "adm2")]
        # "Salisbury": a place whose own name it is outranks one that only carries it as another (former) name.
        shadowed = any(kind in ("name", "ascii") and record.feature_type in self.policy.groups.settlements
                       for record, kind in candidates)
        scored = [self._score(mention, record, kind, context, containers, areas, contents, shadowed)
                  for record, kind in candidates]
        scored.sort(key=lambda c: (-c.score, c.record.id))
        top = scored[0].score
        weights = [math.exp(c.score - top) for c in scored]
        confidence = weights[0] / sum(weights)
        best = scored[0]
        reasons = list(best.reasons)
        if len(scored) > 1:
            reasons.append(f"beat {len(scored) - 1} other place(s) of this name; runner-up {scored[1].record.name} "
                           f"({scored[1].record.feature_type}, {scored[1].record.country_code}) by "
                           f"{best.score - scored[1].score:.1f} points")
        if confidence < self.policy.thresholds.min_confidence:
            return Resolution(mention, None, round(confidence, 3), tuple(scored[:4]),
                              (f"too ambiguous: best candidate {best.record.name} has confidence {confidence:.2f}",))
        return Resolution(mention, best.record, round(confidence, 3), tuple(scored[1:4]), tuple(reasons))

    def _score(
        self,
        mention: Mention,
        record: PlaceRecord,
        kind: str,
        context: _Context | None,
        containers: list[PlaceRecord],
        same_name_areas: list[PlaceRecord],
        contents: Sequence[PlaceRecord] = (),
        shadowed: bool = False,
    ) -> Candidate:
        policy = self.policy
        w, d = policy.evidence, policy.distances
        score = record.prior + policy.names.of(kind)
        reasons = [f"{record.feature_type} with population {record.population:,}" if record.population
                   else f"{record.feature_type}"]
        if kind in ("alternate", "code"):
            reasons.append(f"matched an {kind} name")
            if shadowed and kind == "alternate" and w.shadowed_alternate and \
                    not set(name_key(mention.query).split()) <= set(name_key(record.name).split()):
                score += w.shadowed_alternate
                reasons.append("another place has this as its own name")
        cue_kind = CUES.get(mention.cue or "")
        if cue_kind:
            if policy.cues.accepts(cue_kind, record.feature_type):
                score += w.cue_fits
                reasons.append(f"'{mention.cue}' fits a {record.feature_type}")
            else:
                score += w.cue_conflicts
        elif record.feature_type in policy.groups.settlements and any(
                _surrounds(area, record, d.surrounds_km)
                and record.population >= policy.thresholds.min_city_share * area.population
                for area in same_name_areas):
            score += w.city_of_same_name
            reasons.append("the city rather than the province or district of the same name around it")
        if mention.metonymic and record.feature_code == "PPLC":
            score += w.capital_metonymy
            reasons.append("capital used for its government")
        for container in containers:
            if container.id == record.id:
                continue
            if container.feature_type == "country" and container.country_code == record.country_code:
                score += w.container_country
                reasons.append(f"the text places it in {container.name}")
                break
            if container.feature_type == "adm1" and container.country_code == record.country_code and \
                    container.admin1_code and container.admin1_code == record.admin1_code:
                score += w.container_admin1
                reasons.append(f"the text places it in {container.name}")
                break
            if container.feature_type in ("adm2", "region") and haversine_km(
                    container.lat, container.lon, record.lat, record.lon) < d.container_area_km:
                score += w.container_area
                reasons.append(f"the text places it in {container.name}")
                break
        if record.feature_type in ("adm1", "adm2", "region") and contents:
            inner = next((c for c in contents if c.id != record.id and _holds(record, c, d.holds_km)), None)
            if inner is not None:
                score += w.container_admin1
                reasons.append(f"the text places {inner.name} in it")
        if context is not None and context.total > 0:
            if record.country_code:
                share = context.countries.get(record.country_code, 0.0) / context.total
            else:  # a place across borders (Kashmir, the Line of Control) shares the context of the main country
                share = max(context.countries.values(), default=0.0) / context.total
            if share > 0:
                score += w.context_country * share
                reasons.append(f"{share:.0%} of the document's other places are in {record.country_code or 'no country'}")
            if record.admin1_code:
                a_share = context.admin1.get((record.country_code, record.admin1_code), 0.0) / context.total
                if a_share > 0:
                    score += w.context_admin1 * a_share
            others = [(lat, lon) for lat, lon, place_id in context.points if place_id != record.id]
            if others and record.feature_type not in policy.groups.unbounded:
                nearest = min(haversine_km(lat, lon, record.lat, record.lon) for lat, lon in others)
                if nearest < d.proximity_km:
                    score += w.proximity * (1 - nearest / d.proximity_km)
                    reasons.append(f"{nearest:.0f} km from another place in the document")
        return Candidate(record, round(score, 4), tuple(reasons))


def _contains_gap(gap: str) -> bool:
    """Whether the text between two mentions says the second contains the first: "X, Y", "X in Y", "X (Y)"."""
    return gap.strip() in (",", "in", "(", ", in") or gap in (", ", " in ", " (", " of ")


def _holds(area: PlaceRecord, place: PlaceRecord, near_km: float) -> bool:
    """True when ``area`` holds ``place``: an admin-1 by code, an admin-2 by code (else within ``near_km``), a region
    within ``near_km``."""
    if area.feature_type == "region":
        return haversine_km(area.lat, area.lon, place.lat, place.lon) < near_km
    if area.country_code != place.country_code or not area.admin1_code or area.admin1_code != place.admin1_code:
        return False
    if area.feature_type == "adm2":
        if area.admin2_code and place.admin2_code:
            return area.admin2_code == place.admin2_code
        return haversine_km(area.lat, area.lon, place.lat, place.lon) < near_km
    return True


def _surrounds(area: PlaceRecord, place: PlaceRecord, near_km: float) -> bool:
    """True when an admin-1 (same code) or admin-2 (within ``near_km``) area of the same country holds the place."""
    if area.country_code != place.country_code:
        return False
    if area.feature_type == "adm1":
        return bool(area.admin1_code) and area.admin1_code == place.admin1_code
    return haversine_km(area.lat, area.lon, place.lat, place.lon) <= near_km


def _offset(text: str, policy: RankingPolicy, resolution: Resolution) -> Resolution:
    """"five kilometres south of Miranshah": move the point by the stated distance and bearing, flagged approximate."""
    if resolution.place is None:
        return resolution
    match = _OFFSET.search(text, max(0, resolution.mention.start - 60), resolution.mention.start)
    if match is None:
        return resolution
    direction = match["direction"].lower().replace("-", "")
    if direction not in _BEARINGS:
        return resolution
    number = match["number"].lower()
    distance = float(_NUMBERS.get(number, number) if not number[0].isdigit() else number)
    km = distance * (1.609344 if match["unit"].lower().startswith("mi") else 1.0)
    if not 0 < km <= policy.distances.max_offset_km:
        return resolution
    from geopy.distance import geodesic

    anchor = resolution.place
    point = geodesic(kilometers=km).destination((anchor.lat, anchor.lon), _BEARINGS[direction])
    phrase = f"{distance:g} {match['unit'].lower()} {match['direction'].lower()} of {anchor.name}"
    place = replace(
        anchor, id=f"{anchor.id}@{km:.1f}km{_BEARINGS[direction]:03d}", name=phrase, feature_type="landmark",
        feature_class="", feature_code="OFFSET", population=0, lat=round(point.latitude, 5),
        lon=round(point.longitude, 5), geometry_type="Point", source=f"offset from {anchor.id}",
    )
    reasons = (*resolution.reasons, f"placed {km:.1f} km at bearing {_BEARINGS[direction]} from {anchor.name} "
               f"({anchor.id}), as the text says; approximate")
    anchor_candidate = Candidate(anchor, 0.0, ("the named reference place",))
    return replace(resolution, place=place, approximate=True, reasons=reasons,
                   alternatives=(anchor_candidate, *resolution.alternatives))
