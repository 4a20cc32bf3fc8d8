from __future__ import annotations

import random
import string
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from tests.io.refi.helpers import FIXTURES, guid, one_source_project, project_qde, write_zip

from mutualscope.errors import InvalidInput
from mutualscope.io.refi import read_qdc, read_qdpx, walk_codes
from mutualscope.io.refi.limits import LIMITS


def test_reader_reads_an_atlas_like_export_despite_its_deviations() -> None:
    project = read_qdpx(FIXTURES / "atlas_like.qdpx")
    assert project.name == "Mutuals pilot"
    assert [u.name for u in project.users] == ["Ann Analyst", "Ben"]
    paths = [path for path, _code in walk_codes(project.codes)]
    assert ("Enablers", "Funding sources") in paths and ("Barriers", "Austerity") in paths
    enablers = project.codes[0]
    assert enablers.guid == "5215CC69-B628-4E02-AFB9-9BEEAEE55808"  # braces gone, case kept
    assert enablers.description == "What helps a mutual innovate"
    by_name = {s.name: s for s in project.sources}
    interview = by_name["Interview with CEO, Case A.txt"]
    assert interview.had_bom and "\r\n" in interview.text
    assert by_name["Commissioner interview.docx"].text_origin == "docx"
    assert by_name["Focus group notes"].text_origin == "inline"
    assert by_name["Focus group notes"].codings  # a coding of the whole source
    pdf = by_name["Annual review.pdf"]
    assert pdf.kind == "pdf" and pdf.text.startswith("Annual review 2012.")
    assert pdf.original is not None and pdf.original.startswith(b"%PDF")
    kinds = sorted(o.kind for o in project.other_sources)
    assert kinds == ["pdf region selections", "picture", "video"]
    assert project.links == 1 and project.graphs == 1
    assert len(project.notes) == 4 and project.project_note_refs
    assert project.sets[0].member_codes == ["0DCEF2F5-E55C-49DA-8C33-9B0803C7AEB4"]
    assert any("schema" in p for p in project.problems)  # out-of-order elements noted


def test_reader_reads_a_bare_project_qde(tmp_path: Path) -> None:
    path = tmp_path / "project.qde"
    path.write_bytes(b"\xef\xbb\xbf" + one_source_project("Hello world", 0, 5))
    project = read_qdpx(path)
    assert project.sources[0].text == "Hello world"
    assert project.sources[0].selections[0].codings[0].code_guid == guid(1)


def test_reader_tolerates_a_project_without_namespace(tmp_path: Path) -> None:
    qde = one_source_project("Hello", 0, 5).replace(b' xmlns="urn:QDA-XML:project:1.0"', b"")
    path = write_zip(tmp_path / "x.qdpx", {"project.qde": qde})
    project = read_qdpx(path)
    assert project.codes[0].name == "Funding"
    assert any("namespace" in p for p in project.problems)


def test_reader_reports_a_missing_source_file_and_bad_values(tmp_path: Path) -> None:
    qde = project_qde(
        f'<Sources><TextSource guid="{guid(1)}" name="Gone" plainTextPath="internal://nope.txt"/>'
        f'<TextSource guid="not-a-guid" name="Odd"><PlainTextContent>x y z</PlainTextContent>'
        f'<PlainTextSelection guid="{guid(3)}" startPosition="one" endPosition="2"/>'
        "</TextSource></Sources>"
    )
    project = read_qdpx(write_zip(tmp_path / "x.qdpx", {"project.qde": qde}))
    problems = "\n".join(project.problems)
    assert "'internal://nope.txt' is not in the archive" in problems
    assert "'not-a-guid' is not a GUID" in problems
    assert "are not integers" in problems
    assert [s.name for s in project.sources] == ["Odd"]
    assert project.other_sources[0].name == "Gone"


def test_reader_decodes_a_source_that_is_not_utf8(tmp_path: Path) -> None:
    qde = project_qde(
        f'<Sources><TextSource guid="{guid(1)}" name="Latin" '
        'plainTextPath="internal://a.txt"/></Sources>'
    )
    text = "Café société naïve, the staff-owned mutual " * 5
    path = write_zip(
        tmp_path / "x.qdpx", {"project.qde": qde, "sources/a.txt": text.encode("cp1252")}
    )
    project = read_qdpx(path)
    assert project.sources[0].text == text
    assert any("not UTF-8" in p for p in project.problems)


