"""Every dated parameter value is a number in its parameter's unit, with a source.

Entered data (import, draft, publishing) is refused with the place named; a version published
before the check keeps loading, and every reader of parameters treats an unusable value as no
value instead of crashing.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt

import pytest

from pathways import yamlfile
from pathways.engine import evaluate, ruleset_from_dict, validate_ruleset_dict
from pathways.engine.derive import HOURS_FACTS, derive_facts
from pathways.engine.procurement import UNKNOWN, parameters_on, procurement_procedure
from pathways.engine.rulefile import type_rule_values

from .rulesets import FIXTURE, condition, route, ruleset_dict

SOURCE = "https://example.org/bron"
ON = dt.date(2026, 6, 1)


def fixture_dict() -> dict:
    return yamlfile.safe_load(FIXTURE.read_text(encoding="utf-8"))


def with_value(data: dict, code: str, value, **record) -> dict:
    """Return ``data`` with the latest value of parameter ``code`` replaced."""
    data = copy.deepcopy(data)
    param = next(p for p in data["parameters"] if p["code"] == code)
    index = len(param["values"]) - 1
    param["values"][index] = {**param["values"][index], "value": value, **record}
    return data, f"parameters[{data['parameters'].index(param)}].values[{index}]"


def unused(unit: str, value, **record) -> dict:
    """Return a small rule set whose parameter ``p`` (in ``unit``) no condition uses."""
    return ruleset_dict(
        parameters=(
            {
                "code": "p",
                "label": "P",
                "unit": unit,
                "values": [
                    {"valid_from": "2020-01-01", "value": value, "source": SOURCE, **record}
                ],
            },
        )
    )


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("veel", "'veel' is geen getal; vul een getal in EUR in, bijvoorbeeld 5 of 2,5"),
        ("-3", "'-3' is geen getal; vul een getal in EUR in, bijvoorbeeld 5 of 2,5"),
        ("1e9", "'1e9' is geen getal; vul een getal in EUR in, bijvoorbeeld 5 of 2,5"),
        (True, "ja is geen getal; vul een getal in EUR in, bijvoorbeeld 5 of 2,5"),
        (None, "leeg is geen getal; vul een getal in EUR in, bijvoorbeeld 5 of 2,5"),
        (-3, "-3 is kleiner dan 0; een drempel, bedrag of aantal kan niet negatief zijn"),
        (float("inf"), "inf is geen bruikbaar getal; vul een gewoon getal in"),
    ],
)
def test_a_parameter_no_condition_uses_refuses_what_is_not_an_amount(value, problem):
    data, where = with_value(fixture_dict(), "negotiated_without_publication_max", value)

    problems = validate_ruleset_dict(data)

    assert problems[0].startswith(f"{where}.value: ")
    assert problems[0].split(": ", 1)[1].replace("'inf'", "inf") in (
        problem,
        problem.replace("inf ", "'inf' "),
    )


def test_a_share_above_100_percent_is_refused_and_100_is_kept():
    assert validate_ruleset_dict(unused("%", 100)) == []
    assert validate_ruleset_dict(unused("%", 120)) == [
        "parameters[0].values[0].value: 120 % kan niet: een percentage ligt tussen 0 en 100"
    ]


def test_every_value_of_the_shipped_rules_is_an_amount_with_a_source():
    assert validate_ruleset_dict(fixture_dict()) == []


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        ({"source": ""}, "geef de bron: het webadres (URL) waar deze waarde staat"),
        ({"source": "Staatsblad"}, "'Staatsblad' is geen webadres; een bron begint met https://"),
    ],
)
def test_a_value_without_a_web_address_as_source_is_refused(record, problem):
    data = unused("EUR", 5, **record)
    del_source = {k: v for k, v in data["parameters"][0]["values"][0].items() if v != ""}
    data["parameters"][0]["values"][0] = del_source

    problems = validate_ruleset_dict(data)

    assert len(problems) == 1
    assert problems[0].startswith(f"parameters[0].values[0].source: {problem}")


@pytest.mark.parametrize(
    ("value", "problems"),
    [
        ("2027-01-01", []),
        (
            5,
            [
                "parameters[0].values[0].value: verwacht een datum (JJJJ-MM-DD), niet 5 "
                "(gebruikt in routes[0].conditions[0])"
            ],
        ),
    ],
)
def test_a_parameter_compared_with_a_date_is_typed_by_that_use(value, problems):
    data = ruleset_dict(
        route("a", condition("contract_end_date", "before", parameter="deadline")),
        parameters=(
            {
                "code": "deadline",
                "label": "D",
                "values": [{"valid_from": "2020-01-01", "value": value, "source": SOURCE}],
            },
        ),
    )
    assert validate_ruleset_dict(data) == problems


def test_a_rule_file_may_type_the_amount_of_an_unused_parameter_as_text():
    data, problems = type_rule_values(unused("EUR", "30 000"))

    assert problems == []
    assert data["parameters"][0]["values"][0]["value"] == 30000
    assert type_rule_values(unused("EUR", "1e9"))[1] == [
        "parameters[0].values[0].value: '1e9': vul een getal in, bijvoorbeeld 12, 2,5 of 12.000"
    ]


def test_a_new_value_is_unverified_unless_marked_and_a_stored_one_keeps_its_flag():
    data = unused("EUR", 5)
    assert ruleset_from_dict(data).parameter("p").values[0].verified is False
    data["parameters"][0]["values"][0]["verified"] = True
    assert ruleset_from_dict(data).parameter("p").values[0].verified is True
    del data["parameters"][0]["values"][0]["verified"]
    stored = ruleset_from_dict(data, published=True)
    assert stored.parameter("p").values[0].verified is True


@pytest.fixture
def stored_with_bad_values():
    """The shipped rules as a version published with "veel" and a value without source."""
    data, _where = with_value(fixture_dict(), "negotiated_without_publication_max", "veel")
    data, _where = with_value(data, "eu_threshold_works", -3, source="")
    assert len(validate_ruleset_dict(data)) == 3  # refused when entered ...
    return ruleset_from_dict(data, published=True)  # ... but a stored version still loads


def test_a_stored_unusable_threshold_counts_as_no_threshold(stored_with_bad_values):
    found = parameters_on(stored_with_bad_values, ON)

    assert "negotiated_without_publication_max" not in found
    assert "eu_threshold_works" not in found
    assert procurement_procedure(10_000, found).code == "accepted_invoice"
    unknown = procurement_procedure(50_000, found)
    assert (unknown.code, unknown.threshold_parameter) == (
        UNKNOWN,
        "negotiated_without_publication_max",
    )
    assert procurement_procedure(500_000, found).code == "european_publication"
    assert procurement_procedure(500_000, found, contract_kind="works").code == UNKNOWN


def test_a_procedure_given_unusable_limits_directly_says_unknown():
    limits = {"accepted_invoice_max": "veel", "eu_threshold_services_subcentral": 216000}
    assert procurement_procedure(10, limits).code == UNKNOWN


def test_the_advice_with_a_stored_unusable_value_is_made(stored_with_bad_values):
    facts = {"outsourced_contract_value": 25_000, "contract_duration_years": 2}

    derived = derive_facts(facts, stored_with_bad_values, ON)
    advice = evaluate(facts, stored_with_bad_values, ON)

    assert derived["procurement_procedure"] == UNKNOWN
    assert advice.results


def test_a_condition_on_an_unusable_stored_threshold_is_unknown_with_the_no_value_reason():
    rules = ruleset_from_dict(
        ruleset_dict(
            route("a", condition("facility_fte", "gte", parameter="min_fte")),
            parameters=(
                {
                    "code": "min_fte",
                    "label": "Minimum",
                    "unit": "VTE",
                    "values": [{"valid_from": "2019-01-01", "value": 5, "source": SOURCE}],
                },
            ),
        )
    )
    param = rules.parameter("min_fte")
    bad = dataclasses.replace(param, values=(dataclasses.replace(param.values[0], value="veel"),))
    rules = dataclasses.replace(
        rules, parameters=tuple(bad if p.code == "min_fte" else p for p in rules.parameters)
    )

    trace = evaluate({"facility_fte": 6}, rules, ON).result("a").conditions[0]

    assert trace.outcome.value == "unknown"
    assert "geen waarde van de parameter 'min_fte' gekend" in trace.reason


def test_an_unusable_hours_per_week_leaves_the_fte_unknown():
    data = copy.deepcopy(ruleset_dict())
    data["parameters"][0]["values"][0]["value"] = "veel"
    stored = ruleset_from_dict(data, published=True)

    derived = derive_facts({HOURS_FACTS[0]: 76}, stored, ON)

    assert derived["facility_hours_week"] == 76
    assert "facility_fte" not in derived
