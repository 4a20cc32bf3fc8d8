"""Every importer the fuzzing harness drives, with the real files its mutations start from:
the test fixtures and the demo project's data.

An importer is a command that reads a file a user gives it: ``orgs import`` (CSV, XLSX),
``docs import`` (every transcript format), ``codes import`` (CSV, YAML), ``refi import``
(.qdpx, .qdc) and ``report build --config`` (YAML).
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from mutualscope.demo.registry import REGISTRY_FILE
from mutualscope.demo.transcripts import DATA_DIR as DEMO_TRANSCRIPTS
from mutualscope.io.codebooks import parse_codebook_yaml, write_codebook_csv
from mutualscope.io.transcripts import SUPPORTED_SUFFIXES
from tests.fuzz.inputs import FIXTURES

DEMO_DATA = REGISTRY_FILE.parents[1]
PRESETS = Path(__file__).parents[2] / "src" / "mutualscope" / "services" / "data" / "codebooks"

Command = Callable[[Path, Path, random.Random], tuple[str, ...]]


@dataclass(frozen=True)
class Importer:
    """A command that reads a user's file, and the files to start from."""

    name: str
    seeds: tuple[Path, ...]
    command: Command
    #: Lines that report a refused file: ``Error: ...``, and ``Failed: ...`` per file
    #: for ``docs import``.
    refusals: tuple[str, ...] = ("Error:",)
    #: How often it is chosen, relative to the others (by the formats it reads).
    weight: int = 1
    #: Consistency findings that are this importer's design, not damage (see below).
    by_design: tuple[str, ...] = ()

    @property
    def suffixes(self) -> tuple[str, ...]:
        return tuple(sorted({seed.suffix for seed in self.seeds}))


def _orgs(path: Path, _workdir: Path, rng: random.Random) -> tuple[str, ...]:
    flags = rng.choice(((), (), ("--skip-invalid",), ("--dry-run",)))
    return ("orgs", "import", str(path), *flags)


def _docs(path: Path, _workdir: Path, _rng: random.Random) -> tuple[str, ...]:
    return ("docs", "import", str(path))


def _codes(path: Path, _workdir: Path, rng: random.Random) -> tuple[str, ...]:
    return ("codes", "import", str(path), *rng.choice(((), ("--update",))))


def _refi(path: Path, _workdir: Path, rng: random.Random) -> tuple[str, ...]:
    return ("refi", "import", str(path), "--merge", *rng.choice(((), ("--dry-run",))))


def _report(path: Path, workdir: Path, _rng: random.Random) -> tuple[str, ...]:
    return ("report", "build", "--config", str(path), "--out", str(workdir / "report.md"))


def write_seeds(folder: Path) -> None:
    """The seeds made from others: the demo registry as a workbook, the seed codebook as CSV."""
    folder.mkdir(parents=True, exist_ok=True)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    with REGISTRY_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            sheet.append(row)
    workbook.save(folder / "registry.xlsx")
    specs = parse_codebook_yaml((PRESETS / "seed.yaml").read_text(encoding="utf-8"))
    (folder / "codebook.csv").write_text(write_codebook_csv(specs), encoding="utf-8")


def importers(folder: Path) -> list[Importer]:
    """The importers, with seeds from the fixtures, the demo data and ``folder`` (where
    :func:`write_seeds` wrote the made ones)."""
    transcripts = [
        path
        for base in (FIXTURES / "transcripts", DEMO_TRANSCRIPTS)
        for path in sorted(base.iterdir())
        if path.suffix in SUPPORTED_SUFFIXES and path.stat().st_size > 0
    ]
    refi = sorted((FIXTURES / "refi").glob("*.qd[pc]*"))
    return [
        Importer("orgs", (REGISTRY_FILE, folder / "registry.xlsx"), _orgs, weight=2),
        Importer("docs", tuple(transcripts), _docs, ("Error:", "Failed:"), weight=4),
        Importer("codes", (PRESETS / "seed.yaml", folder / "codebook.csv"), _codes, weight=2),
        # A REFI-QDA text source may hold its text inline, with no file: such a document
        # has no original file (services/refi/documents.py), which the crash trials'
        # check counts as a partial document.
        Importer("refi", tuple(refi), _refi, weight=2, by_design=(": no original file",)),
        Importer("report", (DEMO_DATA / "report" / "report.yaml",), _report),
    ]
