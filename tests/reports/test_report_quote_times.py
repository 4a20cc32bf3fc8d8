"""A report quoting a recorded interview: the time in the attribution when the
configuration asks for it, and the recording and time span in the sources appendix."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from tests.factories import make_case, make_participant
from tests.recorded_world import Recorded, make_recorded_document

from mutualscope.errors import InvalidInput
from mutualscope.reports.build import build_report
from mutualscope.reports.config import parse_config
from mutualscope.reports.document import Quote, SourceEntry, plain_text
from mutualscope.services.documents import assign_speaker
from mutualscope.services.recordings import file_checksum

THEMES = [{"heading": "Freedom to innovate", "code": "Freedom", "quotes": 1}]


@pytest.fixture
def recorded(session: Session, tmp_path: Path) -> Recorded:
    case = make_case(session, "Case 3")
    made = make_recorded_document(session, tmp_path, case_id=case.id)
    make_participant(session, "Case 3 manager", role="manager", case_id=case.id)
    assign_speaker(
        session, document=made.document.id, label="Speaker 2", participant="Case 3 manager"
    )
    return made


def _quote_and_source(session: Session, config: dict[str, object]) -> tuple[str, SourceEntry]:
    document = build_report(session, config=parse_config(config))
    [quote] = [plain_text(b.content) for b in document.blocks if isinstance(b, Quote)]
    [entry] = [b for b in document.blocks if isinstance(b, SourceEntry) and b.source_id == "q1"]
    return quote, entry


def test_report_quote_times_in_attribution_and_appendix(
    session: Session, recorded: Recorded
) -> None:
    quote, entry = _quote_and_source(session, {"themes": THEMES, "quote_times": True})
    assert quote == "\u201cunder the radar\u201d (Manager of case 3, 0:04)"
    details = dict(entry.details)
    checksum = file_checksum(recorded.recording)
    assert details["Recording"] == f"interview.wav (SHA-256 {checksum})"
    assert details["Time"] == "0:04-0:05"
    assert details["Document"] == "case-3-manager.m4a"


def test_report_quote_times_off_keeps_the_attribution_but_the_appendix_has_the_time(
    session: Session, recorded: Recorded
) -> None:
    quote, entry = _quote_and_source(session, {"themes": THEMES})
    assert quote == "\u201cunder the radar\u201d (Manager of case 3)"
    assert dict(entry.details)["Time"] == "0:04-0:05"


def test_report_quote_times_must_be_true_or_false() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_config({"quote_times": "yes"}, "report.yaml")
    assert refused.value.problems == ["report.yaml: quote_times: expected true or false"]
