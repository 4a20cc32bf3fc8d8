"""Words of a text with their offsets, as the name rules and the gazetteer read them."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A word: letters with inner apostrophes or hyphens (O'Brien, Smith-Jones, Sarah's,
# Children's); or a run of digits; or an ampersand, which organisation names use.
_WORD = re.compile(r"[^\W\d_]+(?:['’\-.][^\W\d_]+)*|\d+|&")
_SENTENCE_END = frozenset('.!?:;"“”(\n')


# Not frozen: a frozen dataclass pays for every field it sets, and a scan makes one token
# per word.
@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    lower: str
    # The word without a possessive 's ("Sarah's" -> "Sarah"); the same word otherwise.
    base_end: int
    base_lower: str

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def possessive(self) -> bool:
        return self.base_end != self.end


def tokenize(text: str) -> list[Token]:
    tokens = []
    for match in _WORD.finditer(text):
        word = match.group()
        lower = word.lower()
        start, end = match.span()
        base_end, base_lower = end, lower
        if len(word) > 2 and lower[-2] in "'’" and lower[-1] == "s":
            base_end, base_lower = end - 2, lower[:-2]
        tokens.append(Token(start, end, word, lower, base_end, base_lower))
    return tokens


def starts_sentence(text: str, token: Token) -> bool:
    """True when nothing but a sentence's end, a line break or the text's start comes
    before the word (ignoring spaces)."""
    position = token.start - 1
    while position >= 0 and text[position] in " \t":
        position -= 1
    return position < 0 or text[position] in _SENTENCE_END


def is_speaker_label(text: str, token: Token) -> bool:
    """A word at the start of a line followed by a colon: "Mark: we began in 2011"."""
    line_start = text.rfind("\n", 0, token.start) + 1
    return not text[line_start : token.start].strip() and text[token.end : token.end + 1] == ":"


def gap_is_space(text: str, left: Token, right: Token) -> bool:
    """Only spaces, tabs or one line break between two words: a name may be split by the
    line wrapping of a transcript, not by punctuation."""
    gap = text[left.end : right.start]
    return not gap.strip() and gap.count("\n") <= 1
