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

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language, gettext, npgettext
from django.utils.translation import gettext_lazy as _

from pathways.engine.facts import FACTS_BY_CODE, ROUTE_CODES, VALUELESS_OPERATORS
from pathways.engine.numbers import GROUPING_FROM, parameter_number
from pathways.engine.text import NO, NONE_SELECTED, UNKNOWN, YES, render
from pathways.engine.types import (
    Advice,
    BoardAdvice,
    ConditionTrace,
    Contact,
    FactDef,
    FactType,
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

# The route kinds in words: the advice, the report and the admin's choices (``models.Kind``).
KIND_LABELS = {
    RouteKind.EMPLOYER: _("School als werkgever"),
    RouteKind.CUSTOMER: _("School als klant"),
    RouteKind.WORKPLACE: _("School als werkplek"),
    RouteKind.STAGE_HOST: _("School als stageplaats"),
    RouteKind.EMPLOYER_MEASURE: _("Maatregel voor werkgevers"),
}

# How a condition row names its two values. The value compared is the school's own answer only
# for questionnaire facts: a record fact comes from the school's details and a derived fact is
# calculated, so "uw antwoord" would mislead. The threshold is a maximum or a minimum for the
# comparing operators, else simply what is required.
ANSWER_LABELS = {
    "question": _("uw antwoord"),
    "record": _("volgens de schoolgegevens"),
    "derived": _("uit uw gegevens"),
}
MAXIMUM_OPERATORS = (Operator.LT, Operator.LTE)
MINIMUM_OPERATORS = (Operator.GT, Operator.GTE)

QuestionUrl = Callable[[str, str], str]  # (step, fact code) -> URL of the question

# The route's links a card carries, as plain title and address: notes (confidence codes,
# research notes) stay in the admin and the rule file.
ROUTE_LINKS = ("resources", "legal_references", "sources")
# The texts that can change on a date come from the result, which holds those in force.
RESULT_TEXTS = ("attention_points", "next_steps")
INFORMATIONAL_LABEL = _("ter informatie")
SUPPORTING_LABEL = _("aanbevolen")


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


# Dates in words in the active language ("1 september 2026", "1 September 2026"): Django's
# month names, never the engine's Dutch ones. The formats are the project's per language
# (``FORMAT_MODULE_PATH``, seapp/formats/), the same ones Django's admin writes dates with.


def display_date(value: dt.date) -> str:
    """Return ``value`` in words in the active language, e.g. "6 maart 2020"/"6 March 2020".

    A date-time is written as its date in Brussels.
    """
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return _date_in_words(value, get_language())


@functools.lru_cache(maxsize=4096)
def _date_in_words(value: dt.date, language: str | None) -> str:
    # Kept per date and language: a board page words a date for each of its schools.
    return date_format(value, "DATE_FORMAT")


def display_datetime(value: dt.datetime) -> str:
    """Return a moment in Brussels time in the active language: "6 maart 2020 14:05".

    English: "6 March 2020, 14:05". A naive value is taken as Brussels time already.
    """
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, "DATETIME_FORMAT")


# The fact registry's units (msgids, as Dutch writes them after a number other than 1) with
# their forms by count, so "1 vestiging", "2 vestigingen", "1 site", "2 sites". Units that do
# not change with the count ("VTE", "EUR") are translated as they are.
UNIT_FORMS: dict[str, Callable[[int], str]] = {
    "leerlingen": lambda n: npgettext("unit", "leerling", "leerlingen", n),
    "vestigingen": lambda n: npgettext("unit", "vestiging", "vestigingen", n),
    "uur/week": lambda n: npgettext("unit", "uur/week", "uur/week", n),
    "jaar": lambda n: npgettext("unit", "jaar", "jaar", n),
    "maanden": lambda n: npgettext("unit", "maand", "maanden", n),
}


def display_number(number: float | int) -> str:
    """Return ``number`` as the active language writes it, rounded to two decimals.

    Django's localisation: "2,5" and "240.000" in Dutch, "2.5" and "240,000" in English; no
    trailing zeros ("5", not "5,00"); thousands grouped from ``GROUPING_FROM`` up.
    """
    rounded = round(float(number), 2) + 0.0  # + 0.0: no "-0"
    value = int(rounded) if rounded.is_integer() else Decimal(repr(rounded))
    return number_format(value, use_l10n=True, force_grouping=abs(rounded) >= GROUPING_FROM)


