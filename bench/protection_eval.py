"""The protection evaluation set: load it, scan it, score it.

    python -m bench.protection_eval                 # rules + gazetteers, then the model
    python -m bench.protection_eval --model off --show-misses --set held-out

The set is ``tests/fixtures/protection/evaluation/``: transcripts written for the tests
(``NN-name.txt``), each with the identifiers marked by hand in ``NN-name.json`` (kind,
exact text, and which occurrence of that text), and ``project.json``: what the project
itself knows (participants' real names, the registry's organisations, the cases).
``tests/fixtures/protection/held-out/`` is a second, smaller set of the same form.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from mutualscope.domain.protection.detector import ModelEntity, detect
from mutualscope.domain.protection.evaluation import (
    Annotation,
    KindScore,
    locate,
    score_document,
    total,
)
from mutualscope.domain.protection.findings import Finding
from mutualscope.domain.protection.gazetteer import Gazetteer
from mutualscope.domain.protection.project_names import build_gazetteer
from mutualscope.domain.speakers import detect_turns
from mutualscope.io.protection.entities import load_entity_model

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "protection"
EVALUATION = FIXTURES / "evaluation"
# Written after the rules were fixed; scored, never used to change them (docs/protection.md).
HELD_OUT = FIXTURES / "held-out"
SETS = {"evaluation": EVALUATION, "held-out": HELD_OUT}


@dataclass(frozen=True)
class Transcript:
    name: str
    text: str
    marked: list[Annotation]


def load_transcripts(folder: Path = EVALUATION) -> list[Transcript]:
    transcripts = []
    for marks_path in sorted(folder.glob("[0-9]*.json")):
        data = json.loads(marks_path.read_text(encoding="utf-8"))
        text = (folder / data["transcript"]).read_text(encoding="utf-8")
        marked = [
            locate(
                text,
                item["kind"],
                item["text"],
                item.get("occurrence", 1),
                f"{marks_path.name}, identifier {number}",
            )
            for number, item in enumerate(data["identifiers"], start=1)
        ]
        transcripts.append(Transcript(marks_path.stem, text, marked))
    return transcripts


def load_gazetteer(transcripts: list[Transcript], folder: Path = EVALUATION) -> Gazetteer:
    """The project's names, with the speaker labels that importing the transcripts finds."""
    project = json.loads((folder / "project.json").read_text(encoding="utf-8"))
    speakers = {turn.speaker for t in transcripts for turn in detect_turns(t.text) if turn.speaker}
    return build_gazetteer(
        participants=[(p["label"], p["real_name"]) for p in project["participants"]],
        organisations=[(o["name"], o.get("aliases", [])) for o in project["organisations"]],
        cases=project["cases"],
        speakers=sorted(speakers),
    )


def model_entities(transcripts: list[Transcript]) -> dict[str, list[ModelEntity]]:
    model = load_entity_model()
    if model is None:
        raise SystemExit("The protection extra is not installed: no model to evaluate.")
    return {t.name: model.entities(t.text) for t in transcripts}


def scan(
    transcripts: list[Transcript],
    gazetteer: Gazetteer,
    entities: dict[str, list[ModelEntity]] | None = None,
) -> dict[str, list[Finding]]:
    return {
        t.name: detect(t.text, gazetteer, (entities or {}).get(t.name, ())) for t in transcripts
    }


def evaluate(
    transcripts: list[Transcript], found: dict[str, list[Finding]]
) -> dict[str, KindScore]:
    return total(score_document(t.marked, found[t.name], t.name) for t in transcripts)


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def render(scores: dict[str, KindScore]) -> str:
    header = (
        "| kind | marked | found | recall (overlap) | recall (exact) | covered "
        "| precision (overlap) | precision (exact) |"
    )
    lines = [header, "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for kind, s in scores.items():
        if not s.marked and not s.found:
            continue
        lines.append(
            f"| {kind} | {s.marked} | {s.found} | {_figure(s.recall_overlap)} | "
            f"{_figure(s.recall_exact)} | {_figure(s.recall_covered)} | "
            f"{_figure(s.precision_overlap)} | {_figure(s.precision_exact)} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=("both", "on", "off"), default="both")
    parser.add_argument("--set", choices=(*SETS, "both"), default="both")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    for set_name, folder in SETS.items():
        if args.set not in (set_name, "both"):
            continue
        transcripts = load_transcripts(folder)
        gazetteer = load_gazetteer(transcripts, folder)
        words = sum(len(t.text.split()) for t in transcripts)
        marked = sum(len(t.marked) for t in transcripts)
        print(
            f"# {set_name}: {len(transcripts)} transcripts, {words} words, "
            f"{marked} identifiers marked\n"
        )
        runs: list[tuple[str, dict[str, list[ModelEntity]] | None]] = []
        if args.model in ("both", "off"):
            runs.append(("rules and gazetteers", None))
        if args.model in ("both", "on"):
            runs.append(("rules, gazetteers and model", model_entities(transcripts)))
        for title, entities in runs:
            scores = evaluate(transcripts, scan(transcripts, gazetteer, entities))
            print(f"## {title}\n\n{render(scores)}\n")
            if args.show_misses:
                _show_misses(scores)


def _show_misses(scores: dict[str, KindScore]) -> None:
    for kind, score in scores.items():
        if kind in ("structured", "all"):
            continue
        for miss in score.missed:
            print(f"  missed {kind}: {miss}")
        for wrong in score.wrong:
            print(f"  wrong  {kind}: {wrong}")
    print()


if __name__ == "__main__":
    main()
