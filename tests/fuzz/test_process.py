"""Running a command in a process of its own: its peak memory is its own."""

from __future__ import annotations

from pathlib import Path

from tests.fuzz.process import run_mutualscope

MB = 1024 * 1024


def test_a_command_is_not_charged_with_the_test_process_memory(tmp_path: Path) -> None:
    # The test process holds 700 MB (as it may after the tests before it): a command
    # forked straight from it was measured at over 700 MB, failing the 1 GB check of
    # inputs that took a few megabytes.
    held = bytearray(700 * MB)
    held[::4096] = b"x" * len(held[::4096])  # touch every page: resident, not reserved
    run = run_mutualscope(f"sqlite:///{tmp_path / 'p.db'}", "--help")
    assert run.returncode == 0, run.stderr
    assert "Usage" in run.stdout
    assert run.peak_rss_mb < 200, run.peak_rss_mb
    del held


def test_a_command_out_of_time_is_killed_with_its_launcher(tmp_path: Path) -> None:
    run = run_mutualscope(f"sqlite:///{tmp_path / 'p.db'}", "--help", timeout=0.001)
    assert run.timed_out
