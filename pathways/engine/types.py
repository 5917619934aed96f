"""Plain data the engine takes in and gives back.

Everything here is a frozen dataclass or an enum: no Django, no I/O. Rule data arrives as a
``RuleSet`` (built by ``loader.ruleset_from_dict``), facts as a plain mapping of fact code to
value, and the engine returns an ``Advice`` with a full trace.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any


class FactType(StrEnum):
    NUMBER = "number"
    BOOLEAN = "boolean"
    CHOICE = "choice"
    MULTICHOICE = "multichoice"
    DATE = "date"
    TEXT = "text"


class Operator(StrEnum):
    EQ = "eq"
    NE = "ne"
    GT = "gt"
    GTE = "gte"
    LT = "lt"
    LTE = "lte"
    IS_TRUE = "is_true"
    IS_FALSE = "is_false"
    IN = "in"
    NOT_IN = "not_in"
    CONTAINS = "contains"
    NOT_CONTAINS = "not_contains"
    BEFORE = "before"
    ON_OR_AFTER = "on_or_after"


class Outcome(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


class Status(StrEnum):
    RECOMMENDED = "recommended"
    POSSIBLE = "possible"
    NOT_APPLICABLE = "not_applicable"
    INSUFFICIENT_DATA = "insufficient_data"
    NOT_IN_FORCE = "not_in_force"


class RouteKind(StrEnum):
    EMPLOYER = "employer"  # the school employs target-group workers itself (MWA, LDE)
    CUSTOMER = "customer"  # the school buys from social-economy enterprises
    WORKPLACE = (
        "workplace"  # someone else employs, the school offers the work (art. 60, wijk-werken)
    )
    STAGE_HOST = "stage_host"  # the school hosts a stage (doorstroom, IBO)
    EMPLOYER_MEASURE = "employer_measure"  # a subsidy or reduction for the school as employer


class Scope(StrEnum):
    SCHOOL = "school"
    BOARD = "board"


class Pool(StrEnum):
    """How a fact combines over a board's schools for the pooled board evaluation."""

    SUM = "sum"
    ANY = "any"  # booleans: true if any school says true
    ALL = "all"  # booleans: true only if every school says true
    MIN = "min"
    MAX = "max"
    UNION = "union"  # multichoice: every value any school gave
    SAME = "same"  # must be the same at every school (region, board type); differences split
    NONE = "none"  # belongs to one school only (postcode, who does a task); never pooled


class ConditionKind(StrEnum):
    """What a condition does to a route's status."""

    REQUIRED = "required"  # not met: the route does not apply; unknown: more data needed
    SUPPORTING = "supporting"  # all met: recommended, else possible
    INFORMATIONAL = "informational"  # explains (a procedure, a threshold); never changes status


@dataclass(frozen=True)
class FactDef:
    """One fact the rules may ask about: a questionnaire answer, a record field or derived."""

    code: str
    type: FactType
    label: str  # Dutch question or label
    help: str = ""  # Dutch help text
    unit: str = ""  # e.g. "uur/week", "VTE", "EUR"
    step: str = ""  # questionnaire step that asks it ("" for derived facts)
    origin: str = "question"  # "question", "record" (school/board data) or "derived"
    choices: tuple[tuple[str, str], ...] = ()  # (code, Dutch label) for choice/multichoice
    minimum: float | None = None
    maximum: float | None = None
    whole: bool = False  # a count (pupils, campuses): a number without a decimal part
    pool: Pool = Pool.SAME
    depends_on: tuple[str, ...] = ()  # for derived facts


@dataclass(frozen=True)
class ParameterValue:
    valid_from: dt.date
    value: Any
    source: str = ""
    confidence: str = ""  # H, M or L
    verified: bool = True
    note: str = ""


@dataclass(frozen=True)
class Parameter:
    code: str
    label: str
    unit: str = ""
    values: tuple[ParameterValue, ...] = ()  # sorted by valid_from

    def value_on(self, on: dt.date) -> ParameterValue | None:
        """Return the value in force on ``on``: the latest one that started on or before it."""
        found = None
        for candidate in self.values:
            if candidate.valid_from <= on:
                found = candidate
            else:
                break
        return found


@dataclass(frozen=True)
class Link:
    title: str
    url: str = ""
    note: str = ""


@dataclass(frozen=True)
class Contact:
    code: str
    name: str
    description: str = ""
    email: str = ""
    phone: str = ""
    url: str = ""


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    definition: str
    url: str = ""


