import pytest

from mutualscope.domain.missing import BadValue
from mutualscope.domain.sizes import EmployeeRange, parse_employees, parse_size_band, size_band


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("120", EmployeeRange(120, 120)),
        ("1,200", EmployeeRange(1200, 1200)),
        ("120.0", EmployeeRange(120, 120)),
        ("c. 300", EmployeeRange(300, 300)),
        ("<50", EmployeeRange(0, 49)),
        ("fewer than 50", EmployeeRange(0, 49)),
        ("up to 49", EmployeeRange(0, 49)),
        ("50-249", EmployeeRange(50, 249)),
        ("50 – 249 employees", EmployeeRange(50, 249)),
        ("250 to 999", EmployeeRange(250, 999)),
        ("1,000+", EmployeeRange(1000, None)),
        ("1000 or more", EmployeeRange(1000, None)),
        ("over 1000", EmployeeRange(1001, None)),
        (">1,000", EmployeeRange(1001, None)),
    ],
)
def test_parse_employees_reads_numbers_and_bands_as_ranges(
    text: str, expected: EmployeeRange
) -> None:
    assert parse_employees(text) == expected


@pytest.mark.parametrize("text", ["-5", "lots", "12.5", "300-200", "<0"])
def test_parse_employees_rejects_negative_or_non_numeric(text: str) -> None:
    with pytest.raises(BadValue) as caught:
        parse_employees(text)
    assert "1,000+" in caught.value.expected


def test_parse_employees_blank_is_missing() -> None:
    assert parse_employees("") is None
    assert parse_employees("not known") is None


@pytest.mark.parametrize(
    ("low", "high", "band"),
    [
        (12, 12, "under-50"),
        (0, 49, "under-50"),
        (49, 49, "under-50"),
        (50, 50, "50-249"),
        (50, 249, "50-249"),
        (999, 999, "250-999"),
        (1000, 1000, "1000-plus"),
        (1001, None, "1000-plus"),
        (1000, None, "1000-plus"),
    ],
)
def test_size_band_holds_the_whole_range(low: int, high: int | None, band: str) -> None:
    found = size_band(low, high)
    assert found is not None and found.key == band


@pytest.mark.parametrize(("low", "high"), [(40, 60), (500, None), (None, None)])
def test_size_band_is_unknown_when_range_straddles_bands(low: int | None, high: int | None) -> None:
    assert size_band(low, high) is None


def test_parse_size_band_accepts_keys_labels_and_written_bands() -> None:
    assert parse_size_band("fewer than 50").key == "under-50"
    assert parse_size_band("1,000+").key == "1000-plus"
    assert parse_size_band("250-999").key == "250-999"
    with pytest.raises(BadValue):
        parse_size_band("40-60")


@pytest.mark.parametrize(
    "text", ["10,000,001", "99999999999999999999", "9" * 5000, "between 5 and 2147483648"]
)
def test_parse_employees_refuses_counts_past_the_limit(text: str) -> None:
    # A count past a 32-bit column failed on PostgreSQL; 5,000 digits failed to convert.
    with pytest.raises(BadValue) as caught:
        parse_employees(text)
    assert caught.value.expected == "at most 10,000,000 employees"


def test_parse_employees_accepts_the_limit_itself() -> None:
    assert parse_employees("10,000,000") == EmployeeRange(10_000_000, 10_000_000)
    assert parse_employees("00000000000000000000000120") == EmployeeRange(120, 120)
