"""The geoparser and its one loop.

documents -> sentences -> mentions -> resolutions -> places, as named steps run in order (:class:`Geoparser`), and
:func:`pipe`, the one loop every caller (``geo.parse``, the CLI, batch, the dashboard, evaluation) runs documents
through: it owns batching, worker processes (or Dask) and the order of results.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field, fields, replace
from itertools import chain, islice
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from geo.core.documents import (  # noqa: F401  (MAX_LINE_CHARS re-exported beside the check that uses it)
    MAX_LINE_CHARS, BadRecord, OnError, PathArg, document_from_text, iter_documents, long_line,
)
from geo.core.model import DEMONYM, Document, Mention, ParseResult, Place, Quote, Resolution, Sentence
from geo.core.policy import DEFAULT_POLICY, RankingPolicy
from geo.core.recognition import Recognizer
from geo.core.resolution import Resolver
from geo.core.sentences import sentence_at, split_sentences
from geo.errors import DocumentError
from geo.store.gazetteer import Gazetteer

ENGINES = ("processes", "dask")
DEFAULT_CHUNK_SIZE = 8
# Chunks queued per worker: two keep every worker busy while the parent collects, and bound what is held in memory.
IN_FLIGHT_PER_WORKER = 2

T = TypeVar("T")
Transform = Callable[[Document, list[Resolution]], T]


@dataclass
class Geoparser:
    """A loaded pipeline: reuse one per process (the gazetteer and word lists load once)."""

    gazetteer: Gazetteer = field(default_factory=Gazetteer.default)
    ner: str | None = None  # None: rules and gazetteer only (fast); "spacy": add spaCy's NER as evidence
    policy: RankingPolicy | None = None  # None: the default RankingPolicy

    def __post_init__(self) -> None:
        statistical = None
        if self.ner == "spacy":
            from geo.core.ner import SpacyNER

            statistical = SpacyNER()
        elif self.ner is not None:
            raise ValueError(f"unknown NER {self.ner!r}: use None or 'spacy'")
        self.recognize = Recognizer(self.gazetteer, ner=statistical)
        self.resolve = Resolver(self.gazetteer, self.policy)

    def parse_document(self, document: Document) -> list[Resolution]:
        """Every mention of the document with its resolution, in text order.

        Raises DocumentError for a line over MAX_LINE_CHARS (not prose; refused rather than parsed slowly).
        """
        check_lines(document)
        sentences = split_sentences(document.text)
        mentions = [within_quote(m, sentences, document.text) for m in self.recognize(document, sentences)]
        return self.resolve(document.text, mentions)

    def parse(self, documents: Iterable[Document], *, on_error: OnError | None = None, **engine: Any) -> ParseResult:
        """Parse documents through :func:`pipe` (in this process unless ``workers``) and merge mentions into places."""
        parsed = list(pipe(documents, parser=self, on_error=on_error, **engine))
        resolutions = tuple(r for item in parsed for r in item.resolutions)
        return ParseResult(tuple(item.document for item in parsed), resolutions, merge_places(resolutions))

    @property
    def spec(self) -> ParserSpec:
        """What a worker process needs to build the same parser: the gazetteer's artifact paths, the NER option and
        the ranking policy its resolver uses (read from the resolver, so a swapped-in Resolver travels too)."""
        return ParserSpec(tuple(str(layer.path) for layer in self.gazetteer.layers), self.ner,
                          policy_key(self.resolve.policy))


def check_lines(document: Document) -> None:
    """Refuse (DocumentError) a document built without the readers whose line is over MAX_LINE_CHARS."""
    reason = long_line(document.text)
    if reason is not None:
        raise DocumentError(f"{document.source or document.id}: {reason}")


def within_quote(mention: Mention, sentences: Sequence[Sentence], text: str) -> Mention:
    """The mention with a quote that contains it: its sentence, or the sentences it runs across when recognition
    read a name over a sentence boundary (a run of capitalised words cut by the splitter)."""
    quote = mention.quote
    if quote.start <= mention.start and mention.end <= quote.end:
        return mention
    start = min(sentence_at(sentences, mention.start).start, quote.start)
    end = max(sentence_at(sentences, mention.end - 1).end, quote.end)
    return replace(mention, quote=Quote(quote.doc_id, start, end, text[start:end]))


def merge_places(resolutions: Iterable[Resolution]) -> tuple[Place, ...]:
    """One Place per resolved gazetteer id, its mentions in input order; places sorted by mention count, then name."""
    groups: dict[str, list[Resolution]] = {}
    for resolution in resolutions:
        if resolution.place is not None:
            groups.setdefault(resolution.place.id, []).append(resolution)
    places = []
    for items in groups.values():
        documents = tuple(dict.fromkeys(r.mention.doc_id for r in items))
        places.append(Place(items[0].place, tuple(items), max(r.confidence for r in items), documents))
    return tuple(sorted(places, key=lambda p: (-p.mention_count, p.record.name, p.id)))


def is_demonym_only(place: Place) -> bool:
    """True when a place was reached only through demonyms ("Pakistani")."""
    return all(r.mention.kind == DEMONYM for r in place.resolutions)


def _as_documents(inputs: str | Path | Document | Iterable[str | Path | Document]) -> Iterator[Document]:
    """Documents from what ``geo.parse`` accepts: a str is always text, a Path is a file or folder read from disk."""
    if isinstance(inputs, (str, Document, Path)):
        inputs = [inputs]
    pasted = 0
    for item in inputs:
        if isinstance(item, Document):
            yield item
        elif isinstance(item, Path):
            yield from iter_documents([item])
        elif isinstance(item, str):
            pasted += 1
            yield document_from_text(item, id="pasted" if pasted == 1 else f"pasted-{pasted}")
        else:
            raise TypeError(f"geo.parse takes text (str), a Path or a Document, not {type(item).__name__}")


def parse(
    inputs: str | Path | Document | Iterable[str | Path | Document],
    gazetteer: Gazetteer | None = None,
    **engine: Any,
) -> ParseResult:
    """Geoparse text, documents, files or folders: ``geo.parse("Clashes in Kunar ...")``.

    A ``str`` is always parsed as text (never looked up on disk); give files and folders as ``pathlib.Path``.
    ``engine`` takes the options of :func:`pipe` (``workers``, ``engine``, ``chunk_size``, ``on_error``).
    """
    return Geoparser(gazetteer or Gazetteer.default()).parse(_as_documents(inputs), **engine)


# ---------------------------------------------------------------------------------------------------- the loop


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """One document and every mention in it with its resolution, in text order: what :func:`pipe` yields."""

    document: Document
    resolutions: tuple[Resolution, ...]


def parsed_document(document: Document, resolutions: list[Resolution]) -> ParsedDocument:
    """The default transform of :func:`pipe`: the document with its resolutions."""
    return ParsedDocument(document, tuple(resolutions))


PolicyKey = tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]


def policy_key(policy: RankingPolicy | None) -> PolicyKey | None:
    """A ranking policy as nested tuples of plain values, hashable and picklable (a RankingPolicy holds a read-only
    mapping, which is neither), so it can key a worker's parser cache and cross to worker processes; None for the
    default policy."""
    if policy is None or policy == DEFAULT_POLICY:
        return None
    parts = []
    for part in fields(policy):
        group = getattr(policy, part.name)
        values = []
        for item in fields(group):
            value = getattr(group, item.name)
            if isinstance(value, Mapping):
                value = tuple(sorted((k, tuple(sorted(v))) for k, v in value.items()))
            elif isinstance(value, frozenset):
                value = tuple(sorted(value))
            values.append((item.name, value))
        parts.append((part.name, tuple(values)))
    return tuple(parts)


def policy_from_key(key: PolicyKey | None) -> RankingPolicy:
    """The RankingPolicy a :func:`policy_key` describes (the default for None)."""
    if key is None:
        return DEFAULT_POLICY
    parts = {}
    for part_name, values in key:
        default = getattr(DEFAULT_POLICY, part_name)
        arguments: dict[str, Any] = {}
        for name, value in values:
            kind = getattr(default, name)
            if isinstance(kind, Mapping):
                value = {k: frozenset(v) for k, v in value}
            elif isinstance(kind, frozenset):
                value = frozenset(value)
            arguments[name] = value
        parts[part_name] = type(default)(**arguments)
    return RankingPolicy(**parts)


class ParserSpec(NamedTuple):
    """Which parser a worker builds: the gazetteer artifacts (None: the default ones), the optional NER and the
    ranking policy (:func:`policy_key`; None: the default)."""

    gazetteer: tuple[str, ...] | None = None
    ner: str | None = None
    policy: PolicyKey | None = None


_parsers: dict[ParserSpec, Geoparser] = {}
_parsers_lock = threading.Lock()
_initialisations = 0


def parser_initialisations() -> int:
    """How many parsers this process has built; stays 1 per worker however many tasks it runs (checked by tests)."""
    return _initialisations


def worker_parser(spec: ParserSpec = ParserSpec()) -> Geoparser:
    """This process's parser for a spec, built on first use and reused by every later task (one load per worker)."""
    global _initialisations
    with _parsers_lock:
        parser = _parsers.get(spec)
        default = Gazetteer.default() if spec.gazetteer is None else None
        if parser is None or (default is not None and parser.gazetteer is not default):
            # the default gazetteer can change (reset_default after an import): a parser of the old one is stale
            gazetteer = default if default is not None else Gazetteer(list(spec.gazetteer))
            parser = Geoparser(gazetteer, ner=spec.ner, policy=policy_from_key(spec.policy))
            _parsers[spec] = parser
            _initialisations += 1
        return parser


