"""Form fields for the values every form reads the same way: Belgian numbers and dates.

They wrap the engine's readers (``pathways.engine.numbers.read_number``,
``pathways.engine.validate.read_date``), so the questionnaire, the school record form and the
admin refuse and accept exactly what the API, the CLI and the rule-file importer do.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pathways.engine.numbers import number_input, read_number
from pathways.engine.types import FactDef
from pathways.engine.validate import FIRST_YEAR, LAST_YEAR, read_date

# Worded as the engine words them (``pathways.engine.validate``), not as Django does.
MSG_MIN = _("Moet minstens %(limit_value)s zijn.")
MSG_MAX = _("Mag hoogstens %(limit_value)s zijn.")
MSG_DATE_PARTS = _("Vul dag, maand en jaar in, bijvoorbeeld 31 8 2027.")
MSG_DATE_IMPOSSIBLE = _("Deze datum bestaat niet: %(day)s-%(month)s-%(year)s.")
MSG_DATE_YEAR = _("Geef het jaar met vier cijfers, tussen %(first)s en %(last)s.")


def problem_sentence(problem: str) -> str:
    """Turn an engine problem ("verwacht een getal ...") into a translated sentence."""
    text = gettext(problem)
    return capfirst(text) + ("" if text.endswith(".") else ".")


class BelgianNumberInput(forms.TextInput):
    """Show a stored number back the Belgian way (``12.000``, ``2,5``), exactly."""

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return number_input(value)
        return super().format_value(value)


class BelgianNumberField(forms.Field):
    """A number typed the Belgian way (``2,5``, ``12.000``, ``30 000``, ``€ 12.000``).

    ``whole=True`` asks for a whole number (pupils, campuses). ``min_value``/``max_value`` are
    checked with Django's validators and messages.
    """

    widget = BelgianNumberInput

    def __init__(
        self,
        *,
        whole: bool = False,
        min_value: float | None = None,
        max_value: float | None = None,
        **kwargs: Any,
    ):
        self.whole = whole
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "numeric" if whole else "decimal")
        if min_value is not None:
            self.validators.append(MinValueValidator(min_value, message=MSG_MIN))
        if max_value is not None:
            self.validators.append(MaxValueValidator(max_value, message=MSG_MAX))

    def to_python(self, value: Any) -> int | float | None:
        if value in self.empty_values:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value
        number, problem = read_number(str(value), whole=self.whole)
        if problem:
            raise forms.ValidationError(problem_sentence(problem), code="invalid")
        return number


def number_field(
    fact: FactDef, *, attrs: dict[str, str] | None = None, **kwargs: Any
) -> BelgianNumberField:
    """Return the field that reads the number fact ``fact`` as its registry entry says.

    A count (``fact.whole``: pupils, campuses) takes whole numbers only and refuses anything
    else with ``MSG_WHOLE`` ("vul een geheel getal in, bijvoorbeeld 300 of 1.200"); other
    numbers take a decimal part. The questionnaire, the quick scan and the school record form
    build their number fields here, so they read a number the same way. ``attrs`` go to the
    input; ``kwargs`` to ``BelgianNumberField`` (label, limits, ...).
    """
    return BelgianNumberField(whole=fact.whole, widget=BelgianNumberInput(attrs=attrs), **kwargs)


# The boxes of a date typed in three parts; each is posted as ``<name>_<part>``.
DATE_PARTS = ("day", "month", "year")


class DatePartsWidget(forms.MultiWidget):
    """Day, month and year as three text boxes (the GOV.UK date pattern).

    A browser's date picker sends nothing at all for a date it cannot read (31-02-2026), so the
    answer would be lost without a word; three plain boxes always reach the server.
    """

    # In the app folder: the default form renderer looks in app template folders only.
    template_name = "pathways/widgets/date_parts.html"
    is_date_parts = True  # templates render it as a fieldset with a legend

    def __init__(self, attrs: dict | None = None):
        base = {"class": "form-control", "inputmode": "numeric"}
        sizes = dict(zip(DATE_PARTS, (2, 2, 4), strict=True))
        widgets = {
            part: forms.TextInput(attrs={**base, "size": size, "maxlength": size})
            for part, size in sizes.items()
        }
        super().__init__(widgets, attrs)

    def value_from_datadict(self, data, files, name: str) -> list[Any]:
        """Read the three boxes; a single value under ``name`` (``2027-08-31``) also works."""
        if name in data and not any(f"{name}_{part}" in data for part in DATE_PARTS):
            return self._split(data.get(name))
        return super().value_from_datadict(data, files, name)

    def _split(self, value: Any) -> list[Any]:
        text = (value or "").strip() if isinstance(value, str) else ""
        parts = text.replace("/", "-").replace(".", "-").split("-")
        if len(parts) != 3:
            return [text or None, None, None] if text else [None, None, None]
        if len(parts[0]) == 4:  # year first
            parts = [parts[2], parts[1], parts[0]]
        return parts

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, str):
            value, _problem = read_date(value)
        if isinstance(value, dt.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]


class DatePartsField(forms.MultiValueField):
    """A date typed as day, month and year; refuses half-filled, impossible or odd-year dates."""

    widget = DatePartsWidget

    def __init__(self, **kwargs: Any):
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        kwargs.setdefault("require_all_fields", False)
        super().__init__(fields, **kwargs)

    def compress(self, data_list: list[str]) -> dt.date | None:
        parts = [(part or "").strip() for part in (data_list or [])]
        if not any(parts):
            return None
        if not all(parts) or not all(p.isascii() and p.isdigit() for p in parts):
            raise forms.ValidationError(MSG_DATE_PARTS, code="incomplete")
        day, month, year = parts
        if len(year) != 4:
            raise forms.ValidationError(
                MSG_DATE_YEAR, code="year", params={"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        found, problem = read_date(f"{int(year):04d}-{int(month):02d}-{int(day):02d}")
        if problem and not FIRST_YEAR <= int(year) <= LAST_YEAR:
            raise forms.ValidationError(
                MSG_DATE_YEAR, code="year", params={"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        if problem:
            raise forms.ValidationError(
                MSG_DATE_IMPOSSIBLE,
                code="impossible",
                params={"day": day, "month": month, "year": year},
            )
        return found
