"""The default code colours stay apart from each other, and dark text stays readable on
the tint a highlight shows."""

from __future__ import annotations

import itertools
import math

from mutualscope.web.pages.codecolours import PALETTE, colour_of

INK = "#1d2430"


def channels(colour: str) -> list[float]:
    return [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]


def linear(value: float) -> float:
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def lab(colour: str) -> tuple[float, float, float]:
    """CIELAB under D65 (sRGB's white), as in the CIE 15 formulae."""
    r, g, b = map(linear, channels(colour))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def difference(a: str, b: str) -> float:
    return math.dist(lab(a), lab(b))


def luminance(colour: str) -> float:
    r, g, b = map(linear, channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def tint(colour: str, share: float) -> str:
    """``color-mix(in srgb, colour share, white)``, as the stylesheet draws highlights."""
    mixed = [round((c * share + (1 - share)) * 255) for c in channels(colour)]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def test_codecolours_lab_matches_a_published_value() -> None:
    # sRGB red is L* 53.24, a* 80.09, b* 67.20 (Lindbloom's calculator, D65).
    assert [round(v, 1) for v in lab("#ff0000")] == [53.2, 80.1, 67.2]
    # The WCAG 2 contrast of #767676 on white is the well-known 4.54:1.
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54


def test_codecolours_palette_colours_stay_apart() -> None:
    closest = min(difference(a, b) for a, b in itertools.combinations(PALETTE, 2))
    assert closest > 25
    neighbours = min(difference(a, b) for a, b in itertools.pairwise(PALETTE))
    assert neighbours > 60


def test_codecolours_text_reads_on_every_highlight() -> None:
    for colour in PALETTE:
        assert contrast(tint(colour, 0.42), INK) > 8
        assert contrast(tint(colour, 0.62), INK) > 5.5


def test_codecolours_own_colour_or_palette() -> None:
    assert colour_of(3, "#123abc") == "#123abc"
    assert colour_of(3, "red; } body { display: none") == PALETTE[3]
    assert colour_of(len(PALETTE) + 1, None) == PALETTE[1]
