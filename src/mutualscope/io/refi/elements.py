"""Parsing the REFI-QDA elements other than sources: users, codes, variables, cases,
notes and sets. Tolerant: children are found by name in any order, namespaces are
ignored, and what cannot be taken is recorded in ``problems`` rather than raised."""

from __future__ import annotations

import re
import sys
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from mutualscope.io.refi.model import (
    RefiCase,
    RefiCode,
    RefiCoding,
    RefiNote,
    RefiSet,
    RefiUser,
    RefiVariable,
    RefiVariableValue,
    VariableValue,
)
from mutualscope.io.refi.xml import Element, child, child_text, children, local

_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
#: Namespace for GUIDs derived from identifiers that are not GUIDs.
T = TypeVar("T")
DERIVED_GUIDS = uuid.UUID("5b1f0b53-1c55-4f0e-9d5e-0a2f3b6c7d10")
VALUE_ELEMENTS = {
    "TextValue": "Text",
    "BooleanValue": "Boolean",
    "IntegerValue": "Integer",
    "FloatValue": "Float",
    "DateValue": "Date",
    "DateTimeValue": "DateTime",
}


def shorten(value: str | None, limit: int = 60) -> str:
    """A value from the file for a message: quoted, and cut when long (a damaged file
    may hold megabytes in one attribute)."""
    if value is not None and len(value) > limit:
        return f"{value[:limit]!r}... ({len(value):,} characters)"
    return repr(value)


def guid_key(guid: str) -> str:
    """How GUIDs are compared: tools differ in case and braces."""
    key = guid.lower()
    return key if len(key) == 36 else key.strip().strip("{}")


def clean_guid(raw: str | None, where: str, problems: list[str]) -> str | None:
    """A GUID without braces, its case kept (written back as the tool wrote it).

    A value that is not a GUID is replaced by one derived from it, so that references to
    it still resolve; a missing value gives None.
    """
    if raw is not None and len(raw) == 36 and _GUID.match(raw):
        return raw
    if raw is None or not raw.strip():
        problems.append(f"{where}: no guid; skipped.")
        return None
    value = raw.strip()
    if value.startswith("{") and value.endswith("}"):
        value = value[1:-1]
    if _GUID.match(value):
        return value
    derived = str(uuid.uuid5(DERIVED_GUIDS, value))
    problems.append(f"{where}: {shorten(raw)} is not a GUID; using {derived} in its place.")
    return derived


def ref_guid(element: Element) -> str | None:
    """The target of a ``*Ref`` or ``Member*`` element (``targetGUID``; ``guid`` in .qdc)."""
    raw: str | None = element.get("targetGUID") or element.get("guid")
    if raw is not None and len(raw) == 36 and _GUID.match(raw):
        return raw
    if raw is None or not raw.strip():
        return None
    value = raw.strip().strip("{}")
    return value if _GUID.match(value) else str(uuid.uuid5(DERIVED_GUIDS, raw.strip()))


def refs(element: Element, name: str) -> list[str]:
    return [g for g in (ref_guid(item) for item in children(element, name)) if g is not None]


def parse_datetime(raw: str | None, where: str, problems: list[str]) -> datetime | None:
    if raw is None:
        return None
    cached = _STAMPS.get(raw)
    if cached is not None:
        return cached
    if not raw.strip():
        return None
    try:
        value = datetime.fromisoformat(raw.strip())
        # In UTC: SQLite keeps no zone, so a local time would be read back as UTC.
        value = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    except (ValueError, OverflowError):
        problems.append(f"{where}: {shorten(raw)} is not a date and time; left empty.")
        return None
    if len(_STAMPS) < 100_000:
        _STAMPS[raw] = value
    return value


# Codings made in one session share their timestamps; parsing each once saves seconds.
_STAMPS: dict[str, datetime] = {}


def parse_bool(raw: str | None, default: bool) -> bool:
    if raw is None:
        return default
    return raw.strip().lower() in ("true", "1", "yes")


def parse_users(element: Element, problems: list[str]) -> list[RefiUser]:
    return _each(children(element, "User"), parse_user, problems)


def parse_user(item: Element, problems: list[str]) -> RefiUser | None:
    guid = clean_guid(item.get("guid"), f"User {item.get('name')!r}", problems)
    return RefiUser(guid=guid, name=item.get("name"), id=item.get("id")) if guid else None


def _each(
    items: list[Element], parse: Callable[[Element, list[str]], T | None], problems: list[str]
) -> list[T]:
    return [found for item in items if (found := parse(item, problems)) is not None]


def parse_codes(element: Element, problems: list[str], trail: str = "") -> list[RefiCode]:
    """The ``Code`` children of a ``Codes`` (or ``Code``) element, recursively."""
    codes = []
    for item in children(element, "Code"):
        name = (item.get("name") or "").strip()
        where = f"Code {trail}{name or '(no name)'}"
        guid = clean_guid(item.get("guid"), where, problems)
        if guid is None:
            continue
        if not name:
            problems.append(f"{where} ({guid}): no name; named 'Unnamed code'.")
            name = "Unnamed code"
        codes.append(
            RefiCode(
                guid=guid,
                name=name,
                codable=parse_bool(item.get("isCodable"), True),
                color=item.get("color"),
                description=child_text(item, "Description"),
                note_refs=refs(item, "NoteRef"),
                children=parse_codes(item, problems, f"{trail}{name}/"),
            )
        )
    return codes


def parse_variables(element: Element, problems: list[str]) -> list[RefiVariable]:
    return _each(children(element, "Variable"), parse_variable, problems)


