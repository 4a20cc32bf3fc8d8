"""QualCoder projects (``name.qda/data.qda``) written with QualCoder's own schema, for
tests: the tables and columns of database v17 as QualCoder creates them (learnt from
its source, ``src/qualcoder/__main__.py``), and helpers that store codings the ways
QualCoder's code paths do (Python indices, or Qt editor positions with U+2029 in the
selected text)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

PROJECT_DATE = "2024-03-05 10:11:12"
_TABLES = {
    "project": "databaseversion text, date text, memo text, about text, bookmarkfile integer, "
    "bookmarkpos integer, codername text, recently_used_codes text, avbookmarkfile integer, "
    "avbookmarkmsec integer, avbookmarktextpos integer",
    "source": "id integer primary key, name text, fulltext text, mediapath text, memo text, "
    "owner text, date text, av_text_id integer, risid integer, unique(name)",
    "code_image": "imid integer primary key, id integer, x1 integer, y1 integer, width integer, "
    "height integer, cid integer, memo text, date text, owner text, important integer, "
    "pdf_page integer",
    "code_av": "avid integer primary key, id integer, pos0 integer, pos1 integer, cid integer, "
    "memo text, date text, owner text, important integer",
    "annotation": "anid integer primary key, fid integer, pos0 integer, pos1 integer, "
    "memo text, owner text, date text, unique(fid, pos0, pos1, owner)",
    "attribute_type": "name text primary key, date text, owner text, memo text, "
    "caseOrFile text, valuetype text",
    "attribute": "attrid integer primary key, name text, attr_type text, value text, "
    "id integer, date text, owner text, unique(name, attr_type, id)",
    "case_text": "id integer primary key, caseid integer, fid integer, pos0 integer, "
    "pos1 integer, owner text, date text, memo text",
    "cases": "caseid integer primary key, name text, memo text, owner text, date text, "
    "constraint ucm unique(name)",
    "code_cat": "catid integer primary key, name text, owner text, date text, memo text, "
    "supercatid integer, unique(name)",
    "code_text": "ctid integer primary key, cid integer, fid integer, seltext text, "
    "pos0 integer, pos1 integer, owner text, date text, memo text, avid integer, "
    "important integer, unique(cid, fid, pos0, pos1, owner)",
    "code_name": "cid integer primary key, name text, memo text, catid integer, owner text, "
    "date text, color text, supercid integer, unique(name)",
    "journal": "jid integer primary key, name text, jentry text, date text, owner text, "
    "unique(name)",
    "graph": "grid integer primary key, name text, description text, date text, "
    "scene_width integer, scene_height integer, unique(name)",
}
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def editor_position(text: str, index: int) -> int:
    """A Python index as QualCoder's Qt editor counts it: UTF-16 units, CR LF as one."""
    before = text[:index]
    return index + len(_ASTRAL.findall(before)) - before.count("\r\n")


