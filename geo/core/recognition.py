"""Recognition: find the spans of a document that name places, and say from context which are not places.

One pass over the tokens builds capitalised chunks ("Line of Control", "John Kerry", "Kerry Lugar Bill"); each chunk
is read as a whole first (a place, a person, an organisation, a cue-word name such as "Tirah Valley") and only then
searched for gazetteer names inside. People found anywhere in the document ("John Kerry") veto their surnames
elsewhere ("Kerry said"). The output is a list of :class:`geo.core.model.Mention` with offsets into the text.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from geo.store.gazetteer import PACKAGE_DATA, Gazetteer, PlaceRecord
from geo.core.lexicon import Lexicon, load_lexicon
from geo.core.model import DEMONYM, TOPONYM, Document, Mention, Quote, Sentence
from geo.core.ner import PLACE_LABELS, Entity
from geo.core.names import name_key
from geo.core.rules import load_rules
from geo.core.sentences import sentence_at, split_sentences

_RULES = load_rules()
MAX_NAME_TOKENS = _RULES.integer("max-name-tokens")

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,:]\d+)*|[^\w\s]", re.UNICODE)
_CLITIC = re.compile(r"^(.+?)(['’](?:s|ve|re|ll|d|m|t)?)$", re.IGNORECASE)

# Every word list, map and threshold is data (``data/rules/recognition.json``); these names are read-only views of
# it, kept as module names because resolution and the tests import some of them (CUES).
CONNECTORS = _RULES.words("connectors")
JOINERS = _RULES.words("joiners")
SENTENCE_STARTERS = _RULES.words("sentence-starters")
LEADING_WORDS = SENTENCE_STARTERS | _RULES.words("leading-words")
NAME_ABBREVIATIONS = _RULES.words("name-abbreviations")
CUES = _RULES.mapping("cues")
ORG_SUFFIXES = _RULES.words("org-suffixes")
PERSON_TITLES = _RULES.words("person-titles")
TITLE_NOT_PERSON = _RULES.words("title-not-person")
AGENT_VERBS = _RULES.words("agent-verbs")
PERSON_VERBS = _RULES.words("person-verbs")
INSTITUTION_NOUNS = _RULES.words("institution-nouns")
RELATION_NOUNS = _RULES.words("relation-nouns")
LOCATIVE = _RULES.words("locative")
NON_PLACE_WORDS = _RULES.words("non-place-words")
FACILITY_SUFFIXES = _RULES.words("facility-suffixes")
MEDIA_SUFFIXES = _RULES.words("media-suffixes")
PERSONAL_PLACE_POPULATION = _RULES.integer("personal-place-population")
NON_PLACE_ACRONYMS = _RULES.words("non-place-acronyms")
PHRASES = _RULES.mapping("phrases")
NON_PLACE_NAMES = _RULES.words("non-place-names")
STRONG_TYPES = _RULES.words("strong-types")
STRONG_CODES = frozenset(code.upper() for code in _RULES.words("strong-codes"))
PERSONAL_SAFE_TYPES = _RULES.words("personal-safe-types")
CAPITAL_CUE_NOT_NAME = _RULES.words("capital-cue-not-name")
CUE_NOT_NAME = _RULES.words("cue-not-name")
POSSESSIVE_MARKS = _RULES.words("possessive-marks")
PERFECT_AUXILIARIES = _RULES.words("perfect-auxiliaries")
PERFECT_ADVERBS = _RULES.words("perfect-adverbs")
QUESTION_AUXILIARIES = _RULES.words("question-auxiliaries")
QUESTION_VERBS = _RULES.words("question-verbs")
STRONG_POPULATION = _RULES.integer("strong-population")
METROPOLIS_POPULATION = _RULES.integer("metropolis-population")
NAMESAKE_POPULATION = _RULES.integer("namesake-population")
COMMON_WORD_ZIPF = _RULES.number("common-word-zipf")
SENTENCE_START_ZIPF = _RULES.number("sentence-start-zipf")
CONTEXT_ZIPF = _RULES.number("context-zipf")
MAX_ACRONYM_LENGTH = _RULES.integer("max-acronym-length")
MIN_ALTERNATE_LENGTH = _RULES.integer("min-alternate-length")
MAX_CUE_NAME_WORDS = _RULES.integer("max-cue-name-words")
CONTAINER_LOOKAHEAD = _RULES.integer("container-lookahead")
JOINED_NAME_LOOKAHEAD = _RULES.integer("joined-name-lookahead")
RELATION_WINDOW = _RULES.integer("relation-noun-window")
PARTNER_WINDOW_BEFORE = _RULES.integer("relation-window-before")
PARTNER_WINDOW_AFTER = _RULES.integer("relation-window-after")
# Issue 10: names the gazetteer lacks, datelines, plural designators, road ends, places modifying a force.
PLURAL_CUES = _RULES.words("plural-cues")
CONTAINER_TYPES = _RULES.words("container-types")
CONTAINER_GAPS = tuple(re.compile(p) for p in sorted(_RULES.words("container-gaps")))
LOCATED_CONTAINER_GAPS = tuple(re.compile(p) for p in sorted(_RULES.words("located-container-gaps")))
REFERENCE_GAPS = tuple(re.compile(p, re.IGNORECASE) for p in sorted(_RULES.words("reference-gaps")))
PLACE_VERBS = _RULES.words("place-verbs")
CONTAINER_LOCATIVES = _RULES.words("container-locatives")
UNKNOWN_NAME_VETOES = _RULES.words("unknown-name-vetoes")
MAX_UNKNOWN_NAME_WORDS = _RULES.integer("max-unknown-name-words")
UNKNOWN_NAME_ZIPF = _RULES.number("unknown-name-zipf")
DATELINE_BEFORE = re.compile(next(iter(_RULES.words("dateline-before"))))
DATELINE_AFTER = re.compile(next(iter(_RULES.words("dateline-after"))))
DATELINE_KINDS = _RULES.words("dateline-name-kinds")
DATELINE_MAX_ZIPF = _RULES.number("dateline-max-zipf")
ROAD_WORDS = _RULES.words("road-words")
FORCE_WORDS = _RULES.words("force-words")
FORCE_PLACE_TYPES = _RULES.words("force-place-types")
PLURAL_WINDOW = _RULES.integer("plural-designator-window")
SETTLEMENT_SUFFIXES = _RULES.mapping("settlement-suffixes")
CUES_BEFORE = _RULES.words("cues-before")
VARIANT_WINDOW_MAX_WORDS = _RULES.integer("variant-window-max-words")
VARIANT_WINDOW_MAX_LETTERS = _RULES.integer("variant-window-max-letters")
COUNTRY_CONTEXT_ABBREVIATIONS = _RULES.mapping("country-context-abbreviations")
# Every word that says what kind of place a name is, and that kind: cue words after a name and settlement suffixes
# closing one ("Tangi Kalay"); resolution reads a mention's cue through this.
CUE_KINDS = {**CUES, **SETTLEMENT_SUFFIXES}

# Why a span was kept: (decision rule id, its evidence text derived from the rule's template).
_Because = tuple[str, str]
# A found span before it becomes a Mention: start, end, lookup key, kind, cue word, the decisions that kept it.
_Span = tuple[int, int, str, str, "str | None", tuple[_Because, ...]]
_OPENERS = _RULES.words("quote-openers")


@dataclass(frozen=True, slots=True)
class Token:
    """A word or punctuation mark with its offsets; the properties recognition asks millions of times are fields."""

    start: int
    end: int
    text: str
    lower: str
    is_word: bool
    is_capitalised: bool
    is_acronym: bool = False  # "USA", "LoC", "U.S.": at least two letters, all upper-case but perhaps one inside


def _acronym(text: str) -> bool:
    if text[-1].isalpha() and not text[-1].isupper():
        return False  # its last letter is not upper-case ("Kabul"): no acronym, without counting letters
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= len(letters) - 1 \
        and letters[0].isupper() and letters[-1].isupper()


def _token(start: int, end: int, text: str) -> Token:
    first = text[0]
    word, capitalised = first.isalpha(), first.isupper()
    # an acronym's first letter is upper-case: a word starting in lower case is none ("'VE" of "WE'VE" may be one)
    return Token(start, end, text, text.lower(), word, capitalised,
                 (capitalised or (not word and len(text) > 2)) and _acronym(text))


def tokenize(text: str) -> list[Token]:
    """Words (with inner apostrophes), dotted acronyms ("U.S."), numbers and single punctuation marks."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        start = match.start()
        clitic = _CLITIC.match(word) if ("'" in word or "’" in word) and word[0].isalpha() else None
        if clitic:
            stem = clitic.group(1)
            tokens.append(_token(start, start + len(stem), stem))
            tokens.append(_token(start + len(stem), match.end(), word[len(stem):]))
        else:
            tokens.append(_token(start, match.end(), word))
    return tokens


