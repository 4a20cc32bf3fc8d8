"""Quotes from the pseudonymised layer: what reports, quote lists and exports show by
default once a document has one.

:func:`protect_quotes` takes quotes as any service makes them (frozen dataclasses with
``document_id``, ``start``, ``end`` and ``text``, such as
:class:`mutualscope.services.quotes.Quote`) and gives each the words its offsets cover in
its document's pseudonymised text: a quote of "Sarah Jones said the budget was cut"
becomes "[CEO, case 3] said the budget was cut". A quote whose document has no
pseudonymised text made on its current words is kept as it is and counted, so that the
caller can say so (or refuse). The original words stay available to whoever may see
them (``--identifiable``): they are the quotes as given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol, TypeVar

from sqlalchemy.orm import Session

from mutualscope.domain.protection.pseudonyms import Layer
from mutualscope.services.protection.layers import protected_layer


class Quoted(Protocol):
    @property
    def document_id(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...


Q = TypeVar("Q", bound=Quoted)


@dataclass
class ProtectedQuotes:
    """The quotes, each from its document's pseudonymised text where there is one; and
    the ids of the documents quoted from their original words."""

    quotes: list[Any]
    unprotected: list[int] = field(default_factory=list)


def protect_quotes(session: Session, quotes: Sequence[Q]) -> list[Q]:
    """Each quote with the words of the pseudonymised layer (see the module's note)."""
    return protect_quotes_counted(session, quotes).quotes


def protect_quotes_counted(session: Session, quotes: Sequence[Q]) -> ProtectedQuotes:
    """As :func:`protect_quotes`, with the ids of the documents that had no layer."""
    layers: dict[int, Layer | None] = {}
    out: list[Q] = []
    missing: list[int] = []
    for quote in quotes:
        if quote.document_id not in layers:
            layers[quote.document_id] = protected_layer(session, quote.document_id)
            if layers[quote.document_id] is None:
                missing.append(quote.document_id)
        layer = layers[quote.document_id]
        if layer is None:
            out.append(quote)
            continue
        start, end = layer.offsets.span(quote.start, quote.end)
        out.append(replace(quote, text=layer.text[start:end]))  # type: ignore[type-var]
    return ProtectedQuotes(out, missing)
