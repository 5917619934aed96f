"""Advice as only the pages show it: a board's statuses per route and school.

The route cards and their grouping by status are shared with the PDF report and live in
``pathways.presentation`` (``route_card``, ``group_cards``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from pathways.engine.types import BoardAdvice, RouteResult, RuleSet, Status
from pathways.presentation import (
    RouteCard,
    reading_order,
    route_anchor,
    status_badge,
)


@dataclass(frozen=True)
class BoardRow:
    code: str
    title: str
    anchor: str
    cells: SafeString  # the row's <td> cells: one status badge per school, then the pooled one
    closed: bool  # no longer (or not yet) in force on the advice date


def board_rows(
    board_advice: BoardAdvice, ruleset: RuleSet, cards: Sequence[RouteCard]
) -> list[BoardRow]:
    """Return one row per route: the status at each school and for the schools together.

    The rows follow ``reading_order`` of the schools' advice together (``cards``: the pooled
    advice's cards, ``advice_cards``), the order of the school advice page: by status,
    then by supporting conditions met, then the rule set's order; so the routes no longer in
    force (``closed``) come last, and the page folds them away as the school page does.
    """
    by_school: Sequence[dict[str, RouteResult]] = [
        {r.code: r for r in advice.results} for _name, advice in board_advice.schools
    ]
    pooled = {r.code: r for r in board_advice.pooled.results}
    # A board may have a thousand schools: each status's badge is rendered once, not per cell.
    badges = {
        status: render_to_string("pathways/_advice_badge.html", {"badge": status_badge(status)})
        for status in Status
    }
    rows = []
    for card in reading_order(list(cards)):
        code = card.result.code
        route = ruleset.route(code)
        statuses = [results[code].status for results in by_school]
        statuses.append(pooled[code].status)
        cells = format_html_join("", "<td>{}</td>", ((badges[s],) for s in statuses))
        title = route.title if route else card.result.title
        closed = pooled[code].status is Status.NOT_IN_FORCE
        rows.append(BoardRow(code, title, route_anchor(code), cells, closed))
    return rows
