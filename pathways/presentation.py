"""What the advice pages and the PDF report share: Dutch labels, route cards, grouping.

A ``RouteCard`` joins one engine ``RouteResult`` with its rule set's route data (contacts,
successors, missing questions, condition rows, attention points, next steps, sources) so the
``templates/pathways/_advice_*.html`` partials and the ``templates/pathways/report/`` templates
render from the same plain object. ``group_cards`` groups an advice's cards by status for the
pages; the report orders them itself. A ``question_url`` builder turns a missing fact into a link
to its question; without it (e.g. in a PDF) no links are made.

The engine's Dutch texts (fact labels, "onbekend" answers) are msgids marked with
``gettext_noop``: they are translated here with ``gettext`` where they are shown translated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pathways.engine.facts import FACTS_BY_CODE, STEPS
from pathways.engine.types import (
    Advice,
    ConditionTrace,
    Contact,
    Link,
    Operator,
    Outcome,
    Route,
    RouteKind,
    RouteResult,
    RuleSet,
    Status,
)

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

# How a condition row names its two values. The value compared is the school's own answer only
# for questionnaire facts: a record fact comes from the school's details and a derived fact is
# calculated, so "uw antwoord" would mislead. The threshold is a maximum or a minimum for the
# comparing operators, else simply what is required.
ANSWER_LABELS = {
    "question": _("uw antwoord"),
    "record": _("volgens de schoolgegevens"),
    "derived": _("berekend"),
}
MAXIMUM_OPERATORS = (Operator.LT, Operator.LTE)
MINIMUM_OPERATORS = (Operator.GT, Operator.GTE)

QuestionUrl = Callable[[str, str], str]  # (step, fact code) -> URL of the question

# The route's lists a card carries as they are.
ROUTE_ITEMS = ("attention_points", "next_steps", "resources", "legal_references", "sources")


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


def answer_label(fact: str) -> str:
    """Return how the value of ``fact`` came about; an unknown fact counts as an answer."""
    definition = FACTS_BY_CODE.get(fact)
    return str(ANSWER_LABELS[definition.origin if definition else "question"])


def threshold_label(operator: Operator | str) -> str:
    """Return "maximum", "minimum" or "vereist" for the threshold of ``operator``."""
    if operator in MAXIMUM_OPERATORS:
        return str(_("maximum"))
    if operator in MINIMUM_OPERATORS:
        return str(_("minimum"))
    return str(_("vereist"))


def route_anchor(code: str) -> str:
    return f"traject-{code}"


# --- Route cards ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConditionRow:
    """One condition of a route: the engine's trace with its outcome and value labels."""

    trace: ConditionTrace
    symbol: str
    outcome_label: str
    answer_label: str = ""  # "uw antwoord", "volgens de schoolgegevens" or "berekend"
    threshold_label: str = ""  # "maximum", "minimum" or "vereist"

    @property
    def label(self) -> str:
        """The fact's label, translated (the engine's label is a msgid)."""
        return gettext(self.trace.fact_label)

    @property
    def answer(self) -> str:
        """The value compared; "onbekend" and the like (no value) are msgids, values are not."""
        trace = self.trace
        return gettext(trace.answer_display) if trace.answer is None else trace.answer_display

    @property
    def gap_hint(self) -> str:
        """What would close the gap; only a condition that is not met has one."""
        return self.trace.gap_hint if self.trace.outcome is Outcome.NOT_MET else ""


@dataclass(frozen=True)
class MissingQuestion:
    fact: str
    label: str  # translated
    url: str  # "" without a question URL builder or when no step asks the fact


@dataclass(frozen=True)
class Successor:
    code: str
    title: str
    anchor: str


@dataclass(frozen=True)
class RouteCard:
    """One route of an advice, with everything a reader needs to act on it."""

    result: RouteResult
    badge: dict[str, str]  # status_badge(): status, label, symbol, colour
    kind_label: str
    anchor: str
    route: Route | None  # None when the rule set no longer knows the route
    conditions: tuple[ConditionRow, ...]
    contacts: tuple[Contact, ...]
    successors: tuple[Successor, ...]
    missing: tuple[MissingQuestion, ...]
    # Copied from the route (ROUTE_ITEMS); empty when the rule set no longer knows it.
    attention_points: tuple[str, ...] = ()
    next_steps: tuple[str, ...] = ()
    resources: tuple[Link, ...] = ()
    legal_references: tuple[Link, ...] = ()
    sources: tuple[Link, ...] = ()

    @property
    def gaps(self) -> tuple[str, ...]:
        return tuple(gap.text for gap in self.result.gaps)

    @property
    def continuation(self) -> str:
        """What continues: the school's own (when it uses the route), else the route's."""
        return self.result.continuation or (self.route.continuation if self.route else "")

    @property
    def prominent(self) -> bool:
        """Whether the card shows its first next step and contacts outside the details."""
        return self.result.status in (Status.RECOMMENDED, Status.POSSIBLE)

    @property
    def first_step(self) -> str:
        steps = self.next_steps
        return steps[0] if self.prominent and steps else ""

    @property
    def further_steps(self) -> tuple[str, ...]:
        """Return the next steps the details hold: all of them, or those after the first."""
        return self.next_steps[1:] if self.first_step else self.next_steps

    @property
    def has_details(self) -> bool:
        return bool(
            self.further_steps
            or (self.contacts and not self.prominent)
            or self.attention_points
            or self.sources
            or self.legal_references
            or self.resources
        )


@dataclass(frozen=True)
class CardGroup:
    status: Status
    heading: str
    badge: dict[str, str]
    cards: tuple[RouteCard, ...] = field(default_factory=tuple)


def condition_row(trace: ConditionTrace) -> ConditionRow:
    return ConditionRow(
        trace,
        OUTCOME_SYMBOLS[trace.outcome],
        str(OUTCOME_LABELS[trace.outcome]),
        answer_label=answer_label(trace.fact),
        threshold_label=threshold_label(trace.operator),
    )


def missing_question(code: str, question_url: QuestionUrl | None = None) -> MissingQuestion:
    fact = FACTS_BY_CODE.get(code)
    return MissingQuestion(
        fact=code,
        label=gettext(fact.label) if fact else code,
        url=question_url(fact.step, code) if question_url and fact and fact.step else "",
    )


def route_card(
    result: RouteResult, ruleset: RuleSet, question_url: QuestionUrl | None = None
) -> RouteCard:
    """Return the card of ``result``, with the route data of ``ruleset`` (the advice's rules)."""
    route = ruleset.route(result.code)
    contacts = tuple(
        c for code in (route.contacts if route else ()) if (c := ruleset.contact(code)) is not None
    )
    successors = tuple(
        Successor(code, s.title if (s := ruleset.route(code)) else code, route_anchor(code))
        for code in result.successors
    )
    return RouteCard(
        result=result,
        badge=status_badge(result.status),
        kind_label=str(KIND_LABELS.get(result.kind, result.kind)),
        anchor=route_anchor(result.code),
        route=route,
        conditions=tuple(condition_row(trace) for trace in result.conditions),
        contacts=contacts,
        successors=successors,
        missing=tuple(missing_question(code, question_url) for code in result.missing),
        **{name: tuple(getattr(route, name)) for name in ROUTE_ITEMS if route},
    )


def group_cards(
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
