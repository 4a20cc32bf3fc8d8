"""One tool under comparison (a *side*): the same phases, driven the same way.

:mod:`bench.comparison` times every phase itself, around calls to a side, so both tools
are measured by the same clock and the same client code. A side that cannot do a phase
yet raises :class:`NotMeasured` with the reason, and the comparison names it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from bench.generate.transcripts import Transcript
from bench.taguette import byte_offset, turn_offsets

# add(document id, start, end, code path): one client's way of adding one highlight.
Adder = Callable[[int, int, int, str], object]


# (document ids in order, peak memory in MB, seconds): the last two when the side
# measured them itself (an import in a process of its own), else None.
Imported = tuple[list[int], float | None, float | None]


class NotMeasured(Exception):
    """This side cannot do the phase (yet); the message says why."""


class Side(Protocol):
    tool: str
    # How the side counts offsets: "chars" (code points) or "bytes" (UTF-8).
    offset_unit: str

    def start(self, workdir: Path) -> None: ...

    def stop(self) -> None: ...

    def memory_pid(self, phase: str) -> int | None:
        """The process doing the work of ``phase``, whose memory is sampled (None: this one)."""

    def import_documents(self, files: list[tuple[str, bytes]]) -> Imported:
        """Import ``(file name, content)`` pairs the way a user of the tool would."""

    def document_text(self, document: int) -> str: ...

    def create_code(self, code: dict[str, Any]) -> None: ...

    def adder(self) -> tuple[Adder, Callable[[], None]]:
        """A client: its add function and its close function (one per thread)."""

    def export_highlights(self) -> bytes: ...

    def export_codebook(self) -> bytes: ...


def locate_codings(
    side: Side, document: int, transcript: Transcript, codings: list[dict[str, Any]]
) -> list[tuple[int, int, int, str]]:
    """Codings of one transcript as ``(document, start, end, code)`` in the side's offsets.

    Each tool stores its own text (labels kept or not, markup, spacing), so turns are
    found in that text and the codings shifted with them; codings in a turn that
    cannot be found are dropped.
    """
    plain = side.document_text(document)
    bodies = [transcript.text[turn.start : turn.end] for turn in transcript.turns]
    found = turn_offsets(plain, bodies)
    starts = [turn.start for turn in transcript.turns]
    located = []
    for coding in codings:
        index = max(i for i, s in enumerate(starts) if s <= coding["start"])
        if found[index] is None:
            continue
        shift = found[index] - starts[index]  # type: ignore[operator]
        start, end = coding["start"] + shift, coding["end"] + shift
        if side.offset_unit == "bytes":
            start, end = byte_offset(plain, start), byte_offset(plain, end)
        located.append((document, start, end, coding["code"]))
    return located
