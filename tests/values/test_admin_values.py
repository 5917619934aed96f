"""The admin reads condition and parameter values with the same readers as every other entry
point: the shared lists of awkward numbers and dates give the same reading or refusal."""

from __future__ import annotations

import pytest
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from pathways.admin.forms import ConditionForm
from pathways.models import (
    Parameter,
    Route,
    fact_choices,
    operator_choices,
)
from schools.models import Board, board_type_choices, legal_form_choices
from tests import factories

from .awkward import DATES, NUMBERS, REFUSED

pytestmark = pytest.mark.django_db


def condition_form(route: Route, **fields) -> ConditionForm:
    return factories.condition_form(
        route,
        **{
            "fact": "outsourced_contract_value",
            "operator": "lt",
            "text_met": "{answer} is minder dan {threshold}",
            "text_not_met": "{answer} is meer dan {threshold}",
        }
        | fields,
    )


def condition_value(route, typed: str, **fields):
    form = condition_form(route, value=typed, **fields)
    return form.cleaned_data["value"] if form.is_valid() else REFUSED


def parameter_value(route, typed: str):
    parameter = Parameter.objects.create(code="drempel", label="Drempel", unit="EUR")
    factories.make_condition(route, "outsourced_contract_value", "lt", parameter=parameter)
    form = factories.parameter_value_form(parameter, typed)
    return form.cleaned_data["value"] if form.is_valid() else REFUSED


def in_range(expected):
    """The fact (a yearly amount in EUR) has a minimum of 0."""
    return expected if expected is REFUSED or expected >= 0 else REFUSED


@pytest.mark.parametrize(("typed", "expected"), NUMBERS, ids=[t[:12] for t, _ in NUMBERS])
def test_a_typed_number_reads_the_same_as_a_condition_value_and_a_parameter_value(
    route, typed, expected
):
    assert condition_value(route, typed) == in_range(expected)
    assert parameter_value(route, typed) == in_range(expected)


def test_a_threshold_below_the_facts_minimum_is_refused_in_the_admin(route):
    form = condition_form(route, value="-5")
    assert not form.is_valid()
    assert form.errors["value"] == ["-5 ligt onder het minimum van outsourced_contract_value (0)."]


@pytest.mark.parametrize(("parts", "iso", "expected"), DATES, ids=[d[1] for d in DATES])
def test_a_typed_date_reads_the_same_as_a_condition_value(route, parts, iso, expected):
    day, month, year = parts
    for typed in (iso, f"{day}-{month}-{year}"):
        reading = condition_value(
            route, typed, fact="contract_end_date", operator="before", text_met="Vroeg"
        )
        assert reading == (REFUSED if expected is REFUSED else expected.isoformat())


@pytest.mark.parametrize("typed", ["0412.345.614", "BE0412345614", "be 0412 345 614", "412345614"])
def test_the_board_admin_finds_a_board_by_its_enterprise_number_however_typed(client, typed):
    board = factories.make_board("Scholengroep Test", enterprise_number="0412345614")
    factories.make_board("Andere scholen")
    admin = factories.make_user("beheer", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get(reverse("admin:schools_board_changelist"), {"q": typed})
    assert list(response.context["cl"].result_list) == [board]
    assert Board.objects.get(pk=board.pk).enterprise_number == "0412345614"


@pytest.mark.parametrize(
    ("app", "model", "field", "choices"),
    [
        ("pathways", "condition", "fact", fact_choices),
        ("pathways", "condition", "operator", operator_choices),
        ("schools", "board", "board_type", board_type_choices),
        ("schools", "board", "legal_form", legal_form_choices),
    ],
)
def test_the_migrations_name_the_registry_so_a_changed_dutch_label_needs_no_migration(
    app, model, field, choices
):
    state = MigrationLoader(None, ignore_no_migrations=True).project_state()
    migrated = state.models[app, model].fields[field]
    assert migrated.deconstruct()[3]["choices"] is choices
