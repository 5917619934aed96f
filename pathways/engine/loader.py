"""Rule sets as plain data: validate a dict, build a ``RuleSet`` from it, and back.

The dict (as YAML or JSON) is the one exchange format of the rules: the fixtures ship it, the
admin exports and imports it, a published version stores it, and two versions are compared on
it. Its shape::

    format: 1
    parameters:
      - code: min_fte_mwa
        label: Minimale schaalgrootte maatwerkafdeling
        unit: VTE
        values:
          - {valid_from: 2019-01-01, value: 5, source: https://..., confidence: H,
             verified: true, note: ""}
    contacts:
      - {code: herwin, name: Herwin, description: ..., email: ..., phone: ..., url: ...}
    glossary:
      - {term: VTE, definition: Voltijds equivalent ..., url: ""}
    test_cases:              # optional; kept by department staff, run before publishing
      - {name: ..., date: 2026-01-01, profile: {board_type: vzw, ...},
         expected: {wijkwerken: recommended}, note: ""}
    routes:
      - code: maatwerkafdeling
        title: Maatwerkafdeling
        summary: ...
        kind: employer          # employer|customer|workplace|stage_host|employer_measure
        scope: school           # school|board
        order: 10
        valid_from: 2019-01-01
        closed_to_new_from: 2023-07-01   # optional
        valid_to: null                   # optional
        successors: [individueel_maatwerk]
        continuation: ...                # what continues for schools already using it
        attention_points: [...]
        next_steps: [...]
        contacts: [herwin]
        resources: [{title: ..., url: ...}]
        legal_references: [{title: ..., url: ...}]
        sources: [{title: ..., url: ..., note: "H"}]
        conditions:
          - fact: facility_fte
            operator: gte
            parameter: min_fte_mwa       # or value: 5
            required: true
            text_met: ...                # placeholders: {answer} {threshold} {unit} {gap}
            text_not_met: ...
            text_unknown: ...
            gap_hint: ...
            source: https://...
            confidence: H

``validate_ruleset_dict`` returns a list of problems (empty when valid), each naming where it is,
e.g. ``routes[3].conditions[1].operator: 'gte' does not fit fact 'host_stages' (boolean)``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from .facts import FACTS_BY_CODE, OPERATORS_BY_TYPE, VALUELESS_OPERATORS
from .types import (
    Condition,
    Contact,
    FactType,
    GlossaryTerm,
    Link,
    Operator,
    Parameter,
    ParameterValue,
    Route,
    RouteKind,
    RuleSet,
    Scope,
    Status,
)

FORMAT = 1
CONFIDENCES = ("H", "M", "L", "")
TEXT_FIELDS = ("text_met", "text_not_met", "text_unknown")
STATUSES = tuple(status.value for status in Status)


class RuleSetError(ValueError):
    """A rule-set dict that does not validate; ``problems`` lists every problem found."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _as_date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    raise ValueError(f"not a date: {value!r}")


def _check_date(problems: list[str], where: str, value: Any) -> None:
    try:
        _as_date(value)
    except ValueError:
        problems.append(f"{where}: {value!r} is not a date (YYYY-MM-DD)")


def check_condition_value(fact_code: str, operator: str, value: Any) -> str | None:
    """Return a problem text when ``value`` does not fit ``fact operator``, else None.

    Used by the loader and by the admin forms, so both refuse the same entries.
    """
    fact = FACTS_BY_CODE.get(fact_code)
    if fact is None:
        return f"unknown fact {fact_code!r}"
    try:
        op = Operator(operator)
    except ValueError:
        return f"unknown operator {operator!r}"
    allowed = OPERATORS_BY_TYPE[fact.type]
    if op not in allowed:
        names = ", ".join(o.value for o in allowed)
        return (
            f"operator {op.value!r} does not fit fact {fact_code!r} ({fact.type.value}); "
            f"use one of {names}"
        )
    if op in VALUELESS_OPERATORS:
        return None
    choice_codes = {code for code, _ in fact.choices}
    if fact.type is FactType.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"expects a number, got {value!r}"
    elif fact.type is FactType.DATE:
        try:
            if _as_date(value) is None:
                return "expects a date (YYYY-MM-DD)"
        except ValueError:
            return f"expects a date (YYYY-MM-DD), got {value!r}"
    elif op in (Operator.IN, Operator.NOT_IN):
        if not isinstance(value, list | tuple) or not value:
            return f"expects a non-empty list, got {value!r}"
        if fact.type is FactType.CHOICE:
            unknown = [v for v in value if v not in choice_codes]
            if unknown:
                return f"unknown choice(s) {unknown!r}; known: {', '.join(sorted(choice_codes))}"
    elif fact.type in (FactType.CHOICE, FactType.MULTICHOICE):
        if value not in choice_codes:
            return f"unknown choice {value!r}; known: {', '.join(sorted(choice_codes))}"
    elif fact.type is FactType.TEXT and not isinstance(value, str):
        return f"expects text, got {value!r}"
    return None


