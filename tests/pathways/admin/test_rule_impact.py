"""The impact preview: which schools' advice the draft would change, per route."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pathways.engine.types import Status
from pathways.models import Condition, ParameterValue, Route, RouteText
from pathways.publishing import check_draft, draft_impact
from schools.services import submitted_profiles

from .conftest import GHENT_ANSWERS, make_school

pytestmark = pytest.mark.django_db


def lower_invoice_threshold() -> None:
    ParameterValue.objects.filter(
        parameter__code="accepted_invoice_max", valid_from=dt.date(2017, 6, 30)
    ).update(value=26000)


def make_cooperation_informational() -> None:
    """Mark the cooperative route's required condition informational, as staff would."""
    Condition.objects.filter(route__code="cooperative", fact="open_to_cooperative").update(
        required=False, informational=True
    )


def test_the_preview_lists_the_school_whose_status_changes(published):
    ghent = make_school("Sint-Lucas Gent", GHENT_ANSWERS, number="111111")
    aalst = make_school(
        "Atheneum Aalst", {**GHENT_ANSWERS, "open_to_cooperative": True}, number="222222"
    )
    make_school("Nog niet ingediend", GHENT_ANSWERS, submitted=False, number="333333")
    make_cooperation_informational()

    impacts = {
        i.school: i.changes for i in draft_impact(check_draft(), profiles=submitted_profiles())
    }

    assert set(impacts) == {ghent, aalst}
    [change] = impacts[ghent]
    assert (change.route, change.old, change.new) == (
        "cooperative",
        Status.NOT_APPLICABLE,
        Status.RECOMMENDED,
    )
    [same_status] = impacts[aalst]
    assert same_status.old == same_status.new == Status.RECOMMENDED
    assert same_status.texts == ("uitleg bij de voorwaarden",)


def test_a_lower_informational_limit_changes_the_explanation_but_no_status(published):
    ghent = make_school("Sint-Lucas Gent", GHENT_ANSWERS, number="111111")
    lower_invoice_threshold()

    [impact] = draft_impact(check_draft(), profiles=submitted_profiles())

    assert impact.school == ghent
    [change] = impact.changes
    assert change.route == "se_purchasing"
    assert change.old == change.new == Status.RECOMMENDED
    assert change.texts == ("uitleg bij de voorwaarden",)


def test_a_dated_text_that_starts_before_today_shows_in_the_preview(published):
    ghent = make_school("Sint-Lucas Gent", GHENT_ANSWERS, number="111111")
    RouteText.objects.create(
        route=Route.objects.get(code="wijkwerken"),
        valid_from=dt.date(2026, 1, 1),
        summary="Nieuwe samenvatting voor wijk-werken.",
    )

    [impact] = draft_impact(check_draft(), profiles=submitted_profiles())

    assert impact.school == ghent
    [change] = impact.changes
    assert (change.route, change.texts) == ("wijkwerken", ("samenvatting",))


def test_the_preview_is_empty_when_the_draft_equals_the_published_rules(published):
    make_school("Sint-Lucas Gent", GHENT_ANSWERS, number="111111")

    assert draft_impact(check_draft(), profiles=submitted_profiles()) == []


def test_the_preview_takes_a_bounded_number_of_queries(published):
    for n in range(3):
        make_school(f"School {n}", GHENT_ANSWERS, number=f"40000{n}")
    make_cooperation_informational()
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
    make_cooperation_informational()

    html = publisher_client.get(reverse("admin:pathways_publish")).content.decode()

    assert "Het advies van 1 school verandert." in html
    assert "Sint-Lucas Gent" in html
    assert (
        '<td class="old-status">Niet van toepassing</td><td class="new-status">Aanbevolen</td>'
        '<td class="changed-texts">uitleg bij de voorwaarden</td>'
    ) in html
