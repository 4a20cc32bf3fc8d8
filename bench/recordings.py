"""Recordings benchmark: accuracy, speed and memory of transcription with speakers.

    python -m bench.recordings [--models base tiny.en] [--minutes 10] [--json FILE]

For each speech model, in a fresh process (so its peak memory is its own):

- word error rate (WER) on each evaluation recording with a reference transcript
  (bench/recordings/data, see SOURCES.md), and over the clean read speech together;
- diarisation error rate (DER, 0.25 s collar) on the recording with reference speaker
  turns, for the speaker turns found, for the transcript's turns (each word given to the
  speaker whose turn covers it, or each sentence to the speaker of most of its words),
  and for the trivial baseline that gives everything to one speaker;
- the same on a conversation of six voices spliced from the set (bench/round_table.py),
  with the speakers counted from their voices and with their number given;
- real-time factor (seconds of work per second of audio) of transcription and of
  speaker finding on ``--minutes`` of real speech (the evaluation recordings repeated),
  by the wall clock and by CPU time over the machine's cores, and the process's peak
  resident memory.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.recording_scores import Turn, correct_words, der, read_rttm, wer
from bench.round_table import conversation

DATA = Path(__file__).resolve().parent / "recordings" / "data"
MODELS = ("base", "tiny.en")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _samples(entry: dict[str, Any]) -> np.ndarray:
    from mutualscope.io.recordings import decode

    if "channel" in entry:  # one side of a stereo file, as 16 kHz float samples
        import av

        resampler = av.AudioResampler(format="fltp", layout="stereo", rate=16_000)
        with av.open(str(DATA / entry["file"])) as container:
            frames = [
                out.to_ndarray()
                for frame in container.decode(audio=0)
                for out in resampler.resample(frame)
            ]
        both = np.concatenate(frames, axis=1)
        return np.ascontiguousarray(both[entry["channel"]], dtype=np.float32)
    samples = decode(DATA / entry["file"])
    if "until" in entry:
        samples = samples[: int(entry["until"] * 16_000)]
    return samples


def _reference_text(entry: dict[str, Any]) -> str:
    if "stm" in entry:
        lines = (DATA / entry["stm"]).read_text().splitlines()
        return " ".join(" ".join(line.split()[5:]) for line in lines)
    return str(entry["reference"])


def _sentence_majority(words: list[Any], speakers: list[int]) -> list[int]:
    """Each sentence (ended by . ? or !) to the speaker of most of its words."""
    result, start = list(speakers), 0
    for index, word in enumerate(words):
        if word.text.endswith((".", "?", "!")) or index == len(words) - 1:
            chosen = max(set(speakers[start : index + 1]), key=speakers[start : index + 1].count)
            result[start : index + 1] = [chosen] * (index + 1 - start)
            start = index + 1
    return result


def _turns_of(words: list[Any], speakers: list[int]) -> list[Turn]:
    turns: list[Turn] = []
    for word, speaker in zip(words, speakers, strict=True):
        if turns and turns[-1][2] == str(speaker):
            turns[-1] = (turns[-1][0], word.end, str(speaker))
        else:
            turns.append((word.start, word.end, str(speaker)))
    return turns


def unsure_thresholds(confidences: list[tuple[float, bool]]) -> list[dict[str, Any]]:
    """For thresholds of confidence, how well "unsure" marks the words the model got
    wrong: the share of marked words that are wrong and the share of wrong words marked."""
    wrong = sum(1 for _, ok in confidences if not ok)
    rows = []
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        marked = [ok for p, ok in confidences if p < threshold]
        rows.append(
            {
                "below": threshold,
                "marked": len(marked),
                "marked_wrong_share": round(marked.count(False) / max(len(marked), 1), 3),
                "wrong_marked_share": round(marked.count(False) / max(wrong, 1), 3),
                "words": len(confidences),
                "wrong": wrong,
            }
        )
    return rows


def round_table(manifest: list[dict[str, Any]]) -> dict[str, Any]:
    """Speaker finding on the spliced conversation of every voice in the set."""
    from mutualscope.io.recordings.speakers import diarise

    samples, truth = conversation(
        manifest, _samples, lambda entry: read_rttm((DATA / entry["rttm"]).read_text())
    )
    voices = len({t[2] for t in truth})
    seconds = len(samples) / 16_000
    scores: dict[str, Any] = {"seconds": round(seconds, 1), "turns": len(truth)}
    scores["speakers_true"] = voices
    for label, given in (("counted", None), ("given", voices)):
        found = diarise(samples, speakers=given)
        hypothesis = [(t.start, t.end, str(t.speaker)) for t in found]
        scores[f"speakers_found_{label}"] = len({t.speaker for t in found})
        scores[f"der_{label}"] = round(der(truth, hypothesis), 3)
    scores["der_one_speaker"] = round(der(truth, [(0.0, seconds, "one")]), 3)
    return scores


def evaluate(model: str, minutes: float) -> dict[str, Any]:
    """Run in a process of its own: every figure for one model."""
    from mutualscope.io.recordings.speakers import diarise
    from mutualscope.io.recordings.speech import load_model, resolve_model, transcribe
    from mutualscope.io.recordings.transcript import speaker_of

    threads = os.cpu_count() or 1
    started = time.perf_counter()
    load_model(resolve_model(model), threads)
    result: dict[str, Any] = {"model": model, "load_seconds": time.perf_counter() - started}
    manifest = json.loads((DATA / "manifest.json").read_text())["recordings"]
    scored, clean_errors, clean_words = [], 0.0, 0
    confidences: list[tuple[float, bool]] = []  # every word's confidence, and if it was right
    for entry in manifest:
        samples = _samples(entry)
        transcript = transcribe(samples, model=model, threads=threads)
        hypothesis = " ".join(w.text for w in transcript.words)
        reference = _reference_text(entry)
        right = correct_words(reference, [w.text for w in transcript.words])
        confidences += [(w.probability, ok) for w, ok in zip(transcript.words, right, strict=True)]
        row: dict[str, Any] = {
            "file": entry["file"]
            + (f" (channel {entry['channel']})" if "channel" in entry else ""),
            "kind": entry["kind"],
            "seconds": round(len(samples) / 16_000, 1),
            "wer": round(wer(reference, hypothesis), 3),
            "language": transcript.language,
        }
        if entry["kind"].startswith("clean"):
            count = len(reference.split())
            clean_errors += row["wer"] * count
            clean_words += count
        if "rttm" in entry:
            truth = read_rttm((DATA / entry["rttm"]).read_text())
            found = diarise(samples)
            by_word = [speaker_of(w, found) for w in transcript.words]
            start, end = min(t[0] for t in truth), max(t[1] for t in truth)
            row["der_speaker_turns"] = round(
                der(truth, [(t.start, t.end, str(t.speaker)) for t in found]), 3
            )
            row["der_transcript_by_word"] = round(
                der(truth, _turns_of(transcript.words, by_word)), 3
            )
            row["der_transcript_by_sentence"] = round(
                der(
                    truth,
                    _turns_of(transcript.words, _sentence_majority(transcript.words, by_word)),
                ),
                3,
            )
            row["der_one_speaker"] = round(der(truth, [(start, end, "one")]), 3)
            row["speakers_found"] = len({t.speaker for t in found})
            row["speakers_true"] = len({t[2] for t in truth})
        scored.append(row)
    result["recordings"] = scored
    result["unsure_thresholds"] = unsure_thresholds(confidences)
    result["round_table"] = round_table(manifest)
    result["clean_wer"] = round(clean_errors / max(clean_words, 1), 3)
    # Speed on a long stretch of real speech: the recordings one after another, repeated.
    pieces = [_samples(e) for e in manifest]
    joined = np.concatenate(pieces)
    long = np.tile(joined, int(np.ceil(minutes * 60 * 16_000 / len(joined))))[
        : int(minutes * 60 * 16_000)
    ]
    seconds = len(long) / 16_000
    wall, cpu = time.perf_counter(), _cpu()
    transcribe(long, model=model, threads=threads)
    wall_t, cpu_t = time.perf_counter() - wall, _cpu() - cpu
    wall, cpu = time.perf_counter(), _cpu()
    diarise(long)
    wall_d, cpu_d = time.perf_counter() - wall, _cpu() - cpu
    result["speed"] = {
        "audio_seconds": seconds,
        "cores": threads,
        "rtf_transcription_wall": round(wall_t / seconds, 3),
        "rtf_speakers_wall": round(wall_d / seconds, 3),
        "rtf_total_wall": round((wall_t + wall_d) / seconds, 3),
        "rtf_transcription_cpu_over_cores": round(cpu_t / threads / seconds, 3),
        "rtf_speakers_cpu_over_cores": round(cpu_d / threads / seconds, 3),
        "rtf_total_cpu_over_cores": round((cpu_t + cpu_d) / threads / seconds, 3),
        "load_average": os.getloadavg()[0],
    }
    result["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=list(MODELS))
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # the per-model child process
    args = parser.parse_args(argv)
    os.environ["HF_HUB_OFFLINE"] = "1"
    if args.one:
        print(json.dumps(evaluate(args.one, args.minutes)))
        return 0
    results = []
    for model in args.models:
        child = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.recordings",
                "--one",
                model,
                "--minutes",
                str(args.minutes),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        results.append(json.loads(child.stdout.strip().splitlines()[-1]))
        print(json.dumps(results[-1], indent=2), flush=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
