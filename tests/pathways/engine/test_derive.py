"""Derived facts: region from postcode, months to a contract's end, totals and board facts."""

from __future__ import annotations

import datetime as dt

import pytest

from pathways.engine.derive import derive_facts, months_between, region_for_postcode

from .rulesets import DAY, build


@pytest.mark.parametrize(
    ("postcode", "region"),
    [
        ("1000", "brussels"),
        ("1299", "brussels"),
        ("1300", "wallonia"),
        ("1499", "wallonia"),
        ("1500", "flanders"),
        ("3999", "flanders"),
        ("4000", "wallonia"),
        ("7999", "wallonia"),
        ("8000", "flanders"),
        ("9999", "flanders"),
        (9000, "flanders"),
        (" 2000 ", "flanders"),
    ],
)
def test_the_region_follows_the_belgian_postcode_ranges(postcode, region):
    assert region_for_postcode(postcode) == region


@pytest.mark.parametrize("postcode", ["0999", "999", "10000", "12a4", "", None, "B-9000"])
def test_a_value_that_is_not_a_belgian_postcode_has_no_region(postcode):
    assert region_for_postcode(postcode) is None


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (dt.date(2025, 1, 15), dt.date(2025, 1, 15), 0),
        (dt.date(2025, 1, 15), dt.date(2025, 2, 14), 0),
        (dt.date(2025, 1, 15), dt.date(2025, 2, 15), 1),
        (dt.date(2025, 1, 31), dt.date(2025, 2, 28), 0),
        (dt.date(2025, 3, 1), dt.date(2026, 8, 31), 17),
        (dt.date(2025, 2, 15), dt.date(2025, 1, 15), -1),
        (dt.date(2025, 2, 15), dt.date(2025, 1, 16), 0),
        (dt.date(2025, 2, 15), dt.date(2024, 12, 20), -1),
    ],
)
def test_months_between_counts_whole_months(start, end, months):
    assert months_between(start, end) == months


def test_hours_add_up_to_a_weekly_total_and_full_time_equivalents():
    rules = build()
    derived = derive_facts(
        {"hours_cleaning": 57, "hours_sports": 19.5, "hours_grounds": None}, rules, DAY
    )
    assert derived["facility_hours_week"] == 76.5
    assert derived["facility_fte"] == 2.01


def test_without_any_hours_the_totals_stay_unknown():
    derived = derive_facts({"pupils": 200}, build(), DAY)
    assert "facility_hours_week" not in derived
    assert "facility_fte" not in derived


@pytest.mark.parametrize(
    ("board_type", "legal_form", "public"),
    [("go", "public_law", True), ("municipality", "public_law", True), ("vzw", "vzw", False)],
)
def test_the_board_type_gives_the_legal_form_and_sector(board_type, legal_form, public):
    derived = derive_facts({"board_type": board_type}, build(), DAY)
    assert derived["board_legal_form"] == legal_form
    assert derived["public_sector"] is public
    assert derived["contracting_authority"] is True


def test_an_other_board_type_leaves_the_legal_facts_unknown():
    derived = derive_facts({"board_type": "other"}, build(), DAY)
    assert {"board_legal_form", "public_sector", "contracting_authority"}.isdisjoint(derived)


def test_the_months_to_the_contract_end_count_from_the_advice_date():
    derived = derive_facts({"contract_end_date": dt.date(2025, 9, 1)}, build(), DAY)
    assert derived["months_to_contract_end"] == 6
