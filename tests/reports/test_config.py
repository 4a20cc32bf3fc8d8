from pathlib import Path
from typing import Any

import pytest

from mutualscope.errors import InvalidInput
from mutualscope.reports.config import load_config, parse_config


def test_parse_config_reads_themes(config_data: dict[str, Any]) -> None:
    config = parse_config(config_data)
    assert config.title == "Written evidence from the Test Centre"
    assert [str(q) for q in config.questions] == ["Question 12: What progress has been made?"]
    theme = config.themes[0]
    assert (theme.code, theme.quotes, theme.subthemes[0].code) == (
        "Innovation",
        3,
        "Innovation/Freedom",
    )
    assert config.codes() == [
        ("themes[0].code", "Innovation"),
        ("themes[0].subthemes[0].code", "Innovation/Freedom"),
    ]


def test_parse_config_lists_every_problem_with_its_key() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_config(
            {
                "titel": "x",
                "questions": {"a": 1},
                "themes": [{"code": "X", "quotes": "many", "filters": {"external": "yes"}}],
            },
            "report.yaml",
        )
    problems = caught.value.problems
    assert "report.yaml: titel: unknown key" in problems[0]
    assert any(p.startswith("report.yaml: questions: expected text") for p in problems)
    assert any(p.startswith("report.yaml: themes[0].heading:") for p in problems)
    assert any(p.startswith("report.yaml: themes[0].quotes:") for p in problems)
    assert any(p.startswith("report.yaml: themes[0].filters.external:") for p in problems)


def test_load_config_yaml_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "report.yaml"
    path.write_text("title: ok\nquestions:\n  - [unclosed\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"report.yaml: line \d+, column \d+: not valid YAML"):
        load_config(path)


def test_load_config_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="Cannot read the report configuration"):
        load_config(tmp_path / "nope.yaml")


def test_parse_config_empty_is_defaults() -> None:
    assert parse_config(None).themes == []


def test_load_config_refuses_what_escaped_or_ran_for_minutes(tmp_path: Path) -> None:
    # latin-1 escaped as UnicodeDecodeError; 12 MB took over 60 s; deep nesting recursed.
    path = tmp_path / "report.yaml"
    path.write_bytes("title: Évidence\n".encode("latin-1"))
    with pytest.raises(InvalidInput, match=r"report.yaml: not UTF-8 text \(invalid continuation"):
        load_config(path)
    path.write_text("summary:\n" + "  - A paragraph of the summary.\n" * 40_000, "utf-8")
    with pytest.raises(InvalidInput, match=r"the file is 1.2 MB; the limit for a report "):
        load_config(path)
    path.write_text("themes: " + "[" * 200 + "]" * 200 + "\n", "utf-8")
    with pytest.raises(InvalidInput, match=r"line 1: the YAML nests more than 102 levels deep"):
        load_config(path)
    path.write_bytes("title: Evidence\n".encode("utf-16"))
    assert load_config(path).title == "Evidence"
