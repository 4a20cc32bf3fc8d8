"""How fast personal data is found: words per second for rules and gazetteers, and for
the named-entity model.

    python -m bench.protection                      # about 200,000 words, both ways
    python -m bench.protection --words 50000 --json bench/results/protection.json

The text is the evaluation set's transcripts repeated; the gazetteer is the evaluation
project's, grown to a realistic project's size (300 participants' names, 80
organisations). Each figure is the best of ``--repeat`` runs, since the machine is
shared and a slow run says more about the neighbours than about the code; words per second
of CPU time is printed beside words per second of wall time for the same reason.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import time
from pathlib import Path

from bench import machine
from bench.protection_eval import EVALUATION, load_gazetteer, load_transcripts
from mutualscope.domain.protection.detector import detect
from mutualscope.domain.protection.gazetteer import Gazetteer, GazetteerEntry
from mutualscope.domain.protection.kinds import ORGANISATION, PERSON
from mutualscope.domain.protection.names import lexicon_gazetteer
from mutualscope.domain.protection.names_lexicon import GIVEN_NAMES
from mutualscope.io.protection.entities import load_entity_model

_SURNAMES = [
    *(
        "Abbott Barker Chowdhury Dlamini Evans Fairbairn Gill Hussain Iqbal Jones Kowalski",
        "Lewis Mensah Nwosu Okafor Patel Quinn Rahman Singh Taylor Usman Varga Walsh Young",
    ),
]
_SURNAMES = [name for line in _SURNAMES for name in line.split(" ")]


def project_gazetteer() -> Gazetteer:
    transcripts = load_transcripts(EVALUATION)
    gazetteer = load_gazetteer(transcripts)
    given = sorted(GIVEN_NAMES)
    for n, (first, last) in enumerate(itertools.product(given, _SURNAMES)):
        if n >= 300:
            break
        gazetteer.add(GazetteerEntry(f"{first.capitalize()} {last}", PERSON, "bench"))
    for n in range(80):
        name = f"{_SURNAMES[n % len(_SURNAMES)]} Vale Community Services {n} CIC"
        gazetteer.add(GazetteerEntry(name, ORGANISATION, "bench"))
    return gazetteer


def corpus(words: int) -> list[str]:
    """Transcripts of the evaluation set, repeated until there are ``words`` words."""
    texts = [t.text for t in load_transcripts(EVALUATION)]
    out: list[str] = []
    count = 0
    for text in itertools.cycle(texts):
        out.append(text)
        count += len(text.split())
        if count >= words:
            return out
    return out


def best_rate(texts: list[str], scan: object, repeat: int) -> tuple[float, float, float]:
    """Words per second of wall time and of this process's CPU time (best of ``repeat``):
    on a shared machine the CPU figure is what the code does with a core to itself."""
    words = sum(len(t.split()) for t in texts)
    best_wall = best_cpu = float("inf")
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        for text in texts:
            scan(text)  # type: ignore[operator]
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return words / best_wall, best_wall, words / best_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--model-words", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-model", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    gazetteer = project_gazetteer()
    lexicon_gazetteer()  # built once per process, as in a scan
    texts = corpus(args.words)
    rows = []
    rate, seconds, cpu_rate = best_rate(texts, lambda t: detect(t, gazetteer), args.repeat)
    words = sum(len(t.split()) for t in texts)
    rows.append(
        {
            "scan": "rules and gazetteers",
            "words": words,
            "seconds": seconds,
            "rate": rate,
            "cpu_rate": cpu_rate,
        }
    )
    if not args.no_model:
        started = time.perf_counter()
        model = load_entity_model()
        load_seconds = time.perf_counter() - started
        if model is not None:
            small = corpus(args.model_words)

            def with_model(text: str) -> None:
                detect(text, gazetteer, model.entities(text))

            rate, seconds, cpu_rate = best_rate(small, with_model, max(1, args.repeat - 1))
            words = sum(len(t.split()) for t in small)
            rows.append(
                {
                    "scan": f"with {model.name} {model.version}",
                    "words": words,
                    "seconds": seconds,
                    "rate": rate,
                    "cpu_rate": cpu_rate,
                    "model_load_seconds": load_seconds,
                }
            )
    print(f"gazetteer: {len(gazetteer)} project names; machine: {machine.describe()}")
    print(f"load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("| scan | words | seconds | words/s | words/s of CPU time |")
    print("|---|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['scan']} | {row['words']:,} | {row['seconds']:.2f} | {row['rate']:,.0f} "
            f"| {row['cpu_rate']:,.0f} |"
        )
    if len(rows) > 1:
        print(f"model loaded in {rows[1]['model_load_seconds']:.1f} s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"machine": machine.describe(), "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
