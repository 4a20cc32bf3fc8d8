"""mutualscope's web side of the comparison: a real `mutualscope serve` on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import corpus, side, side_mutualscope_web


@pytest.fixture(scope="module")
def small() -> corpus.Corpus:
    return corpus.build("small")


def test_web_side_codes_a_transcript_over_http(tmp_path: Path, small: corpus.Corpus) -> None:
    missing = side_mutualscope_web.web_api_available()
    if missing:
        pytest.skip(missing)
    web = side_mutualscope_web.MutualscopeWebSide()
    web.start(tmp_path)
    try:
        transcript = small.transcripts[0]
        name = f"{transcript.name}.html"
        (document,), peak, seconds = web.import_documents(
            [(name, corpus.render(transcript, "html"))]
        )
        assert peak is not None and peak > 20  # the import's own process
        assert seconds is not None and 0 < seconds < 30
        for code in small.codebook:
            web.create_code(code)
        codings = [c for c in small.codings if c["document"] == 0][:5]
        located = side.locate_codings(web, document, transcript, codings)
        assert len(located) == len(codings)
        add, close = web.adder()
        for highlight in located:
            add(*highlight)
        close()
        exported = web.export_highlights().decode()
        quote = transcript.text[codings[0]["start"] : codings[0]["end"]]
        assert quote in exported
        assert web.memory_pid("add highlights, 8 clients") == web.server.pid  # type: ignore[union-attr]
        assert web.memory_pid("import .html") is None
    finally:
        web.stop()
    assert web.server is not None and web.server.poll() is not None
