"""Small builders for REFI-QDA test inputs."""

from __future__ import annotations

import zipfile
from pathlib import Path

FIXTURES = Path(__file__).parents[2] / "fixtures" / "refi"
NS = 'xmlns="urn:QDA-XML:project:1.0"'
G = "11111111-2222-4333-8444-{:012d}"


def guid(n: int) -> str:
    return G.format(n)


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def project_qde(body: str, name: str = "Test") -> bytes:
    head = '<?xml version="1.0" encoding="UTF-8"?>'
    return f'{head}<Project {NS} name="{name}">{body}</Project>'.encode()


def one_source_project(
    text: str, start: int, end: int, *, code: int = 1, sel_name: str | None = None
) -> bytes:
    label = f' name="{sel_name}"' if sel_name is not None else ""
    return project_qde(
        f'<CodeBook><Codes><Code guid="{guid(code)}" name="Funding" isCodable="true"/></Codes>'
        f'</CodeBook><Sources><TextSource guid="{guid(100)}" name="Doc">'
        f"<PlainTextContent>{text}</PlainTextContent>"
        f'<PlainTextSelection guid="{guid(200)}"{label} startPosition="{start}" '
        f'endPosition="{end}"><Coding guid="{guid(300)}"><CodeRef targetGUID="{guid(1)}"/>'
        "</Coding></PlainTextSelection></TextSource></Sources>"
    )


#: A source with one selection that no counting settles: code points give "said: nurses"
#: (a NUL, which PostgreSQL cannot store, stands inside it in the file), UTF-16 code
#: units " said: nurse". NVivo-style: the name is empty and the text is in a file.
DOUBTFUL_TEXT = "Staff 🙂 said:\x00 nurses own the service.\r\n"
DOUBTFUL_QUOTE = "said:\x00 nurses"


def doubtful_project(path: Path) -> Path:
    start = DOUBTFUL_TEXT.index(DOUBTFUL_QUOTE)
    body = (
        f'<CodeBook><Codes><Code guid="{guid(1)}" name="Voice" isCodable="true"/></Codes>'
        f'</CodeBook><Sources><TextSource guid="{guid(100)}" name="Staff interview" '
        f'plainTextPath="internal://{guid(100)}.txt">'
        f'<PlainTextSelection guid="{guid(200)}" name="" startPosition="{start}" '
        f'endPosition="{start + len(DOUBTFUL_QUOTE)}"><Coding guid="{guid(300)}">'
        f'<CodeRef targetGUID="{guid(1)}"/></Coding></PlainTextSelection>'
        "</TextSource></Sources>"
    )
    return write_zip(
        path,
        {
            "project.qde": project_qde(body),
            f"sources/{guid(100)}.txt": DOUBTFUL_TEXT.encode("utf-8"),
        },
    )
