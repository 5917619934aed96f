"""The one bridge between the database and the pure engine.

Draft rows <-> the rule-set dict (``pathways.engine.loader`` format) <-> engine ``RuleSet``.
The engine never changes when storage does; only this module knows both sides.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.functional import lazy

from pathways.engine.jsonvalues import json_value
from pathways.engine.loader import FORMAT, RuleSetError, ruleset_from_dict, validate_ruleset_dict
from pathways.engine.rulefile import CONDITION_TEXTS
from pathways.engine.types import RuleSet
from pathways.engine.validate import as_date

from .models import (
    Condition,
    Contact,
    GlossaryTerm,
    Parameter,
    ParameterValue,
    Route,
    RouteItem,
    RouteLink,
    RouteText,
    RuleSetVersion,
    RuleTestCase,
    text_lines,
    version_label,
)

LINK_KEYS = {
    RouteLink.LinkKind.RESOURCE: "resources",
    RouteLink.LinkKind.LEGAL_REFERENCE: "legal_references",
    RouteLink.LinkKind.SOURCE: "sources",
}
ITEM_KEYS = {
    RouteItem.ItemKind.ATTENTION_POINT: "attention_points",
    RouteItem.ItemKind.NEXT_STEP: "next_steps",
}
# A contact's, a glossary term's and a route link's fields: the same names in the rule file, the
# engine and the draft tables.
LINK_FIELDS = ("title", "url", "note")
CONTACT_FIELDS = ("code", "name", "description", "email", "phone", "url")
GLOSSARY_FIELDS = ("term", "definition", "url")


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _fields(record: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """Return the fields ``names`` of ``record`` (a draft row or an engine record) by name."""
    return {name: getattr(record, name) for name in names}


def _compact(mapping: dict[str, Any]) -> dict[str, Any]:
    """Drop empty optional values so exports stay readable."""
    return {k: v for k, v in mapping.items() if v not in (None, "", [], ())}


def draft_to_dict() -> dict[str, Any]:
    """Return the draft rule data as a rule-set dict, in a fixed number of queries."""
    parameters = [
        _compact(
            {
                "code": p.code,
                "label": p.label,
                "unit": p.unit,
                "values": [
                    _compact(
                        {
                            "valid_from": _iso(v.valid_from),
                            "value": v.value,
                            "source": v.source,
                            "confidence": v.confidence,
                            "verified": v.verified,
                            "note": v.note,
                        }
                    )
                    | {"value": v.value, "verified": v.verified}
                    for v in p.values.all()
                ],
            }
        )
        for p in Parameter.objects.prefetch_related("values").order_by("code")
    ]
    contacts = [_compact(_fields(c, CONTACT_FIELDS)) for c in Contact.objects.order_by("code")]
    glossary = [
        _compact(_fields(g, GLOSSARY_FIELDS)) for g in GlossaryTerm.objects.order_by("term")
    ]
    routes = []
    queryset = Route.objects.prefetch_related(
        "successors", "contacts", "items", "links", "conditions__parameter", "texts"
    ).order_by("order", "code")
    for r in queryset:
        route = {
            "code": r.code,
            "title": r.title,
            "summary": r.summary,
            "kind": r.kind,
            "scope": r.scope,
            "order": r.order,
            "valid_from": _iso(r.valid_from),
            "closed_to_new_from": _iso(r.closed_to_new_from),
            "valid_to": _iso(r.valid_to),
            "successors": sorted(s.code for s in r.successors.all()),
            "continuation": r.continuation,
            "contacts": sorted(c.code for c in r.contacts.all()),
            "admin_notes": r.admin_notes,
            "texts": [
                _compact(
                    {
                        "valid_from": _iso(t.valid_from),
                        "summary": t.summary,
                        "attention_points": text_lines(t.attention_points),
                        "next_steps": text_lines(t.next_steps),
                        "continuation": t.continuation,
                        "source": t.source,
                        "confidence": t.confidence,
                        "note": t.note,
                    }
                )
                for t in r.texts.all()
            ],
        }
        for kind, key in ITEM_KEYS.items():
            route[key] = [i.text for i in r.items.all() if i.kind == kind]
        for kind, key in LINK_KEYS.items():
            route[key] = [
                _compact(_fields(link, LINK_FIELDS)) for link in r.links.all() if link.kind == kind
            ]
        route["conditions"] = [
            _compact(
                {
                    "fact": c.fact,
                    "operator": c.operator,
                    "value": c.value,
                    "parameter": c.parameter.code if c.parameter_id else "",
                    **_fields(c, CONDITION_TEXTS),
                    "source": c.source,
                    "confidence": c.confidence,
                    "informational": c.informational or None,
                    "valid_from": _iso(c.valid_from),
                    "valid_to": _iso(c.valid_to),
                }
            )
            | {"required": c.required}
            for c in r.conditions.all()
        ]
        routes.append(_compact(route) | {"order": r.order})
    test_cases = [
        _compact(
            {
                "name": t.name,
                "date": _iso(t.on),
                "expected": t.expected,
                "note": t.note,
            }
        )
        | {"profile": t.profile}  # kept when empty: a school that answered nothing yet
        for t in RuleTestCase.objects.order_by("name")
    ]
    return {
        "format": FORMAT,
        "parameters": parameters,
        "contacts": contacts,
        "glossary": glossary,
        "routes": routes,
        "test_cases": test_cases,
    }


@dataclass
class _Row:
    """One draft row to be: its model, the key it is matched on, its field values."""

    model: type[models.Model]
    key: tuple
    fields: dict[str, Any]
    where: str
    parent: tuple | None = None  # the key of the row its foreign key points to


@dataclass
class _Plan:
    """The draft a rule-set dict describes, as model rows (nothing saved)."""

    parameters: list[_Row] = field(default_factory=list)
    values: list[_Row] = field(default_factory=list)
    contacts: list[_Row] = field(default_factory=list)
    glossary: list[_Row] = field(default_factory=list)
    routes: list[_Row] = field(default_factory=list)
    texts: list[_Row] = field(default_factory=list)
    items: list[_Row] = field(default_factory=list)
    links: list[_Row] = field(default_factory=list)
    conditions: list[_Row] = field(default_factory=list)
    test_cases: list[_Row] = field(default_factory=list)
    route_contacts: dict[str, list[str]] = field(default_factory=dict)
    successors: dict[str, list[str]] = field(default_factory=dict)

    def rows(self) -> list[_Row]:
        return [
            *self.parameters,
            *self.values,
            *self.contacts,
            *self.glossary,
            *self.routes,
            *self.texts,
            *self.items,
            *self.links,
            *self.conditions,
            *self.test_cases,
        ]


def _dated_row(model: type[models.Model], parent: str, dated, fields: dict, where: str) -> _Row:
    """Return the row of a dated record of ``parent`` (a parameter's value, a route's text).

    It is matched on its start date and carries where it comes from: source, confidence, note.
    """
    sourced = {"source": dated.source, "confidence": dated.confidence, "note": dated.note}
    return _Row(
        model,
        (parent, dated.valid_from),
        {"valid_from": dated.valid_from, **fields, **sourced},
        where,
        parent=(parent,),
    )


def _plan(data: dict[str, Any]) -> _Plan:
    """Turn a valid rule-set dict into the rows of the draft it describes."""
    ruleset = ruleset_from_dict(data)  # normalises dates and values
    plan = _Plan()
    for i, p in enumerate(ruleset.parameters):
        where = f"parameters[{i}]"
        plan.parameters.append(
            _Row(Parameter, (p.code,), {"code": p.code, "label": p.label, "unit": p.unit}, where)
        )
        for j, v in enumerate(p.values):
            fields = {"value": json_value(v.value), "verified": v.verified}
            plan.values.append(
                _dated_row(ParameterValue, p.code, v, fields, f"{where}.values[{j}]")
            )
    for i, c in enumerate(ruleset.contacts):
        fields = _fields(c, CONTACT_FIELDS)
        plan.contacts.append(_Row(Contact, (c.code,), fields, f"contacts[{i}]"))
    for i, g in enumerate(ruleset.glossary):
        fields = _fields(g, GLOSSARY_FIELDS)
        plan.glossary.append(_Row(GlossaryTerm, (g.term,), fields, f"glossary[{i}]"))
    raw_routes = {r["code"]: r for r in data.get("routes") or []}
    for i, r in enumerate(ruleset.routes):
        where = f"routes[{i}]"
        fields = {
            "code": r.code,
            "title": r.title,
            "summary": r.summary,
            "kind": r.kind.value,
            "scope": r.scope.value,
            "order": r.order,
            "valid_from": r.valid_from,
            "closed_to_new_from": r.closed_to_new_from,
            "valid_to": r.valid_to,
            "continuation": r.continuation,
            "admin_notes": r.admin_notes,
        }
        plan.routes.append(_Row(Route, (r.code,), fields, where))
        for j, t in enumerate(r.texts):
            fields = {
                "summary": t.summary or "",
                "attention_points": "\n".join(t.attention_points or ()),
                "next_steps": "\n".join(t.next_steps or ()),
                "continuation": t.continuation or "",
            }
            plan.texts.append(_dated_row(RouteText, r.code, t, fields, f"{where}.texts[{j}]"))
        plan.route_contacts[r.code] = list(r.contacts)
        plan.successors[r.code] = list(r.successors)
        # Attention points and next steps, then links: one row per entry, in file order.
        for model, keys, rows, fields_of in (
            (RouteItem, ITEM_KEYS, plan.items, lambda text: {"text": text}),
            (RouteLink, LINK_KEYS, plan.links, lambda link: _fields(link, LINK_FIELDS)),
        ):
            for kind, key in keys.items():
                for j, entry in enumerate(getattr(r, key)):
                    rows.append(
                        _Row(
                            model,
                            (r.code, str(kind), j),
                            {"kind": kind, **fields_of(entry), "order": j},
                            f"{where}.{key}[{j}]",
                            parent=(r.code,),
                        )
                    )
        raw_conditions = raw_routes[r.code].get("conditions") or []
        for j, c in enumerate(r.conditions):
            plan.conditions.append(
                _Row(
                    Condition,
                    (r.code, j),
                    {
                        "order": j,
                        "fact": c.fact,
                        "operator": c.operator.value,
                        # keep the value as written (JSON-safe), not the engine's parsed form
                        "value": None
                        if c.parameter
                        else json_value(raw_conditions[j].get("value")),
                        "parameter_code": c.parameter or None,
                        "required": c.required,
                        "informational": c.informational,
                        "valid_from": c.valid_from,
                        "valid_to": c.valid_to,
                        **_fields(c, CONDITION_TEXTS),
                        "source": c.source,
                        "confidence": c.confidence,
                    },
                    f"{where}.conditions[{j}]",
                    parent=(r.code,),
                )
            )
    for i, t in enumerate(data.get("test_cases") or []):
        fields = {
            "name": t["name"],
            "on": as_date(t["date"]),
            "profile": json_value(t.get("profile") or {}),
            "expected": t["expected"],
            "note": t.get("note", ""),
        }
        plan.test_cases.append(_Row(RuleTestCase, (t["name"],), fields, f"test_cases[{i}]"))
    return plan


def _field_problems(plan: _Plan) -> list[str]:
    """Check every planned row against its model's field rules, before anything is written.

    Lengths, choices, slugs, URLs, number ranges and required fields: what the database or
    the admin forms would refuse. Foreign keys and uniqueness are left to the loader's checks.
    """
    problems = []
    for row in plan.rows():
        values = {k: v for k, v in row.fields.items() if k != "parameter_code"}
        instance = row.model(**values)
        relations = [f.name for f in row.model._meta.fields if f.is_relation]
        try:
            instance.clean_fields(exclude=relations)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                problems.extend(f"{row.where}.{name}: {message}" for message in messages)
    return problems


def _sync(
    model: type[models.Model], rows: list[_Row], existing: dict[tuple, Any], **links: Any
) -> dict[tuple, Any]:
    """Make the rows of ``model`` match ``rows``: update matched rows, create the others.

    Rows are saved one by one, and only when something changed, so each keeps its id and
    its change history. Returns the rows by key; what is left in ``existing`` is unmatched.
    """
    result = {}
    for row in rows:
        values = dict(row.fields)
        for name, resolve in links.items():
            values[name] = resolve(row)
        values.pop("parameter_code", None)
        obj = existing.pop(row.key, None)
        if obj is None:
            obj = model(**values)
            obj.save()
        else:
            changed = [
                name
                for name, value in values.items()
                if (
                    getattr(obj, f"{name}_id") != (value.pk if value is not None else None)
                    if name in links
                    else getattr(obj, name) != value
                )
            ]
            if changed:
                for name in changed:
                    setattr(obj, name, values[name])
                obj.save()
        result[row.key] = obj
    return result


def _delete(rows: dict[tuple, Any]) -> None:
    for obj in rows.values():
        obj.delete()


@transaction.atomic
def replace_draft(data: dict[str, Any]) -> None:
    """Make the draft equal to ``data``, keeping the identity of every row that stays.

    Rows are matched by code (parameters, contacts, routes), term (glossary), name (test
    cases), start date (parameter values) or place within the route (conditions, items,
    links), so admin links stay valid and each row's change history goes on. Everything is
    checked before the first write; raise ``RuleSetError`` and change nothing when ``data``
    is invalid.
    """
    problems = validate_ruleset_dict(data)
    if problems:
        raise RuleSetError(problems)
    plan = _plan(data)
    problems = _field_problems(plan)
    if problems:
        raise RuleSetError(problems)

    old_parameters = {(p.code,): p for p in Parameter.objects.all()}
    parameters = _sync(Parameter, plan.parameters, old_parameters)
    old_values = {
        (v.parameter.code, v.valid_from): v
        for v in ParameterValue.objects.select_related("parameter")
    }
    # A value that moved to another start date is a new row; free its old date first.
    planned_values = {row.key for row in plan.values}
    _delete({k: v for k, v in old_values.items() if k not in planned_values})
    _sync(ParameterValue, plan.values, old_values, parameter=lambda row: parameters[row.parent])
    contacts_left = {(c.code,): c for c in Contact.objects.all()}
    contacts = _sync(Contact, plan.contacts, contacts_left)
    glossary_left = {(g.term,): g for g in GlossaryTerm.objects.all()}
    _sync(GlossaryTerm, plan.glossary, glossary_left)
    _delete(glossary_left)

    routes_left = {(r.code,): r for r in Route.objects.all()}
    routes = _sync(Route, plan.routes, routes_left)
    route_of = lambda row: routes[row.parent]  # noqa: E731
    texts_left = {
        (t.route.code, t.valid_from): t for t in RouteText.objects.select_related("route")
    }
    items_left = {
        (i.route.code, str(i.kind), i.order): i for i in RouteItem.objects.select_related("route")
    }
    links_left = {
        (link.route.code, str(link.kind), link.order): link
        for link in RouteLink.objects.select_related("route")
    }
    conditions_left = {
        (c.route.code, c.order): c for c in Condition.objects.select_related("route")
    }
    # Rows of removed routes go with their route; the others are matched or deleted.
    removed = {code for (code,) in routes_left}
    for left in (texts_left, items_left, links_left, conditions_left):
        for key in [k for k in left if k[0] in removed]:
            del left[key]
    # A text that moved to another start date is a new row; free its old date first.
    planned_texts = {row.key for row in plan.texts}
    _delete({k: v for k, v in texts_left.items() if k not in planned_texts})
    _sync(RouteText, plan.texts, texts_left, route=route_of)
    _sync(RouteItem, plan.items, items_left, route=route_of)
    _sync(RouteLink, plan.links, links_left, route=route_of)
    _sync(
        Condition,
        plan.conditions,
        conditions_left,
        route=route_of,
        parameter=lambda row: parameters.get((row.fields["parameter_code"],)),
    )
    for left in (items_left, links_left, conditions_left):
        _delete(left)
    _delete(routes_left)
    for code, route in routes.items():
        route.contacts.set([contacts[(c,)] for c in plan.route_contacts[code[0]]])
        route.successors.set([routes[(s,)] for s in plan.successors[code[0]]])
    _delete(contacts_left)
    _delete(old_parameters)

    tests_left = {(t.name,): t for t in RuleTestCase.objects.all()}
    _sync(RuleTestCase, plan.test_cases, tests_left)
    _delete(tests_left)


def ruleset_for_version(version: RuleSetVersion) -> RuleSet:
    """Build the engine ``RuleSet`` of a published version.

    Its label is lazy: the rule set is cached per process (``services.current_ruleset``), so
    "versie 3" must be translated where it is shown, in that request's language.
    """
    label = lazy(version_label, str)(version.number)
    return ruleset_from_dict(
        version.data, identifier=version.identifier, label=label, published=True
    )
