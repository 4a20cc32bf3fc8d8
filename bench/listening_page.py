"""Issue 15: the transcript page of a 90-minute recorded interview (about 15,000 words,
each with its time and confidence) stays light and quick, and an edit stays quick.

Measured in process through the ASGI app (no network): the page's size and render time,
the words' times the page fetches (size, raw and gzipped, and time), and the time of a
correction, a split and a merge on that document, each remapping every coding, turn and
word after it and reindexing the document. With ``--browser``, also the time headless
Chromium takes to load the page and show its player ready, and the time to find and
highlight the word being said.

    .venv/bin/python -m bench.listening_page [--db URL] [--browser]
"""

from __future__ import annotations

import argparse
import gzip
import random
import statistics
import tempfile
import time
import wave
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from bench.words import WORDS
from mutualscope.services.project import init_project
from mutualscope.services.recordings import file_checksum, store_recording_file
from mutualscope.services.transcript_edits import (
    correct_turn,
    merge_turns,
    split_turn,
    transcript_revision,
)
from mutualscope.services.users import add_user
from mutualscope.storage.models import Code, Coding, Document, Segment
from mutualscope.storage.recordings import REF_PREFIX, RecordingWord
from mutualscope.web.app import create_app

WORDS_SPOKEN = 15_000
SECONDS = 90 * 60
CODINGS = 600
PASSWORD = "bench-password-not-secret"


def build(db_url: str, folder: Path) -> int:
    """A 90-minute two-speaker interview with word times, 5% unsure words and codings."""
    rng = random.Random(15)
    project, _ = init_project(db_url)
    text = ""
    turns: list[tuple[str, int, int, float, float]] = []
    words: list[tuple[int, int, float, float, float]] = []
    per_word = SECONDS / WORDS_SPOKEN
    clock = 0.0
    left = WORDS_SPOKEN
    speaker = 0
    while left > 0:
        count = min(left, rng.randint(5, 70))
        label = f"Speaker {speaker + 1}"
        text += ("\n\n" if text else "") + f"{label}: "
        start, begins = len(text), clock
        for n in range(count):
            word = rng.choice(WORDS)
            text += (" " if n else "") + word
            probability = rng.uniform(0.1, 0.5) if rng.random() < 0.05 else rng.uniform(0.8, 1)
            words.append(
                (len(text) - len(word), len(text), clock, clock + per_word * 0.8, probability)
            )
            clock += per_word
        turns.append((label, start, len(text), begins, clock))
        left -= count
        speaker = 1 - speaker
    text += "\n"
    audio = folder / "interview.wav"
    with wave.open(str(audio), "wb") as out:  # a second of silence: the page reads metadata only
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16_000)
        out.writeframes(bytes(32_000))
    with project.session() as session:
        add_user(session, name="owner", password=PASSWORD, role="owner")
        checksum = file_checksum(audio)
        store_recording_file(session.connection(), audio, checksum, duration=SECONDS, codec=None)
        doc = Document(
            name="ninety-minutes.m4a", text=text, length=len(text), word_count=len(text.split()),
            audio_ref=REF_PREFIX + checksum,
        )  # fmt: skip
        session.add(doc)
        session.flush()
        session.add_all(
            Segment(document_id=doc.id, position=p, start=s, end=e, speaker=label,
                    time_start=round(t0, 2), time_end=round(t1, 2))
            for p, (label, s, e, t0, t1) in enumerate(turns)
        )  # fmt: skip
        session.add_all(
            RecordingWord(document_id=doc.id, position=p, start=s, end=e,
                          time_start=round(t0, 2), time_end=round(t1, 2), probability=pr)
            for p, (s, e, t0, t1, pr) in enumerate(words)
        )  # fmt: skip
        codes = [Code(name=f"Theme {n}") for n in range(12)]
        session.add_all(codes)
        session.flush()
        for _ in range(CODINGS):
            first = rng.randrange(len(words) - 40)
            last = first + rng.randint(3, 40)
            session.add(
                Coding(document_id=doc.id, code_id=rng.choice(codes).id,
                       start=words[first][0], end=words[last][1])
            )  # fmt: skip
        session.commit()
        doc_id = doc.id
    project.close()
    return doc_id


def timed(action: Any, runs: int = 7) -> tuple[float, Any]:
    found = None
    spent = []
    for _ in range(runs):
        began = time.perf_counter()
        found = action()
        spent.append((time.perf_counter() - began) * 1000)
    return statistics.median(spent), found


