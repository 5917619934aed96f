"""Postcode and place checks for the school forms: the engine's reader with translated messages.

``pathways.engine.postcodes`` holds the one reader (official list, former municipality names,
postal localities, shared postcodes); this module only translates its messages for Django.
"""

from __future__ import annotations

from django.utils.translation import gettext

from pathways.engine.postcodes import (
    MSG_CHOOSE_MUNICIPALITY,
    _municipalities_by_postcode,  # noqa: F401  (tests compare the list with the engine's ranges)
    municipality_names,
    read_place,
    region_for,
)

__all__ = ["canonical_municipality", "check", "municipality_names", "region_for"]


def check(postcode: str, municipality: str) -> tuple[str, str] | None:
    """Return ``(field, translated message)`` when the pair is refused, else None."""
    _name, problem = read_place(postcode, municipality)
    if problem is None:
        return None
    params = dict(problem.params)
    if "names" in params and problem.template == MSG_CHOOSE_MUNICIPALITY:
        params["names"] = params["names"].replace(" of ", " " + gettext("of") + " ")
    return problem.field, gettext(problem.template).format(**params)


def canonical_municipality(postcode: str, municipality: str) -> str:
    """Return the official Dutch name of the municipality meant by a postcode and place."""
    name, _problem = read_place(postcode, municipality)
    return name if name is not None else municipality
