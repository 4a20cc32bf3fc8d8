from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from tests.io.refi.helpers import FIXTURES, one_source_project, write_zip

from mutualscope.errors import InvalidInput
from mutualscope.io.refi import read_qdpx
from mutualscope.io.refi.archive import QdpxArchive


def test_archive_refuses_a_file_that_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "notes.qdpx"
    path.write_text("just some notes")
    with pytest.raises(InvalidInput, match="is not a zip archive"):
        read_qdpx(path)


def test_archive_names_a_truncated_file(tmp_path: Path) -> None:
    data = (FIXTURES / "atlas_like.qdpx").read_bytes()
    path = tmp_path / "cut.qdpx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InvalidInput, match="truncated or damaged"):
        read_qdpx(path)


def test_archive_without_project_qde_is_refused(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "x.qdpx", {"sources/a.txt": b"hello"})
    with pytest.raises(InvalidInput, match=r"has no project\.qde"):
        read_qdpx(path)


@pytest.mark.parametrize("member", ["/etc/passwd", "../evil.txt", "sources/../../x", "C:/x.txt"])
def test_archive_refuses_absolute_and_parent_paths(tmp_path: Path, member: str) -> None:
    path = tmp_path / "x.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", one_source_project("abc", 0, 1))
        archive.writestr(zipfile.ZipInfo(member), b"x")
    with pytest.raises(InvalidInput, match=r"absolute path or '\.\.'"):
        read_qdpx(path)


def test_archive_refuses_a_zip_bomb_by_ratio(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "bomb.qdpx",
        {"project.qde": one_source_project("abc", 0, 1), "sources/big.txt": b"\0" * 50_000_000},
    )
    with pytest.raises(InvalidInput, match="zip bomb"):
        read_qdpx(path)


def test_archive_refuses_more_than_the_total_cap(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "big.qdpx",
        {"project.qde": one_source_project("abc", 0, 1), "sources/a.txt": b"a" * 5000},
    )
    with pytest.raises(InvalidInput, match="would unpack to more than"):
        QdpxArchive(path, max_total=4000)


def test_archive_caps_what_is_read(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "x.qdpx", {"project.qde": one_source_project("abc", 0, 1)})
    with QdpxArchive(path, max_read=10) as archive, pytest.raises(InvalidInput, match="exceed"):
        archive.read("project.qde")


def test_archive_finds_sources_in_any_case_and_with_backslashes(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "x.qdpx",
        {"Project.QDE": b"<Project/>", "Sources\\ABC.TXT": b"1", "other/def.txt": b"2"},
    )
    with QdpxArchive(path) as archive:
        assert archive.project_member() == "Project.QDE"
        assert archive.find_source("internal://abc.txt") == "Sources\\ABC.TXT"
        assert archive.find_source("internal://DEF.txt") == "other/def.txt"
        assert archive.find_source("internal://missing.txt") is None


def test_archive_refuses_an_encrypted_member(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "locked.qdpx", {"project.qde": one_source_project("abc", 0, 1)})
    data = bytearray(path.read_bytes())
    # The "encrypted" flag, in the local header and in the central directory.
    data[6] |= 0x1
    data[data.index(b"PK\x01\x02") + 8] |= 0x1
    path.write_bytes(bytes(data))
    with pytest.raises(InvalidInput, match="is encrypted; export the project without a password"):
        read_qdpx(path)


def test_archive_names_a_member_damaged_inside(tmp_path: Path) -> None:
    """A bit flipped in project.qde's compressed bytes shows only as it is read."""
    path = write_zip(tmp_path / "x.qdpx", {"project.qde": one_source_project("abc " * 500, 0, 3)})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("project.qde")
    middle = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    data[middle] ^= 0x10
    path.write_bytes(bytes(data))
    with pytest.raises(InvalidInput) as caught:
        read_qdpx(path)
    message = str(caught.value)
    assert "archive member 'project.qde' is damaged or truncated" in message
    assert "\n" not in message
