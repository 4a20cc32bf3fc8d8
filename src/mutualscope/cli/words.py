"""``mutualscope words``: word frequencies over transcripts."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

import click

from mutualscope.cli.lazy import lazy_module
from mutualscope.cli.output import emit, format_option
from mutualscope.cli.state import CliState
from mutualscope.domain.choices import DOCUMENT_KINDS, WORD_GROUPINGS

if TYPE_CHECKING:
    from mutualscope.services import words as words_service
else:
    words_service = lazy_module("mutualscope.services.words")


@click.command("words")
@click.option("--top", default=20, show_default=True, help="How many words (per group).")
@click.option("--by", type=click.Choice(WORD_GROUPINGS), help="Count per role or case.")
@click.option("--case", metavar="LABEL", help="Only this case's documents.")
@click.option("--kind", type=click.Choice(DOCUMENT_KINDS), help="Only documents of this kind.")
@format_option()
@click.pass_obj
def words(
    state: CliState, top: int, by: str | None, case: str | None, kind: str | None, fmt: str
) -> None:
    """Most frequent words in speaker turns, leaving out English stopwords.

    Speaker labels are not counted. JSON: a list of {group, rank, word, count}
    (group is null without --by).

    \b
    Example:
      mutualscope words --top 10
      mutualscope words --by role --top 5 --format csv
    """
    with state.project.session() as session:
        counts = words_service.word_frequencies(session, top=top, by=by, case=case, kind=kind)
    rows = [asdict(c) for c in counts]
    columns = ["group", "rank", "word", "count"] if by else ["rank", "word", "count"]
    emit(rows, fmt, columns, empty="No words: import some documents first.")
