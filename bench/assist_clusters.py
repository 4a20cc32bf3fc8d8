"""``assist clusters`` measured (issue 17): time and the groups' names on the demo and on
the coded evaluation project (bench/assist_corpus.py), and time at scale.

    python -m bench.assist_clusters names [--interviews 60] [--demo PATH]
    python -m bench.assist_clusters scale [--turns 100000]

``names`` prints each group's size, name and first example, to judge whether the names
read well; ``scale`` times the overview over random vectors (their values do not change
the work) with the load average beside it.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.assist import _load, _over_projects, _rss_mb, latency_project
from mutualscope.io.embeddings import load_model
from mutualscope.services.assist.clusters import uncoded_clusters
from mutualscope.services.assist.indexing import index_passages
from mutualscope.services.project import Project


def _overview(project: Project, label: str, index: bool = True) -> list[dict[str, Any]]:
    model = load_model()
    with project.session() as session:
        if index:
            index_passages(session, model)
        load = _load()
        wall, cpu = time.perf_counter(), time.process_time()
        overview = uncoded_clusters(session, model)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    summary = {
        "project": label, "passages": overview.passages, "uncoded": overview.uncoded,
        "k": overview.k, "silhouettes": overview.silhouettes, "seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2), "load": load,
        "clusters": [
            {"size": c.size, "name": c.name,
             "example": " ".join(c.examples[0].match.split())[:100] if c.examples else ""}
            for c in overview.clusters
        ],
    }  # fmt: skip
    return [summary]


def names(interviews: int, demo: Path | None) -> list[dict[str, Any]]:
    return _over_projects(_overview, interviews, demo)


def scale(turns: int) -> dict[str, Any]:
    model = load_model()
    with tempfile.TemporaryDirectory() as folder:
        project = latency_project(Path(folder) / "s.db", turns, model)
        with project.session() as session:
            # Read the vectors once, as a server holding them would have.
            from mutualscope.services.assist.vectors import load_vectors

            started = time.perf_counter()
            load_vectors(session, model.name, model.dimensions)
            reading = time.perf_counter() - started
        figures = _overview(project, f"random-{turns}", index=False)[0]
        project.close()
    figures.pop("clusters")
    figures["reading_vectors_s"] = round(reading, 2)
    figures["peak_rss_mb"] = round(_rss_mb())
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="assist clusters, measured (issue 17).")
    parser.add_argument("what", choices=["names", "scale"])
    parser.add_argument("--interviews", type=int, default=60)
    parser.add_argument("--turns", type=int, default=100_000)
    parser.add_argument("--demo", type=Path)
    args = parser.parse_args(argv)
    if args.what == "names":
        print(json.dumps(names(args.interviews, args.demo), indent=2, ensure_ascii=False))
    else:
        print(json.dumps(scale(args.turns), indent=2))


if __name__ == "__main__":
    main()
