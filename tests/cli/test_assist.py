"""``mutualscope assist``: index, search, suggest, accept, reject and evaluate from the
command line, with the packaged model; and the message without the extra."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from mutualscope.io.embeddings import extra

FIXTURE = Path(__file__).parents[1] / "fixtures" / "assist" / "risk-interview.txt"
NURSE = "Since the spin-out we were allowed to try new things without fear of blame 🙂."
THERAPIST = "We were encouraged to experiment, and a failed pilot was treated as learning."


def _project(cli: Callable[..., Result]) -> None:
    assert cli("docs", "import", str(FIXTURE)).exit_code == 0
    assert (
        cli(
            "codes",
            "add",
            "Freedom and risk",
            "--definition",
            "Room to try things out and to fail.",
        ).exit_code
        == 0
    )


def test_assist_cli_index_is_incremental(cli: Callable[..., Result]) -> None:
    _project(cli)
    first = json.loads(cli("assist", "index", "--format", "json").stdout)[0]
    again = json.loads(cli("assist", "index", "--format", "json").stdout)[0]
    assert first["model"] == "all-MiniLM-L6-v2-int8"
    assert first["embedded"] == first["passages"] == 7
    assert (again["embedded"], again["unchanged"]) == (0, 7)
    rebuilt = cli("assist", "index", "--rebuild")
    assert "7 passages (all-MiniLM-L6-v2-int8): 7 embedded" in rebuilt.output


def test_assist_cli_search_finds_what_full_text_search_cannot(cli: Callable[..., Result]) -> None:
    _project(cli)
    cli("assist", "index")
    assert "No hits." in cli("search", "staff felt free to take risks").output

    question = "staff felt free to take risks"
    found = cli(
        "assist", "search", question, "--mode", "semantic", "--limit", "3", "--format", "json"
    )
    hits = json.loads(found.stdout)

    # The small model reads words too: the commissioner's "felt ... free text" shares two
    # words with the question and comes first; both paraphrases follow, above the rest.
    assert {h["match"] for h in hits[:3]} >= {NURSE, THERAPIST}
    assert set(hits[0]) >= {"document", "segment_id", "start", "end", "speaker", "role", "case",
                            "left", "match", "right", "score"}  # fmt: skip
    table = cli("assist", "search", "money cut by the council", "--limit", "1").output
    assert "Trustee" in table and "[The council cut the budget" in table


def test_assist_cli_suggest_accept_reject(cli: Callable[..., Result]) -> None:
    _project(cli)
    cli("assist", "index")
    found = json.loads(
        cli("assist", "suggest", "Freedom and risk", "--top", "2", "--format", "json").stdout
    )
    assert {s["text"] for s in found} == {NURSE, THERAPIST}

    accepted = json.loads(
        cli("assist", "accept", str(found[0]["id"]), "--coder", "ana", "--format", "json").stdout
    )[0]
    rejected = cli("assist", "reject", str(found[1]["id"]))

    assert accepted["status"] == "accepted" and accepted["text"] == found[0]["text"]
    quotes = json.loads(cli("quotes", "Freedom and risk", "--format", "json").stdout)
    assert [(q["text"], q["coder"]) for q in quotes] == [(found[0]["text"], "ana")]
    assert rejected.exit_code == 0 and "rejected" in rejected.output
    again = cli("assist", "accept", str(found[1]["id"]))
    assert again.exit_code == 1 and "rejected already" in again.output
    later = json.loads(cli("assist", "suggest", "Freedom and risk", "--format", "json").stdout)
    assert not {s["text"] for s in later} & {NURSE, THERAPIST}


def test_assist_cli_evaluate_and_refusals(cli: Callable[..., Result]) -> None:
    _project(cli)
    cli("assist", "index")
    cli("codings", "add", "risk-interview.txt", "--code", "Freedom and risk", "--match", NURSE)
    cli("codings", "add", "risk-interview.txt", "--code", "Freedom and risk", "--match", THERAPIST)

    rows = json.loads(cli("assist", "evaluate", "--format", "json").stdout)

    assert {r["method"] for r in rows} == {"centroid", "logistic", "keywords"}
    assert [r["hidden"] for r in rows if r["code"] == "Freedom and risk"] == [1, 1, 1]
    table = cli("assist", "evaluate", "--k", "3").output
    assert "AP centroid" in table and "(mean)" in table
    bad = cli("assist", "evaluate", "--hide", "2")
    assert bad.exit_code == 1 and "--hide must be a share between 0 and 1" in bad.output
    unknown = cli("assist", "suggest", "Nothing such")
    assert unknown.exit_code == 1 and "Nothing such" in unknown.output


def test_assist_cli_search_before_index_says_what_to_do(cli: Callable[..., Result]) -> None:
    _project(cli)
    result = cli("assist", "search", "risks")
    assert result.exit_code == 1
    assert "run `mutualscope assist index` first" in result.output


def test_assist_cli_without_the_extra_names_the_install_command(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extra, "find_spec", lambda name: None)
    result = cli("assist", "index")
    assert result.exit_code == 1
    assert "pip install -e '.[assist]'" in result.output


def test_assist_cli_core_starts_without_loading_the_model_runtime() -> None:
    code = (
        "import sys; from mutualscope.cli.main import main; import mutualscope.cli.assist; "
        "assert not {'onnxruntime', 'tokenizers'} & set(sys.modules), sorted(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
