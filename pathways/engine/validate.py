"""Check raw answers (from JSON, a form or a file) against the fact registry.

``clean_facts`` turns raw values into the typed values the engine expects and reports every
problem by field, so the CLI, the API and the forms refuse bad input with the same messages.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import postcodes
from .facts import FACTS_BY_CODE
from .i18n import gettext_noop
from .numbers import MSG_WHOLE, format_number
from .postcodes import read_postcode
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
MSG_DATE_YEAR = gettext_noop("verwacht een datum met een jaartal tussen {first} en {last}")
MSG_TEXT = gettext_noop("verwacht tekst")
MSG_POSTCODE = gettext_noop("verwacht een Belgische postcode van vier cijfers")
MSG_POSTCODE_UNKNOWN = gettext_noop("deze postcode bestaat niet in België")

# Dates anywhere (answers, rule files, condition values, the advice date) have a four-digit year
# in this window: a date picker given "27" sends the year 0027, which is refused, not stored.
FIRST_YEAR = 1900
LAST_YEAR = 2100


@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class ProblemsError(Exception):
    """Input refused for the reasons in ``problems`` (texts a reader can act on), all of them."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def read_date(value: Any) -> tuple[dt.date | None, str | None]:
    """Read a date; return ``(date, None)`` or ``(None, Dutch problem)``.

    Accepts a ``date`` (a ``datetime`` gives its date), ``JJJJ-MM-DD`` and, as people type it,
    ``DD-MM-JJJJ``, ``D/M/JJJJ`` or ``D.M.JJJJ``. The year has four ASCII digits and lies
    between ``FIRST_YEAR`` and ``LAST_YEAR``; impossible dates (31-02-2026) are refused.
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        day = value
    elif isinstance(value, str) and value.strip().isascii():
        text = value.strip()
        match = _DAY_FIRST.fullmatch(text)
        try:
            if _ISO.fullmatch(text):
                day = dt.date.fromisoformat(text)
            elif match:
                day = dt.date(int(match[3]), int(match[2]), int(match[1]))
            else:
                return None, MSG_DATE
        except ValueError:
            return None, MSG_DATE
    else:
        return None, MSG_DATE
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        return None, MSG_DATE_YEAR.format(first=FIRST_YEAR, last=LAST_YEAR)
    return day, None


def as_date(value: Any) -> dt.date | None:
    """Return rule data's date as a ``date``: the one coercion of str, date and datetime.

    A ``date`` is returned as it is, a ``datetime`` gives its date, an ISO ``YYYY-MM-DD`` string
    is read; None and ``""`` give None. Raises ``ValueError`` for anything else (a string that is
    no ISO date, a number). For input a person typed, use ``read_date``.
    """
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    raise ValueError(f"not a date: {value!r}")


def parse_date(value: Any) -> dt.date | None:
    """Return a date for a ``date`` or an ISO ``YYYY-MM-DD`` string in the year window.

    None for anything else; ``read_date`` says why.
    """
    if isinstance(value, str) and not _ISO.fullmatch(value.strip()):
        return None
    return read_date(value)[0]


def clean_value(fact: FactDef, value: Any) -> tuple[Any, str | None]:
    """Return ``(clean value, None)`` or ``(None, problem message)`` for one fact."""
    choices = [code for code, _ in fact.choices]
    if fact.type is FactType.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None, MSG_NUMBER
        if isinstance(value, float) and not math.isfinite(value):
            return None, MSG_NUMBER
        if fact.whole and isinstance(value, float):
            if not value.is_integer():
                return None, MSG_WHOLE
            value = int(value)  # 320.0 pupils (JSON) is the count 320
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
        if isinstance(value, str) and not _ISO.fullmatch(value.strip()):
            return None, MSG_DATE
        return read_date(value)
    if not isinstance(value, str):
        return None, MSG_TEXT
    if fact.code == "postcode":
        code, problem = read_postcode(value)
        if problem is not None:
            unknown = problem == postcodes.MSG_POSTCODE_UNKNOWN
            return None, (MSG_POSTCODE_UNKNOWN if unknown else MSG_POSTCODE)
        return code, None
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
