"""Demo step: the registry of 71 fictional organisations, its map and a chart.

The data file is invented (see ``data/registry/README.md``); its aggregates reproduce the
figures of section 2 of the seed's written evidence, so ``mutualscope orgs summary`` on
the demo project states them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mutualscope.services.landscape import landscape_stats
from mutualscope.services.organisation_imports import import_organisations
from mutualscope.services.project import Project

DATA_DIR = Path(__file__).parent / "data" / "registry"
REGISTRY_FILE = DATA_DIR / "fictional-organisations.csv"
HEALTH = "sector=health and social care"


def run(project: Project, out_dir: Path, say: Callable[[str], None]) -> None:
    """Import the fictional registry, then draw its region map and size chart."""
    # Imported here: matplotlib is slow to load, and every CLI command imports this module.
    from mutualscope.reports.charts import render_chart
    from mutualscope.reports.maps import render_region_map

    with project.session() as session:
        report = import_organisations(session, path=REGISTRY_FILE, actor="demo")
        regions = landscape_stats(session, by="region", where=[HEALTH])
        sizes = landscape_stats(session, by="size", where=[HEALTH])
    say(f"Registry: {len(report.created)} fictional organisations imported")
    counts = {value["value"]: value["count"] for value in regions["values"]}
    map_path = out_dir / "registry-map.png"
    render_region_map(
        counts,
        map_path,
        title="Health and social care mutuals by region",
        subtitle=f"{regions['denominator']} fictional organisations (demo data)",
    )
    chart_path = out_dir / "registry-sizes.png"
    render_chart(sizes, chart_path, title="Health and social care mutuals by number of employees")
    say(f"Registry: map and chart written to {map_path.name} and {chart_path.name}")
