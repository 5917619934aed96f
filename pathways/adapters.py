"""The one bridge between the database and the pure engine.

Draft rows <-> the rule-set dict (``pathways.engine.loader`` format) <-> engine ``RuleSet``.
The engine never changes when storage does; only this module knows both sides.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from pathways.engine.loader import FORMAT, RuleSetError, ruleset_from_dict, validate_ruleset_dict
from pathways.engine.types import RuleSet

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


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


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
    contacts = [
        _compact(
            {
                "code": c.code,
                "name": c.name,
                "description": c.description,
                "email": c.email,
                "phone": c.phone,
                "url": c.url,
            }
        )
        for c in Contact.objects.order_by("code")
    ]
    glossary = [
        _compact({"term": g.term, "definition": g.definition, "url": g.url})
        for g in GlossaryTerm.objects.order_by("term")
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
                _compact({"title": link.title, "url": link.url, "note": link.note})
                for link in r.links.all()
                if link.kind == kind
            ]
        route["conditions"] = [
            _compact(
                {
                    "fact": c.fact,
                    "operator": c.operator,
                    "value": c.value,
                    "parameter": c.parameter.code if c.parameter_id else "",
                    "text_met": c.text_met,
                    "text_not_met": c.text_not_met,
                    "text_unknown": c.text_unknown,
                    "gap_hint": c.gap_hint,
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


@transaction.atomic
def replace_draft(data: dict[str, Any]) -> None:
    """Replace the whole draft with ``data``.

    Raise ``RuleSetError`` and change nothing when ``data`` is invalid.
    """
    problems = validate_ruleset_dict(data)
    if problems:
        raise RuleSetError(problems)
    ruleset = ruleset_from_dict(data)  # normalises dates and values

    Condition.objects.all().delete()
    RouteText.objects.all().delete()
    RouteItem.objects.all().delete()
    RouteLink.objects.all().delete()
    Route.objects.all().delete()
    ParameterValue.objects.all().delete()
    Parameter.objects.all().delete()
    Contact.objects.all().delete()
    GlossaryTerm.objects.all().delete()
    RuleTestCase.objects.all().delete()

    parameters = {}
    for p in ruleset.parameters:
        param = Parameter.objects.create(code=p.code, label=p.label, unit=p.unit)
        parameters[p.code] = param
        ParameterValue.objects.bulk_create(
            ParameterValue(
                parameter=param,
                valid_from=v.valid_from,
                value=json_safe(v.value),
                source=v.source,
                confidence=v.confidence,
                verified=v.verified,
                note=v.note,
            )
            for v in p.values
        )
    contacts = {
        c.code: Contact.objects.create(
            code=c.code,
            name=c.name,
            description=c.description,
            email=c.email,
            phone=c.phone,
            url=c.url,
        )
        for c in ruleset.contacts
    }
    GlossaryTerm.objects.bulk_create(
        GlossaryTerm(term=g.term, definition=g.definition, url=g.url) for g in ruleset.glossary
    )
    routes = {}
    raw_routes = {r["code"]: r for r in data.get("routes") or []}
    for r in ruleset.routes:
        route = Route.objects.create(
            code=r.code,
            title=r.title,
            summary=r.summary,
            kind=r.kind.value,
            scope=r.scope.value,
            order=r.order,
            valid_from=r.valid_from,
            closed_to_new_from=r.closed_to_new_from,
            valid_to=r.valid_to,
            continuation=r.continuation,
            admin_notes=r.admin_notes,
        )
        routes[r.code] = route
        RouteText.objects.bulk_create(
            RouteText(
                route=route,
                valid_from=t.valid_from,
                summary=t.summary or "",
                attention_points="\n".join(t.attention_points or ()),
                next_steps="\n".join(t.next_steps or ()),
                continuation=t.continuation or "",
                source=t.source,
                confidence=t.confidence,
                note=t.note,
            )
            for t in r.texts
        )
        route.contacts.set([contacts[code] for code in r.contacts])
        items = [
            RouteItem(route=route, kind=kind, text=text, order=i)
            for kind, texts in (
                (RouteItem.ItemKind.ATTENTION_POINT, r.attention_points),
                (RouteItem.ItemKind.NEXT_STEP, r.next_steps),
            )
            for i, text in enumerate(texts)
        ]
        RouteItem.objects.bulk_create(items)
        links = [
            RouteLink(
                route=route, kind=kind, title=link.title, url=link.url, note=link.note, order=i
            )
            for kind, group in (
                (RouteLink.LinkKind.RESOURCE, r.resources),
                (RouteLink.LinkKind.LEGAL_REFERENCE, r.legal_references),
                (RouteLink.LinkKind.SOURCE, r.sources),
            )
            for i, link in enumerate(group)
        ]
        RouteLink.objects.bulk_create(links)
        raw_conditions = raw_routes[r.code].get("conditions") or []
        Condition.objects.bulk_create(
            Condition(
                route=route,
                order=i,
                fact=c.fact,
                operator=c.operator.value,
                # keep the value as written (JSON-safe), not the engine's parsed form
                value=None if c.parameter else json_safe(raw_conditions[i].get("value")),
                parameter=parameters[c.parameter] if c.parameter else None,
                required=c.required,
                informational=c.informational,
                valid_from=c.valid_from,
                valid_to=c.valid_to,
                text_met=c.text_met,
                text_not_met=c.text_not_met,
                text_unknown=c.text_unknown,
                gap_hint=c.gap_hint,
                source=c.source,
                confidence=c.confidence,
            )
            for i, c in enumerate(r.conditions)
        )
    for r in ruleset.routes:
        routes[r.code].successors.set([routes[code] for code in r.successors])
    RuleTestCase.objects.bulk_create(
        RuleTestCase(
            name=t["name"],
            on=_as_date(t["date"]),
            profile=json_safe(t.get("profile") or {}),
            expected=t["expected"],
            note=t.get("note", ""),
        )
        for t in data.get("test_cases") or []
    )


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def json_safe(data: Any) -> Any:
    """Return ``data`` with dates as ISO strings, so it can go into a JSONField."""
    if isinstance(data, dict):
        return {k: json_safe(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [json_safe(v) for v in data]
    if isinstance(data, dt.date):
        return data.isoformat()
    return data


def ruleset_for_version(version: RuleSetVersion) -> RuleSet:
    """Build the engine ``RuleSet`` of a published version."""
    return ruleset_from_dict(version.data, identifier=version.identifier, label=str(version.label))
