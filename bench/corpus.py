"""A deterministic, seeded corpus for every benchmark: registry, transcripts, codings.

Library use::

    from bench.corpus import build, write

    corpus = build("small")            # or "medium", "large"; seed=0 by default
    corpus.organisations               # list of CSV rows (heading -> cell text), messy
    corpus.transcripts[0].text         # normalised plain text, "Speaker: words" turns
    corpus.transcripts[0].turns        # Turn(speaker, start, end, words, times, sentences)
    corpus.codebook                    # [{"path", "name", "parent", "definition", "colour"}]
    corpus.codings                     # [{"document", "document_name", "start", "end",
                                       #   "code", "coder"}], offsets into .text
    render(corpus.transcripts[0], "docx")      # bytes of one file (txt html vtt srt docx)
    write(corpus, Path("out"), formats=("txt", "html"))   # files on disk, see write()

Command line::

    python -m bench.corpus --scale small --out /tmp/corpus [--formats txt,html] [--seed 0]

The same scale and seed always give byte-identical data, and transcript ``i`` is the
same at every scale that shares its word count, so figures are comparable across runs.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.generate.codings import make_codebook, make_codings
from bench.generate.formats import FORMATS, render, write_transcripts
from bench.generate.organisations import (
    COLUMNS,
    make_organisations,
    write_organisations_csv,
)
from bench.generate.transcripts import (
    EXTERNAL_ROLES,
    INTERVIEWER,
    Transcript,
    Turn,
    make_transcripts,
)

__all__ = [
    "COLUMNS",
    "FORMATS",
    "SCALES",
    "Corpus",
    "Scale",
    "Transcript",
    "Turn",
    "build",
    "get_scale",
    "make_codebook",
    "make_codings",
    "make_organisations",
    "make_transcripts",
    "render",
    "write",
    "write_organisations_csv",
    "write_transcripts",
]


@dataclass(frozen=True)
class Scale:
    """How much of everything one benchmark scale makes."""

    name: str
    organisations: int
    cases: int
    transcripts: int
    words: int  # spoken words per transcript (at least)
    codes: int
    codings: int


SCALES = {
    "small": Scale("small", organisations=60, cases=4, transcripts=8, words=1_000, codes=15,
                   codings=200),
    "medium": Scale("medium", organisations=1_000, cases=30, transcripts=200, words=5_000,
                    codes=60, codings=10_000),
    "large": Scale("large", organisations=10_000, cases=100, transcripts=1_000, words=10_000,
                   codes=150, codings=100_000),
}  # fmt: skip


def get_scale(name: str) -> Scale:
    if name not in SCALES:
        raise ValueError(f"unknown scale {name!r}; expected one of {', '.join(SCALES)}")
    return SCALES[name]


@dataclass
class Corpus:
    """Everything one scale makes, as plain data."""

    scale: Scale
    seed: int
    organisations: list[dict[str, str]]
    transcripts: list[Transcript]
    codebook: list[dict[str, Any]]
    codings: list[dict[str, Any]]

    def cases(self) -> list[dict[str, Any]]:
        """``{"case": "Case 3", "organisation": name}``: case n studies organisation n."""
        labels = sorted({t.case for t in self.transcripts}, key=lambda c: int(c.split()[1]))
        return [
            {
                "case": label,
                "organisation": self.organisations[int(label.split()[1]) - 1]["Name"]
                if int(label.split()[1]) <= len(self.organisations)
                else None,
            }
            for label in labels
        ]

    def participants(self) -> list[dict[str, Any]]:
        """One row per person who speaks in a transcript (the interviewer excluded)."""
        rows = []
        for transcript in self.transcripts:
            for number, (speaker, role) in enumerate(transcript.speakers.items()):
                if speaker == INTERVIEWER:
                    continue
                rows.append(
                    {
                        "label": f"P{transcript.index + 1:05d}-{number}",
                        "case": transcript.case,
                        "role": role,
                        "internal": role not in EXTERNAL_ROLES,
                        "document": transcript.index,
                        "speaker": speaker,
                    }
                )
        return rows


def build(scale: str | Scale, *, seed: int = 0) -> Corpus:
    """Make the corpus of a scale in memory (large: about 10 million words, ~1 minute)."""
    spec = scale if isinstance(scale, Scale) else get_scale(scale)
    transcripts = make_transcripts(spec.transcripts, spec.words, cases=spec.cases, seed=seed)
    codebook = make_codebook(spec.codes)
    return Corpus(
        scale=spec,
        seed=seed,
        organisations=make_organisations(spec.organisations, seed=seed),
        transcripts=transcripts,
        codebook=codebook,
        codings=make_codings(transcripts, codebook, spec.codings, seed=seed),
    )


def write(corpus: Corpus, out: Path, *, formats: tuple[str, ...] = FORMATS) -> dict[str, Any]:
    """Write the corpus under ``out`` and return the manifest (also ``manifest.json``).

    Layout: ``organisations.csv``, ``cases.json``, ``participants.json``,
    ``codebook.json``, ``codings.json`` and ``transcripts/<fmt>/<name>.<fmt>``.
    """
    out.mkdir(parents=True, exist_ok=True)
    write_organisations_csv(corpus.organisations, out / "organisations.csv")
    for name, data in (
        ("cases", corpus.cases()),
        ("participants", corpus.participants()),
        ("codebook", corpus.codebook),
        ("codings", corpus.codings),
    ):
        (out / f"{name}.json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    files = {
        fmt: [p.relative_to(out).as_posix() for p in
              write_transcripts(corpus.transcripts, out / "transcripts" / fmt, fmt)]
        for fmt in formats
    }  # fmt: skip
    manifest = {
        "scale": asdict(corpus.scale),
        "seed": corpus.seed,
        "counts": {
            "organisations": len(corpus.organisations),
            "transcripts": len(corpus.transcripts),
            "words": sum(t.word_count for t in corpus.transcripts),
            "codes": len(corpus.codebook),
            "codings": len(corpus.codings),
        },
        "transcripts": files,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.corpus", description="Write the benchmark corpus of a scale."
    )
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--formats",
        default=",".join(FORMATS),
        help=f"comma-separated transcript formats (default: {','.join(FORMATS)})",
    )
    args = parser.parse_args(argv)
    formats = tuple(f for f in args.formats.split(",") if f)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        parser.error(f"unknown format(s) {', '.join(unknown)}; expected {', '.join(FORMATS)}")
    manifest = write(build(args.scale, seed=args.seed), args.out, formats=formats)
    print(json.dumps(manifest["counts"]), "->", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