def validate_ruleset_dict(data: Any) -> list[str]:
    """Return every problem in a rule-set dict; an empty list means it is valid."""
    problems: list[str] = []
    if not isinstance(data, dict):
        return ["the rule set must be a mapping"]
    if data.get("format") != FORMAT:
        problems.append(f"format: expected {FORMAT}, got {data.get('format')!r}")
    unknown = set(data) - {
        "format",
        "parameters",
        "contacts",
        "glossary",
        "routes",
        "test_cases",
        "meta",
    }
    if unknown:
        problems.append(f"unknown top-level keys: {', '.join(sorted(unknown))}")

    param_codes: dict[str, str] = {}
    for i, param in enumerate(data.get("parameters") or []):
        where = f"parameters[{i}]"
        code = param.get("code") if isinstance(param, dict) else None
        if not code:
            problems.append(f"{where}.code: missing")
            continue
        if code in param_codes:
            problems.append(f"{where}.code: duplicate {code!r}")
        param_codes[code] = param.get("unit", "")
        if not param.get("label"):
            problems.append(f"{where}.label: missing")
        values = param.get("values") or []
        if not values:
            problems.append(f"{where}.values: at least one dated value is needed")
        seen_dates = set()
        for j, value in enumerate(values):
            vwhere = f"{where}.values[{j}]"
            _check_date(problems, f"{vwhere}.valid_from", value.get("valid_from"))
            if value.get("valid_from") in seen_dates:
                problems.append(f"{vwhere}.valid_from: two values start on the same day")
            seen_dates.add(value.get("valid_from"))
            if "value" not in value:
                problems.append(f"{vwhere}.value: missing")
            if value.get("confidence", "") not in CONFIDENCES:
                problems.append(f"{vwhere}.confidence: use H, M or L")

    route_codes = [r.get("code") for r in data.get("routes") or [] if isinstance(r, dict)]
    contact_codes = set()
    for i, contact in enumerate(data.get("contacts") or []):
        if not contact.get("code") or not contact.get("name"):
            problems.append(f"contacts[{i}]: code and name are required")
        if contact.get("code") in contact_codes:
            problems.append(f"contacts[{i}].code: duplicate {contact.get('code')!r}")
        contact_codes.add(contact.get("code"))

    for i, case in enumerate(data.get("test_cases") or []):
        where = f"test_cases[{i}]"
        if not isinstance(case, dict) or not case.get("name"):
            problems.append(f"{where}.name: missing")
            continue
        _check_date(problems, f"{where}.date", case.get("date"))
        if not isinstance(case.get("profile"), dict):
            problems.append(f"{where}.profile: must be a mapping of fact codes to answers")
        expected = case.get("expected")
        if not isinstance(expected, dict) or not expected:
            problems.append(f"{where}.expected: must map route codes to statuses")
        else:
            for route_code, status in expected.items():
                if route_code not in route_codes:
                    problems.append(f"{where}.expected: unknown route {route_code!r}")
                if status not in STATUSES:
                    problems.append(f"{where}.expected.{route_code}: unknown status {status!r}")

    for i, term in enumerate(data.get("glossary") or []):
        if not term.get("term") or not term.get("definition"):
            problems.append(f"glossary[{i}]: term and definition are required")

    seen_routes = set()
    for i, route in enumerate(data.get("routes") or []):
        where = f"routes[{i}]"
        if not isinstance(route, dict):
            problems.append(f"{where}: must be a mapping")
            continue
        code = route.get("code")
        if not code:
            problems.append(f"{where}.code: missing")
        elif code in seen_routes:
            problems.append(f"{where}.code: duplicate {code!r}")
        seen_routes.add(code)
        for key in ("title", "summary"):
            if not route.get(key):
                problems.append(f"{where}.{key}: missing")
        try:
            RouteKind(route.get("kind"))
        except ValueError:
            kinds = ", ".join(k.value for k in RouteKind)
            problems.append(f"{where}.kind: {route.get('kind')!r} is not one of {kinds}")
        try:
            Scope(route.get("scope", "school"))
        except ValueError:
            problems.append(f"{where}.scope: use school or board")
        for key in ("valid_from", "closed_to_new_from", "valid_to"):
            _check_date(problems, f"{where}.{key}", route.get(key))
        try:
            start = _as_date(route.get("valid_from"))
            closed = _as_date(route.get("closed_to_new_from"))
            end = _as_date(route.get("valid_to"))
        except ValueError:
            start = closed = end = None
        if start and closed and closed <= start:
            problems.append(f"{where}.closed_to_new_from: must come after valid_from")
        if start and end and end < start:
            problems.append(f"{where}.valid_to: must not come before valid_from")
        for successor in route.get("successors") or []:
            if successor not in route_codes:
                problems.append(f"{where}.successors: unknown route {successor!r}")
        for contact in route.get("contacts") or []:
            if contact not in contact_codes:
                problems.append(f"{where}.contacts: unknown contact {contact!r}")
        for key in ("resources", "legal_references", "sources"):
            for j, link in enumerate(route.get(key) or []):
                if not isinstance(link, dict) or not link.get("title"):
                    problems.append(f"{where}.{key}[{j}].title: missing")
        for j, cond in enumerate(route.get("conditions") or []):
            cwhere = f"{where}.conditions[{j}]"
            fact = cond.get("fact")
            operator = cond.get("operator")
            parameter = cond.get("parameter")
            if parameter:
                if parameter not in param_codes:
                    problems.append(f"{cwhere}.parameter: unknown parameter {parameter!r}")
                    continue
                if "value" in cond and cond["value"] is not None:
                    problems.append(f"{cwhere}: give a value or a parameter, not both")
                problem = check_condition_value(fact, operator, _param_probe(data, parameter))
            else:
                problem = check_condition_value(fact, operator, cond.get("value"))
            if problem:
                problems.append(f"{cwhere}: {problem}")
            for key in TEXT_FIELDS:
                if not cond.get(key):
                    problems.append(f"{cwhere}.{key}: missing")
            if cond.get("confidence", "") not in CONFIDENCES:
                problems.append(f"{cwhere}.confidence: use H, M or L")
    return problems


