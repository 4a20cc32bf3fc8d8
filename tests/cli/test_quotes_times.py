"""``quotes --times``: a quote from a recorded interview with its time in the recording."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from sqlalchemy.orm import Session
from tests.factories import make_case, make_participant
from tests.recorded_world import make_recorded_document

from mutualscope.services.documents import assign_speaker


def test_quotes_times_in_attribution_and_json(
    cli: Callable[..., Result], session: Session, tmp_path: Path
) -> None:
    case = make_case(session, "Case 3")
    made = make_recorded_document(session, tmp_path, case_id=case.id)
    make_participant(session, "Case 3 manager", role="manager", case_id=case.id)
    assign_speaker(
        session, document=made.document.id, label="Speaker 2", participant="Case 3 manager"
    )

    table = cli("quotes", "Freedom", "--style", "of", "--times")
    assert table.exit_code == 0, table.output
    assert "(Manager of case 3, 0:04)" in table.output

    plain = cli("quotes", "Freedom", "--format", "json")
    [quote] = json.loads(plain.output)
    assert quote["attribution"] == "(Manager, case 3)"
    assert quote["time_start"] == 4.1 and quote["time_end"] == 5.2
    assert quote["recording"] == "interview.wav"
