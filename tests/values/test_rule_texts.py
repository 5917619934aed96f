"""Rule texts: only the documented placeholders, checked before use and filled in without
Python's format machinery."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pathways.engine.text import check_placeholders, render

VALUES = {"answer": "12 uur/week", "threshold": "20 uur/week", "unit": "uur/week", "gap": "8"}


def test_the_documented_placeholders_are_filled_in():
    text = "{answer} van de vereiste {threshold}: {gap} {unit} tekort"
    assert check_placeholders(text) is None
    assert render(text, **VALUES) == "12 uur/week van de vereiste 20 uur/week: 8 uur/week tekort"


def test_a_field_access_is_refused_by_the_check_and_left_as_text_by_the_renderer():
    text = "Uw gewest: {answer.gewest}"
    assert check_placeholders(text) == (
        "onbekende invulplek {answer.gewest}; gebruik alleen {answer}, {threshold}, {unit}, {gap}"
    )
    assert render(text, **VALUES) == text


def test_a_format_spec_cannot_build_a_huge_string():
    text = "{answer:>200000000}"
    assert check_placeholders(text) is not None
    assert render(text, **VALUES) == text


def test_a_lone_brace_is_refused():
    assert check_placeholders("Minstens {answer") is not None
    assert check_placeholders("een } te veel") is not None


def test_a_value_holding_braces_is_not_filled_in_again():
    assert render("{answer}", answer="{threshold}", threshold="x") == "{threshold}"


TEXTS = st.text(alphabet=st.sampled_from(list("{}.:!>0aswerthold_ ")), max_size=40) | st.text(
    max_size=40
)


@settings(max_examples=500)
@given(TEXTS)
def test_no_rule_text_makes_the_check_or_the_renderer_fail_or_grow_out_of_bounds(text):
    problem = check_placeholders(text)
    assert problem is None or isinstance(problem, str)
    rendered = render(text, **VALUES)
    longest = max(len(v) for v in VALUES.values())
    assert len(rendered) <= len(text) * max(longest, 1) + longest
    if problem is None:  # a text that passes the check is filled in completely
        assert "{" not in rendered and "}" not in rendered
