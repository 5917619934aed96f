"""How a condition line names its two values, on the advice page and in the PDF report.

The value compared is the school's own answer only for questionnaire facts: a record fact comes
from the school's details and a derived fact is calculated, so "uw antwoord" would mislead. The
threshold is a maximum or a minimum for the comparing operators, else simply what is required.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from pathways.engine.facts import FACTS_BY_CODE
from pathways.engine.types import Operator

ANSWER_LABELS = {
    "question": _("uw antwoord"),
    "record": _("volgens de schoolgegevens"),
    "derived": _("berekend"),
}
MAXIMUM_OPERATORS = (Operator.LT, Operator.LTE)
MINIMUM_OPERATORS = (Operator.GT, Operator.GTE)


def answer_label(fact: str) -> str:
    """Return how the value of ``fact`` came about; an unknown fact counts as an answer."""
    definition = FACTS_BY_CODE.get(fact)
    return str(ANSWER_LABELS[definition.origin if definition else "question"])


def threshold_label(operator: Operator | str) -> str:
    """Return "maximum", "minimum" or "vereist" for the threshold of ``operator``."""
    if operator in MAXIMUM_OPERATORS:
        return str(_("maximum"))
    if operator in MINIMUM_OPERATORS:
        return str(_("minimum"))
    return str(_("vereist"))
