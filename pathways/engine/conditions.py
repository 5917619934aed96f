"""Whether a condition is valid: fact type x operator x value. The one authority.

The admin's condition and parameter forms, the model validation, the rule-set loader and the
rule-file importer all ask ``condition_problem`` (or its text-only twin
``check_condition_value``), so they refuse exactly the same conditions with the same Dutch words.
Values from a file or a form are shown with ``show``: Dutch, never Python's ``repr``
("leeg", "ja", "'30 000'"), so no message says "niet None".
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, NamedTuple

from .facts import FACTS_BY_CODE, OPERATORS_BY_TYPE, VALUELESS_OPERATORS
from .i18n import gettext_noop
from .numbers import format_number
from .types import FactType, Operator
from .validate import read_date

MSG_UNKNOWN_FACT = gettext_noop("onbekend gegeven {fact}")
MSG_UNKNOWN_OPERATOR = gettext_noop("onbekende vergelijking {operator}")
MSG_OPERATOR_MISFIT = gettext_noop(
    "de vergelijking {operator} past niet bij het gegeven {fact} ({type}); kies uit: {allowed}"
)
MSG_EXPECTS_NUMBER = gettext_noop("verwacht een getal, niet {value}")
MSG_BELOW_MINIMUM = gettext_noop("{value} ligt onder het minimum van {fact} ({minimum})")
MSG_ABOVE_MAXIMUM = gettext_noop("{value} ligt boven het maximum van {fact} ({maximum})")
MSG_EXPECTS_DATE = gettext_noop("verwacht een datum (JJJJ-MM-DD)")
MSG_EXPECTS_DATE_NOT = gettext_noop("verwacht een datum (JJJJ-MM-DD), niet {value}")
MSG_EXPECTS_LIST = gettext_noop("verwacht een lijst met minstens één waarde, niet {value}")
MSG_UNKNOWN_CHOICES = gettext_noop("onbekende keuze(s) {values}; kies uit: {known}")
MSG_UNKNOWN_CHOICE = gettext_noop("onbekende keuze {value}; kies uit: {known}")
MSG_EXPECTS_TEXT = gettext_noop("verwacht tekst, niet {value}")

EMPTY = gettext_noop("leeg")
YES = gettext_noop("ja")
NO = gettext_noop("nee")
HUGE = gettext_noop("een reusachtig getal")

# How a fact's type is named in a problem, as the admin names it.
TYPE_NAMES = {
    FactType.NUMBER: gettext_noop("getal"),
    FactType.BOOLEAN: gettext_noop("ja/nee"),
    FactType.CHOICE: gettext_noop("keuze"),
    FactType.MULTICHOICE: gettext_noop("meerkeuze"),
    FactType.DATE: gettext_noop("datum"),
    FactType.TEXT: gettext_noop("tekst"),
}


class ConditionProblem(NamedTuple):
    """A refused condition: the part at fault (``fact``, ``operator`` or ``value``) and why."""

    part: str
    message: str


def show(value: Any, *, limit: int = 60) -> str:
    """Show a value from a file or a form in a Dutch message (never Python's ``repr``).

    ``None`` and ``""`` are "leeg", booleans "ja"/"nee", numbers Belgian (``2,5``), texts in
    single quotes and cut at ``limit`` characters, lists as their items joined by commas.
    """
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return "'" + str(value) + "'"
        if isinstance(value, int) and value.bit_length() > 64:
            return HUGE  # str() of a 4,301-digit int raises; nobody needs its digits here
        return format_number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(show(item, limit=limit) for item in value[:10]) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(show(key, limit=limit) for key in list(value)[:10]) + "}"
    text = str(value)
    if len(text) > limit:
        text = text[:limit] + "…"
    return "'" + text + "'"


def condition_problem(fact_code: Any, operator: Any, value: Any) -> ConditionProblem | None:
    """Return the problem of the condition ``fact operator value``, or None when it is valid.

    ``value`` is the stored (JSON) value or a parameter's value: a number within the fact's
    minimum and maximum for a number fact, a date in the year window for a date fact, known
    choice codes for a choice, a non-empty list for ``in``/``not in``, text for a text fact,
    nothing for ``is_true``/``is_false``.
    """
    fact = FACTS_BY_CODE.get(fact_code) if isinstance(fact_code, str) else None
    if fact is None:
        return ConditionProblem("fact", MSG_UNKNOWN_FACT.format(fact=show(fact_code)))
    try:
        op = Operator(operator)
    except ValueError:
        return ConditionProblem("operator", MSG_UNKNOWN_OPERATOR.format(operator=show(operator)))
    allowed = OPERATORS_BY_TYPE[fact.type]
    if op not in allowed:
        message = MSG_OPERATOR_MISFIT.format(
            operator=show(op.value),
            fact=show(fact_code),
            type=TYPE_NAMES[fact.type],
            allowed=", ".join(o.value for o in allowed),
        )
        return ConditionProblem("operator", message)
    if op in VALUELESS_OPERATORS:
        return None
    message = _value_problem(fact, op, value)
    return ConditionProblem("value", message) if message else None


def _value_problem(fact, op: Operator, value: Any) -> str | None:
    choice_codes = {code for code, _ in fact.choices}
    known = ", ".join(sorted(choice_codes))
    if fact.type is FactType.NUMBER:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or (isinstance(value, float) and not math.isfinite(value))
        ):
            return MSG_EXPECTS_NUMBER.format(value=show(value))
        if fact.minimum is not None and value < fact.minimum:
            return MSG_BELOW_MINIMUM.format(
                value=show(value), fact=fact.code, minimum=format_number(fact.minimum)
            )
        if fact.maximum is not None and value > fact.maximum:
            return MSG_ABOVE_MAXIMUM.format(
                value=show(value), fact=fact.code, maximum=format_number(fact.maximum)
            )
        return None
    if fact.type is FactType.DATE:
        if value is None or value == "":
            return MSG_EXPECTS_DATE
        _day, problem = read_date(value)
        return MSG_EXPECTS_DATE_NOT.format(value=show(value)) if problem else None
    if op in (Operator.IN, Operator.NOT_IN):
        if not isinstance(value, list | tuple) or not value:
            return MSG_EXPECTS_LIST.format(value=show(value))
        if fact.type is FactType.CHOICE:
            unknown = [v for v in value if not isinstance(v, str) or v not in choice_codes]
            if unknown:
                return MSG_UNKNOWN_CHOICES.format(
                    values=", ".join(show(v) for v in unknown), known=known
                )
        elif any(not isinstance(v, str) for v in value):
            return MSG_EXPECTS_TEXT.format(value=show(value))
        return None
    if fact.type in (FactType.CHOICE, FactType.MULTICHOICE):
        if not isinstance(value, str) or value not in choice_codes:
            return MSG_UNKNOWN_CHOICE.format(value=show(value), known=known)
        return None
    if fact.type is FactType.TEXT and not isinstance(value, str):
        return MSG_EXPECTS_TEXT.format(value=show(value))
    return None


def check_condition_value(fact_code: Any, operator: Any, value: Any) -> str | None:
    """Return a problem text when ``value`` does not fit ``fact operator``, else None."""
    problem = condition_problem(fact_code, operator, value)
    return problem.message if problem else None
