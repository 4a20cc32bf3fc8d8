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
