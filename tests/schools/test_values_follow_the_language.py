"""Answers and thresholds follow the interface language: with English chosen, a yes/no answer,
a region, a unit and a number are written in English (units singular or plural by their count,
"1 site", "300 pupils"; "240,000 EUR", "2.5 FTE"); in Dutch, Dutch ones ("1 vestiging",
"240.000 EUR"). Rule texts stay Dutch data; this is about what the interface itself says."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import submit_answers

from .rules import BIG_SCHOOL
from .test_quick_scan import fill_scan


def page(client: Client, url: str) -> str:
    html = client.get(url).content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def signed_in(user, language: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


@pytest.fixture
def answered(rules, school, manager):
    submit_answers(
        school,
        manager,
        {**BIG_SCHOOL, "outsourced_contract_value": 240000, "planned_target_group_fte": 2.5},
    )
    return school


def test_the_english_advice_page_writes_answers_and_regions_in_english(answered, manager):
    text = page(signed_in(manager, "en"), reverse("schools:school-advice", args=[answered.pk]))

    assert "your answer: yes" in text
    assert "Region · from your details: Flemish Region · needed: Flemish Region" in text
    assert "your answer: ja" not in text
    assert "from your details: Vlaams Gewest" not in text  # the rules' own texts stay Dutch
    # In Dutch, Dutch ones.
    text = page(signed_in(manager, "nl-be"), reverse("schools:school-advice", args=[answered.pk]))
    assert "uw antwoord: ja" in text
    assert "Gewest · uit uw gegevens: Vlaams Gewest · nodig: Vlaams Gewest" in text


def test_the_english_review_writes_units_and_numbers_in_english(answered, manager):
    text = page(
        signed_in(manager, "en"), reverse("schools:questionnaire-review", args=[answered.pk])
    )

    for shown in ("120 hours/week", "240,000 EUR", "2.5 FTE"):
        assert shown in text, shown
    for dutch in ("uur/week", "240.000", "VTE"):
        assert dutch not in text, dutch
    # In Dutch, Dutch ones, thousands grouped with a dot.
    text = page(
        signed_in(manager, "nl-be"), reverse("schools:questionnaire-review", args=[answered.pk])
    )

    for shown in ("120 uur/week", "240.000 EUR", "2,5 VTE"):
        assert shown in text, shown


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [
        (
            "en",
            ("320 pupils", "1 site ", "60 hours/week", "1 FTE"),
            ("leerlingen", "vestiging", "uur/week", "VTE"),
        ),
        (
            "nl-be",
            ("320 leerlingen", "1 vestiging ", "60 uur/week", "1 VTE"),
            ("1 vestigingen",),
        ),
    ],
)
def test_the_quick_scan_review_writes_units_in_its_language_and_by_count(
    rules, language, shown, not_shown
):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    fill_scan(client)
    text = page(client, reverse("scan:review"))

    for part in shown:
        assert part in text, part
    for part in not_shown:
        assert part not in text, part


@pytest.mark.parametrize(
    ("language", "pupils"), [("en", "12,000"), ("nl-be", "Aantal leerlingen 12.000")]
)
def test_the_school_page_writes_the_record_numbers_as_the_review_does(
    school, manager, language, pupils
):
    school.pupils = 12000
    school.save(update_fields=["pupils"])
    client = signed_in(manager, language)

    with translation.override("nl-be"):  # the requests' language stays with them
        detail = page(client, reverse("schools:school-detail", args=[school.pk]))
        review = page(client, reverse("schools:questionnaire-review", args=[school.pk]))
    assert pupils in detail
    assert pupils.split()[-1] in review
    assert "12000" not in detail
