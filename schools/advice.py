"""Advice as the pages show it: cards per route with route data, grouped by status.

``advice_groups`` joins an engine ``Advice`` with the rule set's route data (attention points,
next steps, contacts, sources, successors) so the ``templates/pathways/_advice_*.html`` partials
render from plain objects. ``question_url`` turns a missing fact into a link to its question;
without it (e.g. in a PDF) no links are made.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext

from pathways.condition_labels import answer_label, threshold_label
from pathways.engine.facts import FACTS_BY_CODE
from pathways.engine.types import (
    Advice,
    BoardAdvice,
    ConditionTrace,
    Contact,
    Route,
    RouteResult,
    RuleSet,
    Status,
)
from pathways.presentation import (
    KIND_LABELS,
    OUTCOME_LABELS,
    OUTCOME_SYMBOLS,
    group_results,
    status_badge,
)

QuestionUrl = Callable[[str, str], str]  # (step, fact code) -> URL of the question


@dataclass(frozen=True)
class ConditionRow:
    trace: ConditionTrace
    symbol: str
    outcome_label: str
    answer_label: str = ""  # "uw antwoord", "volgens de schoolgegevens" or "berekend"
    threshold_label: str = ""  # "maximum", "minimum" or "vereist"


@dataclass(frozen=True)
class MissingQuestion:
    fact: str
    label: str
    url: str


@dataclass(frozen=True)
class Successor:
    code: str
    title: str
    anchor: str


@dataclass(frozen=True)
class RouteCard:
    result: RouteResult
    badge: dict[str, str]
    kind_label: str
    anchor: str
    route: Route | None
    conditions: tuple[ConditionRow, ...]
    contacts: tuple[Contact, ...]
    successors: tuple[Successor, ...]
    missing: tuple[MissingQuestion, ...]

    @property
    def prominent(self) -> bool:
        """Whether the card shows its first next step and contacts outside the details."""
        return self.result.status in (Status.RECOMMENDED, Status.POSSIBLE)

    @property
    def first_step(self) -> str:
        steps = self.route.next_steps if self.route else ()
        return steps[0] if self.prominent and steps else ""

    @property
    def further_steps(self) -> tuple[str, ...]:
        """Return the next steps the details hold: all of them, or those after the first."""
        steps = tuple(self.route.next_steps) if self.route else ()
        return steps[1:] if self.first_step else steps

    @property
    def has_details(self) -> bool:
        route = self.route
        return bool(
            self.further_steps
            or (self.contacts and not self.prominent)
            or (
                route
                and (
                    route.attention_points
                    or route.sources
                    or route.legal_references
                    or route.resources
                )
            )
        )


@dataclass(frozen=True)
class CardGroup:
    status: Status
    heading: str
    badge: dict[str, str]
    cards: tuple[RouteCard, ...] = field(default_factory=tuple)


def route_anchor(code: str) -> str:
    return f"traject-{code}"


def route_card(
    result: RouteResult, ruleset: RuleSet, question_url: QuestionUrl | None = None
) -> RouteCard:
    route = ruleset.route(result.code)
    contacts = tuple(
        c for code in (route.contacts if route else ()) if (c := ruleset.contact(code)) is not None
    )
    successors = tuple(
        Successor(code, s.title if (s := ruleset.route(code)) else code, route_anchor(code))
        for code in result.successors
    )
    missing = tuple(
        MissingQuestion(
            fact=code,
            label=gettext(FACTS_BY_CODE[code].label) if code in FACTS_BY_CODE else code,
            url=question_url(FACTS_BY_CODE[code].step, code)
            if question_url and code in FACTS_BY_CODE and FACTS_BY_CODE[code].step
            else "",
        )
        for code in result.missing
    )
    conditions = tuple(
        ConditionRow(
            t,
            OUTCOME_SYMBOLS[t.outcome],
            str(OUTCOME_LABELS[t.outcome]),
            answer_label=answer_label(t.fact),
            threshold_label=threshold_label(t.operator),
        )
        for t in result.conditions
    )
    return RouteCard(
        result=result,
        badge=status_badge(result.status),
        kind_label=str(KIND_LABELS.get(result.kind, "")),
        anchor=route_anchor(result.code),
        route=route,
        conditions=conditions,
        contacts=contacts,
        successors=successors,
        missing=missing,
    )


def advice_groups(
    advice: Advice, ruleset: RuleSet, question_url: QuestionUrl | None = None
) -> list[CardGroup]:
    """Return the advice's route cards grouped by status, in reading order."""
    return [
        CardGroup(
            status=group.status,
            heading=str(group.heading),
            badge=status_badge(group.status),
            cards=tuple(route_card(r, ruleset, question_url) for r in group.results),
        )
        for group in group_results(advice)
    ]


@dataclass(frozen=True)
class BoardRow:
    code: str
    title: str
    anchor: str
    cells: tuple[dict[str, str], ...]  # one badge per school, then the pooled one


def board_rows(board_advice: BoardAdvice, ruleset: RuleSet) -> list[BoardRow]:
    """Return one row per route: the status at each school and for the schools together."""
    by_school: Sequence[dict[str, RouteResult]] = [
        {r.code: r for r in advice.results} for _name, advice in board_advice.schools
    ]
    pooled = {r.code: r for r in board_advice.pooled.results}
    rows = []
    for route in ruleset.routes:
        cells = [status_badge(results[route.code].status) for results in by_school]
        cells.append(status_badge(pooled[route.code].status))
        rows.append(BoardRow(route.code, route.title, route_anchor(route.code), tuple(cells)))
    return rows
