"""Reading a .qdpx archive defensively: safe member names, size caps, clear messages."""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import IO

from mutualscope.errors import InvalidInput
from mutualscope.io.refi.limits import LIMITS, describe_size

#: The spec allows internal files up to 2 GiB - 1 each; more than this in total is refused.
MAX_TOTAL_BYTES = LIMITS.total_bytes
#: What the importer will decompress, all members together.
MAX_READ_BYTES = LIMITS.read_bytes
#: Text compresses about 3-10:1; a member beyond this ratio is treated as a zip bomb.
MAX_RATIO = 200
#: Below this size a high ratio is harmless (and common for tiny repetitive files).
RATIO_FLOOR_BYTES = 1024**2

#: What a damaged archive raises while it is read, beyond zipfile's own error: a bad
#: CRC or header, a cut stream, an unknown compression method, an encrypted member.
ARCHIVE_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)
_METHODS = frozenset(
    {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
)
_DRIVE = re.compile(r"^[A-Za-z]:")
_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"


class QdpxArchive:
    """An open .qdpx file. Use as a context manager; read members with :meth:`read`."""

    def __init__(
        self,
        path: Path,
        *,
        max_total: int = MAX_TOTAL_BYTES,
        max_read: int = MAX_READ_BYTES,
        max_ratio: int = MAX_RATIO,
    ) -> None:
        self.path = path
        self.max_read = max_read
        self._read_so_far = 0
        self._zip = _open_zip(path)
        try:
            self._members = _check_members(self._zip, path, max_total, max_ratio)
        except BaseException:
            self._zip.close()
            raise
        # Windows tools may write backslashes; names are compared in one spelling.
        self._by_lower = {
            name.replace("\\", "/").lower(): info for name, info in self._members.items()
        }
        self._by_basename: dict[str, zipfile.ZipInfo] = {}
        for key, info in self._by_lower.items():
            self._by_basename.setdefault(PurePosixPath(key).name, info)

    def __enter__(self) -> QdpxArchive:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._zip.close()

    def project_member(self) -> str:
        """The name of the project XML: ``project.qde`` in any case, else the only .qde."""
        exact = self._by_lower.get("project.qde")
        if exact is not None:
            return exact.filename
        qde = [info.filename for key, info in self._by_lower.items() if key.endswith(".qde")]
        if len(qde) == 1:
            return qde[0]
        if not qde:
            raise InvalidInput(
                f"{self.path}: the archive has no project.qde, so it is not a REFI-QDA "
                "project (.qdpx). A codebook alone is a .qdc file."
            )
        raise InvalidInput(f"{self.path}: the archive has several .qde files: {sorted(qde)}.")

    def find_source(self, reference: str) -> str | None:
        """The member an ``internal://NAME`` reference points at, in ``sources/`` or
        ``Sources/`` (any case), falling back to the same file name anywhere."""
        name = reference.split("://", 1)[-1].replace("\\", "/").lstrip("/")
        if not name:
            return None
        for candidate in (f"sources/{name}", name):
            info = self._by_lower.get(candidate.lower())
            if info is not None:
                return info.filename
        info = self._by_basename.get(PurePosixPath(name).name.lower())
        return info.filename if info is not None else None

    def size(self, member: str) -> int:
        """The member's size unpacked, as the archive states it (never exceeded on read)."""
        return self._members[member].file_size

    def _account(self, member: str) -> zipfile.ZipInfo:
        info = self._members[member]
        self._read_so_far += info.file_size
        if self._read_so_far > self.max_read:
            raise InvalidInput(
                f"{self.path}: refused, the members to read exceed "
                f"{describe_size(self.max_read)} unpacked (the limit of what an import reads)."
            )
        return info

    def read(self, member: str) -> bytes:
        info = self._account(member)
        try:
            return self._zip.read(info)
        except ARCHIVE_ERRORS as error:
            raise self.damaged(member, error) from error

    def open(self, member: str) -> IO[bytes]:
        """The member as a stream; errors while reading it are the caller's to turn into
        :meth:`damaged`."""
        info = self._account(member)
        try:
            return self._zip.open(info)
        except ARCHIVE_ERRORS as error:
            raise self.damaged(member, error) from error

    def reopen(self, member: str) -> IO[bytes]:
        """The member as a stream again, to read the archive a second time (what was
        read the first time no longer counts against the cap)."""
        self._read_so_far = 0
        return self.open(member)

    def damaged(self, member: str, error: BaseException) -> InvalidInput:
        return InvalidInput(
            f"{self.path}: the archive member {member!r} is damaged or truncated "
            f"({type(error).__name__}: {error}). Export the project again."
        )


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except FileNotFoundError as error:
        raise InvalidInput(f"{path}: no such file.") from error
    except IsADirectoryError as error:
        raise InvalidInput(f"{path} is a folder, not a .qdpx file.") from error
    if head not in (_ZIP_MAGIC, _EMPTY_ZIP_MAGIC):
        raise InvalidInput(
            f"{path} is not a zip archive, so it is not a REFI-QDA project (.qdpx). "
            "A codebook (.qdc) is imported by its own extension."
        )
    try:
        return zipfile.ZipFile(path)
    except ARCHIVE_ERRORS as error:
        raise InvalidInput(
            f"{path} starts like a zip archive but cannot be read: it is truncated or "
            f"damaged ({error}). Export the project again."
        ) from error


def _check_members(
    archive: zipfile.ZipFile, path: Path, max_total: int, max_ratio: int
) -> dict[str, zipfile.ZipInfo]:
    members: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in archive.infolist():
        if info.is_dir():
            continue
        if info.flag_bits & 0x1:
            raise InvalidInput(
                f"{path}: refused, the archive member {info.filename!r} is encrypted; "
                "export the project without a password."
            )
        if info.compress_type not in _METHODS:
            raise InvalidInput(
                f"{path}: the archive member {info.filename!r} uses compression method "
                f"{info.compress_type}, which cannot be read (damaged, or not a .qdpx)."
            )
        name = info.filename.replace("\\", "/")
        parts = PurePosixPath(name).parts
        if name.startswith("/") or _DRIVE.match(name) or ".." in parts:
            raise InvalidInput(
                f"{path}: refused, the archive member {info.filename!r} has an absolute "
                "path or '..'; a .qdpx holds only project.qde and its sources folder."
            )
        total += info.file_size
        if total > max_total:
            raise InvalidInput(
                f"{path}: refused, the archive would unpack to more than "
                f"{describe_size(max_total)}."
            )
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > max_ratio * max(
            info.compress_size, 1
        ):
            raise InvalidInput(
                f"{path}: refused, the member {info.filename!r} expands "
                f"{info.file_size // max(info.compress_size, 1)}:1 (more than {max_ratio}:1); "
                "this looks like a zip bomb."
            )
        members[info.filename] = info
    return members
