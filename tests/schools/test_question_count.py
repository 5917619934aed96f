"""Every page that names the number of questions names the same one: the questionnaire's own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from pathways.engine.facts import FACTS
from schools.questionnaire import QUESTION_COUNT

# Counted here from the fact registry, apart from the code under test.
ASKED = len([fact for fact in FACTS if fact.origin == "question"])

PATTERNS = {
    "nl-be": r"(?:Beantwoord|dezelfde) (\d+) vragen",
    "en": r"(?:Answer|the same) (\d+) questions",
}


def numbers_on(path: str, language: str) -> list[int]:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    html = client.get(path).content.decode()
    return [int(n) for n in re.findall(PATTERNS[language], html)]


@pytest.mark.parametrize("language", ["nl-be", "en"])
def test_home_page_and_quick_scan_intro_name_the_same_real_number_of_questions(db, language):
    home = numbers_on(reverse("home"), language)
    scan = numbers_on(reverse("scan:start"), language)

    assert home == scan == [ASKED]
    assert QUESTION_COUNT == ASKED


def test_the_scan_check_page_counts_open_questions_out_of_the_same_number(db):
    html = Client().get(reverse("scan:review")).content.decode()

    assert f"{ASKED} van de {ASKED} vragen zijn nog open" in html


def test_no_template_or_translation_writes_a_number_of_questions_as_a_literal():
    root = Path(settings.BASE_DIR)
    files = [*(root / "templates").rglob("*.html"), root / "locale/en/LC_MESSAGES/django.po"]
    literal = re.compile(r"\b\d+ (?:vragen|questions)\b")
    assert [str(f) for f in files if literal.search(f.read_text("utf-8"))] == []
