"""Which public-procurement procedure a contract of a school board needs, on a date.

School boards (GO!, municipal, provincial and free subsidised boards) are contracting
authorities under the law of 17 June 2016 on public procurement, and all of them are
*sub-central* authorities in the sense of Directive 2014/24/EU (the central ones in its
Annex I are federal bodies). Every amount comes from a dated rule-set parameter, never from
this module:

- ``accepted_invoice_max``: below it (excl. VAT, the estimated value of the whole contract
  over its duration), an accepted invoice is enough (art. 92 of the law);
- ``negotiated_without_publication_max``: below it, the negotiated procedure without prior
  publication may be used (art. 42 § 1, 1°, a);
- ``eu_threshold_services_subcentral`` / ``eu_threshold_services_central`` /
  ``eu_threshold_works`` / ``eu_threshold_social_services``: from these, the contract must be
  published at European level.

A reserved contract (art. 15) is possible at any value: the procedure says how to award the
contract, not whether a social enterprise may be chosen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .i18n import gettext_noop
from .numbers import parameter_number
from .types import ParameterValue, RuleSet

ACCEPTED_INVOICE = "accepted_invoice"
NEGOTIATED_WITHOUT_PUBLICATION = "negotiated_without_publication"
NATIONAL_PUBLICATION = "national_publication"
EUROPEAN_PUBLICATION = "european_publication"
UNKNOWN = "unknown"

PROCEDURE_LABELS = {
    ACCEPTED_INVOICE: gettext_noop("Aanvaarde factuur (opdracht van beperkte waarde)"),
    NEGOTIATED_WITHOUT_PUBLICATION: gettext_noop(
        "Onderhandelingsprocedure zonder voorafgaande bekendmaking"
    ),
    NATIONAL_PUBLICATION: gettext_noop(
        "Procedure met bekendmaking in België (onder de Europese drempel)"
    ),
    EUROPEAN_PUBLICATION: gettext_noop("Procedure met Europese bekendmaking"),
    UNKNOWN: gettext_noop("Niet te bepalen: voor deze datum ontbreekt een drempel in de regels"),
}

# The European threshold that applies, by kind of contract and kind of contracting authority.
EU_THRESHOLDS = {
    ("services", "subcentral"): "eu_threshold_services_subcentral",
    ("services", "central"): "eu_threshold_services_central",
    ("works", "subcentral"): "eu_threshold_works",
    ("works", "central"): "eu_threshold_works",
    ("social_services", "subcentral"): "eu_threshold_social_services",
    ("social_services", "central"): "eu_threshold_social_services",
}
PARAMETER_CODES = (
    "accepted_invoice_max",
    "negotiated_without_publication_max",
    "eu_threshold_services_subcentral",
    "eu_threshold_services_central",
    "eu_threshold_works",
    "eu_threshold_social_services",
)


@dataclass(frozen=True)
class ProcurementProcedure:
    """The procedure a contract needs; ``threshold`` is the limit that decided it.

    ``code`` is one of the module's procedure codes, ``label`` its Dutch name (translate it with
    ``gettext`` on the Django side). ``threshold_parameter`` names the parameter compared with
    (empty when none was), ``threshold_eur`` its amount and ``threshold_valid_from`` the day that
    amount took effect; ``threshold_verified`` is False when the rule data marks the amount as
    not verified, so a caller must say so.
    """

    code: str
    label: str
    threshold_parameter: str = ""
    threshold_eur: float | None = None
    threshold_valid_from: dt.date | None = None
    threshold_verified: bool = True


def parameters_on(rules: RuleSet, on: dt.date) -> dict[str, ParameterValue]:
    """Return the procurement parameters of ``rules`` in force on ``on`` (absent ones left out).

    A value that is not a usable amount (text, a negative number: possible only in a version
    published before values were checked) is left out too, as if the rules had none that day.
    """
    found = {}
    for code in PARAMETER_CODES:
        parameter = rules.parameter(code)
        value = parameter.value_on(on) if parameter else None
        if value is not None and parameter_number(value.value) is not None:
            found[code] = value
    return found


def procurement_procedure(
    estimated_value_eur: float,
    parameters_on_date: Mapping[str, ParameterValue | Any],
    *,
    contract_kind: str = "services",
    authority: str = "subcentral",
) -> ProcurementProcedure:
    """Return the procedure a contract of ``estimated_value_eur`` (excl. VAT) needs.

    ``estimated_value_eur`` is the estimated value of the whole contract: every year of its
    duration, options and extensions included (so 25.000 EUR a year over 4 years is 100.000 EUR).
    ``parameters_on_date`` maps parameter codes to the ``ParameterValue`` in force on the date
    (see ``parameters_on``) or to a plain amount. A value equal to a limit is above it: the law
    says "lager dan". A missing limit matters only when the value could fall below it: a value
    at or above the European threshold needs European publication whatever the lower limits are.
    ``contract_kind`` is ``services`` (cleaning, maintenance: the default),
    ``works`` or ``social_services``; ``authority`` is ``subcentral`` (every school board) or
    ``central``. When a limit needed for the answer is missing, the code is ``unknown`` and
    ``threshold_parameter`` names the missing one; a limit that is not a usable amount
    (``parameter_number``) counts as missing. Raises ``ValueError`` for a negative value or
    an unknown kind.
    """
    if estimated_value_eur is None or estimated_value_eur < 0:
        raise ValueError("estimated_value_eur must be a number of at least 0")
    try:
        eu_code = EU_THRESHOLDS[(contract_kind, authority)]
    except KeyError as exc:
        raise ValueError(
            f"unknown contract kind or authority: {contract_kind}, {authority}"
        ) from exc
    steps = [(ACCEPTED_INVOICE, "accepted_invoice_max")]
    if contract_kind != "social_services":
        steps.append((NEGOTIATED_WITHOUT_PUBLICATION, "negotiated_without_publication_max"))
    steps.append((NATIONAL_PUBLICATION, eu_code))
    missing = ""  # the first limit the rule data lacks on this date
    for code, parameter in steps:
        limit = parameters_on_date.get(parameter)
        if _amount(limit) is None:
            missing = missing or parameter
            continue
        if estimated_value_eur < _amount(limit):
            if missing:  # the value might have been below the missing, lower limit
                return ProcurementProcedure(UNKNOWN, PROCEDURE_LABELS[UNKNOWN], missing)
            return _procedure(code, parameter, limit)
    if _amount(parameters_on_date.get(eu_code)) is None:
        return ProcurementProcedure(UNKNOWN, PROCEDURE_LABELS[UNKNOWN], missing or eu_code)
    return _procedure(EUROPEAN_PUBLICATION, eu_code, parameters_on_date[eu_code])


def _amount(limit: ParameterValue | Any) -> float | None:
    """Return a limit's amount, or None when there is none or it is not a usable amount."""
    return parameter_number(limit.value if isinstance(limit, ParameterValue) else limit)


def _procedure(code: str, parameter: str, limit: ParameterValue | Any) -> ProcurementProcedure:
    dated = isinstance(limit, ParameterValue)
    return ProcurementProcedure(
        code=code,
        label=PROCEDURE_LABELS[code],
        threshold_parameter=parameter,
        threshold_eur=_amount(limit),
        threshold_valid_from=limit.valid_from if dated else None,
        threshold_verified=limit.verified if dated else True,
    )
