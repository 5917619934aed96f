"""Properties that hold for every valid profile, quantity and date (hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from pathways.engine import Outcome, Status, clean_facts, evaluate, evaluate_board
from pathways.engine.facts import FACTS_BY_CODE, QUESTION_FACTS
from pathways.engine.types import FactType, Operator, Route

from .rulesets import (
    FIXTURE,
    build,
    condition,
    coverage_ruleset,
    fixture_ruleset,
    real_or_coverage_ruleset,
    route,
)
from .strategies import DATES, board_schools, dependents, numbers, profiles

REAL_RULES = real_or_coverage_ruleset()
COVERAGE_RULES = coverage_ruleset()
NUMBER_QUESTIONS = [f for f in QUESTION_FACTS if f.type is FactType.NUMBER]
NUMBER_FACTS = [f for f in FACTS_BY_CODE.values() if f.type is FactType.NUMBER]
MINIMUM_OPERATORS = (Operator.GT, Operator.GTE)
FAVOURABLE = (Status.RECOMMENDED, Status.POSSIBLE)

# One route per number fact: a required and a supporting minimum next to a boolean condition,
# so growing the number can change the outcome while other facts keep the route undecided.
MINIMUM_RULES = build(
    *(
        route(
            f"min_{fact.code}",
            condition(fact.code, "gte", 10),
            condition(fact.code, "gt", 40, required=False),
            condition("open_vacancy", "is_true"),
        )
        for fact in NUMBER_FACTS
    )
)


def assert_complete_advice(advice, rules) -> None:
    assert [r.code for r in advice.results] == [r.code for r in rules.routes]
    for route_, result in zip(rules.routes, advice.results, strict=True):
        assert result.status in Status
        in_force = [c for c in route_.conditions if c.in_force_on(advice.on)]
        assert len(result.conditions) == (0 if result.pooled_per_school else len(in_force))
        assert all(trace.outcome in Outcome for trace in result.conditions)
        unknown = {t.fact for t in result.conditions if t.outcome is Outcome.UNKNOWN}
        assert set(result.missing) <= unknown


class TestAnyValidProfile:
    @settings(max_examples=100, deadline=None)
    @given(profile=profiles(), on=DATES)
    def test_it_is_clean_and_every_route_of_the_real_rules_gets_one_result(self, profile, on):
        clean, problems = clean_facts(profile)
        assert problems == []
        assert_complete_advice(evaluate(clean, REAL_RULES, on), REAL_RULES)

    @settings(max_examples=100, deadline=None)
    @given(profile=profiles(), on=DATES)
    def test_it_gets_a_result_for_every_fact_and_operator(self, profile, on):
        assert_complete_advice(evaluate(profile, COVERAGE_RULES, on), COVERAGE_RULES)

    @settings(max_examples=30, deadline=None)
    @given(schools=board_schools(min_size=1, max_size=4), board=profiles(), on=DATES)
    def test_a_board_of_them_gets_advice_per_school_and_pooled(self, schools, board, on):
        advice = evaluate_board(schools, REAL_RULES, on, board_facts=board)
        assert [name for name, _ in advice.schools] == [name for name, _ in schools]
        for _, school_advice in advice.schools:
            assert_complete_advice(school_advice, REAL_RULES)
        assert_complete_advice(advice.pooled, REAL_RULES)

    @settings(max_examples=40, deadline=None)
    @given(schools=board_schools(min_size=2, max_size=6), board=profiles(), on=DATES)
    def test_each_school_in_a_board_gets_the_advice_it_gets_alone(self, schools, board, on):
        # A board's schools share the work of evaluating a condition for the same answer;
        # what each school is told must not depend on the other schools.
        advice = evaluate_board(schools, REAL_RULES, on, board_facts=board)
        for (_name, facts), (_same, school_advice) in zip(schools, advice.schools, strict=True):
            assert school_advice == evaluate({**board, **facts}, REAL_RULES, on)


def pooled_summary(board_advice) -> tuple:
    """What a board sees of its pooled advice, without the schools' names."""

    def routes(advice):
        return tuple(
            (r.code, r.status, r.status_reason, r.missing, tuple(g.text for g in r.gaps))
            for r in advice.results
        )

    groups = tuple((g.values, len(g.schools), routes(g.advice)) for g in board_advice.groups)
    differences = tuple(
        (d.fact, tuple((value, len(names)) for value, names in d.values))
        for d in board_advice.differences
    )
    return routes(board_advice.pooled), groups, differences


