"""Speaker turns in transcript text: finding the labels real transcripts use.

Recognised markings, at the start of a line::

    Interviewer: ...          INTERVIEWER: ...        Interviewer 1: ...
    Interviewer1 : ...        Int: ...                Q: ... / A: ...
    R1: ...                   CEO (case 3): ...       **Interviewer:** ... (Markdown)
    [00:01:02] Speaker 2: ... 00:01:02 Speaker 2: ... Speaker 2 (00:01:02): ...
    Speaker 2 00:01:02        (label and time on their own line, the words below)
    Speaker 2 00:01:02 ...    (label, time and words on one line)

A label-like prefix is taken as a speaker only if it is a known speaker word or role
("Interviewer", "R1", "Nurse"), occurs at least twice, or is given as known (bold runs in
a .docx or .odt); once a transcript has turns, a name-like label used once ("Mary:") is
accepted too. This keeps "Note: ..." or "The answer is simple: ..." in running text from
becoming speakers. Labels stay in the text; a turn's span is the words after its label.

A label and time followed by words on the same line is the marking most like running
text ("At 10:30 we met", "Monday 09:00 site visit"), so it asks more: a speaker word
other than a bare letter ("Speaker 2", "Interviewer"), a known label, or a capitalised
name of up to three words that is no date or function word ("Jane Smith") used at least
twice in a transcript that has at least two speakers. It never counts as the name used
once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from mutualscope.domain.roles import ALIASES, DEFAULT_ROLES


@dataclass(frozen=True)
class Turn:
    """A span ``text[start:end]`` said by ``speaker`` (None: unattributed)."""

    speaker: str | None
    start: int
    end: int
    time_start: float | None = None
    time_end: float | None = None


TIMESTAMP = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_LABEL = (
    r"[^\W\d_][\w.'’&/+-]*(?:[ \t]+[\w.'’&/+-]+){0,4}?"
    r"(?:[ \t]*\([^()\n:]{1,40}\))?"
)
_BOLD = r"(?:\*\*|__)?"
_LABEL_COLON = re.compile(
    r"^[ \t]*(?:[-–—•>][ \t]*)?"
    + _BOLD
    + rf"(?:[\[(](?P<ts1>{TIMESTAMP})[\])][ \t]*|(?P<ts2>{TIMESTAMP})[ \t]+)?"
    + _BOLD
    + rf"(?P<label>{_LABEL})"
    + rf"(?:[ \t]*[\[(](?P<ts3>{TIMESTAMP})[\])])?"
    + _BOLD
    + r"[ \t]*:"
    + _BOLD
    + r"(?=[ \t]|$)",
    re.MULTILINE,
)
_LABEL_TIME_LINE = re.compile(
    rf"^[ \t]*(?P<label>{_LABEL})[ \t]+[\[(]?(?P<ts4>{TIMESTAMP})[\])]?[ \t]*$",
    re.MULTILINE,
)
# "Speaker 2 00:01:02 words": the time bare or in a matching pair of brackets, then words.
_LABEL_TIME_WORDS = re.compile(
    rf"[ \t]*(?P<label>{_LABEL})[ \t]+"
    rf"(?:\[(?P<ts5>{TIMESTAMP})\]|\((?P<ts6>{TIMESTAMP})\)|(?P<ts7>{TIMESTAMP}))"
    r"[ \t]+(?=\S)"
)
_PARENTHETICAL = re.compile(r"\s*\([^)]*\)")
_TRAILING_NUMBER = re.compile(r"[\s.]*\d+$")
_SPACES = re.compile(r"\s+")
MAX_LABEL_LENGTH = 60

SPEAKER_WORDS = frozenset(
    {
        "interviewer", "int", "i", "ir", "q", "a", "r", "p", "ie", "resp", "respondent",
        "interviewee", "speaker", "participant", "facilitator", "moderator", "researcher",
        "unknown", "voice",
    }
)  # fmt: skip
_ROLE_WORDS = frozenset(r.key for r in DEFAULT_ROLES) | frozenset(ALIASES)
# Words that open a line of notes or an agenda before a time ("At 10:30", "Monday 09:00"),
# never a name given before a time in a transcript. Months that are also given names
# (April, May, June, August) are left out.
_NOT_NAME_WORDS = frozenset(
    {
        "a", "about", "after", "afternoon", "and", "approx", "approximately", "around",
        "at", "before", "between", "break", "but", "by", "circa", "ca", "during", "end",
        "evening", "for", "from", "he", "i", "in", "it", "later", "lunch", "midday",
        "morning", "noon", "of", "on", "or", "she", "since", "so", "start", "the", "then",
        "they", "till", "to", "today", "tomorrow", "tonight", "until", "we", "when",
        "yesterday", "you",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
        "january", "february", "march", "july", "september", "october", "november",
        "december", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
        "dec",
    }
)  # fmt: skip


def parse_timestamp(value: str) -> float:
    """Seconds from ``h:mm:ss``, ``mm:ss`` or either with ``.mmm``/``,mmm``."""
    parts = value.replace(",", ".").split(":")
    seconds = float(parts[-1])
    minutes = int(parts[-2]) if len(parts) >= 2 else 0
    hours = int(parts[-3]) if len(parts) >= 3 else 0
    return hours * 3600 + minutes * 60 + seconds


@lru_cache(maxsize=4096)
def canonical_label(label: str) -> str:
    """A label with its spacing tidied: "Interviewer1 " -> "Interviewer1"."""
    # Cached: a transcript repeats a handful of labels hundreds of times.
    return _SPACES.sub(" ", label.strip().strip("*_").strip())


_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d+$)")


@lru_cache(maxsize=4096)
def label_key(label: str) -> str:
    """Labels that differ only in case or spacing name the same speaker:
    "INTERVIEWER 1", "Interviewer1" and "interviewer 1" share the key "interviewer 1"."""
    return _LETTER_DIGIT.sub(" ", canonical_label(label).casefold())


def is_speaker_word(label: str) -> bool:
    """Whether a label names a speaker by itself: "Interviewer 2", "R1", "Nurse (case 4)"."""
    base = _PARENTHETICAL.sub("", label_key(label))
    base = _TRAILING_NUMBER.sub("", base).strip()
    return base in SPEAKER_WORDS or base in _ROLE_WORDS


def _looks_like_name(label: str) -> bool:
    words = _PARENTHETICAL.sub("", label).split()
    if not words or len(words) > 3:
        return False
    return label.isupper() or all(w[0].isupper() or w[0].isdigit() for w in words)


def _is_bare_letter(label: str) -> bool:
    """Whether a label is one letter ("A", "I", "Q"): speaker words that are also words
    of running text."""
    return len(label_key(label)) == 1


def _may_open_inline_turn(label: str) -> bool:
    """Whether a label followed by a time and words on one line may be a speaker: a
    speaker word, or a name ("Jane Smith", "JANE SMITH"), not "In 2019" or "Monday"."""
    if is_speaker_word(label):
        return True
    words = _PARENTHETICAL.sub("", label).split()
    if not words or len(words) > 3:
        return False
    return all(
        w[0].isalpha()
        and (w[0].isupper() or label.isupper())
        and w.casefold().strip(".") not in _NOT_NAME_WORDS
        for w in words
    )


class _Candidate(NamedTuple):
    line_start: int
    content_start: int
    label: str
    time: float | None
    inline: bool = False  # "Speaker 2 00:01:02 words": label, time and words on one line


def _candidate_at(text: str, start: int, end: int) -> _Candidate | None:
    """A speaker label at the start of the line ``text[start:end]``, if there is one."""
    colon = text.find(":", start, min(end, start + MAX_LABEL_LENGTH + 40))
    if colon != -1:
        m = _LABEL_COLON.match(text, start, end)
        if m is not None:
            label = canonical_label(m["label"])
            if len(label) > MAX_LABEL_LENGTH:
                return None
            stamp = m["ts1"] or m["ts2"] or m["ts3"]
            time = parse_timestamp(stamp) if stamp else None
            return _Candidate(start, m.end(), label, time)
        # The first colon of "Speaker 2 00:01:02 words" is the time's (labels have none).
        inline = colon > start and text[colon - 1].isdigit()
        m = _LABEL_TIME_WORDS.match(text, start, end) if inline else None
        if m is not None:
            label = canonical_label(m["label"])
            if len(label) > MAX_LABEL_LENGTH or not _may_open_inline_turn(label):
                return None
            stamp = m["ts5"] or m["ts6"] or m["ts7"]
            return _Candidate(start, m.end(), label, parse_timestamp(stamp), inline=True)
    if end > start and (text[end - 1].isdigit() or text[end - 1] in ")]"):
        m = _LABEL_TIME_LINE.match(text, start, end)
        if m is not None:
            label = canonical_label(m["label"])
            if len(label) <= MAX_LABEL_LENGTH:
                return _Candidate(start, m.end(), label, parse_timestamp(m["ts4"]))
    return None


def _candidates(text: str) -> list[_Candidate]:
    # Line by line with cheap checks first: the patterns run only on lines that have a
    # colon near their start or end in a time, which keeps long transcripts fast. Empty
    # lines (every other line in most transcripts) are passed over without a call.
    found: list[_Candidate] = []
    find = text.find
    start = 0
    length = len(text)
    while start < length:
        end = find("\n", start)
        if end == -1:
            end = length
        if end > start:
            candidate = _candidate_at(text, start, end)
            if candidate is not None:
                found.append(candidate)
        start = end + 1
    return found


def _strong(candidates: list[_Candidate], keys: list[str], known_keys: set[str]) -> list[bool]:
    """Which candidates are speakers by themselves (see the module's docstring)."""
    counts = Counter(keys)
    strong: list[bool] = []
    names_by_count: set[str] = set()  # one-line labels kept only for being repeated
    for c, key in zip(candidates, keys, strict=True):
        if not c.inline:
            strong.append(counts[key] >= 2 or key in known_keys or is_speaker_word(c.label))
        elif key in known_keys or (is_speaker_word(c.label) and not _is_bare_letter(c.label)):
            strong.append(True)
        else:
            strong.append(counts[key] >= 2)
            if counts[key] >= 2:
                names_by_count.add(key)
    speakers = {key for key, keep in zip(keys, strong, strict=True) if keep}
    if names_by_count and len(speakers) < 2:
        # One repeated "Name 10:30 words" with no other speaker is a diary or an agenda.
        strong = [
            keep and not (c.inline and key in names_by_count)
            for c, key, keep in zip(candidates, keys, strong, strict=True)
        ]
    return strong


def _accepted(candidates: list[_Candidate], known: Collection[str]) -> list[_Candidate]:
    known_keys = {label_key(k) for k in known}
    keys = [label_key(c.label) for c in candidates]
    strong = _strong(candidates, keys, known_keys)
    accepted = [c for c, keep in zip(candidates, strong, strict=True) if keep]
    if len(accepted) >= 2:
        # A name used once ("Mary:") counts only inside the dialogue, not in a header.
        first = accepted[0].line_start
        accepted = [
            c
            for c, keep in zip(candidates, strong, strict=True)
            if keep or (not c.inline and c.line_start > first and _looks_like_name(c.label))
        ]
    return accepted


def _stripped_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``text[start:end]`` without leading and trailing white space, as offsets; an
    all-space span becomes the empty span at ``end``. (str.strip and the loops it
    replaces agree on what is white space.)"""
    kept = text[start:end].lstrip()
    start = end - len(kept)
    return start, start + len(kept.rstrip())


def detect_turns(text: str, known_labels: Collection[str] = ()) -> list[Turn]:
    """Split normalised text into turns; text with no speakers is one unattributed turn.

    Text before the first label (a title, a note on the interview) is an unattributed
    turn. Spellings of one speaker that differ in case or spacing take the first one seen.
    """
    accepted = _accepted(_candidates(text), known_labels)
    first_spelling: dict[str, str] = {}
    turns: list[Turn] = []
    preamble_end = accepted[0].line_start if accepted else len(text)
    start, end = _stripped_span(text, 0, preamble_end)
    if end > start:
        turns.append(Turn(None, start, end))
    limits = [c.line_start for c in accepted[1:]] + [len(text)] if accepted else []
    for c, limit in zip(accepted, limits, strict=True):
        start, end = _stripped_span(text, c.content_start, limit)
        speaker = first_spelling.setdefault(label_key(c.label), c.label)
        turns.append(Turn(speaker, start, end, c.time))
    return turns


def split_label(line: str, known_labels: Collection[str] = ()) -> tuple[str, str] | None:
    """("Interviewer", "Hello") for "Interviewer: Hello" if the label is a speaker word
    or known; used where each cue or cell holds one line of one speaker."""
    m = _LABEL_COLON.match(line)
    if m is None:
        return None
    label = canonical_label(m["label"])
    known_keys = {label_key(k) for k in known_labels}
    if len(label) > MAX_LABEL_LENGTH:
        return None
    if not (is_speaker_word(label) or label_key(label) in known_keys):
        return None
    return label, line[m.end() :].strip()


def split_bold_label(bold: str, rest: str) -> tuple[str, str] | None:
    """("Interviewer", "Tell me") for a paragraph that opens with the bold text ``bold``
    followed by ``rest``: "**Interviewer** Tell me", "**Interviewer:** Tell me" or
    "**Interviewer**: Tell me". None when the bold text is no label: empty, too long,
    part of a word ("**Inter**view"), or a bold line with no colon and nothing after it
    (a heading). A bold label alone with a colon gives empty words: the turn's words
    are on the lines below."""
    label = canonical_label(bold).rstrip(":").strip()
    if not label or len(label) > MAX_LABEL_LENGTH:
        return None
    if bold[-1:].isalnum() and rest[:1].isalnum():
        return None
    words = rest.strip()
    colon = bold.rstrip().endswith(":")
    if words.startswith(":"):
        words, colon = words[1:].lstrip(), True
    if not words and not colon:
        return None
    return label, words


def label_candidates(lines: list[str]) -> list[str]:
    """Labels that start lines (for caption cues): used to decide which to trust."""
    out = []
    for line in lines:
        m = _LABEL_COLON.match(line)
        if m is not None:
            out.append(canonical_label(m["label"]))
    return out
