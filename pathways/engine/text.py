"""Dutch (nl-BE) formatting of numbers, answers and condition texts, without Django."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from .i18n import gettext_noop
from .types import FactDef, FactType

YES = gettext_noop("ja")
NO = gettext_noop("nee")
UNKNOWN = gettext_noop("niet beantwoord")
NONE_SELECTED = gettext_noop("geen")


def format_number(value: float | int) -> str:
    """Format a number the Belgian-Dutch way: decimal comma, no trailing zeros.

    ``3.2 -> "3,2"``, ``5.0 -> "5"``, ``30000 -> "30.000"``, ``1234.5 -> "1234,5"``.
    Thousands get a dot from 10,000 up, as Dutch style guides advise.
    """
    if isinstance(value, bool):
        value = int(value)
    rounded = round(float(value), 2)
    if rounded == int(rounded):
        whole, frac = str(abs(int(rounded))), ""
    else:
        whole, frac = f"{abs(rounded):.2f}".rstrip("0").split(".")
    if len(whole) > 4:
        groups = []
        while whole:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = ".".join(groups)
    sign = "-" if rounded < 0 else ""
    return f"{sign}{whole},{frac}" if frac else f"{sign}{whole}"


def format_date(value: dt.date) -> str:
    """Format a date as ``6 maart 2020``."""
    months = (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    )
    return f"{value.day} {months[value.month - 1]} {value.year}"


def with_unit(number: float | int, unit: str) -> str:
    return f"{format_number(number)} {unit}".strip()


def format_value(fact: FactDef | None, value: Any) -> str:
    """Return a Dutch display of ``value`` for ``fact`` (an answer or a threshold)."""
    if value is None:
        return UNKNOWN
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, int | float):
        return with_unit(value, fact.unit if fact else "")
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, list | tuple | frozenset | set):
        if not value:
            return NONE_SELECTED
        labels = _labels(fact)
        return ", ".join(labels.get(v, str(v)) for v in value)
    if fact and fact.type in _LABELLED_TYPES:
        return _labels(fact).get(value, str(value))
    return str(value)


_LABELLED_TYPES = (FactType.CHOICE, FactType.MULTICHOICE)


@functools.cache
def _labels(fact: FactDef | None) -> dict[str, str]:
    """Return the choice labels of ``fact`` by code (built once per fact)."""
    return dict(fact.choices) if fact else {}


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, **values: str) -> str:
    """Fill ``{answer}``-style placeholders; unknown placeholders stay as they are."""
    if "{" not in template and "}" not in template:
        return template
    try:
        return template.format_map(_Blank(values))
    except (ValueError, IndexError):
        return template
