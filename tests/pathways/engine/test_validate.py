"""Cleaning raw answers: every fact type, with every kind of bad value named by its field."""

from __future__ import annotations

import datetime as dt

import pytest

from pathways.engine import Problem, clean_facts
from pathways.engine.validate import (
    MSG_BOOLEAN,
    MSG_DATE,
    MSG_DERIVED,
    MSG_DUPLICATE,
    MSG_NUMBER,
    MSG_POSTCODE,
    MSG_POSTCODE_UNKNOWN,
    MSG_TEXT,
    MSG_UNKNOWN_FIELD,
)

ROUTE_CHOICES = (
    "maatwerkafdeling, lokale_diensteneconomie, se_purchasing, transition_internship, vop, ibo, "
    "doelgroepvermindering, aanwervingsincentive, art60, wijkwerken, twe, arbeidszorg, "
    "cooperative, individueel_maatwerk, dgv_zonder_recente_werkervaring, "
    "arbeidsmatige_activiteiten"
)


def test_valid_answers_of_every_type_come_back_clean():
    clean, problems = clean_facts(
        {
            "hours_cleaning": 40,
            "planned_target_group_fte": 1.5,
            "host_stages": True,
            "board_type": "go",
            "routes_in_use": ("art60", "ibo"),
            "contract_end_date": "2026-08-31",
            "postcode": " 9000 ",
        }
    )
    assert problems == []
    assert clean == {
        "hours_cleaning": 40,
        "planned_target_group_fte": 1.5,
        "host_stages": True,
        "board_type": "go",
        "routes_in_use": ["art60", "ibo"],
        "contract_end_date": dt.date(2026, 8, 31),
        "postcode": "9000",
    }


def test_unanswered_facts_are_dropped_without_a_problem():
    clean, problems = clean_facts({"hours_cleaning": None, "host_stages": None})
    assert (clean, problems) == ({}, [])


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("hours_cleaning", "40", MSG_NUMBER),
        ("hours_cleaning", True, MSG_NUMBER),
        ("hours_cleaning", float("nan"), MSG_NUMBER),
        ("hours_cleaning", [40], MSG_NUMBER),
        ("hours_cleaning", -1, "moet minstens 0 zijn"),
        ("hours_cleaning", 5000.5, "mag hoogstens 5000 zijn"),
        ("outsourced_contract_value", 100_000_001, "mag hoogstens 100.000.000 zijn"),
        ("campuses", 0, "moet minstens 1 zijn"),
        ("host_stages", "ja", MSG_BOOLEAN),
        ("host_stages", 1, MSG_BOOLEAN),
        ("board_type", "school", "verwacht een van: go, municipality, province, vzw, other"),
        ("board_type", ["go"], "verwacht een van: go, municipality, province, vzw, other"),
        ("routes_in_use", "art60", f"verwacht een lijst met waarden uit: {ROUTE_CHOICES}"),
        ("routes_in_use", ["art60", "bus"], f"verwacht een lijst met waarden uit: {ROUTE_CHOICES}"),
        ("routes_in_use", ["art60", "art60"], MSG_DUPLICATE),
        ("contract_end_date", "31/08/2026", MSG_DATE),
        ("contract_end_date", "2026-02-30", MSG_DATE),
        ("contract_end_date", 20260831, MSG_DATE),
        ("postcode", 9000, MSG_TEXT),
        ("postcode", "0999", MSG_POSTCODE_UNKNOWN),
        ("postcode", "9999", MSG_POSTCODE_UNKNOWN),
        ("postcode", "²000", MSG_POSTCODE),
        ("postcode", "90000", MSG_POSTCODE),
        ("postcode", "Gent", MSG_POSTCODE),
    ],
)
def test_a_bad_value_is_refused_with_a_dutch_message(field, value, message):
    clean, problems = clean_facts({field: value}, prefix="facts.")
    assert clean == {}
    assert problems == [Problem(f"facts.{field}", message)]


def test_an_unknown_field_is_named():
    clean, problems = clean_facts({"hours_cleaning": 10, "hours_cooking": 5})
    assert clean == {"hours_cleaning": 10}
    assert problems == [Problem("hours_cooking", MSG_UNKNOWN_FIELD)]


def test_a_derived_fact_cannot_be_filled_in():
    _, problems = clean_facts({"facility_fte": 5, "region": "flanders"})
    assert problems == [Problem("facility_fte", MSG_DERIVED), Problem("region", MSG_DERIVED)]


def test_every_problem_is_reported_not_just_the_first():
    clean, problems = clean_facts(
        {"hours_cleaning": "veel", "host_stages": "ja", "pupils": 400, "postcode": "12"},
        prefix="schools[1].facts.",
    )
    assert clean == {"pupils": 400}
    assert [str(p) for p in problems] == [
        "schools[1].facts.hours_cleaning: verwacht een getal",
        "schools[1].facts.host_stages: verwacht true of false",
        "schools[1].facts.postcode: verwacht een Belgische postcode van vier cijfers",
    ]