@dataclass(frozen=True)
class Condition:
    """``fact operator (value | parameter)``; required conditions decide, supporting ones refine.

    An informational condition is evaluated and shown, but never changes the status. A condition
    with ``valid_from``/``valid_to`` takes part only in advice on a date within them (both days
    included), so a rule that changes on a date is two dated conditions.
    """

    fact: str
    operator: Operator
    value: Any = None
    parameter: str = ""  # a parameter code; used instead of ``value`` when set
    required: bool = True
    text_met: str = ""
    text_not_met: str = ""
    text_unknown: str = ""
    gap_hint: str = ""  # what would close the gap, shown when not met
    source: str = ""
    confidence: str = ""
    informational: bool = False
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    @property
    def kind(self) -> ConditionKind:
        if self.informational:
            return ConditionKind.INFORMATIONAL
        return ConditionKind.REQUIRED if self.required else ConditionKind.SUPPORTING

    def in_force_on(self, on: dt.date) -> bool:
        """Whether this condition takes part in advice on ``on``."""
        if self.valid_from and on < self.valid_from:
            return False
        return not (self.valid_to and on > self.valid_to)


@dataclass(frozen=True)
class RouteText:
    """A dated version of a route's texts, in force from ``valid_from`` until the next one.

    A field left as None keeps the text of the version before it (or the route's own text).
    """

    valid_from: dt.date
    summary: str | None = None
    attention_points: tuple[str, ...] | None = None
    next_steps: tuple[str, ...] | None = None
    continuation: str | None = None
    source: str = ""
    confidence: str = ""
    note: str = ""


@dataclass(frozen=True)
class RouteTexts:
    """A route's texts in force on one date."""

    summary: str
    attention_points: tuple[str, ...]
    next_steps: tuple[str, ...]
    continuation: str
    valid_from: dt.date | None = None  # start of the dated version in force; None: the base text


@dataclass(frozen=True)
class Route:
    code: str
    title: str
    summary: str
    kind: RouteKind
    scope: Scope = Scope.SCHOOL
    valid_from: dt.date | None = None
    closed_to_new_from: dt.date | None = None  # no new entrants from this date
    valid_to: dt.date | None = None  # last day existing users are still covered
    successors: tuple[str, ...] = ()
    continuation: str = ""  # what continues for schools that already use the route
    conditions: tuple[Condition, ...] = ()
    attention_points: tuple[str, ...] = ()
    next_steps: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()  # contact codes
    resources: tuple[Link, ...] = ()
    legal_references: tuple[Link, ...] = ()
    sources: tuple[Link, ...] = ()
    order: int = 0
    texts: tuple[RouteText, ...] = ()  # dated versions of the texts above, sorted by date
    admin_notes: str = ""  # research notes for department staff; never shown to schools

    def texts_on(self, on: dt.date) -> RouteTexts:
        """Return the summary, attention points, next steps and continuation in force on ``on``.

        The route's own texts hold until the first dated version starts; each dated version
        replaces only the fields it gives.
        """
        summary, points, steps, continuation = (
            self.summary,
            self.attention_points,
            self.next_steps,
            self.continuation,
        )
        since = None
        for version in self.texts:
            if version.valid_from > on:
                break
            since = version.valid_from
            if version.summary is not None:
                summary = version.summary
            if version.attention_points is not None:
                points = version.attention_points
            if version.next_steps is not None:
                steps = version.next_steps
            if version.continuation is not None:
                continuation = version.continuation
        return RouteTexts(summary, points, steps, continuation, since)

    def in_force_on(self, on: dt.date) -> bool:
        """Whether a school can newly take up this route on ``on``."""
        if self.valid_from and on < self.valid_from:
            return False
        if self.closed_to_new_from and on >= self.closed_to_new_from:
            return False
        return not (self.valid_to and on > self.valid_to)


