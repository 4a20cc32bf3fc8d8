"""``mutualscope docs``: import transcripts and other documents, read them, name speakers."""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from mutualscope.cli import docs_edits
from mutualscope.cli.docs_audio import link_audio, recording_options, transcribing
from mutualscope.cli.group import MutualscopeGroup
from mutualscope.cli.interrupts import StopRequest, stop_on_signals
from mutualscope.cli.lazy import lazy_callable, lazy_module
from mutualscope.cli.output import emit, format_option, to_json
from mutualscope.cli.state import CliState
from mutualscope.domain.choices import DOCUMENT_KINDS

if TYPE_CHECKING:
    from mutualscope.io import transcripts
    from mutualscope.io.transcripts.speakermap import read_speaker_map
    from mutualscope.services import documents as documents_service
    from mutualscope.services import imports as imports_service
    from mutualscope.services import search as search_service
    from mutualscope.services.import_sources import collect_sources
else:
    transcripts = lazy_module("mutualscope.io.transcripts")
    read_speaker_map = lazy_callable("mutualscope.io.transcripts.speakermap", "read_speaker_map")
    documents_service = lazy_module("mutualscope.services.documents")
    imports_service = lazy_module("mutualscope.services.imports")
    search_service = lazy_module("mutualscope.services.search")
    collect_sources = lazy_callable("mutualscope.services.import_sources", "collect_sources")


@click.group(cls=MutualscopeGroup)
def docs() -> None:
    """Documents: interview transcripts, focus groups, written evidence, policy papers.

    \b
    Example:
      mutualscope docs import transcripts/ --case "Case 1" --keep-going
      mutualscope docs list
      mutualscope docs show case-1-ceo-interview.txt --turns
    """


@docs.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--case", metavar="LABEL", help="The case study these documents belong to.")
@click.option(
    "--kind",
    type=click.Choice(DOCUMENT_KINDS),
    default="interview",
    show_default=True,
    help="What the documents are.",
)
@click.option("--keep-going", is_flag=True, help="Carry on after a file fails; report at the end.")
@click.option("--replace", is_flag=True, help="Re-import files already in the project.")
@click.option(
    "--speakers",
    "speakers_csv",
    type=click.Path(path_type=Path, dir_okay=False),
    help="CSV of label,participant[,document] linking speaker labels to participants.",
)
@click.option(
    "--document-column",
    metavar="COLUMN",
    help="Turn tables: one document per value of this column (e.g. Interview), named "
    "'<file name> – <value>'.",
)
@click.option(
    "--time-column",
    metavar="COLUMN",
    help="Turn tables: the column of start times, when its name is not one of the usual "
    "ones (Start, Time, Time_Mark, Timestamp, Begin, In).",
)
@click.pass_obj
@recording_options
def import_(
    state: CliState,
    paths: tuple[Path, ...],
    case: str | None,
    kind: str,
    keep_going: bool,
    replace: bool,
    speakers_csv: Path | None,
    document_column: str | None,
    time_column: str | None,
    model: str | None,
    language: str | None,
    speaker_count: int | None,
) -> None:
    """Import files or whole folders of transcripts, with their speaker turns.

    Formats: .txt and .md (any common encoding), .docx, .odt, .pdf (text layer), .vtt and
    .srt (cue times kept), .csv/.xlsx of turns (speaker, text, optional start, end) and
    .html. A file already imported (same content) is skipped unless --replace. Each file
    is imported whole or not at all; the command exits non-zero if any file failed.

    A turn table's other columns are kept as document or turn attributes, and the
    columns it read, kept and ignored are listed. With --document-column a table holding
    many interviews gives one document per value of that column, each imported whole or
    not at all.

    Recordings (.wav .mp3 .m4a .flac .ogg .opus .webm, the audio of an .mp4) given as
    files are transcribed offline, with speaker turns and the time of every word, and
    kept in the project (see docs/recordings.md; needs the 'recordings' extra).

    Ctrl-C or SIGTERM stops the import between two files and keeps the files imported
    so far (a second one stops it at once, keeping only those already committed); run
    the same command again to import the rest.

    \b
    Example:
      mutualscope docs import interview-1.docx focus-group.vtt --case "Case 3"
      mutualscope docs import transcripts/ --keep-going --speakers speakers.csv
      mutualscope docs import PUB0010.txt --kind evidence
      mutualscope docs import all-interviews.csv --document-column Interview
      mutualscope docs import interview.m4a --case "Case 3" --speaker-count 2
    """
    mapping = read_speaker_map(speakers_csv) if speakers_csv else []
    sources = collect_sources(list(paths))
    if not sources:
        raise click.ClickException(
            f"No files to import (supported: {', '.join(transcripts.SUPPORTED_SUFFIXES)})."
        )
    with (
        stop_on_signals() as stop,
        transcribing(
            sources, stop, model=model, language=language, speaker_count=speaker_count
        ) as recordings,
        state.project.session() as session,
        click.progressbar(
            length=len(sources), label="Importing", file=sys.stderr, show_pos=True
        ) as bar,
    ):
        try:
            report = imports_service.import_documents(
                session,
                [],
                sources=sources,
                case=case,
                kind=kind,
                replace=replace,
                keep_going=keep_going,
                speaker_map=mapping,
                on_file=lambda outcome: bar.update(1 if outcome.last_of_file else 0),
                should_stop=stop,
                table_options=transcripts.TableOptions(document_column, time_column),
                recording_options=recordings,
            )
        except KeyboardInterrupt:
            _abort(stop)
    _echo_outcomes(report.outcomes)
    summary = (
        f"{report.count('imported')} imported, {report.count('replaced')} replaced, "
        f"{report.count('skipped')} skipped, {report.count('failed')} failed"
    )
    if report.stopped:
        remaining = len(sources) - report.files
        summary += f"; stopped at the first failure ({remaining} not tried; see --keep-going)"
    click.echo(summary + ".")
    if report.interrupted:
        done, remaining = report.files, len(sources) - report.files
        click.echo(
            f"Interrupted by {stop.name}: stopped after {done} of {len(sources)} files"
            + (" (listed above)" if done else "")
            + f"; the other {remaining} were not imported, none of them in part. Run the "
            "same command again to import them.",
            err=True,
        )
        raise SystemExit(stop.exit_code)
    if report.failed:
        raise SystemExit(1)


