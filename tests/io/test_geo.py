import pytest

from mutualscope.domain.regions import REGIONS
from mutualscope.io.geo import ATTRIBUTION, load_region_boundaries, region_at


def test_load_region_boundaries_gives_the_nine_regions_in_code_order() -> None:
    regions = load_region_boundaries()
    assert [r.code for r in regions] == [r.code for r in REGIONS]
    assert [r.name for r in regions] == [r.name for r in REGIONS]
    assert all(r.polygons for r in regions)


@pytest.mark.parametrize(
    ("lon", "lat", "code"),
    [
        (-1.6178, 54.9783, "E12000001"),  # Newcastle upon Tyne
        (-2.2426, 53.4808, "E12000002"),  # Manchester
        (-1.5491, 53.8008, "E12000003"),  # Leeds
        (-1.1398, 52.6369, "E12000004"),  # Leicester
        (-1.8904, 52.4862, "E12000005"),  # Birmingham
        (0.1218, 52.2053, "E12000006"),  # Cambridge
        (-0.1276, 51.5072, "E12000007"),  # Westminster
        (-1.2577, 51.7520, "E12000008"),  # Oxford
        (-2.5879, 51.4545, "E12000009"),  # Bristol
    ],
)
def test_region_at_places_cities_in_their_regions(lon: float, lat: float, code: str) -> None:
    assert region_at(lon, lat) == code


@pytest.mark.parametrize(("lon", "lat"), [(-3.1791, 51.4816), (-3.1883, 55.9533), (2.35, 48.86)])
def test_region_at_outside_england_is_none(lon: float, lat: float) -> None:
    # Cardiff, Edinburgh, Paris
    assert region_at(lon, lat) is None


def test_attribution_names_ons_and_ogl() -> None:
    assert "Open Government Licence v3.0" in ATTRIBUTION and "Crown copyright" in ATTRIBUTION
