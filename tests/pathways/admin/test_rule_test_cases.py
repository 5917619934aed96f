"""Rule test cases: the shipped ones pass and cover every route; the admin page runs them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from pathways import yamlfile
from pathways.adapters import draft_to_dict
from pathways.engine import ruleset_from_dict, validate_ruleset_dict
from pathways.models import RuleTestCase
from pathways.testcases import MISSING_ROUTE, run_test_cases
from tests.checks import page_html

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"


def shipped() -> tuple[dict, list[dict]]:
    rules = yamlfile.safe_load((FIXTURES / "ruleset.yaml").read_text(encoding="utf-8"))
    cases = yamlfile.safe_load((FIXTURES / "rule_test_cases.yaml").read_text(encoding="utf-8"))
    return rules, cases["test_cases"]


def test_every_shipped_test_case_passes_with_the_shipped_rules():
    rules, cases = shipped()

    results = run_test_cases(ruleset_from_dict(rules), cases)

    assert [(r.name, r.mismatches, r.problems) for r in results if not r.passed] == []
    assert len(results) == len(cases) >= 5


def test_the_shipped_test_cases_cover_every_route():
    rules, cases = shipped()

    covered = {code for case in cases for code in case["expected"]}

    assert covered == {r["code"] for r in rules["routes"]}


def test_a_case_expecting_another_status_fails_with_the_difference():
    rules, cases = shipped()
    case = {**cases[1], "expected": {"maatwerkafdeling": "recommended", "nope": "possible"}}

    [result] = run_test_cases(ruleset_from_dict(rules), [case])

    assert not result.passed
    assert result.mismatches == [
        ("maatwerkafdeling", "recommended", "not_in_force"),
        ("nope", "possible", MISSING_ROUTE),
    ]


def test_a_case_with_an_answer_the_engine_refuses_fails():
    rules, cases = shipped()
    case = {**cases[1], "profile": {**cases[1]["profile"], "hours_cleaning": "veel"}}

    [result] = run_test_cases(ruleset_from_dict(rules), [case])

    assert not result.passed
    assert result.problems == ["hours_cleaning: verwacht een getal"]


@pytest.mark.django_db
def test_the_test_case_page_shows_pass_or_fail_per_case(editor_client, published):
    case = RuleTestCase.objects.get(name="Vragenlijst nog niet ingevuld")
    case.expected = {**case.expected, "ibo": "recommended"}
    case.save()

    html = editor_client.get(reverse("admin:pathways_testcases")).content.decode()

    assert "4 van 5 testgevallen geslaagd." in html
    assert html.count("case-failed") == 1
    assert "Aanbevolen → Antwoorden nodig" in html


@pytest.mark.django_db
def test_the_test_cases_of_a_version_run_against_that_version(editor_client, published):
    RuleTestCase.objects.all().delete()

    html = editor_client.get(reverse("admin:pathways_testcases") + "?version=1").content.decode()

    assert "5 van 5 testgevallen geslaagd." in html


@pytest.mark.django_db
def test_a_test_case_is_edited_as_plain_lines_and_checked(editor_client, published):
    response = editor_client.post(
        reverse("admin:pathways_ruletestcase_add"),
        {
            "name": "Nieuw geval",
            "on": "2026-01-15",
            "profile": "board_type: stichting\nhours_cleaning: 10",
            "expected": "wijkwerken: top\nonbekend: possible",
            "note": "",
        },
    )

    html = page_html(response)
    assert "board_type: verwacht een van: go, municipality, province, vzw, other" in html
    assert "Onbekende status &#x27;top&#x27; bij wijkwerken" in html
    assert "Onbekend traject &#x27;onbekend&#x27;." in html
    assert not RuleTestCase.objects.filter(name="Nieuw geval").exists()


@pytest.mark.django_db
def test_a_valid_test_case_is_saved_and_travels_with_the_draft(editor_client, published):
    editor_client.post(
        reverse("admin:pathways_ruletestcase_add"),
        {
            "name": "Nieuw geval",
            "on": "2026-01-15",
            "profile": "board_type: go\npostcode: '1000'",
            "expected": "wijkwerken: not_applicable",
            "note": "",
        },
    )

    cases = {c["name"]: c for c in draft_to_dict()["test_cases"]}
    assert cases["Nieuw geval"]["profile"] == {"board_type": "go", "postcode": "1000"}
    assert cases["Nieuw geval"]["expected"] == {"wijkwerken": "not_applicable"}


STATUS_CODES = ("recommended", "possible", "not_applicable", "insufficient_data", "not_in_force")


def visible_text(html: str) -> str:
    """Return the text of the admin page's content, without tags or form values' markup."""
    body = html[html.index('id="content"') :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


@pytest.mark.django_db
def test_the_test_case_page_shows_statuses_in_dutch_only(editor_client, published):
    text = visible_text(editor_client.get(reverse("admin:pathways_testcases")).content.decode())

    assert "5 van 5 testgevallen geslaagd." in text
    for code in STATUS_CODES:
        assert code not in text


@pytest.mark.django_db
def test_a_test_case_is_edited_with_dutch_statuses(editor_client, published):
    case = RuleTestCase.objects.get(name="Vzw-school in Gent na de hervormingen")
    url = reverse("admin:pathways_ruletestcase_change", args=[case.pk])

    text = visible_text(editor_client.get(url).content.decode())

    assert "wijkwerken: aanbevolen" in text
    assert "bijvoorbeeld 'wijkwerken: aanbevolen'" in text
    for code in STATUS_CODES:
        assert code not in text


@pytest.mark.django_db
def test_a_dutch_status_is_stored_as_its_code(editor_client, published):
    editor_client.post(
        reverse("admin:pathways_ruletestcase_add"),
        {
            "name": "Nieuw geval",
            "on": "2026-01-15",
            "profile": "board_type: go\npostcode: '1000'",
            "expected": "wijkwerken: Niet van toepassing\nvop: niet (meer) van kracht",
            "note": "",
        },
    )

    case = RuleTestCase.objects.get(name="Nieuw geval")
    assert case.expected == {"wijkwerken": "not_applicable", "vop": "not_in_force"}


@pytest.mark.django_db
def test_the_publish_page_shows_changed_expectations_in_dutch(publisher_client, published):
    case = RuleTestCase.objects.get(name="Vzw-school in Gent na de hervormingen")
    case.expected = {**case.expected, "wijkwerken": "not_applicable"}
    case.save()

    text = visible_text(publisher_client.get(reverse("admin:pathways_publish")).content.decode())

    assert "wijkwerken: Aanbevolen" in text
    assert "wijkwerken: Niet van toepassing" in text
    for code in STATUS_CODES:
        assert code not in text


def test_a_test_case_without_answers_is_saved_and_run_as_a_school_that_answered_nothing(
    editor_client, published
):
    response = editor_client.post(
        reverse("admin:pathways_ruletestcase_add"),
        {
            "name": "Nog niets ingevuld",
            "on": "2026-01-15",
            "profile": "",
            "expected": "wijkwerken: antwoorden nodig",
            "note": "",
        },
    )
    assert response.status_code == 302

    case = RuleTestCase.objects.get(name="Nog niets ingevuld")
    assert case.profile == {}
    cases = {c["name"]: c for c in draft_to_dict()["test_cases"]}
    assert cases["Nog niets ingevuld"]["profile"] == {}
    assert validate_ruleset_dict(draft_to_dict()) == []