class Refused(NamedTuple):
    """A document refused as bad input (a DocumentError while parsing it): reported to ``on_error`` and skipped."""

    doc_id: str
    source: str
    error: str


def parse_chunk(
    documents: Sequence[Document], spec: ParserSpec, transform: Transform[T], parser: Geoparser | None = None
) -> list[T | Refused]:
    """Parse a chunk with this process's parser and transform each result (runs in the workers).

    Only bad input (DocumentError) becomes a Refused record; any other exception is a bug and propagates, with a note
    naming the document, so a run never reports a bug as a skipped record.
    """
    parser = parser or worker_parser(spec)
    results: list[T | Refused] = []
    for document in documents:
        try:
            results.append(transform(document, parser.parse_document(document)))
        except DocumentError as exc:
            results.append(Refused(document.id, document.source, str(exc)))
        except Exception as exc:
            exc.add_note(f"while parsing document {document.id!r} ({document.source or 'no source'})")
            raise
    return results


def default_workers() -> int:
    """The cores this process may run on (the default number of workers)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _batches(items: Iterator[T], size: int) -> Iterator[list[T]]:
    while batch := list(islice(items, size)):
        yield batch


def _in_process(
    chunks: Iterable[list[Document]], spec: ParserSpec, transform: Transform[T], parser: Geoparser | None
) -> Iterator[list]:
    for chunk in chunks:
        yield parse_chunk(chunk, spec, transform, parser)


def _with_processes(
    chunks: Iterable[list[Document]], workers: int, spec: ParserSpec, transform: Transform[T]
) -> Iterator[list]:
    """Chunk results from a spawned process pool, in submission order, with a bounded number in flight."""
    # spawn, not fork: the parent may hold SQLite connections and threads (the progress bar's, Dask's).
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    pending: deque[Future] = deque()
    try:
        for chunk in chunks:
            pending.append(pool.submit(parse_chunk, chunk, spec, transform))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _with_dask(
    chunks: Iterator[list[Document]],
    chunk_size: int,
    workers: int,
    scheduler: str | None,
    spec: ParserSpec,
    transform: Transform[T],
) -> Iterator[list]:
    """Chunk results from Dask: each block of chunks is a dask.bag (one partition per chunk), two blocks in flight."""
    import logging

    import dask.bag
    from distributed import Client, LocalCluster

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR)
    client = Client(scheduler or cluster)
    pending: deque[Any] = deque()  # distributed futures
    try:
        block_chunks = max(1, len(client.scheduler_info()["workers"])) * IN_FLIGHT_PER_WORKER
        for block in _batches(chunks, block_chunks):
            bag = dask.bag.from_sequence(list(chain.from_iterable(block)), partition_size=chunk_size)
            pending.append(client.compute(bag.map_partitions(parse_chunk, spec, transform)))
            if len(pending) >= 2:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _raise(bad: BadRecord) -> None:
    raise DocumentError(str(bad))


def pipe(
    documents: Iterable[Document],
    *,
    workers: int | None = 1,
    engine: str = "processes",
    scheduler: str | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    gazetteer: Gazetteer | Sequence[PathArg] | None = None,
    ner: str | None = None,
    policy: RankingPolicy | None = None,
    parser: Geoparser | None = None,
    on_error: OnError | None = None,
    progress: bool = False,
    transform: Transform[Any] = parsed_document,
) -> Iterator[Any]:
    """The one loop: parse documents and yield ``transform(document, resolutions)`` per document, in input order.

    ``workers=1`` parses in this process (so does the ``processes`` engine when the input fits in one chunk);
    ``workers=N`` (None: every core) shares chunks of ``chunk_size`` documents out to N spawned processes, or to Dask
    with ``engine="dask"`` (``scheduler``: an existing cluster). Streaming: documents are pulled only as workers free
    up, so memory stays flat. ``gazetteer`` is a Gazetteer or its artifact paths (None: the default); ``policy`` the
    RankingPolicy to resolve with (None: the default); ``parser`` an already loaded Geoparser to reuse in this process
    (its gazetteer, NER and policy then go to the workers, and ``gazetteer``, ``ner`` and ``policy`` are not used).
    The default transform yields :class:`ParsedDocument`; another must be a module-level function (it runs in the
    workers). A document refused as bad input (DocumentError) goes
    to ``on_error`` and is skipped (raised when ``on_error`` is None); any other exception is a bug and propagates.
    """
    from tqdm import tqdm

    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    workers = workers or default_workers()
    if workers < 1 or chunk_size < 1:
        raise ValueError("workers and chunk_size must be at least 1")
    if parser is not None:
        spec = parser.spec
    elif isinstance(gazetteer, Gazetteer):
        parser = Geoparser(gazetteer, ner=ner, policy=policy)
        spec = parser.spec
    else:
        spec = ParserSpec(None if gazetteer is None else tuple(os.fspath(p) for p in gazetteer), ner,
                          policy_key(policy))
    report = on_error or _raise
    iterator = iter(documents)
    first = list(islice(iterator, chunk_size))
    chunks = _batches(chain(first, iterator), chunk_size)
    if engine == "dask" or scheduler is not None:
        results = _with_dask(chunks, chunk_size, workers, scheduler, spec, transform)
    elif workers == 1 or len(first) < chunk_size:
        results = _in_process(chunks, spec, transform, parser)
    else:
        results = _with_processes(chunks, workers, spec, transform)
    # closing: a consumer that stops early shuts the pool or cluster down now, not whenever the generator is collected
    with closing(results), tqdm(desc="parsing", unit="doc", file=sys.stderr, disable=not progress,
                                dynamic_ncols=True) as bar:
        for chunk_results in results:
            for result in chunk_results:
                if isinstance(result, Refused):
                    report(BadRecord(result.source or result.doc_id, None,
                                     f"document {result.doc_id!r} refused: {result.error}"))
                else:
                    yield result
            bar.update(len(chunk_results))