class TestPoolingABoard:
    @settings(max_examples=60, deadline=None)
    @given(named=board_schools(min_size=2, max_size=4), board=profiles(), on=DATES, data=st.data())
    def test_shuffling_or_renaming_the_schools_never_changes_the_pooled_advice(
        self, named, board, on, data
    ):
        order = data.draw(st.permutations(range(len(named))))
        names = data.draw(
            st.lists(
                st.text(min_size=1, max_size=8),
                min_size=len(named),
                max_size=len(named),
                unique=True,
            )
        )
        renamed = [(names[k], named[i][1]) for k, i in enumerate(order)]
        before = evaluate_board(named, REAL_RULES, on, board_facts=board)
        after = evaluate_board(renamed, REAL_RULES, on, board_facts=board)
        assert pooled_summary(after) == pooled_summary(before)

    def test_a_board_in_zaventem_and_sint_agatha_berchem_gets_one_pooled_advice(self):
        one = {
            "postcode": "1700",
            "hours_cleaning": 100,
            "contact_wijkwerk": True,
            "mentor_available": True,
            "contact_ocmw": True,
        }
        two = {"postcode": "1083", "hours_cleaning": 120, "open_to_buy_from_se": True}
        board = {"board_type": "vzw"}
        on = dt.date(2026, 11, 30)
        runs = [
            evaluate_board([("Atheneum", one), ("Basisschool", two)], REAL_RULES, on, board),
            evaluate_board([("Basisschool", two), ("Atheneum", one)], REAL_RULES, on, board),
            evaluate_board([("Zonnebloem", one), ("Atheneum", two)], REAL_RULES, on, board),
        ]
        summaries = {pooled_summary(run) for run in runs}
        assert len(summaries) == 1
        advice = runs[0]
        assert [d.fact for d in advice.differences] == ["region"]
        if REAL_RULES.route("wijkwerken"):
            pooled = advice.pooled.result("wijkwerken")
            assert pooled.status in FAVOURABLE  # the Flemish school can use it
            assert pooled.pooled_per_school
            flemish = next(g for g in advice.groups if dict(g.values)["region"] == "flanders")
            brussels = next(g for g in advice.groups if dict(g.values)["region"] == "brussels")
            assert flemish.advice.result("wijkwerken").status in FAVOURABLE
            assert brussels.advice.result("wijkwerken").status is Status.NOT_APPLICABLE


@st.composite
def growth(draw: st.DrawFn):
    """A number question, a smaller and a larger valid answer, and a fact that depends on it."""
    fact = draw(st.sampled_from(NUMBER_QUESTIONS))
    low, high = sorted((draw(numbers(fact)), draw(numbers(fact))))
    numeric = sorted(
        code for code in dependents(fact.code) if FACTS_BY_CODE[code].type is FactType.NUMBER
    )
    tested = draw(st.sampled_from(numeric))
    return fact.code, low, high, tested


