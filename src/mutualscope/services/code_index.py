"""The codebook as a tree in memory: paths, lookups by path, sub-codes."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.domain.codepaths import join_code_path, name_key, parse_code_path
from mutualscope.errors import NotFound
from mutualscope.storage.codebook import Code


class CodeIndex:
    """Every code of the project, with paths and the tree, read in one query."""

    def __init__(self, codes: Iterable[Code]) -> None:
        self.by_id: dict[int, Code] = {code.id: code for code in codes}
        self.children: dict[int | None, list[Code]] = {}
        for code in self.by_id.values():
            self.children.setdefault(code.parent_id, []).append(code)
        for siblings in self.children.values():
            siblings.sort(key=lambda c: (c.position, name_key(c.name), c.id))
        self._paths: dict[int, tuple[str, ...]] = {}

    @classmethod
    def load(cls, session: Session) -> CodeIndex:
        """The codebook as the database holds it now: codes the session loaded before
        are refreshed (sessions keep objects across commits, and another session may
        have renamed or moved them since)."""
        return cls(session.scalars(select(Code).execution_options(populate_existing=True)))

    def parts(self, code_id: int) -> tuple[str, ...]:
        if code_id not in self._paths:
            code = self.by_id[code_id]
            parent = () if code.parent_id is None else self.parts(code.parent_id)
            self._paths[code_id] = (*parent, code.name)
        return self._paths[code_id]

    def path(self, code_id: int) -> str:
        return join_code_path(self.parts(code_id))

    def child(self, parent_id: int | None, name: str) -> Code | None:
        key = name_key(name)
        for code in self.children.get(parent_id, []):
            if name_key(code.name) == key:
                return code
        return None

    def find(self, parts: tuple[str, ...]) -> Code | None:
        parent: Code | None = None
        for part in parts:
            parent = self.child(parent.id if parent else None, part)
            if parent is None:
                return None
        return parent

    def resolve(self, path: str) -> Code:
        """The code at ``path``; NotFound names the closest existing paths."""
        code = self.find(parse_code_path(path))
        if code is None:
            known = [self.path(i) for i in self.by_id]
            close = difflib.get_close_matches(path, known, n=3, cutoff=0.5)
            hint = f" Did you mean: {', '.join(close)}?" if close else ""
            raise NotFound(f"No code {path!r} in the codebook.{hint}")
        return code

    def descendants(self, code_id: int) -> list[int]:
        """``code_id`` and every code below it, depth first."""
        found = [code_id]
        for child in self.children.get(code_id, []):
            found.extend(self.descendants(child.id))
        return found

    def walk(self, parent_id: int | None = None, depth: int = 0) -> list[tuple[Code, int]]:
        """Codes in tree order with their depth."""
        rows: list[tuple[Code, int]] = []
        for code in self.children.get(parent_id, []):
            rows.append((code, depth))
            rows.extend(self.walk(code.id, depth + 1))
        return rows
