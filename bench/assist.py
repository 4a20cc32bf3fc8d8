"""Local assistance, measured (issue 17): embedding throughput against the raw model,
memory, search and suggestion latency at 100,000 turns, and suggestions against the
keyword baseline on the demo and on a larger coded project (bench/assist_corpus.py).

    python -m bench.assist throughput [--words 200000]
    python -m bench.assist latency [--turns 100000]
    python -m bench.assist evaluate [--interviews 60] [--demo PATH]
    python -m bench.assist search-modes [--interviews 60]

Each prints a table and, with ``--json PATH``, writes its figures. The machine is shared
with other work: every figure comes with the load average while it ran and the CPU time
beside the wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from bench import assist_corpus
from mutualscope.io.embeddings import load_model, text_hash
from mutualscope.services.assist.evaluation import evaluate_suggestions, mean_scores
from mutualscope.services.assist.indexing import index_passages, wanted_passages
from mutualscope.services.assist.semantic_search import semantic_search
from mutualscope.services.assist.suggestions import suggest_codings
from mutualscope.services.project import Project, init_project
from mutualscope.storage.assist import PassageEmbedding, vector_bytes
from mutualscope.storage.codebook import Code, Coding
from mutualscope.storage.documents import Document, Segment


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _load() -> str:
    return " ".join(f"{v:.1f}" for v in os.getloadavg())


@contextmanager
def _timed(figures: dict[str, Any], key: str) -> Iterator[None]:
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    figures[f"{key}_s"] = round(time.perf_counter() - wall, 3)
    figures[f"{key}_cpu_s"] = round(time.process_time() - cpu, 3)


def _add_documents(
    session: Session, documents: list[tuple[str, str, list[tuple[str, int, int]]]]
) -> dict[str, int]:
    """Documents (name, text, turns) written straight into the tables; name -> id."""
    ids = {}
    for name, text, turns in documents:
        doc = Document(name=name, text=text, length=len(text), word_count=len(text.split()))
        session.add(doc)
        session.flush()
        ids[name] = doc.id
        session.execute(
            insert(Segment),
            [
                {"document_id": doc.id, "position": i, "start": s, "end": e, "speaker": who}
                for i, (who, s, e) in enumerate(turns)
            ],
        )
    session.commit()
    return ids


def coded_project(path: Path, interviews: int, seed: int = 17) -> Project:
    """The coded project of :mod:`bench.assist_corpus` as a mutualscope project."""
    project, _ = init_project(path)
    made = assist_corpus.make_project(interviews, seed)
    with project.session() as session:
        ids = _add_documents(session, [(i.name, i.text, i.turns) for i in made])
        codes = {}
        for name, (definition, _) in assist_corpus.CODES.items():
            code = Code(name=name, definition=definition)
            session.add(code)
            session.flush()
            codes[name] = code.id
        for interview in made:
            for name, start, end in interview.codings:
                session.add(
                    Coding(
                        document_id=ids[interview.name], code_id=codes[name], start=start, end=end
                    )
                )
        session.commit()
    return project


def bench_corpus_texts(words: int) -> list[tuple[str, str, list[tuple[str, int, int]]]]:
    """Interviews of the benchmark corpus, about ``words`` words in all."""
    from bench.generate.transcripts import make_transcripts

    count = max(1, words // 5000)
    documents = []
    for t in make_transcripts(count, 5000, cases=10, seed=3):
        text = t.text
        turns = [(turn.speaker, turn.start, turn.end) for turn in t.turns]
        documents.append((t.name, text, turns))
    return documents


def throughput(words: int) -> dict[str, Any]:
    """``assist index`` end to end against the model alone on the same passages."""
    figures: dict[str, Any] = {"load_before": _load()}
    model = load_model()
    with tempfile.TemporaryDirectory() as folder:
        project, _ = init_project(Path(folder) / "t.db")
        with project.session() as session:
            _add_documents(session, bench_corpus_texts(words))
            passages = wanted_passages(session)
        texts = list(dict.fromkeys(p.text for p in passages))
        figures["passages"] = len(texts)
        figures["words"] = sum(len(t.split()) for t in texts)
        with _timed(figures, "raw_model"):
            model.embed(texts)
        with project.session() as session, _timed(figures, "index"):
            index_passages(session, model)
        project.close()
    figures["raw_words_per_minute"] = round(figures["words"] / figures["raw_model_s"] * 60)
    figures["index_words_per_minute"] = round(figures["words"] / figures["index_s"] * 60)
    figures["index_over_raw"] = round(figures["index_s"] / figures["raw_model_s"], 3)
    figures["minutes_per_million_words"] = round(1e6 / figures["index_words_per_minute"], 1)
    figures["peak_rss_mb"] = round(_rss_mb())
    figures["load_after"] = _load()
    return figures


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(share * len(ordered)) - 1)]


def latency_project(path: Path, turns: int, model: Any) -> Project:
    """``turns`` turns of 100 per document, one passage each, a code with 200 codings,
    and random unit vectors for every passage."""
    rng = np.random.default_rng(5)
    per_document = 100
    project, _ = init_project(path)
    with project.session() as session:
        sentence = "We took risks with the surplus and the staff council voted on it."
        documents = []
        for d in range(turns // per_document):
            text = ""
            spans = []
            for _ in range(per_document):
                spans.append(("Nurse", len(text), len(text) + len(sentence)))
                text += sentence + "\n"
            documents.append((f"d{d}.txt", text, spans))
        _add_documents(session, documents)
        code = Code(name="Freedom and risk", definition="Room to try things out and fail.")
        session.add(code)
        session.flush()
        rows = session.execute(
            select(Segment.id, Segment.document_id, Segment.start, Segment.end)
        ).all()
        for first in range(0, len(rows), 5000):
            chunk = rows[first : first + 5000]
            vectors = rng.standard_normal((len(chunk), model.dimensions))
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            session.execute(
                insert(PassageEmbedding),
                [
                    {"segment_id": r.id, "document_id": r.document_id, "start": r.start,
                     "end": r.end, "model": model.name, "text_hash": text_hash(str(r.id)),
                     "vector": vector_bytes(v.astype(np.float32))}
                    for r, v in zip(chunk, vectors, strict=True)
                ],
            )  # fmt: skip
        for r in rows[:: max(1, len(rows) // 200)]:
            session.add(
                Coding(document_id=r.document_id, code_id=code.id, start=r.start, end=r.end)
            )
        session.commit()
    return project


QUESTIONS = ("staff felt free to take risks", "money from charities", "the council cut the budget")


def latency(turns: int, repeats: int = 40) -> dict[str, Any]:
    """Search (both modes) and suggestions (both methods) over ``turns`` turns, vectors
    drawn at random: their values do not change the work of ranking; the question is
    embedded by the real model. Every turn holds the same words, so the keyword half
    of hybrid search meets its worst case (every turn matches)."""
    figures: dict[str, Any] = {"turns": turns, "load_before": _load()}
    model = load_model()
    with tempfile.TemporaryDirectory() as folder:
        project = latency_project(Path(folder) / "l.db", turns, model)
        with project.session() as session, _timed(figures, "first_search_reads_vectors"):
            semantic_search(session, model, QUESTIONS[0])
        for mode in ("semantic", "hybrid"):
            times = []
            cpu = []
            for i in range(repeats):
                with project.session() as session:
                    start, started = time.perf_counter(), time.process_time()
                    semantic_search(session, model, QUESTIONS[i % 3], limit=20, mode=mode)
                    times.append((time.perf_counter() - start) * 1000)
                    cpu.append((time.process_time() - started) * 1000)
            figures[f"search_{mode}_cpu_p50_ms"] = round(statistics.median(cpu), 1)
            figures[f"search_{mode}_p50_ms"] = round(statistics.median(times), 1)
            figures[f"search_{mode}_p95_ms"] = round(_percentile(times, 0.95), 1)
        for method in ("centroid", "logistic"):
            times = []
            cpu = []
            for _ in range(max(5, repeats // 4)):
                with project.session() as session:
                    start, started = time.perf_counter(), time.process_time()
                    suggest_codings(session, model, "Freedom and risk", top=10, method=method)
                    times.append((time.perf_counter() - start) * 1000)
                    cpu.append((time.process_time() - started) * 1000)
            figures[f"suggest_{method}_cpu_p50_ms"] = round(statistics.median(cpu), 1)
            figures[f"suggest_{method}_p50_ms"] = round(statistics.median(times), 1)
            figures[f"suggest_{method}_max_ms"] = round(max(times), 1)
        project.close()
    figures["peak_rss_mb"] = round(_rss_mb())
    figures["load_after"] = _load()
    return figures


def _evaluate_project(project: Project, label: str) -> list[dict[str, Any]]:
    model = load_model()
    with project.session() as session:
        index_passages(session, model)
        results = evaluate_suggestions(session, model)
    rows = [dict(r.as_dict(), project=label) for r in [*results, *mean_scores(results)]]
    return rows


def _over_projects(
    measure: Callable[[Project, str], list[dict[str, Any]]], interviews: int, demo: Path | None
) -> list[dict[str, Any]]:
    """``measure`` on the coded evaluation project, and on a copy of the demo's."""
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder:
        project = coded_project(Path(folder) / "coded.db", interviews)
        rows += measure(project, f"coded-{interviews}")
        project.close()
        if demo is not None:
            from mutualscope.services.project import open_project

            copy = Path(folder) / "demo.db"
            copy.write_bytes(demo.read_bytes())
            project = open_project(copy)
            rows += measure(project, "demo")
            project.close()
    return rows


