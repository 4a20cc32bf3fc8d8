"""The landscape written as prose, in the manner of written evidence, from the numbers alone.

Every sentence is chosen by the figures: which year holds most organisations, whether
regions are evenly spread, which qualifier ("the vast majority", "many") a share earns,
and what is missing. Counts are written "N of M"; percentages are whole, rounded as
people round them; small standalone numbers are words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mutualscope.domain.landscape import Distribution, ValueCount, format_percent
from mutualscope.domain.money import describe_largest, describe_smallest

_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def number_word(count: int) -> str:
    """'one'...'nine' for small counts, digits from 10 (the usual house style)."""
    return _WORDS[count] if 0 <= count < len(_WORDS) else f"{count:,}"


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def join_words(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


_REGIONS_WITHOUT_ARTICLE = frozenset({"London", "Yorkshire and The Humber"})


def place(region: str) -> str:
    """'the East of England', 'London': region names as they sit in a sentence."""
    return region if region in _REGIONS_WITHOUT_ARTICLE else f"the {region}"


def majority_phrase(share: float) -> str:
    if share >= 0.75:
        return "the vast majority"
    if share > 0.5:
        return "most"
    return "the largest group"


def many_phrase(share: float) -> str:
    if share > 0.5:
        return "most"
    if share >= 0.3:
        return "many"
    if share >= 0.1:
        return "some"
    return "a few"


@dataclass(frozen=True)
class LandscapeFacts:
    """The figures a landscape summary is written from (gathered by the services)."""

    total: int
    sectors: Distribution
    focus: str | None  # label of the sector described in detail; None: the whole selection
    focus_size: int
    years: Distribution
    modal_year_routes: Distribution | None
    regions: Distribution
    sizes: Distribution
    turnover_known: int
    turnover_min: int | None
    turnover_max: int | None
    services: Distribution
    # (organisations in the largest size band providing the most common service, band size)
    top_service_in_largest: tuple[int, int] | None = None
    service_notes: dict[str, str] = field(default_factory=dict)


def compose_summary(facts: LandscapeFacts) -> list[str]:
    """Three paragraphs: scope and years; regions, size and turnover; services."""
    if facts.total == 0:
        return ["The registry holds no organisations matching this selection."]
    paragraphs = [
        " ".join(s for s in (_scope(facts), _years(facts)) if s),
        " ".join(s for s in (_regions(facts), _sizes(facts), _turnover(facts)) if s),
        _services(facts),
    ]
    return [p for p in paragraphs if p]


def _count_organisations(count: int) -> str:
    return f"{count:,} organisation{'s' if count != 1 else ''}"


def _scope(facts: LandscapeFacts) -> str:
    where = " in England" if facts.regions.known else ""
    if facts.focus is None:
        text = f"The registry holds {_count_organisations(facts.total)}{where}"
        sectors = list(facts.sectors.values)
        if len(sectors) > 1:
            parts = [f"{v.label} ({v.count})" for v in sectors]
            text += f", across {number_word(len(sectors))} sectors: {join_words(parts)}"
        return text + "."
    others = [v for v in facts.sectors.values if v.label != facts.focus]
    text = (
        f"The registry holds {_count_organisations(facts.focus_size)} providing "
        f"{facts.focus} services{where}"
    )
    rest = facts.total - facts.focus_size
    if rest:
        kinds = join_words([v.label for v in others])
        unknown = facts.sectors.missing
        text += (
            f" (a further {number_word(rest)} organisation{'s' if rest != 1 else ''} "
            f"provide{'s' if rest == 1 else ''} other types of services"
            + (f", including {kinds}" if kinds else "")
            + (f"; the sector of {number_word(unknown)} is not known" if unknown else "")
            + ")"
        )
    return text + "."


def _subject(facts: LandscapeFacts) -> str:
    return "these organisations" if facts.focus is None else "these mutuals"


def _years(facts: LandscapeFacts) -> str:
    years = facts.years
    if not years.known:
        return "The year of establishment is not known for any of them."
    modal = max(years.values, key=lambda v: (v.count, v.value))
    share = years.share(modal.count)
    text = (
        f"{capitalised(majority_phrase(share))} of {_subject(facts)} "
        f"({modal.count} of {years.known}) were established in {modal.label}"
    )
    routes = facts.modal_year_routes
    if routes is not None and routes.known:
        parts = [f"{v.label} ({v.count})" for v in routes.values]
        text += f", through {join_words(parts)}"
    text += "."
    earlier = [v for v in years.values if v.value < modal.value]
    later = [v for v in years.values if v.value > modal.value]
    if earlier:
        count = sum(v.count for v in earlier)
        verb = "was" if count == 1 else "were"
        text += f" {capitalised(number_word(count))} {verb} established earlier ({_span(earlier)})."
    if later:
        count = sum(v.count for v in later)
        verb = "has" if count == 1 else "have"
        text += (
            f" Since {modal.label}, {number_word(count)} more {verb} been established "
            f"({_span(later)})."
        )
    if years.missing:
        text += f" The year of establishment is not known for {number_word(years.missing)}."
    return text


def _span(values: list[ValueCount]) -> str:
    first, last = values[0].label, values[-1].label
    return first if first == last else f"{first}-{last}"


def _regions(facts: LandscapeFacts) -> str:
    regions = facts.regions
    if not regions.known:
        return "The region is not known for any of them."
    counts = list(regions.values)
    top = max(v.count for v in counts)
    tops = [v for v in counts if v.count == top]
    named = join_words([place(v.label) for v in tops])
    each = " each" if len(tops) > 1 else ""
    if regions.share(top) <= 0.25:
        text = (
            "There is a relatively even distribution across the regions of England, with a "
            f"slightly higher concentration in {named} ({top} of {regions.known}{each})"
        )
    else:
        text = f"The organisations are concentrated in {named} ({top} of {regions.known}{each})"
    absent = [place(v.label) for v in counts if v.count == 0]
    low = min((v.count for v in counts if v.count), default=0)
    lows = [place(v.label) for v in counts if v.count == low and v.count != top]
    if absent:
        text += f" and none in {join_words(absent)}"
    elif low == 1 and lows:
        text += (
            f" and only one organisation{' each' if len(lows) > 1 else ''} in {join_words(lows)}"
        )
    elif lows:
        text += f" and the fewest in {join_words(lows)} ({low} of {regions.known})"
    text += "."
    if regions.missing:
        text += f" The region is not known for {number_word(regions.missing)}."
    return text


def _sizes(facts: LandscapeFacts) -> str:
    sizes = facts.sizes
    if not sizes.known:
        return "The number of employees is not known for any of them."
    small, large = sizes.values[0], sizes.values[-1]
    parts = []
    if small.count:
        share = sizes.share(small.count)
        parts.append(
            f"{capitalised(many_phrase(share))} of the organisations ({format_percent(share)}) "
            f"are small, with {small.label} employees"
        )
    if large.count:
        share = sizes.share(large.count)
        parts.append(f"{format_percent(share)} of the organisations have {large.label} employees")
    text = ", although ".join(parts) + "." if parts else ""
    if sizes.missing:
        text += f" The number of employees is not known for {number_word(sizes.missing)}."
    return text.strip()


def _turnover(facts: LandscapeFacts) -> str:
    if not facts.turnover_known or facts.turnover_min is None or facts.turnover_max is None:
        return "Annual turnover information is not available."
    low, high = describe_smallest(facts.turnover_min), describe_largest(facts.turnover_max)
    if facts.turnover_known < facts.focus_size:
        return (
            "Annual turnover information is not readily available for all organisations "
            f"(it is known for {facts.turnover_known} of {facts.focus_size}), but ranges from "
            f"the smallest organisations with turnover of {low} to the largest at {high}."
        )
    return (
        f"Annual turnover ranges from {low} for the smallest organisations to {high} "
        "for the largest."
    )


def _service_phrase(label: str, note: str | None) -> str:
    phrase = label if label.endswith("s") else f"{label} services"
    return f"{phrase} ({note})" if note else phrase


def _services(facts: LandscapeFacts) -> str:
    services = facts.services
    if not services.known:
        return ""
    values = sorted(services.values, key=lambda v: (v.count, v.label))
    diverse = len(values) >= 4 and services.share(values[-1].count) < 0.5
    amongst = f"Amongst the {facts.focus} mutuals" if facts.focus else "Amongst these organisations"
    parts = [
        f"{format_percent(services.share(v.count))} providing "
        f"{_service_phrase(v.label, facts.service_notes.get(v.value))}"
        for v in values
    ]
    if diverse:
        text = (
            f"{amongst}, the types of services provided are highly diverse, with "
            f"{join_words(parts)}."
        )
    else:
        text = (
            f"{amongst}, {join_words([p.replace(' providing ', ' provide ', 1) for p in parts])}."
        )
    if services.mentions and services.mentions > services.known:
        text += (
            f" These shares are of the {services.known} organisations whose services are "
            "recorded; some provide more than one type."
        )
    if facts.top_service_in_largest:
        within, band = facts.top_service_in_largest
        top = values[-1]
        if band and within * 2 >= band:
            amount = f"all {band}" if within == band else f"{within} of the {band}"
            text += (
                f" The {top.count} providing {_service_phrase(top.label, None)} include "
                f"{amount} of the largest organisations ({facts.sizes.values[-1].label} "
                "employees)."
            )
    if services.missing:
        text += f" Services are not recorded for {number_word(services.missing)}."
    return text
