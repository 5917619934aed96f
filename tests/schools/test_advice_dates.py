"""Which evaluation dates the advice pages and reports accept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from pathways.services import parse_advice_date, today
from reports.models import AdviceReport
from tests.factories import submit_answers

from .conftest import client_for
from .rules import BIG_SCHOOL


@pytest.mark.parametrize("value", ["1900-01-01", "0001-01-01", "9999-12-31", "1999-12-31"])
def test_dates_outside_the_advice_range_are_refused(value):
    assert parse_advice_date(value) is None


def test_dates_from_2000_to_ten_years_ahead_are_accepted(db):
    assert parse_advice_date("2000-01-01") == dt.date(2000, 1, 1)
    assert parse_advice_date(" 2020-03-06 ") == dt.date(2020, 3, 6)
    last = dt.date(today().year + 10, 12, 31)
    assert parse_advice_date(last.isoformat()) == last
    assert parse_advice_date((last + dt.timedelta(days=1)).isoformat()) is None


def test_an_absurd_date_on_the_advice_page_gives_a_message_and_today(
    rules, school, manager, board_staff
):
    submit_answers(school, manager, BIG_SCHOOL)
    url = reverse("schools:school-advice", args=[school.pk]) + "?datum=1900-01-01"
    html = client_for(board_staff).get(url).content.decode()
    assert "“1900-01-01” is geen bruikbare datum" in html
    assert "beoordeeld op 1 januari 1900" not in html


def test_an_absurd_date_makes_no_stored_report(rules, school, manager, board_staff, quick_render):
    submit_answers(school, manager, BIG_SCHOOL)
    url = reverse("reports:report-pdf", args=[school.pk]) + "?datum=9999-12-31"
    response = client_for(board_staff).get(url)
    assert response.status_code == 200
    assert list(AdviceReport.objects.values_list("evaluated_on", flat=True)) == [today()]
