"""Dutch (nl-BE) formatting of numbers, answers and condition texts, without Django."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from .i18n import gettext_noop
from .numbers import format_number
from .types import FactDef, FactType

YES = gettext_noop("ja")
NO = gettext_noop("nee")
UNKNOWN = gettext_noop("niet beantwoord")
NONE_SELECTED = gettext_noop("geen")


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


# The placeholders a condition text may use, filled in by the engine (``evaluate``):
# the school's answer, the condition's threshold, the fact's unit and the shortfall.
CONDITION_PLACEHOLDERS = ("answer", "threshold", "unit", "gap")

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")

MSG_PLACEHOLDER_UNKNOWN = gettext_noop("onbekende invulplek {name}; gebruik alleen {allowed}")
MSG_BRACE = gettext_noop(
    "een accolade hoort bij een invulplek zoals {answer}; deze staat alleen of is niet gesloten"
)


def check_placeholders(
    template: str, allowed: tuple[str, ...] = CONDITION_PLACEHOLDERS
) -> str | None:
    """Return a Dutch problem when ``template`` uses a placeholder other than ``allowed``.

    A placeholder is a name in braces, ``{answer}``; anything else between braces (a field
    access ``{answer.x}``, a format spec ``{answer:>9}``, ``{0}``) and a lone brace are refused,
    so a text that passes is rendered exactly as written.
    """
    for match in _PLACEHOLDER.finditer(template):
        if match.group(1) not in allowed:
            shown = ", ".join("{" + name + "}" for name in allowed)
            return MSG_PLACEHOLDER_UNKNOWN.format(
                name="{" + match.group(1)[:40] + "}", allowed=shown
            )
    if "{" in _PLACEHOLDER.sub("", template) or "}" in _PLACEHOLDER.sub("", template):
        return MSG_BRACE
    return None


def render(template: str, **values: str) -> str:
    """Fill ``{name}`` placeholders with ``values``; anything else stays exactly as written.

    No Python format machinery: a field access or format spec in braces is just text, so a
    rule text can neither reach an attribute nor build a huge string. Values are inserted once,
    never scanned again for placeholders.
    """
    if "{" not in template:
        return template

    def fill(match: re.Match) -> str:
        name = match.group(1)
        return str(values[name]) if name in values else match.group(0)

    return _PLACEHOLDER.sub(fill, template)
