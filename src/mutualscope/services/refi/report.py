"""The import report: what was imported, mapped, dropped or doubtful, how each source's
offsets were counted, and the codings whose words are in doubt."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mutualscope.errors import InvalidInput

#: Items listed in full before the rest are counted (the memo stays readable).
MAX_ITEMS = 50
#: Longest quote shown in the text report (the JSON has them whole).
QUOTE_CHARS = 120


@dataclass
class ImportReport:
    file: str
    kind: str  # qdpx | qdc | qualcoder
    merge: bool = False
    dry_run: bool = False
    origin: str | None = None
    imported: dict[str, int] = field(default_factory=dict)
    matched: dict[str, int] = field(default_factory=dict)
    mapped: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    doubtful: list[str] = field(default_factory=list)
    memo_id: int | None = None
    #: Per source: ``document``, ``guid``, ``counting``, ``basis``, ``reason``,
    #: ``selections``, ``doubtful``.
    offsets: list[dict[str, Any]] = field(default_factory=list)
    #: Per coding whose words are in doubt: ``document``, ``document_guid``, ``code``,
    #: ``coding``, ``selection``, ``start``/``end`` (as in the file), ``stored_start``/
    #: ``stored_end``, ``words``, ``counting``, ``reason``, ``alternatives``.
    doubtful_codings: list[dict[str, Any]] = field(default_factory=list)
    #: Whether the doubtful codings were imported (marked by a memo each).
    accepted_doubtful: bool = False
    #: SHA-256 of the file.
    checksum: str | None = None
    #: The report memo of an earlier import of this very file, when there was one.
    earlier_import: int | None = None
    #: Refused (doubtful codings not accepted): nothing was saved.
    refused: bool = False

    @property
    def saved(self) -> bool:
        """Whether what the report counts was saved (not a dry run, not refused)."""
        return not (self.dry_run or self.refused)

    @property
    def title(self) -> str:
        """What the import is called in its report and the memo that keeps it."""
        return "QualCoder import" if self.kind == "qualcoder" else "REFI-QDA import"

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
        for source in self.offsets:
            rows.append(
                {
                    "section": "offsets",
                    "item": source["document"],
                    "count": source["selections"],
                    "detail": f"{source['counting']}: {source['reason']}",
                }
            )
        for item in self.doubtful_codings:
            rows.append(
                {"section": "doubtful coding", "item": item["coding"], "count": None,
                 "detail": describe_doubtful(item)}
            )  # fmt: skip
        return rows

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "kind": self.kind,
            "merge": self.merge,
            "dry_run": self.dry_run,
            "refused": self.refused,
            "origin": self.origin,
            "imported": self.imported,
            "matched": self.matched,
            "mapped": self.mapped,
            "dropped": self.dropped,
            "doubtful": self.doubtful,
            "memo_id": self.memo_id,
            "checksum": self.checksum,
            "earlier_import": self.earlier_import,
            "offsets": self.offsets,
            "doubtful_codings": self.doubtful_codings,
            "accepted_doubtful": self.accepted_doubtful,
        }

    def to_text(self) -> str:
        lines = [f"{self.title} of {self.file}" + (f" (from {self.origin})" if self.origin else "")]
        mode = "merged into the project" if self.merge else "into an empty project"
        why = "dry run" if self.dry_run else "refused" if self.refused else ""
        lines.append(f"Mode: {mode}{f' ({why}: nothing saved)' if why else ''}.")
        if self.earlier_import is not None:
            lines.append(f"This file was imported before (report memo {self.earlier_import}); " + (
                ("what the project lacked of it was added." if self.saved
                 else "what the project lacks of it would be added.") if self.imported
                else "the project already holds all of it, so nothing was changed." if self.merge
                else "nothing was imported again (with --merge, what the project lacks of it "
                "would be added)."
            ))  # fmt: skip
        if self.imported:
            lines.append(
                ("Imported: " if self.saved else "Would import: ")
                + ", ".join(f"{n} {w}" for w, n in self.imported.items())
                + "."
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
        if self.offsets:
            lines.append("Offsets (how each source's positions were counted):")
            lines.extend(
                f"- {s['document']!r}: {s['counting']}; {s['reason']}."
                + (f" {s['doubtful']} doubtful selection(s)." if s["doubtful"] else "")
                for s in self.offsets[:MAX_ITEMS]
            )
            if len(self.offsets) > MAX_ITEMS:
                lines.append(f"- ... and {len(self.offsets) - MAX_ITEMS} more sources")
        if self.doubtful_codings:
            state = "imported, each marked by a memo" if self.accepted_doubtful else "not imported"
            lines.append(f"Doubtful codings ({len(self.doubtful_codings)}, {state}):")
            lines.extend(f"- {describe_doubtful(item)}" for item in self.doubtful_codings)
        return "\n".join(lines)


def describe_doubtful(item: dict[str, Any]) -> str:
    """One line for a doubtful coding: where it is, its words, why, and the words the
    other countings give."""
    text = (
        f"{item['document']!r}, code {item['code']!r}, coding {item['coding']}: offsets "
        f"{item['start']}-{item['end']} as written, {item['stored_start']}-"
        f"{item['stored_end']} as stored, read as {item['counting']}: "
        f"{_quote(item['words'])} ({item['reason']})"
    )
    if item["alternatives"]:
        text += "; otherwise " + "; ".join(
            f"{a['counting']}: {_quote(a['words'])}" for a in item["alternatives"]
        )
    return text


def _quote(words: str) -> str:
    flat = " ".join(words.split())
    if len(flat) > QUOTE_CHARS:
        flat = flat[: QUOTE_CHARS - 1] + "…"
    return f"“{flat}”"


class DoubtfulImport(InvalidInput):
    """The file has codings whose words are in doubt and they were not accepted: nothing
    was saved. ``report`` lists them."""

    def __init__(self, message: str, report: ImportReport) -> None:
        super().__init__(message)
        report.refused = True
        self.report = report


def _capped(items: list[str]) -> list[str]:
    if len(items) <= MAX_ITEMS:
        return list(items)
    return [*items[:MAX_ITEMS], f"... and {len(items) - MAX_ITEMS} more"]