def display_amount(number: float | int, unit: str) -> str:
    """Return ``number`` with its unit (a fact's unit msgid, "" for none) in the active language.

    The unit takes its singular or plural form by the number ("1 vestiging", "1,5 uur/week");
    a fraction takes the plural, as in Dutch and English ("0,5 vestigingen").
    """
    text = display_number(number)
    if not unit:
        return text
    forms = UNIT_FORMS.get(unit)
    if forms is None:
        return f"{text} {gettext(unit)}"
    rounded = round(float(number), 2)
    return f"{text} {forms(int(rounded) if rounded.is_integer() else 2)}"


def display_parameter_value(value: Any, unit: str) -> str:
    """Return a dated parameter value with its unit as the language writes amounts
    (``display_amount``); a value that is not a usable amount (``parameter_number``: stored in a
    version published before values were checked) as it was typed, with the unit."""
    if parameter_number(value) is None:
        return f"{value} {unit}".strip()
    return display_amount(value, unit)


def choice_label(fact: FactDef | None, code: object) -> str:
    """Return the translated label of the choice ``code`` of ``fact``; an unknown code as is."""
    for choice, label in fact.choices if fact else ():
        if choice == code:
            return gettext(label)
    return str(code)


def route_choices(ruleset: RuleSet | None) -> list[tuple[str, str]]:
    """Return (code, name) per route of the registry (``ROUTE_CODES``, in its order), each named
    as the advice names it: the route's title in ``ruleset`` (the published rule set; rule data,
    Dutch in both languages, like the advice's route names).

    The questionnaire's "Wat loopt al" choices, its check page and the "Wie kan helpen?" filter
    use it, so a route has one name on every page. A code the rule set lacks, or every code
    without a rule set (None), keeps the registry's label, translated.
    """
    titles = {route.code: route.title for route in ruleset.routes} if ruleset else {}
    return [(code, titles.get(code) or gettext(label)) for code, label in ROUTE_CODES]


def value_display(fact: FactDef | None, value: object) -> str:
    """Return an answer or threshold as the interface shows it, in the active language.

    The same cases as the engine's ``format_value`` (which writes Dutch for the PDF and the API),
    each part translated: "ja"/"yes", a choice's label, a number in the language's format with
    its unit by count ("1 vestiging"/"1 site"), a date in words, "niet beantwoord" for None.
    ``fact`` is a ``FactDef`` or ``None`` (no unit, no choice labels).
    """
    if value is None:
        return gettext(UNKNOWN)
    if isinstance(value, bool):
        return gettext(YES if value else NO)
    if isinstance(value, int | float):
        return display_amount(value, fact.unit if fact else "")
    if isinstance(value, dt.date):
        return display_date(value)
    if isinstance(value, list | tuple | frozenset | set):
        if not value:
            return gettext(NONE_SELECTED)
        return ", ".join(choice_label(fact, code) for code in value)
    if fact is not None and fact.type in (FactType.CHOICE, FactType.MULTICHOICE):
        return choice_label(fact, value)
    return str(value)


def fact_label(code: str) -> str:
    fact = FACTS_BY_CODE.get(code)
    return fact.label if fact else code


def answer_label(fact: str) -> str:
    """Return how the value of ``fact`` came about; an unknown fact counts as an answer."""
    definition = FACTS_BY_CODE.get(fact)
    return str(ANSWER_LABELS[definition.origin if definition else "question"])


def threshold_label(operator: Operator | str) -> str:
    """Return "maximum", "minimum" or "nodig" for the threshold of ``operator``."""
    if operator in MAXIMUM_OPERATORS:
        return str(_("maximum"))
    if operator in MINIMUM_OPERATORS:
        return str(_("minimum"))
    return str(_("nodig"))


def route_anchor(code: str) -> str:
    return f"traject-{code}"


