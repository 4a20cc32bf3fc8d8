import math

import pytest

from mutualscope.domain.geometry import KM_PER_DEGREE, Area, AreaIndex, bounds

SQUARE = [[(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.0)]]
HOLED = [
    [(20.0, 0.0), (30.0, 0.0), (30.0, 10.0), (20.0, 10.0), (20.0, 0.0)],
    [(24.0, 4.0), (26.0, 4.0), (26.0, 6.0), (24.0, 6.0), (24.0, 4.0)],
]
ISLANDS = ([[(40.0, 0.0), (42.0, 0.0), (41.0, 2.0)]], [[(40.0, 8.0), (42.0, 8.0), (41.0, 9.0)]])


def make_index() -> AreaIndex:
    return AreaIndex([Area("A", (SQUARE,)), Area("B", (HOLED,)), Area("C", ISLANDS)], bands=7)


def test_locate_finds_the_area_holding_a_point() -> None:
    index = make_index()
    assert index.locate(5, 5) == "A"
    assert index.locate(21, 9) == "B"
    assert index.locate(41, 1) == "C"
    assert index.locate(41, 8.5) == "C"


def test_locate_counts_holes_and_gaps_out() -> None:
    index = make_index()
    assert index.locate(25, 5) is None
    assert index.locate(15, 5) is None
    assert index.locate(41, 5) is None
    assert index.locate(5, 50) is None


def test_bounds_covers_every_area() -> None:
    assert bounds([Area("A", (SQUARE,)), Area("C", ISLANDS)]) == (0.0, 0.0, 42.0, 10.0)


def test_nearest_measures_the_distance_to_the_nearest_boundary_in_kilometres() -> None:
    index = make_index()
    # 0.01 degrees of latitude south of the square's bottom edge: about 1.11 km.
    found = index.nearest(5, -0.01, within_km=5)
    assert found is not None and found.code == "A"
    assert found.distance_km == pytest.approx(1.112, abs=0.001)
    # Beside the holed square's right edge, nearer B than C (two degrees further east).
    east = index.nearest(30.02, 5, within_km=5)
    assert east is not None and east.code == "B"
    assert east.distance_km == pytest.approx(
        0.02 * KM_PER_DEGREE * math.cos(math.radians(5)), abs=1e-3
    )


def test_nearest_counts_horizontal_edges_and_corners() -> None:
    index = make_index()
    above = index.nearest(5, 10.02, within_km=5)  # over the square's horizontal top edge
    assert above is not None and above.distance_km == pytest.approx(0.02 * KM_PER_DEGREE, abs=1e-3)
    corner = index.nearest(-0.03, -0.04, within_km=10)  # past the corner: to the vertex
    assert corner is not None and corner.distance_km == pytest.approx(
        0.05 * KM_PER_DEGREE, rel=1e-3
    )


def test_nearest_beyond_the_reach_is_none() -> None:
    assert make_index().nearest(5, -0.1, within_km=5) is None  # 11 km away
    assert make_index().nearest(5, -30, within_km=50) is None


def test_nearest_names_the_nearest_point_of_the_boundary() -> None:
    found = make_index().nearest(5, -0.01, within_km=5)
    assert found is not None and found.boundary_point == pytest.approx((5.0, 0.0))