class TestRaisingAQuantity:
    @settings(max_examples=200, deadline=None)
    @given(
        change=growth(),
        operator=st.sampled_from(MINIMUM_OPERATORS),
        threshold=st.floats(min_value=0, max_value=6000, allow_nan=False),
        on=DATES,
    )
    def test_it_never_turns_a_met_minimum_into_a_not_met_one(self, change, operator, threshold, on):
        code, low, high, tested = change
        fact = FACTS_BY_CODE[tested]  # a threshold outside the fact's range is refused
        threshold = max(threshold, fact.minimum if fact.minimum is not None else threshold)
        threshold = min(threshold, fact.maximum if fact.maximum is not None else threshold)
        rules = build(route("minimum", condition(tested, operator.value, threshold)))
        before = evaluate({code: low}, rules, on).results[0].conditions[0].outcome
        after = evaluate({code: high}, rules, on).results[0].conditions[0].outcome
        if before is Outcome.MET:
            assert after is Outcome.MET
        assert after is not Outcome.UNKNOWN or before is Outcome.UNKNOWN

    @settings(max_examples=100, deadline=None)
    @given(profile=profiles(), change=growth(), on=DATES)
    def test_it_never_makes_a_favourable_route_not_applicable(self, profile, change, on):
        code, low, high, _ = change
        for rules in (MINIMUM_RULES, REAL_RULES):
            before = evaluate({**profile, code: low}, rules, on)
            after = evaluate({**profile, code: high}, rules, on)
            for route_, old, new in zip(rules.routes, before.results, after.results, strict=True):
                if not only_minimums_on(route_, dependents(code)):
                    continue
                if old.status in FAVOURABLE:
                    assert new.status is not Status.NOT_APPLICABLE, route_.code

    def test_the_minimum_rules_do_turn_favourable_when_the_quantity_grows(self):
        facts = {"open_vacancy": True}
        small = evaluate({**facts, "hours_cleaning": 5}, MINIMUM_RULES, dt.date(2025, 1, 1))
        large = evaluate({**facts, "hours_cleaning": 500}, MINIMUM_RULES, dt.date(2025, 1, 1))
        assert small.result("min_hours_cleaning").status is Status.NOT_APPLICABLE
        assert large.result("min_hours_cleaning").status is Status.RECOMMENDED
        assert large.result("min_facility_fte").status is Status.POSSIBLE


def only_minimums_on(route_: Route, codes: set[str]) -> bool:
    """Whether every condition of ``route_`` on one of ``codes`` is a gt/gte minimum."""
    return all(c.operator in MINIMUM_OPERATORS for c in route_.conditions if c.fact in codes)


@st.composite
def periods(draw: st.DrawFn):
    """A route period: a start, maybe a close to newcomers after it, maybe an end after it."""
    start = draw(DATES)
    closed = draw(st.none() | DATES.filter(lambda d: d > start))
    end = draw(st.none() | DATES.filter(lambda d: d >= start))
    return start, closed, end


def outside(on: dt.date, start, closed, end) -> bool:
    return on < start or (closed is not None and on >= closed) or (end is not None and on > end)


class TestTheRoutePeriod:
    @settings(max_examples=120, deadline=None)
    @given(period=periods(), on=DATES, profile=profiles())
    def test_a_route_is_not_in_force_exactly_outside_its_period(self, period, on, profile):
        start, closed, end = period
        rules = build(
            route(
                "dated",
                condition("open_vacancy", "is_true"),
                valid_from=start.isoformat(),
                closed_to_new_from=closed.isoformat() if closed else None,
                valid_to=end.isoformat() if end else None,
            )
        )
        status = evaluate(profile, rules, on).results[0].status
        assert (status is Status.NOT_IN_FORCE) == outside(on, start, closed, end)

    @settings(max_examples=100, deadline=None)
    @given(on=DATES, profile=profiles())
    def test_the_real_routes_are_not_in_force_exactly_outside_their_periods(self, on, profile):
        advice = evaluate(profile, REAL_RULES, on)
        for route_, result in zip(REAL_RULES.routes, advice.results, strict=True):
            expected = outside(
                on,
                route_.valid_from or dt.date.min,
                route_.closed_to_new_from,
                route_.valid_to,
            )
            assert (result.status is Status.NOT_IN_FORCE) == expected, route_.code


def test_the_properties_run_on_the_shipped_rule_set_when_it_is_there():
    if FIXTURE.exists():
        assert REAL_RULES.identifier == fixture_ruleset().identifier
        assert len(REAL_RULES.routes) >= 1
    else:
        assert REAL_RULES.identifier == COVERAGE_RULES.identifier
