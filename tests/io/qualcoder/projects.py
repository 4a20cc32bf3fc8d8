"""A QualCoder project with the quirks real ones have, and what importing it must give."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tests.io.qualcoder.builder import PROJECT_DATE, QualCoderBuilder

from mutualscope.io.qualcoder.model import derive_guid

INTERVIEW_A = (
    "Interviewer: How did it start?\n"
    "CEO (case 1): We spun out in 2011 😀 under the Right to Request. 𝔘nder the radar, "
    "we innovated.\n"
    "Nurse: The staff 👩‍⚕️ voice matters; we own the place now.\n"
)
INTERVIEW_B = (
    "Interviewer: Where does the money come from?\r\n"
    "Finance director: Grants, then loans.\r\n"
    "Finance director: The council cut the budget twice.\r\n"
)
#: Edited in QualCoder after coding: "The board meets monthly." moved 7 characters on.
NOTES_C = "Notes after the visit. The board meets monthly. Funding is short-term."


@dataclass
class Quirks:
    folder: Path
    #: QualCoder coding id -> the words it must hold once imported (\n line ends).
    words: dict[int, str] = field(default_factory=dict)
    #: The coding that cannot be placed (imported, marked, only with --accept-doubtful).
    unplaceable: int = 0
    moved: int = 0
    codes: dict[str, int] = field(default_factory=dict)

    @property
    def data(self) -> Path:
        return self.folder / "data.qda"

    def coding_guid(self, ctid: int) -> str:
        return derive_guid(PROJECT_DATE, "coding", ctid)


def build_quirks(folder: Path) -> Quirks:
    qc = QualCoderBuilder(folder)
    quirks = Quirks(folder)
    qc.project_memo("Study of staff-owned spin-outs.")
    enablers = qc.category("Enablers", memo="What helps")
    funding = qc.category("Funding", enablers, memo=None)
    grants = qc.category("Grants", funding)
    barriers = qc.category("Barriers")
    codes = quirks.codes
    codes["Lottery grants"] = qc.code("Lottery grants", grants, color="#A9E2F3")
    codes["Staff voice"] = qc.code("Staff voice", enablers, memo="Staff say how things are run")
    codes["Trust"] = qc.code("Trust", enablers, memo=None)
    codes["trust"] = qc.code("trust", barriers, color="#FA58F4")
    codes["Funding"] = qc.code("Funding", barriers)
    codes["Austerity"] = qc.code("Austerity")
    codes["Cuts"] = qc.code("Cuts", under=codes["Austerity"])
    codes["Unused"] = qc.code("Unused", barriers)

    a = qc.source("Interview A", INTERVIEW_A, memo="Recorded at the depot.")
    b = qc.source("Interview B", INTERVIEW_B, memo="")
    c = qc.source("Notes C", NOTES_C, memo=None)
    photo = qc.source("photo.jpg", None, mediapath="/images/photo.jpg")
    qc.source("scan.pdf", "", mediapath="/docs/scan.pdf")
    qc.source("focus group.mp3", None, mediapath="/audio/focus group.mp3")
    qc.image_coding(photo, codes["Staff voice"])

    def code(fid: int, name: str, words: str, **options: object) -> int:
        ctid = qc.coding(fid, codes[name], words, **options)  # type: ignore[arg-type]
        quirks.words[ctid] = words.replace("\r\n", "\n")
        return ctid

    # In the editor, after an emoji and a mathematical letter: Qt's positions.
    code(a, "Lottery grants", "under the Right to Request", editor=True)
    code(a, "Staff voice", "we innovated", editor=True, owner="ben")
    code(a, "Trust", "we innovated.\nNurse: The staff", editor=True, memo="Spans two turns")
    # Auto-coded: Python indices, by nobody.
    code(a, "trust", "voice matters", owner=None, memo="")
    # CR LF: Qt counts each as one character.
    code(b, "Funding", "Grants, then loans", editor=True)
    code(b, "Cuts", "cut the budget", owner="ben", important=1)
    # Edited source: stale positions, the words 7 characters on.
    start = NOTES_C.index("The board meets monthly") - 7
    quirks.moved = qc.raw_coding(
        c, codes["Austerity"], start, start + 23, "The board meets monthly"
    )
    quirks.words[quirks.moved] = "The board meets monthly"
    quirks.unplaceable = qc.raw_coding(c, codes["Funding"], 48, 70, "a sentence deleted later")

    case1 = qc.case("Case 1", memo="A community health mutual")
    case2 = qc.case("Case 2", memo="")
    qc.link(case1, a)
    qc.link(case2, b, 10, 40)
    qc.attribute_type("Sector", "case")
    qc.attribute_type("Staff", "case", "numeric")
    qc.attribute_type("Interviewer", "file")
    qc.attribute("Sector", "case", case1, "Health")
    qc.attribute("Sector", "case", case2, "")
    qc.attribute("Staff", "case", case1, "120")
    qc.attribute("Staff", "case", case2, "85.5")
    qc.attribute("Interviewer", "file", a, "Dee")
    qc.journal("Reflections", "The CEO was candid.\nFollow up on grants.")
    qc.annotation(a, "Right to Request", "Check the year of the request.")
    qc.save()
    return quirks
