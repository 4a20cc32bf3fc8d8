"""``mutualscope refi``: REFI-QDA interchange with NVivo, ATLAS.ti, MAXQDA, QualCoder ..."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mutualscope.cli.group import MutualscopeGroup
from mutualscope.cli.output import emit, format_option, to_json
from mutualscope.cli.state import CliState
from mutualscope.services.refi import export_qdpx, import_refi


@click.group(cls=MutualscopeGroup)
def refi() -> None:
    """Exchange projects (.qdpx) and codebooks (.qdc) with other QDA software."""


@refi.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--merge",
    is_flag=True,
    help="Add to a project that has content; codes are matched by GUID, then by path.",
)
@click.option("--dry-run", is_flag=True, help="Read and check everything; save nothing.")
@format_option("table", "json")
@click.pass_obj
def import_(state: CliState, file: Path, merge: bool, dry_run: bool, fmt: str) -> None:
    """Import a REFI-QDA project (.qdpx) or codebook (.qdc).

    Users become coders, codes the codebook, text sources (plain text, .docx, PDF with a
    text representation) documents, selections with codings codings, notes memos, cases
    cases or participants. What cannot be mapped (pictures, audio, video, graphs) is
    listed in the report, which is also saved as a project memo. Without --merge the
    project must not yet hold what the file brings. Nothing is saved if nothing could be
    imported.

    \b
    Example:
      mutualscope refi import exported-from-nvivo.qdpx
      mutualscope refi import codebook.qdc --merge --dry-run --format json
    """
    progress = (lambda line: click.echo(line, err=True)) if sys.stderr.isatty() else None
    with state.project.session() as session:
        report = import_refi(session, path=file, merge=merge, dry_run=dry_run, progress=progress)
    if fmt == "json":
        click.echo(to_json(report.to_json()))
    else:
        click.echo(report.to_text())


@refi.command("export")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="The .qdpx file to write (replaced if it exists).",
)
@format_option("table", "json")
@click.pass_obj
def export(state: CliState, out: Path, fmt: str) -> None:
    """Export the whole project as a REFI-QDA project (.qdpx).

    The archive's project.qde validates against the REFI-QDA project schema; documents
    are written as UTF-8 text in sources/, with their .docx or .pdf originals.

    \b
    Example:
      mutualscope refi export --out project.qdpx
    """
    with state.project.session() as session:
        report = export_qdpx(session, path=out)
    if fmt == "json":
        click.echo(to_json(report.to_json()))
        return
    click.echo(f"Wrote {out}.")
    emit(report.rows(), fmt, ["item", "count", "detail"])
