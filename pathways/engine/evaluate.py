"""Evaluate every route of a rule set against a school's facts on a given date.

All conditions are evaluated, also after one fails, so an advice can explain near-misses.
An unknown answer makes a condition ``unknown``, never ``not met``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from .derive import derive_facts
from .facts import FACTS_BY_CODE
from .i18n import gettext_noop
from .numbers import format_number, parameter_number
from .text import format_date, format_value, render
from .types import (
    Advice,
    BoardAdvice,
    BoardGroup,
    Condition,
    ConditionTrace,
    FactDef,
    FactDifference,
    FactType,
    Gap,
    Operator,
    Outcome,
    Pool,
    Route,
    RouteResult,
    RuleSet,
    Scope,
    Status,
)
from .validate import as_date

REASON_NOT_YET = gettext_noop("Deze maatregel bestaat pas vanaf {date}.")
REASON_CLOSED = gettext_noop("Sinds {date} kunnen scholen hier niet meer nieuw instappen.")
REASON_ENDED = gettext_noop("Deze maatregel liep af op {date}.")
REASON_NOT_MET = gettext_noop("Niet aan alle noodzakelijke voorwaarden voldaan.")
REASON_MISSING = gettext_noop("Er ontbreken antwoorden om dit te beslissen.")
REASON_RECOMMENDED = gettext_noop("Aan alle voorwaarden voldaan.")
REASON_NO_PARAMETER_VALUE = gettext_noop(
    "Voor {date} is in de regels geen waarde van de parameter '{parameter}' gekend."
)
REASON_UNVERIFIED = gettext_noop("Dit bedrag is niet nagekeken in een officiële bron.")
REASON_POSSIBLE = gettext_noop(
    "Aan de noodzakelijke voorwaarden voldaan, nog niet aan alle aanbevolen."
)
REASON_PER_SCHOOL = gettext_noop(
    "Per school beoordeeld: dit traject vraagt alles op één werkplek. {count} van de {total} "
    "scholen komen zo ver."
)
REASON_PER_SCHOOL_ONE = gettext_noop(
    "Per school beoordeeld: dit traject vraagt alles op één werkplek. 1 van de {total} "
    "scholen komt zo ver."
)
REASON_SCHOOLS_DIFFER = gettext_noop(
    "De scholen verschillen in een gegeven dat voor het hele schoolbestuur hetzelfde moet zijn. "
    "Zie het advies per groep van scholen."
)
GAP_BELOW = gettext_noop("{answer} van de vereiste {threshold}: {gap} tekort")
GAP_ABOVE = gettext_noop("{answer} is {gap} meer dan het maximum van {threshold}")

_MINIMUM_OPERATORS = (Operator.GT, Operator.GTE)

# Enum members bound once: looking a member up on its class costs more than the comparisons
# themselves on the engine's hot path.
_MET, _NOT_MET, _UNKNOWN = Outcome.MET, Outcome.NOT_MET, Outcome.UNKNOWN
_IS_TRUE, _IS_FALSE = Operator.IS_TRUE, Operator.IS_FALSE
_VALUELESS = (Operator.IS_TRUE, Operator.IS_FALSE)
_DATE = FactType.DATE
_MAXIMUM_OPERATORS = (Operator.LT, Operator.LTE)


# What a condition gives for one answer, kept while one board is evaluated: a condition's
# trace and gap depend only on its answer once the rules and the date are fixed.
_Memo = dict[tuple[int, type, Any], tuple["ConditionTrace", "Gap | None"]]


def evaluate(facts: Mapping[str, Any], rules: RuleSet, on: dt.date) -> Advice:
    """Evaluate every route of ``rules`` for one school's ``facts`` on ``on``.

    ``facts`` holds clean values (see ``validate.clean_facts``); absent facts are unknown.
    Derived facts are computed here, so callers pass answers and records only.
    """
    return _evaluate(facts, rules, on, None)


def _evaluate(facts: Mapping[str, Any], rules: RuleSet, on: dt.date, memo: _Memo | None) -> Advice:
    known = derive_facts(facts, rules, on)
    in_use = set(known.get("routes_in_use") or ())
    results = tuple(
        _evaluate_route(route, known, rules, on, in_use, memo) for route in rules.routes
    )
    return Advice(on=on, ruleset_id=rules.identifier, results=results, facts=known)


def evaluate_board(
    schools: Sequence[tuple[str, Mapping[str, Any]]],
    rules: RuleSet,
    on: dt.date,
    board_facts: Mapping[str, Any] | None = None,
) -> BoardAdvice:
    """Evaluate each school, and the board's schools together (pooled facts).

    ``board_facts`` (such as ``board_type``) apply to every school unless a school overrides them.
    Each fact pools by its ``pool`` rule, never by the order or the names of the schools. Where
    schools differ on a fact that must be the same (region, board type), ``differences`` says so,
    ``groups`` holds the advice pooled per group of schools that agree, and ``pooled`` leaves
    that fact unknown. Routes of school scope need everything at one workplace: their pooled
    result is the best status any single school reaches, never a mix of schools' answers.
    """
    board_facts = dict(board_facts or {})
    merged = [(name, {**board_facts, **facts}) for name, facts in schools]
    # Schools share many answers (yes/no, choices): each condition is worked out once per answer.
    memo: _Memo = {}
    advices = tuple((name, _evaluate(facts, rules, on, memo)) for name, facts in merged)
    derived = [(name, advice.facts) for name, advice in advices]
    differing = _differing_facts(profile for _, profile in derived)
    differences = _differences(derived, differing)
    groups: tuple[BoardGroup, ...] = ()
    if differing:
        by_key: dict[tuple, list[int]] = {}
        for index, (_, profile) in enumerate(derived):
            key = tuple((code, profile.get(code)) for code in differing)
            by_key.setdefault(key, []).append(index)
        groups = tuple(
            BoardGroup(
                values=key,
                schools=tuple(sorted(advices[i][0] for i in members)),
                advice=_pooled_advice(
                    [derived[i][1] for i in members], [advices[i][1] for i in members], rules, on
                ),
            )
            for key, members in sorted(by_key.items(), key=lambda item: _sort_key(item[0]))
        )
    pooled = _pooled_advice(
        [profile for _, profile in derived], [a for _, a in advices], rules, on, differing
    )
    return BoardAdvice(
        on=on,
        ruleset_id=rules.identifier,
        schools=advices,
        pooled=pooled,
        differences=differences,
        groups=groups,
    )


def _sort_key(values: tuple[tuple[str, Any], ...]) -> tuple:
    return tuple((code, value is None, str(value)) for code, value in values)


def _pooled_advice(
    profiles: list[Mapping[str, Any]],
    school_advices: list[Advice],
    rules: RuleSet,
    on: dt.date,
    differing: tuple[str, ...] = (),
) -> Advice:
    """Evaluate the pooled facts for board-scope routes; summarise school-scope routes."""
    pooled = evaluate(pool_facts(profiles, leave_out=differing), rules, on)
    results = []
    for result in pooled.results:
        if result.scope is Scope.SCHOOL:
            result = _best_school_result(result, school_advices)
        elif differing and any(
            t.fact in differing and t.outcome is _UNKNOWN for t in result.conditions
        ):
            result.status_reason = REASON_SCHOOLS_DIFFER
            result.status_template, result.status_date = "", None
        results.append(result)
    return Advice(on=on, ruleset_id=rules.identifier, results=tuple(results), facts=pooled.facts)


# From most to least useful for a board: the pooled status of a school-scope route is the best.
_STATUS_RANK = {
    Status.RECOMMENDED: 0,
    Status.POSSIBLE: 1,
    Status.INSUFFICIENT_DATA: 2,
    Status.NOT_APPLICABLE: 3,
    Status.NOT_IN_FORCE: 4,
}


def _best_school_result(pooled: RouteResult, school_advices: list[Advice]) -> RouteResult:
    own = [a.result(pooled.code) for a in school_advices]
    own = [r for r in own if r is not None]
    if not own:
        return pooled
    best = min(_STATUS_RANK[r.status] for r in own)
    status = next(s for s, rank in _STATUS_RANK.items() if rank == best)
    reaching = sum(1 for r in own if r.status is status)
    reason = pooled.status_reason
    if status in (Status.RECOMMENDED, Status.POSSIBLE, Status.INSUFFICIENT_DATA):
        template = REASON_PER_SCHOOL_ONE if reaching == 1 else REASON_PER_SCHOOL
        reason = render(template, count=str(reaching), total=str(len(own)))
    elif status is Status.NOT_APPLICABLE:
        reason = REASON_NOT_MET
    closed = status is Status.NOT_IN_FORCE
    return dataclasses.replace(
        pooled,
        status=status,
        status_reason=reason,
        status_template=pooled.status_template if closed else "",
        status_date=pooled.status_date if closed else None,
        conditions=(),
        gaps=(),
        missing=(),
        pooled_per_school=True,
    )


def _differing_facts(profiles: Iterable[Mapping[str, Any]]) -> tuple[str, ...]:
    """Return the codes of ``same`` facts on which the schools give different known values."""
    profiles = list(profiles)
    found = []
    for code, fact in FACTS_BY_CODE.items():
        if fact.pool is not Pool.SAME:
            continue
        values = {_hashable(p[code]) for p in profiles if p.get(code) is not None}
        if len(values) > 1:
            found.append(code)
    return tuple(found)


def _differences(
    derived: list[tuple[str, Mapping[str, Any]]], differing: tuple[str, ...]
) -> tuple[FactDifference, ...]:
    """Describe each differing fact that is not itself derived from another differing fact."""
    shown = []
    for code in differing:
        if set(FACTS_BY_CODE[code].depends_on) & set(differing):
            continue
        by_value: dict[Any, list[str]] = {}
        for name, profile in derived:
            by_value.setdefault(profile.get(code), []).append(name)
        values = tuple(
            (value, tuple(sorted(names)))
            for value, names in sorted(by_value.items(), key=lambda i: (i[0] is None, str(i[0])))
        )
        shown.append(FactDifference(fact=code, values=values))
    return tuple(shown)


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def pool_facts(
    profiles: Iterable[Mapping[str, Any]], *, leave_out: Iterable[str] = ()
) -> dict[str, Any]:
    """Combine several schools' facts into one profile, each fact by its ``pool`` rule.

    The result never depends on the order of ``profiles``. ``same`` facts pool to their value
    when every school that answered agrees, and are left out when they differ; ``none`` facts
    (a postcode, who does a task) are never pooled. Derived facts are computed again from the
    pooled answers, except the ``same`` ones (the region) that come from a fact not pooled.
    Codes in ``leave_out`` stay unknown.
    """
    profiles = list(profiles)
    skip = set(leave_out)
    pooled: dict[str, Any] = {}
    for code, fact in FACTS_BY_CODE.items():
        if code in skip or fact.pool is Pool.NONE:
            continue
        if fact.origin == "derived" and fact.pool is not Pool.SAME:
            continue
        values = [p[code] for p in profiles if p.get(code) is not None]
        if not values:
            continue
        if fact.pool is Pool.SUM:
            pooled[code] = round(math.fsum(values), 2)
        elif fact.pool is Pool.ANY:
            pooled[code] = any(values)
        elif fact.pool is Pool.ALL:
            pooled[code] = all(values) if len(values) == len(profiles) else None
        elif fact.pool is Pool.MIN:
            pooled[code] = min(values)
        elif fact.pool is Pool.MAX:
            pooled[code] = max(values)
        elif fact.pool is Pool.UNION:
            pooled[code] = sorted({item for value in values for item in value})
        elif len({_hashable(v) for v in values}) == 1:
            pooled[code] = values[0]
    return {k: v for k, v in pooled.items() if v is not None}


def _evaluate_route(
    route: Route,
    facts: Mapping[str, Any],
    rules: RuleSet,
    on: dt.date,
    in_use: set[str],
    memo: _Memo | None = None,
) -> RouteResult:
    pairs = [_condition_and_gap(c, facts, rules, on, memo) for c in route.conditions]
    traces = tuple(trace for trace, _gap_found in pairs if trace is not None)
    gaps = tuple(
        gap
        for trace, gap in pairs
        if trace is not None and not trace.informational and gap is not None
    )
    required = [t for t in traces if t.required and not t.informational]
    supporting = [t for t in traces if not t.required and not t.informational]
    unknown = [t for t in required if t.outcome is _UNKNOWN] + [
        t for t in supporting if t.outcome is _UNKNOWN
    ]
    missing = tuple(dict.fromkeys(t.fact for t in unknown if t.answer is None))

    status, reason = _status(route, on, required, supporting)
    template, reason_date = _not_in_force(route, on) or ("", None)
    used = route.code in in_use
    texts = route.texts_on(on)
    return RouteResult(
        code=route.code,
        title=route.title,
        kind=route.kind,
        scope=route.scope,
        status=status,
        summary=texts.summary,
        status_reason=reason,
        status_template=template,
        status_date=reason_date,
        conditions=traces,
        gaps=gaps,
        missing=missing,
        successors=route.successors,
        in_use=used,
        continuation=texts.continuation if used else "",
        attention_points=texts.attention_points,
        next_steps=texts.next_steps,
    )


def _not_in_force(route: Route, on: dt.date) -> tuple[str, dt.date] | None:
    """Return why ``route`` is not in force on ``on``: a reason msgid with ``{date}`` and that
    date; ``None`` when it is in force."""
    if route.valid_from and on < route.valid_from:
        return REASON_NOT_YET, route.valid_from
    if route.closed_to_new_from and on >= route.closed_to_new_from:
        return REASON_CLOSED, route.closed_to_new_from
    if route.valid_to and on > route.valid_to:
        return REASON_ENDED, route.valid_to
    return None


def _status(
    route: Route, on: dt.date, required: list[ConditionTrace], supporting: list[ConditionTrace]
) -> tuple[Status, str]:
    closed = _not_in_force(route, on)
    if closed:
        template, when = closed
        return Status.NOT_IN_FORCE, render(template, date=format_date(when))
    outcomes = {t.outcome for t in required}
    if _NOT_MET in outcomes:
        return Status.NOT_APPLICABLE, REASON_NOT_MET
    if _UNKNOWN in outcomes:
        return Status.INSUFFICIENT_DATA, REASON_MISSING
    if all(t.outcome is _MET for t in supporting):
        return Status.RECOMMENDED, REASON_RECOMMENDED
    return Status.POSSIBLE, REASON_POSSIBLE


def _condition_and_gap(
    cond: Condition, facts: Mapping[str, Any], rules: RuleSet, on: dt.date, memo: _Memo | None
) -> tuple[ConditionTrace | None, Gap | None]:
    """Return the condition's trace and gap for ``facts`` (``(None, None)`` when not in force)."""
    if not cond.in_force_on(on):
        return None, None
    if memo is None:
        trace = _evaluate_condition(cond, facts, rules, on)
        return trace, _gap(trace)
    answer = _hashable(facts.get(cond.fact))
    key = (id(cond), type(answer), answer)  # type: 1, 1.0 and True are equal keys otherwise
    try:
        found = memo.get(key)
    except TypeError:  # an answer that cannot be a key (never a clean fact value)
        trace = _evaluate_condition(cond, facts, rules, on)
        return trace, _gap(trace)
    if found is None:
        trace = _evaluate_condition(cond, facts, rules, on)
        found = memo[key] = (trace, _gap(trace))
    return found


