"""Check raw answers (from JSON, a form or a file) against the fact registry.

``clean_facts`` turns raw values into the typed values the engine expects and reports every
problem by field, so the CLI, the API and the forms refuse bad input with the same messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .derive import region_for_postcode
from .facts import FACTS_BY_CODE
from .i18n import gettext_noop
from .text import format_number
from .types import FactDef, FactType

MSG_UNKNOWN_FIELD = gettext_noop("onbekend veld")
MSG_DERIVED = gettext_noop("wordt afgeleid uit andere antwoorden en kan niet ingevuld worden")
MSG_NUMBER = gettext_noop("verwacht een getal")
MSG_MIN = gettext_noop("moet minstens {minimum} zijn")
MSG_MAX = gettext_noop("mag hoogstens {maximum} zijn")
MSG_BOOLEAN = gettext_noop("verwacht true of false")
MSG_CHOICE = gettext_noop("verwacht een van: {choices}")
MSG_LIST = gettext_noop("verwacht een lijst met waarden uit: {choices}")
MSG_DUPLICATE = gettext_noop("bevat een waarde twee keer")
MSG_DATE = gettext_noop("verwacht een datum als JJJJ-MM-DD")
MSG_TEXT = gettext_noop("verwacht tekst")
MSG_POSTCODE = gettext_noop("verwacht een Belgische postcode van vier cijfers")


@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def parse_date(value: Any) -> dt.date | None:
    """Return a date for a ``date`` or an ISO ``YYYY-MM-DD`` string; None when it is not one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def clean_value(fact: FactDef, value: Any) -> tuple[Any, str | None]:
    """Return ``(clean value, None)`` or ``(None, problem message)`` for one fact."""
    choices = [code for code, _ in fact.choices]
    if fact.type is FactType.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            return None, MSG_NUMBER
        if fact.minimum is not None and value < fact.minimum:
            return None, MSG_MIN.format(minimum=format_number(fact.minimum))
        if fact.maximum is not None and value > fact.maximum:
            return None, MSG_MAX.format(maximum=format_number(fact.maximum))
        return value, None
    if fact.type is FactType.BOOLEAN:
        if not isinstance(value, bool):
            return None, MSG_BOOLEAN
        return value, None
    if fact.type is FactType.CHOICE:
        if value not in choices:
            return None, MSG_CHOICE.format(choices=", ".join(choices))
        return value, None
    if fact.type is FactType.MULTICHOICE:
        if not isinstance(value, list | tuple) or any(v not in choices for v in value):
            return None, MSG_LIST.format(choices=", ".join(choices))
        if len(set(value)) != len(value):
            return None, MSG_DUPLICATE
        return list(value), None
    if fact.type is FactType.DATE:
        parsed = parse_date(value)
        if parsed is None:
            return None, MSG_DATE
        return parsed, None
    if not isinstance(value, str):
        return None, MSG_TEXT
    if fact.code == "postcode" and region_for_postcode(value) is None:
        return None, MSG_POSTCODE
    return value.strip(), None


def clean_facts(
    raw: Mapping[str, Any], *, prefix: str = ""
) -> tuple[dict[str, Any], list[Problem]]:
    """Validate raw answers; return the clean facts and every problem found.

    ``None`` means "not answered" and is dropped. ``prefix`` is put before field names in
    problems (``facts.hours_cleaning``) so a caller can say where in its input a field sits.
    """
    clean: dict[str, Any] = {}
    problems: list[Problem] = []
    for code, value in raw.items():
        name = f"{prefix}{code}"
        fact = FACTS_BY_CODE.get(code)
        if fact is None:
            problems.append(Problem(name, MSG_UNKNOWN_FIELD))
            continue
        if fact.origin == "derived":
            problems.append(Problem(name, MSG_DERIVED))
            continue
        if value is None:
            continue
        result, problem = clean_value(fact, value)
        if problem:
            problems.append(Problem(name, problem))
        else:
            clean[code] = result
    return clean, problems
