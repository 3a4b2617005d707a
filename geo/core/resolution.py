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
from typing import Any

from geo.store.gazetteer import Gazetteer, PlaceRecord
from geo.core.model import DEMONYM, Candidate, Mention, Resolution
from geo.core.names import name_key
from geo.core.policy import DEFAULT_POLICY, RankingPolicy
from geo.core.rules import load_territory_rules
from geo.core.recognition import CUE_KINDS, CUES, REFERENCE_GAPS, load_demonyms
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


@dataclass(frozen=True, slots=True)
class _Bound:
    """A container written in the text, read as a constraint on the mention before it.

    ``written``: how the text names it; ``listed``: the pair may be part of a list ("Kabul, Kandahar and Herat"),
    so the container may only choose among candidates inside it, never place the name or lower its confidence;
    ``names_province``: an "X, Kharkiv" read as the oblast although a city of the name exists.
    """

    container: PlaceRecord
    written: str
    listed: bool
    names_province: bool


@dataclass(frozen=True, slots=True)
class _Offset:
    """A point the text states by distance and bearing from a place: "12 km west of Miranshah"."""

    km: float
    bearing: int
    phrase: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class _Reference:
    """A known place the text says a mention is near: R of "X near R", "X, 12 km west of R", "X outside R".

    ``gap``: the words between them as written; ``confidence``: R's own; ``offset``: the point the stated distance and
    bearing give from R (None when the text states none).
    """

    place: PlaceRecord
    written: str
    gap: str
    confidence: float
    offset: _Offset | None


