"""Checks of a rule file beyond its shape: values typed by the fact they serve, strict booleans,
at least one route, and condition texts with only the documented placeholders.

``type_rule_values`` reads the numbers and dates a person typed as text in a rule file
(``value: "30 000"``) with the same readers the forms use, by the fact each value serves: a
parameter's values by the facts of the conditions that use it, a condition's value by its fact.
``check_rule_file`` returns the problems ``validate_ruleset_dict`` adds to its own.
"""

from __future__ import annotations

import copy
from typing import Any

from .conditions import MSG_EXPECTS_TEXT, condition_problem, show
from .facts import FACTS_BY_CODE
from .i18n import gettext_noop
from .numbers import read_number
from .text import CONDITION_PLACEHOLDERS, check_placeholders
from .types import FactType
from .validate import read_date

CONDITION_TEXTS = ("text_met", "text_not_met", "text_unknown", "gap_hint")

MSG_NO_ROUTES = gettext_noop(
    "de regelset heeft geen trajecten; een regelset zonder trajecten geeft elke school een leeg "
    "advies"
)
MSG_BOOLEAN = gettext_noop("verwacht true of false, niet {value}")
MSG_USED_BY = gettext_noop("{problem} (gebruikt in {where})")


def _children(data: dict, key: str, child_key: str) -> list[tuple[str, dict, dict]]:
    """Return ``(where, parent, child)`` for every mapping in ``data[key][i][child_key]``.

    What is not a mapping is passed over: the loader reports it.
    """
    found = []
    for i, parent in enumerate(data.get(key) or []):
        if not isinstance(parent, dict):
            continue
        for j, child in enumerate(parent.get(child_key) or []):
            if isinstance(child, dict):
                found.append((f"{key}[{i}].{child_key}[{j}]", parent, child))
    return found


def _conditions(data: dict) -> list[tuple[str, dict]]:
    """Return ``(where, condition)`` for every condition of every route."""
    return [(where, cond) for where, _route, cond in _children(data, "routes", "conditions")]


def _parameter_values(data: dict) -> list[tuple[str, str, dict]]:
    """Return ``(where, parameter code, value record)`` for every dated parameter value."""
    values = _children(data, "parameters", "values")
    return [(where, param.get("code"), value) for where, param, value in values]


def _read_typed(fact_type: FactType, value: Any) -> tuple[Any, str | None]:
    """Read a text value as the fact type needs it; other values pass unchanged."""
    if not isinstance(value, str):
        return value, None
    if fact_type is FactType.NUMBER:
        return read_number(value)
    if fact_type is FactType.DATE:
        day, problem = read_date(value)
        return (day.isoformat() if day else None), problem
    return value, None


def type_rule_values(data: Any) -> tuple[Any, list[str]]:
    """Return a copy of ``data`` with numbers and dates typed as text read; list the unreadable.

    A parameter serves the facts of the conditions that name it; its text values are read for the
    first such fact's type (the validation then checks every value against every use); the
    values of a parameter no condition uses are read as numbers.
    """
    if not isinstance(data, dict):
        return data, []
    data = copy.deepcopy(data)
    problems: list[str] = []
    types_by_parameter: dict[str, FactType] = {}
    for where, cond in _conditions(data):
        fact = FACTS_BY_CODE.get(cond.get("fact")) if isinstance(cond.get("fact"), str) else None
        if fact is None:
            continue
        if cond.get("parameter"):
            types_by_parameter.setdefault(cond["parameter"], fact.type)
        elif "value" in cond:
            value, problem = _read_typed(fact.type, cond["value"])
            if problem:
                problems.append(f"{where}.value: {show(cond['value'])}: {problem}")
            else:
                cond["value"] = value
    for where, code, record in _parameter_values(data):
        if "value" not in record:
            continue
        # A parameter no condition uses still holds a number (a threshold, an amount).
        fact_type = types_by_parameter.get(code, FactType.NUMBER) if isinstance(code, str) else None
        if fact_type is None:
            continue
        value, problem = _read_typed(fact_type, record["value"])
        if problem:
            problems.append(f"{where}.value: {show(record['value'])}: {problem}")
        else:
            record["value"] = value
    return data, problems


def check_rule_file(data: dict) -> list[str]:
    """Return the problems of routes, booleans, texts and parameter values in a rule-set dict."""
    problems: list[str] = []
    routes = data.get("routes")
    if not isinstance(routes, list) or not routes:
        problems.append(f"routes: {MSG_NO_ROUTES}")
    for where, cond in _conditions(data):
        if "required" in cond and not isinstance(cond["required"], bool):
            problems.append(f"{where}.required: {MSG_BOOLEAN.format(value=show(cond['required']))}")
        for key in CONDITION_TEXTS:
            text = cond.get(key)
            if text is None:
                continue
            if not isinstance(text, str):
                problems.append(f"{where}.{key}: {MSG_EXPECTS_TEXT.format(value=show(text))}")
                continue
            problem = check_placeholders(text, CONDITION_PLACEHOLDERS)
            if problem:
                problems.append(f"{where}.{key}: {problem}")
    uses: dict[str, list[tuple[str, dict]]] = {}
    for where, cond in _conditions(data):
        if isinstance(cond.get("parameter"), str):
            uses.setdefault(cond["parameter"], []).append((where, cond))
    for where, code, record in _parameter_values(data):
        if "verified" in record and not isinstance(record["verified"], bool):
            problems.append(
                f"{where}.verified: {MSG_BOOLEAN.format(value=show(record['verified']))}"
            )
        if "value" not in record or not isinstance(code, str):
            continue
        for cond_where, cond in uses.get(code, []):
            problem = condition_problem(cond.get("fact"), cond.get("operator"), record["value"])
            if problem and problem.part == "value":
                message = MSG_USED_BY.format(problem=problem.message, where=cond_where)
                problems.append(f"{where}.value: {message}")
                break
    return problems
