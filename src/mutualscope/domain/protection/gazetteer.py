"""Names known in advance, looked up word by word: the project's people, organisations and
speakers, and the built-in lists of given names and places.

Entries are matched without regard to case, across line breaks, and before a possessive
's. A match in lower case, or of a name that is also an everyday word, counts for less.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from mutualscope.domain.protection.findings import Finding, make_finding
from mutualscope.domain.protection.kinds import PLACE
from mutualscope.domain.protection.names_lexicon import (
    GIVEN_NAMES,
    NAMES_THAT_ARE_WORDS,
    NICKNAMES,
)
from mutualscope.domain.protection.places_lexicon import PLACES, PLACES_THAT_ARE_WORDS
from mutualscope.domain.protection.tokens import (
    Token,
    is_speaker_label,
    starts_sentence,
    tokenize,
)

_WORDS_THAT_ARE_NAMES = NAMES_THAT_ARE_WORDS | PLACES_THAT_ARE_WORDS
_LOWER_CASE_NAMES = (GIVEN_NAMES | frozenset(NICKNAMES) | PLACES) - _WORDS_THAT_ARE_NAMES


@dataclass(frozen=True)
class GazetteerEntry:
    """A name to look for: as written, its kind, and where it is known from."""

    text: str
    kind: str
    origin: str
    # "gazetteer" for the project's own names, "lexicon" for the built-in lists.
    source: str = "gazetteer"
    confidence: float = 0.95


@dataclass(frozen=True)
class _Compiled:
    words: tuple[str, ...]
    gaps: tuple[str, ...]
    entry: GazetteerEntry


def _gap_key(gap: str) -> str:
    return "".join(gap.split())


@dataclass
class Gazetteer:
    """Entries indexed by their first word, longest first."""

    entries: list[GazetteerEntry] = field(default_factory=list)
    _index: dict[str, list[_Compiled]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        given, self.entries = self.entries, []
        for entry in given:
            self.add(entry)

    def add(self, entry: GazetteerEntry) -> None:
        """Add a name; the same words of the same kind are kept once (the first origin)."""
        tokens = tokenize(entry.text)
        if not tokens:
            return
        words = tuple(t.lower for t in tokens)
        gaps = tuple(_gap_key(entry.text[a.end : b.start]) for a, b in pairwise(tokens))
        bucket = self._index.setdefault(words[0], [])
        if any(c.words == words and c.entry.kind == entry.kind for c in bucket):
            return
        self.entries.append(entry)
        bucket.append(_Compiled(words, gaps, entry))
        bucket.sort(key=lambda c: -len(c.words))

    def merged(self, other: Gazetteer) -> Gazetteer:
        """This gazetteer's entries and then the other's; the first of a name is kept."""
        return Gazetteer([*self.entries, *other.entries])

    def __len__(self) -> int:
        return len(self.entries)

    def find(self, text: str, tokens: list[Token] | None = None) -> list[Finding]:
        """Every match in ``text``; the longest entry at each word."""
        if not self._index:
            return []
        tokens = tokenize(text) if tokens is None else tokens
        found: list[Finding] = []
        index = self._index
        for i, token in enumerate(tokens):
            candidates = index.get(token.lower)
            if candidates is None and token.base_end != token.end:
                candidates = index.get(token.base_lower)
            if not candidates:
                continue
            for compiled in candidates:
                last = _match(text, tokens, i, compiled)
                if last is None:
                    continue
                finding = _finding(text, tokens, i, last, compiled)
                if finding is not None:
                    found.append(finding)
                break
        return found


def _match(text: str, tokens: list[Token], i: int, compiled: _Compiled) -> int | None:
    """The index of the last word when ``compiled`` matches from word ``i``."""
    n = len(compiled.words)
    if i + n > len(tokens):
        return None
    for k in range(n):
        token = tokens[i + k]
        want = compiled.words[k]
        is_last = k == n - 1
        if token.lower != want and not (is_last and token.base_lower == want):
            return None
        if k and _gap_key(text[tokens[i + k - 1].end : token.start]) != compiled.gaps[k - 1]:
            return None
        if k and text[tokens[i + k - 1].end : token.start].count("\n") > 1:
            return None
    return i + n - 1


def _finding(
    text: str, tokens: list[Token], first: int, last: int, compiled: _Compiled
) -> Finding | None:
    entry = compiled.entry
    last_token = tokens[last]
    end = last_token.end if last_token.lower == compiled.words[-1] else last_token.base_end
    confidence = _confidence(text, tokens[first : last + 1], entry)
    if confidence is None:
        return None
    return make_finding(
        text, tokens[first].start, end, entry.kind, confidence, entry.source, entry.origin
    )


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


# Words around a name that is also an everyday word which show it is used as a name:
# "hope said", "with mark", "Dawn was worried"; and prepositions before a place.
_CUES_BEFORE = _words("with and told asked ask tell called thanks thank dear hi hello")
_CUES_AFTER = _words(
    """said says was is has had knew told would will did does came went and who rang
    asked thinks thought wanted runs ran from"""
)
_PLACE_PREPOSITIONS = _words("in at from to near around outside")


def _word_before(text: str, token: Token) -> str:
    words = text[max(0, token.start - 20) : token.start].split()
    return words[-1].lower() if words else ""


def _word_after(text: str, token: Token) -> str:
    words = text[token.end : token.end + 20].split()
    return words[0].lower().strip(",.;:!?") if words else ""


def _confidence(text: str, words: list[Token], entry: GazetteerEntry) -> float | None:
    """How sure a match is, by its case and by whether the name is also a word; None when
    it should not count at all (an everyday word in lower case)."""
    first = words[0]
    capitalised = all(w.capitalised or w.text[:1].isdigit() or w.text == "&" for w in words)
    if len(words) > 1:
        return entry.confidence if capitalised else entry.confidence - 0.15
    if first.base_lower in _WORDS_THAT_ARE_NAMES:
        return _word_name_confidence(text, first, entry)
    if capitalised:
        return entry.confidence
    # One word in lower case: a name only if it is nothing else ("sarah", "luton"), not a
    # surname that is also a word ("green") nor an acronym written small.
    if first.base_lower in _LOWER_CASE_NAMES:
        return entry.confidence - 0.15
    return None


def _word_name_confidence(text: str, word: Token, entry: GazetteerEntry) -> float | None:
    """Hope, Mark, Will, Reading, Bath: a name by its case, its place and its company."""
    cued = (
        _word_before(text, word) in _CUES_BEFORE
        or _word_after(text, word) in _CUES_AFTER
        or word.possessive
        # Spoken to, or named in a list: "Bob, they used to say", "Grace, admin".
        or text[word.end : word.end + 1] == ","
    )
    if entry.kind == PLACE:
        if not word.capitalised:
            return None
        if _word_before(text, word) in _PLACE_PREPOSITIONS:
            return entry.confidence
        return 0.4 if starts_sentence(text, word) else entry.confidence - 0.15
    if not word.capitalised:
        # Only a name the project knows, and only where it is plainly used as one.
        return entry.confidence - 0.3 if cued and entry.source == "gazetteer" else None
    if is_speaker_label(text, word) or word.possessive:
        return entry.confidence
    if starts_sentence(text, word):
        return entry.confidence - 0.2 if cued else 0.4
    return entry.confidence - 0.15


def gazetteer_of(entries: Iterable[GazetteerEntry]) -> Gazetteer:
    return Gazetteer(list(entries))
