"""Full-text search queries: words, "phrases", prefixes (``innovat*``), AND, OR, NOT.

Grammar (operators in capitals; words side by side mean AND)::

    query   := either ("OR" either)*
    either  := part (["AND"] part | "NOT" item)*
    part    := item | "-" item
    item    := "(" query ")" | word | word* | "a phrase" | "a phrase"*

``a NOT b`` means a and not b; NOT needs something before it, because both search
backends define it that way. ``-b`` (a minus sign straight before a word, phrase or
parenthesis) is the same exclusion written where it stands: ``a -b`` and ``-b a`` both
mean ``a NOT b``; a group made only of exclusions is refused, as a leading NOT is. Words
are folded as the index folds them (:func:`mutualscope.domain.words.index_terms`), so a
hyphenated word is a phrase and a minus sign inside a word is no exclusion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mutualscope.domain.words import index_terms


@dataclass(frozen=True)
class Term:
    """One word or a phrase (several words in order); ``prefix``: the last is a prefix."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class AllOf:
    items: tuple[Query, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Query, ...]


@dataclass(frozen=True)
class Without:
    """``keep NOT drop``."""

    keep: Query
    drop: Query


Query = Term | AllOf | AnyOf | Without


class QuerySyntaxError(ValueError):
    """A query that cannot be read; the message gives the position (1-based)."""


_TOKEN = re.compile(
    r'\s*(?:(?P<phrase>"[^"]*"?\*?)|(?P<paren>[()])|(?P<minus>-(?=[^\s)\-]))|(?P<word>[^\s()"]+))'
)
_OPERATORS = ("AND", "OR", "NOT")


@dataclass(frozen=True)
class _Token:
    kind: str  # word | phrase | op | minus | ( | )
    value: str
    position: int  # 1-based, of the first character
    end: int  # 0-based, after the last character


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    for m in _TOKEN.finditer(text):
        if m["phrase"] is not None:
            if not m["phrase"].rstrip("*").endswith('"') or len(m["phrase"].rstrip("*")) < 2:
                raise QuerySyntaxError(f"position {m.start('phrase') + 1}: unclosed quote")
            out.append(_Token("phrase", m["phrase"], m.start("phrase") + 1, m.end()))
        elif m["paren"] is not None:
            out.append(_Token(m["paren"], m["paren"], m.start("paren") + 1, m.end()))
        elif m["minus"] is not None:
            out.append(_Token("minus", "-", m.start("minus") + 1, m.end()))
        elif m["word"] is not None:
            kind = "op" if m["word"] in _OPERATORS else "word"
            out.append(_Token(kind, m["word"], m.start("word") + 1, m.end()))
    return out


def _term(token: _Token) -> Term | None:
    raw = token.value
    prefix = raw.endswith("*")
    raw = raw.rstrip("*").strip('"')
    words = tuple(index_terms(raw))
    if not words:
        return None
    return Term(words, prefix)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.index = 0
        self.end = len(text) + 1

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def where(self) -> int:
        token = self.peek()
        return token.position if token else self.end

    def query(self) -> Query | None:
        items = [self.either()]
        while (t := self.peek()) is not None and t.kind == "op" and t.value == "OR":
            self.take()
            items.append(self.either())
        kept = [i for i in items if i is not None]
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else AnyOf(tuple(kept))

    def either(self) -> Query | None:
        keep: list[Query] = []
        drops: list[Query] = []
        excluded = self.part(keep, drops)
        while (t := self.peek()) is not None and t.kind != ")":
            if t.kind == "op" and t.value == "OR":
                break
            if t.kind == "op" and t.value == "NOT":
                self.take()
                if not keep:
                    raise QuerySyntaxError(
                        f"position {t.position}: NOT needs a word before it (a NOT b)"
                    )
                after = self.peek()
                if after is not None and after.kind == "minus":
                    raise QuerySyntaxError(
                        f"position {after.position}: '-' cannot follow NOT (write a NOT b or a -b)"
                    )
                drop = self.item()
                if drop is not None:
                    drops.append(drop)
                continue
            if t.kind == "op" and t.value == "AND":
                self.take()
            dropped = self.part(keep, drops)
            excluded = excluded or dropped
        if not keep:
            if excluded is not None and drops:
                position, written = excluded
                raise QuerySyntaxError(
                    f"position {position}: {written} excludes, and nothing is left to find "
                    "(a -b means a NOT b)"
                )
            return None
        result: Query = keep[0] if len(keep) == 1 else AllOf(tuple(keep))
        for drop in drops:
            result = Without(result, drop)
        return result

    def part(self, keep: list[Query], drops: list[Query]) -> tuple[int, str] | None:
        """One item, kept or (after a minus sign) dropped; for a dropped one, where it
        starts and how it was written (for messages)."""
        token = self.peek()
        if token is None or token.kind != "minus":
            item = self.item()
            if item is not None:
                keep.append(item)
            return None
        self.take()
        drop = self.item()
        if drop is not None:
            drops.append(drop)
        written = self.text[token.position - 1 : self.tokens[self.index - 1].end]
        return token.position, written

    def item(self) -> Query | None:
        token = self.peek()
        if token is not None and token.kind == "op" and token.value == "NOT":
            raise QuerySyntaxError(
                f"position {token.position}: NOT needs a word before it (a NOT b)"
            )
        if token is None or token.kind == ")" or token.kind == "op":
            raise QuerySyntaxError(f"position {self.where()}: expected a word or a phrase")
        self.take()
        if token.kind == "(":
            inner = self.query()
            closing = self.peek()
            if closing is None or closing.kind != ")":
                raise QuerySyntaxError(f"position {token.position}: unclosed parenthesis")
            self.take()
            return inner
        return _term(token)


def parse_query(text: str) -> Query:
    """Parse a search query; raises :class:`QuerySyntaxError` with the position."""
    parser = _Parser(text)
    if not parser.tokens:
        raise QuerySyntaxError("the query is empty")
    result = parser.query()
    leftover = parser.peek()
    if leftover is not None:
        raise QuerySyntaxError(f"position {leftover.position}: unexpected {leftover.value!r}")
    if result is None:
        raise QuerySyntaxError("the query has no words to search for")
    return result


def positive_terms(query: Query) -> list[Term]:
    """The terms a hit must or may contain (not those after NOT), for highlighting."""
    if isinstance(query, Term):
        return [query]
    if isinstance(query, Without):
        return positive_terms(query.keep)
    return [t for item in query.items for t in positive_terms(item)]


def term_pattern(term: Term) -> str:
    """A regular expression finding the term in raw text, ignoring case and punctuation."""
    parts = [re.escape(w) for w in term.words]
    if term.prefix:
        parts[-1] += r"[^\W_]*"
    return r"(?<![^\W_])" + r"[\W_]+".join(parts) + r"(?![^\W_])"