def evaluate(interviews: int, demo: Path | None) -> list[dict[str, Any]]:
    return _over_projects(_evaluate_project, interviews, demo)


def _search_modes_project(project: Project, label: str) -> list[dict[str, Any]]:
    """Each code's definition as a question; relevant: the passages coded with it."""
    from mutualscope.domain.retrieval import score_ranking
    from mutualscope.services.assist.coded import code_spans, overlapping_rows
    from mutualscope.services.assist.semantic_search import rank_passages
    from mutualscope.services.assist.suggestions import code_text
    from mutualscope.services.assist.vectors import load_vectors
    from mutualscope.services.code_index import CodeIndex

    model = load_model()
    rows = []
    with project.session() as session:
        index_passages(session, model)
        vectors = load_vectors(session, model.name, model.dimensions)
        codes = CodeIndex.load(session)
        for code, _ in codes.walk():
            relevant = overlapping_rows(vectors, code_spans(session, code.id))
            if len(relevant) < 2:
                continue
            for mode in ("semantic", "hybrid"):
                _, order, _ = rank_passages(session, model, code_text(code), mode=mode)
                scores = score_ranking(order, relevant, 10)
                rows.append({
                    "project": label, "code": codes.path(code.id), "method": mode,
                    "passages": len(relevant), "hidden": len(relevant),
                    "average_precision": round(scores.average_precision, 4),
                    "precision_at_k": round(scores.precision_at_k, 4),
                    "recall_at_k": round(scores.recall_at_k, 4),
                })  # fmt: skip
    for mode in ("semantic", "hybrid"):
        chosen = [r for r in rows if r["method"] == mode]
        rows.append({
            "project": label, "code": "(mean)", "method": mode,
            "passages": sum(r["passages"] for r in chosen), "hidden": 0,
            **{key: round(float(np.mean([r[key] for r in chosen])), 4)
               for key in ("average_precision", "precision_at_k", "recall_at_k")},
        })  # fmt: skip
    return rows


