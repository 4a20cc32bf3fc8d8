"""``mutualscope protect findings|accept|reject|add``: reviewing stored findings, and
``protect apply|pseudonym|key``: the pseudonymised layer and its key."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mutualscope.cli.output import emit, format_option, to_json
from mutualscope.cli.state import CliState
from mutualscope.domain.protection.kinds import KINDS

if TYPE_CHECKING:
    from mutualscope.services.protection.findings import FindingView

STATUSES = ("proposed", "accepted", "rejected", "added")
FINDING_COLUMNS = [
    "id",
    "document",
    "start",
    "end",
    "kind",
    "text",
    "confidence",
    "status",
    "context",
]
KEY_COLUMNS = ["kind", "original", "replacement", "participant", "edited"]


def _emit_findings(views: Sequence[FindingView], fmt: str, empty: str) -> None:
    rows = [v.as_dict() for v in views]
    if fmt == "json":
        click.echo(to_json({"findings": rows}))
        return
    if fmt == "csv":
        columns = [*FINDING_COLUMNS, "source", "rule", "reviewer", "reviewed_at", "stale"]
        emit(rows, fmt, columns, empty=empty)
        return
    for row in rows:
        if row["stale"]:
            row["status"] += " (stale: scan again)"
    emit(rows, fmt, FINDING_COLUMNS, empty=empty)


@click.command("findings")
@click.argument("document", required=False, metavar="[DOC]")
@click.option("--status", type=click.Choice(STATUSES), help="Only findings with this status.")
@click.option("--kind", type=click.Choice(KINDS), help="Only findings of this kind.")
@format_option()
@click.pass_obj
def findings(
    state: CliState, document: str | None, status: str | None, kind: str | None, fmt: str
) -> None:
    """List the stored findings (of DOC, or of every document) with their status:
    proposed by a scan, accepted or rejected by a reviewer, or added by one. A finding
    marked stale was made on an earlier text: scan that document with --save again.

    JSON: {"findings": [{id, document_id, document, start, end, kind, text, confidence,
    source, rule, status, reviewer, reviewed_at, stale, context}]}.

    \b
    Example:
      mutualscope protect findings case-3-ceo.txt --status proposed
      mutualscope protect findings --kind person --format csv > people.csv
    """
    from mutualscope.services.protection.findings import list_findings

    with state.project.session() as session:
        views = list_findings(session, document, status=status, kind=kind)
    _emit_findings(views, fmt, "No stored findings. Run `mutualscope protect scan --save`.")


def _decide(state: CliState, ids: tuple[int, ...], status: str, fmt: str) -> None:
    from mutualscope.services.protection.findings import decide_findings

    with state.project.session() as session:
        views = decide_findings(session, list(ids), status=status)
    _emit_findings(views, fmt, "")


@click.command("accept")
@click.argument("ids", nargs=-1, type=int, required=True, metavar="ID...")
@format_option()
@click.pass_obj
def accept(state: CliState, ids: tuple[int, ...], fmt: str) -> None:
    """Accept findings: their words are replaced in the pseudonymised layer. All or
    none: an unknown id or a stale finding changes nothing.

    \b
    Example:
      mutualscope protect accept 12 13 14
    """
    _decide(state, ids, "accepted", fmt)


@click.command("reject")
@click.argument("ids", nargs=-1, type=int, required=True, metavar="ID...")
@format_option()
@click.pass_obj
def reject(state: CliState, ids: tuple[int, ...], fmt: str) -> None:
    """Reject findings (not personal data): they stay rejected when the document is
    scanned again.

    \b
    Example:
      mutualscope protect reject 15
    """
    _decide(state, ids, "rejected", fmt)


@click.command("add")
@click.argument("document", metavar="DOC")
@click.option("--kind", type=click.Choice(KINDS), required=True, help="What the words are.")
@click.option("--start", type=int, help="Start offset (a code point index into the text).")
@click.option("--end", type=int, help="End offset (exclusive).")
@click.option(
    "--text", "words", help="Mark every whole-word occurrence of these words (case ignored)."
)
@format_option()
@click.pass_obj
def add(
    state: CliState,
    document: str,
    kind: str,
    start: int | None,
    end: int | None,
    words: str | None,
    fmt: str,
) -> None:
    """Mark an identifier the scan missed, by offsets or by its words. A span a scan
    already found becomes accepted.

    \b
    Example:
      mutualscope protect add case-3-ceo.txt --kind person --text "Big Dave"
      mutualscope protect add case-3-ceo.txt --kind place --start 1204 --end 1211
    """
    from mutualscope.services.protection.findings import add_findings

    with state.project.session() as session:
        views = add_findings(session, document, kind=kind, start=start, end=end, words=words)
    _emit_findings(views, fmt, "")


@click.command("apply")
@click.argument("documents", nargs=-1, metavar="[DOC ...]")
@click.option("--all", "everything", is_flag=True, help="Every document in the project.")
@click.option(
    "--include-proposed",
    is_flag=True,
    help="Also replace findings not yet reviewed, at or above --min-confidence.",
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    default=0.5,
    show_default=True,
    help="With --include-proposed: the least sure proposed finding replaced.",
)
@format_option()
@click.pass_obj
def apply(
    state: CliState,
    documents: tuple[str, ...],
    everything: bool,
    include_proposed: bool,
    min_confidence: float,
    fmt: str,
) -> None:
    """Build the pseudonymised text of documents: accepted and added findings replaced
    by their pseudonyms, the same in every document ("[CEO, case 3]", "[Person 2]",
    "[Organisation 4]", "[Town A]", "[phone]"). The original text is kept as it was.
    Run it again after reviewing or changing a pseudonym.

    JSON: {"documents": [{document_id, document, replaced, by_kind, undecided}],
    "replaced"}.

    \b
    Example:
      mutualscope protect apply --all
      mutualscope protect apply case-3-ceo.txt --include-proposed --min-confidence 0.8
    """
    from mutualscope.services.protection.layers import apply_protection

    with state.project.session() as session:
        report = apply_protection(
            session,
            documents,
            everything=everything,
            include_proposed=include_proposed,
            min_confidence=min_confidence,
        )
    rows = [d.as_dict() for d in report.documents]
    if fmt == "json":
        click.echo(to_json({"documents": rows, "replaced": report.replaced}))
        return
    for row in rows:
        row["by_kind"] = ", ".join(f"{kind} {n}" for kind, n in row["by_kind"].items())
    emit(rows, fmt, ["document", "replaced", "by_kind", "undecided"])
    undecided = sum(d.undecided for d in report.documents)
    if fmt == "table" and undecided and not include_proposed:
        click.echo(
            f"{undecided} proposed finding(s) not reviewed were left as they are: "
            "see `mutualscope protect findings --status proposed`."
        )


@click.command("show")
@click.argument("document", metavar="DOC")
@click.pass_obj
def show(state: CliState, document: str) -> None:
    """Print the pseudonymised text of DOC (built by `protect apply`).

    \b
    Example:
      mutualscope protect show case-3-ceo.txt
    """
    from mutualscope.errors import NotFound
    from mutualscope.services.documents import find_document
    from mutualscope.services.protection.layers import protected_layer

    with state.project.session() as session:
        doc = find_document(session, document)
        layer = protected_layer(session, doc.id)
        if layer is None:
            raise NotFound(
                f"{doc.name!r} has no pseudonymised text made on its current words: run "
                f"`mutualscope protect apply {doc.name}`."
            )
    click.echo(layer.text, nl=False)


@click.command("pseudonym")
@click.argument("original")
@click.argument("replacement")
@click.option("--kind", type=click.Choice(KINDS), help="Needed for an original not met yet.")
@click.pass_obj
def pseudonym(state: CliState, original: str, replacement: str, kind: str | None) -> None:
    """Choose what ORIGINAL becomes in every pseudonymised text (every spelling that
    compares equal: case and possessive ignored). Run `protect apply` again after.

    \b
    Example:
      mutualscope protect pseudonym "Kempston Health Centre" "[a health centre]"
      mutualscope protect pseudonym "Big Dave" "[Porter, case 1]" --kind person
    """
    from mutualscope.services.protection.pseudonyms import set_pseudonym

    with state.project.session() as session:
        view = set_pseudonym(session, original, replacement, kind=kind)
    click.echo(f"{view.kind} {view.original!r} becomes {view.replacement}.")


@click.command("key")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the key to this CSV file instead of the terminal.",
)
@click.option("--kind", type=click.Choice(KINDS), help="Only this kind.")
@format_option()
@click.pass_obj
def key(state: CliState, out: Path | None, kind: str | None, fmt: str) -> None:
    """The key: every original and its pseudonym. It holds the real names: keep it
    apart from the pseudonymised data and never deposit it.

    \b
    Example:
      mutualscope protect key --out key.csv
    """
    from mutualscope.services.protection.pseudonyms import list_pseudonyms

    with state.project.session() as session:
        rows = [p.as_dict() for p in list_pseudonyms(session, kind=kind)]
    if out is None:
        if fmt == "json":
            click.echo(to_json({"pseudonyms": rows}))
        else:
            emit(
                rows, fmt, KEY_COLUMNS, empty="No pseudonyms yet: run `mutualscope protect apply`."
            )
        return
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, KEY_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    click.echo(f"{len(rows)} pseudonym(s) written to {out}. It holds real names: keep it safe.")


@click.command("archive")
@click.argument("out", type=click.Path(path_type=Path))
@click.option(
    "--exclude-unconsented",
    is_flag=True,
    help="Leave out the turns of participants without consent to archiving, instead of refusing.",
)
@click.option(
    "--allow-unreviewed",
    is_flag=True,
    help="Archive even though some proposed findings were never reviewed (their words "
    "stay as they are).",
)
@format_option("table", "json")
@click.pass_obj
def archive(
    state: CliState, out: Path, exclude_unconsented: bool, allow_unreviewed: bool, fmt: str
) -> None:
    """Write an anonymised archive for deposit to OUT (a new folder, or a .zip file):
    the pseudonymised transcripts, codings.csv, codebook.csv, project.qdpx (REFI-QDA),
    consent.csv (no names) and a README that is the data-processing note.

    Every document needs its pseudonymised text (`protect apply --all`). Refused, with
    nothing written, when anyone whose words are included has not consented to
    archiving, unless --exclude-unconsented leaves their turns out; when a finding was
    accepted after `protect apply`; and when proposed findings were never reviewed,
    unless --allow-unreviewed.

    \b
    Example:
      mutualscope protect archive deposit.zip
      mutualscope protect archive deposit/ --exclude-unconsented
    """
    from mutualscope.services.protection.archive import build_archive

    with state.project.session() as session:
        report = build_archive(
            session, out, exclude_unconsented=exclude_unconsented,
            allow_unreviewed=allow_unreviewed,
        )  # fmt: skip
    if fmt == "json":
        click.echo(to_json(asdict(report)))
        return
    click.echo(
        f"Archive written to {report.out}: {report.documents} transcript(s), "
        f"{report.codings} coding(s), {len(report.files)} file(s)."
    )
    if report.turns_left_out:
        click.echo(
            f"Left out: {report.turns_left_out} turn(s) of "
            f"{', '.join(report.participants_left_out)} (no consent to archiving), and "
            f"{report.codings_left_out} coding(s) on them."
        )


COMMANDS = (findings, accept, reject, add, apply, show, pseudonym, key, archive)
