"""Impact preview: which schools' advice would change if the draft were published today.

Every school's latest submitted questionnaire is evaluated with the draft and with the published
version; only the routes whose status differs are listed. The rule sets are parsed once and the
caller passes the profiles in (the admin page fetches them with one bounded call,
``schools.services.submitted_profiles``), so the number of queries does not grow with the number
of routes or schools.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pathways.engine import evaluate
from pathways.engine.types import RuleSet, Status


@dataclass(frozen=True)
class StatusChange:
    route: str
    title: str
    old: Status | None  # None: the route is new in the draft
    new: Status | None  # None: the draft removes the route


@dataclass(frozen=True)
class SchoolImpact:
    school: Any
    changes: tuple[StatusChange, ...]


@dataclass(frozen=True)
class RouteImpact:
    route: str
    title: str
    schools: tuple[tuple[Any, Status | None, Status | None], ...]  # (school, old, new)


def impact_preview(
    *,
    draft: RuleSet,
    published: RuleSet,
    on: dt.date,
    profiles: Iterable[tuple[Any, Mapping[str, Any]]],
) -> list[SchoolImpact]:
    """Return the schools whose status changes for at least one route, with old and new status.

    ``profiles`` are ``(school, facts)`` pairs, e.g. every school's latest submission.
    """
    impacts = []
    for school, facts in profiles:
        before = {r.code: r for r in evaluate(facts, published, on).results}
        after = {r.code: r for r in evaluate(facts, draft, on).results}
        changes = []
        for code in dict.fromkeys([*after, *before]):
            old, new = before.get(code), after.get(code)
            old_status = old.status if old else None
            new_status = new.status if new else None
            if old_status != new_status:
                changes.append(StatusChange(code, (new or old).title, old_status, new_status))
        if changes:
            impacts.append(SchoolImpact(school, tuple(changes)))
    return impacts


def by_route(impacts: Iterable[SchoolImpact]) -> list[RouteImpact]:
    """Regroup the school impacts per route, in the order the routes first appear."""
    grouped: dict[str, tuple[str, list]] = {}
    for impact in impacts:
        for change in impact.changes:
            title, schools = grouped.setdefault(change.route, (change.title, []))
            schools.append((impact.school, change.old, change.new))
    return [RouteImpact(code, title, tuple(schools)) for code, (title, schools) in grouped.items()]