def test_reader_reads_utf16_with_bom(tmp_path: Path) -> None:
    qde = project_qde(
        f'<Sources><TextSource guid="{guid(1)}" name="Wide" '
        'plainTextPath="internal://a.txt"/></Sources>'
    )
    path = write_zip(
        tmp_path / "x.qdpx",
        {"project.qde": qde, "sources/a.txt": "\ufeffStaff 🙂".encode("utf-16-le")},
    )
    source = read_qdpx(path).sources[0]
    assert source.text == "Staff 🙂" and source.had_bom


def test_reader_reads_the_spec_codebook_with_bom_and_crlf() -> None:
    codebook = read_qdc(FIXTURES / "spec_annex_a1.qdc")
    assert [c.name for c in codebook.codes] == [
        "Topics",
        "Economy",
        "Health care",
        "Values",
        "Conservatives",
        "Liberals",
    ]
    assert codebook.codes[0].guid == "5215cc69-b628-4e02-afb9-9beeaee55808"
    assert codebook.codes[0].codable is False and codebook.codes[1].color == "#ffff00"
    assert codebook.problems == []


def test_reader_reads_codebook_sets_with_target_guid() -> None:
    codebook = read_qdc(FIXTURES / "nested_sets.qdc")
    assert codebook.codes[0].children[1].children[0].name == "Carers’ voice"
    assert len(codebook.sets[0].member_codes) == 2
    assert any("targetGUID" in p for p in codebook.problems)


def test_reader_refuses_a_project_as_a_codebook(tmp_path: Path) -> None:
    path = tmp_path / "x.qdc"
    path.write_bytes(one_source_project("a", 0, 1))
    with pytest.raises(InvalidInput, match="holds a Project, not a CodeBook"):
        read_qdc(path)
    zipped = write_zip(tmp_path / "y.qdc", {"project.qde": b"<Project/>"})
    with pytest.raises(InvalidInput, match="is a zip archive"):
        read_qdc(zipped)


def test_reader_keeps_times_in_utc(tmp_path: Path) -> None:
    qde = one_source_project("Hello world", 0, 5).replace(
        f'<Coding guid="{guid(300)}">'.encode(),
        f'<Coding guid="{guid(300)}" creationDateTime="2024-03-01T12:00:00+02:00">'.encode(),
    )
    project = read_qdpx(write_zip(tmp_path / "x.qdpx", {"project.qde": qde}))
    stamp = project.sources[0].selections[0].codings[0].created_at
    assert stamp is not None and stamp.isoformat() == "2024-03-01T10:00:00+00:00"


def test_reader_finds_relative_sources_inside_the_archive_only(tmp_path: Path) -> None:
    qde = project_qde(
        f'<Sources><TextSource guid="{guid(1)}" name="Rel" plainTextPath="relative:///a.txt"/>'
        f'<TextSource guid="{guid(2)}" name="Abs" plainTextPath="absolute:///etc/hostname"/>'
        "</Sources>"
    )
    path = write_zip(tmp_path / "x.qdpx", {"project.qde": qde, "sources/a.txt": b"inside"})
    project = read_qdpx(path)
    assert [s.text for s in project.sources] == ["inside"]
    assert project.other_sources[0].name == "Abs"


def _many_selections(tmp_path: Path, count: int) -> Path:
    selections = "".join(
        f'<PlainTextSelection guid="{guid(1000 + n)}" startPosition="0" endPosition="5"/>'
        for n in range(count)
    )
    body = (
        f'<Sources><TextSource guid="{guid(100)}" name="Doc">'
        f"<PlainTextContent>Hello there</PlainTextContent>{selections}</TextSource></Sources>"
    )
    return write_zip(tmp_path / "many.qdpx", {"project.qde": project_qde(body)})


