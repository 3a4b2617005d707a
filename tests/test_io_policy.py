"""A custom RankingPolicy reaches the worker processes: two workers resolve exactly as one does."""

from __future__ import annotations

import os
import pickle
from dataclasses import replace

import pytest

import geo
from geo.core.model import Document, Resolution
from geo.core.pipeline import Geoparser, ParserSpec, pipe, policy_from_key, policy_key
from geo.core.policy import DEFAULT_POLICY, RankingPolicy
from geo.core.resolution import Resolver

TEXTS = (
    "Clashes broke out in Kabul on Monday, Afghan officials said.",
    "A drone strike hit a compound near Peshawar, in Pakistan's north-west.",
    "Fighting continued in Kunar province, near the border with Pakistan.",
    "Militants raided Datta Khel, North Waziristan, on Sunday.",
    "Officials in Hyderabad said the talks with New Delhi would resume.",
    "Shelling was reported 5 km south of Miranshah.",
    "Aid reached Jackson and Washington on Tuesday.",
    "Protesters gathered in Salisbury and Kandahar.",
)
# Strict enough that some mentions stay unresolved, so the policy visibly changes the results.
STRICT = DEFAULT_POLICY.with_values(thresholds__min_confidence=0.7, evidence__proximity=0.0)


def summary(document: Document, resolutions: list[Resolution]) -> tuple[int, str, tuple]:
    """The worker's pid and what it resolved (module level: it runs in spawned workers)."""
    return os.getpid(), document.id, tuple((r.mention.text, r.place.id if r.place else None, r.confidence)
                                           for r in resolutions)


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    return [Document(f"d{k}", text) for k, text in enumerate(TEXTS)]


def _run(documents: list[Document], **options) -> tuple[set[int], list[tuple]]:
    results = list(pipe(documents, chunk_size=2, transform=summary, **options))
    return {pid for pid, _, _ in results}, [(doc, found) for _, doc, found in results]


def test_the_policy_changes_results(documents: list[Document]) -> None:
    _, default = _run(documents, workers=1)
    _, strict = _run(documents, workers=1, policy=STRICT)
    assert default != strict
    unresolved = lambda runs: sum(place is None for _, found in runs for _, place, _ in found)  # noqa: E731
    assert unresolved(strict) > unresolved(default)


def test_two_workers_use_the_policy_given_to_pipe(documents: list[Document]) -> None:
    pids_one, one = _run(documents, workers=1, policy=STRICT)
    pids_two, two = _run(documents, workers=2, policy=STRICT)
    assert pids_one == {os.getpid()} and os.getpid() not in pids_two  # the second run really ran in workers
    assert two == one


def test_two_workers_use_the_policy_of_the_parser(documents: list[Document]) -> None:
    parser = Geoparser(geo.Gazetteer.default(), policy=STRICT)
    _, one = _run(documents, workers=1, parser=parser)
    _, two = _run(documents, workers=2, parser=parser)
    assert two == one == _run(documents, workers=1, policy=STRICT)[1]


def test_a_swapped_in_resolver_travels_too(documents: list[Document]) -> None:
    """The spec reads the policy off the resolver, so a parser whose Resolver was replaced is rebuilt the same."""
    parser = Geoparser(geo.Gazetteer.default())
    parser.resolve = Resolver(parser.gazetteer, STRICT)
    assert parser.spec.policy == policy_key(STRICT)
    _, one = _run(documents, workers=1, parser=parser)
    _, two = _run(documents, workers=2, parser=parser)
    assert two == one


def test_policy_key_round_trips_and_pickles() -> None:
    groups = replace(STRICT.groups, small=frozenset({"village"}))
    policy = replace(STRICT, groups=groups)
    key = policy_key(policy)
    assert policy_from_key(pickle.loads(pickle.dumps(key))) == policy
    assert hash(ParserSpec(None, None, key)) == hash(ParserSpec(None, None, policy_key(policy)))
    assert policy_key(None) is None and policy_key(RankingPolicy()) is None  # the default spec stays ParserSpec()
    assert Geoparser(geo.Gazetteer.default()).spec.policy is None
