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
    UNION = "union"  # multichoice
    SAME = "same"  # board-level facts: the board's value (first known)


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
    """``fact operator (value | parameter)``; required conditions decide, supporting ones refine."""

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
    conditions: tuple[ConditionTrace, ...] = ()
    gaps: tuple[Gap, ...] = ()
    missing: tuple[str, ...] = ()  # fact codes whose answers would decide the route
    successors: tuple[str, ...] = ()
    in_use: bool = False  # the school already uses this route
    continuation: str = ""  # shown when a closed route is in use


@dataclass(frozen=True)
class Advice:
    on: dt.date
    ruleset_id: str
    results: tuple[RouteResult, ...]
    facts: dict[str, Any] = field(default_factory=dict)  # answers plus derived facts used

    def result(self, code: str) -> RouteResult | None:
        return next((r for r in self.results if r.code == code), None)


@dataclass(frozen=True)
class BoardAdvice:
    on: dt.date
    ruleset_id: str
    schools: tuple[tuple[str, Advice], ...]  # (school name or key, advice)
    pooled: Advice  # the board's schools evaluated together
