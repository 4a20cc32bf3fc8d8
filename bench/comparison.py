"""mutualscope and Taguette side by side: the same corpus, the same phases, one run.

Phases, each timed here around calls to a side (:mod:`bench.side`):

1. import the transcripts as ``.html`` (both native), then subsets as ``.vtt`` and
   ``.srt`` (both native) and ``.txt`` and ``.docx`` (Taguette through Calibre);
2. create the codebook, one code at a time;
3. add highlights (codings) from 1, 8 and 20 concurrent clients, the same spans;
4. export all highlights as CSV and the codebook as CSV.

Each figure is reported for both tools, with the ratio (how many times better
mutualscope is: throughput over throughput, or time over time the other way round),
and the peak resident memory of the process doing the work during the phase: Taguette's
server; mutualscope's server, its import process, or for the exports (and everything when
its web API is missing) the benchmark's own process.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.corpus import Corpus, build, render
from bench.measure import Better, LatencyStats, PeakRss, concurrent_latencies, result
from bench.side import NotMeasured, Side, locate_codings

ISSUE = 9


@dataclass(frozen=True)
class Plan:
    """How much of the corpus each phase uses at a scale (Taguette is slow at some)."""

    html: int  # transcripts imported as .html
    others: int  # transcripts imported as each of .vtt, .srt, .txt, .docx
    highlights: int  # highlights added at each concurrency level
    clients: tuple[int, ...] = (1, 8, 20)


PLANS = {
    "small": Plan(html=8, others=2, highlights=60),
    "medium": Plan(html=200, others=20, highlights=500),
    "large": Plan(html=1_000, others=50, highlights=2_000),
}
OTHER_FORMATS = ("vtt", "srt", "txt", "docx")
IMPORT_BATCHES = 3

# (document id, start, end, code path) in one side's own offsets.
Highlight = tuple[int, int, int, str]


class Recorder:
    """Collects one side's figures, and the reason for each phase it could not do."""

    def __init__(self, side: Side) -> None:
        self.side = side
        self.values: dict[tuple[str, str], tuple[float, str, Better]] = {}
        self.skipped: dict[str, str] = {}
        self.ids: dict[int, int] = {}  # transcript index -> the side's .html document id
        self.batches: list[list[Highlight]] | None = None

    def add(self, phase: str, metric: str, value: float, unit: str, better: Better) -> None:
        self.values[(phase, metric)] = (value, unit, better)

    def phase(self, name: str, work: Any) -> None:
        """Run ``work()`` under a memory sampler; NotMeasured or a failure skips the phase."""
        try:
            with PeakRss(self.side.memory_pid(name)) as peak:
                work()
        except NotMeasured as reason:
            self.skipped[name] = str(reason)
            return
        except Exception as error:  # a failed phase is a finding, not the end of the run
            self.skipped[name] = f"failed: {type(error).__name__}: {error}"[:300]
            return
        self.values.setdefault((name, "peak RSS"), (peak.mb, "MB", "lower"))


def import_phase(rec: Recorder, corpus: Corpus, fmt: str, count: int, ids: dict[int, int]) -> None:
    transcripts = corpus.transcripts[:count]
    files = [(t.index, f"{t.name}.{fmt}", render(t, fmt)) for t in transcripts]

    def work() -> None:
        # Three batches of a third each: the rate is their median, as for any throughput.
        parts = min(IMPORT_BATCHES, len(files))
        doc_rates, word_rates, peaks = [], [], []
        for part in range(parts):
            batch = files[part::parts]
            started = time.perf_counter()
            documents, peak, own_seconds = rec.side.import_documents([(n, d) for _, n, d in batch])
            seconds = own_seconds or time.perf_counter() - started
            ids.update(zip([index for index, _, _ in batch], documents, strict=True))
            words = sum(corpus.transcripts[index].word_count for index, _, _ in batch)
            doc_rates.append(len(batch) / seconds)
            word_rates.append(words / seconds)
            if peak is not None:  # imported in a process of its own, which knows its peak
                peaks.append(peak)
        if peaks:
            rec.add(f"import .{fmt}", "peak RSS", max(peaks), "MB", "lower")
        docs_per_second = statistics.median(doc_rates)
        rec.add(f"import .{fmt}", "documents/s", docs_per_second, "documents/s", "higher")
        rec.add(f"import .{fmt}", "words/s", statistics.median(word_rates), "words/s", "higher")

    rec.phase(f"import .{fmt}", work)


