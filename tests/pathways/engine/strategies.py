"""Hypothesis strategies that generate valid answers from the fact registry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from pathways.engine.facts import FACTS_BY_CODE, QUESTION_FACTS
from pathways.engine.postcodes import known_postcodes
from pathways.engine.types import FactDef, FactType

DATES = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))


def numbers(fact: FactDef) -> st.SearchStrategy[float | int]:
    """Integers and floats within the fact's range; integers only for a count (``whole``)."""
    low = fact.minimum if fact.minimum is not None else 0
    high = fact.maximum if fact.maximum is not None else 1_000_000
    integers = st.integers(min_value=int(low), max_value=int(high))
    if fact.whole:
        return integers
    return st.one_of(
        integers,
        st.floats(min_value=low, max_value=high, allow_nan=False, allow_infinity=False),
    )


def value_for(fact: FactDef) -> st.SearchStrategy[Any]:
    """A valid clean value for ``fact``, as ``clean_facts`` would return it."""
    codes = [code for code, _ in fact.choices]
    if fact.type is FactType.NUMBER:
        return numbers(fact)
    if fact.type is FactType.BOOLEAN:
        return st.booleans()
    if fact.type is FactType.CHOICE:
        return st.sampled_from(codes)
    if fact.type is FactType.MULTICHOICE:
        return st.lists(st.sampled_from(codes), unique=True)
    if fact.type is FactType.DATE:
        return DATES
    if fact.code == "postcode":
        return st.sampled_from(known_postcodes())
    return st.text(max_size=20)


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    """A profile where every question and record fact is absent or a valid value."""
    facts = {}
    for fact in QUESTION_FACTS:
        if draw(st.booleans()):
            facts[fact.code] = draw(value_for(fact))
    return facts


def board_schools(*, min_size: int, max_size: int) -> st.SearchStrategy[list[tuple[str, dict]]]:
    """A board's schools as ``evaluate_board`` takes them: ``[("school 0", profile), ...]``."""
    return st.lists(profiles(), min_size=min_size, max_size=max_size).map(
        lambda schools: [(f"school {i}", facts) for i, facts in enumerate(schools)]
    )


def dependents(code: str) -> set[str]:
    """Return ``code`` and every derived fact computed from it, directly or not."""
    found = {code}
    changed = True
    while changed:
        changed = False
        for fact in FACTS_BY_CODE.values():
            if fact.code not in found and found.intersection(fact.depends_on):
                found.add(fact.code)
                changed = True
    return found