class QualCoderBuilder:
    """A QualCoder project folder being written; :meth:`save` closes it."""

    def __init__(self, folder: Path, *, version: int = 17, date: str | None = PROJECT_DATE):
        self.folder = folder
        folder.mkdir(parents=True)
        for sub in ("images", "audio", "video", "documents"):
            (folder / sub).mkdir()
        self.path = folder / "data.qda"
        self.db = sqlite3.connect(self.path)
        for table, columns in _TABLES.items():
            if version < 16 and table == "code_name":
                columns = columns.replace(", supercid integer", "")
            self.db.execute(f"CREATE TABLE {table} ({columns})")
        self.db.execute(
            "INSERT INTO project (databaseversion, date, memo, about, codername) "
            "VALUES (?, ?, ?, ?, ?)",
            (f"v{version}", date, "", "3.6", "ana"),
        )
        self.texts: dict[int, str] = {}

    def _insert(self, table: str, **values: object) -> int:
        names = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cursor = self.db.execute(
            f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(values.values())
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def project_memo(self, memo: str) -> None:
        self.db.execute("UPDATE project SET memo = ?", (memo,))

    def category(self, name: str, parent: int | None = None, memo: str | None = "") -> int:
        return self._insert(
            "code_cat", name=name, supercatid=parent, memo=memo, owner="ana", date=PROJECT_DATE
        )

    def code(
        self,
        name: str,
        category: int | None = None,
        *,
        under: int | None = None,
        color: str = "#F781F3",
        memo: str | None = "",
    ) -> int:
        values: dict[str, object] = {
            "name": name,
            "catid": category,
            "color": color,
            "memo": memo,
            "owner": "ana",
            "date": PROJECT_DATE,
        }
        if under is not None:
            values["supercid"] = under
        return self._insert("code_name", **values)

    def source(
        self, name: str, text: str | None, *, mediapath: str | None = None, memo: str | None = ""
    ) -> int:
        fid = self._insert(
            "source",
            name=name,
            fulltext=text,
            mediapath=mediapath,
            memo=memo,
            owner="ana",
            date="2024-03-06 09:00:00",
        )
        if text is not None:
            self.texts[fid] = text
        return fid

    def raw_coding(
        self,
        fid: int,
        cid: int,
        pos0: int,
        pos1: int,
        seltext: str | None,
        *,
        owner: str | None = "ana",
        memo: str | None = "",
        important: int | None = None,
    ) -> int:
        return self._insert(
            "code_text",
            cid=cid,
            fid=fid,
            seltext=seltext,
            pos0=pos0,
            pos1=pos1,
            owner=owner,
            memo=memo,
            important=important,
            date="2024-03-07 14:15:16",
        )

    def coding(
        self,
        fid: int,
        cid: int,
        words: str,
        *,
        occurrence: int = 0,
        editor: bool = False,
        owner: str | None = "ana",
        memo: str | None = "",
        important: int | None = None,
    ) -> int:
        """Code ``words`` (their ``occurrence``-th appearance in the source) as QualCoder
        does: by Python indices (auto-coding), or with ``editor`` as its text editor
        does, positions in Qt's count and line ends in the selected text as U+2029."""
        text = self.texts[fid]
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(words, start + 1)
        end = start + len(words)
        seltext = words
        if editor:
            start, end = editor_position(text, start), editor_position(text, end)
            seltext = re.sub("\r\n|\n", "\u2029", words)
        return self.raw_coding(
            fid, cid, start, end, seltext, owner=owner, memo=memo, important=important
        )

    def case(self, name: str, memo: str | None = "") -> int:
        return self._insert("cases", name=name, memo=memo, owner="ana", date=PROJECT_DATE)

    def link(self, caseid: int, fid: int, pos0: int = 0, pos1: int | None = None) -> None:
        end = len(self.texts.get(fid, "")) if pos1 is None else pos1
        self._insert("case_text", caseid=caseid, fid=fid, pos0=pos0, pos1=end, owner="ana")

    def attribute_type(self, name: str, case_or_file: str, valuetype: str = "character") -> None:
        self._insert(
            "attribute_type",
            name=name,
            caseOrFile=case_or_file,
            valuetype=valuetype,
            memo="",
            owner="ana",
        )

    def attribute(self, name: str, attr_type: str, owner_id: int, value: str) -> None:
        self._insert("attribute", name=name, attr_type=attr_type, id=owner_id, value=value)

    def journal(self, name: str, entry: str, owner: str = "ana") -> None:
        self._insert("journal", name=name, jentry=entry, owner=owner, date=PROJECT_DATE)

    def annotation(self, fid: int, words: str, memo: str) -> None:
        start = self.texts[fid].index(words)
        self._insert(
            "annotation", fid=fid, pos0=start, pos1=start + len(words), memo=memo, owner="ben"
        )

    def image_coding(self, fid: int, cid: int) -> None:
        self._insert("code_image", id=fid, cid=cid, x1=1, y1=2, width=30, height=40, owner="ana")

    def save(self) -> Path:
        self.db.commit()
        self.db.close()
        return self.folder
