"""One reading everywhere: the same awkward inputs fed to every entry point that takes them.

Numbers: the questionnaire, the school record form and the quick scan's first step (counts, whole
numbers), the engine's facts check (API, CLI) and the rule-file importer.
Postcodes: the school record form, the API, the CLI and the facts check of rule test cases.
Dates: the questionnaire (day/month/year boxes), the API, the CLI and rule files.
The admin's condition and parameter values are fed the same lists in ``test_admin_values.py``.
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from pathways.engine import clean_facts
from pathways.engine.numbers import read_number
from pathways.engine.rulefile import type_rule_values
from pathways.engine.validate import read_date
from schools import scan
from schools.forms import SchoolForm
from schools.questionnaire import StepForm
from tests.factories import publish_small_rules, school_record
from tests.pathways.engine.rulesets import condition, route, ruleset_dict

from .awkward import DATES, NUMBERS, PLACES, POSTCODES, REFUSED

pytestmark = pytest.mark.django_db

NUMBER_IDS = [typed[:12] for typed, _ in NUMBERS]


@pytest.fixture
def rules(tmp_path):
    """Publish a small rule set with the project's own command."""
    publish_small_rules(tmp_path)


def whole(expected):
    """What an entry point that asks for a whole number reads."""
    return expected if isinstance(expected, int) and expected is not REFUSED else REFUSED


# --- numbers ------------------------------------------------------------------------------------


def questionnaire_number(typed: str):
    form = StepForm(
        {"revision": 0, "outsourced_contract_value": typed}, step="contracts", answers={}
    )
    return form.answers["outsourced_contract_value"] if form.is_valid() else REFUSED


def school_form_pupils(school, typed: str):
    form = SchoolForm(school_record(school, pupils=typed, campuses="1"), instance=school)
    return form.cleaned_data["pupils"] if form.is_valid() else REFUSED


def scan_pupils(typed: str):
    data = {"revision": 0, "pupils": typed, "campuses": "1"}
    form = StepForm(data, step="school", answers={}, facts=scan.step_facts("school"))
    return form.answers["pupils"] if form.is_valid() else REFUSED


def rule_file_parameter(typed: str):
    data = ruleset_dict(
        route("r", condition("outsourced_contract_value", "lt", parameter="p")),
        parameters=(
            {
                "code": "p",
                "label": "P",
                "values": [
                    {
                        "valid_from": "2020-01-01",
                        "value": typed,
                        "source": "https://example.org/bron",
                    }
                ],
            },
        ),
    )
    typed_data, problems = type_rule_values(data)
    if problems:
        return REFUSED
    return next(p for p in typed_data["parameters"] if p["code"] == "p")["values"][0]["value"]


@pytest.mark.parametrize(("typed", "expected"), NUMBERS, ids=NUMBER_IDS)
def test_a_typed_number_reads_the_same_in_the_questionnaire_and_a_rule_file(typed, expected):
    reader = read_number(typed)[0]
    assert (REFUSED if reader is None else reader) == expected
    assert questionnaire_number(typed) == expected
    assert rule_file_parameter(typed) == expected


@pytest.mark.parametrize(("typed", "expected"), NUMBERS, ids=NUMBER_IDS)
def test_a_typed_count_reads_the_same_in_the_school_form_and_the_quick_scan(
    school, typed, expected
):
    assert school_form_pupils(school, typed) == whole(expected)
    assert scan_pupils(typed) == whole(expected)


@pytest.mark.parametrize("count", [12.5, 2.0000001, 1.5])
def test_a_count_with_a_decimal_part_is_refused_by_the_facts_check_of_api_and_cli(count):
    clean, problems = clean_facts({"pupils": count, "campuses": count})
    assert clean == {}
    assert {p.field for p in problems} == {"pupils", "campuses"}
    assert {p.message for p in problems} == {"vul een geheel getal in, bijvoorbeeld 300 of 1.200"}


# --- postcodes and places -----------------------------------------------------------------------