def _evaluate_condition(
    cond: Condition, facts: Mapping[str, Any], rules: RuleSet, on: dt.date
) -> ConditionTrace:
    fact = FACTS_BY_CODE[cond.fact]
    answer = facts.get(cond.fact)
    threshold = cond.value
    param_from = None
    verified = True
    if cond.parameter:
        param = rules.parameter(cond.parameter)
        value = param.value_on(on) if param else None
        threshold = value.value if value else None
        if fact.type is FactType.NUMBER and parameter_number(threshold) is None:
            # Not a usable number (a version published before values were checked): no value.
            value = threshold = None
        param_from = value.valid_from if value else None
        verified = value.verified if value else False
        if fact.type is _DATE and isinstance(threshold, str):
            threshold = as_date(threshold)

    outcome = _compare(fact, cond.operator, answer, threshold, cond.parameter)
    answer_display = format_value(fact, answer)
    threshold_display = _threshold_display(fact, cond.operator, threshold)
    if outcome is _MET:
        text = cond.text_met
    elif outcome is _NOT_MET:
        text = cond.text_not_met
    else:
        text = cond.text_unknown
    if outcome is _UNKNOWN and answer is not None and cond.parameter:
        # The answer is there but the rule data has no threshold for this date.
        text = render(REASON_NO_PARAMETER_VALUE, parameter=cond.parameter, date=format_date(on))
    gap_amount = _shortfall(cond.operator, answer, threshold) if outcome is _NOT_MET else None
    reason = render(
        text,
        answer=answer_display,
        threshold=threshold_display,
        unit=fact.unit,
        gap=format_value(fact, gap_amount) if gap_amount is not None else "",
    )
    if cond.parameter and param_from is not None and not verified:
        reason = f"{reason} {REASON_UNVERIFIED}"
    return ConditionTrace(
        fact=fact.code,
        fact_label=fact.label,
        operator=cond.operator,
        required=cond.required,
        outcome=outcome,
        answer=answer,
        answer_display=answer_display,
        threshold=threshold,
        threshold_display=threshold_display,
        parameter=cond.parameter,
        parameter_valid_from=param_from,
        parameter_verified=verified,
        reason=reason,
        gap_hint=cond.gap_hint if outcome is _NOT_MET else "",
        source=cond.source,
        confidence=cond.confidence,
        step=fact.step,
        informational=cond.informational,
    )


