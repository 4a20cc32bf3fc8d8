"""Parsing the ``Sources`` of a project: text sources become :class:`RefiTextSource`,
everything else is listed as :class:`RefiOtherSource` so nothing is dropped unseen."""

from __future__ import annotations

import codecs
import io
from collections.abc import Callable
from dataclasses import dataclass

from charset_normalizer import from_bytes

from mutualscope.io.refi.elements import (
    clean_guid,
    parse_coding,
    parse_codings,
    parse_datetime,
    parse_variable_values,
    ref_attr,
    ref_guid,
    refs,
    shorten,
)
from mutualscope.io.refi.model import RefiOtherSource, RefiSelection, RefiTextSource
from mutualscope.io.refi.xml import Element, child, child_text, children, local

#: Reads an ``internal://`` reference: (bytes, member name), or None when absent.
Loader = Callable[[str], tuple[bytes, str] | None]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_OTHER_KINDS = {
    "PictureSource": ("picture", ("PictureSelection",)),
    "AudioSource": ("audio", ("AudioSelection", "Transcript")),
    "VideoSource": ("video", ("VideoSelection", "Transcript")),
}


@dataclass
class DecodedText:
    text: str
    had_bom: bool
    problem: str | None = None


def decode_text(data: bytes) -> DecodedText:
    """UTF-8 as the spec requires; a BOM (UTF-8 or UTF-16) is honoured and remembered,
    and a file in another encoding is guessed rather than refused."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return DecodedText(data[len(bom) :].decode(encoding, errors="replace"), True)
    try:
        return DecodedText(data.decode("utf-8"), False)
    except UnicodeDecodeError:
        encoding = _guess_encoding(data)
        text = data.decode(encoding, errors="replace")
        return DecodedText(text, False, f"not UTF-8; read as {encoding}")


def _guess_encoding(data: bytes) -> str:
    """The detector's guess, except that among the single-byte Latin code pages (which it
    cannot tell apart on short texts) Windows-1252, what Windows tools write, wins."""
    guess = from_bytes(data).best()
    encoding = guess.encoding if guess is not None else "cp1252"
    if encoding.startswith(("cp125", "windows-125", "iso8859", "latin", "mac")):
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            return encoding
        return "cp1252"
    return encoding


def docx_text(data: bytes) -> str:
    """The plain text of a .docx: its paragraphs, one per line."""
    from docx import Document as DocxDocument

    document = DocxDocument(io.BytesIO(data))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def parse_sources(
    element: Element, load: Loader, problems: list[str]
) -> tuple[list[RefiTextSource], list[RefiOtherSource]]:
    """The sources in ``element``: text sources, and the rest listed."""
    texts: list[RefiTextSource] = []
    others: list[RefiOtherSource] = []
    for item in element:
        text, listed = parse_source(item, load, problems)
        if text is not None:
            texts.append(text)
        others += listed
    return texts, others


def parse_source(
    item: Element,
    load: Loader,
    problems: list[str],
    selections: list[RefiSelection] | None = None,
) -> tuple[RefiTextSource | None, list[RefiOtherSource]]:
    """One child of ``Sources``: the text source it is, if any, and what is listed of it.
    ``selections``, when given, are its selections, read already (a streaming reader
    drops their elements as it goes)."""
    kind = local(item.tag)
    name = item.get("name") or ""
    if kind == "TextSource":
        source = _text_source(item, item, load, problems, selections)
        if source is None:
            return None, [_other("text without readable content", item)]
        return source, []
    if kind == "PDFSource":
        return _pdf_source(item, load, problems, selections)
    if kind in _OTHER_KINDS:
        label, selection_tags = _OTHER_KINDS[kind]
        return None, [_other(label, item, selection_tags)]
    if isinstance(item.tag, str):
        problems.append(f"Sources: unknown element {kind!r} ({shorten(name)}); skipped.")
    return None, []


def _pdf_source(
    item: Element, load: Loader, problems: list[str], selections: list[RefiSelection] | None
) -> tuple[RefiTextSource | None, list[RefiOtherSource]]:
    representation = child(item, "Representation")
    if representation is None:
        return None, [_other("pdf without text representation", item)]
    source = _text_source(item, representation, load, problems, selections)
    if source is None:
        return None, [_other("pdf without text representation", item)]
    others = []
    source.kind = "pdf"
    source.pdf_path = item.get("path")
    source.representation_guid = representation.get("guid")
    pdf_selections = children(item, "PDFSelection")
    if pdf_selections:
        others.append(
            RefiOtherSource(
                kind="pdf region selections",
                guid=source.guid,
                name=source.name,
                selections=len(pdf_selections),
                codings=sum(len(children(s, "Coding")) for s in pdf_selections),
            )
        )
    if source.pdf_path:
        loaded = load(source.pdf_path)
        if loaded is not None:
            source.original, source.original_name = loaded
    return source, others


def _other(label: str, item: Element, selection_tags: tuple[str, ...] = ()) -> RefiOtherSource:
    selections = [s for tag in selection_tags for s in children(item, tag)]
    codings = len(children(item, "Coding")) + sum(len(children(s, "Coding")) for s in selections)
    return RefiOtherSource(
        kind=label,
        guid=(item.get("guid") or "").strip("{}"),
        name=item.get("name") or "",
        path=item.get("path") or item.get("plainTextPath") or item.get("richTextPath"),
        selections=len(selections),
        codings=codings,
    )


def _text_source(
    outer: Element,
    inner: Element,
    load: Loader,
    problems: list[str],
    selections: list[RefiSelection] | None = None,
) -> RefiTextSource | None:
    """A source whose text and selections are in ``inner`` (the element itself, or a PDF's
    Representation) and whose identity is ``outer``'s."""
    name = (outer.get("name") or "").strip()
    where = f"Source {name!r}"
    guid = clean_guid(outer.get("guid"), where, problems)
    if guid is None:
        return None
    source = RefiTextSource(guid=guid, name=name or f"Source {guid[:8]}", text="")
    if not _fill_text(source, inner, load, where, problems):
        problems.append(f"{where} ({guid}): no readable text; listed, not imported.")
        return None
    source.description = child_text(outer, "Description")
    source.creating_user = ref_attr(outer, "creatingUser")
    source.created_at = parse_datetime(outer.get("creationDateTime"), where, problems)
    source.selections = (
        selections if selections is not None else _selections(inner, where, problems)
    )
    source.codings = parse_codings(outer, where, problems)
    if inner is not outer:
        source.codings += parse_codings(inner, where, problems)
    source.note_refs = refs(outer, "NoteRef")
    source.variable_values = parse_variable_values(outer, where, problems)
    return source