# --- Route cards ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConditionRow:
    """One condition of a route: the engine's trace with its outcome and value labels."""

    trace: ConditionTrace
    symbol: str
    outcome_label: str
    answer_label: str = ""  # "uw antwoord", "volgens de schoolgegevens" or "uit uw gegevens"
    threshold_label: str = ""  # "maximum", "minimum" or "nodig"

    @property
    def label(self) -> str:
        """The fact's label, translated (the engine's label is a msgid)."""
        return gettext(self.trace.fact_label)

    @property
    def answer(self) -> str:
        """The value compared, in the active language (``value_display``); with no value the
        engine's word for it ("niet beantwoord"), translated."""
        trace = self.trace
        if trace.answer is None:
            return gettext(trace.answer_display)
        return value_display(FACTS_BY_CODE.get(trace.fact), trace.answer)

    @property
    def threshold(self) -> str:
        """The value compared against, in the active language: "ja"/"yes" for "is ja"."""
        trace = self.trace
        fact = FACTS_BY_CODE.get(trace.fact)
        if trace.operator in VALUELESS_OPERATORS:
            return value_display(fact, trace.operator == Operator.IS_TRUE)
        if trace.threshold is None:
            return gettext(trace.threshold_display)
        return value_display(fact, trace.threshold)

    @property
    def gap_hint(self) -> str:
        """What would close the gap; only a condition that is not met has one."""
        return self.trace.gap_hint if self.trace.outcome is Outcome.NOT_MET else ""

    @property
    def informational(self) -> bool:
        return self.trace.informational

    @property
    def kind_label(self) -> str:
        """ "ter informatie" or "aanbevolen"; "" for a required condition."""
        if self.trace.informational:
            return str(INFORMATIONAL_LABEL)
        return "" if self.trace.required else str(SUPPORTING_LABEL)


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
    # The texts in force on the advice date (RESULT_TEXTS) and the route's links without their
    # notes (ROUTE_LINKS); links are empty when the rule set no longer knows the route.
    attention_points: tuple[str, ...] = ()
    next_steps: tuple[str, ...] = ()
    resources: tuple[Link, ...] = ()
    legal_references: tuple[Link, ...] = ()
    sources: tuple[Link, ...] = ()
    route_continuation: str = ""  # the route's continuation text in force on the advice date

    @property
    def gaps(self) -> tuple[str, ...]:
        return tuple(gap.text for gap in self.result.gaps)

    @property
    def continuation(self) -> str:
        """What continues: the school's own (when it uses the route), else the route's."""
        return self.result.continuation or self.route_continuation

    @property
    def prominent(self) -> bool:
        """Whether the card shows its first next step and contacts outside the details."""
        return self.result.status in (Status.RECOMMENDED, Status.POSSIBLE)

    @property
    def first_step(self) -> str:
        steps = self.next_steps
        return steps[0] if self.prominent and steps else ""

    @property
    def step_contact(self) -> Contact | None:
        """Return the contact to call first: the one the first step names, so both agree.

        When the first step names none of the route's contacts (it says to check a contract
        first, say), the contact the earliest later step names; when no step names one, the
        route's first contact (``None`` without contacts). The route's contacts keep no order
        of their own (a published rule set lists them by code), so the first of them may be a
        contact the first step does not mention at all.
        """
        if not self.first_step:
            return None
        for step in self.next_steps:
            named = named_contacts(step, self.contacts)
            if named:
                return named[0]
        return self.contacts[0] if self.contacts else None

    @property
    def further_steps(self) -> tuple[str, ...]:
        """Return the next steps the details hold: all of them, or those after the first."""
        return self.next_steps[1:] if self.first_step else self.next_steps

    @property
    def required_conditions(self) -> tuple[ConditionRow, ...]:
        return tuple(row for row in self.conditions if row.trace.required)

    @property
    def supporting_conditions(self) -> tuple[ConditionRow, ...]:
        """The conditions that make a route fit better without deciding it."""
        return tuple(
            row for row in self.conditions if not row.trace.required and not row.informational
        )

    @property
    def informational_conditions(self) -> tuple[ConditionRow, ...]:
        """The conditions that only explain (a procedure, a threshold); never the status."""
        return tuple(row for row in self.conditions if row.informational)

    @property
    def reason(self) -> str:
        """Return one line naming what decides the status: the condition, gap or question."""
        return deciding_reason(self.result, self.missing)

    @property
    def has_details(self) -> bool:
        return bool(
            self.further_steps
            or self.contacts
            or self.conditions
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


def contact_names(contact: Contact) -> tuple[str, ...]:
    """Return the ways a step can name ``contact``: its name, its name before a bracket
    ("OCMW" for "OCMW (sociale dienst van het lokaal bestuur)") and its e-mail address."""
    short = contact.name.split(" (", 1)[0].strip()
    return tuple(dict.fromkeys(n for n in (contact.name, short, contact.email) if n))


def named_contacts(text: str, contacts: tuple[Contact, ...]) -> tuple[Contact, ...]:
    """Return the ``contacts`` that ``text`` names, in the order the text names them.

    Case-insensitive, on whole words: "Bel de wijk-werkorganisator" names the contact
    "Wijk-werkorganisator (gemeente of ...)"; "VDAB" is not named by "VDAB-stage" or "xVDAB".
    """
    found = []
    for contact in contacts:
        positions = [
            m.start()
            for name in contact_names(contact)
            if (m := re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, re.IGNORECASE))
        ]
        if positions:
            found.append((min(positions), contact))
    return tuple(contact for _position, contact in sorted(found, key=lambda pair: pair[0]))


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