def codebook_phase(rec: Recorder, corpus: Corpus) -> None:
    def work() -> None:
        started = time.perf_counter()
        for code in corpus.codebook:
            rec.side.create_code(code)
        seconds = time.perf_counter() - started
        rec.add("create codebook", "codes/s", len(corpus.codebook) / seconds, "codes/s", "higher")

    rec.phase("create codebook", work)


def highlight_batches(
    rec: Recorder, corpus: Corpus, ids: dict[int, int], plan: Plan
) -> list[list[Highlight]]:
    """The same codings for both tools, in each tool's offsets, one batch per level."""
    located: list[Highlight] = []
    wanted = plan.highlights * len(plan.clients)
    for index, document in ids.items():
        codings = [c for c in corpus.codings if c["document"] == index]
        located += locate_codings(rec.side, document, corpus.transcripts[index], codings)
        if len(located) >= wanted:
            break
    return [
        located[i * plan.highlights : (i + 1) * plan.highlights] for i in range(len(plan.clients))
    ]


def highlight_phase(rec: Recorder, clients: int, batch: list[Highlight]) -> None:
    name = f"add highlights, {clients} client{'s' if clients > 1 else ''}"
    per_client = len(batch) // clients

    def work() -> None:
        if per_client == 0:
            raise NotMeasured("no documents to code: the .html import was not measured")
        pool = [rec.side.adder() for _ in range(clients)]
        try:
            stats: LatencyStats = concurrent_latencies(
                lambda c, i: pool[c][0](*batch[c * per_client + i]), clients, per_client
            )
        finally:
            for _, close in pool:
                close()
        for metric in ("p50", "p95", "p99"):
            rec.add(name, metric, getattr(stats, metric), "ms", "lower")
        rec.add(name, "highlights/s", stats.per_second, "highlights/s", "higher")

    rec.phase(name, work)


def export_phase(rec: Recorder, what: str, export: Any) -> None:
    def work() -> None:
        export()  # warm-up: a running server has its code loaded and its caches filled
        started = time.perf_counter()
        data = export()
        rec.add(f"export {what}", "seconds", time.perf_counter() - started, "s", "lower")
        rec.add(f"export {what}", "size", len(data) / 1024, "KiB", "lower")

    rec.phase(f"export {what}", work)


def started(rec: Recorder, workdir: Path) -> bool:
    """Start a side; a side that cannot start is recorded as such, the other goes on."""
    try:
        rec.side.start(workdir)
        return True
    except NotMeasured as reason:
        rec.skipped["start"] = str(reason)
    except Exception as error:
        rec.skipped["start"] = f"failed: {type(error).__name__}: {error}"[:300]
    rec.side.stop()
    return False


def batch_for(rec: Recorder, corpus: Corpus, plan: Plan, level: int) -> list[Highlight]:
    if rec.batches is None:
        rec.batches = highlight_batches(rec, corpus, rec.ids, plan) if rec.ids else []
    return rec.batches[level] if rec.batches else []


