from mutualscope.domain.geometry import Area, AreaIndex, bounds

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
