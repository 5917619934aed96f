"""Editing conditions, parameters and routes: friendly value entry; wrong entries refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pathways.admin.forms import (
    MSG_BOTH,
    MSG_CHOICE,
    MSG_DATE,
    MSG_VALUE_NEEDED,
    ConditionForm,
    ParameterValueForm,
    operator_map,
)
from pathways.models import Parameter, ParameterValue, Route
from tests.checks import page_html
from tests.factories import condition_form, make_condition, new_condition, parameter_value_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def threshold() -> Parameter:
    parameter = Parameter.objects.create(code="min_fte", label="Minimum VTE", unit="VTE")
    ParameterValue.objects.create(parameter=parameter, valid_from=dt.date(2019, 1, 1), value=5)
    return parameter


@pytest.mark.parametrize(
    ("fact", "operator", "typed", "stored"),
    [
        ("facility_fte", "gte", "5", 5),
        ("facility_fte", "gte", "2,5", 2.5),
        ("outsourced_contract_value", "lt", "30.000", 30000),
        ("board_type", "eq", "vzw", "vzw"),
        ("board_type", "in", "vzw, go", ["vzw", "go"]),
        ("board_type", "eq", "Provincie", "province"),
        ("routes_in_use", "contains", "vop", "vop"),
        ("contract_end_date", "before", "2023-07-01", "2023-07-01"),
        ("contract_end_date", "before", "1-7-2023", "2023-07-01"),
        ("open_vacancy", "is_true", "ja", None),
        ("open_vacancy", "is_false", "", None),
    ],
)
def test_a_condition_value_typed_as_plain_text_is_stored_as_json(
    route, fact, operator, typed, stored
):
    form = condition_form(route, fact=fact, operator=operator, value=typed)

    assert form.is_valid(), form.errors
    condition = form.save()
    condition.refresh_from_db()
    assert condition.value == stored


def test_an_operator_that_does_not_fit_the_fact_type_is_refused(route):
    form = condition_form(route, fact="host_stages", operator="gte", value="5")

    assert not form.is_valid()
    message = form.errors["operator"][0]
    assert "'is minstens' past niet bij een gegeven van het type ja/nee" in message
    assert "is ja, is nee" in message


def test_text_for_a_number_is_refused_with_what_is_expected(route):
    form = condition_form(route, value="vijf")

    assert not form.is_valid()
    assert form.errors["value"] == ["'vijf': vul een getal in, bijvoorbeeld 12, 2,5 of 12.000."]


def test_an_unknown_choice_is_refused_with_the_known_choices(route):
    form = condition_form(route, fact="board_type", operator="eq", value="stichting")

    assert not form.is_valid()
    message = form.errors["value"][0]
    assert message.startswith("'stichting' is geen keuze van dit gegeven. Kies uit: go (")
    assert "vzw (Vrij gesubsidieerd schoolbestuur (vzw))" in message
    assert MSG_CHOICE % {"value": "stichting", "choices": ""} not in message


def test_an_unknown_choice_in_a_list_is_refused(route):
    form = condition_form(route, fact="board_type", operator="in", value="vzw, stichting")

    assert not form.is_valid()
    assert "'stichting' is geen keuze" in form.errors["value"][0]


def test_a_bad_date_is_refused(route):
    form = condition_form(route, fact="contract_end_date", operator="before", value="31-02-2023")

    assert not form.is_valid()
    assert form.errors["value"] == [MSG_DATE % {"value": "31-02-2023"}]


def test_a_value_and_a_parameter_together_are_refused(route, threshold):
    form = condition_form(route, value="5", parameter=threshold.pk)

    assert not form.is_valid()
    assert form.errors["value"] == [MSG_BOTH]


def test_neither_a_value_nor_a_parameter_is_refused_for_a_comparison(route):
    form = condition_form(route, value="")

    assert not form.is_valid()
    assert form.errors["value"] == [MSG_VALUE_NEEDED]


def test_a_value_for_a_yes_no_fact_is_refused(route):
    form = condition_form(route, fact="open_vacancy", operator="is_true", value="nee")

    assert not form.is_valid()
    assert "Voor 'is ja' is geen waarde nodig" in form.errors["value"][0]


def test_a_parameter_alone_is_accepted(route, threshold):
    form = condition_form(route, parameter=threshold.pk)

    assert form.is_valid(), form.errors
    assert form.save().parameter == threshold


def test_the_model_refuses_an_operator_that_does_not_fit_even_without_the_form(route):
    condition = new_condition(route, "host_stages", "gte", value=5)

    with pytest.raises(ValidationError) as excinfo:
        condition.full_clean()
    assert "Past niet bij dit gegeven. Kies uit: is ja, is nee." in str(excinfo.value)


def test_the_model_refuses_text_for_a_number_even_without_the_form(route):
    condition = new_condition(route, "facility_fte", "gte", value="vijf")

    with pytest.raises(ValidationError) as excinfo:
        condition.full_clean()
    assert excinfo.value.message_dict["value"] == ["Verwacht een getal, niet 'vijf'."]


def test_an_existing_value_is_shown_the_way_staff_type_it(route):
    condition = make_condition(route, "board_type", "in", value=["vzw", "go"])

    assert ConditionForm(instance=condition).initial["value"] == "vzw, go"


def test_the_operator_map_offers_only_the_operators_of_each_facts_type():
    mapping = operator_map()

    assert mapping["host_stages"]["operators"] == ["is_true", "is_false"]
    assert mapping["facility_fte"]["operators"] == ["eq", "ne", "gt", "gte", "lt", "lte"]
    assert "VTE" in mapping["facility_fte"]["hint"]


def test_a_parameter_value_with_a_decimal_comma_is_stored_as_a_number(threshold):
    form = ParameterValueForm(
        data={
            "parameter": threshold.pk,
            "valid_from": "2024-01-01",
            "value": "4,5",
            "source": "https://example.org/bron",
            "verified": "on",
        },
        instance=ParameterValue(parameter=threshold),
    )

    assert form.is_valid(), form.errors
    assert form.save().value == 4.5


def test_a_parameter_value_that_does_not_fit_a_condition_using_it_is_refused(route, threshold):
    make_condition(route, "facility_fte", "gte", parameter=threshold)
    form = ParameterValueForm(
        data={"parameter": threshold.pk, "valid_from": "2024-01-01", "value": "veel"},
        instance=ParameterValue(parameter=threshold),
    )

    assert not form.is_valid()
    assert "Deze parameter wordt gebruikt in een voorwaarde over" in form.errors["value"][0]


def route_post_data(route: Route, **overrides) -> dict:
    """Return the admin change-form POST for ``route`` with one condition (and no items/links)."""
    data = {
        "code": route.code,
        "title": route.title,
        "summary": route.summary,
        "kind": route.kind,
        "scope": route.scope,
        "order": 0,
        "valid_from": "",
        "closed_to_new_from": "",
        "valid_to": "",
        "continuation": "",
        "conditions-TOTAL_FORMS": "1",
        "conditions-INITIAL_FORMS": "0",
        "conditions-0-order": "0",
        "conditions-0-fact": "facility_fte",
        "conditions-0-operator": "gte",
        "conditions-0-value": "5",
        "conditions-0-required": "on",
        "conditions-0-text_met": "Genoeg",
        "conditions-0-text_not_met": "Te weinig",
        "conditions-0-text_unknown": "Onbekend",
        "items-TOTAL_FORMS": "0",
        "items-INITIAL_FORMS": "0",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        "texts-TOTAL_FORMS": "0",
        "texts-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_the_admin_saves_a_route_with_a_friendly_condition_value(editor_client, route):
    response = editor_client.post(
        reverse("admin:pathways_route_change", args=[route.pk]),
        route_post_data(route, **{"conditions-0-value": "2,5"}),
    )

    assert response.status_code == 302
    assert route.conditions.get().value == 2.5


def test_the_admin_refuses_text_for_a_number_and_saves_nothing(editor_client, route):
    response = editor_client.post(
        reverse("admin:pathways_route_change", args=[route.pk]),
        route_post_data(route, **{"conditions-0-value": "vijf"}),
    )

    assert response.status_code == 200
    assert "&#x27;vijf&#x27;: vul een getal in, bijvoorbeeld 12, 2,5 of 12.000." in (
        response.content.decode()
    )
    assert not route.conditions.exists()


def test_the_admin_refuses_dates_out_of_order(editor_client, route):
    response = editor_client.post(
        reverse("admin:pathways_route_change", args=[route.pk]),
        route_post_data(
            route, valid_from="2023-07-01", closed_to_new_from="2020-01-01", valid_to="2019-01-01"
        ),
    )

    assert "Deze datum moet na" in page_html(response)
    route.refresh_from_db()
    assert route.closed_to_new_from is None


def test_the_route_page_renders_the_script_and_the_operator_map(editor_client, route):
    response = editor_client.get(reverse("admin:pathways_route_change", args=[route.pk]))

    html = response.content.decode()
    assert "pathways/condition_admin.js" in html
    assert "data-operator-map" in html


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("veel", "'veel': vul een getal in, bijvoorbeeld 12, 2,5 of 12.000."),
        ("1e9", "'1e9': vul een getal in, bijvoorbeeld 12, 2,5 of 12.000."),
        ("-3", "-3 is kleiner dan 0; een drempel, bedrag of aantal kan niet negatief zijn."),
    ],
)
def test_a_value_of_a_parameter_no_condition_uses_must_be_an_amount(typed, message):
    parameter = Parameter.objects.create(code="plafond", label="Plafond", unit="EUR")
    form = parameter_value_form(parameter, typed, valid_from="2026-11-15")

    assert not form.is_valid()
    assert form.errors["value"] == [message]
    assert f'value="{typed}"' in str(form["value"])  # what was typed stays in the field


def test_a_parameter_value_needs_a_web_address_as_source_and_starts_unverified(threshold):
    data = {"parameter": threshold.pk, "valid_from": "2026-11-15", "value": "6"}
    form = ParameterValueForm(data=data, instance=ParameterValue(parameter=threshold))

    assert not form.is_valid()
    assert form.errors["source"] == ["Geef de bron: het webadres (URL) waar deze waarde staat."]
    assert (
        ParameterValueForm(instance=ParameterValue(parameter=threshold))["verified"].value()
        is False
    )

    form = ParameterValueForm(
        data={**data, "source": "https://example.org/bron"},
        instance=ParameterValue(parameter=threshold),
    )
    assert form.is_valid(), form.errors
    assert form.save().verified is False
