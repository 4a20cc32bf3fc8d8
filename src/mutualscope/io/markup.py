"""XML and HTML scanned as a stream, element by element, against the limits, before a
reader builds the whole tree in memory.

A scan holds one path of the tree at a time, so it needs little memory however large the
markup is, and it stops at the first element past a limit: too many elements, too deep
a nesting, too many of one kind (paragraphs, rows) or too many children of one element
(cells in a row). Each refusal names where it was and the limit it met.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

from lxml import etree

from mutualscope.domain import limits
from mutualscope.errors import InvalidInput


@dataclass
class ElementCounts:
    """What a scan found: elements, the deepest nesting, and how many of each counted tag."""

    elements: int = 0
    depth: int = 0
    counted: dict[str, int] = field(default_factory=dict)


def scan_markup(
    stream: IO[bytes],
    *,
    where: str,
    html: bool = False,
    encoding: str | None = None,
    counted: Mapping[str, tuple[int, str]] | None = None,
    children: Mapping[str, tuple[int, str]] | None = None,
    streamed: bool = False,
    counts: ElementCounts | None = None,
) -> ElementCounts:
    """Scan XML (or HTML, with ``html``) from ``stream`` and refuse it past a limit: its
    elements (:data:`~limits.XML_ELEMENTS` in all, unless the reader takes the markup
    as a stream, ``streamed``), its nesting
    (:data:`~limits.XML_DEPTH`), the elements of each tag in ``counted`` and the children
    of each element whose tag is in ``children`` (tag, in Clark notation ``{ns}p`` for
    XML -> (limit, what they are)). ``where`` begins each message; ``counts`` carries
    totals over from other parts. Raises lxml's XMLSyntaxError for markup that is not
    well-formed (HTML parsing recovers from nearly anything)."""
    events: Iterable[tuple[str, Any]] = etree.iterparse(
        stream,
        events=("start", "end"),
        html=html,
        encoding=encoding,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        recover=html,
    )
    elements = None if streamed else limits.XML_ELEMENTS
    try:
        return _count(events, where, counted or {}, children or {}, elements, counts)
    except etree.XMLSyntaxError as error:
        # libxml2 2.14 (lxml 6) stops at its own depth limit, the same 256, before the
        # scan sees the element past it: the same refusal, not "not well-formed".
        if "Excessive depth" in str(error):
            raise _over(where, f"elements nested more than {limits.XML_DEPTH} deep") from None
        raise


def _count(
    events: Iterable[tuple[str, Any]],
    where: str,
    counted: Mapping[str, tuple[int, str]],
    children: Mapping[str, tuple[int, str]],
    elements: int | None,
    counts: ElementCounts | None,
) -> ElementCounts:
    counts = counts if counts is not None else ElementCounts()
    for tag in counted:
        counts.counted.setdefault(tag, 0)
    # Per open element: its tag and how many children it has had so far.
    open_elements: list[list[Any]] = []
    for event, element in events:
        if event == "end":
            if open_elements:
                open_elements.pop()
            _forget(element)
            continue
        tag = element.tag
        if open_elements:
            parent = open_elements[-1]
            parent[1] += 1
            if parent[0] in children and parent[1] > children[parent[0]][0]:
                limit, what = children[parent[0]]
                raise _over(where, f"more than {limit:,} {what}")
        open_elements.append([tag, 0])
        counts.elements += 1
        counts.depth = max(counts.depth, len(open_elements))
        if len(open_elements) > limits.XML_DEPTH:
            raise _over(where, f"elements nested more than {limits.XML_DEPTH} deep")
        if elements is not None and counts.elements > elements:
            raise _over(where, f"more than {elements:,} elements")
        if tag in counted:
            counts.counted[tag] += 1
            limit, what = counted[tag]
            if counts.counted[tag] > limit:
                raise _over(where, f"more than {limit:,} {what}")
    return counts


def _forget(element: Any) -> None:
    """Drop a scanned element and the siblings before it, so that a scan holds one path
    of the tree at a time, never the whole tree."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _over(where: str, found: str) -> InvalidInput:
    return InvalidInput(f"{where} has {found}; that is the limit.")
