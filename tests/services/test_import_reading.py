"""Reading a file for import, with no database: what the read-ahead worker hands over."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from mutualscope.services.import_reading import read_file
from mutualscope.services.import_sources import ImportSource

FIXTURES = Path(__file__).parents[1] / "fixtures" / "transcripts"


def test_read_file_parses_and_prepares_what_the_writer_stores(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes("Interviewer: Who “leads” it?\r\nCEO: Staff do 𝄞, all of them.\r\n".encode())
    read = read_file((ImportSource(path, "case-1/crlf.txt"), "sqlite"))
    assert read.failure is None and read.parsed is not None
    text = read.parsed.text
    assert [(s.speaker, text[s.start : s.end]) for s in read.parsed.segments] == [
        ("Interviewer", "Who “leads” it?"),
        ("CEO", "Staff do 𝄞, all of them."),
    ]
    assert read.original == path.read_bytes()
    assert read.checksum == hashlib.sha256(path.read_bytes()).hexdigest()
    assert read.word_count == 10  # the labels count, as in the stored text
    # The index's folded words, with each passage's span in the text.
    assert read.passages == [[(0, "who leads it", 13, 28)], [(0, "staff do all of them", 34, 58)]]
    assert text[13:28] == "Who “leads” it?"
    # It crosses a pipe from the worker: it must come back whole.
    assert pickle.loads(pickle.dumps(read)) == read


def test_read_file_keeps_a_failure_as_its_message() -> None:
    source = ImportSource(FIXTURES / "binary.txt", "binary.txt")
    read = read_file((source, "postgresql"))
    assert read.parsed is None and read.original == b""
    assert read.failure is not None
    assert read.failure.startswith(f"{FIXTURES / 'binary.txt'}: ")
    assert "binary file" in read.failure
    assert pickle.loads(pickle.dumps(read)) == read
