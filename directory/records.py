"""One reader for organisation records: the CSV import and the admin form both use it.

A record is a dict of text values under the CSV column names (``COLUMNS``). ``clean_record``
turns it into model field values, or a list of ``(column, Dutch message)`` problems.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext, gettext_noop

from pathways.admin.forms import parse_date_text

from . import geography
from .models import ROUTE_CHOICES, SERVICE_CHOICES, Organisation

# CSV column -> model field, in file order.
COLUMNS: dict[str, str] = {
    "naam": "name",
    "soort": "kind",
    "diensten": "services",
    "werkgebied": "scope",
    "gebieden": "areas",
    "trajecten": "routes",
    "wat_vragen": "what_to_ask",
    "website": "website",
    "email": "email",
    "telefoon": "phone",
    "adres": "address",
    "bron": "source_url",
    "nagekeken_op": "checked_on",
    "nota": "note",
}
REQUIRED = ("naam", "soort", "werkgebied", "bron", "nagekeken_op")
LIST_SEPARATOR = ","

MSG_REQUIRED = gettext_noop("Dit veld is verplicht.")
MSG_CHOICE = gettext_noop("'%(value)s' is geen geldige keuze. Kies uit: %(choices)s.")
MSG_AREA = gettext_noop("'%(value)s' is geen %(kind)s in Vlaanderen of Brussel.")
MSG_AREAS_NEEDED = gettext_noop(
    "Geef minstens één gebied op, of kies 'Heel Vlaanderen' of 'Brussels Hoofdstedelijk Gewest'."
)
MSG_NO_AREAS = gettext_noop("Laat de gebieden leeg bij het werkgebied '%(scope)s'.")
MSG_URL = gettext_noop("Geef een volledig webadres, beginnend met https:// of http://.")
MSG_EMAIL = gettext_noop("Dit is geen geldig e-mailadres.")
MSG_PHONE = gettext_noop("Een telefoonnummer heeft 9 of 10 cijfers, bijvoorbeeld 09 123 45 67.")
MSG_DATE = gettext_noop("Geef een datum als 2026-11-27 of 27/11/2026.")
MSG_FUTURE = gettext_noop("De datum van nakijken ligt in de toekomst.")
MSG_TOO_LONG = gettext_noop("Maximaal %(max)s tekens.")

# The scopes that cover a whole region and so take no areas.
WHOLE_REGION = (Organisation.Scope.FLANDERS, Organisation.Scope.BRUSSELS)

AREA_KIND = {
    "municipalities": gettext_noop("gemeente"),
    "arrondissements": gettext_noop("arrondissement"),
    "provinces": gettext_noop("provincie"),
}


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]


def _choice(text: str, choices) -> str | None:
    wanted = text.strip().casefold()
    for code, label in choices:
        if wanted in (code.casefold(), gettext(label).casefold(), str(label).casefold()):
            return code
    return None


def _choices_text(choices) -> str:
    return ", ".join(f"{code} ({gettext(label)})" for code, label in choices)


def _code(text: str, choices, problems, column) -> str | None:
    """Return the code ``text`` names in ``choices``, else None with a problem for ``column``."""
    code = _choice(text, choices)
    if code is None:
        problems.append(
            (column, gettext(MSG_CHOICE) % {"value": text, "choices": _choices_text(choices)})
        )
    return code


def _codes(text: str, choices, problems, column) -> list[str]:
    codes: list[str] = []
    for part in _split(text):
        code = _code(part, choices, problems, column)
        if code is not None and code not in codes:
            codes.append(code)
    return codes


def parse_areas(scope: str, text: str) -> tuple[list[str], list[str]]:
    """Return ``(area codes, problems)`` for a comma-separated list of names of ``scope``.

    Municipalities may be given by their current name or by a name from before the 2025
    mergers; both land on the current municipality's code. Brussels municipalities may be
    given by their Dutch or French name, the Brussels arrondissement as "Brussel-Hoofdstad".
    The scopes "flanders" and "brussels" take no areas.
    """
    names = _split(text)
    if scope in WHOLE_REGION:
        label = Organisation.Scope(scope).label
        return [], ([gettext(MSG_NO_AREAS) % {"scope": label}] if names else [])
    if not names:
        return [], [gettext(MSG_AREAS_NEEDED)]
    lookup = {
        "municipalities": geography.municipality_code,
        "arrondissements": geography.arrondissement_code,
        "provinces": geography.province_code,
    }[scope]
    codes: list[str] = []
    problems: list[str] = []
    for name in names:
        code = lookup(name)
        if code is None:
            problems.append(gettext(MSG_AREA) % {"value": name, "kind": gettext(AREA_KIND[scope])})
        elif code not in codes:
            codes.append(code)
    return codes, problems


def _url(text: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        return False
    return True


def clean_record(raw: dict[str, str], *, today: dt.date | None = None):
    """Return ``(field values, [(column, message)])`` for one record of text values."""
    today = today or dt.date.today()
    text = {column: (raw.get(column) or "").strip() for column in COLUMNS}
    problems: list[tuple[str, str]] = []
    values: dict = {}
    for column in REQUIRED:
        if not text[column]:
            problems.append((column, gettext(MSG_REQUIRED)))
    limits = {"naam": 200, "telefoon": 40, "adres": 300, "bron": 500}
    for column, limit in limits.items():
        if len(text[column]) > limit:
            problems.append((column, gettext(MSG_TOO_LONG) % {"max": limit}))
    values["name"] = text["naam"]
    if text["soort"]:
        values["kind"] = _code(text["soort"], Organisation.Kind.choices, problems, "soort")
    values["services"] = _codes(text["diensten"], SERVICE_CHOICES, problems, "diensten")
    values["routes"] = _codes(text["trajecten"], ROUTE_CHOICES, problems, "trajecten")
    scope = None
    if text["werkgebied"]:
        scope = _code(text["werkgebied"], Organisation.Scope.choices, problems, "werkgebied")
    values["scope"] = scope
    if scope:
        areas, area_problems = parse_areas(scope, text["gebieden"])
        values["areas"] = areas
        problems.extend(("gebieden", message) for message in area_problems)
    for column in ("website", "bron"):
        if text[column] and not _url(text[column]):
            problems.append((column, gettext(MSG_URL)))
    if text["email"]:
        try:
            EmailValidator()(text["email"])
        except ValidationError:
            problems.append(("email", gettext(MSG_EMAIL)))
    if text["telefoon"]:
        digits = re.sub(r"\D", "", text["telefoon"].replace("+32", "0", 1))
        if not re.fullmatch(r"[0-9 +/.()-]+", text["telefoon"]) or not 9 <= len(digits) <= 10:
            problems.append(("telefoon", gettext(MSG_PHONE)))
    if text["nagekeken_op"]:
        iso = parse_date_text(text["nagekeken_op"])
        if iso is None:
            problems.append(("nagekeken_op", gettext(MSG_DATE)))
        else:
            checked = dt.date.fromisoformat(iso)
            if checked > today:
                problems.append(("nagekeken_op", gettext(MSG_FUTURE)))
            values["checked_on"] = checked
    for column in ("wat_vragen", "website", "email", "telefoon", "adres", "bron", "nota"):
        values[COLUMNS[column]] = text[column]
    return values, problems


def record_of(organisation: Organisation) -> dict[str, str]:
    """Return the text record of an organisation (the CSV row; codes for choices)."""
    return {
        "naam": organisation.name,
        "soort": organisation.kind,
        "diensten": LIST_SEPARATOR.join(organisation.services),
        "werkgebied": organisation.scope,
        "gebieden": LIST_SEPARATOR.join(organisation.area_names),
        "trajecten": LIST_SEPARATOR.join(organisation.routes),
        "wat_vragen": organisation.what_to_ask,
        "website": organisation.website,
        "email": organisation.email,
        "telefoon": organisation.phone,
        "adres": organisation.address,
        "bron": organisation.source_url,
        "nagekeken_op": organisation.checked_on.isoformat(),
        "nota": organisation.note,
    }