def _echo_outcomes(outcomes: list[imports_service.ImportOutcome]) -> None:
    """Each document's outcome; a turn table's columns once per file unless they differ
    from one of its documents to the next."""
    columns_shown: tuple[Path, str] | None = None
    for outcome in outcomes:
        if outcome.status == "failed":
            click.echo(f"Failed: {outcome.message}", err=True)
        elif outcome.status == "skipped":
            click.echo(f"Skipped {_source(outcome)}: {outcome.message}")
        else:
            detail = f"{outcome.turns} turns, speakers: {', '.join(outcome.speakers) or 'none'}"
            click.echo(f"{outcome.status.capitalize()} {outcome.name} ({detail})")
            for warning in outcome.warnings:
                click.echo(f"  Note: {outcome.name}: {warning}")
            if outcome.columns is not None:
                described = outcome.columns.describe()
                if columns_shown != (outcome.path, described):
                    click.echo(f"  Columns: {described}")
                    columns_shown = (outcome.path, described)


def _source(outcome: imports_service.ImportOutcome) -> str:
    """The file, and the document's name when it is one of several in the file."""
    if outcome.path.as_posix().endswith(outcome.name):
        return str(outcome.path)
    return f"{outcome.path} ({outcome.name})"


def _abort(stop: StopRequest) -> NoReturn:
    """After a second signal: the import stopped at once and rolled back what it had not
    committed."""
    click.echo(
        f"\nInterrupted by {stop.name} twice: stopped at once. Files not yet committed were "
        "rolled back (none is left in part); run the same command again to import them.",
        err=True,
    )
    raise SystemExit(stop.exit_code or 130)


