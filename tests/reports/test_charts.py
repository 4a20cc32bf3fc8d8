from pathlib import Path
from typing import Any

from mutualscope.reports.charts import chart_figure, chart_footnote, render_chart


def stats(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "where": ["sector=health-and-social-care"],
        "field": "size",
        "denominator": 52,
        "known": 50,
        "missing": 2,
        "multi_valued": False,
        "mentions": None,
        "values": [
            {"value": "under-50", "label": "fewer than 50", "count": 18, "percent": "36%"},
            {"value": "1000-plus", "label": "1,000 or more", "count": 10, "percent": "20%"},
        ],
    }
    return base | overrides


def test_bars_are_labelled_with_count_and_share_in_field_order() -> None:
    figure = chart_figure(stats())
    axes = figure.axes[0]
    top_down = sorted(axes.get_yticklabels(), key=lambda t: -t.get_position()[1])
    assert [t.get_text() for t in top_down] == ["fewer than 50", "1,000 or more"]
    notes = [t.get_text() for t in axes.texts]
    assert notes == ["18 (36%)", "10 (20%)"]
    assert [bar.get_width() for bar in axes.patches] == [18, 10]


def test_footnote_states_selection_missing_and_what_shares_are_of() -> None:
    assert chart_footnote(stats()) == (
        "Selection: sector=health-and-social-care. Not known: 2 of 52. "
        "Shares are of the 50 organisations with a known value."
    )
    multi = chart_footnote(stats(where=[], missing=0, multi_valued=True, mentions=61))
    assert "shares are of organisations, not of the 61 mentions" in multi


def test_years_are_drawn_as_columns(tmp_path: Path) -> None:
    years = stats(
        field="year",
        values=[
            {"value": str(y), "label": str(y), "count": c, "percent": "x"}
            for y, c in [(2010, 3), (2011, 41)]
        ],
    )
    figure = chart_figure(years)
    assert [bar.get_height() for bar in figure.axes[0].patches] == [3, 41]
    render_chart(years, tmp_path / "years.svg")
    assert "Organisations by year established" in (tmp_path / "years.svg").read_text("utf-8")
