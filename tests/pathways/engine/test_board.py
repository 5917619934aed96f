"""Evaluating a board: each school on its own, and the schools pooled together."""

from __future__ import annotations

import datetime as dt

import pytest

from pathways.engine import Status, evaluate_board, pool_facts

from .rulesets import DAY, build, condition, route

MIN_FIVE_FTE = build(route("mwa", condition("facility_fte", "gte", 5), scope="board"))


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
    rules = build(route("jobs", condition("planned_target_group_fte", "gte", 5), scope="board"))
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
    }


def test_pooling_leaves_out_facts_no_school_answered():
    assert pool_facts([{}, {"pupils": None}]) == {}


def test_a_postcode_belongs_to_one_school_and_is_never_pooled():
    assert "postcode" not in pool_facts([{"postcode": "9000"}, {"postcode": "9000"}])


def test_a_fact_that_must_be_the_same_pools_only_when_the_schools_agree():
    assert pool_facts([{"board_type": "vzw"}, {"board_type": "vzw"}, {}]) == {"board_type": "vzw"}
    assert pool_facts([{"board_type": "vzw"}, {"board_type": "go"}]) == {}


STAGE = build(
    route(
        "stage",
        condition("mentor_available", "is_true"),
        condition("stage_real_job_offer", "is_true"),
    )
)


def test_a_stage_needs_a_mentor_and_a_job_offer_at_the_same_school():
    schools = [
        ("Mentorschool", {"mentor_available": True, "stage_real_job_offer": False}),
        ("Vacatureschool", {"mentor_available": False, "stage_real_job_offer": True}),
    ]
    pooled = evaluate_board(schools, STAGE, DAY).pooled.result("stage")
    assert pooled.status is Status.NOT_APPLICABLE
    assert pooled.pooled_per_school


def test_a_school_scope_route_pools_to_the_best_single_school():
    schools = [
        ("A", {"mentor_available": True, "stage_real_job_offer": True}),
        ("B", {"mentor_available": False}),
    ]
    pooled = evaluate_board(schools, STAGE, DAY).pooled.result("stage")
    assert pooled.status is Status.RECOMMENDED
    assert "1 van de 2 scholen" in pooled.status_reason


REGIONAL = build(
    route("flemish", condition("region", "eq", "flanders"), scope="board"),
    route(
        "scale",
        condition("region", "eq", "flanders"),
        condition("facility_fte", "gte", 5),
        scope="board",
    ),
)


def test_schools_in_two_regions_are_reported_and_pooled_per_region():
    schools = [
        ("Zaventem", {"postcode": "1700", "hours_cleaning": 190}),
        ("Sint-Agatha-Berchem", {"postcode": "1083", "hours_cleaning": 190}),
    ]
    advice = evaluate_board(schools, REGIONAL, DAY, board_facts={"board_type": "vzw"})

    assert [d.fact for d in advice.differences] == ["region"]
    assert advice.differences[0].values == (
        ("brussels", ("Sint-Agatha-Berchem",)),
        ("flanders", ("Zaventem",)),
    )
    by_region = {dict(g.values)["region"]: g for g in advice.groups}
    assert by_region["flanders"].schools == ("Zaventem",)
    assert by_region["flanders"].advice.result("flemish").status is Status.RECOMMENDED
    assert by_region["flanders"].advice.result("scale").status is Status.RECOMMENDED
    assert by_region["brussels"].advice.result("flemish").status is Status.NOT_APPLICABLE

    together = advice.pooled.result("flemish")
    assert together.status is Status.INSUFFICIENT_DATA
    assert "verschillen" in together.status_reason


def test_schools_that_agree_give_no_groups():
    schools = [("A", {"postcode": "9000"}), ("B", {"postcode": "9050"})]
    advice = evaluate_board(schools, REGIONAL, DAY)
    assert advice.differences == ()
    assert advice.groups == ()
    assert advice.pooled.result("flemish").status is Status.RECOMMENDED


@pytest.mark.parametrize(
    ("reaching", "says"),
    [(1, "1 van de 3 scholen komt zo ver."), (2, "2 van de 3 scholen komen zo ver.")],
)
def test_the_per_school_reason_agrees_in_number(reaching, says):
    both = {"mentor_available": True, "stage_real_job_offer": True}
    schools = [
        (f"School {i}", both if i < reaching else {"mentor_available": False}) for i in range(3)
    ]

    assert evaluate_board(schools, STAGE, DAY).pooled.result("stage").status_reason.endswith(says)
