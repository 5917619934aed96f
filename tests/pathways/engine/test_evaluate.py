"""Evaluating routes: statuses, traces, gaps, dated parameters, missing answers, routes in use."""

from __future__ import annotations

import datetime as dt

import pytest

from pathways.engine import Outcome, Status, evaluate
from pathways.engine.evaluate import (
    REASON_MISSING,
    REASON_NOT_MET,
    REASON_POSSIBLE,
    REASON_RECOMMENDED,
)

from .rulesets import DAY, build, condition, route

MWA = route(
    "mwa",
    condition("facility_fte", "gte", parameter="min_fte"),
    condition("own_payroll_staff", "is_true"),
    condition("mentor_available", "is_true", required=False),
)
MIN_FTE = {
    "code": "min_fte",
    "label": "Minimale schaalgrootte",
    "unit": "VTE",
    "values": [
        {
            "valid_from": "2019-01-01",
            "value": 5,
            "source": "https://example.org/2019",
            "verified": True,
        },
        {
            "valid_from": "2024-07-01",
            "value": 8,
            "source": "https://example.org/2024",
            "verified": False,
        },
    ],
}


# The minimum rises from 5 to 8 VTE on 1 July 2024; most tests look at a day before that.
BEFORE_RAISE = dt.date(2024, 1, 15)


def mwa_rules():
    return build(MWA, parameters=(MIN_FTE,))


def hours_for_fte(fte: float) -> dict[str, float]:
    return {"hours_cleaning": round(fte * 38, 2)}


def mwa_result(facts: dict):
    """The result of the route "mwa" for ``facts``, before the raise of its minimum."""
    return evaluate(facts, mwa_rules(), BEFORE_RAISE).result("mwa")


def on_six_fte(**answers) -> dict:
    """Facts of a school with six FTE of facility work and ``answers``."""
    return {**hours_for_fte(6), **answers}


# Which conditions hold -> the route's status, its reason and the questions it still needs.
BOTH = {"own_payroll_staff": True, "mentor_available": True}
STATUS_CASES = {
    "every condition met: recommended": (BOTH, Status.RECOMMENDED, REASON_RECOMMENDED, ()),
    "required met, a supporting one not: possible": (
        BOTH | {"mentor_available": False}, Status.POSSIBLE, REASON_POSSIBLE, ()),
    "a supporting one unanswered: possible, its question named": (
        {"own_payroll_staff": True}, Status.POSSIBLE, REASON_POSSIBLE, ("mentor_available",)),
    "a required one not met: not applicable": (
        BOTH | {"own_payroll_staff": False}, Status.NOT_APPLICABLE, REASON_NOT_MET, ()),
    "a required answer missing: insufficient data": (
        {"mentor_available": True}, Status.INSUFFICIENT_DATA, REASON_MISSING,
        ("own_payroll_staff",)),
}  # fmt: skip


@pytest.mark.parametrize(
    ("answers", "status", "reason", "missing"), STATUS_CASES.values(), ids=STATUS_CASES.keys()
)
def test_a_routes_status_follows_its_required_and_supporting_conditions(
    answers, status, reason, missing
):
    result = mwa_result(on_six_fte(**answers))
    assert (result.status, result.status_reason, result.missing) == (status, reason, missing)
    if status is Status.RECOMMENDED:
        assert result.gaps == ()


def test_an_unknown_answer_is_unknown_and_not_a_failed_condition():
    result = mwa_result({})
    outcomes = {trace.fact: trace.outcome for trace in result.conditions}
    assert outcomes == {
        "facility_fte": Outcome.UNKNOWN,
        "own_payroll_staff": Outcome.UNKNOWN,
        "mentor_available": Outcome.UNKNOWN,
    }
    assert result.status is Status.INSUFFICIENT_DATA
    assert all(trace.answer_display == "niet beantwoord" for trace in result.conditions)
    assert result.conditions[0].reason == "Nog niet beantwoord"


def test_a_not_met_condition_wins_over_an_unknown_one():
    facts = {"own_payroll_staff": False}
    result = mwa_result(facts)
    assert result.status is Status.NOT_APPLICABLE
    assert result.missing == ("facility_fte", "mentor_available")


