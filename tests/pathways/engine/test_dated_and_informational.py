"""Informational conditions, and texts and conditions that change on a date."""

from __future__ import annotations

import datetime as dt

from pathways.engine import Status, evaluate, validate_ruleset_dict
from pathways.engine.types import ConditionKind

from .rulesets import build, condition, route, ruleset_dict

BEFORE, REFORM, AFTER = dt.date(2025, 12, 31), dt.date(2026, 1, 1), dt.date(2026, 11, 30)


def test_an_informational_condition_never_changes_the_status():
    rules = build(
        route(
            "buy",
            condition("open_to_buy_from_se", "is_true"),
            condition("outsourced_contract_value", "lt", 30000, required=False, informational=True),
        )
    )
    small = evaluate({"open_to_buy_from_se": True, "outsourced_contract_value": 10}, rules, AFTER)
    large = evaluate(
        {"open_to_buy_from_se": True, "outsourced_contract_value": 90000}, rules, AFTER
    )
    unknown = evaluate({"open_to_buy_from_se": True}, rules, AFTER)
    assert {a.result("buy").status for a in (small, large, unknown)} == {Status.RECOMMENDED}
    trace = large.result("buy").conditions[1]
    assert trace.kind is ConditionKind.INFORMATIONAL
    assert trace.outcome.value == "not_met"
    assert large.result("buy").gaps == ()
    assert unknown.result("buy").missing == ()


def test_a_condition_cannot_be_both_required_and_informational():
    data = ruleset_dict(
        route("x", condition("open_vacancy", "is_true", required=True, informational=True))
    )
    assert validate_ruleset_dict(data) == [
        "routes[0].conditions[0].informational: een informatieve voorwaarde verandert de status "
        "nooit en kan dus niet noodzakelijk zijn"
    ]


def test_a_condition_text_may_not_start_with_a_label_the_advice_adds_itself():
    cond = condition("facility_fte", "gte", 5, required=False, informational=True)
    cond["text_met"] = "Ter controle: genoeg werk."
    cond["text_not_met"] = " aanbevolen : te weinig werk."
    cond["text_unknown"] = "Onbekend hoeveel werk er is: vul de uren in."  # no colon after it
    message = "het advies zet zelf de soort en de uitkomst van de voorwaarde ervoor"
    assert validate_ruleset_dict(ruleset_dict(route("x", cond))) == [
        f"routes[0].conditions[0].text_met: begin niet met “Ter controle:”; {message}",
        f"routes[0].conditions[0].text_not_met: begin niet met “aanbevolen:”; {message}",
    ]


IBO_LIKE = build(
    route(
        "ibo",
        condition("open_vacancy", "is_true", valid_to="2025-12-31"),
        condition("host_stages", "is_true", valid_from="2026-01-01"),
        summary="Vaste vergoeding aan VDAB.",
        attention_points=["Oud punt"],
        next_steps=["Bel VDAB"],
        texts=[
            {
                "valid_from": "2026-01-01",
                "summary": "Premie rechtstreeks aan de cursist.",
                "attention_points": ["Nieuw punt"],
                "source": "https://example.org/ibo",
                "confidence": "M",
            }
        ],
    )
)


def test_advice_on_a_date_shows_the_texts_in_force_that_day():
    before = evaluate({}, IBO_LIKE, BEFORE).result("ibo")
    on_reform = evaluate({}, IBO_LIKE, REFORM).result("ibo")
    assert before.summary == "Vaste vergoeding aan VDAB."
    assert before.attention_points == ("Oud punt",)
    assert on_reform.summary == "Premie rechtstreeks aan de cursist."
    assert on_reform.attention_points == ("Nieuw punt",)
    assert on_reform.next_steps == ("Bel VDAB",)  # not given in the dated version: kept


def test_a_dated_condition_takes_part_only_within_its_dates():
    facts = {"open_vacancy": True, "host_stages": False}
    before = evaluate(facts, IBO_LIKE, BEFORE).result("ibo")
    after = evaluate(facts, IBO_LIKE, REFORM).result("ibo")
    assert [t.fact for t in before.conditions] == ["open_vacancy"]
    assert before.status is Status.RECOMMENDED
    assert [t.fact for t in after.conditions] == ["host_stages"]
    assert after.status is Status.NOT_APPLICABLE


def test_dated_texts_are_checked_with_their_place_in_the_file():
    data = ruleset_dict(
        route(
            "x",
            texts=[
                {"valid_from": "2026-01-01", "summary": "A"},
                {"valid_from": "2026-01-01", "summary": "B"},
                {"valid_from": "2026-13-01", "next_steps": "geen lijst", "colour": "rood"},
                {"summary": "zonder datum"},
                {"valid_from": "2027-01-01"},
            ],
        ),
        route(
            "y",
            condition("open_vacancy", "is_true", valid_from="2026-02-01", valid_to="2026-01-01"),
        ),
    )
    assert validate_ruleset_dict(data) == [
        "routes[0].texts[1].valid_from: twee waarden beginnen op dezelfde dag",
        "routes[0].texts[2]: onbekende sleutels: colour",
        "routes[0].texts[2].valid_from: '2026-13-01' is geen datum (JJJJ-MM-DD)",
        "routes[0].texts[2].next_steps: verwacht een lijst van teksten",
        "routes[0].texts[3].valid_from: ontbreekt",
        "routes[0].texts[4]: geef minstens één tekst: summary, attention_points, next_steps of "
        "continuation",
        "routes[1].conditions[0].valid_to: mag niet vóór valid_from vallen",
    ]
