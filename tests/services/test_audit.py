"""The audit trail: each of the main services records who changed what, when, and what
it replaced; events are append-only; the trail is listed with filters."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from mutualscope.errors import InvalidInput
from mutualscope.services import codebook, codebook_merge, codings, memos, users
from mutualscope.services.audit import USER_ENV, act_as, find_events, parse_since
from mutualscope.services.cases import add_case
from mutualscope.services.consent import set_consent, set_unknown_quoting_rule
from mutualscope.services.documents import assign_speaker, load_document
from mutualscope.services.imports import import_documents
from mutualscope.services.organisation_imports import import_organisations
from mutualscope.services.participants import add_participant, add_role
from mutualscope.services.settings import set_setting
from mutualscope.services.transcript_edits import correct_turn
from mutualscope.services.vocabularies import add_term
from mutualscope.services.withdrawal import withdraw_participant
from mutualscope.storage.users import AuditEvent

REGISTRY = "name,region,sector\nNorth Fictional Care CIC,North East,health and social care\n"
INTERVIEW = "Interviewer: How did it start?\nCEO: We did it under the radar, together.\n"


def _latest(session: Session) -> AuditEvent:
    session.expire_all()
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event is not None
    return event


def test_audit_every_main_service_records_its_change(session: Session, tmp_path: Path) -> None:
    (tmp_path / "registry.csv").write_text(REGISTRY, encoding="utf-8")
    (tmp_path / "case-1.txt").write_text(INTERVIEW, encoding="utf-8")
    ceo_turn: dict[str, int] = {}

    def turn_id() -> int:
        segments = load_document(session, "case-1.txt").segments
        ceo_turn["id"] = next(s.id for s in segments if s.speaker == "CEO")
        return ceo_turn["id"]

    steps: list[tuple[str, Callable[[], Any], str, str]] = [
        ("add user", lambda: users.add_user(session, name="ben", role="coder", password=None,
                                            actor="ana"), "add", "user"),
        ("set role", lambda: users.set_role(session, name="ben", role="viewer", actor="ana"),
         "set-role", "user"),
        ("import registry", lambda: import_organisations(
            session, path=tmp_path / "registry.csv", actor="ana"), "import", "organisation"),
        ("add term", lambda: add_term(session, vocabulary="service", label="Beekeeping",
                                      actor="ana"), "add", "vocabulary_term"),
        ("add case", lambda: add_case(session, label="Case 1", actor="ana"), "create", "case"),
        ("add role", lambda: add_role(session, key="pharmacist", group="staff"), "create",
         "role"),
        ("add participant", lambda: add_participant(session, label="Case 1 CEO", role="ceo",
                                                    case="Case 1", actor="ana"),
         "create", "participant"),
        ("set consent", lambda: set_consent(session, "Case 1 CEO", answers={"quoting": "yes"},
                                            actor="ana"), "set-consent", "participant"),
        ("consent rule", lambda: set_unknown_quoting_rule(session, "refuse", actor="ana"),
         "set", "setting"),
        ("setting", lambda: set_setting(session, "title", "Study", actor="ana"), "set",
         "setting"),
        ("import document", lambda: import_documents(session, [tmp_path / "case-1.txt"],
                                                     actor="ana"), "import", "document"),
        ("assign speaker", lambda: assign_speaker(session, document="case-1.txt", label="CEO",
                                                  participant="Case 1 CEO", actor="ana"),
         "assign-speaker", "document"),
        ("add code", lambda: codebook.add_code(session, "Growth", actor="ana"), "create", "code"),
        ("add code 2", lambda: codebook.add_code(session, "Spread", actor="ana"), "create",
         "code"),
        ("update code", lambda: codebook.update_code(session, "Growth", definition="Getting on",
                                                     actor="ana"), "update", "code"),
        ("rename code", lambda: codebook.rename_code(session, "Growth", "Expansion",
                                                     actor="ana"), "rename", "code"),
        ("move code", lambda: codebook.move_code(session, "Spread", "Expansion", actor="ana"),
         "move", "code"),
        ("add coding", lambda: codings.add_coding(session, "case-1.txt", "Expansion",
                                                  match="under the radar", actor="ana"),
         "create", "coding"),
        ("add memo", lambda: memos.add_memo(session, "A note.", document="case-1.txt",
                                            author="ana"), "create", "memo"),
        ("remove coding", lambda: codings.remove_coding(
            session, codings.list_codings(session)[0]["coding_id"], actor="ana"),
         "delete", "coding"),
        ("merge codes", lambda: codebook_merge.merge_codes(session, "Expansion/Spread",
                                                           "Expansion", actor="ana"),
         "merge", "code"),
        ("edit turn", lambda: correct_turn(session, document="case-1.txt", turn=turn_id(),
                                           text="We did it quietly, together.", actor="ana"),
         "correct-turn", "document"),
        ("delete code", lambda: codebook.delete_code(session, "Expansion", force=True,
                                                     actor="ana"), "delete", "code"),
        ("withdraw", lambda: withdraw_participant(session, "Case 1 CEO", actor="ana"),
         "withdraw", "participant"),
    ]  # fmt: skip
    missing = []
    for name, step, action, kind in steps:
        before = _latest(session).id if session.scalar(select(AuditEvent.id)) else 0
        step()
        event = _latest(session)
        if event.id <= before or (event.action, event.entity_type) != (action, kind):
            missing.append(f"{name}: last event {(event.action, event.entity_type)}")
            continue
        assert event.actor == ("ana" if name != "add role" else event.actor), name
    assert missing == [], missing
    # What an update replaced is kept.
    [renamed] = find_events(session, kind="code", action="rename")
    assert renamed.before == {"path": "Growth"} or "Growth" in str(renamed.before)
    [rule] = find_events(session, kind="setting", action="set", user="ANA", limit=1)
    assert rule.before == {"title": None} and rule.after == {"title": "Study"}


def test_audit_events_cannot_be_changed_or_deleted(session: Session) -> None:
    users.add_user(session, name="ben", role="coder", password=None, actor="ana")
    for statement in (
        update(AuditEvent).values(actor="someone else"),
        delete(AuditEvent),
    ):
        with pytest.raises(DBAPIError, match="append-only"):
            session.execute(statement)
            session.flush()
        session.rollback()
    assert [e.actor for e in find_events(session)] == ["ana"]


def test_audit_actor_is_the_session_user_else_the_command_line_user(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(USER_ENV, "carol")
    codebook.add_code(session, "Growth")
    act_as(session, "dana")
    codebook.add_code(session, "Spread")
    codebook.add_code(session, "Reach", actor="erin")
    assert [e.actor for e in find_events(session)] == ["erin", "dana", "carol"]
    assert [e.actor for e in find_events(session, user="Dana")] == ["dana"]


def test_audit_filters_by_time_and_kind(session: Session) -> None:
    codebook.add_code(session, "Growth", actor="ana")
    add_case(session, label="Case 1", actor="ana")
    assert [e.kind for e in find_events(session, kind="case")] == ["case"]
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    assert find_events(session, since=tomorrow) == []
    assert len(find_events(session, since=parse_since("2020-01-01"))) == 2
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        parse_since("last tuesday")


def test_audit_a_coder_named_for_the_first_time_is_recorded(session: Session) -> None:
    import_documents_text = "Interviewer: Why?\nCEO: Because we could.\n"
    from tests.factories import make_code, make_document

    make_document(session, text=import_documents_text, name="why.txt")
    make_code(session, "Reasons")
    codings.add_coding(session, "why.txt", "Reasons", match="Because we could", coder="fay")
    kinds = [(e.action, e.kind, e.after) for e in find_events(session)]
    assert kinds[1] == ("add", "user", {"name": "fay", "role": "coder", "can_sign_in": False})
    assert kinds[0][:2] == ("create", "coding")