def measure_server(db_url: str, doc_id: int) -> dict[str, str]:
    app = create_app(db_url)
    results: dict[str, str] = {}
    with TestClient(app) as client:
        token = client.get("/api/v1/session").json()["csrf_token"]
        signed = client.post(
            "/api/v1/session", json={"name": "owner", "password": PASSWORD},
            headers={"x-csrf-token": token},
        )  # fmt: skip
        client.headers["x-csrf-token"] = signed.json()["csrf_token"]
        ms, page = timed(lambda: client.get(f"/documents/{doc_id}"))
        body = page.content
        results["page"] = (
            f"{len(body) / 1024:,.0f} KB ({len(gzip.compress(body)) / 1024:,.0f} KB gzipped), "
            f"{ms:.0f} ms"
        )
        ms, words = timed(lambda: client.get(f"/api/v1/documents/{doc_id}/words"))
        raw = words.content
        results["words"] = (
            f"{len(raw) / 1024:,.0f} KB ({len(gzip.compress(raw)) / 1024:,.0f} KB gzipped), "
            f"{ms:.0f} ms"
        )
    project = app.state.project
    with project.session() as session:
        turns = session.query(Segment).filter_by(document_id=doc_id).order_by(Segment.position)
        middle = turns.all()[len(turns.all()) // 2]
        turn_id, start, end = middle.id, middle.start, middle.end
        text = session.get(Document, doc_id).text
        words = text[start:end].split(" ")
        revision = transcript_revision(session, doc_id)
        began = time.perf_counter()
        done = correct_turn(
            session, document=doc_id, turn=turn_id, revision=revision,
            text=" ".join(["corrected", *words[1:]]),
        )  # fmt: skip
        results["correct a word"] = f"{(time.perf_counter() - began) * 1000:.0f} ms"
        text = session.get(Document, doc_id).text
        at = start + len("corrected") + 1 + len(words[1]) + 1
        began = time.perf_counter()
        done = split_turn(session, document=doc_id, turn=turn_id, at=at, revision=done.revision)
        results["split a turn"] = f"{(time.perf_counter() - began) * 1000:.0f} ms"
        began = time.perf_counter()
        merge_turns(session, document=doc_id, turn=turn_id, revision=done.revision)
        results["merge two turns"] = f"{(time.perf_counter() - began) * 1000:.0f} ms"
    app.state.jobs.close()
    project.close()
    return results


def measure_browser(db_url: str, doc_id: int) -> dict[str, str]:
    """Headless Chromium against ``mutualscope serve``'s app on loopback: the time until
    the page is shown and until its player has the words' times, and the time to move
    the highlight to the word said at a moment (a binary search and a Range)."""
    import socket
    import threading

    import uvicorn
    from playwright.sync_api import sync_playwright

    app = create_app(db_url)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    results = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--headless", "--no-sandbox", "--mute-audio"],
            )
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{base}/signin")
            page.fill("input[name=name]", "owner")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{base}/")
            loads, ready, moves = [], [], []
            for _ in range(5):
                page.goto(f"{base}/documents/{doc_id}")
                ready_js = (
                    f"document.getElementById('transcript').dataset.words === '{WORDS_SPOKEN}'"
                )
                while not page.evaluate(ready_js):  # the page's CSP forbids wait_for_function
                    time.sleep(0.01)
                timing = page.evaluate(
                    "() => { const t = performance.getEntriesByType('navigation')[0];"
                    " return [t.domContentLoadedEventEnd, performance.now()]; }"
                )
                loads.append(timing[0])
                ready.append(timing[1])
                moves.append(
                    page.evaluate(
                        """async () => {
                            const audio = document.getElementById('audio');
                            const transcript = document.getElementById('transcript');
                            const spent = [];
                            for (let i = 1; i <= 20; i++) {
                                const began = performance.now();
                                audio.currentTime = i * 250;
                                audio.dispatchEvent(new Event('seeked'));
                                spent.push(performance.now() - began);
                            }
                            return spent.sort((a, b) => a - b)[10];
                        }"""
                    )
                )
            browser.close()
        results["page shown"] = f"{statistics.median(loads):.0f} ms (DOMContentLoaded)"
        results["player ready"] = f"{statistics.median(ready):.0f} ms (words' times loaded)"
        results["highlight move"] = f"{statistics.median(moves):.2f} ms"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        app.state.jobs.close()
        app.state.project.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a database URL (default: a new SQLite file)")
    parser.add_argument("--browser", action="store_true", help="also time headless Chromium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db_url = args.db or f"sqlite:///{folder}/bench.db"
        doc_id = build(db_url, Path(folder))
        results = measure_server(db_url, doc_id)
        if args.browser:
            results.update(measure_browser(db_url, doc_id))
        for name, value in results.items():
            print(f"{name:>16}: {value}")


if __name__ == "__main__":
    main()