def plain_link(link: Link) -> Link:
    """Return ``link`` as a school sees it: title and address, without the research note."""
    return Link(title=link.title, url=link.url)


def route_card(
    result: RouteResult,
    ruleset: RuleSet,
    question_url: QuestionUrl | None = None,
    *,
    on: dt.date | None = None,
) -> RouteCard:
    """Return the card of ``result``, with the route data of ``ruleset`` (the advice's rules).

    ``on`` is the advice date: the route's continuation text shown is the one in force then
    (without it, the route's base text).
    """
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
        **{name: tuple(getattr(result, name)) for name in RESULT_TEXTS},
        **{
            name: tuple(plain_link(x) for x in getattr(route, name))
            for name in ROUTE_LINKS
            if route
        },
        route_continuation=(
            (route.texts_on(on).continuation if on else route.continuation) if route else ""
        ),
    )


def group_cards(
    advice: Advice, ruleset: RuleSet, question_url: QuestionUrl | None = None
) -> list[CardGroup]:
    """Return the advice's route cards grouped by status, in reading order."""
    return cards_by_status(
        [route_card(r, ruleset, question_url, on=advice.on) for r in advice.results]
    )


def reading_order(cards: list[RouteCard]) -> list[RouteCard]:
    """Return ``cards`` in the one order every list of an advice's routes uses.

    By status (``STATUS_ORDER``), then by how many supporting conditions hold (most first),
    then in the order given (the rule set's). "Wat nu doen?" picks its routes from this order
    and shows them in it, so they stand in the same order as in the status groups and the
    report's overview table below it.
    """
    ranked = sorted(
        enumerate(cards),
        key=lambda pair: (
            STATUS_ORDER.index(pair[1].result.status),
            -_supporting_met(pair[1]),
            pair[0],
        ),
    )
    return [card for _position, card in ranked]


def cards_by_status(cards: list[RouteCard], leave_out: tuple[Status, ...] = ()) -> list[CardGroup]:
    """Group ``cards`` by status, each group in ``reading_order``; empty groups and
    ``leave_out`` are left out."""
    groups = []
    for status in STATUS_ORDER:
        if status in leave_out:
            continue
        members = tuple(c for c in reading_order(cards) if c.result.status is status)
        if members:
            groups.append(
                CardGroup(
                    status=status,
                    heading=str(STATUS_HEADINGS[status]),
                    badge=status_badge(status),
                    cards=members,
                )
            )
    return groups


# --- Decision first -------------------------------------------------------------------------

# The status reasons that name no condition; ``deciding_reason`` replaces them.
MSG_ANSWER_NEEDED = _("Antwoord nodig: %(question)s")
MSG_ANSWERS_NEEDED = _("Antwoord nodig: %(question)s (en nog %(count)s andere vragen)")
MSG_ANSWER_AND_ONE_MORE = _("Antwoord nodig: %(question)s (en nog 1 andere vraag)")

