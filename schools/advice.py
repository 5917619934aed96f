"""Advice as only the pages show it: a board's statuses per route and school.

The route cards and their grouping by status are shared with the PDF report and live in
``pathways.presentation`` (``route_card``, ``group_cards``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pathways.engine.types import BoardAdvice, RouteResult, RuleSet
from pathways.presentation import route_anchor, status_badge


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
