"""The data-processing note of an archive (its README): what the package holds, how
the data were anonymised, who was left out and why."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from mutualscope import __version__

if TYPE_CHECKING:
    from mutualscope.services.protection.archive import ArchiveReport

LEFT_OUT = "[turn left out: no consent to archiving]"


def processing_note(report: ArchiveReport, consent: list[dict[str, Any]]) -> str:
    made = datetime.now(UTC).strftime("%Y-%m-%d")
    left = (
        f"{report.turns_left_out} turn(s) of {len(report.participants_left_out)} participant(s) "
        f"without consent to archiving were left out (each is marked `{LEFT_OUT}`), with "
        f"{report.codings_left_out} coding(s) that touched them."
        if report.turns_left_out
        else "Everyone whose words are included consented to archiving."
    )
    return f"""# Anonymised interview data: data-processing note

Made on {made} by mutualscope {__version__} (`mutualscope protect archive`).

## What is here

- `transcripts/`: {report.documents} pseudonymised transcript(s), plain text (UTF-8).
- `codings.csv`: {report.codings} coded passage(s): document, code, offsets into the
  pseudonymised transcript (Unicode code points) and the words coded.
- `codebook.csv`: the codes, their definitions and colours.
- `project.qdpx`: the same transcripts, codebook and codings as a REFI-QDA project, for
  NVivo, ATLAS.ti, MAXQDA or QualCoder.
- `consent.csv`: per participant whose words were recorded: role, case and the answer
  to each scope of consent (interview, quoting, archiving, reuse). No names.

## How the data were anonymised

1. Every transcript was scanned offline for personal data: people's names, organisations,
   places, emails, phone numbers, postcodes, NHS and National Insurance numbers, dates
   of birth, street addresses and job titles that identify one person (the project's own
   names, rules with checksums, and optionally a named-entity model).
2. A researcher reviewed the findings: accepting, rejecting, and adding those missed.
3. Each accepted identifier was replaced by the same pseudonym everywhere: participants
   by role and case ("[CEO, case 3]"), other people, organisations and places by number
   or letter ("[Person 2]", "[Organisation 4]", "[Town A]"), the rest by their kind
   ("[email]", "[phone]"). The key from names to pseudonyms is not in this package.
4. {left}
5. Memos and the files the transcripts were imported from are not included.

## Consent

{len(consent)} participant(s) are summarised in `consent.csv`. Participants who withdrew
have had their words erased from the project; their turns read `[withdrawn]`.
"""