def _fill_text(
    source: RefiTextSource, element: Element, load: Loader, where: str, problems: list[str]
) -> bool:
    plain_path = element.get("plainTextPath")
    rich_path = element.get("richTextPath")
    source.plain_text_path, source.rich_text_path = plain_path, rich_path
    rich = load(rich_path) if rich_path else None
    if rich is not None:
        source.original, source.original_name = rich
    inline = child_text(element, "PlainTextContent")
    if plain_path:
        loaded = load(plain_path)
        if loaded is not None:
            decoded = decode_text(loaded[0])
            source.text, source.had_bom = decoded.text, decoded.had_bom
            if decoded.problem:
                problems.append(f"{where}: {decoded.problem}.")
            if rich is None:
                source.original, source.original_name = loaded
            return True
        problems.append(f"{where}: plainTextPath {plain_path!r} is not in the archive.")
    if inline is not None:
        source.text, source.text_origin = inline, "inline"
        return True
    if rich is not None:
        try:
            source.text, source.text_origin = docx_text(rich[0]), "docx"
        except Exception as error:  # python-docx raises many kinds on a damaged file
            problems.append(f"{where}: the .docx {rich_path!r} cannot be read ({error}).")
            return False
        return True
    if rich_path:
        problems.append(f"{where}: richTextPath {rich_path!r} is not in the archive.")
    return False


def _selections(element: Element, where: str, problems: list[str]) -> list[RefiSelection]:
    """The PlainTextSelections of ``element``."""
    found = (
        parse_selection(item, where, problems)
        for item in element.iterchildren("{*}PlainTextSelection")
    )
    return [selection for selection in found if selection is not None]


def parse_selection(item: Element, where: str, problems: list[str]) -> RefiSelection | None:
    """One PlainTextSelection, read in one pass over its children (a large project has
    100,000 of them)."""
    guid = clean_guid(item.get("guid"), f"{where} PlainTextSelection", problems)
    if guid is None:
        return None
    try:
        start = int(item.get("startPosition") or "")
        end = int(item.get("endPosition") or "")
    except ValueError:
        problems.append(
            f"{where} PlainTextSelection {guid}: startPosition "
            f"{shorten(item.get('startPosition'))} / endPosition "
            f"{shorten(item.get('endPosition'))} are not integers; skipped."
        )
        return None
    selection = RefiSelection(
        guid=guid,
        start=start,
        end=end,
        name=item.get("name"),
        creating_user=ref_attr(item, "creatingUser"),
        created_at=parse_datetime(item.get("creationDateTime"), where, problems),
    )
    for sub in item:
        name = local(sub.tag)
        if name == "Coding":
            coding = parse_coding(sub, f"{where} selection {guid}", problems)
            if coding is not None:
                selection.codings.append(coding)
        elif name == "NoteRef" and (target := ref_guid(sub)) is not None:
            selection.note_refs.append(target)
        elif name == "Description":
            selection.description = "".join(sub.itertext())
    return selection
