from __future__ import annotations

from datetime import date
from decimal import Decimal

from lxml import etree

from mutualscope.io.refi.elements import clean_guid, guid_key, parse_variable_values

G = "5215cc69-b628-4e02-afb9-9beeaee55808"


def test_elements_clean_guid_drops_braces_and_keeps_case() -> None:
    problems: list[str] = []
    assert clean_guid("{" + G.upper() + "}", "Code", problems) == G.upper()
    assert guid_key("{" + G.upper() + "}") == G
    assert problems == []


def test_elements_clean_guid_derives_a_stable_guid_for_other_identifiers() -> None:
    problems: list[str] = []
    first = clean_guid("code-17", "Code 'A'", problems)
    assert first is not None and first == clean_guid("code-17", "Code 'A'", [])
    assert len(first) == 36 and "not a GUID" in problems[0]
    assert clean_guid("  ", "Code 'B'", problems) is None


def test_elements_variable_values_are_typed_and_bad_ones_kept_as_text() -> None:
    def value(tag: str, text: str) -> str:
        return (
            f'<VariableValue><VariableRef targetGUID="{G}"/><{tag}>{text}</{tag}></VariableValue>'
        )

    xml = (
        '<Case xmlns="urn:QDA-XML:project:1.0">'
        + value("IntegerValue", "42")
        + value("FloatValue", "1.50")
        + value("DateValue", "2011-04-01")
        + value("BooleanValue", "true")
        + value("IntegerValue", "many")
        + "<VariableValue><IntegerValue>1</IntegerValue></VariableValue></Case>"
    )
    problems: list[str] = []
    values = parse_variable_values(etree.fromstring(xml.encode()), "Case 'A'", problems)
    assert [v.value for v in values] == [42, Decimal("1.50"), date(2011, 4, 1), True, "many"]
    assert any("'many' is not a valid Integer" in p for p in problems)
    assert any("without VariableRef" in p for p in problems)
