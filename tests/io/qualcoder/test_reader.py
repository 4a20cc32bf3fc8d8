"""Reading QualCoder projects into the REFI-QDA model, read-only."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from tests.io.qualcoder.builder import QualCoderBuilder
from tests.io.qualcoder.projects import Quirks

from mutualscope.errors import InvalidInput
from mutualscope.io.qualcoder import is_qualcoder_project, read_qualcoder
from mutualscope.io.qualcoder.placement import DOUBTFUL, EDITOR, EXACT, MOVED, words_key
from mutualscope.io.refi import walk_codes


def _fingerprint(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else b"", p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
    }


def test_read_qualcoder_builds_the_code_tree(quirks: Quirks) -> None:
    project = read_qualcoder(quirks.folder)
    codes = {"/".join(path): code for path, code in walk_codes(project.refi.codes)}
    assert list(codes) == [
        "Barriers",
        "Barriers/Funding",
        "Barriers/trust",
        "Barriers/Unused",
        "Enablers",
        "Enablers/Funding",
        "Enablers/Funding/Grants",
        "Enablers/Funding/Grants/Lottery grants",
        "Enablers/Staff voice",
        "Enablers/Trust",
        "Austerity",
        "Austerity/Cuts",
    ]
    assert not codes["Enablers/Funding/Grants"].codable
    assert codes["Barriers/Funding"].codable  # a code named as a category elsewhere
    assert codes["Enablers/Funding/Grants/Lottery grants"].color == "#A9E2F3"
    assert codes["Enablers/Staff voice"].description == "Staff say how things are run"
    assert codes["Enablers"].description == "What helps"
    assert codes["Enablers/Trust"].description is None
    assert project.refi.problems == []


def test_read_qualcoder_places_every_coding_on_its_words(quirks: Quirks) -> None:
    project = read_qualcoder(quirks.folder)
    found: dict[str, str] = {}
    hows: dict[str, str] = {}
    for source in project.refi.sources:
        for selection in source.selections:
            (coding,) = selection.codings
            found[coding.guid] = words_key(source.text[selection.start : selection.end])
            hows[coding.guid] = project.placements[selection.guid].how
    expected = {
        quirks.coding_guid(ctid): words
        for ctid, words in quirks.words.items()
        if ctid != quirks.unplaceable
    }
    assert {g: w for g, w in found.items() if g in expected} == expected
    assert hows[quirks.coding_guid(quirks.moved)] == MOVED
    assert hows[quirks.coding_guid(quirks.unplaceable)] == DOUBTFUL
    assert sorted(hows.values()).count(EDITOR) == 4
    assert sorted(hows.values()).count(EXACT) == 2
    unplaced = next(p for g, p in project.placements.items() if p.how == DOUBTFUL)
    assert "nowhere in the source" in unplaced.reason
    assert ("QualCoder's text of the coding", "a sentence deleted later") in unplaced.alternatives


def test_read_qualcoder_keeps_coders_memos_and_null_owners(quirks: Quirks) -> None:
    project = read_qualcoder(quirks.folder)
    assert sorted(u.name or "" for u in project.refi.users) == ["ana", "ben"]
    a = next(s for s in project.refi.sources if s.name == "Interview A")
    by_words = {a.text[s.start : s.end]: s for s in a.selections}
    assert by_words["voice matters"].codings[0].creating_user is None
    assert by_words["voice matters"].description is None  # an empty memo is no memo
    assert by_words["we innovated.\nNurse: The staff"].description == "Spans two turns"
    notes = {n.name: n for n in project.refi.notes}
    assert notes["Memo: Interview A"].guid in a.note_refs
    assert notes["Annotation: “Right to Request”"].guid in a.note_refs
    assert notes["Reflections"].text == "The CEO was candid.\nFollow up on grants."
    assert notes["QualCoder project memo"].guid in project.refi.project_note_refs
    assert "Memo: Interview B" not in notes


def test_read_qualcoder_lists_the_sources_left_out_and_why(quirks: Quirks) -> None:
    project = read_qualcoder(quirks.folder)
    assert [s.name for s in project.refi.sources] == ["Interview A", "Interview B", "Notes C"]
    dropped = "\n".join(project.dropped)
    assert "image source 'photo.jpg'" in dropped and "1 coding(s) of it left out" in dropped
    assert "PDF source 'scan.pdf'" in dropped and "no text" in dropped
    assert "audio source 'focus group.mp3'" in dropped and "texts only" in dropped
    assert "1 coding(s) marked important" in dropped


def test_read_qualcoder_reads_cases_and_attributes(quirks: Quirks) -> None:
    project = read_qualcoder(quirks.folder)
    names = {v.guid: (v.name, v.type) for v in project.refi.variables}
    assert sorted(names.values()) == [
        ("Interviewer", "Text"),
        ("Sector", "Text"),
        ("Staff", "Float"),
    ]
    cases = {c.name: c for c in project.refi.cases}
    sources = {s.guid: s for s in project.refi.sources}
    assert [sources[g].name for g in cases["Case 1"].source_refs] == ["Interview A"]
    assert [sources[g].name for g in cases["Case 2"].source_refs] == ["Interview B"]
    assert cases["Case 1"].description == "A community health mutual"
    assert cases["Case 2"].description is None
    values = {names[v.variable_guid][0]: str(v.value) for v in cases["Case 1"].variable_values}
    assert values == {"Sector": "Health", "Staff": "120"}
    assert [names[v.variable_guid][0] for v in cases["Case 2"].variable_values] == ["Staff"]
    a = next(s for s in project.refi.sources if s.name == "Interview A")
    assert [(names[v.variable_guid][0], v.value) for v in a.variable_values] == [
        ("Interviewer", "Dee")
    ]
    assert any("characters 10-40 of 'Interview B'" in line for line in project.mapped)
    assert "1 empty attribute value(s) left out." in project.mapped


def test_read_qualcoder_gives_the_same_guids_every_time(quirks: Quirks) -> None:
    first, second = read_qualcoder(quirks.folder), read_qualcoder(quirks.data)
    assert [c.guid for _p, c in walk_codes(first.refi.codes)] == [
        c.guid for _p, c in walk_codes(second.refi.codes)
    ]
    assert list(first.placements) == list(second.placements)
    assert first.refi.name == second.refi.name == "study"
    assert first.refi.origin == "QualCoder 3.6 (database v17)"


def test_read_qualcoder_leaves_the_project_untouched(quirks: Quirks) -> None:
    os.utime(quirks.data, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    before = _fingerprint(quirks.folder)
    read_qualcoder(quirks.folder)
    read_qualcoder(quirks.data)
    assert is_qualcoder_project(quirks.folder) and is_qualcoder_project(quirks.data)
    assert _fingerprint(quirks.folder) == before


def test_read_qualcoder_of_a_read_only_project(quirks: Quirks) -> None:
    quirks.data.chmod(0o444)
    quirks.folder.chmod(0o555)
    try:
        assert len(read_qualcoder(quirks.folder).refi.sources) == 3
    finally:
        quirks.folder.chmod(0o755)
        quirks.data.chmod(0o644)


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("v3", "QualCoder database version v3 is too old; mutualscope reads v4 to v17."),
        ("v18", "QualCoder database version v18 is newer than this mutualscope knows"),
        ("3.2", "QualCoder database version '3.2' is not one mutualscope reads (it reads v4"),
        (None, "QualCoder database version None is not one"),
    ],
)
def test_read_qualcoder_refuses_versions_it_does_not_know(
    tmp_path: Path, version: str | None, message: str
) -> None:
    folder = QualCoderBuilder(tmp_path / "old.qda").save()
    with sqlite3.connect(folder / "data.qda") as db:
        db.execute("UPDATE project SET databaseversion = ?", (version,))
    db.close()
    with pytest.raises(InvalidInput) as error:
        read_qualcoder(folder)
    assert message in str(error.value)
    assert str(folder / "data.qda") in str(error.value)


def test_read_qualcoder_of_v15_without_sub_codes(tmp_path: Path) -> None:
    qc = QualCoderBuilder(tmp_path / "v15.qda", version=15)
    cat = qc.category("Themes")
    cid = qc.code("Trust", cat)
    fid = qc.source("Doc", "We trust them.")
    qc.coding(fid, cid, "trust them")
    project = read_qualcoder(qc.save())
    assert ["/".join(p) for p, _c in walk_codes(project.refi.codes)] == ["Themes", "Themes/Trust"]
    assert project.version == "v15"


def test_read_qualcoder_refuses_a_damaged_project(tmp_path: Path) -> None:
    folder = QualCoderBuilder(tmp_path / "broken.qda").save()
    with sqlite3.connect(folder / "data.qda") as db:
        db.execute("DROP TABLE code_text")
    db.close()
    with pytest.raises(InvalidInput, match="should have table code_text, but does not"):
        read_qualcoder(folder)


def test_read_qualcoder_refuses_other_sqlite_files_and_folders(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(InvalidInput, match="not a QualCoder project"):
        read_qualcoder(other)
    (tmp_path / "empty.qda").mkdir()
    with pytest.raises(InvalidInput, match=r"a folder without data\.qda"):
        read_qualcoder(tmp_path / "empty.qda")
    (tmp_path / "junk.qda").mkdir()
    (tmp_path / "junk.qda" / "data.qda").write_bytes(b"SQLite format 3\x00" + b"\x07" * 200)
    with pytest.raises(InvalidInput, match="not a readable SQLite database"):
        read_qualcoder(tmp_path / "junk.qda")


def test_read_qualcoder_refuses_a_project_being_written(quirks: Quirks) -> None:
    (quirks.folder / "data.qda-journal").write_bytes(b"")
    with pytest.raises(InvalidInput, match=r"data\.qda-journal lies beside it"):
        read_qualcoder(quirks.folder)


def test_read_qualcoder_puts_a_cycle_of_categories_at_the_top(tmp_path: Path) -> None:
    qc = QualCoderBuilder(tmp_path / "cycle.qda")
    a = qc.category("A")
    b = qc.category("B", a)
    qc.db.execute("UPDATE code_cat SET supercatid = ? WHERE catid = ?", (b, a))
    project = read_qualcoder(qc.save())
    assert ["/".join(p) for p, _c in walk_codes(project.refi.codes)] == ["A", "A/B"]
    assert "cycle" in project.refi.problems[0]