# Facts a school cannot change by acting differently: a route that fails on them is no near miss.
FIXED_ORIGINS = ("record",)


def _trace_text(trace: ConditionTrace, gaps_by_fact: dict[str, str]) -> str:
    """Return a condition's own words: its gap ("1,8 VTE tekort") or its reason."""
    if trace.outcome is Outcome.NOT_MET and trace.fact in gaps_by_fact:
        return gaps_by_fact[trace.fact]
    return trace.reason or gettext(trace.fact_label)


def _missing_text(missing: tuple[MissingQuestion, ...]) -> str:
    first = missing[0].label
    more = len(missing) - 1
    if more == 0:
        return str(MSG_ANSWER_NEEDED) % {"question": first}
    if more == 1:
        return str(MSG_ANSWER_AND_ONE_MORE) % {"question": first}
    return str(MSG_ANSWERS_NEEDED) % {"question": first, "count": more}


def deciding_reason(result: RouteResult, missing: tuple[MissingQuestion, ...] = ()) -> str:
    """Return one line naming the condition, gap or question that decides ``result``'s status.

    Recommended: the first condition met on something the school answered (why it fits),
    else the first condition met. Possible: the first
    supporting condition not (yet) met. Not applicable: the first necessary condition not met,
    as its gap when it has one ("3 VTE tekort"). Lacking answers: the first question to answer.
    Not in force: the engine's sentence with the date. Falls back on the engine's sentence.
    """
    status = result.status
    gaps_by_fact = {gap.fact: gap.text for gap in result.gaps}
    traces = result.conditions
    required = [t for t in traces if t.required]
    supporting = [t for t in traces if not t.required]
    chosen: ConditionTrace | None = None
    if status is Status.RECOMMENDED:
        # What the school said or does outweighs where it lies: the record is no reason to act.
        met = [t for t in required + supporting if t.outcome is Outcome.MET]
        chosen = next((t for t in met if not _fixed(t.fact)), None) or next(iter(met), None)
    elif status is Status.POSSIBLE:
        chosen = next((t for t in supporting if t.outcome is not Outcome.MET), None)
    elif status is Status.NOT_APPLICABLE:
        chosen = next((t for t in required if t.outcome is Outcome.NOT_MET), None)
    elif status is Status.INSUFFICIENT_DATA:
        questions = missing or tuple(missing_question(code) for code in result.missing)
        if questions:
            return _missing_text(questions)
        chosen = next((t for t in required if t.outcome is Outcome.UNKNOWN), None)
    elif status is Status.NOT_IN_FORCE and result.status_template and result.status_date:
        # The engine's sentence with its date, both in the active language.
        return render(gettext(result.status_template), date=display_date(result.status_date))
    if chosen is None:
        return result.status_reason
    return _trace_text(chosen, gaps_by_fact)


@dataclass(frozen=True)
class OpenQuestion:
    """A question whose answer would decide one or more routes."""

    question: MissingQuestion
    routes: tuple[Successor, ...]  # the routes it decides (code, title, anchor)


@dataclass(frozen=True)
class NearMiss:
    """A route that fails on one condition the school can change."""

    card: RouteCard
    reason: str


@dataclass(frozen=True)
class RegionNote:
    """For a school outside the Flemish Region: the measures that don't apply, whom to ask."""

    region: str  # the region's name in the active language
    routes: tuple[Successor, ...]
    hints: tuple[str, ...]  # the rule data's hints on what applies instead
    sources: tuple[str, ...]  # source URLs of those conditions

    @property
    def source_sites(self) -> tuple[tuple[str, str], ...]:
        """``(url, site)`` per source, the site being the URL's host without ``www.``.

        Paper names each source by its site, so the line stays short; the link keeps the URL
        and the full report's source list prints it.
        """
        return tuple(
            (url, (urlsplit(url).hostname or url).removeprefix("www.")) for url in self.sources
        )


@dataclass(frozen=True)
class Decision:
    """The "Wat nu doen?" summary of an advice: what to do first, what would open more."""

    top: tuple[RouteCard, ...]
    questions: tuple[OpenQuestion, ...]
    near_misses: tuple[NearMiss, ...]
    region: RegionNote | None
    closed: tuple[RouteCard, ...]  # routes no longer (or not yet) in force

    @property
    def opens_more(self) -> bool:
        return bool(self.questions or self.near_misses)


