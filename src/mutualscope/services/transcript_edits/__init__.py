"""Correcting a transcript in place, as a person does while listening to its recording.

Every edit is a text edit (:mod:`mutualscope.domain.textedits`) and a change of turns,
made in one transaction: codings, turns and word times are moved to where their words
are in the new text, and the search index is rebuilt for the document's turns. A coding
whose words cannot be kept (a correction across one of its ends) makes the edit refused,
naming the coding; a coding whose text changes (a word corrected inside it, a speaker
label added or removed inside it) is named in the outcome. Two people editing one
transcript are served one at a time, and an edit made on a transcript that changed
since its author looked is refused (:mod:`.revision`).

- :mod:`.turns`: the edits (correct, split, merge, set the speaker);
- :mod:`.remap`: moving codings, turns and words;
- :mod:`.revision`: revisions, taking the document, finishing an edit.
"""

from __future__ import annotations

from mutualscope.services.transcript_edits.revision import (
    ACTIONS,
    CodingChange,
    TranscriptEdit,
    revision_of,
    transcript_revision,
)
from mutualscope.services.transcript_edits.turns import (
    correct_turn,
    merge_turns,
    set_turn_speaker,
    split_turn,
)

__all__ = [
    "ACTIONS",
    "CodingChange",
    "TranscriptEdit",
    "correct_turn",
    "merge_turns",
    "revision_of",
    "set_turn_speaker",
    "split_turn",
    "transcript_revision",
]