class Resolver:
    """Resolves the mentions of one document together, so each can use the others as context."""

    def __init__(self, gazetteer: Gazetteer, policy: RankingPolicy | None = None):
        self.gazetteer = gazetteer
        self.policy = policy or DEFAULT_POLICY
        self.policy.cues.check(frozenset(CUE_KINDS.values()))  # a cue kind the policy does not know fails here, loudly
        self.demonyms = load_demonyms()
        self._outlines: dict[str, Any] = {}

    def __call__(self, text: str, mentions: Sequence[Mention]) -> list[Resolution]:
        """One resolution per mention, in the same order."""
        candidate_lists = [self._candidates(m) for m in mentions]
        gaps = [k + 1 < len(mentions) and _contains_gap(text[mentions[k].end:mentions[k + 1].start])
                for k in range(len(mentions))]
        containers = [self._container(k, gaps, candidate_lists) for k in range(len(mentions))]
        contents = [self._contents(k, gaps, candidate_lists) for k in range(len(mentions))]
        memo: dict[tuple[Any, ...], Resolution] = {}

        def rank(mention: Mention, cands: list[tuple[PlaceRecord, str]], context: _Context | None,
                 container: list[PlaceRecord], content: Sequence[PlaceRecord], province: PlaceRecord | None = None,
                 bound: _Bound | None = None, focus: bool = False) -> Resolution:
            """``self._rank``, once per distinct input: a name repeated with the same neighbours and context (a
            document naming Kabul 1,000 times) is ranked once and its resolution copied to each mention."""
            key = (mention.text, mention.query, mention.kind, mention.cue, mention.metonymic,
                   tuple(r.id for r in container), tuple(r.id for r in content), province.id if province else None,
                   (bound.container.id, bound.written, bound.listed, bound.names_province) if bound else None,
                   focus, id(context))  # every context lives in contexts/settled until the call returns
            found = memo.get(key)
            if found is None:
                found = memo[key] = self._rank(mention, cands, context, container, content, province, bound,
                                               focus=focus)
                return found
            return replace(found, mention=mention)

        first = [rank(m, cands, None, container, content)
                 for m, cands, container, content in zip(mentions, candidate_lists, containers, contents)]
        bounds = [self._bound(text, mentions, k, gaps, first, candidate_lists) for k in range(len(mentions))]
        # "X, Kharkiv" of a small X not in the city: the oblast, as front-line notes mean it (ACLED style)
        provinces: dict[int, PlaceRecord] = {k + 1: b.container for k, b in enumerate(bounds)
                                             if b is not None and b.names_province}
        resolutions = []
        contexts: dict[str, _Context] = {}  # one per distinct name: a name never votes for itself
        for k, (mention, cands) in enumerate(zip(mentions, candidate_lists)):
            key = name_key(mention.query)
            if key not in contexts:
                contexts[key] = self._context(first, exclude=key)
            ranked = rank(mention, cands, contexts[key], containers[k], contents[k], provinces.get(k), bounds[k])
            resolutions.append(ranked)
        # A small place far outside the focus the second pass settled (its countries, its points) needs a container to
        # vouch for it; otherwise it takes an in-focus reading or stays unresolved.
        settled: dict[str, _Context] = {}
        for k, (mention, cands) in enumerate(zip(mentions, candidate_lists)):
            place = resolutions[k].place
            if place is None or resolutions[k].approximate or bounds[k] is not None:
                continue
            key = name_key(mention.query)
            if key not in settled:
                settled[key] = self._context(resolutions, exclude=key)
            if self._out_of_focus(place, settled[key]):
                resolutions[k] = rank(mention, cands, settled[key], containers[k], contents[k], provinces.get(k),
                                      None, focus=True)
        # "Gaza health officials", "Gaza's 2.3 million residents": the Strip, not Gaza City.
        resolutions = self._territories(text, resolutions, candidate_lists)
        # "X near R", "X, 12 km west of R": X is the place of its name near R, or placed approximately by R alone.
        claimed: set[int] = set()  # references whose stated offset now places the name before them, not themselves
        for k in range(len(mentions) - 1):
            reference = None if bounds[k] is not None else self._reference(text, mentions, k, resolutions)
            if reference is None:
                continue
            key = name_key(mentions[k].query)
            context = settled.get(key) or contexts[key]
            resolutions[k] = self._by_reference(resolutions[k], candidate_lists[k], reference, context,
                                                containers[k], contents[k])
            placed = resolutions[k].place
            if reference.offset is not None and placed is not None and (
                    resolutions[k].located_by == reference.place.id or self._near(placed, reference)):
                claimed.add(k + 1)  # "Pashmul, 25 km west of Kandahar": the offset says where Pashmul is
        return [r if k in claimed else _offset(text, self.policy, r) for k, r in enumerate(resolutions)]

    # -- a territory and its main city ----------------------------------------------------------------------------
    def _territories(self, text: str, resolutions: list[Resolution],
                     candidate_lists: list[list[tuple[PlaceRecord, str]]]) -> list[Resolution]:
        """Each mention read as a main city switched to the territory of the same name where the words around it speak
        of the whole territory; every mention of that territory in the document then carries its label."""
        changed = [self._territory(text, r, cands) for r, cands in zip(resolutions, candidate_lists)]
        labels = {r.place.id: r.place for r, before in zip(changed, resolutions) if r is not before}
        for r in changed:  # a territory however it was chosen ("the Gaza Strip", "Gaza" by rank) is labelled too
            if r.place is not None and r.place.id not in labels and not r.approximate:
                labels[r.place.id] = self._territory_label(r.place)
        return [replace(r, place=labels[r.place.id]) if r.place is not None and r.place.id in labels
                and labels[r.place.id] is not r.place else r for r in changed]

    def _territory(self, text: str, resolution: Resolution, candidates: list[tuple[PlaceRecord, str]]) -> Resolution:
        """The territory of the same name instead of its main city when a whole-territory cue stands beside the name;
        the resolution unchanged otherwise."""
        city = resolution.place
        if city is None or resolution.approximate or city.feature_type not in self.policy.groups.settlements:
            return resolution
        territory = next((r for r, _ in candidates if r.feature_type in self.policy.groups.territories
                          and self._main_city(city, r)), None)
        if territory is None:
            return resolution
        dominant = city.population >= self.policy.thresholds.territory_city_share * territory.population
        cue = _whole_territory_cue(text, resolution.mention.start, resolution.mention.end, city, words=not dominant)
        if cue is None:
            return resolution
        label = self._label(territory)
        why = _TERRITORY.evidence("whole-territory", territory=label.name, city=city.name, cue=cue)
        alternatives = (Candidate(city, 0.0, (f"the main city of {label.name}, read first",)),
                        *[c for c in resolution.alternatives if c.record.id != territory.id])[:3]
        return replace(resolution, place=label, alternatives=alternatives, reasons=(
            f"{territory.feature_type} with population {territory.population:,}", why,
            *[r for r in resolution.reasons[1:] if not r.startswith(("the city rather than", "beat "))]))

    def _main_city(self, city: PlaceRecord, territory: PlaceRecord) -> bool:
        """Whether ``city`` is the main city of ``territory``: inside it and holding a fair share of its people."""
        return territory.id != city.id and self._inside(city, territory) and \
            city.population >= self.policy.thresholds.min_city_share * territory.population

    def _territory_label(self, place: PlaceRecord) -> PlaceRecord:
        """A territory that shares its name with its main city, named apart by its own alternate ("Gaza Strip");
        any other place unchanged. So the Strip reads as the Strip on the map and in exports, whichever rule chose it."""
        if place.feature_type not in self.policy.groups.territories:
            return place
        if not any(c.feature_type in self.policy.groups.settlements and self._main_city(c, place)
                   for c in self.gazetteer.lookup_key(name_key(place.name))):
            return place
        return self._label(place)

    def _label(self, territory: PlaceRecord) -> PlaceRecord:
        """The territory named apart from its city by its own alternate name ("Gaza Strip", "Herat Province")."""
        base = name_key(territory.name)
        for name, kind in self.gazetteer.names(territory.id):
            words = name_key(name).split()
            if kind == "alternate" and len(words) == len(base.split()) + 1 and " ".join(words[:-1]) == base \
                    and words[-1] in _DESIGNATORS:
                return replace(territory, name=name)
        return territory

    # -- placement by a reference ---------------------------------------------------------------------------------
    def _reference(self, text: str, mentions: Sequence[Mention], k: int, resolutions: Sequence[Resolution]
                   ) -> _Reference | None:
        """The place the text says mention k is near: the next mention, when only a reference gap lies between."""
        inner, outer = mentions[k], mentions[k + 1]
        place = resolutions[k + 1].place
        if DEMONYM in (inner.kind, outer.kind) or place is None or place.feature_type in self.policy.groups.unbounded:
            return None  # "Perpignan, south of France": a country locates nothing more than its own outline does
        gap = text[inner.end:outer.start]
        if not any(pattern.fullmatch(gap) for pattern in REFERENCE_GAPS):
            return None
        return _Reference(place, outer.text, gap, resolutions[k + 1].confidence,
                          _offset_from(text, outer.start, place, self.policy))

    def _near(self, record: PlaceRecord, reference: _Reference) -> bool:
        """Whether a candidate lies where "near R" (or the stated offset from R) puts it."""
        d = self.policy.distances
        reach = d.bearing_reference_km if _BEARING_WORD.search(reference.gap) else d.reference_km
        lat, lon = reference.place.lat, reference.place.lon
        if reference.offset is not None:
            reach += reference.offset.km
        elif reference.place.is_area and self._inside(record, reference.place):
            return True
        return haversine_km(lat, lon, record.lat, record.lon) <= reach

    def _by_reference(
        self, resolution: Resolution, candidates: list[tuple[PlaceRecord, str]], reference: _Reference,
        context: _Context | None, containers: list[PlaceRecord], contents: Sequence[PlaceRecord],
    ) -> Resolution:
        """Mention k read with its reference: a candidate near R wins; with none near, a small or unknown X is placed
        approximately at R (offset as stated); a major place far from R stays itself ("near" does not move a city)."""
        if resolution.approximate or (resolution.place is not None and resolution.place.id == reference.place.id):
            return resolution
        near = [(record, kind) for record, kind in candidates if self._near(record, reference)]
        where = f"'{resolution.mention.text}{reference.gap}{reference.written}'"
        if resolution.place is not None and any(record.id == resolution.place.id for record, _ in near):
            return replace(resolution, reasons=(*resolution.reasons, f"near {reference.place.name}, as the text says "
                                                                     f"({where})"))
        if near:
            ranked = self._rank(resolution.mention, near, context, containers, contents)
            if ranked.place is not None:
                aside = len(candidates) - len(near)
                return replace(ranked, reasons=(*ranked.reasons, f"near {reference.place.name}, as the text says "
                                                f"({where}); {aside} place(s) of this name farther away set aside"))
        if resolution.place is not None and not self._small(resolution.place):
            return resolution
        return self._near_reference(resolution, reference, named=bool(candidates))

    def _near_reference(self, resolution: Resolution, reference: _Reference, *, named: bool) -> Resolution:
        """A name placed by its reference alone: at R, or at the offset the text states from R; flagged approximate."""
        mention, anchor, offset = resolution.mention, reference.place, reference.offset
        key = name_key(mention.query).replace(" ", "-")
        if offset is not None:
            place_id, lat, lon = f"{anchor.id}@{offset.km:.1f}km{offset.bearing:03d}~{key}", offset.lat, offset.lon
            placed = f"placed {offset.km:.1f} km at bearing {offset.bearing} from {anchor.name} ({anchor.id})"
        else:
            place_id, lat, lon = f"{anchor.id}~{key}", anchor.lat, anchor.lon
            placed = f"placed at {anchor.name} ({anchor.id})"
        place = replace(
            anchor, id=place_id, name=mention.text, feature_type=self._approximate_type(mention), feature_class="",
            feature_code="APPROX", population=0, lat=lat, lon=lon, geometry_type="Point",
            source=f"approximate: near {anchor.id}",
        )
        confidence = round(min(self.policy.thresholds.reference_confidence, reference.confidence), 3)
        why = (f"no place named {mention.text} near {anchor.name} in the gazetteer" if named
               else "no place of this name in the gazetteer")
        alternatives = (Candidate(anchor, 0.0, ("the reference place the text names",)), *resolution.alternatives[:3])
        return Resolution(mention, place, confidence, alternatives, (
            why, f"{placed}, the place the text locates it by ('{mention.text}{reference.gap}{reference.written}'); "
                 f"approximate, and confidence {confidence:.2f}: a reference alone says only roughly where it is"),
            approximate=True, located_by=anchor.id)

    def _approximate_type(self, mention: Mention) -> str:
        """The feature type of a place the gazetteer lacks: from its cue word ("X village"), else a landmark."""
        cue_kind = CUE_KINDS.get(mention.cue or "")
        cue_type = "region" if cue_kind in ("adm1", "adm2") else cue_kind
        return cue_type if cue_type in self.policy.groups.approximate_types else "landmark"

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

    def _container(self, k: int, gaps: list[bool], candidate_lists: list[list[tuple[PlaceRecord, str]]]
                   ) -> list[PlaceRecord]:
        """Places the text says contain mention k: "X, Y", "X in Y", "X (Y)", "X village, Y", "X area of Y"."""
        if gaps[k]:
            areas = self.policy.groups.areas
            return [r for r, _ in candidate_lists[k + 1][:self.policy.thresholds.container_candidates]
                    if r.feature_type in areas]
        return []

    def _contents(self, k: int, gaps: list[bool], candidate_lists: list[list[tuple[PlaceRecord, str]]]
                  ) -> list[PlaceRecord]:
        """Places the text says mention k contains: the X of "X, Y" for Y ("Tacoma, Washington": the state)."""
        if k > 0 and gaps[k - 1]:
            inner = candidate_lists[k - 1][:self.policy.thresholds.content_candidates]
            return [r for r, _ in inner if r.feature_type not in self.policy.groups.unbounded]
        return []

    # -- containment as a constraint ------------------------------------------------------------------------------
    def _bound(
        self, text: str, mentions: Sequence[Mention], k: int, gaps: list[bool], first: list[Resolution],
        candidate_lists: list[list[tuple[PlaceRecord, str]]],
    ) -> _Bound | None:
        """The place the text says holds mention k, read as a constraint: Y of "X, Y" when Y reads as an area.

        "X, Kharkiv" with a small (or unknown) X that is not in the city: Kharkiv oblast, the reading of front-line
        notes. A list ("Kabul, Kandahar and Herat") binds nothing.
        """
        if not gaps[k]:
            return None
        outer = first[k + 1].place
        if outer is None:
            return None
        # a possible list, or a bare "X of Y" ("Hart of Dixie"), may choose among candidates inside Y but not place X
        listed = _listed(text, mentions, k) or text[mentions[k].end:mentions[k + 1].start] == " of "
        if outer.feature_type in self.policy.groups.bounding:
            return _Bound(outer, mentions[k + 1].text, listed, names_province=False)
        if listed or outer.feature_type not in self.policy.groups.settlements or \
                not text[mentions[k].end:mentions[k + 1].start].strip().endswith(","):  # "X, Y", "X village, Y"
            return None
        inner = [r for r, _ in candidate_lists[k]]
        if inner and not self._small(first[k].place or inner[0]):
            return None
        if any(self._inside(r, outer) for r in inner):
            return None  # "Kyivskyi district, Donetsk": the city
        province = next((r for r, _ in candidate_lists[k + 1] if r.feature_type == "adm1"
                         and _surrounds(r, outer, self.policy.distances.surrounds_km)), None)
        if province is None:
            return None
        return _Bound(province, mentions[k + 1].text, listed=False, names_province=True)

    def _small(self, record: PlaceRecord) -> bool:
        """A village, town or small city: the kind of place a same-name reading elsewhere must not beat."""
        return record.feature_type in self.policy.groups.small or (
            record.feature_type == "city" and record.population < self.policy.thresholds.small_population)

    def _unplaced(self, best: PlaceRecord, container: PlaceRecord) -> bool:
        """Whether "X, Y" with no X inside Y names a place the gazetteer lacks, to be placed at Y.

        Not when X reads as an area ("Alberta, Saskatchewan", "Florida, Seminole County": areas side by side), nor a
        major place of Y's own country ("Edinburgh, Aberdeen": a list), nor a major place under a country that does
        not hold it ("Karachi, Afghanistan": the text contradicts itself). A major place under another country's
        state is its small namesake ("London, Arkansas", "Paris, Idaho").
        """
        if best.feature_type in self.policy.groups.peers or (
                best.feature_type in self.policy.groups.areas and container.feature_type not in ("country", "adm1")):
            return False  # but "Beaver, West Virginia" read as a county elsewhere is the town the gazetteer lacks
        if self._major(best):
            return container.feature_type != "country" and best.country_code != container.country_code
        return True

    def _in_focus(self, record: PlaceRecord, context: _Context) -> bool:
        """A place in a country of the document's other places, or near one of them."""
        if record.country_code and context.countries.get(record.country_code, 0.0) > 0:
            return True
        return any(haversine_km(lat, lon, record.lat, record.lon) <= self.policy.distances.focus_km
                   for lat, lon, place_id in context.points if place_id != record.id)

    def _out_of_focus(self, record: PlaceRecord, context: _Context) -> bool:
        """A small place in a country none of the document's other places is in, and far from all of them."""
        policy = self.policy
        if not record.country_code or not self._small(record) or context.total < policy.thresholds.focus_min_weight \
                or record.population >= policy.thresholds.focus_max_population:
            return False
        if context.countries.get(record.country_code, 0.0) > 0:
            return False
        others = [(lat, lon) for lat, lon, place_id in context.points if place_id != record.id]
        return all(haversine_km(lat, lon, record.lat, record.lon) > policy.distances.focus_km for lat, lon in others)

    def _major(self, record: PlaceRecord) -> bool:
        """A country, province, capital or large city: a written country that does not hold it contradicts the text
        ("Karachi, Afghanistan") rather than naming a place the gazetteer lacks."""
        return record.feature_type in self.policy.groups.peers or record.feature_code in ("PPLC", "PPLA") or \
            record.population >= self.policy.thresholds.major_population

    def inside(self, record: PlaceRecord, container: PlaceRecord) -> bool:
        """Whether ``record`` lies in ``container`` by this resolver's test (admin codes, outline, scaled radius)."""
        return self._inside(record, container)

    def _inside(self, record: PlaceRecord, container: PlaceRecord) -> bool:
        """Whether ``record`` lies in ``container``: by admin codes, else inside its outline, else near its point.

        Matching codes say inside; codes that differ are checked against the outline when there is one (GeoNames
        codes England's counties as admin-2 of "ENG" for towns but as admin-1 for the county itself).
        """
        if record.id == container.id:
            return False
        if container.country_code and record.country_code and container.country_code != record.country_code:
            return False
        kind = container.feature_type
        if kind == "country":
            return bool(container.country_code) and container.country_code == record.country_code
        if kind == "adm1" and container.admin1_code and container.admin1_code == record.admin1_code:
            return True
        if kind == "adm2" and container.admin2_code and record.admin1_code == container.admin1_code and \
                record.admin2_code == container.admin2_code:
            return True
        km = haversine_km(container.lat, container.lon, record.lat, record.lon)
        if container.is_area:
            if km > self.policy.distances.outline_search_km:
                return False
            outline = self._outline(container.id)
            if outline is not None:
                return _covers(outline, record.lat, record.lon, self.policy.distances.outline_tolerance_deg)
        if kind in ("adm1", "adm2") and record.admin1_code and container.admin1_code:
            return False  # codes to compare, and they differ
        return km <= self._radius(container)

    def _radius(self, container: PlaceRecord) -> float:
        """How far from its point a container without an outline reaches, scaled to its kind and size."""
        d = self.policy.distances
        if container.feature_type in self.policy.groups.settlements:
            return min(d.city_radius_max_km, max(d.city_radius_min_km, math.sqrt(max(container.population, 0))
                                                  * d.city_radius_per_sqrt_person_km))
        return d.area_radius(container.feature_type) if container.feature_type in ("adm1", "adm2", "region") \
            else d.holds_km

    def _outline(self, place_id: str) -> Any:
        """The container's polygon from the gazetteer, cached per resolver (shapely loads only when needed)."""
        if place_id not in self._outlines:
            self._outlines[place_id] = self.gazetteer.geometry(place_id)
        return self._outlines[place_id]

    def _approximate(self, resolution: Resolution, bound: _Bound, *, named: bool) -> Resolution:
        """A name the gazetteer lacks (or lacks inside its container): placed at the container, flagged approximate."""
        mention, container = resolution.mention, bound.container
        feature_type = self._approximate_type(mention)
        place = replace(
            container, id=f"{container.id}~{name_key(mention.query).replace(' ', '-')}", name=mention.text,
            feature_type=feature_type, feature_class="", feature_code="APPROX", population=0,
            geometry_type="Point", source=f"approximate: in {container.id}",
        )
        why = (f"no place named {mention.text} inside {container.name} in the gazetteer" if named
               else "no place of this name in the gazetteer")
        alternatives = (Candidate(container, 0.0, ("the container the text names",)), *resolution.alternatives[:3])
        return Resolution(mention, place, self.policy.thresholds.approximate_confidence, alternatives, (
            why, f"placed at {container.name} ({container.id}), which the text says holds it "
                 f"('{mention.text}, {bound.written}'); approximate"),
            approximate=True, located_by=container.id)

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
        province: PlaceRecord | None = None,
        bound: _Bound | None = None,
        focus: bool = False,
    ) -> Resolution:
        if not candidates:
            unresolved = Resolution(mention, None, 0.0, (), ("no place of this name in the gazetteer",))
            return self._approximate(unresolved, bound, named=False) if bound and not bound.listed else unresolved
        countries = any(r.feature_type == "country" for r, _ in candidates)
        # "Kandahar" and "Sacramento" the cities, not the province or county around them; but "Mexico" the country.
        areas = [] if countries else [r for r, _ in candidates if r.feature_type in ("adm1", "adm2")]
        # "Salisbury": a place whose own name it is outranks one that only carries it as another (former) name.
        shadowed = any(kind in ("name", "ascii") and record.feature_type in self.policy.groups.settlements
                       for record, kind in candidates)
        scored = [self._score(mention, record, kind, context, containers, areas, contents, shadowed, province)
                  for record, kind in candidates]
        scored.sort(key=lambda c: (-c.score, c.record.id))
        outside: list[Candidate] = []
        if bound is not None:
            inside = [c for c in scored if self._inside(c.record, bound.container)]
            peer = scored[0].record.feature_type in self.policy.groups.peers and \
                bound.container.feature_type != "country"
            if inside and not peer:
                outside = [c for c in scored if c not in inside]
                scored = [replace(c, reasons=(*c.reasons, f"inside {bound.container.name}, as the text says"))
                          for c in inside]
            elif not bound.listed and self._unplaced(scored[0].record, bound.container):
                return self._approximate(Resolution(mention, None, 0.0, tuple(scored[:3])), bound, named=True)
        top = scored[0].score
        weights = [math.exp(c.score - top) for c in scored]
        confidence = weights[0] / sum(weights)
        best = scored[0]
        reasons = list(best.reasons)
        if len(scored) > 1:
            reasons.append(f"beat {len(scored) - 1} other place(s) of this name; runner-up {scored[1].record.name} "
                           f"({scored[1].record.feature_type}, {scored[1].record.country_code}) by "
                           f"{best.score - scored[1].score:.1f} points")
        if focus and not outside and context is not None and self._out_of_focus(best.record, context):
            focused = [c for c in scored if self._in_focus(c.record, context)]
            if not focused:
                return Resolution(mention, None, 0.0, tuple(scored[:3]), (
                    f"best candidate {best.record.name} ({best.record.feature_type}, {best.record.country_code}) is a "
                    f"small place far outside the document's focus ({_focus_names(context)}), with no container "
                    "written to vouch for it",))
            chosen = focused[0]
            share = [math.exp(c.score - chosen.score) for c in focused]
            confidence = share[0] / sum(share)
            reasons = [*chosen.reasons, f"{best.record.name} ({best.record.feature_type}, {best.record.country_code}) "
                       f"set aside: a small place far outside the document's focus ({_focus_names(context)})"]
            scored = [chosen, *[c for c in scored if c is not chosen]]
            best = chosen
        if outside:
            reasons.append(f"{len(outside)} place(s) of this name outside {bound.container.name} set aside")
        elif bound is not None and not bound.listed and bound.container.feature_type == "country" and \
                not self._inside(best.record, bound.container) and best.record.id != bound.container.id:
            confidence *= self.policy.thresholds.contradiction_factor
            reasons.append(f"the text places it in {bound.container.name}, but it lies outside: confidence lowered")
        alternatives = [*scored[1:], *outside][:3]
        if confidence < self.policy.thresholds.min_confidence:
            return Resolution(mention, None, round(confidence, 3), tuple([best, *alternatives]),
                              (f"too ambiguous: best candidate {best.record.name} has confidence {confidence:.2f}",
                               *reasons[len(best.reasons):]))
        return Resolution(mention, best.record, round(confidence, 3), tuple(alternatives), tuple(reasons))

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
        province: PlaceRecord | None = None,
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
        cue_kind = CUE_KINDS.get(mention.cue or "")
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
        if province is not None and record.id == province.id:
            score += w.container_admin1
            reasons.append("'X, Y' with a small X outside the city names the province (as front-line notes do)")
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


