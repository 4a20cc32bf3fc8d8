"""Which files the project has imported: each import's report memo has a GUID derived
from the file's SHA-256, so importing the same file again is recognised, whatever its
name and however the first run ended."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.errors import InvalidInput
from mutualscope.services.refi.doubtful import derive_memo_guid
from mutualscope.storage.models import Memo

_CHUNK = 1024 * 1024


def checksum_file(path: Path) -> str:
    """The SHA-256 of the file, read in chunks."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except FileNotFoundError as error:
        raise InvalidInput(f"{path}: no such file.") from error
    except IsADirectoryError as error:
        raise InvalidInput(
            f"{path} is a folder, neither a REFI-QDA file (.qdpx, .qdc) nor a QualCoder "
            "project (a folder holding data.qda)."
        ) from error
    except OSError as error:
        raise InvalidInput(f"{path} cannot be read: {error.strerror or error}.") from error
    return digest.hexdigest()


def derive_report_guid(checksum: str) -> str:
    """The GUID of the report memo of the first import of the file with ``checksum``."""
    return derive_memo_guid("import", checksum)


def find_earlier_import(session: Session, checksum: str) -> int | None:
    """The report memo of an earlier import of this file, if the project holds one."""
    found: int | None = session.scalar(
        select(Memo.id).where(Memo.guid == derive_report_guid(checksum))
    )
    return found