def _threshold_display(fact: FactDef, op: Operator, threshold: Any) -> str:
    if op in _VALUELESS:
        return format_value(fact, op is _IS_TRUE)
    return format_value(fact, threshold)


_HOLDS: dict[Operator, Callable[[Any, Any], bool]] = {
    Operator.EQ: operator.eq,
    Operator.NE: operator.ne,
    Operator.GT: operator.gt,
    Operator.GTE: operator.ge,
    Operator.LT: operator.lt,
    Operator.LTE: operator.le,
    Operator.IN: lambda answer, threshold: answer in threshold,
    Operator.NOT_IN: lambda answer, threshold: answer not in threshold,
    Operator.CONTAINS: lambda answer, threshold: threshold in answer,
    Operator.NOT_CONTAINS: lambda answer, threshold: threshold not in answer,
    Operator.BEFORE: operator.lt,
    Operator.ON_OR_AFTER: operator.ge,
}


def _compare(fact: FactDef, op: Operator, answer: Any, threshold: Any, parameter: str) -> Outcome:
    if answer is None:
        return _UNKNOWN
    if op is _IS_TRUE:
        return _MET if answer is True else _NOT_MET
    if op is _IS_FALSE:
        return _MET if answer is False else _NOT_MET
    if threshold is None:
        return _UNKNOWN
    return _MET if _HOLDS[op](answer, threshold) else _NOT_MET


