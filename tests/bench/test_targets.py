"""Finding each issue target's figures among the results."""

from __future__ import annotations

from bench import measure, targets

result = measure.result


def test_target_matches_by_issue_keywords_and_alternatives() -> None:
    memory = targets.Target(8, "memory under 1 GB", ("memory|rss",))
    assert memory.matches(result("REFI-QDA", "export peak memory", 90, "MB", issue=8, target=1024))
    assert memory.matches(result("REFI-QDA", "peak RSS", 90, "MB", issue=8, target=1024))
    assert not memory.matches(result("REFI-QDA", "peak RSS", 90, "MB", issue=4, target=1024))
    # A figure without a target decides nothing.
    assert not memory.matches(result("REFI-QDA", "peak RSS", 90, "MB", issue=8))


def test_status_of_met_not_met_and_not_measured() -> None:
    search = next(t for t in targets.TARGETS if t.issue == 4 and "Search" in t.text)
    fast = result("transcripts search sqlite", "p95", 20, "ms", issue=4, target=50)
    slow = result("transcripts search postgresql", "p95", 70, "ms", issue=4, target=50)
    assert targets.status_of(search, [fast]) == ("met", [fast])
    assert targets.status_of(search, [fast, slow]) == ("NOT MET", [slow])
    assert targets.status_of(search, []) == ("not measured", [])


def test_every_issue_with_speed_targets_is_listed() -> None:
    assert {t.issue for t in targets.TARGETS} == {3, 4, 5, 6, 7, 8, 9, 18}