@dataclass(frozen=True, slots=True)
class Demonyms:
    """Demonyms ("Pakistani") and their places: country codes or place names."""

    by_key: dict[str, tuple[str, str]]

    def get(self, word: str) -> tuple[str, str] | None:
        """(country_code, place_name) for a demonym, accepting plurals ("Pakistanis")."""
        key = name_key(word)
        found = self.by_key.get(key)
        if found is None and key.endswith("s"):
            found = self.by_key.get(key[:-1])
        return found

    def is_plural(self, word: str) -> bool:
        """True for the plural of a demonym ("Afghans"), which names people rather than qualifying a thing."""
        key = name_key(word)
        return key not in self.by_key and key.endswith("s") and key[:-1] in self.by_key


@lru_cache(maxsize=1)
def load_demonyms() -> Demonyms:
    """Read ``data/demonyms.csv``."""
    with open(PACKAGE_DATA / "demonyms.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return Demonyms({name_key(r["demonym"]): (r["country_code"], r["place_name"]) for r in rows})


@dataclass(slots=True)
class _Chunk:
    """A run of capitalised tokens (with connectors inside) in one sentence."""

    first: int  # index of the first token
    last: int  # index of the last token, inclusive


class Recognizer:
    """Finds toponym and demonym mentions in documents, using the gazetteer's names and context rules."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        lexicon: Lexicon | None = None,
        demonyms: Demonyms | None = None,
        ner: Callable[[str], list[Entity]] | None = None,
    ):
        self.gazetteer = gazetteer
        self.lexicon = lexicon or load_lexicon()
        self.demonyms = demonyms or load_demonyms()
        self.ner = ner

    # -- public ---------------------------------------------------------------------------------------------------
    def __call__(self, document: Document, sentences: Sequence[Sentence] | None = None) -> list[Mention]:
        """Mentions of places in ``document``, in text order, without overlaps."""
        text = document.text
        sentences = list(sentences) if sentences is not None else split_sentences(text)
        tokens = tokenize(text)
        sentence_starts = self._weak_capital_flags(text, tokens, sentences)
        chunks = self._chunks(text, tokens)
        persons, person_tokens = self._people(tokens, chunks)
        entities = self.ner(text) if self.ner is not None else []
        persons |= self._ner_people(entities)
        spans: list[_Span] = []
        for chunk in chunks:
            spans.extend(self._read_chunk(text, tokens, chunk, persons, person_tokens, sentence_starts))
        spans.extend(self._phrases(text))
        spans.extend(self._ellipses(tokens))
        spans = self._in_country_context(text, _without_overlaps(spans))
        if entities:
            spans = _without_overlaps(spans + self._ner_places(entities, spans, persons))
        mentions = []
        for start, end, lookup, kind, cue, because in spans:
            sentence = sentence_at(sentences, start)
            quote = Quote(document.id, sentence.start, sentence.end, sentence.text)
            metonymic = kind == TOPONYM and self._metonymic(text, tokens, start, end)
            mentions.append(
                Mention(document.id, text[start:end], start, end, quote, lookup=lookup, kind=kind,
                        metonymic=metonymic, cue=cue, evidence=tuple(text for _, text in because),
                        rules=tuple(rule_id for rule_id, _ in because))
            )
        return mentions

    def _in_country_context(self, text: str, spans: list[_Span]) -> list[_Span]:
        """The spans without an abbreviation that names a place only in one country's press ("FR", "GB" for
        Gilgit-Baltistan) when no other mention of the document is in that country (by its first gazetteer record)."""
        def needs(span: _Span) -> str | None:
            return COUNTRY_CONTEXT_ABBREVIATIONS.get(span[2]) if span[3] == TOPONYM else None

        if not any(needs(span) for span in spans):
            return spans
        countries: set[str] = set()
        for span in spans:
            if needs(span):
                continue
            if span[3] == DEMONYM:
                found = self.demonyms.get(text[span[0]:span[1]])
                countries.update([found[0]] if found else [])
            else:
                countries.update(r.country_code for r in self.gazetteer.lookup_key(span[2])[:1])
        kept: list[_Span] = []
        for span in spans:
            country = needs(span)
            if country is None:
                kept.append(span)
            elif country in countries:
                kept.append((*span[:5], (*span[5], _because("abbreviation-in-country-context", country=country))))
        return kept

    # -- chunks ---------------------------------------------------------------------------------------------------
    @staticmethod
    def _weak_capital_flags(text: str, tokens: list[Token], sentences: Sequence[Sentence]) -> list[bool]:
        """True where a capital says nothing: the first word of a sentence or line, and words of headline lines."""
        starts = {s.start for s in sentences}
        flags = [False] * len(tokens)
        opening = True
        previous_end = 0
        for i, token in enumerate(tokens):
            if token.start in starts or "\n" in text[previous_end:token.start] or _opens_quote(text, tokens, i):
                opening = True
            if opening and token.is_word:
                flags[i] = True
                opening = False
            elif opening and token.text not in _OPENERS and not token.text[0].isdigit():
                opening = False
            previous_end = token.end
        line_start = 0
        k = 0
        for line in text.split("\n"):
            line_end = line_start + len(line)
            first_token = k
            while k < len(tokens) and tokens[k].start < line_end:
                k += 1
            if _title_case(line):
                for j in range(first_token, k):
                    flags[j] = True
            line_start = line_end + 1
        return flags

    def _chunks(self, text: str, tokens: list[Token]) -> list[_Chunk]:
        """Maximal runs of capitalised words joined by a space or hyphen, with lower-case connectors inside."""
        chunks: list[_Chunk] = []
        i, n = 0, len(tokens)
        while i < n:
            if not (tokens[i].is_word and tokens[i].is_capitalised):
                i += 1
                continue
            last = i
            j = i + 1
            while j < n:
                gap = text[tokens[j - 1].end:tokens[j].start]
                token = tokens[j]
                if token.text == "-" and gap == "" and j + 1 < n and tokens[j + 1].is_word \
                        and tokens[j + 1].start == token.end:
                    nxt = tokens[j + 1]  # a hyphen inside a word: "Khyber-Pakhtunkhwa", "Tehreek-e-Taliban"
                    if nxt.is_capitalised:
                        last = j + 1
                        j += 2
                        continue
                    if nxt.lower in CONNECTORS:
                        j += 2
                        continue
                    break
                if token.text == "." and gap == "" and (
                        len(tokens[j - 1].text) == 1 or tokens[j - 1].lower in NAME_ABBREVIATIONS) and j + 1 < n \
                        and tokens[j + 1].is_capitalised and tokens[j + 1].start == token.end + 1:
                    j += 1  # an initial inside a name: "George H. W. Bush", "Cory L. Stowers"; "St. Thomas"
                    continue
                if token.text == "," and gap == "" and self._joined_name(tokens, i, j):
                    j += 1  # a comma inside a known name: "Washington, D.C."
                    continue
                opening = i + 1 if tokens[i].lower == "the" else i  # "The Democratic People's Republic ..."
                if token.text in ("'s", "’s") and gap == "" and (
                        self._joined_name(tokens, i, j) or self._joined_name(tokens, opening, j)):
                    j += 1  # a possessive inside a known name: "Democratic People's Republic of Korea"
                    continue
                if gap != " " or not token.is_word:
                    break
                if token.is_capitalised:
                    if token.lower in SENTENCE_STARTERS and not self._joined_name(tokens, i, j):
                        break
                    last = j
                    j += 1
                elif (token.lower in CONNECTORS or token.lower in JOINERS) and (
                        self._joined_name(tokens, i, j) or self._joined_name(tokens, last, j)):
                    j += 1  # only inside a known name: "Line of Control", "Bosnia and Herzegovina"
                else:
                    break
            chunks.append(_Chunk(i, last))
            i = last + 1
        return chunks

    def _joined_name(self, tokens: list[Token], first: int, joiner: int) -> bool:
        """True when a gazetteer name runs from ``first`` across the lower-case word at ``joiner``."""
        for j in range(joiner + 1, min(len(tokens), joiner + 1 + JOINED_NAME_LOOKAHEAD)):
            if self.gazetteer.has_key(name_key(_span_text(tokens, first, j))):
                return True
        return False

    def _people(self, tokens: list[Token], chunks: list[_Chunk]) -> tuple[set[str], set[int]]:
        """People named in this document: name keys of their surnames, and the indices of their tokens.

        A person is a run of capitalised words after a title ("Secretary of State John Kerry", "Russian President
        Vladimir Putin") or starting with a given name ("Omar Hamid"), unless the run is itself a place.
        """
        people: set[str] = set()
        person_tokens: set[int] = set()
        for chunk in chunks:
            indices = [k for k in range(chunk.first, chunk.last + 1) if tokens[k].is_capitalised]
            if self._chunk_place(tokens, chunk.first, chunk.last):
                continue
            before = _previous_word(tokens, chunk.first)
            name_start = 0 if before is not None and before.lower in PERSON_TITLES else None
            for position, k in enumerate(indices[:-1]):
                if tokens[k].lower in PERSON_TITLES and tokens[k].lower not in TITLE_NOT_PERSON:
                    name_start = position + 1
            if name_start is None:
                name_start = next((p for p, k in enumerate(indices[:-1])
                                   if tokens[k].lower in self.lexicon.first_names
                                   and not self._strong_place(name_key(tokens[k].text))), None)
                if name_start is None or tokens[indices[-1]].lower in CUES \
                        or tokens[indices[-1]].lower in ORG_SUFFIXES:
                    continue
                given = True
            else:
                given = False
            name = [k for k in indices[name_start:] if tokens[k].lower not in PERSON_TITLES
                    and tokens[k].lower not in NON_PLACE_WORDS]
            if not name or self._chunk_place(tokens, name[0], name[-1]):
                continue
            person_tokens.update(range(name[0], name[-1] + 1))
            surnames = name[1:] if given or len(name) > 1 else name
            people.update(name_key(tokens[k].text) for k in surnames)
            people.add(name_key(_span_text(tokens, name[0], name[-1])))
        return people, person_tokens

    def _chunk_place(self, tokens: list[Token], first: int, last: int) -> tuple[PlaceRecord, ...]:
        """Places named by exactly tokens[first..last], if any."""
        if last - first + 1 > MAX_NAME_TOKENS * 2:
            return ()
        return self.gazetteer.lookup_key(name_key(_span_text(tokens, first, last)))

    def _read_chunk(
        self, text: str, tokens: list[Token], chunk: _Chunk, people: set[str], person_tokens: set[int],
        starts: list[bool],
    ) -> list[_Span]:
        """The place and demonym spans inside one capitalised chunk, read as a whole first."""
        first, last = chunk.first, chunk.last
        if tokens[first].lower in LEADING_WORDS and first < last:
            match = self._longest_match(tokens, first, last)
            if match is None or match[0] == first:
                first = next(k for k in range(first + 1, last + 1) if tokens[k].is_capitalised)
        words = [k for k in range(first, last + 1) if tokens[k].is_capitalised]
        before = _previous_word(tokens, first)
        after = _next_token(tokens, last)
        head_word = tokens[words[0]]
        tail_word = tokens[words[-1]]
        chunk_key = name_key(text[tokens[first].start:tokens[last].end])
        found: list[_Span] = []

        # A title before the chunk, or a chunk that is a known person: no places inside.
        if before is not None and before.lower in PERSON_TITLES and before.lower not in TITLE_NOT_PERSON \
                and not (before.is_capitalised and tokens[first].start - before.end > 1):
            if not self._strong_place(chunk_key):
                return []
        if chunk_key in people or (len(words) >= 2 and head_word.lower in self.lexicon.first_names
                                   and tail_word.lower not in CUES and not self.gazetteer.has_key(chunk_key)):
            return []
        # Law or organisation named after people ("Kerry Lugar Bill").
        if tail_word.lower in ORG_SUFFIXES and any(name_key(tokens[k].text) in people for k in words):
            return []


        # A cue word after the chunk ("Kunar province", "Qutab Khel village").
        cue = None
        if after is not None and after.is_word and not after.is_capitalised and after.lower in CUES \
                and text[tokens[last].end:after.start] == " ":
            cue = after.lower
        cue_rule = "cue-word"
        if cue is None:
            cue = self._shared_plural_cue(text, tokens, last)
            cue_rule = "plural-designator"

        i = first
        while i <= last:
            if not tokens[i].is_capitalised or i in person_tokens:
                i += 1
                continue
            match = self._longest_match(tokens, i, last)
            suffix = self._suffix_name(tokens, i, last, match, people, person_tokens)
            if suffix is not None:  # "Tangi Kalay": one settlement, not the town Tangi and Kalay (Kalemyo)
                key = name_key(_span_text(tokens, i, suffix))
                because = (_because("settlement-suffix-name", suffix=tokens[suffix].text),)
                if i == first and suffix == last:  # what follows may place it too ("Zangara Kot, 12 km west of R")
                    placed = self._unknown_name_context(text, tokens, first, last, words, people, person_tokens)
                    because += (placed,) if placed is not None else ()
                written_cue = cue if suffix == last and cue is not None else None  # "Qutab Khel village"
                if written_cue is not None:
                    because += (_because("unknown-name-cue" if cue_rule == "cue-word" else "unknown-name-plural-cue",
                                         cue=written_cue),)
                found.append((tokens[i].start, tokens[suffix].end, key, TOPONYM, written_cue or tokens[suffix].lower,
                              because))
                i = suffix + 1
                continue
            demonym = self._demonym_at(tokens, i, last)
            if demonym is not None and (match is None or match[0] <= demonym):
                key = name_key(_span_text(tokens, i, demonym))
                found.append((tokens[i].start, tokens[demonym].end, key, DEMONYM, None, (_because("demonym"),)))
                i = demonym + 1
                continue
            if match is None:
                i += 1
                continue
            j, key = match
            because = self._judge(text, tokens, i, j, key, first, last, people, starts, cue, cue_rule)
            if because is not None:
                span_cue = cue if j == last else None
                end = tokens[j + 1].end if self._dotted_abbreviation(tokens, j, key) else tokens[j].end
                found.append((tokens[i].start, end, key, TOPONYM, span_cue, because))
            i = j + 1

        if not found:
            # A name the gazetteer lacks, marked as a place by its own cue word ("Tirah Valley") or by one after it.
            if tail_word.lower in CUES and len(words) >= 2 and tail_word.lower not in CAPITAL_CUE_NOT_NAME:
                core = name_key(_span_text(tokens, first, words[-2]))
                if core and head_word.lower not in NON_PLACE_WORDS:
                    return [(tokens[first].start, tokens[last].end, core, TOPONYM, tail_word.lower,
                             (_because("unknown-name-capital-cue", cue=tail_word.text),))]
            if cue is not None and cue not in CUE_NOT_NAME \
                    and head_word.lower not in NON_PLACE_WORDS and not starts[first] and len(words) <= MAX_CUE_NAME_WORDS:
                rule = "unknown-name-cue" if cue_rule == "cue-word" else "unknown-name-plural-cue"
                return [(tokens[first].start, tokens[last].end, chunk_key, TOPONYM, cue, (_because(rule, cue=cue),))]
            placed = self._unknown_name_context(text, tokens, first, last, words, people, person_tokens)
            if placed is not None:
                return [(tokens[first].start, tokens[last].end, chunk_key, TOPONYM, _cue_before(tokens, first),
                         (placed,))]
        return found

    def _shared_plural_cue(self, text: str, tokens: list[Token], last: int) -> str | None:
        """The plural cue word closing a list the chunk opens: "Mohmand and Bajaur agencies" gives Mohmand "agencies"."""
        k = last + 1
        end = min(len(tokens), last + 1 + PLURAL_WINDOW)
        joined = False
        while k < end:
            token = tokens[k]
            if token.lower in JOINERS or token.text == ",":
                joined = True
                k += 1
                continue
            if not joined or not token.is_word:
                return None
            if token.is_capitalised:
                k += 1
                continue
            if token.lower in PLURAL_CUES and text[tokens[k - 1].end:token.start] == " " \
                    and tokens[k - 1].is_capitalised:
                return token.lower
            return None
        return None

    def _place_after(self, tokens: list[Token], index: int | None, types: frozenset[str] | None) -> bool:
        """True when a known place (of one of ``types``, any kind when None) starts at token ``index`` and is not
        a possessor ("Mahathir, Asia's longest serving leader") nor a two-letter code ("Kaseke, BA")."""
        if index is None or index >= len(tokens) or not tokens[index].is_capitalised or len(tokens[index].text) < 3:
            return False
        for j in range(min(len(tokens) - 1, index + CONTAINER_LOOKAHEAD), index - 1, -1):
            records = self.gazetteer.lookup_key(name_key(_span_text(tokens, index, j)))
            if records and (types is None or records[0].feature_type in types or _is_strong(records[0])):
                nxt = _next_token(tokens, j)
                return nxt is None or nxt.text not in POSSESSIVE_MARKS
        return False

    def _unknown_name_context(
        self, text: str, tokens: list[Token], first: int, last: int, words: list[int], people: set[str],
        person_tokens: set[int],
    ) -> _Because | None:
        """A capitalised name the gazetteer lacks, made a place by what follows it: a container ("Qutab Khel, North
        Waziristan"; after a locative or event verb also "Zara Kili in Khyber") or a reference ("X near Miranshah")."""
        if len(words) > MAX_UNKNOWN_NAME_WORDS or any(k in person_tokens for k in words):
            return None
        for k in words:
            token = tokens[k]
            if token.is_acronym or len(token.text) < MIN_ALTERNATE_LENGTH or token.lower in NON_PLACE_WORDS \
                    or token.lower in ORG_SUFFIXES or token.lower in PERSON_TITLES or token.lower in CUES \
                    or self.lexicon.zipf(token.text) >= UNKNOWN_NAME_ZIPF or name_key(token.text) in people \
                    or self.demonyms.get(token.text) is not None:
                return None
        head = tokens[words[0]].lower
        if head in self.lexicon.first_names or (len(words) == 1 and head in self.lexicon.surnames):
            return None
        end = tokens[last].end
        rest = text[end:end + 60]
        before = _previous_word(tokens, first)
        abbreviated = tokens[first - 2] if first >= 2 and tokens[first - 1].text == "." else None  # "v. Abdulkader"
        if first > 0 and tokens[first - 1].text == "," or any(
                w is not None and w.lower in UNKNOWN_NAME_VETOES for w in (before, abbreviated)):
            return None  # an item of a list ("Nestlé, Hulu, Jos. A. Bank"), a case name ("v. Abdulkader")
        located = before is not None and (before.lower in CONTAINER_LOCATIVES or before.lower in PLACE_VERBS)
        for patterns, rule, types in ((CONTAINER_GAPS, "unknown-name-in-container", CONTAINER_TYPES),
                                      (LOCATED_CONTAINER_GAPS if located else (), "unknown-name-in-container",
                                       CONTAINER_TYPES),
                                      (REFERENCE_GAPS, "unknown-name-near-reference", None)):
            for pattern in patterns:
                gap = pattern.match(rest)
                if gap is None:
                    continue
                if self._place_after(tokens, _token_index_start(tokens, end + gap.end()), types):
                    return _because(rule, gap=gap.group().strip() or ",")
        return None

    def _suffix_name(
        self, tokens: list[Token], i: int, last: int, match: tuple[int, str] | None, people: set[str],
        person_tokens: set[int],
    ) -> int | None:
        """The index of a settlement suffix ("Kalay", "Kili", "Khel") closing a name that starts at token i, when the
        gazetteer knows no name running through it; the words before it must read as name words, not English."""
        for k in range(i + 1, min(last, i + MAX_UNKNOWN_NAME_WORDS - 1) + 1):
            if tokens[k].lower in SETTLEMENT_SUFFIXES and tokens[k].is_capitalised:
                break
        else:
            return None
        if match is not None and match[0] >= k:
            return None  # "Datta Khel", "Ali Khel": the gazetteer's own name
        for n in range(i, k):
            token = tokens[n]
            if not (token.is_word and token.is_capitalised) or n in person_tokens or token.lower in SENTENCE_STARTERS \
                    or token.lower in NON_PLACE_WORDS or token.lower in PERSON_TITLES or token.lower in ORG_SUFFIXES \
                    or token.lower in SETTLEMENT_SUFFIXES or name_key(token.text) in people \
                    or self.demonyms.get(token.text) is not None or self.lexicon.zipf(token.text) >= COMMON_WORD_ZIPF:
                return None
            if n > i and tokens[n].start != tokens[n - 1].end + 1:
                return None  # words written apart by a space only
        if tokens[k].start != tokens[k - 1].end + 1:
            return None
        return k

    def _demonym_at(self, tokens: list[Token], i: int, last: int) -> int | None:
        """The last token of a demonym starting at token i ("Russian", "South African", "South East Asian")."""
        windows = []  # (j, _span_text(tokens, i, j)), grown one token at a time
        written = ""
        for j in range(i, min(last, i + 3) + 1):  # hyphens are tokens: "Sub-Saharan African" is four
            written += ("" if j == i or tokens[j].start == tokens[j - 1].end else " ") + tokens[j].text
            windows.append((j, written))
        for j, written in reversed(windows):
            if tokens[j].is_capitalised and self.demonyms.get(written) is not None:
                return j
        return None

    def _longest_match(self, tokens: list[Token], i: int, last: int) -> tuple[int, str] | None:
        """The longest gazetteer name starting at token i and ending on a capitalised token at or before ``last``.

        The window grows from token i. Short windows (variant-window-max-words/-letters) are looked up as before,
        exact names and spelling variants. A longer one can only be an exact name, so it is looked up only while some
        exact name starts with its words (``Gazetteer.starts_name``): a run of capitals costs a few lookups per word
        instead of a variant computation per window (issue 12).
        """
        best = None
        dead: str | None = None  # a key no exact name starts with
        written = ""  # _span_text(tokens, i, j), grown one token at a time
        for j in range(i, min(last, i + MAX_NAME_TOKENS * 2 - 1) + 1):
            written += ("" if j == i or tokens[j].start == tokens[j - 1].end else " ") + tokens[j].text
            if not tokens[j].is_capitalised:
                continue
            key = name_key(written)
            if not key:
                continue
            spaces = key.count(" ")
            if spaces >= VARIANT_WINDOW_MAX_WORDS or len(key) - spaces > VARIANT_WINDOW_MAX_LETTERS:
                if dead is not None and key.startswith(dead + " "):
                    continue  # extends a key no exact name starts with
                if not self.gazetteer.starts_name(key):
                    dead = key
                    continue
            if self.gazetteer.has_key(key):
                best = (j, key)
        return best

    def _strong_place(self, key: str) -> bool:
        records = self.gazetteer.lookup_key(key)
        return bool(records) and _is_strong(records[0])

    def _judge(
        self, text: str, tokens: list[Token], i: int, j: int, key: str, first: int, last: int,
        people: set[str], starts: list[bool], cue: str | None, cue_rule: str = "cue-word",
    ) -> tuple[_Because, ...] | None:
        """The decisions that make tokens[i..j], a gazetteer name inside chunk [first, last], is a place; None if it is not."""
        matches = self.gazetteer.matches(key)
        single = i == j
        word = tokens[i]
        if self._dotted_abbreviation(tokens, j, key):
            return (_because("dotted-abbreviation"),)
        if not (single and word.is_acronym) and not _all_caps(tokens, i, j):
            # Codes and abbreviations count only as written, in capitals: "ACT" but not "Act", "NO" but not "No".
            matches = tuple(m for m in matches if m[1] not in ("code", "abbreviation"))
        if single and len(word.text) < MIN_ALTERNATE_LENGTH and not word.is_acronym:
            matches = ()  # "Li", "Do": two-letter alternate names are noise in running text
        if not matches:
            return None
        kinds = {kind for _, kind in matches}

        def county_short_form(record: PlaceRecord, kind: str) -> bool:
            """True for a county's short form ("King" for King County): no evidence of a big place."""
            return record.feature_type == "adm2" and kind == "alternate" and name_key(record.name).startswith(key + " ")

        best, best_kind = next(((r, k) for r, k in matches if not county_short_form(r, k)), matches[0])
        strong = (_is_strong(best) or best.population >= STRONG_POPULATION) and not county_short_form(best, best_kind)
        evidence: list[_Because] = []
        if key in people or key in NON_PLACE_NAMES:
            return None
        if single and word.lower in (NON_PLACE_ACRONYMS if word.is_acronym else NON_PLACE_WORDS):
            return None
        # Acronyms must be known abbreviations of the place ("LoC", "FATA", "US"), not codes or initials.
        if single and word.is_acronym and len(word.text) <= MAX_ACRONYM_LENGTH:
            abbreviations = [r for r, kind in matches if kind == "abbreviation" or r.name == word.text]
            if not abbreviations and self._dateline(text, tokens, i):
                common = self.lexicon.zipf(word.text) >= DATELINE_MAX_ZIPF  # "NOTE:": only a place's own name counts
                named = [r for r, kind in matches if kind in DATELINE_KINDS and not (common and kind == "alternate")]
                if not named:
                    return None
                best = named[0]
                return (_because("dateline"), _because("strong-type", feature_type=best.feature_type)) \
                    if _is_strong(best) or best.population >= STRONG_POPULATION else (_because("dateline"),)
            if not abbreviations:
                return None
            best = abbreviations[0]
            strong = _is_strong(best) or best.population >= STRONG_POPULATION
            evidence.append(_because("known-abbreviation"))
        short_form = best.feature_type in ("adm1", "adm2") and kinds <= {"alternate"}  # "Johnson" for Johnson County
        # "Can" (Caen), "Bush" (Būsh); a country's own short name is frequent because it is one ("Britain").
        common = self.lexicon.zipf(word.text) >= COMMON_WORD_ZIPF and best.feature_type != "country"
        only_alternate = single and kinds <= {"alternate", "code"} and (not strong or short_form or common) \
            and not word.is_acronym
        # A small province or district that shares its name with a person or a word ("Paul", "Angus", "Michael").
        namesake = single and best.feature_type in ("adm1", "adm2") and best.population < NAMESAKE_POPULATION and (
            word.lower in self.lexicon.first_names or word.lower in self.lexicon.surnames
            or self.lexicon.zipf(word.text) >= CONTEXT_ZIPF)
        # "Bush" (Būsh, Egypt), "Brent": a town whose name is also a person's needs the text to say it is a place,
        # unless it is a country, a province or region, a capital or a city of PERSONAL_PLACE_POPULATION or more.
        personal = single and not word.is_acronym and (
            word.lower in self.lexicon.first_names or word.lower in self.lexicon.surnames) and \
            best.feature_type not in PERSONAL_SAFE_TYPES and \
            best.feature_code != "PPLC" and best.population < PERSONAL_PLACE_POPULATION
        needs_context = only_alternate or namesake or personal
        whole = i == first and j == last
        vouched = False  # a road end or a force's place: context enough for a weak name
        if whole:
            evidence.append(_because("whole-name"))
        else:
            tail = tokens[last].lower
            head = tokens[first].lower
            def chunk_text() -> str:  # only for the evidence of the branch taken: a long chunk costs per word
                return _span_text(tokens, first, last)

            road = self._road_word(text, tokens, i, j, first, last)
            if road is not None:
                vouched = True
                evidence.append(_because("road-end", road=road))  # "the Quetta-Chaman road": both ends are places
            elif i == first and tail in FORCE_WORDS and best.feature_type in FORCE_PLACE_TYPES and not strong \
                    and not (namesake or personal):
                vouched = True
                evidence.append(_because("place-modifies-force", force=tokens[last].text))  # "Bajaur Levies"
            elif i == first and tail in FACILITY_SUFFIXES and tokens[j + 1].lower not in ORG_SUFFIXES:
                # "Bagram Air Base", "Quetta Cantonment"; but "Pakistan Army Base" is the army's (read below)
                evidence.append(_because("facility-head", chunk=chunk_text()))
            elif i == first and tail in ORG_SUFFIXES:
                if not strong or tail in MEDIA_SUFFIXES:
                    return None  # "Pakistan Today", "Dawn News": a newspaper's or a channel's title names no place
                evidence.append(_because("organisation-head", chunk=chunk_text()))
            elif j == last and (head in self.lexicon.first_names or (
                    i == first + 1 and word.lower in self.lexicon.surnames
                    and not self.gazetteer.has_key(name_key(tokens[first].text)))):
                return None  # "Omar Hamid", "Jeb Bush": a given name, or a surname after an unknown first word
            elif j == last and tokens[i - 1].lower != "of" and any(
                    tokens[k].lower in ORG_SUFFIXES for k in range(first, i)):
                return None  # a place closing an organisation's name: "Tehreek-e-Taliban Pakistan"
            elif not strong:
                return None
            else:
                evidence.append(_because("well-known-inside", chunk=chunk_text()))
        if single and starts[i] and self.lexicon.zipf(word.text) >= SENTENCE_START_ZIPF:
            # A common word opening a sentence or a quote ("Can you imagine"): only a big place's own name counts.
            if not strong or (best_kind not in ("name", "ascii") and best.feature_type != "country"):
                return None
        if single and (not strong or needs_context) and not word.is_acronym:
            before = _previous_word(tokens, i)
            after = _next_token(tokens, j)
            located = before is not None and before.lower in LOCATIVE and not self._of_institution(tokens, i) and \
                not (before.lower == "of" and self.lexicon.zipf(word.text) >= CONTEXT_ZIPF)  # "a copia of Dad jokes"
            comma_context = after is not None and after.text == "," and self._next_is_place(tokens, j + 1)
            dateline = tokens[i - 2] if i >= 2 and tokens[i - 1].text == "," and tokens[i - 2].is_word \
                and _all_caps(tokens, i - 2, i - 2) and self._dateline(text, tokens, i - 2) else None
            if vouched:
                pass
            elif cue is not None:
                evidence.append(_because(cue_rule, cue=cue))
            elif located:
                evidence.append(_because("locative-before", word=before.text))
            elif comma_context:
                evidence.append(_because("container-after"))
            elif dateline is not None:
                evidence.append(_because("dateline-container", dateline=dateline.text))  # "KHAR, Bajaur:"
            elif after is not None and after.lower in FORCE_WORDS and not after.is_capitalised \
                    and best.feature_type in FORCE_PLACE_TYPES and not (namesake or personal):
                evidence.append(_because("place-modifies-force", force=after.text))  # "Mohmand police"
            elif needs_context:
                return None  # a spelling variant, or a small area named like a person, needs context to count
            elif after is not None and after.lower in PERSON_VERBS:
                return None
            elif word.lower in self.lexicon.first_names or word.lower in self.lexicon.surnames:
                return None
            elif self.lexicon.zipf(word.text) >= CONTEXT_ZIPF:
                return None
        if strong:
            evidence.append(_because("strong-type", feature_type=best.feature_type))
        return tuple(evidence)

    def _dotted_abbreviation(self, tokens: list[Token], j: int, key: str) -> bool:
        """True for an abbreviation written exactly as the gazetteer has it, full stop included ("Ky.", "Calif.")."""
        dot = j + 1
        if dot >= len(tokens) or tokens[dot].text != "." or tokens[dot].start != tokens[j].end:
            return False
        return tokens[j].text + "." in self.gazetteer.written_abbreviations(key)

    @staticmethod
    def _dateline(text: str, tokens: list[Token], i: int) -> bool:
        """True for an all-caps word opening a line as a dateline: "KABUL:", "QUETTA/CHAMAN, May 3", "SWAT (AP) -"."""
        token = tokens[i]
        line_start = text.rfind("\n", 0, token.start) + 1
        return DATELINE_BEFORE.fullmatch(text, line_start, token.start) is not None and \
            DATELINE_AFTER.match(text, token.end) is not None

    @staticmethod
    def _road_word(text: str, tokens: list[Token], i: int, j: int, first: int, last: int) -> str | None:
        """The road word when tokens[i..j] is one end of a hyphenated road name ("Quetta-Chaman road")."""
        hyphen = (i - 1 >= first and tokens[i - 1].text == "-" and tokens[i - 1].start == tokens[i - 2].end) or (
            j + 1 <= last and tokens[j + 1].text == "-" and tokens[j + 1].end == tokens[j + 2].start)
        if not hyphen:
            return None
        if tokens[last].lower in ROAD_WORDS and j < last:
            return tokens[last].lower  # "the Quetta-Chaman Road"
        after = _next_token(tokens, last)
        if after is not None and after.is_word and after.lower in ROAD_WORDS and text[tokens[last].end:after.start] == " ":
            return after.lower
        return None

    @staticmethod
    def _of_institution(tokens: list[Token], i: int) -> bool:
        """True for "Ministry of Commerce", "Secretary of State": an "of" after an institution or a title."""
        k = i - 1
        if k < 1 or tokens[k].lower != "of":
            return False
        head = tokens[k - 1].lower
        return head in ORG_SUFFIXES or head in PERSON_TITLES

    def _next_is_place(self, tokens: list[Token], comma: int) -> bool:
        nxt = _next_token(tokens, comma)
        if nxt is None or not nxt.is_capitalised:
            return False
        index = tokens.index(nxt, comma)
        for j in range(min(len(tokens) - 1, index + CONTAINER_LOOKAHEAD), index - 1, -1):
            if self._strong_place(name_key(_span_text(tokens, index, j))):
                return True
        return False

    def _ner_people(self, entities: list[Entity]) -> set[str]:
        """Words the statistical model reads as people; a lone word only when it is no well-known place."""
        people: set[str] = set()
        for entity in entities:
            if entity.label != "PERSON":
                continue
            words = [w for w in re.findall(r"[^\W\d_]+", entity.text) if w[0].isupper()]
            if len(words) >= 2 and not self.gazetteer.has_key(name_key(entity.text)):
                people.update(name_key(w) for w in words[1:] if w.lower() not in NON_PLACE_WORDS)
                people.add(name_key(entity.text))
            elif len(words) == 1 and not self._strong_place(name_key(words[0])):
                people.add(name_key(words[0]))
        return people

    def _ner_places(
        self, entities: list[Entity], spans: list[_Span], people: set[str]
    ) -> list[_Span]:
        """GPE/LOC/FAC entities that the rules did not find, as toponyms (resolved only if the gazetteer knows them)."""
        found = []
        for entity in entities:
            if entity.label not in PLACE_LABELS:
                continue
            start, text = entity.start, entity.text
            if text.lower().startswith("the "):
                start, text = start + 4, text[4:]
            key = name_key(text)
            words = key.split()
            if not key or key in people or key in NON_PLACE_NAMES or not text[:1].isupper() \
                    or words[-1] in ORG_SUFFIXES or any(word in people for word in words):
                continue
            if any(s[0] < entity.end and start < s[1] for s in spans) or self.demonyms.get(text) is not None:
                continue
            found.append((start, entity.end, key, TOPONYM, None, (_because("statistical-ner", label=entity.label),)))
        return found

    def _ellipses(self, tokens: list[Token]) -> list[_Span]:
        """"South and North Waziristan": the first word names "South Waziristan" when both names are places."""
        found = []
        for i in range(len(tokens) - 3):
            a, joiner, b = tokens[i], tokens[i + 1], tokens[i + 2]
            if not (a.is_word and a.is_capitalised and joiner.lower in JOINERS and b.is_word and b.is_capitalised):
                continue
            for j in range(min(len(tokens) - 1, i + 2 + MAX_NAME_TOKENS), i + 2, -1):
                rest = _span_text(tokens, i + 3, j)
                if self.gazetteer.has_key(name_key(b.text + " " + rest)) and \
                        self.gazetteer.has_key(name_key(a.text + " " + rest)):
                    found.append((a.start, a.end, name_key(a.text + " " + rest), TOPONYM, None,
                                  (_because("ellipsis", first=a.text, second=b.text, rest=rest),)))
                    break
        return found

    @staticmethod
    def _phrases(text: str) -> list[_Span]:
        """Lower-case area phrases ("the tribal areas") that the gazetteer knows as names."""
        found = []
        lowered = text.lower()
        for phrase, lookup in PHRASES.items():
            for match in re.finditer(r"\b" + re.escape(phrase) + r"\b", lowered):
                found.append((match.start(), match.end(), lookup, TOPONYM, None, (_because("area-phrase", phrase=phrase),)))
        return found

    # -- metonymy -------------------------------------------------------------------------------------------------
    def _metonymic(self, text: str, tokens: list[Token], start: int, end: int) -> bool:
        """True when a place stands for its government or people: "Washington said", "Islamabad's priorities"."""
        index = _token_index(tokens, end)
        if index is None:
            return False
        nxt = _next_token(tokens, index)
        if nxt is not None and nxt.text in POSSESSIVE_MARKS:
            noun = _next_token(tokens, index + 1)
            return noun is not None and noun.lower in INSTITUTION_NOUNS
        first = _token_index_start(tokens, start)
        before = _previous_word(tokens, first) if first is not None else None
        if nxt is not None and nxt.lower in AGENT_VERBS:
            return before is None or before.lower not in LOCATIVE
        if nxt is not None and nxt.lower in PERFECT_AUXILIARIES:
            verb = _next_token(tokens, index + 1)
            if verb is not None and (verb.lower in AGENT_VERBS or verb.lower in PERFECT_ADVERBS):
                return True
        if before is not None and before.lower in QUESTION_AUXILIARIES \
                and nxt is not None and nxt.lower in QUESTION_VERBS:
            return True
        sentence_window = text[max(0, start - RELATION_WINDOW):start].lower()
        if before is not None and before.lower in ("between", "and") and \
                any(noun in sentence_window.split() for noun in RELATION_NOUNS):
            partner = "and" if before.lower == "between" else "between"
            return partner in text[max(0, start - PARTNER_WINDOW_BEFORE):end + PARTNER_WINDOW_AFTER].lower().split()
        return False


# -- helpers ------------------------------------------------------------------------------------------------------
def _opens_quote(text: str, tokens: list[Token], i: int) -> bool:
    """True for an opening quotation mark: a quote after a space, a colon or the start ("He said: “Can ...")."""
    token = tokens[i]
    if token.text not in ('"', "“", "‘"):
        return False
    if token.start == 0 or text[token.start - 1] in " \t\n:(":
        return True
    return token.text != '"' and text[token.start - 1] != " "  # a curly opening quote is one wherever it stands


def _span_text(tokens: list[Token], i: int, j: int) -> str:
    """The words of tokens[i..j] as written, with any space between them as one space, for name keys."""
    return "".join(("" if k == i or tokens[k].start == tokens[k - 1].end else " ") + tokens[k].text
                   for k in range(i, j + 1))


def _cue_before(tokens: list[Token], first: int) -> str | None:
    """The cue word of "the village of X" (a name the gazetteer lacks takes the kind of place it says), or None."""
    if first >= 2 and tokens[first - 1].lower == "of" and tokens[first - 2].lower in CUES_BEFORE:
        return tokens[first - 2].lower
    return None


def _because(rule_id: str, **params: object) -> _Because:
    """A decision that keeps a span: its rule id and the evidence text the rule's template gives."""
    return rule_id, _RULES.evidence(rule_id, **params)


def _is_strong(record: PlaceRecord) -> bool:
    """Places a capitalised name can stand for on its own: countries, provinces, regions, lines, oceans, seas, metropolises."""
    return record.feature_type in STRONG_TYPES or record.feature_code in STRONG_CODES or record.population >= METROPOLIS_POPULATION


def _all_caps(tokens: list[Token], i: int, j: int) -> bool:
    """True when every letter of tokens[i..j] is upper-case ("USA", "U.S.")."""
    return all(not c.isalpha() or c.isupper() for k in range(i, j + 1) for c in tokens[k].text)


def _previous_word(tokens: list[Token], i: int) -> Token | None:
    k = i - 1
    while k >= 0 and not tokens[k].is_word:
        if tokens[k].text in ".!?\n;:":
            return None
        k -= 1
    return tokens[k] if k >= 0 else None


def _next_token(tokens: list[Token], i: int) -> Token | None:
    return tokens[i + 1] if i + 1 < len(tokens) else None


def _token_index(tokens: list[Token], end: int) -> int | None:
    """The index of the token ending exactly at ``end``, or None."""
    i = bisect_left(tokens, end, key=lambda t: t.end)
    return i if i < len(tokens) and tokens[i].end == end else None


def _token_index_start(tokens: list[Token], start: int) -> int | None:
    """The index of the token starting exactly at ``start``, or None."""
    i = bisect_left(tokens, start, key=lambda t: t.start)
    return i if i < len(tokens) and tokens[i].start == start else None


def _title_case(line: str) -> bool:
    """True for a headline-style line: 3 to 20 words, at least 80% of them capitalised."""
    words = [w for w in line.split() if w[:1].isalpha()]
    if len(words) < 3 or len(words) > 20:
        return False
    return sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _without_overlaps(spans: list[_Span]) -> list[_Span]:
    """Keep spans in text order, the longer one winning where two overlap."""
    spans = sorted(spans, key=lambda s: (s[0], -(s[1] - s[0])))
    kept: list[tuple] = []
    for span in spans:
        if kept and span[0] < kept[-1][1]:
            if span[1] - span[0] > kept[-1][1] - kept[-1][0]:
                kept[-1] = span
            continue
        kept.append(span)
    return kept