_TERRITORY = load_territory_rules()
_TERRITORY_BEFORE = re.compile(r"(?:^|\W)(?:" + "|".join(sorted((re.escape(w) for w in _TERRITORY.words(
    "territory-before")), key=len, reverse=True)) + r")\s+(?:the\s+)?$", re.IGNORECASE)
_TERRITORY_AFTER = _TERRITORY.words("territory-after")
_TERRITORY_SUFFIXES = tuple(sorted(_TERRITORY.words("territory-suffixes")))
_DESIGNATORS = _TERRITORY.words("territory-designators")
_POPULATION_WINDOW = _TERRITORY.integer("population-window")
_POPULATION = re.compile(r"(?P<number>\d+(?:\.\d+)?)\s*(?:million|m)\b\s+(?P<noun>\w+)(?:\s+(?P<noun2>\w+))?"
                         r"|population of (?:about |some |nearly |almost |over |more than |around )?"
                         r"(?P<total>\d+(?:\.\d+)?)\s*million", re.IGNORECASE)
_AFTER_WORDS = re.compile(r"(?:['’]s)?\s+(\w+)(?:\s+(\w+))?")
_BEARING_WORD = re.compile(r"north|south|east|west", re.IGNORECASE)
_CUE_GAP = re.compile(r"^ (?P<cue>[a-z]+)(?: area)?(?:, | in | of |, in | \()(?:the )?$", re.IGNORECASE)
_LIST_GAP = re.compile(r"^\s*(?:,\s*)?(?:and|or|&)\s*$|^\s*,\s*$", re.IGNORECASE)