def _supporting_met(card: RouteCard) -> int:
    return sum(1 for row in card.supporting_conditions if row.trace.outcome is Outcome.MET)


def top_cards(cards: list[RouteCard], limit: int = 3) -> tuple[RouteCard, ...]:
    """Return up to ``limit`` routes that fit best, preferring different kinds of route.

    Fitting routes are recommended or possible and not already in use; they rank in
    ``reading_order`` (by status, then by how many supporting conditions hold, then in the rule
    set's order), and the routes picked are shown in that order too. Within one status, the
    first pick of each kind of route (employer, customer, workplace, ...) comes before a second
    of a kind, so a school sees different ways to act rather than three variants of one; a
    possible route never displaces a recommended one for variety's sake.
    """
    fitting = [
        c
        for c in reading_order(cards)
        if c.result.status in (Status.RECOMMENDED, Status.POSSIBLE) and not c.result.in_use
    ]
    picked: list[RouteCard] = []
    kinds: set[str] = set()
    for status in (Status.RECOMMENDED, Status.POSSIBLE):
        group = [c for c in fitting if c.result.status == status]
        new_kinds = []
        for card in group:
            if card.result.kind not in kinds:
                new_kinds.append(card)
                kinds.add(card.result.kind)
        picked += new_kinds + [c for c in group if c not in new_kinds]
    return tuple(sorted(picked[:limit], key=fitting.index))


def _fixed(fact: str) -> bool:
    """Whether ``fact`` comes from the school's record (directly or derived from it only)."""
    definition = FACTS_BY_CODE.get(fact)
    if definition is None:
        return False
    if definition.origin in FIXED_ORIGINS:
        return True
    return bool(definition.depends_on) and all(_fixed(code) for code in definition.depends_on)


def open_questions(cards: list[RouteCard], limit: int = 3) -> tuple[OpenQuestion, ...]:
    """Return the questions that decide the most routes lacking answers, most routes first."""
    by_fact: dict[str, tuple[MissingQuestion, list[Successor]]] = {}
    for card in cards:
        if card.result.status not in (Status.INSUFFICIENT_DATA, Status.POSSIBLE):
            continue
        for question in card.missing:
            entry = by_fact.setdefault(question.fact, (question, []))
            entry[1].append(Successor(card.result.code, card.result.title, card.anchor))
    ranked = sorted(by_fact.values(), key=lambda entry: -len(entry[1]))
    return tuple(OpenQuestion(question, tuple(routes)) for question, routes in ranked[:limit])


def near_misses(cards: list[RouteCard], limit: int = 3) -> tuple[NearMiss, ...]:
    """Return routes that fail on exactly one necessary condition the school can change."""
    found = []
    for card in cards:
        if card.result.status is not Status.NOT_APPLICABLE:
            continue
        failed = [t for t in card.result.conditions if t.required and t.outcome is Outcome.NOT_MET]
        if len(failed) == 1 and not _fixed(failed[0].fact):
            found.append(NearMiss(card, card.reason))
    return tuple(found[:limit])


REGION_FACT = "region"
HOME_REGION = "flanders"


def region_note(advice: Advice, cards: list[RouteCard]) -> RegionNote | None:
    """Return what doesn't apply outside the Flemish Region, from the rules' region conditions."""
    region = advice.facts.get(REGION_FACT)
    if region in (None, HOME_REGION):
        return None
    routes, hints, sources, name = [], [], [], ""
    for card in cards:
        if card.result.status is Status.NOT_IN_FORCE:
            continue  # gone everywhere: the region changes nothing about it
        for trace in card.result.conditions:
            if trace.fact != REGION_FACT or trace.outcome is not Outcome.NOT_MET:
                continue
            name = value_display(FACTS_BY_CODE.get(trace.fact), trace.answer)
            if not trace.required:
                continue
            routes.append(Successor(card.result.code, card.result.title, card.anchor))
            if trace.gap_hint and trace.gap_hint not in hints:
                hints.append(trace.gap_hint)
            if trace.source and trace.source not in sources:
                sources.append(trace.source)
    if not routes:
        return None
    # "Elders gelden andere regels." says less than "Elders gelden andere regels; vraag X.".
    hints = [h for h in hints if not any(o != h and o.startswith(h.rstrip(".")) for o in hints)]
    return RegionNote(name, tuple(routes), _said_once(hints), tuple(sources))


