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

:class:`QuoteText` is what reports, quote lists, quote exports and ``refi export`` use:
it makes the choice once per output (pseudonymised unless ``identifiable``, and only if
the project has a pseudonymised text), and says which text was used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mutualscope.domain.protection.pseudonyms import Layer, replace_known
from mutualscope.errors import PermissionDenied
from mutualscope.services.protection.layers import protected_layer
from mutualscope.services.protection.pseudonyms import PseudonymBook
from mutualscope.storage.documents import Document
from mutualscope.storage.protection import ProtectedText
from mutualscope.storage.users import User


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
    words = QuoteText(session)
    out = [
        replace(q, text=words.words(q.document_id, q.start, q.end, q.text))  # type: ignore[type-var]
        for q in quotes
    ]
    if not words.pseudonymised:  # no document has a layer
        return ProtectedQuotes(out, list(dict.fromkeys(q.document_id for q in quotes)))
    return ProtectedQuotes(out, list(words.unprotected))


OWNER = "owner"


def check_identifiable(user: User, identifiable: bool) -> bool:
    """``identifiable`` if ``user`` may see the identifiable words (owners only, on the
    web); PermissionDenied when someone else asks for them."""
    # Owner is the highest role (services.users.ROLE_RANK); importing that module here
    # would hash a password on the way (its dummy hash) for every quote list.
    if identifiable and not (user.active and user.role == OWNER):
        raise PermissionDenied(
            f"{user.name} is a {user.role}; only owners may see the identifiable text. "
            "Quotes are shown from the pseudonymised text."
        )
    return identifiable


def has_protected_texts(session: Session) -> bool:
    """Whether ``protect apply`` has built a pseudonymised text for any document."""
    return session.scalar(select(ProtectedText.document_id).limit(1)) is not None


class QuoteText:
    """Which words a report, a quote list or an export shows, decided once per output.

    The pseudonymised text when the project has one (``protect apply`` was run) and the
    caller did not ask for the identifiable words; then each quote's words come from its
    document's pseudonymised text, and the names around them (participant labels,
    document names) go through the project's key. A document with no pseudonymised text
    made on its current words is quoted from its original words and named in
    :attr:`unprotected`, so that the output can say so (never mixed silently). Without
    any pseudonymised text, or with ``identifiable``, quotes are the original words.
    """

    def __init__(self, session: Session, *, identifiable: bool = False) -> None:
        self.session = session
        self.identifiable = identifiable
        #: Whether quotes are taken from the pseudonymised texts.
        self.pseudonymised = not identifiable and has_protected_texts(session)
        self._layers: dict[int, Layer | None] = {}
        self._key: dict[str, str] | None = None
        #: Documents quoted from their original words although pseudonymising is on.
        self.unprotected: dict[int, str] = {}
        self.used: set[int] = set()

    def layer(self, document_id: int) -> Layer | None:
        """The document's pseudonymised text, None when quotes use the original words."""
        if not self.pseudonymised:
            return None
        if document_id not in self._layers:
            found = self._layers[document_id] = protected_layer(self.session, document_id)
            if found is None:
                name = self.session.scalar(select(Document.name).where(Document.id == document_id))
                self.unprotected[document_id] = self.name(name) or str(document_id)
            else:
                self.used.add(document_id)
        return self._layers[document_id]

    def words(self, document_id: int, start: int, end: int, original: str) -> str:
        """The words ``original`` (the document's ``[start:end]``) as this output shows them."""
        layer = self.layer(document_id)
        if layer is None:
            return original
        new_start, new_end = layer.offsets.span(start, end)
        return layer.text[new_start:new_end]

    def name(self, value: str | None) -> str | None:
        """A name beside the quotes (participant label, document name) through the key."""
        if not self.pseudonymised or not value:
            return value
        return replace_known(value, self.key())

    def key(self) -> dict[str, str]:
        """The project's key: original -> pseudonym (read once)."""
        if self._key is None:
            self._key = PseudonymBook(self.session).key_table()
        return self._key

    def quotes(self, quotes: Sequence[Q]) -> list[Q]:
        """Each quote with its words (and its participant and document names, when it
        has them) as this output shows them."""
        if not self.pseudonymised:
            return list(quotes)
        out = []
        for quote in quotes:
            changes: dict[str, Any] = {
                "text": self.words(quote.document_id, quote.start, quote.end, quote.text)
            }
            for attribute in ("participant", "document"):
                if hasattr(quote, attribute):
                    changes[attribute] = self.name(getattr(quote, attribute))
            out.append(replace(quote, **changes))  # type: ignore[type-var]
        return out

    def built(self) -> tuple[datetime, datetime] | None:
        """When the pseudonymised texts quoted were built (earliest, latest)."""
        if not self.used:
            return None
        first, last = self.session.execute(
            select(func.min(ProtectedText.built_at), func.max(ProtectedText.built_at)).where(
                ProtectedText.document_id.in_(sorted(self.used))
            )
        ).one()
        return (first, last) if first is not None and last is not None else None

    def description(self) -> str | None:
        """Which text was used, in a sentence (for a report's sources appendix); None
        when the project has no pseudonymised text, so there was no choice to make."""
        if not self.pseudonymised:
            if self.identifiable and has_protected_texts(self.session):
                return (
                    "Quotes are taken from the identifiable original text (asked for with "
                    "--identifiable), not the pseudonymised text."
                )
            return None
        built = self.built()
        if built is None:
            sentence = "Quotes are taken from the pseudonymised text."
        else:
            first, last = (f"{d.day} {d:%B %Y}" for d in built)
            when = first if first == last else f"between {first} and {last}"
            sentence = f"Quotes are taken from the pseudonymised text (built {when})."
        sentence += " Their character offsets are those of the original text in the project."
        warning = self.warning()
        return f"{sentence} {warning}" if warning else sentence

    def warning(self) -> str | None:
        """That some quotes are of original words, naming their documents; None if not."""
        if not self.unprotected:
            return None
        names = ", ".join(sorted(self.unprotected.values()))
        count = len(self.unprotected)
        return (
            f"Warning: {count} document{'s' if count != 1 else ''} quoted "
            f"{'have' if count != 1 else 'has'} no pseudonymised text made on "
            f"{'their' if count != 1 else 'its'} current words, so "
            f"{'their' if count != 1 else 'its'} quotes show the original words: {names}. "
            "Run `mutualscope protect apply` for them."
        )
