"""The ranking policy: every prior, weight, distance and threshold resolution uses, in one typed, frozen configuration.

A reader changes how places are ranked here and nowhere else. :class:`RankingPolicy` groups the numbers by what they
are: how a name matched (:class:`NameMatchWeights`, one field per gazetteer name kind), how much each kind of evidence
moves a score (:class:`EvidenceWeights`), distances in km (:class:`Distances`), cut-offs (:class:`Thresholds`),
which feature types a cue word accepts (:class:`CueAccepts`) and what counts as an area or a settlement
(:class:`FeatureGroups`). Lookups by a string key fail loudly (:class:`PolicyError`) instead of scoring 0.

The gazetteer's own context-free prior (log population plus bonuses per feature type and code) stays with the store,
in ``geo.store.gazetteer.place_prior``: it is part of the artifact's ordering of candidates, not of this policy.

Scores are in log10-population units. Defaults come from ``python -m geo.evaluation.tune`` on the development
corpora (GeoWebNews, TR-News), rounded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType

from geo.store.gazetteer import FEATURE_TYPES, NAME_KINDS


class PolicyError(KeyError):
    """A policy lookup for a key the policy does not define (a name kind, cue kind or feature type)."""


@dataclass(frozen=True, slots=True)
class NameMatchWeights:
    """The bonus for how a name matched, one field per gazetteer name kind (``geo.store.gazetteer.NAME_KINDS``)."""

    name: float = 1.0
    ascii: float = 0.9
    abbreviation: float = 0.6
    alternate: float = 0.6
    code: float = 0.0
    variant: float = 0.3  # a spelling-variant key ("Mirali" for Mir Ali): weaker than any written name

    def __post_init__(self) -> None:
        """Fail at construction when the fields and the gazetteer's name kinds drift apart."""
        names = tuple(f.name for f in fields(self))
        if set(names) != set(NAME_KINDS):
            raise PolicyError(f"name-kind weights {names} do not match the gazetteer's NAME_KINDS {NAME_KINDS}")

    def of(self, kind: str) -> float:
        """The bonus for a name kind; an unknown kind raises :class:`PolicyError` instead of scoring 0."""
        if kind not in NAME_KINDS:
            raise PolicyError(f"unknown name kind {kind!r}: expected one of {', '.join(NAME_KINDS)}")
        return float(getattr(self, kind))


@dataclass(frozen=True, slots=True)
class EvidenceWeights:
    """How much each kind of evidence moves a candidate's score."""

    shadowed_alternate: float = -1.5  # another place has this as its own name ("Salisbury")
    cue_fits: float = 3.0  # "Kunar province": the cue word fits the candidate's feature type
    cue_conflicts: float = -2.0
    capital_metonymy: float = 1.5  # "Washington said": the capital
    city_of_same_name: float = 1.2  # "Kandahar": the city rather than the province around it
    container_country: float = 4.0  # "Hyderabad, Pakistan"
    container_admin1: float = 5.0  # "Datta Khel, Khyber Pakhtunkhwa"; also the area of "X, Y" that holds X
    container_area: float = 4.0  # "Datta Khel, North Waziristan" (an admin-2 or region near the candidate)
    context_country: float = 4.0  # times the share of the document's other places in the candidate's country
    context_admin1: float = 3.0  # times the share in its admin-1
    proximity: float = 2.0  # times (1 - distance to the nearest other place / Distances.proximity_km)


