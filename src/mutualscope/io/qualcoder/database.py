"""Finding and opening a QualCoder project's ``data.qda`` (a SQLite file) read-only.

The file is opened as an immutable, read-only SQLite URI, so nothing is ever written to
it and no ``-journal`` or ``-wal`` file is made beside it. Only the schema versions this
reader knows are read.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mutualscope.errors import InvalidInput

DATA_FILE = "data.qda"
SQLITE_HEADER = b"SQLite format 3\x00"
#: QualCoder's database versions this reader knows: v4 gave codings an id (``ctid``),
#: v16 let a code sit under another code (``supercid``); v17 is the newest known.
OLDEST, NEWEST = 4, 17
#: Tables and the columns read from them (a v4 project has all of these).
REQUIRED = {
    "project": ("databaseversion", "date", "memo", "about"),
    "source": ("id", "name", "fulltext", "mediapath", "memo", "owner", "date"),
    "code_cat": ("catid", "name", "owner", "date", "memo", "supercatid"),
    "code_name": ("cid", "name", "memo", "catid", "owner", "date", "color"),
    "code_text": ("ctid", "cid", "fid", "seltext", "pos0", "pos1", "owner", "date", "memo"),
    "cases": ("caseid", "name", "memo", "owner", "date"),
    "case_text": ("caseid", "fid", "pos0", "pos1"),
    "attribute_type": ("name", "memo", "caseOrFile", "valuetype"),
    "attribute": ("name", "attr_type", "value", "id"),
}
_VERSION = re.compile(r"v(\d+)")
_HOW_TO_UPGRADE = (
    "Open the project once in QualCoder (which upgrades it), or export it from QualCoder "
    "as a REFI-QDA project (.qdpx) and import that."
)


def find_data_file(path: Path) -> Path:
    """The ``data.qda`` of a project folder, or ``path`` itself when it is the file."""
    path = Path(path)
    if path.is_dir():
        data = path / DATA_FILE
        if not data.is_file():
            raise InvalidInput(
                f"{path} is a folder without {DATA_FILE}: give a QualCoder project folder "
                f"(name.qda, holding {DATA_FILE}) or its {DATA_FILE}."
            )
        return data
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file or folder.")
    return path


def is_qualcoder_project(path: Path) -> bool:
    """A folder holding ``data.qda``, or a SQLite file (whatever its name)."""
    path = Path(path)
    if path.is_dir():
        return (path / DATA_FILE).is_file()
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


@contextmanager
def open_read_only(data: Path) -> Iterator[tuple[sqlite3.Connection, str]]:
    """A read-only connection to ``data`` and its database version, after checking it is
    a QualCoder project of a known version with every table and column read. Refuses a
    file with a ``-journal`` or ``-wal`` beside it: QualCoder is writing to it, or was
    stopped while writing."""
    for suffix in ("-journal", "-wal"):
        if data.with_name(data.name + suffix).exists():
            raise InvalidInput(
                f"{data}: {data.name}{suffix} lies beside it, so QualCoder has the project "
                "open or was stopped while saving. Close QualCoder (or open and close the "
                "project in it once) and import again."
            )
    uri = data.resolve().as_uri() + "?mode=ro&immutable=1"
    try:
        connection = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as error:
        raise InvalidInput(f"{data} cannot be opened as SQLite: {error}.") from error
    try:
        try:
            version = check_schema(connection, data)
        except sqlite3.DatabaseError as error:
            raise InvalidInput(
                f"{data} is not a readable SQLite database ({error}); is it a QualCoder "
                f"project's {DATA_FILE}?"
            ) from error
        yield connection, version
    finally:
        connection.close()


def tables(connection: sqlite3.Connection) -> set[str]:
    query = "SELECT name FROM sqlite_master WHERE type='table'"
    return {name for (name,) in connection.execute(query)}


def columns(connection: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}


def check_schema(connection: sqlite3.Connection, data: Path) -> str:
    """The project's database version, e.g. ``v17``; refuses what this reader does not
    know, naming the version found and the versions read."""
    present = tables(connection)
    if "project" not in present or "databaseversion" not in columns(connection, "project"):
        raise InvalidInput(
            f"{data} is a SQLite database but not a QualCoder project: it has no project "
            "table with a database version."
        )
    row = connection.execute("SELECT databaseversion FROM project").fetchone()
    found = str(row[0]) if row and row[0] is not None else None
    match = _VERSION.fullmatch((found or "").strip())
    known = f"v{OLDEST} to v{NEWEST}"
    if match is None:
        raise InvalidInput(
            f"{data}: QualCoder database version {found!r} is not one mutualscope reads "
            f"(it reads {known}). {_HOW_TO_UPGRADE}"
        )
    number = int(match.group(1))
    if number < OLDEST:
        raise InvalidInput(
            f"{data}: QualCoder database version v{number} is too old; mutualscope reads "
            f"{known}. {_HOW_TO_UPGRADE}"
        )
    if number > NEWEST:
        raise InvalidInput(
            f"{data}: QualCoder database version v{number} is newer than this mutualscope "
            f"knows (it reads {known}). Export the project from QualCoder as a REFI-QDA "
            "project (.qdpx) and import that, or update mutualscope."
        )
    missing = []
    for table, wanted in REQUIRED.items():
        if table not in present:
            missing.append(f"table {table}")
            continue
        have = columns(connection, table)
        missing.extend(f"{table}.{column}" for column in wanted if column not in have)
    if missing:
        raise InvalidInput(
            f"{data}: a QualCoder {found} project should have "
            + ", ".join(missing)
            + ", but does not; the file is damaged or was changed by another program. "
            + _HOW_TO_UPGRADE
        )
    return f"v{number}"
