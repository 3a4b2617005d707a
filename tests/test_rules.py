"""The recognition rule set: the shipped data loads, ids are unique and stable, bad files fail with a clear error."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import geo.core.recognition as recognition
from geo.core.rules import RULES_PATH, RulesError, load_rules, read_rules
from geo.errors import GeoError

SECTIONS = ("lists", "maps", "thresholds", "decisions")


def _raw() -> dict:
    return json.loads(RULES_PATH.read_text(encoding="utf-8"))


def test_shipped_rules_load_with_a_version_and_documented_unique_ids() -> None:
    raw = _raw()
    assert raw["version"]
    ids = [entry["id"] for section in SECTIONS for entry in raw[section]]
    assert len(ids) == len(set(ids))
    for section in SECTIONS:
        for entry in raw[section]:
            assert entry["what"].strip() and entry["source"].strip(), entry["id"]
    rules = load_rules()
    assert rules.ids == set(ids)
    assert load_rules() is rules  # read once


def test_every_rule_id_the_code_names_exists_in_the_data() -> None:
    source = Path(recognition.__file__).read_text(encoding="utf-8")
    named = set(re.findall(r"""_RULES\.\w+\(\s*["']([a-z0-9-]+)["']""", source))
    named |= set(re.findall(r"""_because\(\s*["']([a-z0-9-]+)["']""", source))
    assert len(named) > 40
    assert named <= load_rules().ids, named - load_rules().ids


def test_rule_lists_are_what_recognition_uses() -> None:
    rules = load_rules()
    assert recognition.CUES["tehsil"] == "adm2"
    assert recognition.CUES is rules.mapping("cues") or dict(recognition.CUES) == dict(rules.mapping("cues"))
    assert recognition.MAX_NAME_TOKENS == rules.integer("max-name-tokens") == 6
    assert "network" in rules.words("org-suffixes")
    with pytest.raises(TypeError):
        rules.mapping("cues")["camp"] = "city"  # type: ignore[index]  # read-only


def test_an_unknown_rule_id_is_a_clear_error() -> None:
    with pytest.raises(RulesError, match="no rule 'no-such-rule'"):
        load_rules().words("no-such-rule")


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d.pop("version"), "'version'"),
    (lambda d: d["lists"].append(dict(d["lists"][0])), "used twice"),
    (lambda d: d["lists"][0].pop("source"), "'source'"),
    (lambda d: d["lists"][0].update(words="network"), "'words'"),
    (lambda d: d["thresholds"][0].update(value="six"), "'value'"),
    (lambda d: d["decisions"][0].update(evidence="unclosed {field"), "template"),
    (lambda d: d["maps"][0].update(id="Bad Id"), "lower-case"),
])
def test_a_malformed_file_fails_with_a_message_naming_the_problem(tmp_path: Path, mutate, message: str) -> None:
    data = _raw()
    mutate(data)
    with pytest.raises(RulesError, match=re.escape(message)) as caught:
        read_rules(_write(tmp_path, data))
    assert isinstance(caught.value, GeoError) and isinstance(caught.value, ValueError)
    assert str(tmp_path) in str(caught.value)


def test_a_file_that_is_not_json_or_missing_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="not valid JSON"):
        read_rules(_write(tmp_path, "{version: 1"))
    with pytest.raises(RulesError, match="cannot be read"):
        read_rules(tmp_path / "missing.json")


def test_evidence_templates_fill_in_their_fields() -> None:
    rules = load_rules()
    assert rules.evidence("unknown-name-cue", cue="village") == "followed by the cue word 'village'"
    assert rules.decision("unknown-name-cue").fields == ("cue",)
