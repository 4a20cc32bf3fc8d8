"""Numbers printed in a transcript's margin, found by evidence and kept out of its text.

Transcription services number a transcript's lines (every line, or every fifth) or its
paragraphs ("12. Interviewer: ..."), and a PDF's text layer, or ``pdftotext`` made from
it, gives those numbers as the first word of the line. A number is removed only as part
of a run that counts: line numbers go up by one (or by five or ten) from one line to the
next line that has one, over at least half of the document's lines; paragraph numbers go
up by one from paragraph to paragraph and most of them stand before a speaker label.
A number that is part of what someone said ("25 staff and ...") never fits such a run on
its own, so it stays; where a line has a margin number, only that first number goes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mutualscope.domain.speakers import label_candidates, label_key

_LINE_NUMBER = re.compile(r"[ \t]*(\d{1,5})(?:[ \t]+|$)")
_PARAGRAPH_NUMBER = re.compile(r"[ \t]*(\d{1,5})(?:\.[ \t]+|[ \t]+)(?=\S)")
_SPACES = re.compile(r"[ \t]+")
#: Steps line numbers go up by: every line, every fifth, every tenth.
LINE_STEPS = (1, 5, 10)
#: The fewest numbers that make a run of paragraph numbers, or of line numbers on every
#: fifth or tenth line; and of line numbers on every line.
MIN_RUN = 3
MIN_LINE_RUN = 5
#: The share of a document's non-blank lines a run of line numbers must cover.
MIN_COVER = 0.5
#: The share of the non-blank lines from its first to its last that a run of numbers
#: going up by one must number to count lines (a page's running header may not be).
MIN_DENSITY = 0.9


@dataclass(frozen=True)
class _Number:
    line: int  # position in the document's lines
    value: int
    end: int  # where the number and the space after it end in the line


def _numbers(lines: list[str], pattern: re.Pattern[str]) -> list[_Number]:
    found = []
    for index, line in enumerate(lines):
        match = pattern.match(line)
        if match is not None:
            found.append(_Number(index, int(match[1]), match.end()))
    return found


def _follows(last: _Number, number: _Number, max_gap: int | None) -> bool:
    gap = number.line - last.line
    return gap >= 1 and (max_gap is None or gap <= max_gap)


def _runs(numbers: list[_Number], step: int, max_gap: int | None) -> list[list[_Number]]:
    """Runs of at least :data:`MIN_RUN` numbers going up by ``step`` in document order,
    each at most ``max_gap`` lines after the one before (any distance when None); a run
    of a step above one holds multiples of it only."""
    runs: list[list[_Number]] = []
    waiting: dict[int, list[int]] = {}  # the value a run goes on with -> those runs
    for number in numbers:
        candidates = waiting.get(number.value, [])
        chosen = next(
            (index for index in reversed(candidates) if _follows(runs[index][-1], number, max_gap)),
            None,
        )
        if chosen is not None:
            candidates.remove(chosen)
            runs[chosen].append(number)
        elif number.value % step == 0:
            runs.append([number])
            chosen = len(runs) - 1
        else:
            continue
        waiting.setdefault(number.value + step, []).append(chosen)
    return [run for run in runs if len(run) >= MIN_RUN]


def _dense(lines: list[str], run: list[_Number]) -> bool:
    """Whether a run numbers at least :data:`MIN_DENSITY` of the non-blank lines it spans."""
    spanned = sum(1 for line in lines[run[0].line : run[-1].line + 1] if line.strip())
    return len(run) >= MIN_DENSITY * spanned


def _line_number_runs(lines: list[str]) -> list[_Number]:
    """The line numbers of the step whose runs cover the most lines, if they cover at
    least half of the non-blank lines."""
    numbers = _numbers(lines, _LINE_NUMBER)
    filled = sum(1 for line in lines if line.strip())
    if not numbers or not filled:
        return []
    best: list[_Number] = []
    best_cover = 0
    for step in LINE_STEPS:
        # A page break (a blank line, a running header or footer) may come between two
        # numbered lines.
        runs = _runs(numbers, step, max_gap=step + 3)
        if step == 1:
            # Numbers on nearly every line count lines; numbers on some lines only, one
            # up from the last, count paragraphs (turns). A few years or items said one
            # per line are too short a run.
            runs = [run for run in runs if len(run) >= MIN_LINE_RUN and _dense(lines, run)]
        members = [number for run in runs for number in run]
        cover = len(members) * step
        if cover > best_cover:
            best, best_cover = members, cover
    return best if best_cover >= MIN_COVER * filled else []


def _paragraph_number_runs(lines: list[str]) -> list[_Number]:
    """The longest run of paragraph numbers, if most of them stand before a label."""
    numbers = _numbers(lines, _PARAGRAPH_NUMBER)
    runs = _runs(numbers, 1, max_gap=None)
    if not runs:
        return []
    run = max(runs, key=len)
    labels = [label_candidates([lines[n.line][n.end :]]) for n in run]
    keys = [label_key(found[0]) for found in labels if found]
    # Turns come from a few speakers, each again and again; a numbered list in what
    # someone said ("1. Money: ...", "2. Staff: ...") has a new word before each colon.
    if len(keys) * 2 < len(run) or len(set(keys)) == len(keys):
        return []
    return run


@dataclass(frozen=True)
class MarginNumbers:
    """Lines with their margin numbers removed, and what was removed."""

    lines: list[str]
    line_numbers: int
    paragraph_numbers: int

    def notes(self) -> list[str]:
        """What an import says it left out."""
        notes = []
        if self.line_numbers:
            notes.append(f"{self.line_numbers:,} line numbers in the margin left out of the text")
        if self.paragraph_numbers:
            notes.append(f"{self.paragraph_numbers:,} paragraph numbers left out of the text")
        return notes


def _remove(lines: list[str], numbers: list[_Number]) -> list[str]:
    out = list(lines)
    for number in numbers:
        out[number.line] = out[number.line][number.end :]
    return out


def remove_margin_numbers(lines: list[str]) -> MarginNumbers:
    """``lines`` without the line numbers and paragraph numbers printed in their margin."""
    line_numbers = _line_number_runs(lines)
    lines = _remove(lines, line_numbers)
    paragraph_numbers = _paragraph_number_runs(lines)
    return MarginNumbers(
        _remove(lines, paragraph_numbers), len(line_numbers), len(paragraph_numbers)
    )


def single_spaced(line: str) -> str:
    """A line of a PDF's text with each run of spaces and tabs made one space."""
    return _SPACES.sub(" ", line).strip()
