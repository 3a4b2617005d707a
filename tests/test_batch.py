"""Batch parsing: N workers (processes or Dask) write the in-memory output byte for byte, stream, skip bad records."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import geopandas
import pyarrow.parquet
import pytest

import geo
from geo.evaluation import bench
from geo.outputs import batch, export
from geo.outputs.cli import main
from geo.core.documents import BadRecord, iter_documents
from geo.store.gazetteer import ENV_ARTIFACT, Gazetteer, reset_default
from geo.core.model import Document, Resolution
from geo.core.pipeline import Geoparser, pipe
from geo.errors import DocumentError

SENTENCES = (
    "Clashes broke out in Kabul on Monday, Afghan officials said.",
    "A drone strike hit a compound near Peshawar, in Pakistan's north-west.",
    "Islamabad said the talks with New Delhi would resume next week.",
    "Fighting continued in Kunar province, near the border with Pakistan.",
    "Washington said it was monitoring the situation in Afghanistan.",
    "Pakistani troops were deployed along the Line of Control in Kashmir.",
    "The ministry did not respond to a request for comment.",
    "Aid agencies warned of shortages of food and medicine in India.",
)
BAD_LINES = {  # line number -> (JSON Lines line, reason reported)
    6: ('{"id": "broken", "text": "Kabul', "invalid JSON"),
    15: ('{"id": "no-text", "title": "Peshawar"}', "missing 'text'"),
    27: ('{"id": "number", "text": 42}', "'text' is not a string"),
}
GOOD_DOCS = 40
FORMATS = ("mentions", "geojson", "csv", "mentions-geojson", "mentions-csv")


def _document_line(i: int) -> str:
    text = " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(1 + i % 5))
    record: dict[str, object] = {"text": text}
    if i % 7:  # every seventh record has no id ("corpus:LINE"); a few ids repeat ("#2")
        record["id"] = f"doc-{i % 30}"
    if i % 3 == 0:
        record["title"] = f"Report {i}"
    return json.dumps(record)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    lines, good = [], 0
    while good < GOOD_DOCS:
        if len(lines) + 1 in BAD_LINES:
            lines.append(BAD_LINES[len(lines) + 1][0])
        else:
            lines.append(_document_line(good))
            good += 1
    path = tmp_path_factory.mktemp("batch") / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def parser(small_gazetteer: Gazetteer) -> Geoparser:
    return Geoparser(small_gazetteer)


@pytest.fixture(scope="module")
def gazetteer(small_gazetteer: Gazetteer) -> list[Path]:
    """The small gazetteer's artifact, as the engine's ``gazetteer`` option (workers open it themselves)."""
    return [small_gazetteer.layers[0].path]


@pytest.fixture
def default_is_small(gazetteer: list[Path], monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make the small gazetteer the default one, for the command line and the processes it starts."""
    monkeypatch.setenv(ENV_ARTIFACT, str(gazetteer[0]))
    reset_default()
    yield
    reset_default()


@pytest.fixture(scope="module")
def in_memory(corpus: Path, parser: Geoparser) -> dict[str, str]:
    """Each format as the in-memory CLI wrote it: everything parsed first, then exported."""
    result = parser.parse(iter_documents([corpus], on_error=lambda bad: None))
    return {
        "mentions": "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in export.document_records(result)),
        "geojson": json.dumps(export.places_geojson(result, parser.gazetteer), ensure_ascii=False) + "\n",
        "csv": export.places_csv(result),
        "mentions-geojson": json.dumps(export.mentions_geojson(result), ensure_ascii=False) + "\n",
        "mentions-csv": export.mentions_csv(result),
    }


def _write(corpus: Path, fmt: str, out: Path, gazetteer: list[Path], **engine: object) -> tuple[str, list[BadRecord]]:
    skipped: list[BadRecord] = []
    batch.write_corpus([corpus], fmt, out, on_error=skipped.append, progress=False, gazetteer=gazetteer, **engine)
    return out.read_text(encoding="utf-8"), skipped


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_and_two_workers_write_the_in_memory_output(corpus, in_memory, gazetteer, tmp_path, fmt) -> None:
    one, _ = _write(corpus, fmt, tmp_path / "one", gazetteer, workers=1)
    two, _ = _write(corpus, fmt, tmp_path / "two", gazetteer, workers=2, chunk_size=4)
    assert one == two == in_memory[fmt]


