"""The full crash-trial run's plan and the docs section it writes."""

from __future__ import annotations

from pathlib import Path

from tests.reliability.trials import KINDS, TrialResult

from bench.crash_trials import BEGIN, END, plan_trials, report, write_section


def test_plan_trials_at_least_the_number_asked_spread_evenly() -> None:
    both = plan_trials(KINDS, ["sqlite", "postgresql"], 104, None)
    assert len(both) == 104
    assert {(b, k) for b, k, _ in both} == {(b, k) for b in ("sqlite", "postgresql") for k in KINDS}
    one = plan_trials(KINDS, ["sqlite"], 100, None)
    assert len(one) == 100 and max(seed for _, _, seed in one) == 25
    assert plan_trials(["refi-import"], ["sqlite"], 104, 7) == [("sqlite", "refi-import", 7)]


def test_report_lists_each_failure_with_its_reproduction() -> None:
    results = [
        TrialResult("orgs-import", "sqlite", 1, 0.5, landed=True),
        TrialResult("orgs-import", "sqlite", 2, 0.9, landed=False, problems=["x: no turns"]),
        TrialResult("serve-coding", "sqlite", 1, 1.2, landed=True, acknowledged=1234),
    ]
    text = report(results, 600, "`make crash-trials`", "abc1234")
    assert text.startswith("Last full run: ")
    assert "at commit abc1234, 3 trials in 10 minutes on " in text
    assert "| orgs-import | sqlite | 2 | 1 | 1 |" in text
    assert "| serve-coding | sqlite | 1 | 1 | 0 |" in text
    assert "1,234 codings that had a 2xx answer" in text
    assert (
        "- orgs-import on sqlite, seed 2 (killed at 0.9 s): x: no turns — "
        "`python -m bench.crash_trials --kind orgs-import --backend sqlite --seed 2`"
    ) in text


def test_write_section_replaces_only_its_own_block(tmp_path: Path) -> None:
    page = tmp_path / "reliability.md"
    page.write_text(
        "# Reliability\n\n## Backups\n\nKept.\n\n## Crash trials\n\nWhat they do.\n\n"
        "## Engines\n\nAlso kept.\n",
        encoding="utf-8",
    )
    write_section(page, "first table")
    write_section(page, "second table")
    text = page.read_text(encoding="utf-8")
    assert text.count(BEGIN) == 1 and "first table" not in text
    assert text == (
        "# Reliability\n\n## Backups\n\nKept.\n\n## Crash trials\n\n"
        f"{BEGIN}\nsecond table\n{END}\n\nWhat they do.\n\n## Engines\n\nAlso kept.\n"
    )
    missing = tmp_path / "new.md"
    write_section(missing, "a table")
    assert missing.read_text(encoding="utf-8") == (
        f"# Reliability\n\n## Crash trials\n\n{BEGIN}\na table\n{END}\n"
    )
