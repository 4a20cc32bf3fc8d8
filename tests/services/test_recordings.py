"""Recordings through the import service: transcribed into a document with turns and word
times, the recording kept once per content, and linked to transcripts that have times.

Real speech (bench/recordings/data, see SOURCES.md), the fast tiny.en model, offline."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.factories import make_case
from tests.io.recordings.offline import offline  # noqa: F401
from tests.io.recordings.sounds import voice, write_audio

from mutualscope.errors import Conflict, InvalidInput
from mutualscope.io.recordings import RecordingOptions, decode
from mutualscope.services.documents import load_document
from mutualscope.services.imports import import_documents
from mutualscope.services.recordings import (
    document_recording,
    link_recording,
    read_recording_bytes,
)
from mutualscope.storage.models import AuditEvent, Document, Segment
from mutualscope.storage.recordings import Recording, RecordingChunk, RecordingWord

DATA = Path(__file__).resolve().parents[2] / "bench" / "recordings" / "data"
FAST = RecordingOptions(model="tiny.en", threads=2)


def _counts(session: Session) -> dict[str, int]:
    tables = (Document, Segment, Recording, RecordingChunk, RecordingWord, AuditEvent)
    return {
        t.__tablename__: session.scalar(select(func.count()).select_from(t)) or 0 for t in tables
    }


def _as_m4a(tmp_path: Path, source: Path, name: str = "interview.m4a") -> Path:
    """A real recording re-encoded as AAC in .m4a, as a phone or recorder saves it."""
    return write_audio(tmp_path / name, decode(source), rate=16_000, stereo=False)


@pytest.mark.usefixtures("offline")
def test_recordings_import_gives_turns_words_and_the_recording(
    session: Session, tmp_path: Path
) -> None:
    make_case(session, "Case 3")
    path = _as_m4a(tmp_path, DATA / "pyannote-sample.wav")

    report = import_documents(
        session, [path], case="Case 3", recording_options=RecordingOptions(
            model="tiny.en", threads=2, speakers=2
        ),
    )  # fmt: skip

    [outcome] = report.outcomes
    assert outcome.status == "imported", outcome.message
    assert outcome.speakers == ["Speaker 1", "Speaker 2"]
    doc = load_document(session, "interview.m4a")
    assert doc.case == "Case 3" and doc.source_format == "m4a"
    assert "New Jersey" in doc.text and "Chicago" in doc.text
    # Each turn: a speaker, its words as a span of the text, its times in order.
    assert all(s.speaker in ("Speaker 1", "Speaker 2") for s in doc.segments)
    assert doc.text.startswith("Speaker 1: ")
    times = [(s.time_start, s.time_end) for s in doc.segments]
    assert all(a is not None and b is not None and a <= b for a, b in times)
    assert [a for a, _ in times] == sorted(a for a, _ in times)
    # Every word of the text has its own span, time and confidence.
    words = session.scalars(
        select(RecordingWord)
        .where(RecordingWord.document_id == doc.id)
        .order_by(RecordingWord.position)
    ).all()
    spoken = [doc.text[w.start : w.end] for w in words]
    assert "Chicago" in " ".join(spoken)
    joined = " ".join(doc.text[s.start : s.end] for s in doc.segments)
    assert " ".join(spoken) == joined
    assert all(0 < (w.probability or 0) <= 1 and w.time_start <= w.time_end for w in words)
    jersey = next(w for w in words if doc.text[w.start : w.end].startswith("Jersey"))
    assert 12 < jersey.time_start < 15  # "This is Diane in New Jersey" (12.5-14.2 s)
    # The recording is kept byte for byte and found by its checksum.
    stored = document_recording(session, "interview.m4a")
    assert stored is not None and stored.filename == "interview.m4a"
    assert stored.words == len(words) and abs(stored.duration - 30.0) < 0.2
    content = path.read_bytes()
    assert read_recording_bytes(session, stored.id, 0, len(content) + 10) == content
    assert read_recording_bytes(session, stored.id, 1000, 50) == content[1000:1050]
    details = session.get(Document, doc.id).attributes["transcription"]  # type: ignore[union-attr]
    assert details["model"] == "tiny.en" and details["speakers_asked"] == 2


@pytest.mark.usefixtures("offline")
def test_recordings_same_recording_again_is_skipped_and_kept_once(
    session: Session, tmp_path: Path
) -> None:
    path = _as_m4a(tmp_path, DATA / "jfk.flac", "jfk.m4a")
    import_documents(session, [path], recording_options=FAST)
    again = import_documents(session, [path], recording_options=FAST)
    assert again.outcomes[0].status == "skipped"
    replaced = import_documents(session, [path], replace=True, recording_options=FAST)
    assert replaced.outcomes[0].status == "replaced"
    assert _counts(session)["recording"] == 1
    assert _counts(session)["document"] == 1
    assert "ask not what your country can do for you" in load_document(session, "jfk.m4a").text


@pytest.mark.usefixtures("offline")
@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "broken.m4a",
            b"\x00\x00\x00\x20ftypM4A " + bytes(3000),
            "not a recording that can be read",
        ),
        ("notes.mp3", "Interviewer: ça va 😀\r\n".encode(), "this is a text file, not a recording"),
        ("report.wav", b"%PDF-1.4\n" + bytes(100), "this is a PDF file, not a recording"),
    ],
)
def test_recordings_bad_file_fails_and_leaves_the_project_unchanged(
    session: Session, tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    import_documents(
        session, [_as_m4a(tmp_path, DATA / "jfk.flac", "kept.m4a")], recording_options=FAST
    )
    before = _counts(session)
    path = tmp_path / name
    path.write_bytes(content)

    report = import_documents(session, [path], recording_options=FAST)

    [outcome] = report.outcomes
    assert outcome.status == "failed" and outcome.message.startswith(f"{path}: ")
    assert expected in outcome.message and "\n" not in outcome.message
    assert _counts(session) == before


@pytest.mark.usefixtures("offline")
def test_recordings_no_speech_fails_and_leaves_the_project_unchanged(
    session: Session, tmp_path: Path
) -> None:
    before = _counts(session)
    path = write_audio(tmp_path / "silence.flac", voice(5.0) * 0.0)
    report = import_documents(session, [path], recording_options=FAST)
    assert "no speech was found in the recording (0:05 of audio)" in report.outcomes[0].message
    assert _counts(session) == before


VTT = """WEBVTT

