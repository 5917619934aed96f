"""Malformed input never crashes an entry point: the API answers JSON 400/422 (also with DEBUG
off), the CLI exits with code 2 and one Dutch line, the forms show a message."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pathways.engine.facts import QUESTION_FACTS
from schools.forms import SchoolForm
from schools.questionnaire import STEP_CODES, StepForm
from tests.commands import refuse
from tests.factories import publish_small_rules

pytestmark = pytest.mark.django_db

URL = "/api/v1/advice"
FIXTURES = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


@pytest.fixture
def rules(tmp_path):
    publish_small_rules(tmp_path)


def post(client: Client, body: str | bytes):
    return client.post(URL, data=body, content_type="application/json")


def assert_refused_in_json(response, status=(400, 422)):
    assert response.status_code in status
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"]


HUGE = "1" * 4301
SURROGATE = '"\\ud800"'


@pytest.mark.parametrize(
    "body",
    [
        '{"school": {"name": "X"}, "facts": {"pupils": ' + HUGE + "}}",
        '{"school": {"name": "X"}, "facts": {"pupils": 1e999}}',
        '{"school": {"name": "X"}, "facts": {"pupils": NaN}}',
        '{"school": {"name": ' + SURROGATE + '}, "facts": {}}',
        '{"school": {"name": "X"}, "facts": {' + SURROGATE + ": 1}}",
        '{"school": {"name": "X"}, "facts": {"postcode": "²000"}}',
        '{"school": {"name": "X"}, "facts": {"postcode": "9999"}}',
        '{"school": {"name": "X"}, "facts": {"contract_end_date": "0027-08-31"}}',
        '{"school": {"name": "X"}, "facts": {}, "date": "0027-08-31"}',
        "[" * 100000,
    ],
    ids=[
        "4301 digits",
        "1e999",
        "NaN",
        "surrogate name",
        "surrogate key",
        "superscript",
        "unknown postcode",
        "year 27",
        "advice date year 27",
        "deep",
    ],
)
def test_malformed_input_gets_a_json_refusal_not_a_500(rules, client, settings, body):
    settings.DEBUG = False
    assert_refused_in_json(post(client, body))


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
FACT_CODES = [fact.code for fact in QUESTION_FACTS]


@settings(max_examples=100, deadline=None, suppress_health_check=FIXTURES)
@given(data=JSON)
def test_any_json_body_gets_an_answer_in_json_never_a_500(rules, client, data):
    body = json.dumps(data, allow_nan=True)
    response = post(client, body)
    assert response.status_code in (200, 400, 422)
    assert response["Content-Type"] == "application/json"


@settings(max_examples=150, deadline=None, suppress_health_check=FIXTURES)
@given(
    facts=st.dictionaries(
        st.sampled_from(FACT_CODES) | st.text(max_size=8), JSON | st.text(), max_size=6
    ),
    name=st.text(max_size=30),
    date=st.text(max_size=12) | JSON,
)
def test_any_value_for_any_field_gets_an_answer_in_json_never_a_500(
    rules, client, facts, name, date
):
    body = json.dumps({"school": {"name": name}, "facts": facts, "date": date})
    response = post(client, body)
    assert response.status_code in (200, 400, 422)  # 400: NaN, Infinity, a lone surrogate


@settings(max_examples=100, deadline=None, suppress_health_check=FIXTURES)
@given(raw=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_any_bytes_get_an_answer_in_json_never_a_500(rules, client, raw):
    response = post(client, raw)
    assert response.status_code in (200, 400, 422)


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURES)
@given(step=st.sampled_from(STEP_CODES), values=st.lists(st.text(max_size=30), min_size=40))
def test_any_text_in_any_questionnaire_field_gives_an_answer_or_a_message(step, values):
    form = StepForm({"revision": "0"}, step=step, answers={})
    data = {"revision": "0"}
    for name, value in zip(sorted(form.fields), values, strict=False):
        data[name] = value
        for part in ("day", "month", "year"):
            data[f"{name}_{part}"] = value[:4]
    form = StepForm(data, step=step, answers={})
    if not form.is_valid():
        assert all(form.errors.values())


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURES)
@given(values=st.lists(st.text(max_size=30), min_size=7, max_size=7))
def test_any_text_in_the_school_form_gives_a_record_or_a_message(school, values):
    names = ["name", "network", "level", "postcode", "municipality", "pupils", "campuses"]
    form = SchoolForm(dict(zip(names, values, strict=True)), instance=school)
    if not form.is_valid():
        assert all(form.errors.values())


# --- the CLI -------------------------------------------------------------------------------------


@pytest.fixture
def profile(tmp_path):
    path = tmp_path / "profiel.json"
    path.write_text(json.dumps({"school": {"name": "X"}, "facts": {}}), encoding="utf-8")
    return path


@pytest.mark.parametrize("folder", ["bestaat-niet/advies.json", ""])
def test_a_bad_output_path_is_one_dutch_line_and_exit_code_2(rules, profile, tmp_path, folder):
    target = tmp_path / folder if folder else tmp_path
    (line,) = refuse(str(profile), "--output", str(target))
    assert line.startswith(f"--output {target}: ")
    assert line.endswith(("de map bestaat niet", "dit is een map; geef een bestandsnaam"))


@pytest.mark.parametrize(
    ("target", "reason"),
    [("/dev/full", "de schijf is vol"), ("advies\x00.json", "ongeldige bestandsnaam")],
)
def test_an_output_file_that_cannot_be_written_is_one_dutch_line(rules, profile, target, reason):
    assert refuse(str(profile), "--output", target) == [f"--output {target}: {reason}"]


def test_a_number_of_4301_digits_in_a_profile_is_one_dutch_line(rules, tmp_path):
    path = tmp_path / "groot.json"
    path.write_text('{"school": {"name": "X"}, "facts": {"pupils": ' + HUGE + "}}", "utf-8")
    (line,) = refuse(str(path))
    assert line == (
        f"{path}: de JSON bevat een getal dat geen gewoon getal is (NaN, Infinity, of te veel "
        "cijfers)"
    )
