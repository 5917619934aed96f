"""The procurement procedure a contract's estimated value needs on a date."""

from __future__ import annotations

import datetime as dt

import pytest

from pathways.engine import evaluate
from pathways.engine.procurement import parameters_on, procurement_procedure
from pathways.engine.types import ParameterValue

from .rulesets import fixture_ruleset

ON_2026 = {
    "accepted_invoice_max": ParameterValue(dt.date(2017, 6, 30), 30000),
    "negotiated_without_publication_max": ParameterValue(
        dt.date(2026, 1, 1), 140000, verified=False
    ),
    "eu_threshold_services_subcentral": ParameterValue(dt.date(2026, 1, 1), 216000),
    "eu_threshold_services_central": ParameterValue(dt.date(2026, 1, 1), 140000),
    "eu_threshold_works": ParameterValue(dt.date(2026, 1, 1), 5404000),
    "eu_threshold_social_services": ParameterValue(dt.date(2017, 6, 30), 750000),
}


@pytest.mark.parametrize(
    ("value", "code", "parameter"),
    [
        (0, "accepted_invoice", "accepted_invoice_max"),
        (29999.99, "accepted_invoice", "accepted_invoice_max"),
        (30000, "negotiated_without_publication", "negotiated_without_publication_max"),
        (100000, "negotiated_without_publication", "negotiated_without_publication_max"),
        (140000, "national_publication", "eu_threshold_services_subcentral"),
        (215999, "national_publication", "eu_threshold_services_subcentral"),
        (216000, "european_publication", "eu_threshold_services_subcentral"),
    ],
)
def test_each_value_gets_the_procedure_of_its_band(value, code, parameter):
    procedure = procurement_procedure(value, ON_2026)
    assert (procedure.code, procedure.threshold_parameter) == (code, parameter)
    assert procedure.label


def test_an_unverified_threshold_is_reported_as_such():
    procedure = procurement_procedure(100000, ON_2026)
    assert procedure.threshold_eur == 140000
    assert procedure.threshold_verified is False
    assert procedure.threshold_valid_from == dt.date(2026, 1, 1)


def test_works_and_central_authorities_use_their_own_european_threshold():
    assert procurement_procedure(300000, ON_2026, contract_kind="works").code == (
        "national_publication"
    )
    assert procurement_procedure(150000, ON_2026, authority="central").code == (
        "european_publication"
    )


def test_a_missing_threshold_gives_an_unknown_procedure_naming_it():
    procedure = procurement_procedure(50000, {"accepted_invoice_max": 30000})
    assert procedure.code == "unknown"
    assert procedure.threshold_parameter == "negotiated_without_publication_max"


def test_a_value_above_the_european_threshold_needs_no_lower_limit():
    limits = {"accepted_invoice_max": 30000, "eu_threshold_services_subcentral": 216000}
    assert procurement_procedure(300000, limits).code == "european_publication"
    assert procurement_procedure(100000, limits).code == "unknown"


def test_a_negative_value_is_refused():
    with pytest.raises(ValueError):
        procurement_procedure(-1, ON_2026)


def test_the_shipped_thresholds_change_with_the_date():
    rules = fixture_ruleset()
    assert rules is not None
    in_2020 = procurement_procedure(215000, parameters_on(rules, dt.date(2020, 3, 6)))
    in_2026 = procurement_procedure(215000, parameters_on(rules, dt.date(2026, 11, 30)))
    assert in_2020.code == "european_publication"  # 214.000 in 2020-2021
    assert in_2026.code == "national_publication"  # 216.000 in 2026-2027


def test_the_whole_contract_decides_not_one_year():
    rules = fixture_ruleset()
    facts = {"outsourced_contract_value": 25000, "contract_duration_years": 4}
    advice = evaluate(facts, rules, dt.date(2026, 11, 30))
    assert advice.facts["estimated_contract_value"] == 100000
    assert advice.facts["procurement_procedure"] == "negotiated_without_publication"
