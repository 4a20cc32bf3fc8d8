"""How much of a REFI-QDA file an import reads, at most.

The reader streams ``project.qde`` and keeps only the plain data it builds, so memory
follows what the file holds rather than how it is written. These bounds keep an import
under 1 GB of memory and about a minute on a busy two-core machine (200,000 selections
take about 400 MB; docs/refi-qda.md gives the figures), and each refusal names the bound
it met.
"""

from __future__ import annotations

from dataclasses import dataclass

MiB = 1024**2


@dataclass(frozen=True)
class ReadLimits:
    #: Everything unpacked from the archive, all members together (the spec allows
    #: members of up to 2 GiB each; more than this in total is refused unread).
    total_bytes: int = 4 * 1024 * MiB
    #: What the import reads from the archive: project.qde and the sources it uses (a
    #: text is held about three times over while it is mapped and stored).
    read_bytes: int = 256 * MiB
    #: ``project.qde`` itself.
    project_bytes: int = 160 * MiB
    #: Up to this size ``project.qde`` is also parsed whole, to list every schema
    #: deviation; a larger one is validated as it streams, up to its first deviation.
    whole_bytes: int = 8 * MiB
    #: Elements in ``project.qde``.
    elements: int = 2_000_000
    #: ``PlainTextSelection`` elements in ``project.qde``.
    selections: int = 300_000
    #: What the selections and the sources' texts and files may take in memory together
    #: (:data:`SELECTION_BYTES` a selection, texts and files as held), so that the whole
    #: import stays under 1 GB.
    held_bytes: int = 800 * MiB


LIMITS = ReadLimits()
#: What a selection costs while an import runs (its data, its coding row, its span),
#: measured on NVivo-style files: 1.6 KB, rounded up.
SELECTION_BYTES = 2048
#: What libxml2 reads of one attribute value or text without its "huge" option, and
#: how deep elements may nest: the reader keeps these bounds.
XML_VALUE_CHARS = 10_000_000
XML_DEPTH = 256


def describe_size(size: int) -> str:
    """A size in bytes as people read it: '160 MiB', '12.5 KiB', '37 bytes'."""
    for unit, scale in (("GiB", 1024**3), ("MiB", MiB), ("KiB", 1024)):
        if size >= scale:
            value = size / scale
            return (
                f"{value:,.0f} {unit}"
                if value >= 10 or value.is_integer()
                else f"{value:.1f} {unit}"
            )
    return f"{size:,} bytes"