def steps(corpus: Corpus, plan: Plan) -> list[Callable[[Recorder], None]]:
    """The phases in order, each a function of one side's recorder."""
    Step = Callable[[Recorder], None]

    def importing(fmt: str, count: int) -> Step:
        # Only the .html documents are coded later, so only their ids are kept.
        return lambda rec: import_phase(rec, corpus, fmt, count, rec.ids if fmt == "html" else {})

    def highlighting(level: int, clients: int) -> Step:
        return lambda rec: highlight_phase(rec, clients, batch_for(rec, corpus, plan, level))

    return [
        importing("html", plan.html),
        *(importing(fmt, plan.others) for fmt in OTHER_FORMATS),
        lambda rec: codebook_phase(rec, corpus),
        *(highlighting(level, clients) for level, clients in enumerate(plan.clients)),
        lambda rec: export_phase(rec, "highlights (CSV)", rec.side.export_highlights),
        lambda rec: export_phase(rec, "codebook (CSV)", rec.side.export_codebook),
    ]


def measure_all(sides: list[Side], corpus: Corpus, plan: Plan, workdir: Path) -> list[Recorder]:
    """Run every phase on each side in turn before the next phase, so both tools meet
    the same moment of a shared machine's load; servers are stopped at the end."""
    recs = [Recorder(side) for side in sides]
    running = [rec for rec in recs if started(rec, workdir / rec.side.tool.lower())]
    try:
        for step in steps(corpus, plan):
            for rec in running:
                step(rec)
    finally:
        for rec in running:
            rec.side.stop()
    return recs


def measure(side: Side, corpus: Corpus, plan: Plan, workdir: Path) -> Recorder:
    """One side alone (tests, profiling)."""
    return measure_all([side], corpus, plan, workdir)[0]


def rows_for(ours: Recorder, theirs: Recorder) -> list[dict[str, Any]]:
    """Both tools' figures and the ratio, phase by phase; skipped phases named."""
    rows: list[dict[str, Any]] = []
    keys = list(dict.fromkeys([*theirs.values, *ours.values]))
    for phase, metric in keys:
        bench = f"vs Taguette: {phase}"
        pair = {}
        for rec in (ours, theirs):
            if (phase, metric) in rec.values:
                value, unit, better = rec.values[(phase, metric)]
                pair[rec.side.tool] = value
                rows.append(result(bench, metric, value, unit, issue=ISSUE, better=better,
                                   tool=rec.side.tool))  # fmt: skip
        if len(pair) == 2 and metric != "size":
            a, b = pair[ours.side.tool], pair[theirs.side.tool]
            ratio = (a / b if b else 0.0) if better == "higher" else (b / a if a else 0.0)
            target = None if metric == "peak RSS" else 1.0
            rows.append(result(bench, f"{metric} ratio", ratio, "x", issue=ISSUE,
                               better="higher", target=target, tool="ratio"))  # fmt: skip
    for rec in (ours, theirs):
        for phase, reason in rec.skipped.items():
            rows.append(result(f"vs Taguette: {phase}", "not measured", 0, "-", issue=ISSUE,
                               tool=rec.side.tool, note=reason))  # fmt: skip
    return rows


def run(scale: str, workdir: Path) -> list[dict[str, Any]]:
    from bench.side_mutualscope import MutualscopeSide
    from bench.side_mutualscope_web import MutualscopeWebSide, web_api_available
    from bench.side_taguette import TaguetteSide

    corpus = build(scale)
    plan = PLANS[scale]
    # Through the web API when it exists, like Taguette; through the services otherwise.
    without_web = web_api_available()
    ours_side = MutualscopeSide() if without_web else MutualscopeWebSide()
    theirs, ours = measure_all([TaguetteSide(), ours_side], corpus, plan, workdir)
    rows = rows_for(ours, theirs)
    how = (
        f"in process, through the services ({without_web})"
        if without_web
        else (
            "each batch of transcripts imported by the service behind `mutualscope docs "
            "import FOLDER` in a process of its own; codes and codings through the web API of "
            "`mutualscope serve`; exports through the services in process"
        )
    )
    rows.append(result("vs Taguette: how mutualscope was driven", "note", 0, "-", issue=ISSUE,
                       tool="mutualscope", note=how))  # fmt: skip
    return rows
