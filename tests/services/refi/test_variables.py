from __future__ import annotations

from datetime import date
from decimal import Decimal

from mutualscope.services.refi.variables import VariableRegistry

STORED = [{"guid": "A1000000-0000-4000-8000-000000000002", "name": "Score", "type": "Float"}]


def test_variables_reuse_stored_guids_and_types() -> None:
    registry = VariableRegistry(STORED)
    value = registry.value("score", "7.50")
    assert (value.type, value.value) == ("Float", Decimal("7.50"))
    assert value.variable_guid == STORED[0]["guid"]
    assert registry.variables[0].name == "score"


def test_variables_new_names_get_stable_guids_and_inferred_types() -> None:
    first, second = VariableRegistry([]), VariableRegistry([])
    assert first.value("Staff", 310).variable_guid == second.value("staff", 1).variable_guid
    values = first.values({"cic": True, "founded": date(2011, 4, 1), "notes": {"a": 1}})
    assert [(v.type, v.value) for v in values] == [
        ("Boolean", True),
        ("Date", date(2011, 4, 1)),
        ("Text", '{"a": 1}'),
    ]
