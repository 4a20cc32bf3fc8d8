"""``mutualscope protect``: finding personal data in transcripts."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import click

from mutualscope.cli.group import MutualscopeGroup
from mutualscope.cli.lazy import lazy_callable
from mutualscope.cli.output import emit, format_option, render_table, to_json
from mutualscope.cli.protection_review import COMMANDS as REVIEW_COMMANDS
from mutualscope.cli.state import CliState
from mutualscope.domain.choices import SCAN_MODELS as MODEL_CHOICES
from mutualscope.domain.protection.detector import DEFAULT_MIN_CONFIDENCE
from mutualscope.domain.protection.kinds import KINDS

if TYPE_CHECKING:
    from mutualscope.services.protection.findings import SavedScan
    from mutualscope.services.protection.originals import RemovalPlan
    from mutualscope.services.protection.scans import scan_documents
else:
    scan_documents = lazy_callable("mutualscope.services.protection.scans", "scan_documents")

FINDING_COLUMNS = ["document", "start", "end", "kind", "text", "confidence", "source", "context"]
SUMMARY_COLUMNS = ["kind", "findings", "distinct", "documents"]
WITHOUT_MODEL = (
    "Scanned with rules and gazetteers only. The protection extra "
    "(pip install 'mutualscope[protection]') adds a named-entity model that also finds "
    "people, organisations and places that are in neither the project nor the built-in "
    "lists, and names at the start of a sentence that are also words (Hope, Mark)."
)


@click.group(cls=MutualscopeGroup)
def protect() -> None:
    """Participant protection: find the personal data in transcripts, review it,
    pseudonymise and archive.

    \b
    Example:
      mutualscope protect scan --all --save
      mutualscope protect findings --status proposed
      mutualscope protect accept 12 13 14
      mutualscope protect apply --all
      mutualscope protect archive deposit.zip
    """


@protect.command("scan")
@click.argument("documents", nargs=-1, metavar="[DOC ...]")
@click.option("--all", "everything", is_flag=True, help="Scan every document in the project.")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(KINDS),
    help="Only findings of this kind (repeat for several). Default: every kind.",
)
@click.option(
    "--model",
    type=click.Choice(MODEL_CHOICES),
    default="auto",
    show_default=True,
    help="The named-entity model: auto uses it when the protection extra is installed, "
    "on requires it, off scans with rules and gazetteers alone (faster).",
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    default=DEFAULT_MIN_CONFIDENCE,
    show_default=True,
    help="Leave out findings less sure than this (0 to 1).",
)
@click.option(
    "--save",
    is_flag=True,
    help="Store the findings for review (protect findings, accept, reject), keeping "
    "every decision already made.",
)
@format_option()
@click.pass_obj
def scan(
    state: CliState,
    documents: tuple[str, ...],
    everything: bool,
    kinds: tuple[str, ...],
    model: str,
    min_confidence: float,
    save: bool,
    fmt: str,
) -> None:
    """List the personal data found in documents: names of people, organisations and
    places, emails, phone numbers, postcodes, NHS and National Insurance numbers, dates
    of birth, street addresses and job titles that point to one person.

    Each finding has its document, offsets (Python string indices into the stored text),
    kind, text, confidence, source (rule, gazetteer, lexicon or model) and context. The
    project's own names (participants, registry organisations and their short forms,
    cases, speaker labels) are looked for first. Nothing is changed or stored unless
    --save is given: then the findings are stored as proposed, those already accepted,
    rejected or added keep their decision, and proposed ones no longer found go.

    JSON: {"findings": [...], "summary": [{kind, findings, distinct, documents}],
    "documents", "words", "gazetteer_entries", "model"}. CSV: the findings.

    \b
    Example:
      mutualscope protect scan --all
      mutualscope protect scan case-3-ceo.txt --kind person --format json
      mutualscope protect scan --all --model off --format csv > findings.csv
    """
    saved = None
    with state.project.session() as session:
        result = scan_documents(
            session,
            documents,
            everything=everything,
            kinds=kinds or None,
            model=model,
            min_confidence=min_confidence,
        )
        if save:
            from mutualscope.services.protection.findings import save_scan

            saved = save_scan(session, result)
    findings = [asdict(f) for f in result.findings]
    summary = [asdict(s) for s in result.summary]
    if fmt == "json":
        click.echo(
            to_json(
                {
                    "findings": findings,
                    "summary": summary,
                    "documents": result.documents,
                    "words": result.words,
                    "gazetteer_entries": result.gazetteer_entries,
                    "model": result.model,
                    "saved": _saved_counts(saved),
                }
            )
        )
        return
    if fmt == "csv":
        emit(findings, fmt, ["document_id", *FINDING_COLUMNS, "rule", "document_checksum"])
        return
    emit(findings, fmt, FINDING_COLUMNS, empty="No personal data found.")
    if summary:
        click.echo("")
        click.echo(render_table(summary, SUMMARY_COLUMNS))
    click.echo("")
    click.echo(
        f"{result.documents} document(s), {result.words:,} words; "
        f"{result.gazetteer_entries} names from the project."
    )
    if result.model:
        click.echo(f"Named-entity model: {result.model}.")
    else:
        click.echo(WITHOUT_MODEL)
    if saved is not None:
        counts = _saved_counts(saved) or {}
        click.echo(
            f"Saved for review: {counts['new']} new, {counts['found_again']} found again "
            f"(decisions kept), {counts['dropped']} proposed no longer found, "
            f"{counts['moved']} moved to their words on a changed text."
        )
        for lost in saved.lost:
            click.echo(f"Lost (its words are no longer in the text): {lost}", err=True)


def _saved_counts(saved: SavedScan | None) -> dict[str, Any] | None:
    if saved is None:
        return None
    return {
        "new": saved.new,
        "found_again": saved.found_again,
        "dropped": saved.dropped,
        "moved": saved.moved,
        "lost": saved.lost,
    }


@protect.command("remove-originals")
@click.argument("documents", nargs=-1, metavar="[DOC ...]")
@click.option("--all", "everything", is_flag=True, help="Every document in the project.")
@click.option("--yes", "confirmed", is_flag=True, help="Remove them (without it: only say what).")
@click.option(
    "--keep-recordings", is_flag=True, help="Keep the recordings linked to the documents."
)
@click.option(
    "--drop-key",
    is_flag=True,
    help="Also delete the key (original -> pseudonym); with --all only.",
)
@format_option("text", "json", default="text")
@click.pass_obj
def remove_originals(
    state: CliState,
    documents: tuple[str, ...],
    everything: bool,
    confirmed: bool,
    keep_recordings: bool,
    drop_key: bool,
    fmt: str,
) -> None:
    """Make each document's pseudonymised text its only text, for good (the archive
    case): codings, turns and word times move to the new words, the search index is
    rebuilt, the original file, findings and pseudonymised copy go, audit events quoting
    an original get its pseudonym, and linked recordings are removed (unless
    --keep-recordings). Without --yes it only says what it would do, and exits with 1.

    Refused, with nothing changed, for a document without a pseudonymised text made on
    its current words, with proposed findings nobody reviewed, or with findings accepted
    after `protect apply`. The key stays unless --drop-key: export it first with
    `mutualscope protect key --out key.csv`. Cannot be undone except from a backup.

    JSON: {done, documents: [{document_id, document, replaced, codings, codings_merged,
    turns, word_times_removed, original_file}], recordings, keep_recordings,
    audit_events_scrubbed, drop_key, key_entries}.

    \b
    Example:
      mutualscope protect remove-originals --all
      mutualscope protect key --out key.csv
      mutualscope protect remove-originals --all --yes
    """
    from mutualscope.services.protection.originals import plan_removal, remove_originals

    with state.project.session() as session:
        act = remove_originals if confirmed else plan_removal
        plan = act(
            session,
            documents,
            everything=everything,
            keep_recordings=keep_recordings,
            drop_key=drop_key,
        )
    if fmt == "json":
        click.echo(to_json({"done": confirmed, **asdict(plan)}))
    else:
        click.echo(describe_removal(plan, done=confirmed))
    if not confirmed:
        click.echo("Nothing was changed: give --yes to remove the original texts.", err=True)
        raise SystemExit(1)


def describe_removal(plan: RemovalPlan, *, done: bool) -> str:
    """What remove-originals does or did, in counts and document names."""
    lines = ["Removed:" if done else "Would remove:"]
    for d in plan.documents:
        lines.append(
            f"  {d.document}: the original text ({d.replaced} replacement(s) made for good; "
            f"{d.codings} coding(s) and {d.turns} turn(s) moved to the pseudonymised words"
            + (f", {d.codings_merged} merged into an identical coding" if d.codings_merged else "")
            + (
                f", {d.word_times_removed} word time(s) of replaced words"
                if d.word_times_removed
                else ""
            )
            + ("; its original file" if d.original_file else "")
            + ")"
        )
    if plan.recordings:
        if plan.keep_recordings:
            verb = "Recordings kept (--keep-recordings)"
        else:
            verb = "Recordings removed" if done else "Recordings to remove"
        lines.append(f"{verb}: " + ", ".join(plan.recordings))
    else:
        lines.append("No recording is linked to these documents.")
    lines.append(
        f"Audit events with an original replaced by its pseudonym: {plan.audit_events_scrubbed}"
    )
    if plan.drop_key:
        lines.append(f"The key goes too ({plan.key_entries} original(s) and their pseudonyms).")
    else:
        lines.append(
            f"The key ({plan.key_entries} original(s) -> pseudonym) stays; export it with "
            "`mutualscope protect key --out key.csv` before removing it with --drop-key."
        )
    lines.append("Participant labels, speaker labels, memos and document names are not changed.")
    return "\n".join(lines)


for _command in REVIEW_COMMANDS:
    protect.add_command(_command)
