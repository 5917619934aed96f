"""Rule files and rule drafts: values read by the fact they serve, strict booleans, at least one
route, and condition texts with only the documented placeholders, at import, save and publish."""

from __future__ import annotations

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from pathways.models import Condition, ParameterValue, Route
from pathways.publishing import (
    RuleFileError,
    check_draft,
    export_yaml,
    import_draft,
    load_yaml,
)

pytestmark = pytest.mark.django_db


def exported() -> dict:
    return yaml.safe_load(export_yaml())


def the_invoice_threshold(data: dict) -> dict:
    param = next(p for p in data["parameters"] if p["code"] == "accepted_invoice_max")
    return param["values"][-1]


def refusal(data_or_text) -> list[str]:
    text = data_or_text if isinstance(data_or_text, str) else yaml.safe_dump(data_or_text)
    with pytest.raises(RuleFileError) as caught:
        import_draft(load_yaml(text))
    return caught.value.problems


@pytest.mark.parametrize(
    ("typed", "stored"), [("30 000", 30000), ("30.000", 30000), ("€ 30.000", 30000)]
)
def test_a_parameter_value_typed_as_text_is_read_as_the_number_its_fact_needs(
    published, typed, stored
):
    data = exported()
    the_invoice_threshold(data)["value"] = typed
    import_draft(load_yaml(yaml.safe_dump(data)))
    assert invoice_limit_of_2017() == stored


def invoice_limit_of_2017():
    """Return the accepted-invoice limit in force from 30 June 2017, as the draft holds it."""
    return invoice_limit_rows().get().value


def invoice_limit_rows():
    return ParameterValue.objects.filter(
        parameter__code="accepted_invoice_max", valid_from="2017-06-30"
    )


def test_thirty_point_zero_zero_zero_written_as_a_yaml_number_is_thirty_thousand(published):
    text = export_yaml().replace("value: 30000\n", "value: 30.000\n")
    assert "value: 30.000" in text
    import_draft(load_yaml(text))
    assert invoice_limit_of_2017() == 30000


def test_a_fraction_survives_export_and_import_unchanged(published):
    invoice_limit_rows().update(value=1.125)
    import_draft(load_yaml(export_yaml()))
    assert invoice_limit_of_2017() == 1.125


def test_an_ambiguous_parameter_value_is_refused_with_a_dutch_reason(published):
    data = exported()
    the_invoice_threshold(data)["value"] = "30,000"
    (problem,) = refusal(data)
    assert problem.startswith("parameters[")
    assert ".values[1].value: '30,000': is niet eenduidig" in problem


def _refusal_of_a_contract_value_threshold(value) -> list[str]:
    """Import the published rules with ``value`` as the estimated contract value's threshold
    (in place of its parameter); return the problems."""
    data = exported()
    cond = next(
        c
        for r in data["routes"]
        for c in r["conditions"]
        if c["fact"] == "estimated_contract_value"
    )
    cond.pop("parameter", None)
    cond["value"] = value
    return refusal(data)


def test_a_threshold_below_the_facts_minimum_is_refused(published):
    problems = _refusal_of_a_contract_value_threshold(-5)
    assert any("-5 ligt onder het minimum van estimated_contract_value (0)" in p for p in problems)


def test_required_nee_is_refused_not_read_as_true(published):
    data = exported()
    data["routes"][0]["conditions"][0]["required"] = "nee"
    assert refusal(data) == ["routes[0].conditions[0].required: verwacht true of false, niet 'nee'"]


def test_an_empty_rule_set_is_refused_at_import(published):
    problems = refusal("format: 1\n")
    assert problems == [
        "routes: de regelset heeft geen trajecten; een regelset zonder trajecten geeft elke "
        "school een leeg advies"
    ]


def test_a_draft_without_routes_cannot_be_published(published):
    Route.objects.all().delete()
    assert any(
        p.startswith("routes: de regelset heeft geen trajecten") for p in check_draft().problems
    )


@pytest.mark.parametrize("text", ["{answer.gewest}", "{answer:>200000000}", "{0}", "{answer"])
def test_a_condition_text_with_an_undocumented_placeholder_is_refused_everywhere(published, text):
    data = exported()
    data["routes"][0]["conditions"][0]["text_met"] = f"Gewest: {text}"
    (problem,) = refusal(data)
    assert problem.startswith("routes[0].conditions[0].text_met: ")

    condition = Condition.objects.first()
    condition.text_met = f"Gewest: {text}"
    with pytest.raises(ValidationError) as caught:
        condition.full_clean()
    assert "text_met" in caught.value.message_dict

    Condition.objects.filter(pk=condition.pk).update(text_met=f"Gewest: {text}")
    assert any(".text_met: " in p for p in check_draft().problems)


def test_import_messages_use_no_python_words(published):
    problems = _refusal_of_a_contract_value_threshold(None)
    assert problems
    for word in ("None", "True", "False", "repr", "'NoneType'"):
        assert not any(word in p for p in problems), problems


def test_the_import_command_refuses_with_exit_code_2_and_dutch_lines(published, tmp_path):
    path = tmp_path / "leeg.yaml"
    path.write_text("format: 1\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("import_rules", str(path))
    assert caught.value.returncode == 2
    assert str(caught.value).splitlines()[0] == f"{path}: niet geladen"
