"""Belgian (nl-BE) numbers: one reader and its writers, shared by every entry point.

The questionnaire, the school and board forms, the admin's condition and parameter values and the
rule-file importer all read typed numbers with ``read_number``; the advice pages and the PDFs
write them with ``format_number``, and a form shows a stored number back with ``number_input``
(which ``read_number`` reads as the same value).

What ``read_number`` accepts:

- a decimal comma (``2,5``) and, as people also type it, a decimal point (``2.5``);
- thousands grouped by dots or spaces (``12.000``, ``30 000``, ``1.234,5``, ``€ 12.000``);
  a first group of ``0`` is never a thousands group, so ``0.750`` is three quarters;
- only ASCII digits, at most ``MAX_DIGITS`` of them, and an optional leading minus.

It refuses, each with its own Dutch message: ambiguous forms where a comma could be a thousands
separator (``30,000``, ``1,234,567``, ``1,234.5``), exponents, ``inf``/``nan``, underscores,
superscript or other non-ASCII digits, and more digits than a float can hold.

Why not Babel or Django's localized fields: Babel's strict ``parse_decimal`` for ``nl_BE`` reads
``2.5`` as a grouping error and knows no spaces as grouping, and Django's ``localize=True``
fields accept what Python's ``float``/``Decimal`` accept (``1e5``, ``٣``). The rules here are the
ones people type in Flanders; keeping them in one small function is shorter than bending either.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

from .i18n import gettext_noop

MAX_DIGITS = 15  # what a float holds exactly; longer input is refused, never rounded

MSG_NOT_A_NUMBER = gettext_noop("vul een getal in, bijvoorbeeld 12, 2,5 of 12.000")
MSG_AMBIGUOUS = gettext_noop(
    "is niet eenduidig: een komma is in België het decimaalteken; schrijf duizendtallen met een "
    "punt of zonder scheiding (30.000 of 30000) en decimalen met een komma (30,5)"
)
MSG_TOO_LONG = gettext_noop("heeft te veel cijfers (hoogstens {digits})")
MSG_WHOLE = gettext_noop("vul een geheel getal in, bijvoorbeeld 300 of 1.200")

_SPACES = ("\u00a0", "\u202f", "\u2009")
_SIGN = r"(?P<sign>-?)"
_GROUPED = re.compile(
    _SIGN + r"(?P<whole>[1-9][0-9]{0,2}(?P<sep>[. ])[0-9]{3}(?:(?P=sep)[0-9]{3})*)"
    r"(?:,(?P<frac>[0-9]+))?"
)
_AMBIGUOUS = re.compile(
    r"-?[1-9][0-9]{0,2}(?:,[0-9]{3})+"  # 30,000 or 1,234,567: Belgian decimals or English?
    r"|-?[0-9]+(?:,[0-9]{3})+\.[0-9]+"  # 1,234.5: English grouping
)
_COMMA = re.compile(_SIGN + r"(?P<whole>[0-9]+)(?:,(?P<frac>[0-9]+))?")
_POINT = re.compile(_SIGN + r"(?P<whole>[0-9]+)\.(?P<frac>[0-9]+)")


def read_number(text: str, *, whole: bool = False) -> tuple[int | float | None, str | None]:
    """Read a typed number; return ``(number, None)`` or ``(None, Dutch problem)``.

    The number is an ``int`` unless a decimal part was written (``2,0`` is the float 2.0).
    With ``whole=True`` a decimal part is refused (``1.200`` pupils is 1200, ``2,5`` is refused).
    An empty text is a problem too; callers that allow "no answer" check for it first.
    """
    if not isinstance(text, str):
        return None, MSG_NOT_A_NUMBER
    cleaned = text.strip()
    for space in _SPACES:
        cleaned = cleaned.replace(space, " ")
    cleaned = cleaned.replace("\u2212", "-").replace("€", "").strip()
    if cleaned[-3:].lower() == "eur":
        cleaned = cleaned[:-3].strip()
    if not cleaned or not cleaned.isascii() or len(cleaned) > 4 * MAX_DIGITS:
        too_long = cleaned.isascii() and len(cleaned) > 4 * MAX_DIGITS
        return None, (MSG_TOO_LONG.format(digits=MAX_DIGITS) if too_long else MSG_NOT_A_NUMBER)
    match = _GROUPED.fullmatch(cleaned)
    if match is None:
        if _AMBIGUOUS.fullmatch(cleaned):
            return None, MSG_AMBIGUOUS
        match = _COMMA.fullmatch(cleaned) or _POINT.fullmatch(cleaned)
    if match is None:
        return None, (MSG_WHOLE if whole else MSG_NOT_A_NUMBER)
    digits = match["whole"].replace(".", "").replace(" ", "").lstrip("0") or "0"
    frac = match["frac"]
    if len((digits + (frac or "")).lstrip("0")) > MAX_DIGITS:  # significant digits
        return None, MSG_TOO_LONG.format(digits=MAX_DIGITS)
    if frac is not None and whole:
        return None, MSG_WHOLE
    number: int | float = int(digits) if frac is None else float(f"{digits}.{frac}")
    return (-number if match["sign"] else number), None


def parse_number(text: str) -> int | float | None:
    """Return the number ``read_number`` reads, or None when it refuses the text."""
    return read_number(text)[0]


# Numbers of 10,000 and more get thousands separators ("12.000"), shorter ones not ("1234"),
# as Dutch style guides advise; the interface groups the same way in every language.
GROUPING_FROM = 10_000


def format_number(value: float | int) -> str:
    """Format a number for reading the Belgian-Dutch way: decimal comma, no trailing zeros.

    ``3.2 -> "3,2"``, ``5.0 -> "5"``, ``30000 -> "30.000"``, ``1234.5 -> "1234,5"``.
    Thousands get a dot from 10,000 up, as Dutch style guides advise. Rounded to two decimals:
    for display only; forms show values back with ``number_input``.
    """
    if isinstance(value, bool):
        value = int(value)
    rounded = round(float(value), 2)
    if rounded == int(rounded):
        whole, frac = str(abs(int(rounded))), ""
    else:
        whole, frac = f"{abs(rounded):.2f}".rstrip("0").split(".")
    if int(whole) >= GROUPING_FROM:
        whole = _group(whole)
    sign = "-" if rounded < 0 else ""
    return f"{sign}{whole},{frac}" if frac else f"{sign}{whole}"


def number_input(value: float | int) -> str:
    """Write a stored number the way a form shows it back: exact, and read back the same.

    ``12000 -> "12.000"``, ``0.75 -> "0,75"``, ``2.0 -> "2,0"``, ``1234.5 -> "1.234,5"``.
    """
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int):
        text = _group(str(abs(value))) if abs(value) >= 1000 else str(abs(value))
        return f"-{text}" if value < 0 else text
    # The shortest text that reads back as the same float, without an exponent (1e-07).
    plain = format(Decimal(repr(abs(float(value)))), "f")
    whole, _dot, frac = plain.partition(".")
    frac = frac or "0"
    grouped = _group(whole) if len(whole) > 3 else whole
    sign = "-" if value < 0 else ""
    return f"{sign}{grouped},{frac}"


def _group(digits: str) -> str:
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return ".".join(groups)


def parameter_number(value: Any) -> float | None:
    """Return ``value`` as a number the engine can use, or None.

    Usable: an int or float (not a boolean), finite and not negative. Every reader of a
    parameter value in the engine asks this, so a value stored before the entry checks (a
    published version with "veel") counts as no value instead of crashing.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not math.isfinite(value) or value < 0:
        return None
    return float(value)
