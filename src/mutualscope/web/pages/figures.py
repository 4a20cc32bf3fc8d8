"""The dashboard's figures: the regional map and landscape charts as SVG, drawn by the
same code as the report's figures."""

from __future__ import annotations

import functools
import io
import json
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from mutualscope.services import landscape as landscape_service
from mutualscope.web.deps import Reader, SessionDep

router = APIRouter()
SVG = "image/svg+xml"


@functools.lru_cache(maxsize=64)
def _map_svg(counts: tuple[tuple[str, int], ...], title: str) -> bytes:
    # matplotlib and the map's shapes are loaded by the first figure asked for, not by
    # every server process at start.
    from mutualscope.reports.maps import render_region_map

    out = io.BytesIO()
    render_region_map(dict(counts), out, title=title, fmt="svg")
    return out.getvalue()


@functools.lru_cache(maxsize=64)
def _chart_svg(stats_json: str) -> bytes:
    from mutualscope.reports.charts import render_chart

    out = io.BytesIO()
    render_chart(json.loads(stats_json), out, fmt="svg")
    return out.getvalue()


@router.get("/figures/regions.svg")
def region_map(
    session: SessionDep,
    user: Reader,
    where: Annotated[list[str], Query()] = [],  # noqa: B006
) -> Response:
    counts = landscape_service.region_counts(session, where=where)
    svg = _map_svg(tuple(sorted(counts.items())), "Organisations by region")
    return Response(svg, media_type=SVG)


@router.get("/figures/landscape/{by}.svg")
def landscape_chart(
    session: SessionDep,
    user: Reader,
    by: str,
    where: Annotated[list[str], Query()] = [],  # noqa: B006
) -> Response:
    stats: dict[str, Any] = landscape_service.landscape_stats(session, by=by, where=where)
    return Response(_chart_svg(json.dumps(stats, sort_keys=True, default=str)), media_type=SVG)
