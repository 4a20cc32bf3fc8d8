import io
from pathlib import Path

import pytest
from matplotlib.patches import PathPatch

from mutualscope.errors import InvalidInput
from mutualscope.reports.maps import region_map_figure, render_region_map

COUNTS = {"E12000001": 1, "E12000006": 12, "E12000007": 6}


def darkness(colour: tuple[float, ...]) -> float:
    red, green, blue = colour[:3]
    return 1 - (0.299 * red + 0.587 * green + 0.114 * blue)


def test_regions_with_more_organisations_are_shaded_darker() -> None:
    figure = region_map_figure(COUNTS)
    axes = figure.axes[0]
    patches = [p for p in axes.patches if isinstance(p, PathPatch)]
    assert len(patches) >= 9  # every region drawn, islands included
    texts = {t.get_text() for t in axes.texts}
    assert {"12", "6", "1", "0"} <= texts  # counts written on the map, zeros too
    shades = sorted({round(darkness(p.get_facecolor()), 3) for p in patches})
    assert len(shades) == 4  # 0, 1, 6 and 12 each get their own shade
    assert "London" in texts and "East of England" in texts


def test_map_carries_the_ons_attribution(tmp_path: Path) -> None:
    out = tmp_path / "map.svg"
    render_region_map(COUNTS, out, title="Mutuals by region")
    svg = out.read_text(encoding="utf-8")
    assert "Open Government Licence v3.0" in svg and "Crown copyright" in svg
    assert "Mutuals by region" in svg


def test_render_region_map_writes_png_to_files_and_streams(tmp_path: Path) -> None:
    render_region_map(COUNTS, tmp_path / "map.png")
    assert (tmp_path / "map.png").read_bytes().startswith(b"\x89PNG")
    buffer = io.BytesIO()
    render_region_map({}, buffer, fmt="png", dpi=50)
    assert buffer.getvalue().startswith(b"\x89PNG")


def test_render_region_map_refuses_other_formats_and_missing_folders(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"choose \.png or \.svg"):
        render_region_map(COUNTS, tmp_path / "map.gif")
    with pytest.raises(InvalidInput, match="does not exist"):
        render_region_map(COUNTS, tmp_path / "absent" / "map.png")
