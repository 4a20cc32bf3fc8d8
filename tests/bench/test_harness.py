"""The harness: discovery, one subprocess per module, results.json, failures reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import harness

GOOD = """
from bench.corpus import build
from bench.measure import latencies, latency_results, result


def run(scale, workdir):
    corpus = build(scale)
    (workdir / "touched").write_text("x")
    stats = latencies(lambda i: sum(range(1000)), 50)
    return [
        result("fake: corpus", "transcripts", len(corpus.transcripts), "documents", issue=9,
               target=1, better="higher"),
        result("fake: slow thing", "seconds", 5.0, "s", issue=9, target=1.0),
        *latency_results("fake: sum", stats, issue=9, target_p95=1000.0),
    ]
"""

BROKEN = """
def run(scale, workdir):
    raise RuntimeError("this benchmark is broken")
"""

WRONG_SHAPE = """
def run(scale, workdir):
    return [{"benchmark": "x", "value": 1}]
"""


@pytest.fixture
def modules(tmp_path: Path) -> Path:
    folder = tmp_path / "modules"
    folder.mkdir()
    (folder / "bench_good.py").write_text(GOOD)
    (folder / "not_a_benchmark.py").write_text("raise SystemExit('must not be imported')\n")
    return folder


def test_discover_finds_bench_modules_only(modules: Path) -> None:
    (modules / "bench_other.py").write_text(GOOD)
    assert [p.name for p in harness.discover(modules)] == ["bench_good.py", "bench_other.py"]
    assert [p.name for p in harness.discover(modules, ["other"])] == ["bench_other.py"]


def test_main_writes_results_and_table(
    modules: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "results.json"
    code = harness.main(
        ["--scale", "small", "--modules", str(modules), "--output", str(out), "--without-taguette"]
    )
    assert code == 0
    report = json.loads(out.read_text())
    assert report["scale"] == "small"
    assert report["machine"]["cores"] >= 1 and report["machine"]["memory_gib"] > 0
    assert report["versions"]["python"].startswith("3.")
    assert [m["status"] for m in report["modules"]] == ["ok"]
    rows = {(r["benchmark"], r["metric"]): r for r in report["results"]}
    assert rows[("fake: corpus", "transcripts")]["value"] == 8
    assert {("fake: sum", m) for m in ("p50", "p95", "p99")} <= rows.keys()
    assert rows[("good: whole module", "peak RSS")]["value"] > 10
    printed = capsys.readouterr().out
    assert "NOT MET (#9): fake: slow thing seconds = 5.00 s (target 1.00)" in printed
    assert "2 of 3 targets met" in printed


def test_main_reports_a_failing_module_and_carries_on(modules: Path, tmp_path: Path) -> None:
    (modules / "bench_broken.py").write_text(BROKEN)
    (modules / "bench_shape.py").write_text(WRONG_SHAPE)
    out = tmp_path / "results.json"
    code = harness.main(["--scale", "small", "--modules", str(modules), "--output", str(out)])
    assert code == 1
    report = json.loads(out.read_text())
    status = {m["module"]: m for m in report["modules"]}
    assert status["bench_good"]["status"] == "ok"
    assert status["bench_broken"]["status"] == "failed"
    assert "this benchmark is broken" in status["bench_broken"]["error"]
    assert "lacks metric, unit, target, better, issue" in status["bench_shape"]["error"]


@pytest.mark.slow
def test_real_modules_run_at_small_scale(tmp_path: Path) -> None:
    """Every bench_*.py in bench/ runs at the small scale, so none can rot unnoticed."""
    report = harness.run_all("small", say=lambda line: None)
    failed = {m["module"]: m.get("error") for m in report["modules"] if m["status"] != "ok"}
    assert failed == {}
    for module in report["modules"]:
        assert module["seconds"] < 60, module
