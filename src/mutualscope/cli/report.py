"""``mutualscope report``: written evidence from the project, in Markdown, HTML, DOCX or PDF."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from mutualscope.cli.group import MutualscopeGroup
from mutualscope.cli.lazy import lazy_callable
from mutualscope.cli.state import CliState
from mutualscope.domain.choices import REPORT_TEMPLATES

if TYPE_CHECKING:
    from mutualscope.reports.build import build_report, check_output, write_report
    from mutualscope.reports.config import ReportConfig, load_config
    from mutualscope.reports.template import write_builtin_template
    from mutualscope.services.consent import quoting_warning
else:
    build_report = lazy_callable("mutualscope.reports.build", "build_report")
    check_output = lazy_callable("mutualscope.reports.build", "check_output")
    write_report = lazy_callable("mutualscope.reports.build", "write_report")
    ReportConfig = lazy_callable("mutualscope.reports.config", "ReportConfig")
    load_config = lazy_callable("mutualscope.reports.config", "load_config")
    write_builtin_template = lazy_callable("mutualscope.reports.template", "write_builtin_template")
    quoting_warning = lazy_callable("mutualscope.services.consent", "quoting_warning")


@click.group(cls=MutualscopeGroup)
def report() -> None:
    """Write inquiry-ready evidence reports from the registry and the codings.

    \b
    Example:
      mutualscope report build --config report.yaml --out evidence.docx
      mutualscope report template --out my-report.md.j2
    """


@report.command("build")
@click.option(
    "--out",
    "outputs",
    multiple=True,
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write; the format follows the extension (.md .html .docx .pdf). "
    "Repeat to write several formats from one build.",
)
@click.option(
    "--template",
    default="inquiry",
    show_default=True,
    metavar="inquiry|PATH",
    help="A built-in template name or a template file (see `report template`).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="report.yaml: submitter, inquiry questions, themes and their codes, prose.",
)
@click.option("--title", help="The report's title (overrides the configuration).")
@click.option(
    "--identifiable",
    is_flag=True,
    help="Quote the original, identifiable words even when the project has a "
    "pseudonymised text (`protect apply`), which is used by default.",
)
@click.pass_obj
def build(
    state: CliState,
    outputs: tuple[Path, ...],
    template: str,
    config_path: Path | None,
    title: str | None,
    identifiable: bool,
) -> None:
    """Build a report and write it in every format asked for.

    Every figure and quote is listed with its query, or its document and character
    offsets, in the report's sources appendix. A report is written to a temporary file
    and renamed into place, so a failed build leaves nothing behind.

    Once `mutualscope protect apply` has built the pseudonymised text, quotes are taken
    from it ("[CEO, case 3] said ..."), and the sources appendix says so with the date
    it was built; --identifiable quotes the original words. A quoted document with no
    pseudonymised text is named in a warning and in the appendix.

    \b
    Example:
      mutualscope report build --out evidence.md
      mutualscope report build --config report.yaml --out evidence.docx --out evidence.pdf
      mutualscope report build --template my-report.md.j2 --title "Written evidence" --out r.html
    """
    for path in outputs:
        check_output(path)
    config = load_config(config_path) if config_path else ReportConfig()
    click.echo("Building the report ...", err=True)
    with state.project.session() as session:
        warning = quoting_warning(session)
        if warning:
            click.echo(warning, err=True)
        document = build_report(
            session,
            template=template,
            config=config,
            config_source=str(config_path) if config_path else "report configuration",
            title=title,
            identifiable=identifiable,
        )
    if document.warning:
        click.echo(document.warning, err=True)
    words = document.word_count()
    advice = "; select committees commonly ask for no more than about 3,000" if words > 3000 else ""
    click.echo(f"The report has {words:,} words before its sources appendix{advice}.", err=True)
    for path in outputs:
        click.echo(f"Writing {path} ...", err=True)
        for written in write_report(document, path):
            click.echo(str(written))


@report.command("template")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the template (e.g. my-report.md.j2).",
)
@click.option(
    "--name",
    type=click.Choice(sorted(REPORT_TEMPLATES)),
    default="inquiry",
    show_default=True,
    help="Which built-in template.",
)
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
def template(out: Path, name: str, force: bool) -> None:
    """Write a built-in report template out for editing.

    Templates are Markdown with Jinja2 blocks that call the report functions
    (method(), landscape(), figure(), quotes(), coverage(), matrix()); see docs/reports.md.

    \b
    Example:
      mutualscope report template --out my-report.md.j2
      mutualscope report build --template my-report.md.j2 --out report.pdf
    """
    write_builtin_template(name, out, force=force)
    click.echo(str(out))
