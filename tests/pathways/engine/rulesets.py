"""Small rule sets built in code for the engine tests, in the loader's dict format.

Every builder returns plain dicts, so the tests go through ``ruleset_from_dict`` and its
validation exactly as the fixtures and the admin do.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from pathways import yamlfile
from pathways.engine import RuleSet, ruleset_from_dict, validate_ruleset_dict
from pathways.engine.facts import FACTS, OPERATORS_BY_TYPE, VALUELESS_OPERATORS
from pathways.engine.types import FactType, Operator

FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "ruleset.yaml"

TEXT_MET = "{answer}: voldaan"
TEXT_NOT_MET = "{answer} in plaats van {threshold}, {gap} te weinig"
TEXT_UNKNOWN = "Nog niet beantwoord"


def parameter(code: str, label: str, unit: str, value: float, valid_from: str) -> dict[str, Any]:
    """A rule-set parameter with one verified, sourced value from ``valid_from`` on."""
    return {
        "code": code,
        "label": label,
        "unit": unit,
        "values": [
            {
                "valid_from": valid_from,
                "value": value,
                "confidence": "H",
                "source": "https://example.org/bron",
                "verified": True,
            }
        ],
    }


HOURS_PER_FTE = parameter("hours_per_fte", "Uren per voltijdse baan", "uur/week", 38, "2000-01-01")


def condition(
    fact: str,
    operator: str,
    value: Any = None,
    *,
    parameter: str = "",
    required: bool = True,
    **extra: Any,
) -> dict[str, Any]:
    """Return a condition dict with texts that show their placeholders."""
    cond: dict[str, Any] = {
        "fact": fact,
        "operator": operator,
        "required": required,
        "text_met": TEXT_MET,
        "text_not_met": TEXT_NOT_MET,
        "text_unknown": TEXT_UNKNOWN,
    }
    if parameter:
        cond["parameter"] = parameter
    elif value is not None:
        cond["value"] = value
    cond.update(extra)
    return cond


def route(code: str, *conditions: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """Return a route dict in force since 2019 unless ``extra`` says otherwise."""
    data: dict[str, Any] = {
        "code": code,
        "title": f"Route {code}",
        "summary": f"Samenvatting van {code}",
        "kind": "employer",
        "scope": "school",
        "valid_from": "2019-01-01",
        "conditions": list(conditions),
    }
    data.update(extra)
    return data


def ruleset_dict(*routes: dict[str, Any], parameters: tuple[dict, ...] = ()) -> dict[str, Any]:
    """Return a format-1 rule-set dict; ``hours_per_fte`` (38) is always included.

    Without routes it holds one route without conditions: a rule set needs at least one route.
    """
    codes = {p.get("code") for p in parameters}
    params = list(parameters) + ([] if "hours_per_fte" in codes else [HOURS_PER_FTE])
    return {
        "format": 1,
        "parameters": params,
        "contacts": [],
        "glossary": [],
        "routes": list(routes) or [route("only_route")],
    }


def build(*routes: dict[str, Any], parameters: tuple[dict, ...] = ()) -> RuleSet:
    """Build a validated ``RuleSet`` from route dicts."""
    return ruleset_from_dict(ruleset_dict(*routes, parameters=parameters))


def sample_value(fact_type: FactType, choices: tuple[tuple[str, str], ...]) -> Any:
    """Return a value that fits a fact of ``fact_type`` for a condition's threshold."""
    if fact_type is FactType.NUMBER:
        return 5
    if fact_type is FactType.DATE:
        return "2026-09-01"
    if fact_type is FactType.TEXT:
        return "9000"
    return choices[0][0]


def coverage_ruleset() -> RuleSet:
    """Return a rule set with, for every fact, one route testing it with every fitting operator.

    Half of the conditions are supporting ones, so all statuses can occur.
    """
    routes = []
    for order, fact in enumerate(FACTS):
        conditions = []
        for i, op in enumerate(OPERATORS_BY_TYPE[fact.type]):
            if op in VALUELESS_OPERATORS:
                value = None
            elif op in (Operator.IN, Operator.NOT_IN):
                value = [sample_value(fact.type, fact.choices)]
            else:
                value = sample_value(fact.type, fact.choices)
            conditions.append(condition(fact.code, op.value, value, required=i % 2 == 0))
        routes.append(route(f"cover_{fact.code}", *conditions, order=order))
    return build(*routes)


def fixture_ruleset() -> RuleSet | None:
    """Return the rule set of ``fixtures/ruleset.yaml`` when it exists and validates, else None."""
    if not FIXTURE.exists():
        return None
    try:
        data = yamlfile.safe_load(FIXTURE.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        return None
    if validate_ruleset_dict(data):
        return None
    return ruleset_from_dict(data)


def real_or_coverage_ruleset() -> RuleSet:
    """Return the fixture rule set when usable, else the generated coverage rule set."""
    return fixture_ruleset() or coverage_ruleset()


DAY = dt.date(2025, 3, 1)

# A two-route rule set the API and command tests publish with ``load_rules``.
SMALL_RULES = ruleset_dict(
    route(
        "maatwerkafdeling",
        condition("facility_fte", "gte", parameter="min_fte_mwa"),
        condition("open_to_hire_target_group", "is_true"),
        condition("mentor_available", "is_true", required=False),
        scope="board",
    ),
    route(
        "se_purchasing",
        condition("open_to_buy_from_se", "is_true"),
        kind="customer",
        scope="board",
    ),
    parameters=(
        parameter("min_fte_mwa", "Minimale schaalgrootte maatwerkafdeling", "VTE", 5, "2019-01-01"),
    ),
)
