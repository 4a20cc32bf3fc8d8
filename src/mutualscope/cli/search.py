"""``mutualscope search``: full-text search over speaker turns."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

import click

from mutualscope.cli.lazy import lazy_module
from mutualscope.cli.output import emit, format_option
from mutualscope.cli.state import CliState

if TYPE_CHECKING:
    from mutualscope.services import search as search_service
else:
    search_service = lazy_module("mutualscope.services.search")


TABLE_WIDTH = 60  # the table cuts longer cells; keep the match in view


def _window(left: str, match: str, right: str) -> str:
    """Keyword in context cut to the table's width around the match."""
    room = max(0, TABLE_WIDTH - len(match) - 2)
    before = left[-(room // 2) :] if room // 2 else ""
    after = right[: room - len(before)]
    if len(before) < len(left):
        before = "…" + before[1:]
    if len(after) < len(right):
        after = after[:-1] + "…"
    return f"{before}[{match}]{after}"


class _SearchCommand(click.Command):
    """``search``, whose query may start with a minus-word (``'-tender surplus'``): an
    argument that starts with one minus sign and is none of the command's options is
    the query, not an unknown option (``--`` before the query still works too)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, self._queries_last(ctx, args))

    def _queries_last(self, ctx: click.Context, args: list[str]) -> list[str]:
        """``args`` with the minus-words moved after a ``--``, option values left in place."""
        takes_value: dict[str, bool] = {}
        for param in self.get_params(ctx):
            if isinstance(param, click.Option):
                for name in (*param.opts, *param.secondary_opts):
                    takes_value[name] = not (param.is_flag or param.count)
        kept: list[str] = []
        queries: list[str] = []
        position = 0
        while position < len(args):
            arg = args[position]
            position += 1
            if arg == "--":
                queries += args[position:]
                break
            name = arg.split("=", 1)[0]
            if name in takes_value:
                kept.append(arg)
                if takes_value[name] and "=" not in arg and position < len(args):
                    kept.append(args[position])
                    position += 1
            elif len(arg) > 1 and arg[0] == "-" and arg[1] != "-":
                queries.append(arg)
            else:
                kept.append(arg)
        return [*kept, "--", *queries] if queries else kept


@click.command("search", cls=_SearchCommand)
@click.argument("query")
@click.option("--case", metavar="LABEL", help="Only this case's documents and speakers.")
@click.option("--role", help="Only speakers in this role or role group (e.g. nurse, staff).")
@click.option("--context", default=8, show_default=True, help="Words shown either side.")
@click.option("--limit", default=20, show_default=True, help="At most this many hits.")
@format_option()
@click.pass_obj
def search(
    state: CliState,
    query: str,
    case: str | None,
    role: str | None,
    context: int,
    limit: int,
    fmt: str,
) -> None:
    """Search transcripts: words, "phrases", prefixes (innovat*), AND, OR, NOT.

    Matching ignores case and accents; words are not stemmed, so use a prefix for
    word forms. Hits come in document order, one per matching turn.

    JSON: a list of {document, document_id, segment_id, start, end, speaker,
    participant, role, case, time_start, left, match, right}; text[start:end] is match.

    \b
    Example:
      mutualscope search 'innovat* AND risk'
      mutualscope search '"social value" OR austerity' --role commissioner
      mutualscope search 'surplus NOT commissioner' --case "Case 1" --format json
      mutualscope search '-tender surplus' --limit 50
    """
    with state.project.session() as session:
        hits = search_service.search_segments(
            session, query, case=case, role=role, context=context, limit=limit
        )
    rows = [asdict(h) for h in hits]
    if fmt == "table":
        for row in rows:
            row["passage"] = _window(row["left"], row["match"], row["right"])
        emit(
            rows, fmt, ["document", "start", "speaker", "role", "case", "passage"], empty="No hits."
        )
    else:
        emit(rows, fmt)
