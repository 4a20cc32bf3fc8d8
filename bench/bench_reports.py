"""Issue 6: the evidence report of a project of 30 cases, 300 interviews and 20,000
codings, as HTML in under 5 s and as PDF in under 15 s (``medium`` and ``large``).

The project comes from the benchmark corpus (``bench.corpus``): the registry through
the import service, then transcripts, speakers, the codebook and codings by Core
inserts. The report uses the built-in inquiry template with one theme per top-level
code and a subtheme per child code, two quotes each, as a researcher would configure
it. Each figure times a whole build (queries, template, layout) and the write.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from bench.corpus import Corpus, build, get_scale, write_organisations_csv
from bench.generate.transcripts import EXTERNAL_ROLES, INTERVIEWER
from bench.measure import result
from mutualscope.reports.build import build_report, write_report
from mutualscope.reports.config import ReportConfig, parse_config
from mutualscope.services.organisation_imports import import_organisations
from mutualscope.services.project import Project, init_project
from mutualscope.storage.models import Case, Code, Coding, Document, Participant, Segment, User

ISSUE = 6
# (cases, interviews, codings); the issue's project is the medium one.
SIZES = {"small": (4, 12, 600), "medium": (30, 300, 20_000), "large": (30, 300, 20_000)}
TARGETS = {".html": 5.0, ".pdf": 15.0}


def make_corpus(scale: str) -> Corpus:
    cases, interviews, codings = SIZES[scale]
    spec = replace(
        get_scale("small"),
        name=f"reports-{scale}",
        organisations=71,
        cases=cases,
        transcripts=interviews,
        words=600,
        codes=30,
        codings=codings,
    )
    return build(spec)


def load(project: Project, corpus: Corpus, workdir: Path) -> None:
    """The corpus into the project: registry by import, the rest by Core inserts."""
    csv_path = workdir / "organisations.csv"
    write_organisations_csv(corpus.organisations, csv_path)
    with project.session() as session:
        import_organisations(session, path=csv_path, skip_invalid=True)
        case_ids = {row["case"]: n + 1 for n, row in enumerate(corpus.cases())}
        session.execute(
            insert(Case),
            [{"id": i, "guid": f"c-{i}", "label": label, "attributes": {}}
             for label, i in case_ids.items()],
        )  # fmt: skip
        people: dict[tuple[int, str], int] = {}
        rows = []
        for n, person in enumerate(corpus.participants(), start=1):
            people[(person["document"], person["speaker"])] = n
            rows.append(
                {"id": n, "guid": f"p-{n}", "label": person["label"], "role": person["role"],
                 "case_id": case_ids[person["case"]], "attributes": {},
                 "external": person["role"] in EXTERNAL_ROLES}
            )  # fmt: skip
        session.execute(insert(Participant), rows)
        documents, segments = [], []
        for t in corpus.transcripts:
            documents.append(
                {"id": t.index + 1, "guid": f"d-{t.index}", "name": t.name, "kind": t.kind,
                 "text": t.text, "length": len(t.text), "word_count": t.word_count,
                 "case_id": case_ids[t.case], "attributes": {}}
            )  # fmt: skip
            for position, turn in enumerate(t.turns):
                segments.append(
                    {"document_id": t.index + 1, "position": position, "start": turn.start,
                     "end": turn.end, "speaker": turn.speaker,
                     "participant_id": None if turn.speaker == INTERVIEWER
                     else people.get((t.index, turn.speaker))}
                )  # fmt: skip
        session.execute(insert(Document), documents)
        session.execute(insert(Segment), segments)
        code_ids = {code["path"]: n for n, code in enumerate(corpus.codebook, start=1)}
        session.execute(
            insert(Code),
            [{"id": code_ids[c["path"]], "guid": f"k-{c['path']}", "name": c["name"],
              "parent_id": code_ids.get(c["parent"]) if c["parent"] else None,
              "definition": c["definition"], "colour": c["colour"], "codable": True,
              "position": n}
             for n, c in enumerate(corpus.codebook)],
        )  # fmt: skip
        coders = sorted({c["coder"] for c in corpus.codings})
        session.execute(
            insert(User),
            [{"id": n, "guid": f"u-{n}", "name": name, "role": "coder"}
             for n, name in enumerate(coders, start=1)],
        )  # fmt: skip
        coder_ids = {name: n for n, name in enumerate(coders, start=1)}
        session.execute(
            insert(Coding),
            [{"guid": f"g-{n}", "document_id": c["document"] + 1, "code_id": code_ids[c["code"]],
              "start": c["start"], "end": c["end"], "coder_id": coder_ids[c["coder"]]}
             for n, c in enumerate(corpus.codings)],
        )  # fmt: skip
        session.commit()


def report_config(corpus: Corpus) -> ReportConfig:
    themes: list[dict[str, Any]] = []
    for code in corpus.codebook:
        if code["parent"] is None:
            themes.append({"heading": code["name"], "code": code["path"], "quotes": 2,
                           "text": [code["definition"]], "subthemes": []})  # fmt: skip
        elif code["parent"].count("/") == 0:
            parent = next(t for t in themes if t["code"] == code["parent"])
            parent["subthemes"].append({"heading": code["name"], "code": code["path"], "quotes": 2})
    return parse_config(
        {"title": "Written evidence (benchmark)", "questions": ["Question 1: A question?"],
         "themes": themes, "acknowledgements": ["Generated data."]}
    )  # fmt: skip


def run(scale: str, workdir: Path) -> list[dict[str, Any]]:
    cases, interviews, codings = SIZES[scale]
    database = workdir / f"reports-{scale}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    project, _ = init_project(database)
    started = time.perf_counter()
    corpus = make_corpus(scale)
    load(project, corpus, workdir)
    note = f"{cases} cases, {interviews} interviews, {codings:,} codings, SQLite"
    rows = [
        result("report project", "generate and load", time.perf_counter() - started, "s",
               issue=ISSUE, note=note)
    ]  # fmt: skip
    config = report_config(corpus)
    with project:
        for suffix, target in TARGETS.items():
            began, cpu = time.perf_counter(), time.process_time()
            with project.session() as session:
                document = build_report(session, config=config)
            write_report(document, workdir / f"report{suffix}")
            wall, cpu = time.perf_counter() - began, time.process_time() - cpu
            name = f"report {suffix.lstrip('.').upper()}"
            rows.append(
                result(name, "build and write", wall, "s", issue=ISSUE,
                       target=target if scale != "small" else None, note=note)
            )  # fmt: skip
            # On a shared machine the wall time mostly measures the neighbours.
            rows.append(result(name, "build and write, CPU time", cpu, "s", issue=ISSUE, note=note))
    return rows