def _whole_territory_cue(text: str, start: int, end: int, city: PlaceRecord, *, words: bool = True) -> str | None:
    """The words beside the name at text[start:end] that speak of a whole territory, quoted, or None: "across X",
    "X health officials", "X-wide" (only when ``words``), or a population in millions above the main city's own."""
    name = text[start:end]
    if not words:
        return _population_cue(text, start, end, city)
    before = _TERRITORY_BEFORE.search(text, max(0, start - 20), start)
    if before is not None:
        return f"'{before.group().strip()} {name}'"
    for suffix in _TERRITORY_SUFFIXES:
        if text.startswith(suffix, end):
            return f"'{name}{suffix}'"
    after = _AFTER_WORDS.match(text, end)
    if after is not None:
        for word in after.groups():
            if word is not None and word.lower() in _TERRITORY_AFTER:
                return f"'{text[start:after.end()].strip()}'"
    return _population_cue(text, start, end, city)


def _population_cue(text: str, start: int, end: int, city: PlaceRecord) -> str | None:
    """A population in millions near the name, larger than its main city's: "Gaza's 2.3 million residents"."""
    window = text[max(0, start - _POPULATION_WINDOW):end + _POPULATION_WINDOW]
    for found in _POPULATION.finditer(window):
        if found["total"] is not None:
            millions = float(found["total"])
        elif found["noun"].lower() in _POPULATION_NOUNS or (found["noun2"] or "").lower() in _POPULATION_NOUNS:
            millions = float(found["number"])
        else:
            continue
        if millions * 1_000_000 > city.population:
            return (f"a population of {millions:g} million ('{found.group()}'), more than the "
                    f"{city.population:,} of {city.name}")
    return None


