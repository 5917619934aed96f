"""The rule admin writes every date one way and every moment one way, in the active language.

A date in words ("1 juli 2023", "1 July 2023"), a moment with its time ("30 november 2026
14:05", "30 November 2026, 14:05"): in list columns, read-only fields, the history, the publish
page (today, "Berekend op"), the test results and the comparison of versions. Never ISO
(2023-07-01), day-month-year in figures (01-07-2023, 1/7/2023) or the American "Jul. 1, 2023".
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation

from pathways.models import ImpactPreview, ParameterValue, Route, RouteText, RuleTestCase
from pathways.presentation import display_date, display_datetime
from pathways.services import today

pytestmark = pytest.mark.django_db

# A date written in any other way than in words.
OTHER_DATES = re.compile(
    r"\b\d{4}-\d{1,2}-\d{1,2}\b"  # 2023-07-01
    r"|\b\d{1,2}[-/.]\d{1,2}[-/.]\d{4}\b"  # 01-07-2023, 1/7/2023, 1.7.2023
    r"|\b[A-Z][a-z]{2,3}\. \d{1,2}, \d{4}\b"  # Jul. 1, 2023
    r"|\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December) \d{1,2}, \d{4}\b"  # July 1, 2023
    r"|\b[ap]\.m\."
)
LANGUAGES = ["nl-be", "en"]


def visible_text(html: str) -> str:
    """Return what the page shows: no tags (form values and URLs are not shown dates)."""
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", "", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def shown(client, url: str, language: str) -> str:
    # The request activates its language in this thread; ``override`` puts the test's back.
    with translation.override(language):
        response = client.get(url, headers={"accept-language": language})
    assert response.status_code == 200, response.status_code
    return visible_text(response.content.decode())


def in_language(language: str, write, value) -> str:
    with translation.override(language):
        return write(value)


@pytest.fixture
def dated_draft(published):
    """The shipped rules with a dated text added to a route in the draft (a change to publish)."""
    route = Route.objects.get(code="cooperative")
    RouteText.objects.create(route=route, valid_from=dt.date(2026, 1, 1), summary="Nieuw")
    return published


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_route_list_writes_its_dates_in_words(publisher_client, published, language):
    text = shown(publisher_client, reverse("admin:pathways_route_changelist"), language)

    closed = Route.objects.get(code="maatwerkafdeling").closed_to_new_from
    assert in_language(language, display_date, closed) in text
    assert not OTHER_DATES.search(text), OTHER_DATES.search(text).group()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_test_case_list_and_results_write_their_dates_in_words(
    publisher_client, published, language
):
    case = RuleTestCase.objects.order_by("pk").first()

    for url in (
        reverse("admin:pathways_ruletestcase_changelist"),
        reverse("admin:pathways_testcases"),
    ):
        text = shown(publisher_client, url, language)
        assert in_language(language, display_date, case.on) in text, url
        assert not OTHER_DATES.search(text), (url, OTHER_DATES.search(text).group())


@pytest.mark.parametrize("language", LANGUAGES)
def test_versions_and_history_write_their_moments_with_date_and_time(
    publisher_client, published, language
):
    route = Route.objects.get(code="wijkwerken")
    route.title += " (herzien)"
    route.save()
    moment = in_language(language, display_datetime, published.published_at)
    changed = in_language(language, display_datetime, route.history.first().history_date)

    pages = {
        reverse("admin:pathways_rulesetversion_changelist"): moment,
        reverse("admin:pathways_rulesetversion_change", args=[published.pk]): moment,
        reverse("admin:pathways_route_history", args=[route.pk]): changed,
    }
    for url, expected in pages.items():
        text = shown(publisher_client, url, language)
        assert expected in text, url
        assert not OTHER_DATES.search(text), (url, OTHER_DATES.search(text).group())


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_publish_page_writes_today_the_computation_and_changed_dates_alike(
    publisher_client, dated_draft, language
):
    text = shown(publisher_client, reverse("admin:pathways_publish"), language)

    computed = ImpactPreview.objects.get().computed_at
    assert in_language(language, display_date, today()) in text
    assert in_language(language, display_datetime, computed) in text
    assert in_language(language, display_date, dt.date(2026, 1, 1)) in text  # the dated text
    assert not OTHER_DATES.search(text), OTHER_DATES.search(text).group()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_comparison_writes_changed_dates_in_words(publisher_client, dated_draft, language):
    # The draft's accepted-invoice limit of 2017 starts a day later; a route gets an end.
    ParameterValue.objects.filter(
        parameter__code="accepted_invoice_max", valid_from=dt.date(2017, 6, 30)
    ).update(valid_from=dt.date(2017, 7, 1))
    route = Route.objects.get(code="ibo")
    route.valid_to = dt.date(2030, 12, 31)
    route.save()

    text = shown(publisher_client, reverse("admin:pathways_compare"), language)

    for day in (dt.date(2026, 1, 1), dt.date(2017, 7, 1), dt.date(2030, 12, 31)):
        assert in_language(language, display_date, day) in text
    assert not OTHER_DATES.search(text), OTHER_DATES.search(text).group()


@pytest.mark.parametrize(
    ("language", "date", "moment"),
    [
        ("nl-be", "30 november 2026", "30 november 2026 14:05"),
        ("en", "30 November 2026", "30 November 2026, 14:05"),
    ],
)
def test_one_format_per_kind_follows_the_language(language, date, moment):
    brussels = dt.datetime(2026, 11, 30, 13, 5, tzinfo=dt.UTC)  # 14:05 in Brussels

    assert in_language(language, display_date, dt.date(2026, 11, 30)) == date
    assert in_language(language, display_datetime, brussels) == moment
