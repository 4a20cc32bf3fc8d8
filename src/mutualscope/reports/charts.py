"""Bar charts of one field's distribution, drawn from the ``landscape_stats`` dict.

Each bar is labelled with its count and share; what is missing and what the shares are
of (organisations, for multi-valued fields too) is written under the chart, so a chart
never hides its denominator.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from mutualscope.domain.landscape import FIELDS
from mutualscope.reports.maps import save_figure

BAR_COLOUR = "#2b6ca3"
_FOOTNOTE_WIDTH = 115  # characters of 7-point text across a 7.2-inch figure
# Fields whose values read left to right (years), drawn as columns; the rest as bars.
_COLUMNS = {"year"}


def chart_footnote(stats: Mapping[str, Any]) -> str:
    """'Not known: 3 of 52. Shares are of the 49 organisations with a known value.'"""
    known, denominator, missing = stats["known"], stats["denominator"], stats["missing"]
    parts = []
    if stats.get("where"):
        parts.append("Selection: " + ", ".join(stats["where"]) + ".")
    if missing:
        parts.append(f"Not known: {missing} of {denominator}.")
    parts.append(f"Shares are of the {known} organisations with a known value.")
    if stats.get("multi_valued"):
        parts.append(
            "An organisation can have several, so shares are of organisations, not of the "
            f"{stats.get('mentions') or 0} mentions."
        )
    return " ".join(parts)


def chart_figure(stats: Mapping[str, Any], *, title: str | None = None) -> Figure:
    """The chart as a matplotlib Figure, from a ``landscape_stats`` dict."""
    values = list(stats["values"])
    field = stats["field"]
    labels = [str(v["label"]) for v in values]
    counts = [int(v["count"]) for v in values]
    notes = [f"{v['count']} ({v['percent']})" for v in values]
    vertical = field in _COLUMNS
    height = 3.6 if vertical else max(2.4, 0.42 * len(values) + 1.5)
    figure = Figure(figsize=(7.2, height), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    top = max([*counts, 1])
    if vertical:
        bars = axes.bar(labels, counts, color=BAR_COLOUR, width=0.7)
        axes.set_ylim(0, top * 1.18)
        axes.set_ylabel("Organisations")
        for bar, note in zip(bars, notes, strict=True):
            axes.annotate(
                note,
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=7.5,
            )
        if len(labels) > 12:
            axes.tick_params(axis="x", labelrotation=90)
    else:
        positions = list(range(len(values)))[::-1]
        bars = axes.barh(positions, counts, color=BAR_COLOUR, height=0.65)
        axes.set_yticks(positions, labels)
        axes.set_xlim(0, top * 1.25)
        axes.set_xlabel("Organisations")
        for bar, note in zip(bars, notes, strict=True):
            axes.annotate(
                note,
                (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                xytext=(4, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                fontsize=8,
            )
    count_axis = axes.yaxis if vertical else axes.xaxis
    count_axis.set_major_locator(MaxNLocator(integer=True))
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(labelsize=8)
    heading = title or f"Organisations by {FIELDS.get(field, field)}"
    axes.set_title(heading, fontsize=11, loc="left")
    footnote = textwrap.fill(chart_footnote(stats), width=_FOOTNOTE_WIDTH)
    figure.supxlabel(footnote, fontsize=7, color="#555555", x=0.01, ha="left")
    return figure


def render_chart(
    stats: Mapping[str, Any],
    out: Path | str | IO[bytes],
    *,
    title: str | None = None,
    fmt: str | None = None,
    dpi: int = 150,
) -> None:
    """Draw a bar chart of a ``landscape_stats`` dict to PNG or SVG (by suffix or ``fmt``).

    Example::

        stats = landscape_stats(session, by="size", where=["sector=health"])
        render_chart(stats, "sizes.png", title="Mutuals by number of employees")
    """
    save_figure(chart_figure(stats, title=title), out, fmt=fmt, dpi=dpi)