def school_form_place(school, postcode: str, place: str):
    data = {
        "name": school.name,
        "network": school.network,
        "level": school.level,
        "postcode": postcode,
        "municipality": place,
        "pupils": "300",
        "campuses": "1",
    }
    form = SchoolForm(data, instance=school)
    if not form.is_valid():
        return form.errors
    return form.save()


def api_postcode(client: Client, postcode: str):
    body = {"school": {"name": "X"}, "facts": {"postcode": postcode}, "date": "2025-03-01"}
    response = client.post("/api/v1/advice", json.dumps(body), content_type="application/json")
    assert response.status_code in (200, 422)
    return response.status_code == 200


def cli_postcode(tmp_path, postcode: str):
    path = tmp_path / "profiel.json"
    body = {"school": {"name": "X"}, "facts": {"postcode": postcode}}
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    try:
        call_command("advise", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    except SystemExit as exited:
        assert exited.code == 2
        return False
    return True


@pytest.mark.parametrize(("typed", "expected"), POSTCODES)
def test_a_postcode_is_accepted_or_refused_alike_by_form_api_cli_and_rule_test_cases(
    rules, school, client, tmp_path, typed, expected
):
    accepted = expected is not REFUSED
    form = school_form_place(school, typed, "")
    assert ("postcode" not in form) == accepted if isinstance(form, dict) else accepted
    assert api_postcode(client, typed) == accepted
    assert cli_postcode(tmp_path, typed) == accepted
    clean, problems = clean_facts({"postcode": typed})
    assert (clean.get("postcode") == expected) if accepted else bool(problems)


@pytest.mark.parametrize(("postcode", "place", "expected"), PLACES)
def test_a_place_from_address_data_is_stored_as_its_municipality_by_the_school_form(
    school, postcode, place, expected
):
    result = school_form_place(school, postcode, place)
    if expected is REFUSED:
        assert isinstance(result, dict) and "municipality" in result
    else:
        assert result.municipality == expected


def test_a_shared_postcode_without_a_municipality_asks_to_choose_it(school):
    errors = school_form_place(school, "1804", "")
    assert errors["municipality"] == [
        "Postcode 1804 hoort bij twee gemeenten: kies de gemeente (Vilvoorde of Zemst)."
    ]


# --- dates --------------------------------------------------------------------------------------


def questionnaire_date(parts):
    day, month, year = parts
    data = {
        "revision": 0,
        "contract_end_date_day": day,
        "contract_end_date_month": month,
        "contract_end_date_year": year,
    }
    form = StepForm(data, step="contracts", answers={})
    return form.answers.get("contract_end_date") if form.is_valid() else REFUSED


def api_date(client: Client, iso: str):
    body = {"school": {"name": "X"}, "facts": {"contract_end_date": iso}, "date": iso}
    response = client.post("/api/v1/advice", json.dumps(body), content_type="application/json")
    assert response.status_code in (200, 422)
    return response.status_code == 200


def cli_date(tmp_path, iso: str):
    path = tmp_path / "profiel.json"
    path.write_text(json.dumps({"school": {"name": "X"}, "facts": {}}), encoding="utf-8")
    try:
        call_command("advise", str(path), "--date", iso, stdout=io.StringIO(), stderr=io.StringIO())
    except SystemExit as exited:
        assert exited.code == 2
        return False
    return True


def rule_file_date(iso: str):
    data = ruleset_dict(route("r", condition("contract_end_date", "before", iso)))
    typed, problems = type_rule_values(data)
    from pathways.engine.loader import validate_ruleset_dict

    return not problems and not validate_ruleset_dict(typed)


@pytest.mark.parametrize(("parts", "iso", "expected"), DATES, ids=[d[1] for d in DATES])
def test_a_date_is_read_alike_by_questionnaire_api_cli_and_rule_files(
    rules, client, tmp_path, parts, iso, expected
):
    accepted = expected is not REFUSED
    assert read_date(iso)[0] == (expected if accepted else None)
    assert questionnaire_date(parts) == (expected.isoformat() if accepted else REFUSED)
    assert api_date(client, iso) == accepted
    assert cli_date(tmp_path, iso) == accepted
    assert rule_file_date(iso) == accepted
