"""The corpus generator: deterministic, consistent offsets, every format readable."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from bench import corpus


@pytest.fixture(scope="module")
def small() -> corpus.Corpus:
    return corpus.build("small")


def test_build_same_seed_gives_same_corpus(small: corpus.Corpus) -> None:
    again = corpus.build("small")
    assert [t.text for t in again.transcripts] == [t.text for t in small.transcripts]
    assert again.organisations == small.organisations
    assert again.codings == small.codings


def test_build_other_seed_gives_other_text(small: corpus.Corpus) -> None:
    other = corpus.build("small", seed=1)
    assert other.transcripts[0].text != small.transcripts[0].text


def test_build_counts_match_scale(small: corpus.Corpus) -> None:
    scale = corpus.SCALES["small"]
    assert len(small.organisations) == scale.organisations
    assert len(small.transcripts) == scale.transcripts
    assert len(small.codebook) == scale.codes
    assert len(small.codings) == scale.codings
    assert all(t.word_count >= scale.words for t in small.transcripts)
    assert len({o["Name"] for o in small.organisations}) == scale.organisations


def test_turns_point_at_their_words(small: corpus.Corpus) -> None:
    for transcript in small.transcripts:
        for turn in transcript.turns:
            label = transcript.text[turn.start - len(turn.speaker) - 2 : turn.start]
            assert label == f"{turn.speaker}: "
            assert len(transcript.text[turn.start : turn.end].split()) == turn.words
            for start, end in turn.sentences:
                assert turn.start <= start < end <= turn.end
                assert transcript.text[end - 1] in ".?"


def test_codings_are_sentences_in_participant_turns(small: corpus.Corpus) -> None:
    paths = {c["path"] for c in small.codebook}
    coders = {c["coder"] for c in small.codings}
    assert coders == {"coder-a", "coder-b"}
    for coding in small.codings:
        transcript = small.transcripts[coding["document"]]
        assert coding["document_name"] == transcript.name
        assert coding["code"] in paths
        turn = next(t for t in transcript.turns if t.start <= coding["start"] < t.end)
        assert turn.speaker != "Interviewer"
        assert coding["end"] <= turn.end
        assert coding["start"] in {s for s, _ in turn.sentences}
        assert coding["end"] in {e for _, e in turn.sentences}


def test_codebook_parents_come_first() -> None:
    codes = corpus.make_codebook(40)
    seen: set[str] = set()
    for code in codes:
        assert code["parent"] is None or code["parent"] in seen
        seen.add(code["path"])
    assert len(codes) == 40


def test_organisations_have_messy_but_readable_values() -> None:
    rows = corpus.make_organisations(400)
    regions = {row["Region"] for row in rows}
    assert {"Eastern", "East of England"} <= regions
    turnovers = [row["Turnover"] for row in rows if row["Turnover"]]
    assert any(re.fullmatch(r"£\d+(\.\d)?m", t) for t in turnovers)
    assert any(row["Employees"] == "50-249" for row in rows)


def test_render_every_format_carries_the_words(small: corpus.Corpus) -> None:
    transcript = small.transcripts[0]
    first_words = transcript.text[transcript.turns[1].start :].split()[:3]
    for fmt in corpus.FORMATS:
        data = corpus.render(transcript, fmt)
        if fmt == "docx":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                data = archive.read("word/document.xml")
        text = data.decode("utf-8")
        assert first_words[0] in text, fmt
    vtt = corpus.render(transcript, "vtt").decode()
    assert vtt.startswith("WEBVTT\n") and "<v Interviewer>" in vtt
    srt = corpus.render(transcript, "srt").decode()
    assert re.search(r"^00:00:00,000 --> \d\d:\d\d:\d\d,\d{3}$", srt, re.M)


def test_render_unknown_format_is_refused(small: corpus.Corpus) -> None:
    with pytest.raises(ValueError, match="unknown transcript format"):
        corpus.render(small.transcripts[0], "pdf")


def test_cli_writes_the_layout(tmp_path: Path) -> None:
    assert corpus.main(["--scale", "small", "--out", str(tmp_path), "--formats", "txt,vtt"]) == 0
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["counts"]["transcripts"] == 8
    assert len(manifest["transcripts"]["txt"]) == 8
    assert not (tmp_path / "transcripts" / "html").exists()
    with (tmp_path / "organisations.csv").open(encoding="utf-8") as handle:
        assert tuple(csv.DictReader(handle).fieldnames or ()) == corpus.COLUMNS
    codings = json.loads((tmp_path / "codings.json").read_text())
    assert len(codings) == 200
