"""Recognition rules as data: word lists, cue maps, thresholds and decisions, loaded once into a frozen rule set.

The rules live in ``data/rules/recognition.json`` (versioned; every list, map, threshold and decision has a stable
``id``, a one-line ``what`` and a ``source``). Recognition asks the rule set by id; a decision that keeps a span
names its rule id, and the mention's evidence text is the decision's template filled in, so adding or changing a
rule means editing data, not code. A malformed file fails loudly with :class:`RulesError`.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from geo.errors import GeoError
from geo.store.gazetteer import PACKAGE_DATA

RULES_PATH = PACKAGE_DATA / "rules" / "recognition.json"
TERRITORY_RULES_PATH = PACKAGE_DATA / "rules" / "territory.json"
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class RulesError(GeoError, ValueError):
    """A recognition rules file is missing, malformed, or asked for a rule id it does not define."""

    exit_code = 7


@dataclass(frozen=True, slots=True)
class WordList:
    """A set of lower-case words (or names) with what it is for and where it comes from."""

    id: str
    what: str
    source: str
    words: frozenset[str]


@dataclass(frozen=True, slots=True)
class WordMap:
    """Words mapped to a value (a cue word to the kind of place it names, a phrase to its gazetteer name)."""

    id: str
    what: str
    source: str
    entries: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Threshold:
    """One number recognition compares against (a population, a Zipf frequency, a token count)."""

    id: str
    what: str
    source: str
    value: float


@dataclass(frozen=True, slots=True)
class Decision:
    """A reason to keep a span; ``evidence`` is the template (``str.format`` fields) of its text in words."""

    id: str
    what: str
    source: str
    evidence: str
    fields: tuple[str, ...]

    def render(self, params: Mapping[str, Any]) -> str:
        """The evidence text of this decision with its fields filled in."""
        return self.evidence.format(**params)


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Every recognition rule by id; lookups of an unknown id raise :class:`RulesError`, never return nothing."""

    version: str
    path: str
    lists: Mapping[str, WordList]
    maps: Mapping[str, WordMap]
    thresholds: Mapping[str, Threshold]
    decisions: Mapping[str, Decision]

    def words(self, rule_id: str) -> frozenset[str]:
        """The words of list ``rule_id``."""
        return self._get(self.lists, rule_id).words

    def mapping(self, rule_id: str) -> Mapping[str, str]:
        """The entries of map ``rule_id`` (read-only)."""
        return self._get(self.maps, rule_id).entries

    def number(self, rule_id: str) -> float:
        """The value of threshold ``rule_id``."""
        return self._get(self.thresholds, rule_id).value

    def integer(self, rule_id: str) -> int:
        """The value of threshold ``rule_id`` as an int (token counts, populations)."""
        return int(self._get(self.thresholds, rule_id).value)

    def decision(self, rule_id: str) -> Decision:
        """The decision ``rule_id``."""
        return self._get(self.decisions, rule_id)

    def evidence(self, rule_id: str, **params: Any) -> str:
        """The evidence text of decision ``rule_id`` with ``params`` filled in."""
        return self.decision(rule_id).render(params)

    @property
    def ids(self) -> frozenset[str]:
        """Every rule id of every kind."""
        return frozenset(self.lists) | frozenset(self.maps) | frozenset(self.thresholds) | frozenset(self.decisions)

    def _get(self, table: Mapping[str, Any], rule_id: str) -> Any:
        try:
            return table[rule_id]
        except KeyError:
            raise RulesError(f"recognition rules {self.path}: no rule '{rule_id}' of this kind") from None


def _text(entry: dict[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RulesError(f"{where}: '{key}' must be a non-empty string")
    return value


def _parse(data: Any, path: Path) -> RuleSet:
    """The rule set of one parsed file; every problem is named with its file and rule."""
    if not isinstance(data, dict):
        raise RulesError(f"recognition rules {path}: the top level must be an object")
    version = data.get("version")
    if not isinstance(version, str) or not version:
        raise RulesError(f"recognition rules {path}: 'version' must be a non-empty string")
    seen: set[str] = set()
    tables: dict[str, dict[str, Any]] = {"lists": {}, "maps": {}, "thresholds": {}, "decisions": {}}
    for section in tables:
        entries = data.get(section, [])
        if not isinstance(entries, list):
            raise RulesError(f"recognition rules {path}: '{section}' must be a list")
        for n, entry in enumerate(entries):
            where = f"recognition rules {path}: {section}[{n}]"
            if not isinstance(entry, dict):
                raise RulesError(f"{where} must be an object")
            rule_id = _text(entry, "id", where)
            where = f"recognition rules {path}: {section} '{rule_id}'"
            if not _ID.match(rule_id):
                raise RulesError(f"{where}: an id is lower-case words joined by hyphens")
            if rule_id in seen:
                raise RulesError(f"{where}: id used twice")
            seen.add(rule_id)
            what, source = _text(entry, "what", where), _text(entry, "source", where)
            if section == "lists":
                words = entry.get("words")
                if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
                    raise RulesError(f"{where}: 'words' must be a list of non-empty strings")
                tables[section][rule_id] = WordList(rule_id, what, source, frozenset(words))
            elif section == "maps":
                items = entry.get("entries")
                if not isinstance(items, dict) or not all(isinstance(v, str) for v in items.values()):
                    raise RulesError(f"{where}: 'entries' must map words to strings")
                tables[section][rule_id] = WordMap(rule_id, what, source, MappingProxyType(dict(items)))
            elif section == "thresholds":
                value = entry.get("value")
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    raise RulesError(f"{where}: 'value' must be a number")
                tables[section][rule_id] = Threshold(rule_id, what, source, value)
            else:
                template = _text(entry, "evidence", where)
                try:
                    fields = tuple(f for _, f, _, _ in string.Formatter().parse(template) if f)
                except ValueError as exc:
                    raise RulesError(f"{where}: bad evidence template ({exc})") from None
                tables[section][rule_id] = Decision(rule_id, what, source, template, fields)
    return RuleSet(version, str(path), *(MappingProxyType(tables[s]) for s in tables))


def read_rules(path: Path) -> RuleSet:
    """Read one rules file (uncached: for tests and tools); a :class:`RulesError` naming the problem otherwise."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise RulesError(f"recognition rules {path} cannot be read ({exc})") from exc
    except ValueError as exc:
        raise RulesError(f"recognition rules {path} is not valid JSON ({exc})") from exc
    return _parse(data, Path(path))


@lru_cache(maxsize=1)
def load_rules() -> RuleSet:
    """The package's recognition rules, read once."""
    return read_rules(RULES_PATH)


@lru_cache(maxsize=1)
def load_territory_rules() -> RuleSet:
    """The whole-territory cues resolution reads ("Gaza health officials": the Strip), read once; same format."""
    return read_rules(TERRITORY_RULES_PATH)
