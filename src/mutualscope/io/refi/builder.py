"""Building a :class:`RefiProject` from the start and end events of ``project.qde``.

A large project is never held whole: each selection, source, case, note ... becomes
plain data as soon as its element ends, and the element is dropped, so the parsed XML
stays a few elements deep however long the file. Elements and selections are counted as
they come, and reading stops at the first bound met (:mod:`limits`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import Any

from mutualscope.errors import InvalidInput
from mutualscope.io.refi.elements import (
    note_from,
    parse_case,
    parse_codes,
    parse_datetime,
    parse_set,
    parse_user,
    parse_variable,
    ref_attr,
    ref_guid,
    shorten,
)
from mutualscope.io.refi.limits import SELECTION_BYTES, ReadLimits, describe_size
from mutualscope.io.refi.model import RefiNote, RefiProject, RefiSelection
from mutualscope.io.refi.sources import Loader, decode_text, parse_selection, parse_source
from mutualscope.io.refi.xml import (
    Element,
    child,
    child_text,
    children,
    local,
    parse_errors,
)

#: Where selections of a text source stand: in the source, or a PDF's Representation.
_TEXT_HOLDERS = frozenset({"TextSource", "Representation"})
#: Children of Project read item by item.
_CONTAINERS = frozenset(
    {"Users", "Variables", "Cases", "Sources", "Notes", "Sets", "Links", "Graphs"}
)


class ProjectBuilder:
    """Consumes the events of one ``project.qde`` (see :func:`xml.iterparse`)."""

    def __init__(self, where: str, load: Loader, limits: ReadLimits, problems: list[str]):
        self.where = where
        self.load = load
        self.limits = limits
        self.problems = problems
        self.project = RefiProject(problems=problems)
        self.elements = 0
        self.selections = 0
        #: What the selections and texts read so far take in memory (an estimate).
        self.held = 0
        #: Selections of the source being read, in the order they came.
        self._pending: list[RefiSelection] = []
        #: The element holding them (a TextSource or a Representation), and its name.
        self._holder: Element | None = None
        self._where = ""

    def build(
        self, events: Iterable[tuple[str, Element]], *, validating: bool = False
    ) -> RefiProject:
        """Read ``events`` (this loop runs a million times on a large project: it does
        as little as it can per event)."""
        depth = elements = 0
        most = self.limits.elements
        with parse_errors(self.where, validating=validating):
            for event, element in events:
                if event == "start":
                    depth += 1
                    elements += 1
                    if elements > most or depth == 1:
                        self._start(element, elements)
                elif depth > 5:
                    depth -= 1
                else:
                    depth -= 1
                    if depth == 2:
                        self._item(element)
                    elif depth >= 3:
                        if local(element.tag) == "PlainTextSelection":
                            self._selection(element)
                    elif depth == 1:
                        self._part(local(element.tag), element)
        self.elements = elements
        return self.project

    def _start(self, element: Element, elements: int) -> None:
        if elements > self.limits.elements:
            raise InvalidInput(
                f"{self.where}: refused at line {element.sourceline}: more than "
                f"{self.limits.elements:,} elements, the most an import reads from one file."
            )
        if local(element.tag) != "Project":
            raise InvalidInput(
                f"{self.where}: the root element is {local(element.tag)!r}; a project "
                "starts with Project."
            )
        self._start_project(element)

    def _start_project(self, root: Element) -> None:
        project = self.project
        project.name = root.get("name") or "Untitled project"
        project.origin = root.get("origin")
        project.creating_user = ref_attr(root, "creatingUserGUID")
        project.created_at = parse_datetime(root.get("creationDateTime"), "Project", self.problems)

    def _selection(self, element: Element) -> None:
        parent = element.getparent()
        if parent is None:
            return
        if parent is not self._holder:
            holder = local(parent.tag)
            if holder not in _TEXT_HOLDERS:
                return
            source = parent if holder == "TextSource" else parent.getparent()
            self._holder = parent
            self._where = f"Source {(source.get('name') or '').strip()!r}"
        self.selections += 1
        if self.selections > self.limits.selections:
            raise InvalidInput(
                f"{self.where}: refused at line {element.sourceline}: more than "
                f"{self.limits.selections:,} selections (PlainTextSelection), the most an "
                "import reads from one file. Export the project in parts."
            )
        self._hold(SELECTION_BYTES, element)
        selection = parse_selection(element, self._where, self.problems)
        if selection is not None:
            self._pending.append(selection)
        parent.remove(element)

    def _hold(self, size: int, element: Element) -> None:
        self.held += size
        if self.held > self.limits.held_bytes:
            raise InvalidInput(
                f"{self.where}: refused at line {element.sourceline}: the {self.selections:,} "
                f"selections and {len(self.project.sources):,} source texts read so far would "
                f"take more than {describe_size(self.limits.held_bytes)} of memory (about 2 KB "
                "a selection, each text as read), the most an import holds. Export the "
                "project in parts."
            )

    def _item(self, element: Element) -> None:
        """An element two levels down (a source, a case, a note ...) has ended. The
        parser may have read on past it, so only this element is looked at."""
        container = element.getparent()
        kind = local(container.tag)
        if kind not in _CONTAINERS:
            return  # inside the codebook or the project's description: read whole later
        project, problems, name = self.project, self.problems, local(element.tag)
        if kind == "Sources":
            text, others = parse_source(element, self.load, problems, self._pending)
            if text is not None:
                project.sources.append(text)
                self._hold(sys.getsizeof(text.text) + len(text.original or b""), element)
            project.other_sources += others
        elif kind == "Notes" and name == "Note":
            _append(project.notes, read_note(element, self.load, problems))
        elif (parse := _ITEMS.get((kind, name))) is not None:
            _append(getattr(project, kind.lower()), parse(element, problems))
        elif kind == "Links":
            project.links += name == "Link"
        elif kind == "Graphs":
            project.graphs += name == "Graph"
        self._pending = []
        _drop_before(element)
        element.clear()

    def _part(self, name: str, element: Element) -> None:
        """A child of Project has ended."""
        project = self.project
        if name == "CodeBook":
            codes = child(element, "Codes")
            project.codes += parse_codes(codes if codes is not None else element, self.problems)
        elif name == "Description":
            project.description = "".join(element.itertext())
        elif name == "NoteRef" and (target := ref_guid(element)) is not None:
            project.project_note_refs.append(target)
        self._pending = []
        _drop_before(element)
        element.clear()


def _drop_before(element: Element) -> None:
    """Free the elements before ``element`` (read already) in its parent."""
    parent = element.getparent()
    while element.getprevious() is not None:
        del parent[0]


def _append(items: list[Any], item: Any | None) -> None:
    if item is not None:
        items.append(item)


def read_note(item: Element, load: Loader, problems: list[str]) -> RefiNote | None:
    text = child_text(item, "PlainTextContent")
    path = item.get("plainTextPath")
    if text is None and path:
        loaded = load(path)
        if loaded is not None:
            text = decode_text(loaded[0]).text
        else:
            problems.append(f"Note {item.get('name')!r}: {shorten(path)} is not in the archive.")
    if text is None:
        text = child_text(item, "Description") or ""
    selections = len(children(item, "PlainTextSelection"))
    if selections:
        problems.append(
            f"Note {item.get('name')!r}: {selections} selection(s) inside the note "
            "are not kept (mutualscope does not code memos)."
        )
    return note_from(item, text, problems)


#: How one item of each list is read: (container, item) -> parser.
_ITEMS: dict[tuple[str, str], Callable[[Element, list[str]], Any]] = {
    ("Users", "User"): parse_user,
    ("Variables", "Variable"): parse_variable,
    ("Cases", "Case"): parse_case,
    ("Sets", "Set"): parse_set,
}
