"""The impact preview: which schools' advice the draft would change, per route."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pathways.engine.types import Status
from pathways.models import ParameterValue
from pathways.publishing import check_draft, draft_impact
from schools.services import submitted_profiles

from .conftest import GHENT_ANSWERS, make_school

pytestmark = pytest.mark.django_db


def lower_invoice_threshold() -> None:
    ParameterValue.objects.filter(
        parameter__code="accepted_invoice_max", valid_from=dt.date(2017, 7, 1)
    ).update(value=26000)


def test_the_preview_lists_the_school_whose_status_changes(published):
    ghent = make_school("Sint-Lucas Gent", GHENT_ANSWERS, number="111111")
    make_school(
        "Atheneum Aalst",
        {**GHENT_ANSWERS, "outsourced_contract_value": 10000},
        number="222222",
    )
    make_school("Nog niet ingediend", GHENT_ANSWERS, submitted=False, number="333333")
    lower_invoice_threshold()

    impacts = draft_impact(check_draft(), profiles=submitted_profiles())

    assert [i.school for i in impacts] == [ghent]
    [change] = impacts[0].changes
    assert (change.route, change.old, change.new) == (
        "se_purchasing",
        Status.RECOMMENDED,
        Status.POSSIBLE,
    )


def test_the_preview_is_empty_when_the_draft_equals_the_published_rules(published):
    make_school("Sint-Lucas Gent", GHENT_ANSWERS, number="111111")

    assert draft_impact(check_draft(), profiles=submitted_profiles()) == []


def test_the_preview_takes_a_bounded_number_of_queries(published):
    for n in range(3):
        make_school(f"School {n}", GHENT_ANSWERS, number=f"40000{n}")
    lower_invoice_threshold()
    check = check_draft()
    with CaptureQueriesContext(connection) as few:
        draft_impact(check, profiles=submitted_profiles())
    for n in range(3, 9):
        make_school(f"School {n}", GHENT_ANSWERS, number=f"40000{n}")
    with CaptureQueriesContext(connection) as many:
        impacts = draft_impact(check, profiles=submitted_profiles())

    assert len(impacts) == 9
    assert len(many) == len(few)


def test_the_publish_page_lists_the_affected_school_with_old_and_new_status(
    publisher_client, published
):
    make_school("Sint-Lucas Gent", GHENT_ANSWERS, number="111111")
    lower_invoice_threshold()

    html = publisher_client.get(reverse("admin:pathways_publish")).content.decode()

    assert "Het advies van 1 school verandert." in html
    assert "Sint-Lucas Gent" in html
    assert '<td class="old-status">Aanbevolen</td><td class="new-status">Mogelijk</td>' in html
