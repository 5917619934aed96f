"""Derived facts: computed from answers, records and parameters, never asked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .facts import TASKS
from .numbers import parameter_number
from .procurement import parameters_on, procurement_procedure
from .types import RuleSet

HOURS_FACTS = tuple(f"hours_{code}" for code, _ in TASKS)
PUBLIC_BOARDS = frozenset({"go", "municipality", "province"})
CONTRACTING_BOARDS = PUBLIC_BOARDS | {"vzw"}


def region_for_postcode(postcode: Any) -> str | None:
    """Return the Belgian region of a four-digit postcode, or None when it is not one.

    Belgian postcodes follow the regions exactly: 1000–1299 Brussels-Capital; 1300–1499 and
    4000–7999 Wallonia; 1500–3999 and 8000–9999 Flanders.
    """
    text = str(postcode or "").strip()
    if len(text) != 4 or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    if number < 1000:
        return None
    if number < 1300:
        return "brussels"
    if number < 1500 or 4000 <= number < 8000:
        return "wallonia"
    return "flanders"


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end`` (negative when ``end`` lies before ``start``)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end >= start and end.day < start.day:
        months -= 1
    elif end < start and end.day > start.day:
        months += 1
    return months


def derive_facts(facts: Mapping[str, Any], rules: RuleSet, on: dt.date) -> dict[str, Any]:
    """Return ``facts`` plus every derived fact that can be computed (unknown ones are absent)."""
    out = dict(facts)
    hours = [facts[code] for code in HOURS_FACTS if facts.get(code) is not None]
    if hours:
        out["facility_hours_week"] = round(float(sum(hours)), 2)
        param = rules.parameter("hours_per_fte")
        per_fte = param.value_on(on) if param else None
        hours_per_fte = parameter_number(per_fte.value) if per_fte is not None else None
        if hours_per_fte:  # none, unusable or 0: the FTE stays unknown
            out["facility_fte"] = round(out["facility_hours_week"] / hours_per_fte, 2)
    region = region_for_postcode(facts.get("postcode"))
    if region and "region" not in facts:
        out["region"] = region
    board_type = facts.get("board_type")
    if board_type in CONTRACTING_BOARDS:
        out.setdefault("contracting_authority", True)
        out.setdefault("board_legal_form", "public_law" if board_type in PUBLIC_BOARDS else "vzw")
        out.setdefault("public_sector", board_type in PUBLIC_BOARDS)
    annual, years = facts.get("outsourced_contract_value"), facts.get("contract_duration_years")
    if annual is not None and years is not None:
        out["estimated_contract_value"] = round(float(annual) * float(years), 2)
        procedure = procurement_procedure(out["estimated_contract_value"], parameters_on(rules, on))
        out["procurement_procedure"] = procedure.code
    end = facts.get("contract_end_date")
    if isinstance(end, dt.date):
        out["months_to_contract_end"] = months_between(on, end)
    return out