@dataclass(frozen=True)
class RuleSet:
    routes: tuple[Route, ...]
    parameters: tuple[Parameter, ...] = ()
    contacts: tuple[Contact, ...] = ()
    glossary: tuple[GlossaryTerm, ...] = ()
    identifier: str = ""  # content hash (sha256 hex) or "v<N>-<hash12>" for a published version
    label: str = ""  # e.g. "versie 3" for a published version

    def parameter(self, code: str) -> Parameter | None:
        return self._parameters_by_code.get(code)

    def route(self, code: str) -> Route | None:
        return self._routes_by_code.get(code)

    def contact(self, code: str) -> Contact | None:
        return self._contacts_by_code.get(code)

    @cached_property
    def _parameters_by_code(self) -> dict[str, Parameter]:
        return {parameter.code: parameter for parameter in self.parameters}

    @cached_property
    def _routes_by_code(self) -> dict[str, Route]:
        return {route.code: route for route in self.routes}

    @cached_property
    def _contacts_by_code(self) -> dict[str, Contact]:
        return {contact.code: contact for contact in self.contacts}


# --- Results -------------------------------------------------------------------------------
# Per-condition and per-route results are slotted, not frozen: a school's advice creates dozens
# of them, and a frozen dataclass assigns every field through ``object.__setattr__``, which
# took most of the engine's time. Treat them as read-only all the same.


@dataclass(slots=True)
class ConditionTrace:
    fact: str
    fact_label: str
    operator: Operator
    required: bool
    outcome: Outcome
    answer: Any  # the value used (None when unknown)
    answer_display: str  # Dutch, formatted ("3,2 VTE", "ja", "vzw")
    threshold: Any  # the value compared against
    threshold_display: str
    parameter: str = ""  # parameter code, when the threshold came from one
    parameter_valid_from: dt.date | None = None
    parameter_verified: bool = True
    reason: str = ""  # Dutch, rendered from the condition's text for this outcome
    gap_hint: str = ""
    source: str = ""
    confidence: str = ""
    step: str = ""  # questionnaire step that asks the fact (for "answer this" links)
    informational: bool = False  # explains only; never changed the status

    @property
    def kind(self) -> ConditionKind:
        if self.informational:
            return ConditionKind.INFORMATIONAL
        return ConditionKind.REQUIRED if self.required else ConditionKind.SUPPORTING


@dataclass(slots=True)
class Gap:
    fact: str
    unit: str
    answer: float
    threshold: float
    shortfall: float  # positive: how much is missing (minimum) or too much (maximum)
    direction: str  # "below_minimum" or "above_maximum"
    text: str  # Dutch: "3,2 VTE van de vereiste 5 VTE: 1,8 VTE tekort"


@dataclass(slots=True)
class RouteResult:
    code: str
    title: str
    kind: RouteKind
    scope: Scope
    status: Status
    summary: str = ""
    status_reason: str = ""  # Dutch, one sentence why this status
    # A not-in-force reason's sentence before its date was filled in (a msgid with {date}) and
    # that date, so an interface can say it again in its own language; else "" and None.
    status_template: str = ""
    status_date: dt.date | None = None
    conditions: tuple[ConditionTrace, ...] = ()
    gaps: tuple[Gap, ...] = ()
    missing: tuple[str, ...] = ()  # fact codes whose answers would decide the route
    successors: tuple[str, ...] = ()
    in_use: bool = False  # the school already uses this route
    continuation: str = ""  # shown when a closed route is in use
    attention_points: tuple[str, ...] = ()  # in force on the advice date
    next_steps: tuple[str, ...] = ()  # in force on the advice date
    pooled_per_school: bool = False  # a board's school-scope route: the best school's status


@dataclass(frozen=True)
class Advice:
    on: dt.date
    ruleset_id: str
    results: tuple[RouteResult, ...]
    facts: dict[str, Any] = field(default_factory=dict)  # answers plus derived facts used

    def result(self, code: str) -> RouteResult | None:
        return next((r for r in self.results if r.code == code), None)


@dataclass(frozen=True)
class FactDifference:
    """A fact that must be the same for all of a board's schools, but is not."""

    fact: str
    values: tuple[tuple[Any, tuple[str, ...]], ...]  # (value, school names), sorted by value


@dataclass(frozen=True)
class BoardGroup:
    """Schools of a board that agree on every fact that must be the same, pooled together."""

    values: tuple[tuple[str, Any], ...]  # (fact code, value) of the facts the schools differ on
    schools: tuple[str, ...]  # school names, sorted
    advice: Advice


@dataclass(frozen=True)
class BoardAdvice:
    on: dt.date
    ruleset_id: str
    schools: tuple[tuple[str, Advice], ...]  # (school name or key, advice)
    pooled: Advice  # the board's schools evaluated together
    differences: tuple[FactDifference, ...] = ()  # facts that should be the same but are not
    groups: tuple[BoardGroup, ...] = ()  # pooled per group when there are differences
