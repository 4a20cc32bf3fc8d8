"""The landscape section: the registry's statistics as prose, tables and figures.

The prose is the registry's own (:func:`services.landscape.landscape_facts` written up by
:mod:`domain.narrative`), so a report says what ``mutualscope orgs stats`` says. Each
paragraph's figures link to one source naming the ``orgs stats`` commands that
reproduce them.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO

from sqlalchemy.orm import Session

from mutualscope.domain.landscape import FIELDS, Distribution, format_percent
from mutualscope.domain.narrative import LandscapeFacts, compose_summary
from mutualscope.errors import InvalidInput
from mutualscope.reports.charts import render_chart
from mutualscope.reports.maps import render_region_map
from mutualscope.reports.provenance import Provenance
from mutualscope.reports.reader import SOURCE_PREFIX, MarkdownText, escape_inline, escape_markdown
from mutualscope.services.landscape import (
    landscape_distribution,
    landscape_facts,
    landscape_stats,
    region_counts,
)

FIGURES = ("regions", *(f for f in FIELDS if f != "region"))
# A figure as prose writes it: "£43 million", "£500,000", "35%", "1,000", "41".
_FIGURE = re.compile(
    r"£\d+(?:,\d{3})*(?:\.\d+)?(?: (?:million|billion|thousand))?|\d+(?:,\d{3})*(?:\.\d+)?%?"
)


def stats_command(by: str, where: list[str]) -> str:
    """The command that prints a distribution, as the appendix shows it."""
    parts = ["mutualscope", "orgs", "stats", "--by", by]
    for condition in where:
        parts += ["--where", condition]
    return shlex.join(parts)


def link_figures(text: str, source_id: str) -> MarkdownText:
    """Prose with every figure in it linked to ``source_id``; the rest escaped."""
    text = " ".join(text.split())
    out: list[str] = []
    last = 0
    for match in _FIGURE.finditer(text):
        out.append(escape_inline(text[last : match.start()]))
        out.append(f"[{escape_inline(match.group())}]({SOURCE_PREFIX}{source_id})")
        last = match.end()
    out.append(escape_inline(text[last:]))
    return MarkdownText("".join(out))


@dataclass
class Landscape:
    """What a template reads: ``available``, ``paragraphs``, ``table(by)``, ``focus``."""

    available: bool
    focus: str | None = None
    total: int = 0
    paragraphs: list[MarkdownText] = field(default_factory=list)
    table: Callable[[str], MarkdownText] = field(default=lambda by: MarkdownText(""))


class LandscapeSection:
    def __init__(self, session: Session, provenance: Provenance, figures: dict[str, bytes]) -> None:
        self.session = session
        self.provenance = provenance
        self.figures = figures
        self._where: list[str] = []
        self._focus: str | None = None

    def _scope(self, facts: LandscapeFacts) -> list[str]:
        if facts.focus is None:
            return []
        key = next((v.value for v in facts.sectors.values if v.label == facts.focus), None)
        return [f"sector={key}"] if key else []

    def summary(self, focus: str | None = None) -> Landscape:
        """The landscape of the registry, focused on one sector (the largest by default,
        as the seed describes its health and social care mutuals)."""
        facts = landscape_facts(self.session, focus=focus)
        if facts.total == 0:
            return Landscape(available=False)
        where = self._scope(facts)
        self._where, self._focus = where, facts.focus
        groups = (
            ("sectors and years of establishment", [("sector", []), ("year", where)]),
            (
                "regions, sizes and turnover",
                [("region", where), ("size", where), ("turnover", where)],
            ),
            ("services", [("services", where), ("size", where)]),
        )
        paragraphs = []
        for text, (label, queries) in zip(compose_summary(facts), groups, strict=False):
            commands = "; ".join(stats_command(by, w) for by, w in queries)
            source_id = self.provenance.figures(f"The landscape: {label}", commands)
            paragraphs.append(link_figures(text, source_id))
        return Landscape(
            available=True,
            focus=facts.focus,
            total=facts.focus_size,
            paragraphs=paragraphs,
            table=lambda by: self.table(by, where, facts.focus),
        )

    def figure(self, name: str) -> MarkdownText:
        """A figure of the landscape last summarised: ``regions`` (the map), or a bar chart
        of any landscape field (``year``, ``size``, ``services``, ``turnover`` ...)."""
        if name not in FIGURES:
            raise InvalidInput(f"Unknown figure {name!r}; expected one of {', '.join(FIGURES)}.")
        scope = f" ({self._focus})" if self._focus else ""
        image = BytesIO()
        if name == "regions":
            caption = f"Organisations by region of England{scope}"
            render_region_map(
                region_counts(self.session, where=self._where), image, fmt="png", dpi=110
            )
            command = stats_command("region", self._where)
        else:
            caption = f"Organisations by {_HEADINGS.get(name, name).lower()}{scope}"
            stats = landscape_stats(self.session, by=name, where=self._where)
            render_chart(stats, image, fmt="png", dpi=110)
            command = stats_command(name, self._where)
        key = f"{name}-{len(self.figures) + 1}"
        self.figures[key] = image.getvalue()
        figure_id = self.provenance.figure(caption, command)
        return MarkdownText(
            f"![[{escape_markdown(caption)}]({SOURCE_PREFIX}{figure_id})](figure:{key})"
        )

    def table(self, by: str, where: list[str], focus: str | None) -> MarkdownText:
        """One field's distribution as a table: value, organisations, share of known."""
        distribution = landscape_distribution(self.session, by=by, where=where)
        return distribution_table(distribution, by, where, focus, self.provenance)


_HEADINGS = {
    "region": "Region",
    "size": "Employees",
    "year": "Year established",
    "turnover": "Annual turnover",
    "services": "Services",
    "sector": "Sector",
    "route": "Route",
    "legal-form": "Legal form",
}


def distribution_table(
    distribution: Distribution,
    by: str,
    where: list[str],
    focus: str | None,
    provenance: Provenance,
) -> MarkdownText:
    command = stats_command(by, where)
    heading = _HEADINGS.get(distribution.field, distribution.field.capitalize())
    lines = [f"| {heading} | Organisations | Share |", "|---|---:|---:|"]
    for value in distribution.values:
        share = format_percent(distribution.share(value.count))
        lines.append(f"| {escape_markdown(value.label)} | {value.count:,} | {share} |")
    if distribution.missing:
        lines.append(f"| Not known | {distribution.missing:,} | |")
    scope = f" ({focus})" if focus else ""
    caption = f"Organisations by {heading.lower()}{scope}"
    table_id = provenance.table(f"{caption}; shares are of those with a known value", command)
    lines.append(f"Table: [{escape_markdown(caption)}]({SOURCE_PREFIX}{table_id})")
    return MarkdownText("\n".join(lines))