def test_geojson_is_the_in_memory_feature_collection(corpus, in_memory, gazetteer, tmp_path) -> None:
    text, _ = _write(corpus, "geojson", tmp_path / "places.geojson", gazetteer, workers=2, chunk_size=3)
    collection = json.loads(text)
    assert collection == json.loads(in_memory["geojson"])
    assert collection["type"] == "FeatureCollection" and collection["features"]
    kabul = next(f for f in collection["features"] if f["properties"]["name"] == "Kabul")
    assert kabul["properties"]["mention_count"] == len(kabul["properties"]["quotes"]) > 1


def test_bad_records_are_reported_with_line_numbers_and_skipped(corpus, gazetteer, tmp_path) -> None:
    text, skipped = _write(corpus, "mentions", tmp_path / "out.jsonl", gazetteer, workers=2, chunk_size=4)
    assert [(bad.line_number, bad.path) for bad in skipped] == [(n, str(corpus)) for n in sorted(BAD_LINES)]
    for bad in skipped:
        assert BAD_LINES[bad.line_number][1] in bad.reason
    records = [json.loads(line) for line in text.splitlines()]
    assert len(records) == GOOD_DOCS
    assert "corpus:1" in {r["doc"] for r in records} and "doc-1#2" in {r["doc"] for r in records}


def test_cli_parse_with_workers_counts_skipped_records(corpus, in_memory, default_is_small, tmp_path, capsys) -> None:
    out = tmp_path / "cli.jsonl"
    assert main(["parse", str(corpus), "--workers", "2", "-o", str(out), "--quiet"]) == 0
    assert out.read_text(encoding="utf-8") == in_memory["mentions"]
    err = capsys.readouterr().err
    for line_number in BAD_LINES:
        assert f"{corpus}, line {line_number}:" in err
    assert f"parsed {GOOD_DOCS} document(s); {len(BAD_LINES)} bad record(s) skipped" in err


def test_cli_parse_of_files_and_folders_still_works(tmp_path, parser, default_is_small, capsys) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(SENTENCES[0], encoding="utf-8")
    (folder / "b.md").write_text(SENTENCES[1], encoding="utf-8")
    assert main(["parse", str(folder), "--format", "mentions"]) == 0
    printed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    expected = list(export.document_records(parser.parse(iter_documents([folder]))))
    assert printed == expected and [r["doc"] for r in printed] == ["a", "b"]


