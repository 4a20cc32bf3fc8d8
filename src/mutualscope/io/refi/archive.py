"""Reading a .qdpx archive defensively: safe member names, size caps, clear messages."""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from types import TracebackType

from mutualscope.errors import InvalidInput

#: The spec allows internal files up to 2 GiB - 1 each; more than this in total is refused.
MAX_TOTAL_BYTES = 4 * 1024**3
#: What the importer will decompress into memory, all members together.
MAX_READ_BYTES = 768 * 1024**2
#: Text compresses about 3-10:1; a member beyond this ratio is treated as a zip bomb.
MAX_RATIO = 200
#: Below this size a high ratio is harmless (and common for tiny repetitive files).
RATIO_FLOOR_BYTES = 1024**2

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

    def read(self, member: str) -> bytes:
        info = self._members[member]
        self._read_so_far += info.file_size
        if self._read_so_far > self.max_read:
            raise InvalidInput(
                f"{self.path}: the sources to read exceed {self.max_read // 1024**2} MiB "
                "uncompressed; refusing to load more."
            )
        try:
            return self._zip.read(info)
        except (zipfile.BadZipFile, EOFError, zlib.error) as error:
            raise InvalidInput(
                f"{self.path}: the archive member {member!r} is damaged or truncated ({error})."
            ) from error


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
    except (zipfile.BadZipFile, OSError) as error:
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
                f"{max_total // 1024**2} MiB."
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