_POPULATION_NOUNS = _TERRITORY.words("population-nouns")


def _focus_names(context: _Context) -> str:
    """The document's focus in words: its countries by weight ("PK, AF")."""
    return ", ".join(code or "no country" for code, _ in context.countries.most_common(3))


def written_container(text: str, inner: Mention, outer: Mention) -> bool:
    """Whether the text between two mentions says the second holds the first ("X, Y", "X in Y", "X village, Y")."""
    return _contains_gap(text[inner.end:outer.start])


def _contains_gap(gap: str) -> bool:
    """Whether the text between two mentions says the second contains the first: "X, Y", "X in Y", "X (Y)", and
    with X's cue word between: "X village, Y", "X area of Y", "X tehsil of Y", "X district in the Y"."""
    if gap.strip() in (",", "in", "(", ", in") or gap in (", ", " in ", " (", " of "):
        return True
    found = _CUE_GAP.match(gap)
    return found is not None and found["cue"].lower() in CUES


def _listed(text: str, mentions: Sequence[Mention], k: int) -> bool:
    """Whether "X, Y" (mentions k, k+1 with a bare comma) may be two items of a list: "A, X, Y", "X, Y and Z"."""
    if text[mentions[k].end:mentions[k + 1].start].strip() != ",":
        return False
    before = k > 0 and _LIST_GAP.match(text[mentions[k - 1].end:mentions[k].start]) is not None
    after = k + 2 < len(mentions) and _LIST_GAP.match(text[mentions[k + 1].end:mentions[k + 2].start]) is not None
    return before or after


