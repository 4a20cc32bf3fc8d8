from collections.abc import Callable
from pathlib import Path

import yaml
from click.testing import Result
from tests.factories import make_code

from mutualscope.reports.template import builtin_template_text

Cli = Callable[..., Result]


def test_report_build_writes_each_format(cli: Cli, tmp_path: Path) -> None:
    md, pdf = tmp_path / "r.md", tmp_path / "r.pdf"
    result = cli("report", "build", "--out", str(md), "--out", str(pdf), "--title", "My evidence")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [str(md), str(pdf)]
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# My evidence\n")
    assert "The project holds no registry of organisations" in text
    assert pdf.read_bytes().startswith(b"%PDF")


def test_report_build_config_with_an_unknown_code(
    cli: Cli, session: object, tmp_path: Path
) -> None:
    config = tmp_path / "report.yaml"
    config.write_text(
        yaml.safe_dump({"themes": [{"heading": "Innovation", "code": "Nope"}]}), encoding="utf-8"
    )
    out = tmp_path / "r.html"
    result = cli("report", "build", "--config", str(config), "--out", str(out))
    assert result.exit_code == 1
    assert f"{config}: themes[0].code: No code 'Nope' in the codebook." in result.output
    assert not out.exists()


def test_report_build_template_syntax_error(cli: Cli, tmp_path: Path) -> None:
    template = tmp_path / "t.md.j2"
    template.write_text("# T\n\n{% for x in %}\n", encoding="utf-8")
    result = cli("report", "build", "--template", str(template), "--out", str(tmp_path / "r.md"))
    assert result.exit_code == 1
    assert f"Error: {template}, line 3:" in result.stderr
    assert not (tmp_path / "r.md").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".r.md")]


def test_report_build_unwritable_output(cli: Cli, tmp_path: Path) -> None:
    result = cli("report", "build", "--out", str(tmp_path / "missing" / "r.docx"))
    assert result.exit_code == 1
    assert "the folder" in result.output and "does not exist" in result.output
    result = cli("report", "build", "--out", str(tmp_path / "r.odt"))
    assert result.exit_code == 1
    assert "must end in .md, .html, .docx, .pdf" in result.output


def test_report_template_writes_the_builtin(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "my-report.md.j2"
    assert cli("report", "template", "--out", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8") == builtin_template_text("inquiry")
    again = cli("report", "template", "--out", str(out))
    assert again.exit_code == 1 and "already exists" in again.output
    assert cli("report", "template", "--out", str(out), "--force").exit_code == 0


def test_report_build_with_an_edited_template(cli: Cli, session: object, tmp_path: Path) -> None:
    make_code(session, "Innovation")  # type: ignore[arg-type]
    template = tmp_path / "t.md.j2"
    template.write_text(
        "# {{ title }}\n\n## Method\n\nWe studied {{ method().cases }} cases.\n", encoding="utf-8"
    )
    out = tmp_path / "r.md"
    result = cli("report", "build", "--template", str(template), "--out", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "## 1. Method\n\n1.1 We studied 0 cases.\n" in text
    assert "- **[n1]** 0: case studies in the project (used in 1.1)" in text