def _said_once(hints: list[str]) -> tuple[str, ...]:
    """Drop a lead clause (before ";") that an earlier hint already said: "A; vraag X." and
    "A; vraag Y." read "A; vraag X." and "Vraag Y."."""
    said, out = set(), []
    for hint in hints:
        lead, sep, rest = hint.partition(";")
        if sep and lead in said and rest.strip():
            rest = rest.strip()
            out.append(rest[0].upper() + rest[1:])
        else:
            out.append(hint)
        if sep:
            said.add(lead)
    return tuple(out)


def decide(advice: Advice, cards: list[RouteCard]) -> Decision:
    """Return the decision summary of ``advice`` from its cards (in the advice's order)."""
    return Decision(
        top=top_cards(cards),
        questions=open_questions(cards),
        near_misses=near_misses(cards),
        region=region_note(advice, cards),
        closed=tuple(c for c in cards if c.result.status is Status.NOT_IN_FORCE),
    )


def advice_cards(
    advice: Advice, ruleset: RuleSet, question_url: QuestionUrl | None = None
) -> list[RouteCard]:
    """Return a card per route of ``advice``, in the advice's (the rule set's) order."""
    return [route_card(result, ruleset, question_url, on=advice.on) for result in advice.results]


def decision_first(
    advice: Advice, ruleset: RuleSet, question_url: QuestionUrl | None = None
) -> dict[str, Any]:
    """Return what an advice page shows of ``advice``, decision first, as template context.

    ``decision`` ("Wat nu doen?", the region note and the routes no longer in force),
    ``groups`` (every other route by status) and ``closed_badge`` (the badge of the folded
    section). The school advice page and the quick scan's advice page both render from it
    (``pathways/_advice_first.html`` and ``pathways/_advice_all.html``); ``question_url``
    links the open questions to where they are asked (None: no links).
    """
    cards = advice_cards(advice, ruleset, question_url)
    return {
        "decision": decide(advice, cards),
        "groups": cards_by_status(cards, leave_out=(Status.NOT_IN_FORCE,)),
        "closed_badge": status_badge(Status.NOT_IN_FORCE),
    }


# --- Boards whose schools differ ---------------------------------------------------------------


@dataclass(frozen=True)
class DifferenceRow:
    """A fact that should be the same for a board's schools: each value with its schools."""

    label: str  # the fact, translated
    values: tuple[tuple[str, tuple[str, ...]], ...]  # (translated value, school names)


@dataclass(frozen=True)
class GroupAdvice:
    """The advice pooled over one group of schools that agree (same region, board type)."""

    label: str  # e.g. "Gewest: Vlaams Gewest"
    schools: tuple[str, ...]
    groups: list[CardGroup]


def _value_label(code: str, value: object) -> str:
    if value is None:
        return gettext("niet gekend")
    return value_display(FACTS_BY_CODE.get(code), value)


def board_differences(board_advice: BoardAdvice) -> list[DifferenceRow]:
    """Return the facts a board's schools differ on, as the board page shows them."""
    return [
        DifferenceRow(
            label=gettext(fact_label(d.fact)),
            values=tuple((_value_label(d.fact, value), names) for value, names in d.values),
        )
        for d in board_advice.differences
    ]


def board_group_advice(board_advice: BoardAdvice, ruleset: RuleSet) -> list[GroupAdvice]:
    """Return the advice pooled per group of agreeing schools, with a readable label."""
    shown = {d.fact for d in board_advice.differences}
    return [
        GroupAdvice(
            label="; ".join(
                f"{gettext(fact_label(code))}: {_value_label(code, value)}"
                for code, value in group.values
                if code in shown
            ),
            schools=group.schools,
            groups=group_cards(group.advice, ruleset),
        )
        for group in board_advice.groups
    ]