def test_every_condition_is_evaluated_after_the_first_failure():
    rules = build(
        route(
            "three",
            condition("host_stages", "is_true"),
            condition("pupils", "gte", 100),
            condition("region", "eq", "flanders"),
        )
    )
    facts = {"host_stages": False, "pupils": 50, "postcode": "9000"}
    result = evaluate(facts, rules, DAY).result("three")
    assert [trace.outcome for trace in result.conditions] == [
        Outcome.NOT_MET,
        Outcome.NOT_MET,
        Outcome.MET,
    ]
    assert [gap.fact for gap in result.gaps] == ["pupils"]


def test_a_shortfall_is_described_in_dutch_with_the_unit():
    facts = {**hours_for_fte(3.2), "own_payroll_staff": True}
    result = mwa_result(facts)
    (gap,) = result.gaps
    assert gap.text == "3,2 VTE van de vereiste 5 VTE: 1,8 VTE tekort"
    assert gap.direction == "below_minimum"
    assert (gap.answer, gap.threshold, gap.shortfall) == (3.2, 5.0, 1.8)
    assert gap.unit == "VTE"
    trace = result.conditions[0]
    assert trace.reason == "3,2 VTE in plaats van 5 VTE, 1,8 VTE te weinig"


def test_a_value_above_a_maximum_is_described_as_too_much():
    rules = build(route("small", condition("pupils", "lte", 500)))
    result = evaluate({"pupils": 30000}, rules, DAY).result("small")
    (gap,) = result.gaps
    assert gap.direction == "above_maximum"
    assert gap.text == (
        "30.000 leerlingen is 29.500 leerlingen meer dan het maximum van 500 leerlingen"
    )


def test_the_gap_hint_only_shows_when_the_condition_is_not_met():
    rules = build(route("hint", condition("pupils", "gte", 100, gap_hint="Werk samen.")))
    failing = evaluate({"pupils": 10}, rules, DAY).result("hint").conditions[0]
    passing = evaluate({"pupils": 200}, rules, DAY).result("hint").conditions[0]
    assert failing.gap_hint == "Werk samen."
    assert passing.gap_hint == ""


def test_the_parameter_value_in_force_on_the_date_is_used_and_traced():
    facts = {**hours_for_fte(6), "own_payroll_staff": True, "mentor_available": True}
    before = evaluate(facts, mwa_rules(), dt.date(2024, 6, 30)).result("mwa")
    after = evaluate(facts, mwa_rules(), dt.date(2024, 7, 1)).result("mwa")

    def traced(result):
        trace = result.conditions[0]
        return (trace.threshold, trace.parameter, trace.parameter_valid_from)

    assert before.status is Status.RECOMMENDED
    assert traced(before) == (5, "min_fte", dt.date(2019, 1, 1))
    assert before.conditions[0].parameter_verified is True

    assert after.status is Status.NOT_APPLICABLE
    assert traced(after) == (8, "min_fte", dt.date(2024, 7, 1))
    assert after.conditions[0].parameter_verified is False
    assert after.gaps[0].text == "6 VTE van de vereiste 8 VTE: 2 VTE tekort"


def test_a_parameter_without_a_value_yet_makes_the_condition_unknown():
    rules = build(MWA, parameters=(MIN_FTE,))
    facts = {**hours_for_fte(6), "own_payroll_staff": True}
    trace = evaluate(facts, rules, dt.date(2018, 12, 31)).result("mwa").conditions[0]
    assert trace.outcome is Outcome.UNKNOWN
    assert trace.parameter_valid_from is None
    assert trace.parameter_verified is False
    assert trace.reason == (
        "Voor 31 december 2018 is in de regels geen waarde van de parameter 'min_fte' gekend."
    )


def test_a_route_is_not_in_force_before_it_starts():
    rules = build(route("new", valid_from="2026-01-01"))
    result = evaluate({}, rules, dt.date(2025, 12, 31)).result("new")
    assert result.status is Status.NOT_IN_FORCE
    assert result.status_reason == "Deze maatregel bestaat pas vanaf 1 januari 2026."
    assert evaluate({}, rules, dt.date(2026, 1, 1)).result("new").status is Status.RECOMMENDED


def test_a_route_is_not_in_force_from_the_day_it_closes_to_new_schools():
    rules = build(route("closing", closed_to_new_from="2023-07-01"))
    assert evaluate({}, rules, dt.date(2023, 6, 30)).result("closing").status is Status.RECOMMENDED
    result = evaluate({}, rules, dt.date(2023, 7, 1)).result("closing")
    assert result.status is Status.NOT_IN_FORCE
    assert result.status_reason == (
        "Sinds 1 juli 2023 kunnen scholen hier niet meer nieuw instappen."
    )