@dataclass(frozen=True, slots=True)
class Distances:
    """Distances in km."""

    container_area_km: float = 80.0  # an admin-2 or region written as container holds candidates this near its point
    holds_km: float = 80.0  # a region (or an admin-2 without codes) holds a place this near its point
    surrounds_km: float = 100.0  # an admin-2 of the same name surrounds a city this near its point
    proximity_km: float = 400.0  # beyond this, another place of the document adds nothing
    max_offset_km: float = 500.0  # "N km west of X" beyond this is not believed
    # "X near R", "X outside R": a candidate of X this near R's point (plus any stated offset) is the one meant; none
    # that near, and a small X is placed approximately at R
    reference_km: float = 50.0
    bearing_reference_km: float = 150.0  # the same for "X, north of R" with no distance stated: anywhere on that side
    # A written container without admin codes to compare holds a candidate inside its outline (this many degrees of
    # slack for points on the border), else within a radius of its point scaled to its kind and size:
    outline_tolerance_deg: float = 0.02
    focus_km: float = 1000.0  # a small place farther than this from every other place of the document is out of focus
    outline_search_km: float = 1500.0  # a candidate this far from an area's point is outside it (no outline read)
    adm1_radius_km: float = 250.0
    adm2_radius_km: float = 80.0
    region_radius_km: float = 150.0
    city_radius_min_km: float = 8.0  # a city reaches sqrt(population) * per_sqrt_person km, within min..max
    city_radius_max_km: float = 40.0
    city_radius_per_sqrt_person_km: float = 0.025  # a city of 1,000,000 reaches 25 km

    def area_radius(self, feature_type: str) -> float:
        """How far an area without an outline reaches from its point; a type with no radius raises PolicyError."""
        radii = {"adm1": self.adm1_radius_km, "adm2": self.adm2_radius_km, "region": self.region_radius_km}
        if feature_type not in radii:
            raise PolicyError(f"no container radius for feature type {feature_type!r}")
        return radii[feature_type]


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Cut-offs and counts."""

    min_confidence: float = 0.15  # below this the mention stays unresolved ("too ambiguous")
    # A city named like the area around it is preferred to the area only when it holds at least this share of the
    # area's people: Quebec City holds 6% of Quebec, and "Quebec" alone means the province.
    min_city_share: float = 0.1
    max_candidates: int = 40  # candidates considered per mention
    container_candidates: int = 5  # of "X, Y", how many of Y's candidates may contain X
    content_candidates: int = 20  # of "X, Y", how many of X's candidates may vouch for an area Y that holds them
    small_population: int = 100_000  # a city below this counts as a small place (villages and towns always do)
    major_population: int = 1_000_000  # a place this large outside its written container contradicts the text
    contradiction_factor: float = 0.5  # confidence kept when the text's container does not hold the chosen place
    focus_max_population: int = 20_000  # only places smaller than this need evidence to sit outside the focus
    focus_min_weight: float = 1.0  # the document's other places must weigh this much (summed confidence) to set a focus
    approximate_confidence: float = 0.3  # a name placed at its container, the gazetteer lacking it there
    # a whole-territory word ("across X", "X health officials") reads a name shared by a territory and its main city as
    # the territory only when the city holds less than this share of the territory's people: "across Gaza" is the
    # Strip (Gaza City holds 39%), "across Cairo" the city (94% of its governorate); a population in millions decides
    # alone
    territory_city_share: float = 0.5
    # a name placed by a reference alone ("Thruxton, near Andover"): looser than a container, so lower
    reference_confidence: float = 0.25


def _default_cue_accepts() -> Mapping[str, frozenset[str]]:
    return MappingProxyType({
        "adm1": frozenset({"adm1", "region"}),
        "adm2": frozenset({"adm2", "region", "adm1"}),
        "region": frozenset({"region", "adm1", "adm2", "physical"}),
        "village": frozenset({"village", "town"}),
        "town": frozenset({"town", "village", "city"}),
        "city": frozenset({"city", "town"}),
        "physical": frozenset({"physical", "region"}),
        "line": frozenset({"line", "country"}),
        "landmark": frozenset({"landmark"}),
    })


@dataclass(frozen=True, slots=True)
class CueAccepts:
    """Which feature types each cue word's kind accepts ("province" is an adm1 cue and accepts adm1 and region)."""

    table: Mapping[str, frozenset[str]] = field(default_factory=_default_cue_accepts)

    def __post_init__(self) -> None:
        """Every accepted type must be a gazetteer feature type; the table is made read-only."""
        for kind, accepted in self.table.items():
            unknown = set(accepted) - set(FEATURE_TYPES)
            if unknown:
                raise PolicyError(f"cue kind {kind!r} accepts unknown feature types {sorted(unknown)}")
        object.__setattr__(self, "table", MappingProxyType({k: frozenset(v) for k, v in self.table.items()}))

    def accepts(self, cue_kind: str, feature_type: str) -> bool:
        """Whether a cue of this kind fits a place of this feature type; an unknown cue kind raises PolicyError."""
        try:
            return feature_type in self.table[cue_kind]
        except KeyError:
            raise PolicyError(f"no accepted feature types for cue kind {cue_kind!r}") from None

    def check(self, cue_kinds: set[str] | frozenset[str]) -> None:
        """Raise PolicyError unless every cue kind the recogniser emits has an entry (checked when a Resolver is built)."""
        missing = sorted(set(cue_kinds) - set(self.table))
        if missing:
            raise PolicyError(f"the ranking policy has no accepted feature types for cue kinds {missing}")


