"""Demo step: the seed codebook, and the demo transcripts coded by two fictional coders
with deliberate partial disagreement, plus a few memos."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from mutualscope.services.codebook_exchange import load_preset
from mutualscope.services.coding_batches import CodingSpec, add_codings
from mutualscope.services.memos import add_memo
from mutualscope.services.project import Project

DATA = Path(__file__).parent / "data" / "coding" / "codings.yaml"


def load_plan() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return data


def coding_specs(plan: dict[str, Any]) -> list[CodingSpec]:
    """One spec per coder per passage; a coder's own text, when given, replaces the
    shared one."""
    coders: list[str] = plan["coders"]
    specs = []
    for document, entries in plan["documents"].items():
        for entry in entries:
            for number, coder in enumerate(entry.get("coders", coders)):
                specs.append(
                    CodingSpec(
                        document=document,
                        code=entry["code"],
                        coder=coder,
                        match=entry.get(coder, entry["text"]),
                        memo=entry.get("memo") if number == 0 else None,
                    )
                )
    return specs


def run(project: Project, out_dir: Path, say: Any) -> None:
    plan = load_plan()
    with project.session() as session:
        preset = load_preset(session, plan["preset"])
        added = add_codings(session, coding_specs(plan), source=str(DATA.name)).added
        for memo in plan.get("memos", []):
            add_memo(
                session,
                memo["text"],
                title=memo.get("title"),
                document=memo.get("document"),
                code=memo.get("code"),
                author=memo.get("author"),
            )
    say(
        f"Loaded the seed codebook ({preset.added} codes) and {added} fictional codings by "
        f'{" and ".join(plan["coders"])}; try `mutualscope quotes "Funding sources" '
        "--subcodes` or `mutualscope agreement --coders ana ben`"
    )
