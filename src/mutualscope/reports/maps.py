"""A choropleth of England's nine regions, drawn from the ONS boundaries shipped inside
the package, with each region's count written on it and the ONS/OGL attribution below.

Figures are built on :class:`matplotlib.figure.Figure` directly (the Agg renderer, no
pyplot state), so maps can be drawn from worker threads and web requests.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from matplotlib import colormaps
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath

from mutualscope.domain.geometry import Polygon
from mutualscope.errors import InvalidInput
from mutualscope.io.geo import ATTRIBUTION, load_region_boundaries

# ONS label points for the South East and London sit a few miles apart; the South East's
# count moves a little west so its name does not run into London.
_LABEL_POINTS = {"E12000008": (-1.05, 51.42)}
_SMALL_REGIONS = {"E12000007"}


def _polygon_path(polygon: Polygon) -> MplPath:
    rings = [MplPath(list(ring), closed=False) for ring in polygon]
    return MplPath.make_compound_path(*rings)


def region_map_figure(
    counts: Mapping[str, int],
    *,
    title: str | None = None,
    subtitle: str | None = None,
    legend: str = "Organisations",
) -> Figure:
    """The map as a matplotlib Figure. ``counts`` maps ONS region codes to numbers;
    regions absent from it are drawn as 0."""
    regions = load_region_boundaries()
    figure = Figure(figsize=(6.4, 7.8), dpi=100, layout="constrained")
    # Keep a strip at the bottom for the attribution, which the layout does not see.
    figure.get_layout_engine().set(rect=(0, 0.025, 1, 0.975))  # type: ignore[union-attr,call-arg]
    axes = figure.add_subplot()
    top = max([*counts.values(), 1])
    norm = Normalize(vmin=0, vmax=top)
    cmap = colormaps["Blues"]

    # Keep zero visibly tinted (not white) so an empty region still reads as England.
    def colour(value: int) -> Any:
        return cmap(0.08 + 0.84 * norm(value))

    for region in regions:
        count = counts.get(region.code, 0)
        for polygon in region.polygons:
            axes.add_patch(
                PathPatch(
                    _polygon_path(polygon),
                    facecolor=colour(count),
                    edgecolor="white",
                    linewidth=0.8,
                )
            )
    for region in regions:
        count = counts.get(region.code, 0)
        lon, lat = _LABEL_POINTS.get(region.code, region.label_point)
        dark = norm(count) > 0.55
        ink = "white" if dark else "#1b1b1b"
        small = region.code in _SMALL_REGIONS
        axes.text(
            lon,
            lat + (0.0 if small else 0.08),
            f"{count:,}",
            ha="center",
            va="center",
            fontsize=11 if small else 15,
            fontweight="bold",
            color=ink,
        )
        if not small:
            axes.text(
                lon,
                lat - 0.17,
                region.name.replace(" and The ", " and the\n"),
                ha="center",
                va="top",
                fontsize=7.5,
                color=ink,
                linespacing=0.95,
            )
    # London is too small to hold its name: it is written in the sea, with a leader line.
    axes.annotate(
        "London",
        xy=(0.1, 51.47),
        xytext=(1.62, 51.12),
        fontsize=7.5,
        color="#1b1b1b",
        ha="left",
        va="center",
        arrowprops={"arrowstyle": "-", "color": "#555555", "linewidth": 0.6},
    )
    axes.set_xlim(-6.0, 2.4)
    axes.set_ylim(49.8, 55.95)
    axes.set_aspect(1 / math.cos(math.radians(52.8)))
    axes.set_axis_off()
    if title:
        axes.set_title(title, fontsize=13, loc="left", pad=14)
    if subtitle:
        axes.text(
            0.0, 1.0, subtitle, transform=axes.transAxes, fontsize=8.5, color="#444444", va="bottom"
        )
    scalar = figure.colorbar(
        _mappable(cmap, norm),
        ax=axes,
        orientation="horizontal",
        fraction=0.035,
        pad=0.02,
        shrink=0.6,
    )
    scalar.ax.set_title(legend, fontsize=8)
    scalar.ax.tick_params(labelsize=7)
    figure.text(
        0.01, 0.005, ATTRIBUTION, fontsize=5.6, color="#555555", ha="left", va="bottom", wrap=True
    )
    return figure


def _mappable(cmap: Any, norm: Normalize) -> Any:
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import LinearSegmentedColormap

    shown = LinearSegmentedColormap.from_list(
        "shown", [cmap(0.08 + 0.84 * step / 10) for step in range(11)]
    )
    return ScalarMappable(norm=norm, cmap=shown)


def render_region_map(
    counts: Mapping[str, int],
    out: Path | str | IO[bytes],
    *,
    title: str | None = None,
    subtitle: str | None = None,
    fmt: str | None = None,
    dpi: int = 150,
) -> None:
    """Draw the choropleth to a PNG or SVG file (by suffix, or ``fmt``) or binary stream.

    Example::

        counts = region_counts(session, where=["sector=health and social care"])
        render_region_map(counts, "regions.png", title="Mutuals by region")
    """
    figure = region_map_figure(counts, title=title, subtitle=subtitle)
    save_figure(figure, out, fmt=fmt, dpi=dpi)


def save_figure(
    figure: Figure, out: Path | str | IO[bytes], *, fmt: str | None = None, dpi: int = 150
) -> None:
    """Save as PNG or SVG; the format comes from ``fmt`` or the file's suffix."""
    if fmt is None:
        suffix = Path(out).suffix.lower().lstrip(".") if isinstance(out, str | Path) else ""
        fmt = suffix or "png"
    if fmt not in ("png", "svg"):
        raise InvalidInput(f"Cannot draw a {fmt!r} file; choose .png or .svg.")
    if isinstance(out, str | Path) and not Path(out).parent.is_dir():
        raise InvalidInput(f"Cannot write {out}: the folder {Path(out).parent} does not exist.")
    metadata = {"Software": None} if fmt == "png" else {"Date": None}
    figure.savefig(out, format=fmt, dpi=dpi, metadata=metadata)
