"""Dutch labels and grouping of advice results, shared by the pages and the PDF report."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from pathways.engine.facts import FACTS_BY_CODE, STEPS
from pathways.engine.types import Advice, Outcome, RouteKind, RouteResult, Status

STATUS_ORDER = (
    Status.RECOMMENDED,
    Status.POSSIBLE,
    Status.INSUFFICIENT_DATA,
    Status.NOT_APPLICABLE,
    Status.NOT_IN_FORCE,
)

STATUS_LABELS = {
    Status.RECOMMENDED: _("Aanbevolen"),
    Status.POSSIBLE: _("Mogelijk"),
    Status.INSUFFICIENT_DATA: _("Antwoorden nodig"),
    Status.NOT_APPLICABLE: _("Niet van toepassing"),
    Status.NOT_IN_FORCE: _("Niet (meer) van kracht"),
}

# Group headings on the advice page and in the report.
STATUS_HEADINGS = {
    Status.RECOMMENDED: _("Aanbevolen voor uw school"),
    Status.POSSIBLE: _("Mogelijk, met aandachtspunten"),
    Status.INSUFFICIENT_DATA: _("Nog niet te beoordelen: er ontbreken antwoorden"),
    Status.NOT_APPLICABLE: _("Niet van toepassing"),
    Status.NOT_IN_FORCE: _("Niet meer of nog niet van kracht"),
}

# A symbol per status, so the status is readable without colour.
STATUS_SYMBOLS = {
    Status.RECOMMENDED: "✔",
    Status.POSSIBLE: "◐",
    Status.INSUFFICIENT_DATA: "?",
    Status.NOT_APPLICABLE: "✘",
    Status.NOT_IN_FORCE: "⏸",
}

# Bootstrap colour names per status (colour is never the only signal).
STATUS_COLOURS = {
    Status.RECOMMENDED: "success",
    Status.POSSIBLE: "info",
    Status.INSUFFICIENT_DATA: "warning",
    Status.NOT_APPLICABLE: "secondary",
    Status.NOT_IN_FORCE: "dark",
}

OUTCOME_LABELS = {
    Outcome.MET: _("voldaan"),
    Outcome.NOT_MET: _("niet voldaan"),
    Outcome.UNKNOWN: _("onbekend"),
}
OUTCOME_SYMBOLS = {Outcome.MET: "✔", Outcome.NOT_MET: "✘", Outcome.UNKNOWN: "?"}

KIND_LABELS = {
    RouteKind.EMPLOYER: _("School als werkgever"),
    RouteKind.CUSTOMER: _("School als klant"),
    RouteKind.WORKPLACE: _("School als werkplek"),
    RouteKind.STAGE_HOST: _("School als stageplaats"),
    RouteKind.EMPLOYER_MEASURE: _("Maatregel voor werkgevers"),
}

STEP_TITLES = dict((code, title) for code, title, _intro in STEPS)


@dataclass(frozen=True)
class StatusGroup:
    status: Status
    label: str
    heading: str
    symbol: str
    colour: str
    results: tuple[RouteResult, ...]


def status_badge(status: Status | str) -> dict[str, str]:
    """Return label, symbol and colour of a status, for templates."""
    status = Status(status)
    return {
        "status": status.value,
        "label": STATUS_LABELS[status],
        "symbol": STATUS_SYMBOLS[status],
        "colour": STATUS_COLOURS[status],
    }


def group_results(advice: Advice) -> list[StatusGroup]:
    """Group an advice's results by status in reading order; empty groups are left out."""
    groups = []
    for status in STATUS_ORDER:
        results = tuple(r for r in advice.results if r.status is status)
        if results:
            groups.append(
                StatusGroup(
                    status=status,
                    label=STATUS_LABELS[status],
                    heading=STATUS_HEADINGS[status],
                    symbol=STATUS_SYMBOLS[status],
                    colour=STATUS_COLOURS[status],
                    results=results,
                )
            )
    return groups


def fact_label(code: str) -> str:
    fact = FACTS_BY_CODE.get(code)
    return fact.label if fact else code


def fact_step(code: str) -> str:
    fact = FACTS_BY_CODE.get(code)
    return fact.step if fact else ""
