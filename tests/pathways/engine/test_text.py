"""Dutch formatting of numbers, dates, answers and condition texts."""

from __future__ import annotations

import datetime as dt

import pytest

from pathways.engine.facts import FACTS_BY_CODE
from pathways.engine.text import format_date, format_number, format_value, render


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (5, "5"),
        (5.0, "5"),
        (3.2, "3,2"),
        (1.25, "1,25"),
        (1.005, "1"),
        (2.999, "3"),
        (1234.5, "1234,5"),
        (9999, "9999"),
        (10000, "10.000"),
        (30000, "30.000"),
        (1234567.5, "1.234.567,5"),
        (-3.2, "-3,2"),
        (-30000, "-30.000"),
        (-0.001, "0"),
        (True, "1"),
    ],
)
def test_numbers_use_a_decimal_comma_and_thousand_dots_from_ten_thousand(value, text):
    assert format_number(value) == text


def test_dates_read_as_day_month_year_in_dutch():
    assert format_date(dt.date(2020, 3, 6)) == "6 maart 2020"
    assert format_date(dt.date(2024, 12, 31)) == "31 december 2024"


def test_answers_are_displayed_with_their_unit_or_label():
    assert format_value(FACTS_BY_CODE["hours_cleaning"], 12.5) == "12,5 uur/week"
    assert format_value(FACTS_BY_CODE["outsourced_contract_value"], 45000) == "45.000 EUR"
    assert format_value(FACTS_BY_CODE["host_stages"], True) == "ja"
    assert format_value(FACTS_BY_CODE["host_stages"], False) == "nee"
    assert format_value(FACTS_BY_CODE["board_type"], "vzw") == (
        "Vrij gesubsidieerd schoolbestuur (vzw)"
    )
    assert format_value(FACTS_BY_CODE["routes_in_use"], []) == "geen"
    assert format_value(FACTS_BY_CODE["routes_in_use"], ["art60", "ibo"]) == (
        "Artikel 60 via het OCMW (de school als werkplek), Individuele beroepsopleiding (IBO)"
    )
    assert format_value(FACTS_BY_CODE["postcode"], "9000") == "9000"
    assert format_value(FACTS_BY_CODE["pupils"], None) == "niet beantwoord"


def test_render_fills_known_placeholders_and_keeps_unknown_ones():
    assert (
        render("{answer} van {threshold}", answer="3 VTE", threshold="5 VTE") == "3 VTE van 5 VTE"
    )
    assert render("{answer} en {onbekend}", answer="ja") == "ja en {onbekend}"


def test_render_returns_a_broken_template_unchanged():
    assert render("{answer", answer="ja") == "{answer"
    assert render("{0}", answer="ja") == "{0}"