def _covers(outline: Any, lat: float, lon: float, tolerance_deg: float) -> bool:
    """Whether a point lies inside an outline (or within ``tolerance_deg`` of it); shapely loads only here."""
    import shapely

    return bool(shapely.dwithin(outline, shapely.Point(lon, lat), tolerance_deg))


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


def _offset_from(text: str, start: int, anchor: PlaceRecord, policy: RankingPolicy) -> _Offset | None:
    """The point "five kilometres south of" (the words just before ``start``) gives from ``anchor``, if stated."""
    window = text[max(0, start - 60):start].lower()
    if "of" not in window and "from" not in window:
        return None  # the phrase ends in "of" or "from": most mentions have neither before them (a cheap test first)
    match = _OFFSET.search(text, max(0, start - 60), start)
    if match is None:
        return None
    direction = match["direction"].lower().replace("-", "")
    if direction not in _BEARINGS:
        return None
    number = match["number"].lower()
    distance = float(_NUMBERS.get(number, number) if not number[0].isdigit() else number)
    km = distance * (1.609344 if match["unit"].lower().startswith("mi") else 1.0)
    if not 0 < km <= policy.distances.max_offset_km:
        return None
    from geopy.distance import geodesic

    point = geodesic(kilometers=km).destination((anchor.lat, anchor.lon), _BEARINGS[direction])
    phrase = f"{distance:g} {match['unit'].lower()} {match['direction'].lower()} of {anchor.name}"
    return _Offset(km, _BEARINGS[direction], phrase, round(point.latitude, 5), round(point.longitude, 5))


def _offset(text: str, policy: RankingPolicy, resolution: Resolution) -> Resolution:
    """"five kilometres south of Miranshah": move the point by the stated distance and bearing, flagged approximate."""
    if resolution.place is None:
        return resolution
    anchor = resolution.place
    offset = _offset_from(text, resolution.mention.start, anchor, policy)
    if offset is None:
        return resolution
    km, bearing = offset.km, offset.bearing
    place = replace(
        anchor, id=f"{anchor.id}@{km:.1f}km{bearing:03d}", name=offset.phrase, feature_type="landmark",
        feature_class="", feature_code="OFFSET", population=0, lat=offset.lat, lon=offset.lon,
        geometry_type="Point", source=f"offset from {anchor.id}",
    )
    reasons = (*resolution.reasons, f"placed {km:.1f} km at bearing {bearing} from {anchor.name} "
               f"({anchor.id}), as the text says; approximate")
    anchor_candidate = Candidate(anchor, 0.0, ("the named reference place",))
    return replace(resolution, place=place, approximate=True, located_by=anchor.id, reasons=reasons,
                   alternatives=(anchor_candidate, *resolution.alternatives))