class CountingDocuments:
    """A generator of documents that counts how many have been pulled from it."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.pulled = 0

    def __iter__(self) -> Iterator[Document]:
        for i in range(self.total):
            self.pulled += 1
            yield Document(f"d{i}", SENTENCES[i % len(SENTENCES)])


@pytest.mark.parametrize("workers", [1, 2])
def test_results_stream_out_before_the_input_is_exhausted(gazetteer, workers) -> None:
    chunk = 2
    source = CountingDocuments(120)
    in_flight = chunk * max(workers * batch.IN_FLIGHT_PER_WORKER, 1)
    seen = []
    for record in batch.parse_documents(source, workers=workers, chunk_size=chunk, progress=False,
                                        gazetteer=gazetteer):
        seen.append(record["doc"])
        assert source.pulled - len(seen) < in_flight + chunk  # read-ahead stays bounded: memory is flat
        if len(seen) == 1:
            assert source.pulled <= in_flight < source.total
    assert seen == [f"d{i}" for i in range(source.total)]


def fail_on_boom(document: Document, resolutions: list[Resolution]) -> str:
    """A transform that raises on some documents, as a parser bug would."""
    if "boom" in document.id:
        raise ValueError("cannot handle this one")
    return document.id


def refuse_huge(document: Document, resolutions: list[Resolution]) -> str:
    """A transform that refuses some documents as bad input (DocumentError), as a stage refusing input does."""
    if "huge" in document.id:
        raise DocumentError(f"{document.id}: too large to parse")
    return document.id


@pytest.mark.parametrize("workers", [1, 2])
def test_a_bug_in_a_stage_raises_and_is_never_a_skipped_record(gazetteer, workers) -> None:
    skipped: list[BadRecord] = []
    documents = [Document(f"d{i}" if i != 3 else "boom", SENTENCES[i]) for i in range(6)]
    with pytest.raises(ValueError, match="cannot handle this one") as raised:
        list(batch.parse_documents(documents, workers=workers, chunk_size=2, on_error=skipped.append,
                                   progress=False, gazetteer=gazetteer, transform=fail_on_boom))
    assert skipped == [] and not isinstance(raised.value, DocumentError)
    assert any("'boom'" in note for note in getattr(raised.value, "__notes__", []))


def test_bad_input_refused_by_a_stage_is_skipped_and_reported(gazetteer) -> None:
    skipped: list[BadRecord] = []
    documents = [Document(f"d{i}" if i != 2 else "huge", SENTENCES[i]) for i in range(5)]
    results = list(batch.parse_documents(documents, workers=1, on_error=skipped.append, progress=False,
                                         gazetteer=gazetteer, transform=refuse_huge))
    assert results == ["d0", "d1", "d3", "d4"]
    assert len(skipped) == 1 and "'huge'" in skipped[0].reason and "too large" in skipped[0].reason
    with pytest.raises(DocumentError, match="too large"):  # nobody listening: bad input raises
        list(pipe(documents, gazetteer=gazetteer, transform=refuse_huge))


def test_pipe_yields_parsed_documents_in_input_order_for_every_engine(small_gazetteer, gazetteer) -> None:
    documents = [Document(f"d{i}", SENTENCES[i % len(SENTENCES)]) for i in range(12)]
    parser = Geoparser(small_gazetteer)
    expected = [(d.id, tuple(parser.parse_document(d))) for d in documents]
    one = [(item.document.id, item.resolutions) for item in pipe(documents, gazetteer=small_gazetteer)]
    two = [(item.document.id, item.resolutions) for item in pipe(documents, workers=2, chunk_size=3,
                                                                gazetteer=gazetteer)]
    assert one == two == expected
    assert geo.pipe is pipe


def test_geoparquet_is_the_mentions_frame_in_row_groups(corpus, parser, default_is_small, tmp_path) -> None:
    result = parser.parse(iter_documents([corpus], on_error=lambda bad: None))
    path = tmp_path / "mentions.parquet"
    writer = batch.MentionParquetWriter(path, batch_rows=25)
    for record in export.document_records(result):
        writer.add(record)
    writer.close()
    assert pyarrow.parquet.ParquetFile(path).num_row_groups > 1
    frame, expected = geopandas.read_parquet(path), export.mentions_frame(result)
    assert frame.crs.to_epsg() == 4326 and list(frame.columns) == list(expected.columns)
    assert frame.geometry.equals(expected.geometry)
    for column in ("doc", "text", "start", "end", "place_id", "name", "confidence", "quote_text", "kind"):
        assert frame[column].tolist() == expected[column].tolist()
    assert [list(a) for a in frame["reasons"]] == expected["reasons"].tolist()
    assert [[dict(x) for x in a] for a in frame["alternatives"]] == expected["alternatives"].tolist()

    cli_path = tmp_path / "cli.parquet"
    assert main(["parse", str(corpus), "--workers", "2", "--format", "geoparquet", "-o", str(cli_path),
                 "--quiet"]) == 0
    assert geopandas.read_parquet(cli_path).drop(columns="geometry").equals(frame.drop(columns="geometry"))


def test_dask_cluster_gives_the_single_process_output_and_loads_once_per_worker(corpus, in_memory, gazetteer) -> None:
    from distributed import Client, LocalCluster

    expected = [json.loads(line) for line in in_memory["mentions"].splitlines()]
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        for _ in range(2):
            records = list(batch.parse_corpus([corpus], scheduler=cluster.scheduler_address, chunk_size=2,
                                              on_error=lambda bad: None, progress=False, gazetteer=gazetteer))
            assert records == expected
        initialisations = list(client.run(batch.parser_initialisations).values())
    # 40 partitions ran on 2 workers, yet each worker that got work built its parser once
    assert set(initialisations) <= {0, 1} and sum(initialisations) >= 1


def test_dask_engine_starts_its_own_local_cluster(corpus, in_memory, gazetteer, tmp_path) -> None:
    text, skipped = _write(corpus, "mentions", tmp_path / "dask.jsonl", gazetteer, workers=2, engine="dask",
                           chunk_size=4)
    assert text == in_memory["mentions"]
    assert [bad.line_number for bad in skipped] == sorted(BAD_LINES)


def test_generated_corpus_is_deterministic(small_gazetteer, tmp_path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    bench.generate_corpus(first, 20, seed=7, gazetteer=small_gazetteer, progress=False)
    bench.generate_corpus(second, 20, seed=7, gazetteer=small_gazetteer, progress=False)
    assert first.read_bytes() == second.read_bytes()
    records = [json.loads(line) for line in first.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 20 and all(r["text"] and r["id"] for r in records)


def test_bench_runs_end_to_end_on_a_tiny_generated_corpus(default_is_small, tmp_path, capsys) -> None:
    corpus = tmp_path / "tiny.jsonl"
    assert main(["bench", "generate", str(corpus), "--docs", "30"]) == 0
    assert main(["bench", str(corpus), "--docs", "30", "--workers", "2"]) == 0
    printed = capsys.readouterr().out
    for figure in bench.FIGURES:
        assert figure.format(n=2) in printed
    assert "PASS" in printed or "FAIL" in printed