00:00:00.300 --> 00:00:02.300
<v Speaker>And so my fellow Americans

00:00:03.000 --> 00:00:10.500
<v Speaker>ask not what your country can do for you, ask what you can do for your country.
"""


def _vtt(session: Session, tmp_path: Path, text: str = VTT) -> str:
    path = tmp_path / "jfk.vtt"
    path.write_text(text, encoding="utf-8")
    assert import_documents(session, [path]).outcomes[0].status == "imported"
    return "jfk.vtt"


def test_recordings_link_audio_keeps_the_recording_for_a_timed_transcript(
    session: Session, tmp_path: Path
) -> None:
    name = _vtt(session, tmp_path)
    outcome = link_recording(session, document=name, path=DATA / "jfk.flac")
    assert (outcome.recording, outcome.timed_turns, outcome.replaced) == ("jfk.flac", 1, None)
    stored = document_recording(session, name)
    assert stored is not None and stored.words == 0 and abs(stored.duration - 11.0) < 0.1
    content = (DATA / "jfk.flac").read_bytes()
    assert read_recording_bytes(session, stored.id, 0, len(content)) == content
    # Linking another recording needs --replace; the first stays in the project.
    other = write_audio(tmp_path / "other.wav", voice(12.0))
    with pytest.raises(Conflict, match=r"already linked to the recording 'jfk\.flac'"):
        link_recording(session, document=name, path=other)
    assert link_recording(session, document=name, path=other, replace=True).replaced == "jfk.flac"
    assert _counts(session)["recording"] == 2


def test_recordings_link_audio_refuses_a_transcript_without_times(
    session: Session, tmp_path: Path
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Interviewer: How did it start?\nCEO: In 2011.\n", encoding="utf-8")
    import_documents(session, [path])
    before = _counts(session)
    with pytest.raises(InvalidInput, match="has no turn times to play from"):
        link_recording(session, document="notes.txt", path=DATA / "jfk.flac")
    assert _counts(session) == before


def test_recordings_link_audio_refuses_a_recording_shorter_than_the_turns(
    session: Session, tmp_path: Path
) -> None:
    name = _vtt(session, tmp_path, VTT.replace("00:00:10.500", "00:05:00.000"))
    before = _counts(session)
    with pytest.raises(InvalidInput) as caught:
        link_recording(session, document=name, path=DATA / "jfk.flac")
    assert str(caught.value) == (
        f"{DATA / 'jfk.flac'}: the recording is 0:11 long but 'jfk.vtt' has turns up to "
        "5:00; is it the recording of this interview?"
    )
    assert _counts(session) == before