@pytest.mark.parametrize("whole_bytes", [0, LIMITS.whole_bytes])
def test_reader_refuses_more_selections_than_its_bound(tmp_path: Path, whole_bytes: int) -> None:
    path = _many_selections(tmp_path, 12)
    limits = replace(LIMITS, selections=10, whole_bytes=whole_bytes)
    with pytest.raises(InvalidInput) as caught:
        read_qdpx(path, limits=limits)
    message = str(caught.value)
    assert message.startswith(f"{path}:project.qde: refused at line 1: more than 10 selections")
    assert "\n" not in message
    assert len(read_qdpx(path, limits=replace(limits, selections=12)).sources[0].selections) == 12


def test_reader_refuses_more_elements_than_its_bound(tmp_path: Path) -> None:
    path = _many_selections(tmp_path, 12)
    with pytest.raises(InvalidInput, match="more than 9 elements, the most an import reads"):
        read_qdpx(path, limits=replace(LIMITS, elements=9))


def test_reader_refuses_a_project_qde_larger_than_its_bound(tmp_path: Path) -> None:
    path = _many_selections(tmp_path, 12)
    with pytest.raises(InvalidInput, match=r"refused, 1\.\d KiB is more than the 1,000 bytes"):
        read_qdpx(path, limits=replace(LIMITS, project_bytes=1000))
    bare = tmp_path / "project.qde"
    bare.write_bytes(zipfile.ZipFile(path).read("project.qde"))
    with pytest.raises(InvalidInput, match="is more than the 1,000 bytes an import reads"):
        read_qdpx(bare, limits=replace(LIMITS, project_bytes=1000))


def test_reader_refuses_sources_beyond_what_it_reads(tmp_path: Path) -> None:
    qde = project_qde(
        f'<Sources><TextSource guid="{guid(1)}" name="Big" plainTextPath="internal://big.txt"/>'
        "</Sources>"
    )
    path = write_zip(tmp_path / "x.qdpx", {"project.qde": qde, "sources/big.txt": b"word " * 5000})
    with pytest.raises(InvalidInput, match="the members to read exceed 20 KiB unpacked"):
        read_qdpx(path, limits=replace(LIMITS, read_bytes=20 * 1024))


@pytest.mark.parametrize("whole_bytes", [0, LIMITS.whole_bytes])
def test_reader_refuses_huge_values_and_deep_nesting(tmp_path: Path, whole_bytes: int) -> None:
    limits = replace(LIMITS, whole_bytes=whole_bytes)
    # Letters that do not compress, lest the archive look like a zip bomb first.
    letters = "".join(random.Random(1).choices(string.ascii_letters, k=10_000_001))
    huge = project_qde(f'<Users><User guid="{guid(1)}" name="{letters}"/></Users>')
    deep = project_qde("<Description>" + "<b>" * 300 + "</b>" * 300 + "</Description>")
    for name, qde in (("huge", huge), ("deep", deep)):
        path = write_zip(tmp_path / f"{name}.qdpx", {"project.qde": qde})
        with pytest.raises(InvalidInput) as caught:
            read_qdpx(path, limits=limits)
        message = str(caught.value)
        assert "refused at line 1" in message and "10,000,000 characters" in message
        assert "\n" not in message and len(message) < 400


def test_reader_refuses_more_than_it_may_hold_in_memory(tmp_path: Path) -> None:
    """Selections and texts together: each may be within its own bound."""
    path = _many_selections(tmp_path, 12)
    with pytest.raises(InvalidInput) as caught:
        read_qdpx(path, limits=replace(LIMITS, held_bytes=20_000, whole_bytes=0))
    message = str(caught.value)
    assert "refused at line 1: the 10 selections and 0 source texts read so far" in message
    assert "more than 20 KiB of memory" in message and "\n" not in message
    text = "Hello there. " * 2000
    qde = project_qde(
        f'<Sources><TextSource guid="{guid(100)}" name="Doc"><PlainTextContent>{text}'
        "</PlainTextContent></TextSource></Sources>"
    )
    path = write_zip(tmp_path / "text.qdpx", {"project.qde": qde})
    with pytest.raises(InvalidInput, match="the 0 selections and 1 source texts read so far"):
        read_qdpx(path, limits=replace(LIMITS, held_bytes=20_000))
