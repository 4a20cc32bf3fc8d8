"""Which column of a codebook spreadsheet holds what, from its header.

Codebooks arrive from mutualscope itself (``path, description, colour``), from Taguette
(``tag, description, number of highlights, number of documents``) and from people who
keep their codebook in a spreadsheet (``Code, Parent, Definition, Colour`` ...). Headers
are compared without regard to case, spaces, underscores or punctuation, so
``Code_Name``, ``CodeName`` and ``code name`` are one header.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mutualscope.errors import InvalidInput

#: What each role's column may be called (as :func:`header_key` gives it), best first.
ROLE_HEADERS: dict[str, tuple[str, ...]] = {
    "path": ("path", "tag", "codepath", "fullpath", "tagpath", "hierarchy", "codehierarchy"),
    "name": ("name", "code", "codename", "tagname", "node", "nodename", "theme", "label"),
    "parent": (
        "parent",
        "parentcode",
        "parentpath",
        "parentname",
        "parenttag",
        "parentnode",
        "parenttheme",
    ),
    "definition": (
        "definition",
        "description",
        "memo",
        "codememo",
        "codedefinition",
        "codedescription",
        "comment",
        "comments",
        "note",
        "notes",
    ),
    "colour": ("colour", "color", "codecolour", "codecolor", "hexcolour", "hexcolor", "hex"),
}
ROLE_WORDS = {
    "path": "the code paths",
    "name": "the code names",
    "parent": "the parent codes",
    "definition": "the definitions",
    "colour": "the colours",
}


def header_key(header: str) -> str:
    """``'Code_Name'``, ``'CodeName'`` and ``' code name '`` all give ``'codename'``."""
    return "".join(char for char in header.casefold() if char.isalnum())


@dataclass
class CodebookColumns:
    """The index of the column for each role (None when the file has none)."""

    headers: list[str]
    roles: dict[str, int] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)

    def get(self, role: str) -> int | None:
        return self.roles.get(role)

    @property
    def uses_parent(self) -> bool:
        """Names with a parent column, rather than whole paths."""
        return "path" not in self.roles and "parent" in self.roles

    @property
    def code_column(self) -> int:
        return self.roles["path"] if "path" in self.roles else self.roles["name"]

    def described(self) -> list[str]:
        """``["tag (code paths)", "description (definitions)"]``, in the file's order."""
        return [
            f"{self.headers[index]} ({ROLE_WORDS[role].removeprefix('the ')})"
            for role, index in sorted(self.roles.items(), key=lambda item: item[1])
        ]


def _quoted(headers: list[str]) -> str:
    return " and ".join(f"'{header}'" for header in headers)


def recognise_columns(headers: list[str], *, source: str) -> CodebookColumns:
    """The role of each column. Refuses a header with no column naming the codes, and
    one with two columns for the same thing, saying how to mend it."""
    found: dict[str, list[int]] = {}
    ignored: list[str] = []
    for index, header in enumerate(headers):
        key = header_key(header)
        role = next((r for r, names in ROLE_HEADERS.items() if key in names), None)
        if role is None:
            ignored.append(header)
        else:
            found.setdefault(role, []).append(index)
    for role, indexes in found.items():
        if len(indexes) > 1:
            names = [headers[i] for i in indexes]
            raise InvalidInput(
                f"{source}: row 1: the columns {_quoted(names)} could each hold "
                f"{ROLE_WORDS[role]}; keep one of them, or rename the others so that their "
                "headers say what else they hold."
            )
    if "path" not in found and "name" not in found:
        shown = ", ".join(f"'{header}'" for header in headers) or "nothing"
        raise InvalidInput(
            f"{source}: row 1: no column names the codes (the header row has {shown}). "
            "Call the column of code paths 'path' (a code under another written "
            "'Parent/Child', as Taguette's 'tag' column is read), or give a 'name' column "
            "and a 'parent' column."
        )
    columns = CodebookColumns(headers, {role: indexes[0] for role, indexes in found.items()})
    if "path" in found:
        # A whole path says everything a name and a parent would.
        for role in ("name", "parent"):
            if role in columns.roles:
                ignored.append(headers[columns.roles.pop(role)])
    columns.ignored = [header for header in headers if header in ignored]
    return columns
