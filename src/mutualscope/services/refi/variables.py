"""Values of mutualscope attributes written as REFI-QDA variables, with stable GUIDs."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from mutualscope.io.refi.model import RefiVariable, RefiVariableValue, VariableValue

#: Namespace for the GUIDs of variables mutualscope names itself (same on every export).
VARIABLE_GUIDS = uuid.UUID("3c9a4f0e-2b7d-4e61-8a15-7f0c2d9e6b43")


class VariableRegistry:
    """Declares each variable once, reusing the GUID and type an import stored."""

    def __init__(self, stored: list[dict[str, Any]]) -> None:
        self._stored = {str(v.get("name", "")).casefold(): v for v in stored}
        self._declared: dict[str, RefiVariable] = {}

    @property
    def variables(self) -> list[RefiVariable]:
        return list(self._declared.values())

    def value(self, name: str, raw: Any) -> RefiVariableValue:
        key = name.casefold()
        declared = self._declared.get(key)
        if declared is None:
            stored = self._stored.get(key, {})
            declared = RefiVariable(
                guid=str(stored.get("guid") or uuid.uuid5(VARIABLE_GUIDS, key)),
                name=name,
                type=str(stored.get("type") or _infer(raw)),
                description=stored.get("description"),
            )
            self._declared[key] = declared
        kind, value = _typed(declared.type, raw)
        return RefiVariableValue(variable_guid=declared.guid, type=kind, value=value)

    def values(self, attributes: dict[str, Any]) -> list[RefiVariableValue]:
        return [self.value(str(k), v) for k, v in attributes.items()]


def _infer(raw: Any) -> str:
    if isinstance(raw, bool):
        return "Boolean"
    if isinstance(raw, int):
        return "Integer"
    if isinstance(raw, float):
        return "Float"
    if isinstance(raw, datetime):
        return "DateTime"
    if isinstance(raw, date):
        return "Date"
    return "Text"


def _typed(declared: str, raw: Any) -> tuple[str, VariableValue | None]:
    """The value element to write: the value's own type, or the declared type when a
    stored string holds one (exact decimals and dates are kept as text in attributes)."""
    if raw is None:
        return declared, None
    if isinstance(raw, bool | int | datetime | date):
        return _infer(raw), raw
    if isinstance(raw, float):
        return "Float", Decimal(repr(raw))
    if not isinstance(raw, str):
        return "Text", json.dumps(raw, ensure_ascii=False)
    try:
        if declared == "Integer":
            return declared, int(raw)
        if declared == "Float":
            return declared, Decimal(raw)
        if declared == "Date":
            return declared, date.fromisoformat(raw)
        if declared == "DateTime":
            return declared, datetime.fromisoformat(raw)
        if declared == "Boolean" and raw.lower() in ("true", "false"):
            return declared, raw.lower() == "true"
    except (ValueError, InvalidOperation):
        pass
    return "Text", raw