@dataclass(frozen=True, slots=True)
class FeatureGroups:
    """Groups of feature types the ranking treats alike."""

    areas: frozenset[str] = frozenset({"country", "adm1", "adm2", "region", "continent"})  # may contain others
    settlements: frozenset[str] = frozenset({"city", "town", "village"})
    unbounded: frozenset[str] = frozenset({"country", "continent"})  # no point of theirs is near evidence
    bounding: frozenset[str] = frozenset({"country", "adm1", "adm2", "region"})  # written containers that constrain
    small: frozenset[str] = frozenset({"village", "town"})  # small places (see also Thresholds.small_population)
    # X of "X, Y" reading as one of these is a peer of Y ("Kunar, Nangarhar"), not held by it, unless Y is a country
    peers: frozenset[str] = frozenset({"country", "adm1", "continent"})
    # a name shared by one of these and its main city ("Gaza": the Strip and Gaza City) reads as the territory when the
    # words around it speak of the whole ("Gaza health officials", "Gaza's 2.3 million residents")
    territories: frozenset[str] = frozenset({"country", "adm1", "region"})
    # feature types a name placed at its container may take from its cue word ("X village, Y"); else a landmark
    approximate_types: frozenset[str] = frozenset({"village", "town", "city", "physical", "landmark", "region"})


@dataclass(frozen=True, slots=True)
class RankingPolicy:
    """Everything resolution ranks by: name-match weights, evidence weights, distances, thresholds, cue fits."""

    names: NameMatchWeights = field(default_factory=NameMatchWeights)
    evidence: EvidenceWeights = field(default_factory=EvidenceWeights)
    distances: Distances = field(default_factory=Distances)
    thresholds: Thresholds = field(default_factory=Thresholds)
    cues: CueAccepts = field(default_factory=CueAccepts)
    groups: FeatureGroups = field(default_factory=FeatureGroups)

    def flat(self) -> dict[str, float]:
        """Every number as ``part.field -> value`` (for printing a tuned policy and for the tuner's grid)."""
        return {f"{part.name}.{f.name}": getattr(getattr(self, part.name), f.name)
                for part in fields(self) if part.name not in ("cues", "groups")
                for f in fields(getattr(self, part.name))}

    def with_values(self, **values: float) -> RankingPolicy:
        """A copy with some numbers changed, keyed ``part__field`` (``evidence__proximity=1.0``); unknown keys raise."""
        from dataclasses import replace

        changes: dict[str, dict[str, float]] = {}
        for key, value in values.items():
            part, _, name = key.partition("__")
            if part not in ("names", "evidence", "distances", "thresholds") or \
                    name not in {f.name for f in fields(getattr(self, part))}:
                raise PolicyError(f"no policy number {key!r}")
            changes.setdefault(part, {})[name] = value
        return replace(self, **{part: replace(getattr(self, part), **c) for part, c in changes.items()})


DEFAULT_POLICY = RankingPolicy()
