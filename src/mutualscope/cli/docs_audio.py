"""Recordings on the command line: the transcription options of ``docs import`` and
``docs link-audio``."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from mutualscope.cli.lazy import lazy_callable
from mutualscope.cli.output import to_json
from mutualscope.cli.recording_progress import RecordingProgress
from mutualscope.cli.state import CliState

if TYPE_CHECKING:
    from mutualscope.io.recordings import RecordingOptions, is_recording, require_recordings
    from mutualscope.io.recordings.audio import clock
    from mutualscope.services.import_sources import ImportSource
else:
    RecordingOptions = lazy_callable("mutualscope.io.recordings", "RecordingOptions")
    is_recording = lazy_callable("mutualscope.io.recordings", "is_recording")
    require_recordings = lazy_callable("mutualscope.io.recordings", "require_recordings")
    clock = lazy_callable("mutualscope.io.recordings.audio", "clock")


F = TypeVar("F", bound=Callable[..., Any])


def recording_options(command: F) -> F:
    """``--model``, ``--language`` and ``--speaker-count`` for commands that transcribe."""
    command = click.option(
        "--speaker-count",
        type=click.IntRange(1, 15),
        metavar="N",
        help="Recordings: how many people speak, when known (else found from the voices).",
    )(command)
    command = click.option(
        "--language",
        metavar="CODE",
        help="Recordings: the language spoken, as a code (en, cy, fr ...); else detected.",
    )(command)
    command = click.option(
        "--model",
        metavar="NAME|PATH",
        help=(
            "Recordings: the speech model, 'base' (the default, multilingual), 'tiny.en' "
            "(faster, English only) or the folder of a CTranslate2 Whisper model."
        ),
    )(command)
    return command


@contextmanager
def transcribing(
    sources: Sequence[ImportSource],
    stop: Callable[[], bool],
    *,
    model: str | None,
    language: str | None,
    speaker_count: int | None,
) -> Iterator[RecordingOptions | None]:
    """The options for the recordings among ``sources``, checked before any file is
    read, with their progress drawn on standard error; None when there are none."""
    if not any(is_recording(source.path) for source in sources):
        yield None
        return
    require_recordings()
    from mutualscope.io.recordings.speech import check_language, resolve_model
    from mutualscope.services.recordings import reporting

    check_language(resolve_model(model), language)
    progress = RecordingProgress(stop)
    with reporting(progress):
        yield RecordingOptions(model=model, language=language, speakers=speaker_count)
    progress.finish()


@click.command("link-audio")
@click.argument("document")
@click.argument("recording", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--replace", is_flag=True, help="Link to this recording instead of another one.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_obj
def link_audio(state: CliState, document: str, recording: Path, replace: bool, fmt: str) -> None:
    """Link a transcript with times (.vtt, .srt, a turn table) to its recording.

    The recording (.wav .mp3 .m4a .flac .ogg .opus .webm, or the audio of an .mp4) is
    kept in the project, like a transcribed one, so the transcript can be played from
    any turn. Refused, with nothing changed, when the document's turns have no times or
    run past the end of the recording.

    JSON: {document, recording, duration, timed_turns, replaced}.

    \b
    Example:
      mutualscope docs link-audio case-3-staff-focus-group.vtt focus-group.m4a
    """
    from mutualscope.services.recordings import link_recording

    require_recordings()
    with state.project.session() as session:
        outcome = link_recording(session, document=document, path=recording, replace=replace)
    if fmt == "json":
        click.echo(to_json(outcome.__dict__))
        return
    click.echo(
        f"Linked {outcome.document} to {outcome.recording} ({clock(outcome.duration)}, "
        f"{outcome.timed_turns} turns with times)"
        + (f"; it was linked to {outcome.replaced}" if outcome.replaced else "")
        + "."
    )
