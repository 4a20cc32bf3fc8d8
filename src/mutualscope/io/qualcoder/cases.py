"""QualCoder's cases (``cases``, ``case_text``) and attributes (``attribute_type``,
``attribute``) as REFI cases and variables.

A case's files become its sources; QualCoder can link a case to part of a file only,
which mutualscope (a document belongs to one case, whole) reports. Attributes of cases
and files become variables: ``numeric`` ones Float, the rest Text. QualCoder adds every
attribute to every case or file with an empty value; empty values are left out.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from mutualscope.io.qualcoder.model import derive_guid
from mutualscope.io.refi.model import RefiCase, RefiVariable, RefiVariableValue


@dataclass
class People:
    cases: list[RefiCase] = field(default_factory=list)
    variables: list[RefiVariable] = field(default_factory=list)
    #: QualCoder's file id -> its attribute values.
    file_values: dict[int, list[RefiVariableValue]] = field(default_factory=dict)
    mapped: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_cases(
    connection: sqlite3.Connection,
    project_key: str,
    sources: dict[int, tuple[str, str, int]],
) -> People:
    """Cases and attributes; ``sources`` gives each file's GUID, name and text length."""
    people = People()
    variables, kinds = _variables(connection, project_key, people)
    case_values: dict[int, list[RefiVariableValue]] = {}
    empty = 0
    for name, attr_type, value, owner_id in connection.execute(
        "SELECT name, attr_type, value, id FROM attribute ORDER BY attrid"
    ):
        if kinds.get(name) == "journal":
            continue
        variable = variables.get(name)
        if variable is None or owner_id is None:
            people.problems.append(f"attribute {name!r} has no attribute type; left out.")
            continue
        if value is None or str(value).strip() == "":
            empty += 1
            continue
        converted = _value(variable, value, people.problems)
        if attr_type == "case":
            case_values.setdefault(owner_id, []).append(converted)
        elif attr_type == "file":
            people.file_values.setdefault(owner_id, []).append(converted)
    journal = sum(1 for kind in kinds.values() if kind == "journal")
    if journal:
        people.problems.append(
            f"{journal} attribute(s) of journals left out (journals become project memos)."
        )
    if empty:
        people.mapped.append(f"{empty} empty attribute value(s) left out.")
    links: dict[int, list[str]] = {}
    for caseid, fid, pos0, pos1, case_name in connection.execute(
        "SELECT case_text.caseid, case_text.fid, case_text.pos0, case_text.pos1, cases.name "
        "FROM case_text JOIN cases ON cases.caseid = case_text.caseid ORDER BY case_text.id"
    ):
        source = sources.get(fid)
        if source is None:
            continue
        guid, source_name, length = source
        if guid not in links.setdefault(caseid, []):
            links[caseid].append(guid)
        if (pos0 or 0) > 0 or (pos1 or 0) not in (0, length):
            people.mapped.append(
                f"case {case_name!r} holds characters {pos0}-{pos1} of {source_name!r}; the "
                "whole document was put in the case."
            )
    for caseid, name, memo in connection.execute(
        "SELECT caseid, name, memo FROM cases ORDER BY lower(name), caseid"
    ):
        people.cases.append(
            RefiCase(
                guid=derive_guid(project_key, "case", caseid),
                name=name or f"Case {caseid}",
                description=memo.strip() if isinstance(memo, str) and memo.strip() else None,
                variable_values=case_values.get(caseid, []),
                source_refs=links.get(caseid, []),
            )
        )
    return people


def _variables(
    connection: sqlite3.Connection, project_key: str, people: People
) -> tuple[dict[str, RefiVariable], dict[str, str]]:
    variables: dict[str, RefiVariable] = {}
    kinds: dict[str, str] = {}
    for name, memo, case_or_file, value_type in connection.execute(
        "SELECT name, memo, caseOrFile, valuetype FROM attribute_type ORDER BY name"
    ):
        if name is None:
            continue
        kinds[name] = case_or_file or ""
        if case_or_file == "journal":
            continue
        variable = RefiVariable(
            guid=derive_guid(project_key, "variable", name),
            name=name,
            type="Float" if value_type == "numeric" else "Text",
            description=memo.strip() if isinstance(memo, str) and memo.strip() else None,
        )
        variables[name] = variable
        people.variables.append(variable)
    return variables, kinds


def _value(variable: RefiVariable, value: object, problems: list[str]) -> RefiVariableValue:
    text = str(value).strip()
    if variable.type == "Float":
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is not None and number.is_finite():
            return RefiVariableValue(variable.guid, "Float", number)
        problems.append(f"attribute {variable.name!r}: {text!r} is not a number; kept as text.")
    return RefiVariableValue(variable.guid, "Text", text)