@docs.command("list")
@click.option("--case", metavar="LABEL", help="Only this case's documents.")
@click.option("--kind", type=click.Choice(DOCUMENT_KINDS), help="Only this kind.")
@format_option()
@click.pass_obj
def list_(state: CliState, case: str | None, kind: str | None, fmt: str) -> None:
    """List documents with kind, case, format, words, turns and speakers.

    JSON: a list of {id, name, kind, case, source_format, words, turns, speakers, checksum}.

    \b
    Example:
      mutualscope docs list --case "Case 1" --format json
    """
    with state.project.session() as session:
        rows = [asdict(d) for d in documents_service.list_documents(session, case=case, kind=kind)]
    emit(
        rows,
        fmt,
        ["id", "name", "kind", "case", "source_format", "words", "turns", "speakers"],
        empty="No documents yet. Import some with `mutualscope docs import PATH`.",
    )


def _turn_row(seg: documents_service.SegmentView) -> dict[str, Any]:
    row = asdict(seg)
    # Counted from 1, as `docs edit-turn`, `split-turn` and the others take TURN.
    row["turn"] = seg.position + 1
    row["time"] = _clock(seg.time_start)
    return row


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return ""
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


@docs.command("show")
@click.argument("document")
@click.option("--turns", is_flag=True, help="List the speaker turns instead of the text.")
@format_option("table", "json")
@click.pass_obj
def show(state: CliState, document: str, turns: bool, fmt: str) -> None:
    """Show a document (by id or name): its details and text, or its turns.

    JSON: {id, name, kind, case, source_format, checksum, word_count, text, attributes}
    and, with --turns, "segments": [{id, position, start, end, text, speaker,
    participant_id, participant, role, role_group, external, case, time_start, time_end,
    attributes}]. Attributes are a turn table's other columns (null on a turn without).
    The table numbers turns from 1, as the turn edit commands take them; JSON's
    position counts from 0.

    \b
    Example:
      mutualscope docs show 1
      mutualscope docs show case-3-staff-focus-group.vtt --turns --format json
    """
    with state.project.session() as session:
        view = documents_service.load_document(session, document)
    if fmt == "json":
        data = asdict(view)
        if not turns:
            data.pop("segments")
        click.echo(to_json(data))
        return
    click.echo(
        f"{view.name} (id {view.id}): {view.kind}, case {view.case or '-'}, "
        f"{view.source_format} format, {view.word_count} words, {len(view.segments)} turns"
    )
    click.echo()
    if turns:
        rows = [_turn_row(s) for s in view.segments]
        emit(
            rows,
            "table",
            ["turn", "time", "speaker", "participant", "role", "start", "end", "text"],
        )
    else:
        click.echo(view.text)


@docs.command("speakers")
@click.argument("document")
@format_option()
@click.pass_obj
def speakers(state: CliState, document: str, fmt: str) -> None:
    """List a document's speaker labels with turns, words and linked participant.

    JSON: a list of {label, turns, words, participant, role}; label null is text before
    the first speaker or in a transcript with no speakers.

    \b
    Example:
      mutualscope docs speakers case-1-ceo-interview.txt
    """
    with state.project.session() as session:
        rows = [asdict(s) for s in documents_service.document_speakers(session, document)]
    emit(rows, fmt, ["label", "turns", "words", "participant", "role"])


@docs.command("assign-speaker")
@click.argument("document")
@click.argument("label")
@click.argument("person")
@click.pass_obj
def assign_speaker(state: CliState, document: str, label: str, person: str) -> None:
    """Link a speaker label in a document to a participant (and so to a role).

    \b
    Example:
      mutualscope docs assign-speaker case-1-ceo-interview.txt "CEO (case 1)" "Case 1 CEO"
    """
    with state.project.session() as session:
        changed = documents_service.assign_speaker(
            session, document=document, label=label, participant=person
        )
    click.echo(f"Linked {changed} turns of {label!r} to {person!r}.")


@docs.command("reindex")
@click.pass_obj
def reindex(state: CliState) -> None:
    """Rebuild the full-text search index from the stored documents.

    \b
    Example:
      mutualscope docs reindex
    """
    with state.project.session() as session:
        count = search_service.reindex(session)
    click.echo(f"Indexed {count} turns.")


docs.add_command(link_audio)
for command in docs_edits.COMMANDS:
    docs.add_command(command)
