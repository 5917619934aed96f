"""'Wat nu doen?': the routes to act on first, the reason that decides each route, and what
would open more routes, on the shipped rules with the demo schools' answers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from pathways.engine import clean_facts, evaluate, ruleset_from_dict
from pathways.engine.types import Status
from pathways.presentation import advice_cards, decide
from schools.management.commands.load_demo import BOARDS, SCHOOLS

RULESET = Path(__file__).resolve().parents[2] / "fixtures" / "ruleset.yaml"
ON = dt.date(2026, 11, 30)
GENERIC = (
    "Aan alle voorwaarden voldaan.",
    "Niet aan alle noodzakelijke voorwaarden voldaan.",
    "Er ontbreken antwoorden om dit te beslissen.",
    "Aan de noodzakelijke voorwaarden voldaan, nog niet aan alle aanbevolen.",
)


@pytest.fixture(scope="module")
def ruleset():
    return ruleset_from_dict(yaml.safe_load(RULESET.read_text(encoding="utf-8")))


def demo_facts(name: str, **changes) -> dict:
    school = next(s for s in SCHOOLS if s["name"] == name)
    board = next(b for b in BOARDS if b["enterprise_number"] == school["board"])
    raw = dict(school["answers"] or {})
    raw.update(
        board_type=board["board_type"],
        postcode=school["postcode"],
        pupils=school["pupils"],
        campuses=school["campuses"],
    )
    raw.update(changes)
    facts, problems = clean_facts(raw)
    assert problems == []
    return facts


def decision_for(ruleset, facts, on=None):
    advice = evaluate(facts, ruleset, on or ON)
    cards = advice_cards(advice, ruleset)
    return decide(advice, cards), cards


def test_the_demo_school_gets_up_to_three_fitting_routes_each_with_a_first_step_and_contact(
    ruleset,
):
    decision, _cards = decision_for(ruleset, demo_facts("Sint-Vincentiusinstituut Eeklo"))

    assert 1 <= len(decision.top) <= 3
    for card in decision.top:
        assert card.result.status in (Status.RECOMMENDED, Status.POSSIBLE)
        assert card.first_step
        assert card.contacts
        assert card.reason not in GENERIC


def test_the_top_routes_are_different_kinds_of_route_when_there_are_enough(ruleset):
    decision, cards = decision_for(ruleset, demo_facts("Sint-Vincentiusinstituut Eeklo"))
    fitting_kinds = {
        c.result.kind for c in cards if c.result.status in (Status.RECOMMENDED, Status.POSSIBLE)
    }

    assert len(fitting_kinds) >= 3
    assert len({card.result.kind for card in decision.top}) == 3


def test_a_route_already_in_use_is_not_proposed_as_something_to_start(ruleset):
    decision, cards = decision_for(
        ruleset,
        demo_facts("Sint-Vincentiusinstituut Eeklo", routes_in_use=["transition_internship"]),
    )

    assert any(c.result.in_use for c in cards)
    assert all(not card.result.in_use for card in decision.top)


def test_every_reason_names_a_condition_gap_or_question_never_a_generic_sentence(ruleset):
    for school in SCHOOLS:
        if school["answers"] is None:
            continue
        _decision, cards = decision_for(ruleset, demo_facts(school["name"]))
        for card in cards:
            if card.result.status is not Status.NOT_IN_FORCE:
                assert card.reason not in GENERIC, (school["name"], card.result.code)


def test_a_route_lacking_an_answer_names_the_question_to_answer(ruleset):
    decision, cards = decision_for(ruleset, demo_facts("Gemeentelijke Basisschool Ganshoren-Rand"))
    lacking = [c for c in cards if c.result.status is Status.INSUFFICIENT_DATA]

    assert lacking
    for card in lacking:
        assert card.reason.startswith("Antwoord nodig: ")
        assert card.missing[0].label in card.reason
    decided = {route.code for question in decision.questions for route in question.routes}
    assert {card.result.code for card in lacking} <= decided


def test_a_threshold_not_reached_is_named_by_its_shortfall(ruleset):
    # On the deck's date a sheltered-work unit (maatwerkafdeling) still took new schools; it
    # needs 5 FTE of target-group workers, and this school plans 1.
    facts = demo_facts("Vrije Basisschool De Regenboog")
    _decision, cards = decision_for(ruleset, facts, on=dt.date(2020, 3, 6))
    unit = next(c for c in cards if c.result.code == "maatwerkafdeling")

    assert unit.result.status is Status.NOT_APPLICABLE
    assert unit.result.gaps
    assert unit.reason == unit.result.gaps[0].text
    assert unit.reason.endswith("4 VTE tekort")


def test_a_school_in_brussels_is_told_which_measures_do_not_apply_and_whom_to_ask(ruleset):
    decision, _cards = decision_for(ruleset, demo_facts("Gemeentelijke Basisschool Ganshoren-Rand"))

    note = decision.region
    assert note is not None
    assert note.region == "Brussels Hoofdstedelijk Gewest"
    assert "wijkwerken" in {route.code for route in note.routes}
    assert any("PWA" in hint for hint in note.hints)
    assert note.sources and all(url.startswith("https://") for url in note.sources)


def test_a_school_in_flanders_gets_no_region_line(ruleset):
    decision, _cards = decision_for(ruleset, demo_facts("Sint-Vincentiusinstituut Eeklo"))

    assert decision.region is None


def test_routes_no_longer_in_force_are_gathered_with_what_replaced_them(ruleset):
    decision, _cards = decision_for(ruleset, demo_facts("Sint-Vincentiusinstituut Eeklo"))

    assert decision.closed
    assert all(card.result.status is Status.NOT_IN_FORCE for card in decision.closed)
    lde = next(card for card in decision.closed if card.result.code == "lokale_diensteneconomie")
    assert [s.code for s in lde.successors] == ["individueel_maatwerk"]


def test_variety_never_puts_a_possible_route_before_a_recommended_one(ruleset):
    # Sint-Annaschool has three recommended routes of two kinds and a possible one of a third
    # kind: the three recommended ones are the ones to act on.
    decision, cards = decision_for(ruleset, demo_facts("Sint-Annaschool Assenede"))
    fitting = [c for c in cards if c.result.status in (Status.RECOMMENDED, Status.POSSIBLE)]
    recommended = [c for c in fitting if c.result.status == Status.RECOMMENDED]
    assert len(recommended) >= 3
    assert any(c.result.status == Status.POSSIBLE for c in fitting)
    assert len({c.result.kind for c in recommended}) < 3

    assert [card.result.status for card in decision.top] == [Status.RECOMMENDED] * 3
    assert len({card.result.kind for card in decision.top}) == len(
        {c.result.kind for c in recommended}
    )


def test_the_region_line_says_each_thing_once_and_cites_only_the_routes_it_names(ruleset):
    decision, cards = decision_for(ruleset, demo_facts("Gemeentelijke Basisschool Ganshoren-Rand"))
    note = decision.region

    leads = [hint.split(";")[0] for hint in note.hints if ";" in hint]
    assert len(leads) == len(set(leads))
    named = {route.code for route in note.routes}
    cited = {
        trace.source
        for card in cards
        if card.result.code in named
        for trace in card.result.conditions
        if trace.fact == "region"
    }
    assert set(note.sources) <= cited
