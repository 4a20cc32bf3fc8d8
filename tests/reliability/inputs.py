"""The files crash trials import, made once per harness run: transcripts, a registry
spreadsheet and a REFI-QDA project, each large enough that an import takes a few seconds
and a kill at a random moment usually lands in the middle of it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bench.bench_refi import generate as generate_refi_project
from bench.generate.organisations import make_organisations, write_organisations_csv
from mutualscope.services.project import init_project
from mutualscope.services.refi import export_qdpx
from tests.reliability.corpus import write_transcripts


@dataclass(frozen=True)
class Scale:
    transcripts: int  # files in the transcript folder (>= the read-ahead's MIN_ITEMS)
    turns: int  # turns in each transcript
    organisations: int  # rows in the registry spreadsheet
    refi_documents: int
    refi_codings: int
    coders: int  # coders posting codings to the server at once


SCALES = {
    # A handful of trials in the test suite: smaller files, the same paths through the code.
    "ci": Scale(
        transcripts=10, turns=800, organisations=1000, refi_documents=30, refi_codings=1500,
        coders=3,
    ),
    "full": Scale(
        transcripts=16, turns=1500, organisations=3000, refi_documents=80, refi_codings=6000,
        coders=4,
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Inputs:
    transcripts: Path  # a folder
    turns: dict[str, int]  # {file name: turns}
    registry: Path  # a CSV file
    organisations: int
    qdpx: Path
    coding_transcript: Path  # the one transcript coders code in the server trials
    scale: Scale


def build_inputs(folder: Path, scale: Scale, *, seed: int = 13) -> Inputs:
    folder.mkdir(parents=True, exist_ok=True)
    turns = write_transcripts(
        folder / "transcripts", files=scale.transcripts, turns=scale.turns, seed=seed
    )
    rows = make_organisations(scale.organisations, seed=seed)
    registry = write_organisations_csv(rows, folder / "registry.csv")
    coding = write_transcripts(folder / "coding", files=1, turns=300, seed=seed + 1)
    qdpx = folder / "project.qdpx"
    for stale in folder.glob("refi-source.db*"):
        stale.unlink()
    source, _ = init_project(folder / "refi-source.db")
    try:
        generate_refi_project(source, scale.refi_documents, scale.refi_codings, seed=seed)
        with source.session() as session:
            export_qdpx(session, path=qdpx)
    finally:
        source.close()
    return Inputs(
        transcripts=folder / "transcripts",
        turns=turns,
        registry=registry,
        organisations=len(rows),
        qdpx=qdpx,
        coding_transcript=folder / "coding" / next(iter(coding)),
        scale=scale,
    )
