from __future__ import annotations

from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import pytest
from tests.io.refi.helpers import FIXTURES, guid, project_qde, write_zip

from mutualscope.io.refi import RefiProject, read_qdpx
from mutualscope.io.refi.limits import LIMITS

#: Read as a stream: even the smallest project.qde is larger than this.
STREAMED = replace(LIMITS, whole_bytes=0)


def _content(project: RefiProject) -> dict[str, Any]:
    """Everything read, but the schema deviations (listed in full only when whole)."""
    data = asdict(project)
    data["problems"] = [p for p in project.problems if "schema" not in p]
    return data


@pytest.mark.parametrize(
    "name", ["atlas_like.qdpx", "nvivo_like.qdpx", "dotnet_like.qdpx", "nvivo12_like.qdpx"]
)
def test_builder_reads_a_stream_as_it_reads_a_whole_file(name: str) -> None:
    whole = read_qdpx(FIXTURES / name)
    streamed = read_qdpx(FIXTURES / name, limits=STREAMED)
    assert _content(streamed) == _content(whole)
    assert sum(len(s.selections) for s in streamed.sources) > 0


def test_builder_streamed_reports_the_first_schema_deviation() -> None:
    streamed = read_qdpx(FIXTURES / "atlas_like.qdpx", limits=STREAMED)
    (deviation,) = [p for p in streamed.problems if "schema" in p]
    assert "checked only up to its first deviation" in deviation


def test_builder_keeps_what_stands_between_selections(tmp_path: Path) -> None:
    """Selections are dropped as they are read; the source's other children are not."""
    selection = (
        '<PlainTextSelection guid="{g}" name="" startPosition="0" endPosition="5">'
        '<Coding guid="{c}"><CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>'
    )
    body = (
        f'<CodeBook><Codes><Code guid="{guid(1)}" name="Voice" isCodable="true"/></Codes>'
        f'</CodeBook><Variables><Variable guid="{guid(2)}" name="Ward" '
        'typeOfVariable="Text"/></Variables>'
        f'<Sources><TextSource guid="{guid(100)}" name="Doc">'
        + selection.format(g=guid(200), c=guid(300), code=guid(1))
        + "<PlainTextContent>Hello there</PlainTextContent>"
        + f'<Coding guid="{guid(301)}"><CodeRef targetGUID="{guid(1)}"/></Coding>'
        + selection.format(g=guid(201), c=guid(302), code=guid(1))
        + "<Description>About the doc</Description>"
        + f'<VariableValue><VariableRef targetGUID="{guid(2)}"/>'
        "<TextValue>3</TextValue></VariableValue>"
        + f'<NoteRef targetGUID="{guid(700)}"/>'
        + "</TextSource></Sources>"
    )
    path = write_zip(tmp_path / "x.qdpx", {"project.qde": project_qde(body)})
    (source,) = read_qdpx(path, limits=STREAMED).sources
    assert source.text == "Hello there" and source.description == "About the doc"
    assert [s.guid for s in source.selections] == [guid(200), guid(201)]
    assert [c.guid for c in source.codings] == [guid(301)]
    assert [v.value for v in source.variable_values] == ["3"]
    assert source.note_refs == [guid(700)]
