from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from mutualscope.errors import InvalidInput, NotFound
from mutualscope.services.codebook import list_codes
from mutualscope.services.codebook_exchange import (
    export_codebook,
    import_codebook,
    list_presets,
    load_preset,
)


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
    assert "line 3" in message and "line 4" in message
    assert list_codes(session) == []


def test_import_updates_definitions_only_when_asked(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("path,definition,colour\nA,first,\n")
    import_codebook(session, path)
    path.write_text("path,definition,colour\nA,second,\n")
    assert import_codebook(session, path).updated == 0
    assert import_codebook(session, path, update=True).updated == 1
    assert list_codes(session)[0]["definition"] == "second"
