"""Issue 14: ``codings import`` of 10,000 rows of codings given by their text (no
offsets) into the coding benchmark's corpus (``medium`` and ``large``).

The project is the one :mod:`bench.bench_coding` generates (documents of ten speaker
turns, the seed codebook). The file is a CSV as other tools export it: each row names a
document, a leaf code, a coder and a passage of five to twelve words from one turn; half
the passages are written as the document has them (found exactly), the other half as an
export mangles them (line breaks and doubled spaces between words, so they are found by
tolerant matching). The import places every row and adds the codings in one
transaction; a second import of the same file (adding nothing) is timed too.
"""

from __future__ import annotations

import csv
import random
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bench.bench_coding import generate
from bench.measure import result
from mutualscope.services.code_index import CodeIndex
from mutualscope.services.coding_imports import import_codings
from mutualscope.services.project import Project, init_project
from mutualscope.storage.models import Document

ISSUE = 14
SIZES = {"small": (200, 1_000), "medium": (2_000, 10_000), "large": (10_000, 10_000)}


def write_codings(project: Project, path: Path, rows: int, seed: int = 14) -> None:
    """A CSV of ``rows`` codings by text on the project's documents."""
    rng = random.Random(seed)
    with project.session() as session:
        index = CodeIndex.load(session)
        leaves = [index.path(c.id) for c, _ in index.walk() if not index.children.get(c.id)]
        documents = session.execute(select(Document.name, Document.text)).all()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Document", "Code", "Coder", "Text"])
        for n in range(rows):
            name, text = documents[rng.randrange(len(documents))]
            turn = rng.choice([line for line in text.split("\n") if ": " in line])
            words = turn.split(": ", 1)[1].split(" ")
            size = min(len(words), rng.randint(5, 12))
            first = rng.randrange(len(words) - size + 1)
            passage = words[first : first + size]
            if n % 2:  # mangled as exports do: a line break and a doubled space
                passage[size // 2] = "\n" + passage[size // 2]
                passage[0] += " "
            writer.writerow([name, rng.choice(leaves), rng.choice(["ana", "ben"]),
                             " ".join(passage)])  # fmt: skip


def run(scale: str, workdir: Path) -> list[dict[str, Any]]:
    documents, rows = SIZES[scale]
    project, _ = init_project(workdir / f"codings-import-{scale}.db")
    generate(project, documents, 2)
    path = workdir / "codings.csv"
    write_codings(project, path, rows)
    note = f"{rows:,} rows by text into {documents:,} documents, SQLite"
    figures = []
    labels = (f"codings import ({rows:,} rows by text)", "codings import again (adds nothing)")
    for label in labels:
        began, cpu = time.perf_counter(), time.process_time()
        with project.session() as session:
            report = import_codings(session, path)
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
        detail = (
            f"{note}; {report.added:,} added, {report.duplicates:,} repeats, "
            f"{report.tolerant:,} placed tolerantly"
        )
        figures.append(result(label, "seconds", seconds, "s", issue=ISSUE, note=detail))
        figures.append(result(label, "cpu seconds", cpu, "s", issue=ISSUE, note=detail))
        figures.append(result(label, "rows per second", rows / seconds, "rows/s", issue=ISSUE,
                              better="higher", note=detail))  # fmt: skip
    project.close()
    return figures


if __name__ == "__main__":
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for row in run(sys.argv[1] if len(sys.argv) > 1 else "small", Path(folder)):
            print(f"{row['benchmark']:<40} {row['metric']:<15} {row['value']:10.2f} {row['unit']}")
