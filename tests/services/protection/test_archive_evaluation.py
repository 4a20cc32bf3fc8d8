"""The issue's test of done: the evaluation set as a project, scanned, reviewed,
pseudonymised, coded and archived, leaves not one identifier the set marks in the
archive (SQLite, and PostgreSQL when MUTUALSCOPE_TEST_PG is set)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from sqlalchemy import select
from tests.factories import make_case, make_code, make_coding, make_organisation, make_participant

from bench.protection_eval import EVALUATION, Transcript, load_transcripts
from mutualscope.domain.protection.evaluation import Annotation
from mutualscope.services.project import Project
from mutualscope.services.protection.archive import build_archive
from mutualscope.services.protection.findings import (
    add_findings,
    decide_findings,
    list_findings,
    save_scan,
)
from mutualscope.services.protection.layers import apply_protection, protected_quote
from mutualscope.services.protection.scans import scan_documents
from mutualscope.storage.documents import Document


def _load_project(project: Project, cli: Callable[..., Result]) -> list[Transcript]:
    import json

    known = json.loads((EVALUATION / "project.json").read_text(encoding="utf-8"))
    with project.session() as session:
        cases = {label: make_case(session, label) for label in known["cases"]}
        for person in known["participants"]:
            case_label = re.match(r"Case \d+", person["label"])
            role = person["label"].removeprefix(case_label.group(0) if case_label else "").strip()
            make_participant(
                session,
                person["label"],
                role=role.lower(),
                real_name=person["real_name"],
                case_id=cases[case_label.group(0)].id if case_label else None,
                external=case_label is None,
            )
        for organisation in known["organisations"]:
            make_organisation(session, name=organisation["name"])
    transcripts = load_transcripts()
    files = [str(EVALUATION / f"{t.name}.txt") for t in transcripts]
    result = cli("docs", "import", *files)
    assert result.exit_code == 0, result.output
    return transcripts


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _review(project: Project, transcripts: list[Transcript]) -> dict[str, int]:
    """A reviewer who knows the truth: accepts findings on marked identifiers, rejects
    the rest, and adds what the scan missed."""
    counts = {"accepted": 0, "rejected": 0, "added": 0}
    with project.session() as session:
        save_scan(session, scan_documents(session, everything=True, model="off"))
        for t in transcripts:
            doc_name = f"{t.name}.txt"
            text = session.scalar(select(Document.text).where(Document.name == doc_name))
            assert text == t.text  # offsets of the marks are offsets into the stored text
            found = list_findings(session, doc_name)
            marked = [(m.start, m.end) for m in t.marked]
            right = [f.id for f in found if any(_overlaps((f.start, f.end), m) for m in marked)]
            wrong = [f.id for f in found if f.id not in right]
            if right:
                decide_findings(session, right, status="accepted")
            if wrong:
                decide_findings(session, wrong, status="rejected")
            counts["accepted"] += len(right)
            counts["rejected"] += len(wrong)
            for mark in t.marked:
                covered = any(
                    f.start <= mark.start and mark.end <= f.end for f in found if f.id in right
                )
                if not covered:
                    add_findings(session, doc_name, kind=mark.kind, start=mark.start, end=mark.end)
                    counts["added"] += 1
    return counts


def _unmarked_count(t: Transcript, words: str) -> int:
    """How often ``words`` occur in the original where no identifier is marked
    ("hope" the verb beside "Hope" the nurse)."""
    marks = [(m.start, m.end) for m in t.marked]
    return sum(
        1
        for m in re.finditer(r"(?<!\w)" + re.escape(words) + r"(?!\w)", t.text)
        if not any(_overlaps((m.start(), m.end()), mark) for mark in marks)
    )


def _count(text: str, words: str) -> int:
    return len(re.findall(r"(?<!\w)" + re.escape(words) + r"(?!\w)", text))


def test_archive_of_the_evaluation_set_holds_no_marked_identifier(
    project: Project, cli: Callable[..., Result], tmp_path: Path
) -> None:
    transcripts = _load_project(project, cli)
    counts = _review(project, transcripts)
    assert counts["accepted"] > 200 and counts["added"] < counts["accepted"] / 10
    # A coding on the first turn that names Sarah keeps its meaning in the layer.
    first = transcripts[0]
    sarah = first.text.index("Sarah: Of course")
    turn_end = first.text.index("\n", sarah)
    with project.session() as session:
        doc = session.scalar(select(Document).where(Document.name == f"{first.name}.txt"))
        assert doc is not None
        code = make_code(session, "Origins")
        make_coding(session, doc, code, sarah, turn_end)
        report = apply_protection(session, everything=True)
        assert report.replaced >= counts["accepted"] // 2
        quote = protected_quote(session, doc.id, sarah, turn_end)
        assert quote is not None
        assert quote.startswith("[CEO, case 1]: Of course. So I'd been at [Organisation ")
        assert "Sarah" not in quote and "Bedfordshire PCT" not in quote
        archived = build_archive(session, tmp_path / "deposit.zip")
        ids = {
            i: name.removesuffix(".txt")
            for i, name in session.execute(select(Document.id, Document.name))
        }
    assert archived.documents == len(transcripts) and archived.codings == 1

    with zipfile.ZipFile(tmp_path / "deposit.zip") as package:
        files = {name: package.read(name) for name in package.namelist()}
    with zipfile.ZipFile(io.BytesIO(files.pop("project.qdpx"))) as qdpx:
        inner = {f"project.qdpx/{n}": qdpx.read(n) for n in qdpx.namelist()}
    texts = {name: data.decode("utf-8") for name, data in {**files, **inner}.items()}
    transcript_files = {n: t for n, t in texts.items() if n.startswith("transcripts/")}
    assert len(transcript_files) == len(transcripts)
    by_name = {t.name: t for t in transcripts}
    left: list[str] = []
    for name, text in transcript_files.items():
        original = by_name[ids[int(name.removeprefix("transcripts/")[:4])]]
        for words in {m.text for m in original.marked}:
            if _count(text, words) > _unmarked_count(original, words):
                left.append(f"{name}: {words!r}")
    assert left == []
    # Nothing outside the transcripts (README, CSVs, the REFI-QDA project) holds a marked
    # name that the originals never use as an ordinary word.
    every_mark = {m.text for t in transcripts for m in t.marked}
    ordinary = {w for w in every_mark if any(_unmarked_count(t, w) for t in transcripts)}
    others = {
        n: t
        for n, t in texts.items()
        if not n.startswith(("transcripts/", "project.qdpx/sources/"))
    }
    leaks = sorted(
        f"{name}: {words!r}"
        for name, text in others.items()
        for words in every_mark - ordinary
        if _count(text, words)
    )
    assert leaks == []
    codings = list(csv.DictReader(io.StringIO(texts["codings.csv"])))
    assert codings[0]["code"] == "Origins"
    assert codings[0]["text"] == quote


def test_marks_of_the_evaluation_set_are_exact(project: Project) -> None:
    # The reviewer above adds marks by offsets; they must be the words marked.
    for t in load_transcripts():
        for mark in t.marked:
            assert isinstance(mark, Annotation)
            assert " ".join(t.text[mark.start : mark.end].split()) == " ".join(mark.text.split())