def parse_variable(item: Element, problems: list[str]) -> RefiVariable | None:
    name = item.get("name") or "Unnamed variable"
    guid = clean_guid(item.get("guid"), f"Variable {name!r}", problems)
    if guid is None:
        return None
    kind = item.get("typeOfVariable") or "Text"
    if kind not in VALUE_ELEMENTS.values():
        problems.append(f"Variable {name!r}: unknown type {shorten(kind)}; read as Text.")
        kind = "Text"
    return RefiVariable(
        guid=guid, name=name, type=kind, description=child_text(item, "Description")
    )


def parse_variable_values(
    element: Element, where: str, problems: list[str]
) -> list[RefiVariableValue]:
    values = []
    for item in children(element, "VariableValue"):
        ref = child(item, "VariableRef")
        target = ref_guid(ref) if ref is not None else None
        if target is None:
            problems.append(f"{where}: a VariableValue without VariableRef; skipped.")
            continue
        value_element = next((v for v in item if local(v.tag) in VALUE_ELEMENTS), None)
        if value_element is None:
            values.append(RefiVariableValue(variable_guid=target, type="Text", value=None))
            continue
        kind = VALUE_ELEMENTS[local(value_element.tag)]
        raw = "".join(value_element.itertext())
        values.append(
            RefiVariableValue(
                variable_guid=target, type=kind, value=_typed(kind, raw, where, problems)
            )
        )
    return values


def _typed(kind: str, raw: str, where: str, problems: list[str]) -> VariableValue:
    text = raw.strip()
    try:
        if kind == "Boolean":
            return parse_bool(text, False)
        if kind == "Integer":
            return int(text)
        if kind == "Float":
            return Decimal(text)
        if kind == "Date":
            return date.fromisoformat(text)
        if kind == "DateTime":
            return datetime.fromisoformat(text)
    except (ValueError, InvalidOperation, OverflowError):
        problems.append(f"{where}: {shorten(raw)} is not a valid {kind} value; kept as text.")
        return raw
    return raw


def parse_cases(element: Element, problems: list[str]) -> list[RefiCase]:
    return _each(children(element, "Case"), parse_case, problems)


def parse_case(item: Element, problems: list[str]) -> RefiCase | None:
    name = item.get("name") or ""
    guid = clean_guid(item.get("guid"), f"Case {name!r}", problems)
    if guid is None:
        return None
    return RefiCase(
        guid=guid,
        name=name.strip() or f"Case {guid[:8]}",
        description=child_text(item, "Description"),
        variable_values=parse_variable_values(item, f"Case {name!r}", problems),
        source_refs=refs(item, "SourceRef"),
        code_refs=refs(item, "CodeRef"),
        selection_refs=refs(item, "SelectionRef"),
    )


def parse_codings(element: Element, where: str, problems: list[str]) -> list[RefiCoding]:
    codings = []
    for item in element.iterchildren("{*}Coding"):
        coding = parse_coding(item, where, problems)
        if coding is not None:
            codings.append(coding)
    return codings


def parse_coding(item: Element, where: str, problems: list[str]) -> RefiCoding | None:
    """One Coding, in one pass over its children (this runs 100,000 times on a large
    project)."""
    guid = clean_guid(item.get("guid"), f"{where} Coding", problems)
    code: str | None = None
    notes: list[str] = []
    for sub in item:
        name = local(sub.tag)
        if name == "CodeRef" and code is None:
            code = ref_guid(sub)
            # A code is referred to thousands of times: one string for all of them.
            code = sys.intern(code) if code is not None else None
        elif name == "NoteRef" and (target := ref_guid(sub)) is not None:
            notes.append(target)
    if guid is None:
        return None
    if code is None:
        problems.append(f"{where} Coding {guid}: no CodeRef; skipped.")
        return None
    return RefiCoding(
        guid=guid,
        code_guid=code,
        creating_user=ref_attr(item, "creatingUser"),
        created_at=parse_datetime(item.get("creationDateTime"), where, problems),
        note_refs=notes,
    )


def ref_attr(element: Element, name: str) -> str | None:
    """A reference held in an attribute (a coder's GUID): one string for each value, as
    a large project repeats a few coders' GUIDs 100,000 times."""
    raw: str | None = element.get(name)
    if raw is None:
        return None
    if len(raw) != 36:
        raw = raw.strip().strip("{}")
        if not raw:
            return None
    return sys.intern(raw)


def parse_sets(element: Element, problems: list[str]) -> list[RefiSet]:
    return _each(children(element, "Set"), parse_set, problems)


def parse_set(item: Element, problems: list[str]) -> RefiSet | None:
    name = item.get("name") or "Unnamed set"
    guid = clean_guid(item.get("guid"), f"Set {name!r}", problems)
    if guid is None:
        return None
    return RefiSet(
        guid=guid,
        name=name,
        description=child_text(item, "Description"),
        member_codes=refs(item, "MemberCode"),
        member_sources=refs(item, "MemberSource"),
        member_notes=refs(item, "MemberNote"),
    )


def note_from(item: Element, text: str, problems: list[str]) -> RefiNote | None:
    guid = clean_guid(item.get("guid"), f"Note {item.get('name')!r}", problems)
    if guid is None:
        return None
    return RefiNote(
        guid=guid,
        name=item.get("name"),
        text=text,
        description=child_text(item, "Description"),
        creating_user=ref_attr(item, "creatingUser"),
        created_at=parse_datetime(item.get("creationDateTime"), "Note", problems),
    )
