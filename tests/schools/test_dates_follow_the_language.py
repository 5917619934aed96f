"""Dates follow the interface language: with English chosen, every date the interface writes
(the advice date, the date a measure closed, a date answered) has English month names; in
Dutch, Dutch ones. Rule texts stay Dutch data; this is about what the interface itself says."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from pathways.services import today
from tests.factories import submit_answers

from .rules import BIG_SCHOOL

DUTCH_MONTHS = (
    "januari februari maart april mei juni juli augustus september oktober november december"
).split()
ENGLISH_MONTHS = [dt.date(2000, m, 1).strftime("%B") for m in range(1, 13)]
A_DATE = re.compile(r"\b(\d{1,2}) ([A-Za-z]+) (\d{4})\b")


def words(value: dt.date, months: list[str]) -> str:
    return f"{value.day} {months[value.month - 1]} {value.year}"


def page(user, url: str, language: str) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    html = client.get(url).content.decode()
    return re.sub(r"<[^>]+>", "", html)


def month_names_in(text: str) -> set[str]:
    return {m.group(2) for m in A_DATE.finditer(text)}


@pytest.fixture
def answered(rules, school, manager):
    submit_answers(school, manager, {**BIG_SCHOOL, "contract_end_date": "2026-09-01"})
    return school


def test_the_english_advice_page_writes_its_dates_in_english(answered, manager):
    text = page(manager, reverse("schools:school-advice", args=[answered.pk]), "en")

    assert f"On {words(today(), ENGLISH_MONTHS)}" in text
    assert f"assessed on {words(today(), ENGLISH_MONTHS)}" in text
    # The engine's sentence for a closed measure, with its date, in English.
    assert "Since 1 July 2023, schools can no longer newly join this measure." in text
    assert month_names_in(text).isdisjoint(DUTCH_MONTHS), month_names_in(text)


def test_the_dutch_advice_page_keeps_dutch_dates(answered, manager):
    text = page(manager, reverse("schools:school-advice", args=[answered.pk]), "nl-be")

    assert f"Op {words(today(), DUTCH_MONTHS)}" in text
    assert "Sinds 1 juli 2023 kunnen scholen hier niet meer nieuw instappen." in text


def test_a_date_answered_shows_in_english_on_the_english_review_page(answered, manager):
    url = reverse("schools:questionnaire-review", args=[answered.pk])

    assert "1 September 2026" in page(manager, url, "en")
    assert "1 september 2026" in page(manager, url, "nl-be")
