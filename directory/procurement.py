"""Which award procedure a school's contract value calls for, from the rule data's parameters.

Bridges the published rule set (dated parameters) and the starter kit's ``Procedure``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pathways.engine.text import format_number
from pathways.engine.types import RuleSet

from .starter import Procedure


def parameters_on(ruleset: RuleSet, on: dt.date) -> dict[str, Any]:
    """Return every parameter's value in force on ``on``, by parameter code."""
    values = {}
    for parameter in ruleset.parameters:
        found = parameter.value_on(on)
        if found is not None:
            values[parameter.code] = found.value
    return values


def procedure_for(estimated_value_eur: float, ruleset: RuleSet, on: dt.date) -> Procedure:
    """Return the procedure for a contract of ``estimated_value_eur`` (excl. VAT, whole term).

    Below the rule data's ``accepted_invoice_max`` the contract may be concluded on an accepted
    invoice; from that value up another procedure is needed, which the procurement adviser
    chooses. Without the parameter the procedure is left to the adviser.
    """
    limit = parameters_on(ruleset, on).get("accepted_invoice_max")
    if limit is None:
        return Procedure(
            code="unknown",
            label="Te bepalen door de aankoopadviseur",
            explanation="De regels bevatten geen drempel voor deze datum.",
        )
    if estimated_value_eur < limit:
        return Procedure(
            code="accepted_invoice",
            label="Aanvaarde factuur (opdracht van beperkte waarde)",
            explanation=(
                f"De geraamde waarde ligt onder {format_number(limit)} EUR excl. btw. Vraag toch "
                "een paar offertes en splits de opdracht niet kunstmatig op."
            ),
        )
    return Procedure(
        code="above_accepted_invoice",
        label="Plaatsingsprocedure boven de aanvaarde factuur",
        explanation=(
            f"De geraamde waarde is {format_number(limit)} EUR excl. btw of meer: een aanvaarde "
            "factuur kan niet. De aankoopadviseur kiest de procedure."
        ),
    )