def search_modes(interviews: int, demo: Path | None) -> list[dict[str, Any]]:
    return _over_projects(_search_modes_project, interviews, demo)


def _table(rows: list[dict[str, Any]]) -> str:
    table: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        line = table.setdefault((row["project"], row["code"]), {
            "project": row["project"], "code": row["code"], "passages": row["passages"],
            "hidden": row["hidden"]})  # fmt: skip
        line[f"AP {row['method']}"] = row["average_precision"]
        line[f"P@10 {row['method']}"] = row["precision_at_k"]
        line[f"R@10 {row['method']}"] = row["recall_at_k"]
    lines = []
    for line in table.values():
        lines.append(" | ".join(str(v) for v in line.values()))
    header = " | ".join(next(iter(table.values())).keys()) if table else ""
    return "\n".join([header, *lines])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Local assistance benchmarks (issue 17).")
    parser.add_argument("what", choices=["throughput", "latency", "evaluate", "search-modes"])
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--turns", type=int, default=100_000)
    parser.add_argument("--interviews", type=int, default=60)
    parser.add_argument("--demo", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    runners: dict[str, Callable[[], Any]] = {
        "throughput": lambda: throughput(args.words),
        "latency": lambda: latency(args.turns),
        "evaluate": lambda: evaluate(args.interviews, args.demo),
        "search-modes": lambda: search_modes(args.interviews, args.demo),
    }
    figures = runners[args.what]()
    if args.what in ("evaluate", "search-modes"):
        print(_table(figures))
    else:
        print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
