"""Making a report: template -> Markdown -> numbered document -> the file asked for.

::

    with project.session() as session:
        document = build_report(session, template="inquiry", config=load_config(path))
    write_report(document, Path("evidence.docx"))

Both take an optional ``progress`` callback, told a short sentence as each stage starts
(the template, the landscape statistics, the figures, the quotes, numbering, tracing
sources, rendering the format, writing the file), so a terminal or a web job can show how
far a long report has got.

The output format follows the file's extension. A report is written to a temporary file
beside the target and renamed into place, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from mutualscope.errors import InvalidInput
from mutualscope.reports.config import ReportConfig
from mutualscope.reports.context import ReportContext, check_config_codes
from mutualscope.reports.document import Figure, ReportDocument
from mutualscope.reports.numbering import number_document
from mutualscope.reports.provenance import renumber_sources, sources_appendix, uses_of_sources
from mutualscope.reports.reader import read_markdown
from mutualscope.reports.render_docx import render_docx
from mutualscope.reports.render_html import render_html
from mutualscope.reports.render_markdown import render_markdown
from mutualscope.reports.render_pdf import render_pdf
from mutualscope.reports.template import load_template, render_template

FORMATS = (".md", ".html", ".docx", ".pdf")
FORMAT_NAMES = {".md": "Markdown", ".html": "HTML", ".docx": "Word document", ".pdf": "PDF"}

#: Told a short sentence as each stage of making a report starts.
Progress = Callable[[str], None]

#: The template's functions that do the work, and the stage each one's first use starts:
#: the template decides the order, and a stage it does not use is not told.
TEMPLATE_STAGES = {
    "method": "Counting the cases, interviews and people",
    "landscape": "Landscape statistics from the registry",
    "figure": "Drawing the map and charts",
    "coverage": "Finding quotes and coded passages",
    "quotes": "Finding quotes and coded passages",
    "matrix": "Finding quotes and coded passages",
}
#: The most stages ``build_report`` and ``write_report`` tell between them (reading the
#: template, the template's stages, numbering, tracing sources; rendering, writing).
MAX_STAGES = 1 + len(set(TEMPLATE_STAGES.values())) + 2 + 2


def _silent(message: str) -> None:
    """The progress callback of callers that do not follow progress."""


def announce_stages(variables: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """The template's variables, with each function of :data:`TEMPLATE_STAGES` telling
    ``progress`` its stage the first time the template calls it."""
    told: set[str] = set()

    def announcing(function: Callable[..., Any], stage: str) -> Callable[..., Any]:
        @functools.wraps(function)
        def announced(*args: Any, **kwargs: Any) -> Any:
            if stage not in told:
                told.add(stage)
                progress(stage)
            return function(*args, **kwargs)

        return announced

    return {
        key: announcing(value, TEMPLATE_STAGES[key]) if key in TEMPLATE_STAGES else value
        for key, value in variables.items()
    }


def build_markdown(
    session: Session,
    *,
    template: str | Path = "inquiry",
    config: ReportConfig | None = None,
    config_source: str = "report configuration",
    title: str | None = None,
    progress: Progress | None = None,
    identifiable: bool = False,
) -> tuple[str, ReportContext]:
    """The template rendered to Markdown, and the context holding its figures and sources."""
    progress = progress or _silent
    progress("Reading the template and what the project holds")
    config = config or ReportConfig()
    name, source = load_template(template)
    check_config_codes(session, config, config_source)
    context = ReportContext(session, config, title=title, identifiable=identifiable)
    variables = announce_stages(context.variables(), progress)
    return render_template(name, source, variables), context


def build_report(
    session: Session,
    *,
    template: str | Path = "inquiry",
    config: ReportConfig | None = None,
    config_source: str = "report configuration",
    title: str | None = None,
    progress: Progress | None = None,
    identifiable: bool = False,
) -> ReportDocument:
    """The numbered report, with its figures and the sources appendix; ``progress`` is told
    each stage as it starts. Quotes are taken from the pseudonymised text when the project
    has one, unless ``identifiable``; the appendix says which text was used."""
    progress = progress or _silent
    markdown, context = build_markdown(
        session,
        template=template,
        config=config,
        config_source=config_source,
        title=title,
        progress=progress,
        identifiable=identifiable,
    )
    context.provenance.text_used = context.evidence.text.description()
    progress("Numbering the paragraphs")
    document = read_markdown(markdown)
    document.figures = dict(context.figures)
    unknown = [
        b.key for b in document.blocks if isinstance(b, Figure) and b.key not in document.figures
    ]
    if unknown:
        raise InvalidInput(
            f"The template shows figures it did not make: {', '.join(unknown)}. "
            "Use {{ figure(name) }} to make one."
        )
    number_document(document)
    missing = [s for s in uses_of_sources(document) if s not in context.provenance.sources]
    if missing:
        raise InvalidInput(f"The template links to unknown sources: {', '.join(missing)}.")
    progress("Tracing every number and quote to its source")
    renumber_sources(document, context.provenance)
    document.blocks.extend(sources_appendix(document, context.provenance))
    document.warning = context.evidence.text.warning()
    return document


def check_output(path: Path) -> str:
    """The format of an output path (its extension), or InvalidInput saying why not."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InvalidInput(
            f"Cannot tell the report format from {path.name!r}: the file name must end in "
            f"{', '.join(FORMATS)}."
        )
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InvalidInput(
            f"Cannot write the report to {path}: the folder {folder} does not exist."
        )
    if path.is_dir():
        raise InvalidInput(f"Cannot write the report to {path}: it is a folder.")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise InvalidInput(f"Cannot write the report to {path}: permission denied.")
    return suffix


