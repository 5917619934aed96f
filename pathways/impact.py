"""Impact preview: which schools' advice would change if the draft were published today.

Every school's latest submitted questionnaire is evaluated with the draft and with the published
version; the routes whose status or texts differ are listed, with what differs (a dated text that
starts, a condition made informational, a threshold that changes what a condition says). The
rule sets are parsed once and the caller passes the profiles in (the admin page fetches them with
one bounded call, ``schools.services.submitted_profiles``), so the number of queries does not
grow with the number of routes or schools.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from pathways.engine import evaluate
from pathways.engine.types import RouteResult, RuleSet, Status

# What a school reads of a route, besides its status, and how the preview names each part.
TEXT_PARTS = {
    "summary": _("samenvatting"),
    "attention_points": _("aandachtspunten"),
    "next_steps": _("volgende stappen"),
    "continuation": _("wat loopt verder"),
    "conditions": _("uitleg bij de voorwaarden"),
}


@dataclass(frozen=True)
class StatusChange:
    route: str
    title: str
    old: Status | None  # None: the route is new in the draft
    new: Status | None  # None: the draft removes the route
    parts: tuple[str, ...] = ()  # the TEXT_PARTS keys whose text changes

    @property
    def status_changes(self) -> bool:
        return self.old != self.new

    @property
    def texts(self) -> tuple[str, ...]:
        """The names of the texts that change, in the active language."""
        return tuple(str(TEXT_PARTS[part]) for part in self.parts)


@dataclass(frozen=True)
class SchoolImpact:
    school: Any
    changes: tuple[StatusChange, ...]


@dataclass(frozen=True)
class RouteImpact:
    route: str
    title: str
    # (school, old status, new status, labels of the texts that change)
    schools: tuple[tuple[Any, Status | None, Status | None, tuple[str, ...]], ...]


def impact_preview(
    *,
    draft: RuleSet,
    published: RuleSet,
    on: dt.date,
    profiles: Iterable[tuple[Any, Mapping[str, Any]]],
) -> list[SchoolImpact]:
    """Return the schools whose advice changes for at least one route: status or texts.

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
            parts = changed_parts(old, new) if old and new else ()
            if old_status != new_status or parts:
                changes.append(
                    StatusChange(code, (new or old).title, old_status, new_status, parts)
                )
        if changes:
            impacts.append(SchoolImpact(school, tuple(changes)))
    return impacts


def by_route(impacts: Iterable[SchoolImpact]) -> list[RouteImpact]:
    """Regroup the school impacts per route, in the order the routes first appear."""
    grouped: dict[str, tuple[str, list]] = {}
    for impact in impacts:
        for change in impact.changes:
            title, schools = grouped.setdefault(change.route, (change.title, []))
            schools.append((impact.school, change.old, change.new, change.texts))
    return [RouteImpact(code, title, tuple(schools)) for code, (title, schools) in grouped.items()]


def _readable(result: RouteResult) -> dict[str, Any]:
    return {
        "summary": result.summary,
        "attention_points": result.attention_points,
        "next_steps": result.next_steps,
        "continuation": result.continuation,
        "conditions": tuple(
            (t.fact, t.kind.value, t.outcome.value, t.reason) for t in result.conditions
        ),
    }


def changed_parts(old: RouteResult, new: RouteResult) -> tuple[str, ...]:
    """Return the ``TEXT_PARTS`` keys of the texts a school reads differently in ``new``."""
    before, after = _readable(old), _readable(new)
    return tuple(key for key in TEXT_PARTS if before[key] != after[key])
