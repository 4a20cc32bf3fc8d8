"""Where every number and quote in a report comes from.

The report functions register each figure they hand to a template here, with the SQL
that counted it, and each quote with its document, offsets and coding. What the template
prints is a :class:`Sourced` value: in the Markdown it becomes a link to ``#src-ID``,
which the reader turns back into a :class:`SourceRef`; after numbering, the appendix
lists each source with the paragraphs that use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.elements import TextClause

from mutualscope.domain.wordtimes import clock
from mutualscope.reports.document import (
    Block,
    Code,
    Figure,
    Heading,
    Inline,
    Paragraph,
    Quote,
    ReportDocument,
    SourceEntry,
    SourceRef,
    Table,
    Text,
    plain_text,
    source_ids,
)
from mutualscope.reports.reader import SOURCE_PREFIX, escape_markdown


@dataclass(frozen=True)
class Source:
    """What one figure or quote is and how it was obtained."""

    id: str
    kind: str  # number | figures | quote | table | figure
    label: str
    value: str
    query: str | None = None
    document: str | None = None
    start: int | None = None
    end: int | None = None
    coding_id: int | None = None
    code: str | None = None
    recipe: str | None = None
    recording: str | None = None
    checksum: str | None = None
    time_start: float | None = None
    time_end: float | None = None

    def details(self) -> list[tuple[str, str]]:
        rows: list[tuple[str, str]] = []
        if self.document is not None:
            rows.append(("Document", self.document))
        if self.start is not None and self.end is not None:
            rows.append(("Characters", f"{self.start}-{self.end}"))
        if self.recording is not None:
            rows.append(("Recording", f"{self.recording} (SHA-256 {self.checksum})"))
        if self.time_start is not None and self.time_end is not None:
            rows.append(("Time", f"{clock(self.time_start)}-{clock(self.time_end)}"))
        if self.code is not None:
            rows.append(("Code", self.code))
        if self.coding_id is not None:
            rows.append(("Coding", f"#{self.coding_id}"))
        if self.recipe is not None:
            rows.append(("Computed", self.recipe))
        if self.query is not None:
            rows.append(("Query", self.query))
        return rows


@dataclass(frozen=True)
class Sourced:
    """A value as a template prints it: its text, linked to its provenance entry."""

    value: Any
    text: str
    source_id: str

    def __markdown__(self) -> str:
        return f"[{escape_markdown(self.text)}]({SOURCE_PREFIX}{self.source_id})"

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.value)

    def __int__(self) -> int:
        return int(self.value)

    def __float__(self) -> float:
        return float(self.value)

    def __eq__(self, other: object) -> bool:
        return bool(self.value == (other.value if isinstance(other, Sourced) else other))

    def __hash__(self) -> int:
        return hash(self.value)

    def __lt__(self, other: Any) -> bool:
        return bool(self.value < (other.value if isinstance(other, Sourced) else other))

    def __gt__(self, other: Any) -> bool:
        return bool(self.value > (other.value if isinstance(other, Sourced) else other))

    def __le__(self, other: Any) -> bool:
        return not self.__gt__(other)

    def __ge__(self, other: Any) -> bool:
        return not self.__lt__(other)


def sql_text(statement: ClauseElement | str, dialect: Any) -> str:
    """A statement as SQL with its parameters written in, as the appendix prints it."""
    if isinstance(statement, str):
        return statement
    if isinstance(statement, TextClause):
        return str(statement)
    compiled = statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True})
    return " ".join(str(compiled).split())


@dataclass
class Provenance:
    """The sources registered while a report is made; equal sources share one id."""

    dialect: Any = None
    sources: dict[str, Source] = field(default_factory=dict)
    _by_key: dict[tuple[Any, ...], str] = field(default_factory=dict)
    _counts: dict[str, int] = field(default_factory=dict)
    #: Coded passages consent kept out of the report, by reason (ids, never words).
    left_out: dict[str, set[int]] = field(default_factory=dict)
    #: Quotes of speakers whose consent to quoting is not recorded (source ids).
    unconsented: set[str] = field(default_factory=set)
    #: Which text the quotes were taken from, in a sentence (None: only the original).
    text_used: str | None = None

    def leave_out(self, coding_id: int, reason: str) -> None:
        """Note a passage consent keeps out of the report."""
        self.left_out.setdefault(reason, set()).add(coding_id)

    def quoted_without_consent(self, source_id: str) -> None:
        self.unconsented.add(source_id)

    def _register(self, kind: str, **fields: Any) -> Source:
        key = (kind, *sorted(fields.items()))
        if key in self._by_key:
            return self.sources[self._by_key[key]]
        prefix = {"number": "n", "quote": "q", "table": "t", "figure": "f", "figures": "s"}[kind]
        self._counts[prefix] = self._counts.get(prefix, 0) + 1
        source = Source(id=f"{prefix}{self._counts[prefix]}", kind=kind, **fields)
        self.sources[source.id] = source
        self._by_key[key] = source.id
        return source

    def number(
        self, value: Any, label: str, statement: ClauseElement | str, *, text: str | None = None
    ) -> Sourced:
        """A count or figure, with the statement that computed it."""
        shown = text if text is not None else format_number(value)
        source = self._register(
            "number", label=label, value=shown, query=sql_text(statement, self.dialect)
        )
        return Sourced(value=value, text=shown, source_id=source.id)

    def derived(self, value: Any, text: str, label: str, parts: list[Sourced]) -> Sourced:
        """A figure computed from others (a percentage of two counts)."""
        recipe = " + ".join(f"{p.text} {self.sources[p.source_id].label}" for p in parts)
        source = self._register("number", label=label, value=text, recipe=recipe)
        return Sourced(value=value, text=text, source_id=source.id)

    def figures(self, label: str, statement: ClauseElement | str) -> str:
        """Several figures of one passage of prose, all from the same queries."""
        return self._register(
            "figures", label=label, value="", query=sql_text(statement, self.dialect)
        ).id

    def table(self, label: str, statement: ClauseElement | str) -> str:
        return self._register(
            "table", label=label, value="", query=sql_text(statement, self.dialect)
        ).id

    def figure(self, label: str, statement: ClauseElement | str) -> str:
        return self._register(
            "figure", label=label, value="", query=sql_text(statement, self.dialect)
        ).id

    def quote(
        self,
        *,
        label: str,
        text: str,
        document: str,
        start: int,
        end: int,
        coding_id: int | None,
        code: str | None,
        recording: str | None = None,
        checksum: str | None = None,
        time_start: float | None = None,
        time_end: float | None = None,
    ) -> Source:
        """A quote, with its recording and time span when its transcript has times."""
        return self._register(
            "quote",
            label=label,
            value=text,
            document=document,
            start=start,
            end=end,
            coding_id=coding_id,
            code=code,
            recording=recording,
            checksum=checksum,
            time_start=time_start,
            time_end=time_end,
        )


def format_number(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}".rstrip("0").rstrip(".")
    return str(value)


def _place(block: Block, heading: str | None) -> str | None:
    if isinstance(block, Paragraph | Heading) and block.number:
        return block.number
    if isinstance(block, Table) and block.number:
        return f"Table {block.number}"
    if isinstance(block, Figure) and block.number:
        return f"Figure {block.number}"
    return heading


def _inlines_of(block: Block) -> list[Inline]:
    if isinstance(block, Heading | Paragraph | Quote):
        return list(block.content)
    if isinstance(block, Figure):
        return list(block.caption)
    if isinstance(block, Table):
        cells = [*block.header, *(cell for row in block.rows for cell in row), block.caption]
        return [item for cell in cells for item in cell]
    return []


def uses_of_sources(document: ReportDocument) -> dict[str, list[str]]:
    """For each source id, the numbered places (or section names) that use it, in order.

    A quote belongs to the paragraph before it, as in the seed.
    """
    uses: dict[str, list[str]] = {}
    heading: str | None = None
    last_paragraph: str | None = None
    for block in document.blocks:
        if isinstance(block, Heading):
            label = " ".join(plain_text(block.content).split())
            heading = block.number or label
            last_paragraph = heading
        place = _place(block, heading)
        if isinstance(block, Paragraph):
            last_paragraph = place
        if isinstance(block, Quote):
            place = last_paragraph
        for source_id in source_ids(_inlines_of(block)):
            places = uses.setdefault(source_id, [])
            if place is not None and place not in places:
                places.append(place)
    return uses


def _summary(source: Source) -> list[Inline]:
    if source.kind == "number":
        return [Text(f"{source.value}: {source.label}")]
    if source.kind == "quote":
        words = source.value if len(source.value) <= 90 else source.value[:87] + "..."
        return [Text(f"\u201c{words}\u201d {source.label}")]
    return [Text(source.label)]


def sources_appendix(document: ReportDocument, provenance: Provenance) -> list[Block]:
    """The appendix: one entry per source used, in order of first use, then each distinct
    query once (many figures share one), numbered Q1, Q2 ..."""
    uses = uses_of_sources(document)
    if not uses:
        return []
    used = [provenance.sources.get(source_id) for source_id in uses]
    recorded = any(source is not None and source.recording is not None for source in used)
    where = (
        "document and character offsets show where its words are (and, for a recorded "
        "interview, the recording and when they are said)"
        if recorded
        else "document and character offsets show where its words are"
    )
    blocks: list[Block] = [
        Heading(
            level=2,
            content=[Text("Sources of figures and quotes")],
            numbered=False,
            anchor="sources",
        ),
        Paragraph(
            content=[
                Text(
                    "Each figure and quote in this report was drawn from the project "
                    "database. After each source come the places that use it. A quote's "
                    f"{where}; a figure's query (listed at the end) shows how it was counted."
                )
            ],
            numbered=False,
        ),
    ]
    if provenance.text_used and any(
        source is not None and source.kind == "quote" for source in used
    ):
        blocks.append(Paragraph(content=[Text(provenance.text_used)], numbered=False))
    blocks.extend(consent_note(provenance, set(uses)))
    queries: dict[str, str] = {}
    for source_id, places in uses.items():
        source = provenance.sources.get(source_id)
        if source is None:
            continue
        details = []
        for term, value in source.details():
            if term == "Query":
                value = queries.setdefault(value, f"Q{len(queries) + 1}")
            details.append((term, value))
        blocks.append(
            SourceEntry(
                source_id=source_id, summary=_summary(source), details=details, used_in=places
            )
        )
    if queries:
        blocks.append(Heading(level=3, content=[Text("Queries")], numbered=False))
        for text, query_id in queries.items():
            blocks.append(
                SourceEntry(source_id=query_id, summary=[Code(text)], details=[], used_in=[])
            )
    return blocks


def consent_note(provenance: Provenance, used: set[str]) -> list[Block]:
    """A paragraph saying how many passages consent kept out, and why, and how many
    quotes are of people whose consent to quoting is not recorded (never the words)."""
    parts = []
    for reason, passages in sorted(provenance.left_out.items()):
        count = len(passages)
        parts.append(f"{count} coded passage{'s' if count != 1 else ''} because {reason}")
    sentences = []
    if parts:
        sentences.append("Left out for consent: " + "; ".join(parts) + ".")
    unknown = len(provenance.unconsented & used)
    if unknown:
        sentences.append(
            f"{unknown} quote{'s are' if unknown != 1 else ' is'} of people whose consent "
            "to quoting is not recorded."
        )
    if not sentences:
        return []
    return [Paragraph(content=[Text(" ".join(sentences))], numbered=False)]


def _renamed(items: list[Inline] | tuple[Inline, ...], names: dict[str, str]) -> list[Inline]:
    out: list[Inline] = []
    for item in items:
        if isinstance(item, SourceRef):
            out.append(SourceRef(tuple(_renamed(item.children, names)), names[item.source_id]))
        elif isinstance(item, Text | Code):
            out.append(item)
        else:
            out.append(replace(item, children=tuple(_renamed(item.children, names))))
    return out


def renumber_sources(document: ReportDocument, provenance: Provenance) -> None:
    """Give sources ids in reading order (n1, n2 ... as a reader meets them), in place.

    Ids are handed out as the template calls the report functions, which is not the
    order the figures appear in; the appendix reads better in the order of the text.
    """
    counts: dict[str, int] = {}
    names: dict[str, str] = {}
    for old in uses_of_sources(document):
        prefix = old.rstrip("0123456789")
        counts[prefix] = counts.get(prefix, 0) + 1
        names[old] = f"{prefix}{counts[prefix]}"
    for block in document.blocks:
        if isinstance(block, Heading | Paragraph | Quote):
            block.content = _renamed(block.content, names)
        elif isinstance(block, Figure):
            block.caption = _renamed(block.caption, names)
        elif isinstance(block, Table):
            block.header = [_renamed(c, names) for c in block.header]
            block.rows = [[_renamed(c, names) for c in row] for row in block.rows]
            block.caption = _renamed(block.caption, names)
    provenance.sources = {
        names[old]: replace(source, id=names[old])
        for old, source in provenance.sources.items()
        if old in names
    }
    provenance._by_key = {}
    provenance.unconsented = {names[old] for old in provenance.unconsented if old in names}
