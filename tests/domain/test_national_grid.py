import pytest

from mutualscope.domain.missing import BadValue
from mutualscope.domain.national_grid import (
    MAX_EASTING,
    grid_to_osgb36,
    grid_to_wgs84,
    parse_grid_metres,
)


def dms(degrees: float) -> tuple[int, int, float]:
    whole = int(degrees)
    minutes = int((degrees - whole) * 60)
    return whole, minutes, round((degrees - whole - minutes / 60) * 3600, 4)


def test_grid_to_osgb36_matches_the_ordnance_survey_worked_example() -> None:
    # "A guide to coordinate systems in Great Britain", annex C: the inverse projection.
    lat, lon = grid_to_osgb36(651409.903, 313177.270)
    assert dms(lat) == (52, 39, 27.2531)
    assert dms(lon) == (1, 43, 4.5177)


def test_grid_to_wgs84_moves_the_point_by_ordnance_surveys_helmert_shift() -> None:
    # The same point in WGS84 is about 1.5" north and 6.7" west of its OSGB36 position.
    lat, lon = grid_to_wgs84(651409.903, 313177.270)
    assert dms(lat) == pytest.approx((52, 39, 28.7), abs=0.1)
    assert dms(lon) == pytest.approx((1, 42, 57.8), abs=0.1)


@pytest.mark.parametrize(
    ("easting", "northing", "lat", "lon"),
    [
        (530000, 180400, 51.5080, -0.1281),  # Trafalgar Square, TQ 300 804
    ],
)
def test_grid_to_wgs84_places_landmarks_within_a_hundred_metres(
    easting: float, northing: float, lat: float, lon: float
) -> None:
    got_lat, got_lon = grid_to_wgs84(easting, northing)
    assert got_lat == pytest.approx(lat, abs=0.001) and got_lon == pytest.approx(lon, abs=0.0015)


@pytest.mark.parametrize(("text", "value"), [("530268", 530268.0), ("530,268.5", 530268.5)])
def test_parse_grid_metres_reads_metres(text: str, value: float) -> None:
    assert parse_grid_metres(text, limit=MAX_EASTING) == value


@pytest.mark.parametrize("text", ["", "n/a", None])
def test_parse_grid_metres_blank_is_missing(text: str | None) -> None:
    assert parse_grid_metres(text, limit=MAX_EASTING) is None


@pytest.mark.parametrize("text", ["-2.59", "800000", "TQ 300 804"])
def test_parse_grid_metres_refuses_degrees_and_letters_saying_what_is_expected(text: str) -> None:
    with pytest.raises(BadValue) as caught:
        parse_grid_metres(text, limit=MAX_EASTING)
    assert "metres between 0 and 700,000" in caught.value.expected
