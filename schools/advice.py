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
from pathways.presentation import route_anchor, status_badge


@dataclass(frozen=True)
class BoardRow:
    code: str
    title: str
    anchor: str
    cells: SafeString  # the row's <td> cells: one status badge per school, then the pooled one


def board_rows(board_advice: BoardAdvice, ruleset: RuleSet) -> list[BoardRow]:
    """Return one row per route: the status at each school and for the schools together."""
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
    for route in ruleset.routes:
        statuses = [results[route.code].status for results in by_school]
        statuses.append(pooled[route.code].status)
        cells = format_html_join("", "<td>{}</td>", ((badges[s],) for s in statuses))
        rows.append(BoardRow(route.code, route.title, route_anchor(route.code), cells))
    return rows
