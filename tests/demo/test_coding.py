"""The demo coding: the seed codebook, two coders, something real for every command."""

from __future__ import annotations

from pathlib import Path

from mutualscope.demo import coding, registry, transcripts
from mutualscope.services.agreement import compute_agreement
from mutualscope.services.codings import list_codings
from mutualscope.services.matrices import build_cooccurrence, build_matrix
from mutualscope.services.memos import list_memos
from mutualscope.services.project import Project
from mutualscope.services.quotes import find_quotes


def test_demo_coding_gives_every_command_something_to_show(
    project: Project, tmp_path: Path
) -> None:
    for step in (registry, transcripts, coding):
        step.run(project, tmp_path, lambda _: None)
    with project.session() as session:
        codings = list_codings(session)
        assert len(codings) >= 100 and {c["coder"] for c in codings} == {"ana", "ben"}
        funding = find_quotes(session, "Funding sources", subcodes=True)
        attributions = {q.attribution for q in funding}
        assert "(Commissioner)" in attributions
        assert any(a.startswith("(CEO, case") for a in attributions)
        # Every type of innovation and every funding source is quoted.
        for path in ["Innovation", "Funding sources"]:
            for row in build_matrix(session, cols="case", code=path).wide()[1:]:
                assert sum(v for k, v in row.items() if k != "code") > 0, row["code"]
        assert find_quotes(session, "Austerity", role="commissioner")
        overlap = build_cooccurrence(session, scope="turn")
        assert any(v for (a, b), v in overlap.cells.items() if a != b)
        report = compute_agreement(session, coders=["ana", "ben"])
        kappas = [r["kappa"] for r in report.codes if r["kappa"] is not None]
        # Deliberate partial disagreement: some codes agree fully, some do not.
        assert max(kappas) == 1.0 and min(kappas) < 0.5
        assert 0.6 < report.pooled["kappa"] < 0.95
        assert len(list_memos(session)) >= 3


def test_demo_codings_are_labelled_fictional() -> None:
    assert "Fictional" in coding.load_plan()["note"]
