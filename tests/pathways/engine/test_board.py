"""Evaluating a board: each school on its own, and the schools pooled together."""

from __future__ import annotations

import datetime as dt

from pathways.engine import Status, evaluate_board, pool_facts

from .rulesets import DAY, build, condition, route

MIN_FIVE_FTE = build(route("mwa", condition("facility_fte", "gte", 5)))


def test_two_schools_reach_a_five_fte_minimum_together_but_not_apart():
    schools = [("Atheneum", {"hours_cleaning": 95}), ("Basisschool", {"hours_cleaning": 114})]
    advice = evaluate_board(schools, MIN_FIVE_FTE, DAY)

    apart = {name: school.result("mwa") for name, school in advice.schools}
    assert apart["Atheneum"].status is Status.NOT_APPLICABLE
    assert apart["Atheneum"].gaps[0].text == "2,5 VTE van de vereiste 5 VTE: 2,5 VTE tekort"
    assert apart["Basisschool"].status is Status.NOT_APPLICABLE
    assert apart["Basisschool"].gaps[0].text == "3 VTE van de vereiste 5 VTE: 2 VTE tekort"

    pooled = advice.pooled.result("mwa")
    assert pooled.status is Status.RECOMMENDED
    assert pooled.conditions[0].answer == 5.5
    assert advice.on == DAY
    assert advice.ruleset_id == MIN_FIVE_FTE.identifier


def test_planned_jobs_add_up_over_the_schools_of_a_board():
    rules = build(route("jobs", condition("planned_target_group_fte", "gte", 5)))
    schools = [("A", {"planned_target_group_fte": 2.5}), ("B", {"planned_target_group_fte": 3})]
    advice = evaluate_board(schools, rules, DAY)
    assert [s.result("jobs").status for _, s in advice.schools] == [Status.NOT_APPLICABLE] * 2
    assert advice.pooled.result("jobs").status is Status.RECOMMENDED


def test_board_facts_apply_to_every_school_unless_a_school_overrides_them():
    rules = build(route("public", condition("public_sector", "is_true")))
    schools = [("Stad", {}), ("Vzw-school", {"board_type": "vzw"})]
    advice = evaluate_board(schools, rules, DAY, board_facts={"board_type": "municipality"})
    statuses = {name: school.result("public").status for name, school in advice.schools}
    assert statuses == {"Stad": Status.RECOMMENDED, "Vzw-school": Status.NOT_APPLICABLE}


def test_pooling_combines_each_fact_by_its_rule():
    pooled = pool_facts(
        [
            {
                "pupils": 300,
                "host_stages": False,
                "routes_in_use": ["art60", "ibo"],
                "contract_end_date": dt.date(2026, 8, 31),
                "postcode": "9000",
            },
            {
                "pupils": 450.5,
                "host_stages": True,
                "routes_in_use": ["ibo", "vop"],
                "contract_end_date": dt.date(2025, 12, 31),
                "postcode": "9050",
            },
            {"pupils": None},
        ]
    )
    assert pooled == {
        "pupils": 750.5,
        "host_stages": True,
        "routes_in_use": ["art60", "ibo", "vop"],
        "contract_end_date": dt.date(2025, 12, 31),
        "postcode": "9000",
    }


def test_pooling_leaves_out_facts_no_school_answered():
    assert pool_facts([{}, {"pupils": None}]) == {}
