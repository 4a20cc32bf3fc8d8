from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from tests.services.codebook_samples import build_sample_codebook, codebook_shape, start_afresh

from mutualscope.errors import InvalidInput, NotFound
from mutualscope.services.codebook import add_code, list_codes
from mutualscope.services.codebook_exchange import (
    export_codebook,
    import_codebook,
    list_presets,
    load_preset,
)
from mutualscope.services.project import Project
from mutualscope.storage.models import AuditEvent

FIXTURES = Path(__file__).parents[1] / "fixtures" / "codebooks"


def test_seed_preset_holds_the_themes_of_the_evidence(session: Session) -> None:
    result = load_preset(session, "seed")
    paths = {row["path"] for row in list_codes(session)}
    assert result.added == len(paths) >= 20
    for expected in [
        "Innovation/Organisational",
        "Innovation/Treatments and services",
        "Innovation/Outreach",
        "Innovation/Incremental improvement",
        "Spaces for experimentation and risk",
        "User and stakeholder involvement",
        "Funding sources/Surplus",
        "Funding sources/Philanthropy and charitable funds",
        "Funding sources/Collaboration and partners",
        "Funding sources/Commissioners",
        "Commissioning",
        "Austerity",
        "Competition and intellectual property",
        "Social value",
    ]:
        assert expected in paths
    assert all(row["definition"] and row["colour"] for row in list_codes(session))
    again = load_preset(session, "seed")
    assert (again.added, again.updated) == (0, 0)


def test_unknown_preset(session: Session) -> None:
    assert "seed" in [p["name"] for p in list_presets()]
    with pytest.raises(NotFound, match="seed"):
        load_preset(session, "nope")


@pytest.mark.parametrize("fmt", ["csv", "yaml"])
def test_export_then_import_round_trips(session: Session, tmp_path: Path, fmt: str) -> None:
    load_preset(session, "seed")
    before = list_codes(session)
    path = tmp_path / f"codebook.{fmt}"
    path.write_text(export_codebook(session, fmt), encoding="utf-8")
    result = import_codebook(session, path)
    assert (result.added, result.updated) == (0, 0)
    assert list_codes(session) == before


def test_import_is_all_or_nothing(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("path,definition,colour\nA/B,ok,#123456\nC//D,bad,\nE,bad,nocolour\n")
    with pytest.raises(InvalidInput) as caught:
        import_codebook(session, path)
    message = str(caught.value)
    assert "row 3: the code path 'C//D' has an empty level" in message
    assert "row 4: the colour 'nocolour' is not a hex colour" in message
    assert list_codes(session) == []


def test_import_updates_definitions_only_when_asked(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("path,definition,colour\nA,first,\n")
    import_codebook(session, path)
    path.write_text("path,definition,colour\nA,second,\n")
    assert import_codebook(session, path).updated == 0
    assert import_codebook(session, path, update=True).updated == 1
    assert list_codes(session)[0]["definition"] == "second"


@pytest.mark.parametrize(("fmt", "separator"), [("csv", "/"), ("csv", "."), ("yaml", "/")])
def test_export_then_import_into_a_fresh_project_keeps_the_tree(
    project: Project, tmp_path: Path, fmt: str, separator: str
) -> None:
    with project.session() as session:
        build_sample_codebook(session)
        before = codebook_shape(session)
        text = export_codebook(session, fmt, separator=separator)
    assert "Staff/member voice" in {row["name"] for row in before}
    path = tmp_path / f"codebook.{fmt}"
    path.write_text(text, encoding="utf-8")
    start_afresh(project)
    with project.session() as session:
        assert list_codes(session) == []
        result = import_codebook(session, path, separator=separator)
    with project.session() as session:
        assert codebook_shape(session) == before
    assert (result.added, result.updated) == (len(before), 0)


def test_import_a_taguette_codebook_export(session: Session) -> None:
    result = import_codebook(session, FIXTURES / "taguette-1.5-codebook.csv", separator=".")
    rows = {row["path"]: row for row in list_codes(session)}
    assert list(rows) == [
        "barriers",
        "barriers/austerity",
        "barriers/competition",
        "enablers",
        "enablers/funding",
        "enablers/funding/surplus",
        "enablers/staff\\/member voice",
        "interesting",
        "interesting/places",
    ]
    assert rows["enablers/staff\\/member voice"]["name"] == "staff/member voice"
    assert rows["enablers/funding"]["definition"] == (
        "Where the money came from:\nsurplus, grants, loans"
    )
    assert rows["barriers/austerity"]["definition"] == (
        'Cuts to budgets; "savings first", as one commissioner put it'
    )
    assert result.added == 9
    assert result.columns == ["tag (code paths)", "description (definitions)"]
    assert result.ignored == ["number of highlights", "number of documents"]


def test_a_dry_run_counts_and_changes_nothing(session: Session) -> None:
    add_code(session, "enablers/funding", definition="Kept")
    events = session.query(AuditEvent).count()
    result = import_codebook(
        session, FIXTURES / "taguette-1.5-codebook.csv", separator=".", dry_run=True
    )
    assert (result.added, result.updated, result.unchanged, result.dry_run) == (7, 1, 1, True)
    assert [row["path"] for row in list_codes(session)] == ["enablers", "enablers/funding"]
    assert list_codes(session)[1]["definition"] == "Kept"
    assert session.query(AuditEvent).count() == events


def test_a_bad_row_leaves_the_project_as_it_was(session: Session, tmp_path: Path) -> None:
    load_preset(session, "seed")
    before = list_codes(session)
    path = tmp_path / "book.csv"
    path.write_bytes(
        "\ufeffCode;Parent;Description;Colour\r\nNew theme;;x;\r\n;Austerity;y;\r\n"
        "Cuts;Austerity;;red\r\n;;;\r\n".encode()
    )
    with pytest.raises(InvalidInput) as caught:
        import_codebook(session, path)
    assert caught.value.problems == [
        f"{path}: row 3: the 'Code' column is empty; write the code there, or delete the row.",
        f"{path}: row 4: the colour 'red' is not a hex colour; write it as '#1f77b4' (or "
        "'#17b'), or leave the cell empty.",
    ]
    assert list_codes(session) == before
