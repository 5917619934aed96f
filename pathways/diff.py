"""Compare two rule-set dicts: what a new version adds, removes and changes.

A pure function over two dicts in the loader format (``pathways.engine.loader``), so it compares
two published versions, or the draft with the current version, the same way.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass
class ItemChange:
    """One added, removed or changed item (route, condition, parameter, contact, ...)."""

    key: str
    label: str
    change: str  # ADDED, REMOVED or CHANGED
    fields: list[FieldChange] = field(default_factory=list)
    children: list[ItemChange] = field(default_factory=list)  # conditions, dated values
    # The whole item before and after (None when added or removed): a dated parameter value is
    # shown in full (amount, start, source, verified), so a wrong value stands out.
    old: dict | None = None
    new: dict | None = None
    unit: str = ""  # a dated parameter value's unit (its parameter's)


@dataclass
class RuleSetDiff:
    routes: list[ItemChange] = field(default_factory=list)
    parameters: list[ItemChange] = field(default_factory=list)
    contacts: list[ItemChange] = field(default_factory=list)
    glossary: list[ItemChange] = field(default_factory=list)
    test_cases: list[ItemChange] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.routes or self.parameters or self.contacts or self.glossary or self.test_cases
        )

    def route(self, code: str) -> ItemChange | None:
        return next((r for r in self.routes if r.key == code), None)

    def parameter(self, code: str) -> ItemChange | None:
        return next((p for p in self.parameters if p.key == code), None)


def _norm(value: Any) -> Any:
    """Treat absent, empty and None alike, so a compacted export equals a full one."""
    if value in (None, "", [], {}, ()):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_norm(v) for v in value]
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    return value


def compare_fields(old: dict, new: dict, *, skip: tuple[str, ...] = ()) -> list[FieldChange]:
    """Return the fields whose value differs between two flat dicts, in a stable order."""
    keys = [k for k in dict.fromkeys([*old, *new]) if k not in skip]
    return [
        FieldChange(k, _norm(old.get(k)), _norm(new.get(k)))
        for k in keys
        if _norm(old.get(k)) != _norm(new.get(k))
    ]


def _keyed(items: list[dict], key: str) -> dict[str, dict]:
    return {str(item.get(key)): item for item in items or [] if isinstance(item, dict)}


def _compare_lists(
    old: list[dict],
    new: list[dict],
    *,
    key: str,
    label: str,
    skip: tuple[str, ...] = (),
    children=None,
) -> list[ItemChange]:
    old_by, new_by = _keyed(old, key), _keyed(new, key)
    changes = []
    for k, item in new_by.items():
        if k not in old_by:
            changes.append(ItemChange(k, str(item.get(label) or k), ADDED, new=item))
    for k, item in old_by.items():
        if k not in new_by:
            changes.append(ItemChange(k, str(item.get(label) or k), REMOVED, old=item))
            continue
        other = new_by[k]
        fields = compare_fields(item, other, skip=skip)
        nested = children(item, other) if children else []
        if fields or nested:
            changes.append(
                ItemChange(
                    k,
                    str(other.get(label) or k),
                    CHANGED,
                    fields=fields,
                    children=nested,
                    old=item,
                    new=other,
                )
            )
    return changes


def _condition_keys(conditions: list[dict]) -> list[dict]:
    """Key conditions by fact and occurrence (``facility_fte``, ``facility_fte#2``)."""
    seen: Counter[str] = Counter()
    keyed = []
    for cond in conditions or []:
        fact = str(cond.get("fact"))
        seen[fact] += 1
        keyed.append({**cond, "_key": fact if seen[fact] == 1 else f"{fact}#{seen[fact]}"})
    return keyed


def _route_children(old: dict, new: dict) -> list[ItemChange]:
    changes = _compare_lists(
        _condition_keys(old.get("conditions")),
        _condition_keys(new.get("conditions")),
        key="_key",
        label="_key",
        skip=("_key",),
    )
    for change in changes:
        change.label = change.key
    texts = _compare_lists(old.get("texts"), new.get("texts"), key="valid_from", label="valid_from")
    for change in texts:
        change.key = change.label = f"texts@{change.key}"
    return changes + texts


def _parameter_children(old: dict, new: dict) -> list[ItemChange]:
    changes = _compare_lists(
        old.get("values"), new.get("values"), key="valid_from", label="valid_from"
    )
    for change in changes:
        change.unit = str(new.get("unit") or old.get("unit") or "")
    return changes


def _with_whole_values(changes: list[ItemChange]) -> list[ItemChange]:
    """Give an added or removed parameter its dated values as added or removed children."""
    for change in changes:
        if change.change == ADDED:
            change.children = _parameter_children({}, change.new or {})
        elif change.change == REMOVED:
            change.children = _parameter_children(change.old or {}, {})
    return changes


def diff_rulesets(old: dict, new: dict) -> RuleSetDiff:
    """Return what changed from ``old`` to ``new`` (both rule-set dicts)."""
    return RuleSetDiff(
        routes=_compare_lists(
            old.get("routes"),
            new.get("routes"),
            key="code",
            label="title",
            skip=("conditions", "texts"),
            children=_route_children,
        ),
        parameters=_with_whole_values(
            _compare_lists(
                old.get("parameters"),
                new.get("parameters"),
                key="code",
                label="label",
                skip=("values",),
                children=_parameter_children,
            )
        ),
        contacts=_compare_lists(old.get("contacts"), new.get("contacts"), key="code", label="name"),
        glossary=_compare_lists(old.get("glossary"), new.get("glossary"), key="term", label="term"),
        test_cases=_compare_lists(
            old.get("test_cases"), new.get("test_cases"), key="name", label="name"
        ),
    )