def _param_probe(data: dict, code: str) -> Any:
    for param in data.get("parameters") or []:
        if param.get("code") == code and param.get("values"):
            return param["values"][0].get("value")
    return None


def ruleset_from_dict(data: dict, *, identifier: str = "", label: str = "") -> RuleSet:
    """Build a ``RuleSet``; raise ``RuleSetError`` listing every problem when invalid."""
    problems = validate_ruleset_dict(data)
    if problems:
        raise RuleSetError(problems)
    parameters = tuple(
        Parameter(
            code=p["code"],
            label=p["label"],
            unit=p.get("unit", ""),
            values=tuple(
                sorted(
                    (
                        ParameterValue(
                            valid_from=_as_date(v["valid_from"]),
                            value=v["value"],
                            source=v.get("source", ""),
                            confidence=v.get("confidence", ""),
                            verified=bool(v.get("verified", True)),
                            note=v.get("note", ""),
                        )
                        for v in p["values"]
                    ),
                    key=lambda v: v.valid_from,
                )
            ),
        )
        for p in data.get("parameters") or []
    )
    contacts = tuple(
        Contact(
            code=c["code"],
            name=c["name"],
            description=c.get("description", ""),
            email=c.get("email", ""),
            phone=c.get("phone", ""),
            url=c.get("url", ""),
        )
        for c in data.get("contacts") or []
    )
    glossary = tuple(
        GlossaryTerm(term=g["term"], definition=g["definition"], url=g.get("url", ""))
        for g in data.get("glossary") or []
    )
    routes = tuple(
        sorted(
            (_route_from_dict(r) for r in data.get("routes") or []),
            key=lambda r: (r.order, r.code),
        )
    )
    return RuleSet(
        routes=routes,
        parameters=parameters,
        contacts=contacts,
        glossary=glossary,
        identifier=identifier or content_hash(data),
        label=label,
    )


def _links(items: list | None) -> tuple[Link, ...]:
    return tuple(
        Link(title=i["title"], url=i.get("url", ""), note=i.get("note", "")) for i in items or []
    )


def _route_from_dict(r: dict) -> Route:
    return Route(
        code=r["code"],
        title=r["title"],
        summary=r["summary"],
        kind=RouteKind(r["kind"]),
        scope=Scope(r.get("scope", "school")),
        valid_from=_as_date(r.get("valid_from")),
        closed_to_new_from=_as_date(r.get("closed_to_new_from")),
        valid_to=_as_date(r.get("valid_to")),
        successors=tuple(r.get("successors") or ()),
        continuation=r.get("continuation", ""),
        conditions=tuple(
            Condition(
                fact=c["fact"],
                operator=Operator(c["operator"]),
                value=_condition_value(c),
                parameter=c.get("parameter", "") or "",
                required=bool(c.get("required", True)),
                text_met=c.get("text_met", ""),
                text_not_met=c.get("text_not_met", ""),
                text_unknown=c.get("text_unknown", ""),
                gap_hint=c.get("gap_hint", ""),
                source=c.get("source", ""),
                confidence=c.get("confidence", ""),
            )
            for c in r.get("conditions") or []
        ),
        attention_points=tuple(r.get("attention_points") or ()),
        next_steps=tuple(r.get("next_steps") or ()),
        contacts=tuple(r.get("contacts") or ()),
        resources=_links(r.get("resources")),
        legal_references=_links(r.get("legal_references")),
        sources=_links(r.get("sources")),
        order=int(r.get("order", 0)),
    )


def _condition_value(c: dict) -> Any:
    value = c.get("value")
    fact = FACTS_BY_CODE[c["fact"]]
    if fact.type is FactType.DATE and value is not None:
        return _as_date(value)
    if isinstance(value, list):
        return tuple(value)
    return value


def canonical_json(data: dict) -> str:
    """Serialise a rule-set dict the same way every time (dates as ISO strings)."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def content_hash(data: dict) -> str:
    """Return the SHA-256 of the canonical JSON of a rule-set dict (its ``meta`` left out)."""
    body = {k: v for k, v in data.items() if k != "meta"}
    return hashlib.sha256(canonical_json(body).encode()).hexdigest()
