"""The import report: what was imported, mapped, dropped or doubtful."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Items listed in full before the rest are counted (the memo stays readable).
MAX_ITEMS = 50


@dataclass
class ImportReport:
    file: str
    kind: str  # qdpx | qdc
    merge: bool = False
    dry_run: bool = False
    origin: str | None = None
    imported: dict[str, int] = field(default_factory=dict)
    matched: dict[str, int] = field(default_factory=dict)
    mapped: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    doubtful: list[str] = field(default_factory=list)
    memo_id: int | None = None

    def count(self, what: str, n: int = 1) -> None:
        if n:
            self.imported[what] = self.imported.get(what, 0) + n

    def match(self, what: str, n: int = 1) -> None:
        self.matched[what] = self.matched.get(what, 0) + n

    @property
    def anything_imported(self) -> bool:
        return any(self.imported.values()) or any(self.matched.values())

    def rows(self) -> list[dict[str, Any]]:
        """One row per line of the report, for tables and JSON."""
        rows: list[dict[str, Any]] = []
        for what, n in self.imported.items():
            rows.append({"section": "imported", "item": what, "count": n, "detail": None})
        for what, n in self.matched.items():
            rows.append({"section": "matched", "item": what, "count": n, "detail": None})
        for section in ("mapped", "dropped", "doubtful"):
            for line in _capped(getattr(self, section)):
                rows.append({"section": section, "item": None, "count": None, "detail": line})
        return rows

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "kind": self.kind,
            "merge": self.merge,
            "dry_run": self.dry_run,
            "origin": self.origin,
            "imported": self.imported,
            "matched": self.matched,
            "mapped": self.mapped,
            "dropped": self.dropped,
            "doubtful": self.doubtful,
            "memo_id": self.memo_id,
        }

    def to_text(self) -> str:
        lines = [
            f"REFI-QDA import of {self.file}" + (f" (from {self.origin})" if self.origin else "")
        ]
        mode = "merged into the project" if self.merge else "into an empty project"
        lines.append(f"Mode: {mode}{' (dry run: nothing saved)' if self.dry_run else ''}.")
        if self.imported:
            lines.append(
                "Imported: " + ", ".join(f"{n} {w}" for w, n in self.imported.items()) + "."
            )
        if self.matched:
            lines.append(
                "Matched existing: " + ", ".join(f"{n} {w}" for w, n in self.matched.items()) + "."
            )
        for title, items in (
            ("Mapped", self.mapped),
            ("Not imported", self.dropped),
            ("Doubtful", self.doubtful),
        ):
            if items:
                lines.append(f"{title}:")
                lines.extend(f"- {line}" for line in _capped(items))
        return "\n".join(lines)


def _capped(items: list[str]) -> list[str]:
    if len(items) <= MAX_ITEMS:
        return list(items)
    return [*items[:MAX_ITEMS], f"... and {len(items) - MAX_ITEMS} more"]
