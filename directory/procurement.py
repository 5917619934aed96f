"""Which award procedure a school's contract value calls for, from the rule data's parameters.

Bridges the published rule set (dated parameters) and the starter kit's ``Procedure``; the
decision itself is ``pathways.engine.procurement.procurement_procedure``.
"""

from __future__ import annotations

import datetime as dt

from pathways.engine.procurement import (
    ACCEPTED_INVOICE,
    UNKNOWN,
    parameters_on,
    procurement_procedure,
)
from pathways.engine.text import format_date, format_number
from pathways.engine.types import RuleSet

from .starter import Procedure


def procedure_for(estimated_value_eur: float, ruleset: RuleSet, on: dt.date) -> Procedure:
    """Return the procedure for a service contract of ``estimated_value_eur`` (excl. VAT, the
    whole term) of a school board (a sub-central contracting authority) on ``on``.

    The label and explanation are Dutch: they go into the Dutch draft clause.
    """
    found = procurement_procedure(estimated_value_eur, parameters_on(ruleset, on))
    parts = []
    if found.code == UNKNOWN:
        parts.append("De aankoopadviseur bepaalt de procedure.")
    elif found.threshold_eur is not None:
        limit = format_number(found.threshold_eur)
        since = (
            f", geldig sinds {format_date(found.threshold_valid_from)}"
            if found.threshold_valid_from
            else ""
        )
        if estimated_value_eur < found.threshold_eur:
            parts.append(
                f"De geraamde waarde ligt onder de drempel van {limit} EUR excl. btw{since}."
            )
        else:
            parts.append(f"De geraamde waarde bereikt de drempel van {limit} EUR excl. btw{since}.")
        if not found.threshold_verified:
            parts.append("Dit bedrag is in de regels als niet nagekeken gemarkeerd.")
    if found.code == ACCEPTED_INVOICE:
        parts.append("Vraag toch een paar offertes en splits de opdracht niet kunstmatig op.")
    return Procedure(code=found.code, label=found.label, explanation=" ".join(parts))
