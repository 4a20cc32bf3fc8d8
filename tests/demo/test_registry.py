import csv
from pathlib import Path

from mutualscope.demo import registry
from mutualscope.demo.builder import STEPS
from mutualscope.services.landscape import landscape_stats, landscape_summary
from mutualscope.services.project import Project

SEED_FIGURES = [
    "52 organisations providing health and social care services in England",
    "a further 19 organisations provide other types of services, including leisure, social "
    "work, education and housing",
    "(41 of 52) were established in 2011",
    "the East of England (12 of 52)",
    "only one organisation in the North East",
    "(35%) are small, with fewer than 50 employees",
    "19% of the organisations have 1,000 or more employees",
    "not readily available for all organisations",
    "less than £500,000",
    "over £43 million",
    "15% providing general practice or primary care services",
    "23% providing mental health services",
    "23% providing specialist services",
    "38% providing multiple community health services",
]


def test_demo_summary_states_every_figure_of_the_seeds_section_2(
    project: Project, tmp_path: Path
) -> None:
    registry.run(project, tmp_path, lambda _: None)
    with project.session() as session:
        text = " ".join(landscape_summary(session))
    for figure in SEED_FIGURES:
        assert figure in text


def test_demo_registry_counts_match_the_seed(project: Project, tmp_path: Path) -> None:
    registry.run(project, tmp_path, lambda _: None)
    health = ["sector=health and social care"]
    with project.session() as session:
        sectors = landscape_stats(session, by="sector")
        regions = landscape_stats(session, by="region", where=health)
        services = landscape_stats(session, by="services", where=health)
    assert sectors["denominator"] == 71
    assert {v["label"]: v["count"] for v in sectors["values"]}["health and social care"] == 52
    by_region = {v["label"]: v["count"] for v in regions["values"]}
    assert by_region["East of England"] == 12 and by_region["North East"] == 1
    assert {v["value"]: v["count"] for v in services["values"]} == {
        "primary-care": 8,
        "mental-health": 12,
        "specialist": 12,
        "community-health": 20,
    }
    assert (tmp_path / "registry-map.png").read_bytes().startswith(b"\x89PNG")
    assert (tmp_path / "registry-sizes.png").stat().st_size > 10_000


def test_demo_registry_is_labelled_fictional_and_runs_first() -> None:
    with registry.REGISTRY_FILE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 71
    assert all(row["Data note"] == "Fictional demo organisation" for row in rows)
    assert "FICTIONAL" in (registry.DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert STEPS[0].run is registry.run
