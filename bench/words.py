"""The small vocabulary the benchmarks that build text on their own draw words from (the
coding, web and REFI-QDA benchmarks; the transcript corpus has its own generator)."""

from __future__ import annotations

WORDS = (
    "we", "surplus", "pilot", "commissioners", "staff", "risk", "funding", "service",
    "users", "board", "tender", "social", "value", "austerity", "ideas", "innovation",
    "partners", "charity", "outreach", "council", "shareholders", "contract", "nurses",
    "community",
)  # fmt: skip
#: Words that test encodings and escaping on the way through an export.
UNUSUAL_WORDS = ("café", "coopérative", "naïve", "£250,000", "🙂")
