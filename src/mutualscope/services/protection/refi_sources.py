"""A REFI-QDA project made of the pseudonymised texts: each source's text replaced by its
document's pseudonymised text and every selection moved through the offset map and named
again from the new words. The archive (``protect archive``) and ``refi export`` both
build their project this way; names outside the texts go through the project's key."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.domain.protection.pseudonyms import Layer, replace_known
from mutualscope.io.refi import RefiCode, RefiProject, RefiTextSource
from mutualscope.services.protection.quoting import QuoteText
from mutualscope.storage.documents import Document

QUOTE_NAME_LENGTH = 60


def safe_value(value: Any, key: dict[str, str]) -> Any:
    """A free-text value with the key's originals replaced (other values as they are)."""
    return replace_known(value, key) if isinstance(value, str) else value


def walk_codes(codes: list[RefiCode]) -> Iterable[RefiCode]:
    for code in codes:
        yield code
        yield from walk_codes(code.children)


def pseudonymise_source(
    source: RefiTextSource, layer: Layer, left_out: Sequence[tuple[int, int]] = ()
) -> None:
    """``source`` (in place) with the layer's text, as plain text without its original
    file; its selections moved through the offset map and named from the new words;
    selections touching a ``left_out`` stretch dropped."""
    source.text, source.kind = layer.text, "text"
    source.original = source.original_name = source.representation_guid = None
    kept = []
    for selection in source.selections:
        if any(selection.start < b and a < selection.end for a, b in left_out):
            continue
        selection.start, selection.end = layer.offsets.span(selection.start, selection.end)
        quote = layer.text[selection.start : selection.end]
        selection.name = (
            quote if len(quote) <= QUOTE_NAME_LENGTH else quote[:QUOTE_NAME_LENGTH] + "…"
        )
        kept.append(selection)
    source.selections = kept


def pseudonymise_names(project: RefiProject, key: dict[str, str]) -> None:
    """Case names and every variable value (cases' and sources') through the key, in place."""
    for source in project.sources:
        for value in source.variable_values:
            value.value = safe_value(value.value, key)
    for case in project.cases:
        case.name = replace_known(case.name, key)
        for value in case.variable_values:
            value.value = safe_value(value.value, key)


def pseudonymise_project(session: Session, project: RefiProject, words: QuoteText) -> list[str]:
    """The exporter's ``project`` (in place) made of the pseudonymised texts, for ``refi
    export``: sources with a pseudonymised text take it (their .docx or .pdf originals
    left out, since they hold the names); source and case names, variable values, code
    definitions, memos and descriptions go through the project's key. Sources without a
    pseudonymised text keep their original words: their names are returned."""
    guids = {g.lower(): i for g, i in session.execute(select(Document.guid, Document.id))}
    key = words.key()
    kept_original = []
    for source in project.sources:
        layer = words.layer(guids[source.guid.lower()])
        if layer is None:
            kept_original.append(source.name)
        else:
            pseudonymise_source(source, layer)
        source.name = replace_known(source.name, key)
        source.description = safe_value(source.description, key)
    pseudonymise_names(project, key)
    for case in project.cases:
        case.description = safe_value(case.description, key)
    for code in walk_codes(project.codes):
        code.description = safe_value(code.description, key)
    for note in project.notes:
        note.name, note.text = safe_value(note.name, key), replace_known(note.text, key)
        note.description = safe_value(note.description, key)
    project.description = safe_value(project.description, key)
    return kept_original
