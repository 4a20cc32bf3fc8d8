"""What a report template can use: the configuration and the report functions.

=====================  ===================================================================
``report``             title, submitter, date, questions, summary, themes ... (report.yaml)
``project``            what the project holds: ``has_registry``, ``has_codings`` ...
``method()``           cases, interviews, people interviewed (``internal``, ``external``),
                       ``roles`` and ``roles_table()``, ``period``
``landscape()``        the registry's landscape: totals, years, regions, sizes, services
``figure(name)``       a chart or the regional map, as ``![caption](figure:key)``
``quotes(code, n)``    quotes for a code; ``role=``, ``case=``, ``external=``, ``subcodes=``
``coverage(code)``     ``passages``, ``documents`` and ``cases`` coded, of ``all_cases``
``matrix(code, by)``   codes against ``role`` or ``case`` as a table
``missing(what)``      a sentence saying what the project lacks, instead of an empty section
=====================  ===================================================================
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mutualscope.errors import InvalidInput, NotFound
from mutualscope.reports.config import ReportConfig
from mutualscope.reports.evidence import Evidence
from mutualscope.reports.landscape import LandscapeSection
from mutualscope.reports.method import Method, count_method
from mutualscope.reports.provenance import Provenance
from mutualscope.reports.reader import MarkdownText
from mutualscope.services.codebook import CodeIndex
from mutualscope.services.settings import get_setting
from mutualscope.storage.codebook import Code, Coding
from mutualscope.storage.documents import Document
from mutualscope.storage.organisations import Organisation

MISSING = {
    "registry": "The project holds no registry of organisations, so this report gives no "
    "landscape statistics. Import one with `mutualscope orgs import`.",
    "transcripts": "The project holds no interview transcripts yet. Import them with "
    "`mutualscope docs import`.",
    "codings": "No passages have been coded yet, so this report gives no themed findings "
    "or quotes. Code passages with `mutualscope codings add` or import codings.",
}


@dataclass(frozen=True)
class ProjectContents:
    organisations: int
    documents: int
    codes: int
    codings: int

    @property
    def has_registry(self) -> bool:
        return self.organisations > 0

    @property
    def has_transcripts(self) -> bool:
        return self.documents > 0

    @property
    def has_codings(self) -> bool:
        return self.codings > 0


def project_contents(session: Session) -> ProjectContents:
    def count(column: Any) -> int:
        return int(session.scalar(select(func.count(column))) or 0)

    return ProjectContents(
        organisations=count(Organisation.id),
        documents=count(Document.id),
        codes=count(Code.id),
        codings=count(Coding.id),
    )


def check_config_codes(session: Session, config: ReportConfig, source: str) -> None:
    """Every code the configuration names must be in the codebook, before any query."""
    named = config.codes()
    if not named:
        return
    index = CodeIndex.load(session)
    problems = []
    for where, path in named:
        try:
            index.resolve(path)
        except NotFound as error:
            problems.append(f"{source}: {where}: {error}")
    if problems:
        raise InvalidInput(f"{source} names codes the project does not have:", problems)


class ReportContext:
    """The variables of one report rendering; every figure it gives is in ``provenance``."""

    def __init__(
        self,
        session: Session,
        config: ReportConfig,
        *,
        title: str | None = None,
        identifiable: bool = False,
    ) -> None:
        self.session = session
        self.config = config
        self.provenance = Provenance(dialect=session.get_bind().dialect)
        self.figures: dict[str, bytes] = {}
        self.contents = project_contents(session)
        self.evidence = Evidence(
            session, self.provenance, times=config.quote_times, identifiable=identifiable
        )
        self.landscape_section = LandscapeSection(session, self.provenance, self.figures)
        self.title = title or config.title or self._default_title()
        self._method: Method | None = None

    def _default_title(self) -> str:
        if self.config.submitter:
            return f"Written evidence from {self.config.submitter}"
        return get_setting(self.session, "title") or "Written evidence"

    def method(self) -> Method:
        if self._method is None:
            self._method = count_method(self.session, self.provenance, self.config.period)
        return self._method

    def missing(self, what: str) -> MarkdownText:
        if what not in MISSING:
            raise InvalidInput(f"missing() knows {', '.join(MISSING)}, not {what!r}")
        return MarkdownText(MISSING[what])

    def variables(self) -> dict[str, Any]:
        return {
            "report": self.config,
            "title": self.title,
            "project": self.contents,
            "method": self.method,
            "landscape": self.landscape_section.summary,
            "figure": self.landscape_section.figure,
            "quotes": self.evidence.quotes,
            "coverage": self.evidence.coverage,
            "matrix": self.evidence.matrix,
            "missing": self.missing,
        }
