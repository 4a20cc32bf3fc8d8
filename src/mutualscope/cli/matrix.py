"""``mutualscope matrix`` and ``mutualscope cooccurrence``: coded passages cross-tabulated."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from mutualscope.cli.lazy import lazy_module
from mutualscope.cli.output import emit
from mutualscope.cli.quotes import (
    IDENTIFIABLE,
    QUOTE_FORMAT,
    check_out,
    echo_quotes,
    save_export,
)
from mutualscope.cli.state import CliState
from mutualscope.domain.choices import MATRIX_MEASURES, MATRIX_SCOPES

if TYPE_CHECKING:
    from mutualscope.services import matrices
    from mutualscope.services.matrices import Matrix
    from mutualscope.services.protection import quoting
else:
    matrices = lazy_module("mutualscope.services.matrices")
    quoting = lazy_module("mutualscope.services.protection.quoting")


def echo_matrix(matrix: Matrix, fmt: str) -> None:
    """Tables are wide (a row per code); CSV and JSON are tidy (a row per cell)."""
    if fmt == "table":
        emit(matrix.wide(), fmt, [matrix.row_label, *matrix.columns], empty="No codes.")
    else:
        emit(matrix.long(), fmt)


@click.command()
@click.option(
    "--rows",
    type=click.Choice(["codes"]),
    default="codes",
    show_default=True,
    help="What the rows are.",
)
@click.option("--cols", default="role", show_default=True, help="role, case or org.FIELD.")
@click.option(
    "--measure",
    type=click.Choice(MATRIX_MEASURES),
    default="codings",
    show_default=True,
    help="What a cell counts.",
)
@click.option("--code", help="Only this code and its sub-codes as rows.")
@click.option("--rollup", is_flag=True, help="A code's row also counts its sub-codes.")
@click.option("--coder", help="Only this coder's codings.")
@click.option("--where", multiple=True, help="Organisation filter org.FIELD=VALUE (repeatable).")
@click.option("--cell", nargs=2, metavar="ROW COL", help="List the quotes behind one cell.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "md", "xlsx"]),
    default="table",
    show_default=True,
    help="Output format (md: a cell's quotes; xlsx: a file, with --out).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the matrix to this file as --format csv or xlsx: wide, a row per code, "
    "with a totals row and column.",
)
@IDENTIFIABLE
@click.pass_obj
def matrix(
    state: CliState,
    rows: str,
    cols: str,
    measure: str,
    code: str | None,
    rollup: bool,
    coder: str | None,
    where: tuple[str, ...],
    cell: tuple[str, str] | None,
    fmt: str,
    out: str | None,
    identifiable: bool,
) -> None:
    """Codes against speaker roles, cases or an organisation field.

    Table: one row per code. CSV/JSON: tidy, one object per cell: {row, column,
    row_dimension, column_dimension, measure, value}. Passages with no value for the
    column fall under "(missing)".

    \b
    Example:
      mutualscope matrix --cols role
      mutualscope matrix --cols org.size_band --measure cases --rollup
      mutualscope matrix --cols role --cell Austerity commissioner --format md
      mutualscope matrix --cols case --format xlsx --out matrix.xlsx
    """
    check_out(fmt, None if cell else out, ("csv", "xlsx"))
    if cell and (out or fmt == "xlsx"):
        raise click.UsageError(
            "--cell lists quotes: use `mutualscope quotes` to write them to a file."
        )
    with state.project.session() as session:
        if cell:
            words = quoting.QuoteText(session, identifiable=identifiable)
            found = matrices.cell_quotes(
                session, cell[0], cell[1], cols=cols, rollup=rollup, coder=coder, where=where,
                words=words,
            )  # fmt: skip
            if words.warning():
                click.echo(words.warning(), err=True)
            echo_quotes(found, fmt, heading=f"{cell[0]} × {cell[1]}")
            return
        result = matrices.build_matrix(
            session, cols=cols, measure=measure, code=code, rollup=rollup, coder=coder, where=where
        )
    if out is not None:
        from mutualscope.services.exports import export_matrix

        save_export(export_matrix(result, fmt), out)
        return
    echo_matrix(result, "table" if fmt == "md" else fmt)


@click.command()
@click.option(
    "--scope",
    type=click.Choice(MATRIX_SCOPES),
    default="overlap",
    show_default=True,
    help="overlap: overlapping codings; turn: same speaker turn; document: same document.",
)
@click.option("--code", help="Only this code and its sub-codes.")
@click.option("--coder", help="Only this coder's codings.")
@click.option("--cell", nargs=2, metavar="ROW COL", help="Quotes of ROW that co-occur with COL.")
@QUOTE_FORMAT
@IDENTIFIABLE
@click.pass_obj
def cooccurrence(
    state: CliState,
    scope: str,
    code: str | None,
    coder: str | None,
    cell: tuple[str, str] | None,
    fmt: str,
    identifiable: bool,
) -> None:
    """Codes against codes: how often two codes occur together.

    The diagonal counts the codings (overlap), turns or documents holding each code.
    CSV/JSON are tidy, as for `matrix`.

    \b
    Example:
      mutualscope cooccurrence --scope turn
      mutualscope cooccurrence --cell Austerity Commissioning --format md
    """
    with state.project.session() as session:
        if cell:
            words = quoting.QuoteText(session, identifiable=identifiable)
            found = matrices.cooccurrence_quotes(
                session, cell[0], cell[1], scope=scope, coder=coder, words=words
            )
            if words.warning():
                click.echo(words.warning(), err=True)
            echo_quotes(found, fmt, heading=f"{cell[0]} with {cell[1]}")
            return
        result = matrices.build_cooccurrence(session, scope=scope, code=code, coder=coder)
    echo_matrix(result, "table" if fmt == "md" else fmt)
