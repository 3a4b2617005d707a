"""The ranking policy: one typed, frozen configuration that fails loudly, and the tuner scoring like ``make eval``."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from geo.core.model import Document, Mention, Quote
from geo.core.pipeline import Geoparser
from geo.core.policy import DEFAULT_POLICY, CueAccepts, NameMatchWeights, PolicyError, RankingPolicy
from geo.core.recognition import CUES
from geo.core.resolution import Resolver
from geo.evaluation.predict import predictor, scored, to_prediction
from geo.evaluation.scoring import LGL_FORMAT, GoldArticle, GoldToponym, evaluate, match, score_predictions
from geo.store.gazetteer import NAME_KINDS, Gazetteer


def _mention(text: str, name: str) -> Mention:
    start = text.index(name)
    return Mention("t", name, start, start + len(name), Quote("t", 0, len(text), text), lookup=name)


def test_every_name_kind_has_a_weight_and_an_unknown_kind_fails_loudly() -> None:
    weights = NameMatchWeights()
    assert {kind: weights.of(kind) for kind in NAME_KINDS} == {
        "name": 1.0, "ascii": 0.9, "abbreviation": 0.6, "alternate": 0.6, "code": 0.0, "variant": 0.3}
    with pytest.raises(PolicyError, match="unknown name kind 'nickname'"):
        weights.of("nickname")


def test_every_cue_kind_the_recogniser_emits_is_in_the_policy() -> None:
    DEFAULT_POLICY.cues.check(frozenset(CUES.values()))
    assert DEFAULT_POLICY.cues.accepts("adm1", "region") and not DEFAULT_POLICY.cues.accepts("adm1", "city")
    partial = CueAccepts({"adm1": frozenset({"adm1"})})
    with pytest.raises(PolicyError, match="cue kinds"):
        partial.check(frozenset(CUES.values()))
    with pytest.raises(PolicyError, match="unknown feature types"):
        CueAccepts({"adm1": frozenset({"province"})})


def test_a_resolver_refuses_a_policy_missing_a_cue_kind(small_gazetteer: Gazetteer) -> None:
    with pytest.raises(PolicyError):
        Resolver(small_gazetteer, RankingPolicy(cues=CueAccepts({"adm1": frozenset({"adm1"})})))


def test_policy_is_frozen_and_changed_only_by_known_numbers() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_POLICY.evidence.proximity = 0.0  # type: ignore[misc]
    changed = DEFAULT_POLICY.with_values(evidence__proximity=0.5, thresholds__min_confidence=0.3)
    assert changed.evidence.proximity == 0.5 and changed.thresholds.min_confidence == 0.3
    assert DEFAULT_POLICY.evidence.proximity == 2.0
    assert changed.flat()["evidence.proximity"] == 0.5 and "distances.proximity_km" in changed.flat()
    with pytest.raises(PolicyError, match="no policy number"):
        DEFAULT_POLICY.with_values(evidence__proximty=1.0)


def test_the_resolver_ranks_by_the_policy_it_is_given(small_gazetteer: Gazetteer) -> None:
    text = "Floods hit Hyderabad, Pakistan."
    mentions = [_mention(text, "Hyderabad"), _mention(text, "Pakistan")]
    assert Resolver(small_gazetteer)(text, mentions)[0].place.country_code == "PK"
    one_candidate = DEFAULT_POLICY.with_values(thresholds__max_candidates=1)  # the best prior only: the larger city
    assert Resolver(small_gazetteer, one_candidate)(text, mentions)[0].place.country_code == "IN"
    text = "Hyderabad was flooded; Pakistan sent aid."
    mentions = [_mention(text, "Hyderabad"), _mention(text, "Pakistan")]
    assert Resolver(small_gazetteer)(text, mentions)[0].place.country_code == "PK"
    no_context = DEFAULT_POLICY.with_values(evidence__context_country=0.0, evidence__proximity=0.0,
                                            evidence__context_admin1=0.0)
    assert Resolver(small_gazetteer, no_context)(text, mentions)[0].place.country_code == "IN"  # the larger city


def test_the_tuners_score_is_the_eval_score(small_gazetteer: Gazetteer) -> None:
    """Resolutions scored through score_predictions give exactly what evaluate (``make eval``) gives."""
    text = "Floods hit Hyderabad, Pakistan. Later Kabul and Peshawar."
    gold = tuple(GoldToponym(*_span(text, n), n, "Toponym", lat, lon, None) for n, lat, lon in (
        ("Hyderabad", 25.39, 68.37), ("Pakistan", 30.0, 70.0), ("Kabul", 34.53, 69.17), ("Peshawar", 10.0, 10.0)))
    articles = [GoldArticle("a", text, gold)]
    parser = Geoparser(small_gazetteer)
    via_eval = evaluate(articles, predictor(parser, LGL_FORMAT, shapes=False), progress=False)
    resolutions = parser.parse_document(Document("a", text))
    via_tuner = score_predictions(articles, [[to_prediction(r) for r in scored(resolutions, LGL_FORMAT)]])
    assert via_tuner == via_eval
    assert via_eval.over_recognised.acc161 == pytest.approx(0.75)  # Peshawar's gold is put far away on purpose
    exact, overlap = match(gold, [to_prediction(r) for r in resolutions])
    assert len(exact) == len(overlap) == 4


def _span(text: str, name: str) -> tuple[int, int]:
    start = text.index(name)
    return start, start + len(name)


def test_tune_module_uses_the_policy_grid() -> None:
    from geo.evaluation import tune

    for key in tune.GRID:
        DEFAULT_POLICY.with_values(**{key: tune.GRID[key][0]})  # every grid key names a policy number
    assert Path(tune.__file__).read_text().count("haversine") == 0  # no matcher of its own
