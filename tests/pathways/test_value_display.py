"""Answers and thresholds as the interface writes them, in the active language.

The engine writes Dutch ("1 vestigingen", "240.000 EUR", "Vlaams Gewest"); ``value_display``
writes each part through the catalogue and Django's number formats, with a unit's singular or
plural by its count.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from pathways.engine.facts import FACTS, FACTS_BY_CODE
from pathways.engine.types import ConditionTrace, Operator, Outcome
from pathways.presentation import UNIT_FORMS, ConditionRow, display_number, value_display

FACT = FACTS_BY_CODE.get

CASES = [
    # fact, value, Dutch, English
    ("campuses", 1, "1 vestiging", "1 site"),
    ("campuses", 2, "2 vestigingen", "2 sites"),
    ("pupils", 250, "250 leerlingen", "250 pupils"),
    ("pupils", 1, "1 leerling", "1 pupil"),
    ("hours_cleaning", 160, "160 uur/week", "160 hours/week"),
    ("hours_cleaning", 1, "1 uur/week", "1 hour/week"),
    ("hours_cleaning", 1.5, "1,5 uur/week", "1.5 hours/week"),
    ("planned_target_group_fte", 5, "5 VTE", "5 FTE"),
    ("planned_target_group_fte", 1 / 3, "0,33 VTE", "0.33 FTE"),
    ("outsourced_contract_value", 240000, "240.000 EUR", "240,000 EUR"),
    ("outsourced_contract_value", 1234.5, "1234,5 EUR", "1234.5 EUR"),
    ("contract_duration_years", 1, "1 jaar", "1 year"),
    ("contract_duration_years", 4, "4 jaar", "4 years"),
    ("months_to_contract_end", 1, "1 maand", "1 month"),
    ("region", "flanders", "Vlaams Gewest", "Flemish Region"),
    ("open_vacancy", True, "ja", "yes"),
    ("open_vacancy", False, "nee", "no"),
    ("open_vacancy", None, "niet beantwoord", "not answered"),
    ("routes_in_use", [], "geen", "none"),
    ("contract_end_date", dt.date(2026, 3, 6), "6 maart 2026", "6 March 2026"),
]


@pytest.mark.parametrize(("fact", "value", "dutch", "english"), CASES)
def test_a_value_is_written_in_the_active_language(fact, value, dutch, english):
    with translation.override("nl-be"):
        assert value_display(FACT(fact), value) == dutch
    with translation.override("en"):
        assert value_display(FACT(fact), value) == english


def test_every_unit_of_the_registry_has_its_forms_by_count_or_none_to_have():
    # A new unit such as "weken" would otherwise be written "1 weken": give it UNIT_FORMS.
    units = {fact.unit for fact in FACTS if fact.unit}
    assert units - set(UNIT_FORMS) == {"VTE", "EUR"}


def test_a_list_of_choices_is_a_list_of_translated_labels():
    with translation.override("en"):
        shown = value_display(FACT("board_type"), ["vzw", "municipality"])
    assert (
        shown
        == "Independent grant-aided school board (non-profit association), Municipality or city"
    )


def test_a_number_follows_the_language_and_groups_thousands_from_ten_thousand():
    with translation.override("nl-be"):
        assert [display_number(n) for n in (9999, 12000, -2.5, -0.001)] == [
            "9999",
            "12.000",
            "-2,5",
            "0",
        ]
    with translation.override("en"):
        assert [display_number(n) for n in (9999, 12000, -2.5)] == ["9999", "12,000", "-2.5"]


def _row(fact: str, operator: Operator, answer, threshold) -> ConditionRow:
    trace = ConditionTrace(
        fact=fact,
        fact_label=FACT(fact).label,
        operator=operator,
        required=True,
        outcome=Outcome.MET,
        answer=answer,
        answer_display="(engine)",
        threshold=threshold,
        threshold_display="(engine)",
        parameter="",
        parameter_valid_from=None,
        parameter_verified=True,
        reason="",
        gap_hint="",
        source="",
        confidence="H",
        step=FACT(fact).step,
        informational=False,
    )
    return ConditionRow(trace=trace, symbol="✔", outcome_label="voldaan")


def test_a_condition_row_writes_its_answer_and_threshold_in_the_active_language():
    region = _row("region", Operator.EQ, "flanders", "flanders")
    vacancy = _row("open_vacancy", Operator.IS_TRUE, True, None)
    campuses = _row("campuses", Operator.GTE, 1, 2)
    with translation.override("en"):
        assert (region.answer, region.threshold) == ("Flemish Region", "Flemish Region")
        assert (vacancy.answer, vacancy.threshold) == ("yes", "yes")
        assert (campuses.answer, campuses.threshold) == ("1 site", "2 sites")
    with translation.override("nl-be"):
        assert (campuses.answer, campuses.threshold) == ("1 vestiging", "2 vestigingen")
