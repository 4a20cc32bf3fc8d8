"""``mutualscope refi``: REFI-QDA interchange with NVivo, ATLAS.ti, MAXQDA, QualCoder ..."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mutualscope.cli.group import MutualscopeGroup
from mutualscope.cli.lazy import lazy_module
from mutualscope.cli.output import emit, format_option, to_json
from mutualscope.cli.state import CliState

if TYPE_CHECKING:
    from mutualscope.services import refi as refi_service
else:
    refi_service = lazy_module("mutualscope.services.refi")


@click.group(cls=MutualscopeGroup)
def refi() -> None:
    """Exchange projects (.qdpx) and codebooks (.qdc) with other QDA software; import
    QualCoder projects."""


@refi.command("import")
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--merge",
    is_flag=True,
    help="Add to a project that has content; codes are matched by GUID, then by path.",
)
@click.option("--dry-run", is_flag=True, help="Read and check everything; save nothing.")
@click.option(
    "--accept-doubtful",
    is_flag=True,
    help="Import codings whose words are in doubt (no counting of their offsets is "
    "clearly right), each marked by a memo; without it such a file is not imported.",
)
@format_option("table", "json")
@click.pass_obj
def import_(
    state: CliState, file: Path, merge: bool, dry_run: bool, accept_doubtful: bool, fmt: str
) -> None:
    """Import a REFI-QDA project (.qdpx) or codebook (.qdc), or a QualCoder project.

    Users become coders, codes the codebook, text sources (plain text, .docx, PDF with a
    text representation) documents, selections with codings codings, notes memos, cases
    cases or participants. What cannot be mapped (pictures, audio, video, graphs) is
    listed in the report, which is also saved as a project memo. Without --merge the
    project must not yet hold what the file brings. Nothing is saved if nothing could be
    imported.

    How each source's offsets were counted (code points, UTF-16 code units or UTF-8
    bytes; CR LF as one character or two) is read from the selections themselves, and
    the report says which counting was used and why. When no counting is clearly right
    for some codings, they are listed with the words each counting would give and the
    command fails (exit code 1) with nothing saved, unless --accept-doubtful imports
    them marked as doubtful (see `mutualscope refi doubtful`).

    Importing a file the project already holds (the same content, whatever its name)
    changes nothing; with --merge it adds only what the project lacks of it.

    A QualCoder project is read directly, read-only: give its folder (name.qda) or the
    data.qda inside it. Its text sources, categories and codes, cases, attributes,
    memos, journals and text codings are imported; each coding is checked against the
    text QualCoder stored with it and, if its positions are stale, found by that text
    near them. Codings that cannot be placed surely are doubtful, as above.

    \b
    Example:
      mutualscope refi import exported-from-nvivo.qdpx
      mutualscope refi import exported-from-nvivo.qdpx --accept-doubtful
      mutualscope refi import codebook.qdc --merge --dry-run --format json
      mutualscope refi import ~/QualCoder/study.qda --dry-run
    """
    progress = (lambda line: click.echo(line, err=True)) if sys.stderr.isatty() else None
    with state.project.session() as session:
        try:
            report = refi_service.import_refi(
                session,
                path=file,
                merge=merge,
                dry_run=dry_run,
                accept_doubtful=accept_doubtful,
                progress=progress,
            )
        except refi_service.DoubtfulImport as error:
            _print_report(error.report, fmt)
            raise click.ClickException(
                f"{error} Check them, then run again with --accept-doubtful to import "
                "them marked as doubtful."
            ) from error
    _print_report(report, fmt)


def _print_report(report: refi_service.ImportReport, fmt: str) -> None:
    if fmt == "json":
        click.echo(to_json(report.to_json()))
    else:
        click.echo(report.to_text())


@refi.command("doubtful")
@format_option()
@click.pass_obj
def doubtful(state: CliState, fmt: str) -> None:
    """List the codings imported on doubtful positions that are still marked.

    Each was imported with --accept-doubtful and carries a memo titled "Doubtful
    position (REFI-QDA import)" saying what the file said and the words each counting
    would give. Once a coding is checked (and moved if need be), `mutualscope refi
    settle ID` removes its mark and it leaves this list.

    \b
    Example:
      mutualscope refi doubtful
      mutualscope refi doubtful --format json
    """
    with state.project.session() as session:
        rows = refi_service.list_doubtful_codings(session)
    emit(rows, fmt, refi_service.DOUBTFUL_FIELDS, empty="No codings are marked doubtful.")


@refi.command("settle")
@click.argument("coding_ids", nargs=-1, required=True, type=int, metavar="CODING_ID...")
@click.pass_obj
def settle(state: CliState, coding_ids: tuple[int, ...]) -> None:
    """Remove the doubtful mark from codings that have been checked.

    The codings themselves are kept as they are; only their "Doubtful position" memo
    goes. A coding that is not marked doubtful is an error, and then nothing changes.

    \b
    Example:
      mutualscope refi settle 12 13
    """
    with state.project.session() as session:
        settled = refi_service.settle_doubtful(session, coding_ids=list(coding_ids))
    click.echo(f"Settled {settled} coding(s).")


@refi.command("export")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="The .qdpx file to write (replaced if it exists).",
)
@click.option(
    "--identifiable",
    is_flag=True,
    help="Export the original, identifiable texts even when the project has a "
    "pseudonymised text (`protect apply`), which is exported by default.",
)
@format_option("table", "json")
@click.pass_obj
def export(state: CliState, out: Path, identifiable: bool, fmt: str) -> None:
    """Export the whole project as a REFI-QDA project (.qdpx).

    The archive's project.qde validates against the REFI-QDA project schema; documents
    are written as UTF-8 text in sources/, with their .docx or .pdf originals.

    Once `mutualscope protect apply` has built the pseudonymised text, the sources are
    the pseudonymised texts (without their .docx or .pdf originals), every coding moved
    onto its words, and source and case names, variables, code definitions and memos go
    through the project's key; the report's "text" row says so. --identifiable exports
    the original texts. A document with no pseudonymised text keeps its original words
    and is named in a warning.

    \b
    Example:
      mutualscope refi export --out project.qdpx
      mutualscope refi export --out identifiable.qdpx --identifiable
    """
    with state.project.session() as session:
        report = refi_service.export_qdpx(session, path=out, identifiable=identifiable)
    if fmt == "json":
        click.echo(to_json(report.to_json()))
        return
    click.echo(f"Wrote {out}.")
    emit(report.rows(), fmt, ["item", "count", "detail"])
