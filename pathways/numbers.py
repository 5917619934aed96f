"""Numbers typed the Belgian way, shared by the rule admin and the questionnaire.

``12``, ``2,5``, ``2.5``, ``12.000``, ``1.234,5`` and ``€ 12.000`` are all read: a point
followed by groups of exactly three digits is a thousands separator, any other point is a
decimal point, and a comma is always the decimal mark.
"""

from __future__ import annotations

import re

_THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+(,\d+)?")
_IGNORED = (" ", "\u00a0", "\u202f", "€")


def parse_number(text: str) -> int | float | None:
    """Read a typed number; return None when it is not one.

    Whole numbers come back as ``int`` unless written with a decimal part ("2,0" is 2.0).
    Infinity and NaN are refused.
    """
    cleaned = text.strip()
    for char in _IGNORED:
        cleaned = cleaned.replace(char, "")
    if _THOUSANDS.fullmatch(cleaned):
        cleaned = cleaned.replace(".", "")
    cleaned = cleaned.replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        return None
    if number != number or number in (float("inf"), float("-inf")):
        return None
    return int(number) if number.is_integer() and "." not in cleaned else number
