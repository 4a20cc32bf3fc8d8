"""A REFI-QDA project or codebook as plain data, close to the XML it comes from.

Offsets in :class:`RefiSelection` are as the file states them (code points into the
source text as the exporting tool counted it); mapping them onto mutualscope's
normalised text is :mod:`mutualscope.io.refi.offsets`' job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

VariableValue = str | bool | int | Decimal | date | datetime

#: REFI variable types, in the spelling of the schema.
VARIABLE_TYPES = ("Text", "Boolean", "Integer", "Float", "Date", "DateTime")


@dataclass(slots=True)
class RefiUser:
    guid: str
    name: str | None = None
    id: str | None = None


@dataclass(slots=True)
class RefiCode:
    guid: str
    name: str
    codable: bool = True
    color: str | None = None
    description: str | None = None
    note_refs: list[str] = field(default_factory=list)
    children: list[RefiCode] = field(default_factory=list)


@dataclass(slots=True)
class RefiVariable:
    guid: str
    name: str
    type: str = "Text"
    description: str | None = None


@dataclass(slots=True)
class RefiVariableValue:
    variable_guid: str
    type: str
    value: VariableValue | None


@dataclass(slots=True)
class RefiCoding:
    guid: str
    code_guid: str
    creating_user: str | None = None
    created_at: datetime | None = None
    note_refs: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RefiSelection:
    """A PlainTextSelection: ``start``/``end`` as written in the file."""

    guid: str
    start: int
    end: int
    name: str | None = None
    description: str | None = None
    creating_user: str | None = None
    created_at: datetime | None = None
    codings: list[RefiCoding] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RefiTextSource:
    """A source with a plain text: a TextSource, or a PDFSource with a text Representation.

    ``text`` is the decoded text exactly as the exporting tool wrote it (CR LF line ends
    and all); ``had_bom`` says whether a byte-order mark preceded it in the file.
    """

    guid: str
    name: str
    text: str
    kind: str = "text"  # text | pdf
    had_bom: bool = False
    text_origin: str = "file"  # file | inline | docx
    plain_text_path: str | None = None
    rich_text_path: str | None = None
    pdf_path: str | None = None
    representation_guid: str | None = None
    description: str | None = None
    creating_user: str | None = None
    created_at: datetime | None = None
    selections: list[RefiSelection] = field(default_factory=list)
    #: Codings on the source as a whole (not on a selection).
    codings: list[RefiCoding] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)
    variable_values: list[RefiVariableValue] = field(default_factory=list)
    #: The original file (the .txt, .docx or .pdf) and its name inside the archive.
    original: bytes | None = None
    original_name: str | None = None


@dataclass(slots=True)
class RefiOtherSource:
    """A source mutualscope does not hold as text (picture, audio, video, PDF without text)."""

    kind: str
    guid: str
    name: str
    path: str | None = None
    selections: int = 0
    codings: int = 0


@dataclass(slots=True)
class RefiCase:
    guid: str
    name: str
    description: str | None = None
    variable_values: list[RefiVariableValue] = field(default_factory=list)
    source_refs: list[str] = field(default_factory=list)
    code_refs: list[str] = field(default_factory=list)
    selection_refs: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RefiNote:
    guid: str
    name: str | None
    text: str
    description: str | None = None
    creating_user: str | None = None
    created_at: datetime | None = None


@dataclass(slots=True)
class RefiSet:
    guid: str
    name: str
    description: str | None = None
    member_codes: list[str] = field(default_factory=list)
    member_sources: list[str] = field(default_factory=list)
    member_notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RefiCodebook:
    codes: list[RefiCode] = field(default_factory=list)
    sets: list[RefiSet] = field(default_factory=list)
    origin: str | None = None
    #: What the reader could not take as it was, one message each.
    problems: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RefiProject:
    name: str = "Untitled project"
    origin: str | None = None
    description: str | None = None
    creating_user: str | None = None
    created_at: datetime | None = None
    users: list[RefiUser] = field(default_factory=list)
    codes: list[RefiCode] = field(default_factory=list)
    variables: list[RefiVariable] = field(default_factory=list)
    cases: list[RefiCase] = field(default_factory=list)
    sources: list[RefiTextSource] = field(default_factory=list)
    other_sources: list[RefiOtherSource] = field(default_factory=list)
    notes: list[RefiNote] = field(default_factory=list)
    sets: list[RefiSet] = field(default_factory=list)
    project_note_refs: list[str] = field(default_factory=list)
    links: int = 0
    graphs: int = 0
    problems: list[str] = field(default_factory=list)


def walk_codes(codes: list[RefiCode]) -> list[tuple[tuple[str, ...], RefiCode]]:
    """Every code with its path of names, parents before children."""
    out: list[tuple[tuple[str, ...], RefiCode]] = []
    stack: list[tuple[tuple[str, ...], RefiCode]] = [((c.name,), c) for c in reversed(codes)]
    while stack:
        path, code = stack.pop()
        out.append((path, code))
        stack.extend(((*path, child.name), child) for child in reversed(code.children))
    return out