def figure_folder(path: Path) -> Path:
    """Where a Markdown report's figures go: ``report-figures/`` beside ``report.md``."""
    return path.with_name(f"{path.stem}-figures")


def _usual_mode(path: Path, *, directory: bool = False) -> None:
    """Give a file made by mkstemp/mkdtemp (private by design) the permissions of a file
    the user created, as their umask sets them."""
    umask = os.umask(0)
    os.umask(umask)
    path.chmod((0o777 if directory else 0o666) & ~umask)


def _atomic(path: Path, write: Callable[[Path], object]) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)
    try:
        write(Path(temporary))
        _usual_mode(Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_markdown(document: ReportDocument, path: Path, progress: Progress) -> list[Path]:
    folder = figure_folder(path)
    output = render_markdown(document, figure_folder=folder.name)
    count = len(output.files)
    figures = f" and {count} figure{'s' if count != 1 else ''}" if count else ""
    progress(f"Writing {path.name}{figures}")
    written = [path]
    if output.files:
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=path.parent))
        try:
            for relative, data in output.files.items():
                target = staging / Path(relative).name
                target.write_bytes(data)
            _usual_mode(staging, directory=True)
            if folder.exists():
                shutil.rmtree(folder)
            os.replace(staging, folder)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        written += [folder / Path(r).name for r in output.files]
    elif folder.is_dir() and all(f.name.startswith("figure-") for f in folder.iterdir()):
        # The figures of an earlier report of this name, which this one no longer shows.
        shutil.rmtree(folder)
    _atomic(path, lambda p: p.write_text(output.text, encoding="utf-8"))
    return written


def write_report(
    document: ReportDocument, path: Path, *, progress: Progress | None = None
) -> list[Path]:
    """Write the report in the format of ``path``'s extension; returns the files written.
    ``progress`` is told when rendering starts and, for Markdown and HTML, when the
    rendered text is written."""
    progress = progress or _silent
    suffix = check_output(path)
    progress(f"Rendering the {FORMAT_NAMES[suffix]}")
    try:
        if suffix == ".md":
            return _write_markdown(document, path, progress)
        if suffix == ".html":
            html = render_html(document)
            progress(f"Writing {path.name}")
            _atomic(path, lambda p: p.write_text(html, encoding="utf-8"))
        else:
            # Word and PDF render straight into the file: one stage.
            render = render_docx if suffix == ".docx" else render_pdf
            _atomic(path, lambda p: render(document, p))
    except OSError as error:
        raise InvalidInput(f"Cannot write the report to {path}: {error.strerror}.") from error
    return [path]
