"""The report configuration (``report.yaml``): who submits, which inquiry questions the
report answers, the themes and the codes behind them, and the researchers' own words.

Text fields are Markdown written by the researchers and go into the report as written;
everything else is checked before any query runs, with the key path of each problem.

Example::

    title: Written evidence from the Centre for Mutuals Research
    submitter: Centre for Mutuals Research, Fictional University
    date: November 2026
    questions:
      - "Question 12: What progress has been made in setting up mutuals ...?"
    summary: [...]
    themes:
      - heading: Are mutual spin-outs more innovative than the public sector?
        code: Innovation
        text: ["The results show ..."]
        quotes: 3
        subthemes:
          - heading: Creating the space for innovation
            code: Enablers/Spaces for experimentation
            quotes: 2
    acknowledgements: This work is part of ...
    quote_times: true      # quotes from recordings give their time: (CEO of case 3, 12:41)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mutualscope.domain import limits
from mutualscope.errors import InvalidInput
from mutualscope.io.encodings import read_text
from mutualscope.io.yamlfiles import load_yaml
from mutualscope.reports.reader import MarkdownText


@dataclass(frozen=True)
class QuoteFilter:
    role: str | None = None
    case: str | None = None
    external: bool | None = None


@dataclass(frozen=True)
class Theme:
    heading: str
    code: str | None
    text: list[MarkdownText] = field(default_factory=list)
    quotes: int = 2
    filters: QuoteFilter = field(default_factory=QuoteFilter)
    subcodes: bool = True
    subthemes: list[Theme] = field(default_factory=list)


@dataclass(frozen=True)
class ReportConfig:
    title: str | None = None
    submitter: str | None = None
    date: str | None = None
    inquiry: str | None = None
    questions: list[MarkdownText] = field(default_factory=list)
    summary: list[MarkdownText] = field(default_factory=list)
    key_findings: list[MarkdownText] = field(default_factory=list)
    introduction: list[MarkdownText] = field(default_factory=list)
    period: str | None = None
    landscape_sector: str | None = None
    landscape_text: list[MarkdownText] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    acknowledgements: list[MarkdownText] = field(default_factory=list)
    #: Quotes from recorded interviews give their time: "(CEO of case 3, 12:41)".
    quote_times: bool = False

    def codes(self) -> list[tuple[str, str]]:
        """Every code the configuration names, with its key path for messages."""
        found: list[tuple[str, str]] = []

        def walk(themes: list[Theme], prefix: str) -> None:
            for n, theme in enumerate(themes):
                where = f"{prefix}[{n}]"
                if theme.code:
                    found.append((f"{where}.code", theme.code))
                walk(theme.subthemes, f"{where}.subthemes")

        walk(self.themes, "themes")
        return found


_TOP_KEYS = {
    "title", "submitter", "date", "inquiry", "questions", "summary", "key_findings",
    "introduction", "period", "landscape", "themes", "acknowledgements", "quote_times",
}  # fmt: skip
_THEME_KEYS = {"heading", "code", "text", "quotes", "filters", "subcodes", "subthemes"}
_FILTER_KEYS = {"role", "case", "external"}


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[str] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{self.source}: {where}: {message}")

    def string(self, data: dict[str, Any], key: str, where: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return str(value)
        self.problem(f"{where}{key}", f"expected text, got {type(value).__name__}")
        return None

    def texts(self, data: dict[str, Any], key: str, where: str) -> list[MarkdownText]:
        value = data.get(key)
        if value is None:
            return []
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            self.problem(f"{where}{key}", "expected text or a list of paragraphs")
            return []
        return [MarkdownText(i.strip()) for i in items if i.strip()]

    def unknown(self, data: dict[str, Any], allowed: set[str], where: str) -> None:
        for key in sorted(set(data) - allowed, key=str):
            self.problem(
                f"{where}{key}", f"unknown key; expected one of {', '.join(sorted(allowed))}"
            )

    def theme(self, data: Any, where: str) -> Theme | None:
        if not isinstance(data, dict):
            self.problem(where, "expected a mapping with heading, code, text, quotes")
            return None
        self.unknown(data, _THEME_KEYS, f"{where}.")
        heading = self.string(data, "heading", f"{where}.")
        if not heading:
            self.problem(f"{where}.heading", "every theme needs a heading")
        quotes = data.get("quotes", 2)
        if not isinstance(quotes, int) or isinstance(quotes, bool) or not 0 <= quotes <= 20:
            self.problem(f"{where}.quotes", "expected a whole number from 0 to 20")
            quotes = 2
        filters = data.get("filters") or {}
        if not isinstance(filters, dict):
            self.problem(f"{where}.filters", "expected a mapping of role, case, external")
            filters = {}
        self.unknown(filters, _FILTER_KEYS, f"{where}.filters.")
        external = filters.get("external")
        if external is not None and not isinstance(external, bool):
            self.problem(f"{where}.filters.external", "expected true or false")
            external = None
        subthemes_data = data.get("subthemes") or []
        if not isinstance(subthemes_data, list):
            self.problem(f"{where}.subthemes", "expected a list of themes")
            subthemes_data = []
        subthemes = [self.theme(s, f"{where}.subthemes[{n}]") for n, s in enumerate(subthemes_data)]
        return Theme(
            heading=heading or "",
            code=self.string(data, "code", f"{where}."),
            text=self.texts(data, "text", f"{where}."),
            quotes=quotes,
            filters=QuoteFilter(
                role=self.string(filters, "role", f"{where}.filters."),
                case=self.string(filters, "case", f"{where}.filters."),
                external=external,
            ),
            subcodes=bool(data.get("subcodes", True)),
            subthemes=[s for s in subthemes if s is not None],
        )


def parse_config(data: Any, source: str = "report configuration") -> ReportConfig:
    """A :class:`ReportConfig` from parsed YAML; InvalidInput lists every problem."""
    if data is None:
        return ReportConfig()
    reader = _Reader(source)
    if not isinstance(data, dict):
        raise InvalidInput(f"{source}: expected a mapping of settings at the top level.")
    reader.unknown(data, _TOP_KEYS, "")
    landscape = data.get("landscape") or {}
    if not isinstance(landscape, dict):
        reader.problem("landscape", "expected a mapping with sector and text")
        landscape = {}
    reader.unknown(landscape, {"sector", "text"}, "landscape.")
    themes_data = data.get("themes") or []
    if not isinstance(themes_data, list):
        reader.problem("themes", "expected a list of themes")
        themes_data = []
    themes = [reader.theme(t, f"themes[{n}]") for n, t in enumerate(themes_data)]
    quote_times = data.get("quote_times", False)
    if not isinstance(quote_times, bool):
        reader.problem("quote_times", "expected true or false")
        quote_times = False
    config = ReportConfig(
        title=reader.string(data, "title", ""),
        submitter=reader.string(data, "submitter", ""),
        date=reader.string(data, "date", ""),
        inquiry=reader.string(data, "inquiry", ""),
        questions=reader.texts(data, "questions", ""),
        summary=reader.texts(data, "summary", ""),
        key_findings=reader.texts(data, "key_findings", ""),
        introduction=reader.texts(data, "introduction", ""),
        period=reader.string(data, "period", ""),
        landscape_sector=reader.string(landscape, "sector", "landscape."),
        landscape_text=reader.texts(landscape, "text", "landscape."),
        themes=[t for t in themes if t is not None],
        acknowledgements=reader.texts(data, "acknowledgements", ""),
        quote_times=quote_times,
    )
    if reader.problems:
        raise InvalidInput(f"{source} has {len(reader.problems)} problem(s):", reader.problems)
    return config


def load_config(path: Path) -> ReportConfig:
    """Read ``report.yaml``; a YAML error names its line and column."""
    try:
        text = read_text(path, limit=limits.REPORT_CONFIG_BYTES, what="a report configuration")
    except OSError as error:
        raise InvalidInput(
            f"Cannot read the report configuration {path}: {error.strerror}."
        ) from error
    return parse_config(load_yaml(text, source=str(path)), str(path))