def _shortfall(op: Operator, answer: Any, threshold: Any) -> float | None:
    if not isinstance(answer, int | float) or not isinstance(threshold, int | float):
        return None
    if isinstance(answer, bool) or isinstance(threshold, bool):
        return None
    if op in _MINIMUM_OPERATORS:
        return round(threshold - answer, 2)
    if op in _MAXIMUM_OPERATORS:
        return round(answer - threshold, 2)
    return None


def _gap(trace: ConditionTrace) -> Gap | None:
    if trace.outcome is not _NOT_MET:
        return None
    amount = _shortfall(trace.operator, trace.answer, trace.threshold)
    if amount is None:
        return None
    fact = FACTS_BY_CODE[trace.fact]
    below = trace.operator in _MINIMUM_OPERATORS
    text = render(
        GAP_BELOW if below else GAP_ABOVE,
        answer=trace.answer_display,
        threshold=trace.threshold_display,
        gap=format_value(fact, amount),
    )
    return Gap(
        fact=trace.fact,
        unit=fact.unit,
        answer=float(trace.answer),
        threshold=float(trace.threshold),
        shortfall=amount,
        direction="below_minimum" if below else "above_maximum",
        text=text,
    )


__all__ = ["evaluate", "evaluate_board", "pool_facts", "format_number"]