def test_a_route_is_not_in_force_after_its_last_day():
    rules = build(route("ending", valid_to="2024-12-31"))
    assert evaluate({}, rules, dt.date(2024, 12, 31)).result("ending").status is Status.RECOMMENDED
    result = evaluate({}, rules, dt.date(2025, 1, 1)).result("ending")
    assert result.status is Status.NOT_IN_FORCE
    assert result.status_reason == "Deze maatregel liep af op 31 december 2024."


def test_a_closed_route_the_school_uses_shows_what_continues():
    rules = build(
        route(
            "lde",
            condition("own_payroll_staff", "is_true"),
            closed_to_new_from="2023-07-01",
            successors=["mwa"],
            continuation="Lopende contracten lopen door tot hun einde.",
        ),
        route("mwa", condition("own_payroll_staff", "is_true")),
    )
    facts = {"own_payroll_staff": True, "routes_in_use": ["lde"]}
    result = evaluate(facts, rules, DAY).result("lde")
    assert result.status is Status.NOT_IN_FORCE
    assert result.in_use is True
    assert result.continuation == "Lopende contracten lopen door tot hun einde."
    assert result.successors == ("mwa",)
    other = evaluate({"own_payroll_staff": True}, rules, DAY).result("lde")
    assert (other.in_use, other.continuation) == (False, "")


def test_missing_lists_each_undecided_question_once_required_ones_first():
    rules = build(
        route(
            "many",
            condition("mentor_available", "is_true", required=False),
            condition("host_stages", "is_true"),
            condition("pupils", "gte", 100),
            condition("pupils", "lte", 2000),
            condition("stage_real_job_offer", "is_true"),
        )
    )
    result = evaluate({"stage_real_job_offer": True}, rules, DAY).result("many")
    assert result.missing == ("host_stages", "pupils", "mentor_available")
    assert [t.step for t in result.conditions[:3]] == ["guidance", "stages", "school"]


def test_every_route_gets_one_result_in_rule_set_order():
    rules = build(
        route("b", order=2),
        route("a", order=1),
        route("c", order=2),
    )
    advice = evaluate({}, rules, DAY)
    assert [r.code for r in advice.results] == ["a", "b", "c"]
    assert advice.on == DAY
    assert advice.ruleset_id == rules.identifier


def test_the_advice_keeps_the_answers_and_the_derived_facts():
    facts = {"hours_cleaning": 60, "hours_grounds": 16, "postcode": "2000", "board_type": "vzw"}
    advice = evaluate(facts, mwa_rules(), BEFORE_RAISE)
    assert advice.facts["facility_hours_week"] == 76
    assert advice.facts["facility_fte"] == 2
    assert advice.facts["region"] == "flanders"
    assert advice.facts["board_legal_form"] == "vzw"
    assert advice.facts["contracting_authority"] is True
    assert advice.facts["public_sector"] is False


def test_choice_multichoice_and_date_conditions_compare_as_their_type():
    rules = build(
        route("choice", condition("board_type", "in", ["go", "municipality"])),
        route("multi", condition("routes_in_use", "not_contains", "art60")),
        route("date", condition("contract_end_date", "before", "2026-01-01")),
        route("text", condition("postcode", "eq", "9000")),
    )
    facts = {
        "board_type": "go",
        "routes_in_use": ["wijkwerken"],
        "contract_end_date": dt.date(2025, 6, 30),
        "postcode": "9000",
    }
    advice = evaluate(facts, rules, DAY)
    assert {r.code: r.status for r in advice.results} == {
        "choice": Status.RECOMMENDED,
        "multi": Status.RECOMMENDED,
        "date": Status.RECOMMENDED,
        "text": Status.RECOMMENDED,
    }
    displays = {r.code: r.conditions[0].answer_display for r in advice.results}
    assert displays["choice"] == "GO! onderwijs van de Vlaamse Gemeenschap"
    assert displays["multi"] == "Wijk-werken (de school als werkplek)"
    assert displays["date"] == "30 juni 2025"
    assert advice.result("date").conditions[0].threshold_display == "1 januari 2026"


def test_a_boolean_condition_shows_the_expected_answer_as_its_threshold():
    rules = build(route("yes", condition("host_stages", "is_true")))
    trace = evaluate({"host_stages": False}, rules, DAY).result("yes").conditions[0]
    assert (trace.answer_display, trace.threshold_display) == ("nee", "ja")
    assert trace.outcome is Outcome.NOT_MET
