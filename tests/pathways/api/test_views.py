"""The JSON API: POST /api/v1/advice and GET /api/v1/openapi.json."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from pathways.api.profile import profile_json_schema
from pathways.services import today
from tests.factories import publish_small_rules

from . import schema_check

pytestmark = pytest.mark.django_db

URL = "/api/v1/advice"
SCHOOL = {
    "school": {"name": "Vrije Basisschool De Regenboog", "institution_number": "012345"},
    "facts": {"hours_cleaning": 121.6, "open_to_hire_target_group": True, "postcode": "9000"},
}


@pytest.fixture
def rules(tmp_path):
    """Publish a small rule set with the project's own command."""
    publish_small_rules(tmp_path)


def post(client: Client, body, **extra):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json", **extra)


def test_it_advises_a_school_profile(client, rules):
    response = post(client, {**SCHOOL, "date": "2025-03-01"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["date"] == "2025-03-01"
    assert data["ruleset"]["label"] == "versie 1"
    mwa, purchasing = data["routes"]
    assert (mwa["code"], mwa["status"]) == ("maatwerkafdeling", "not_applicable")
    assert mwa["gaps"][0]["text"] == "3,2 VTE van de vereiste 5 VTE: 1,8 VTE tekort"
    assert mwa["missing"] == [
        {
            "fact": "mentor_available",
            "label": "Is er iemand die nieuwe medewerkers op de werkvloer kan begeleiden?",
            "step": "guidance",
        }
    ]
    assert (purchasing["status"], purchasing["missing"][0]["fact"]) == (
        "insufficient_data",
        "open_to_buy_from_se",
    )
    assert data["facts"]["region"] == "flanders"


def test_it_advises_a_board_per_school_and_pooled(client, rules):
    other = {"school": {"name": "Lyceum"}, "facts": {"hours_cleaning": 114}}
    board = {
        "board": {"name": "Scholengroep", "facts": {"open_to_hire_target_group": True}},
        "schools": [{**SCHOOL, "facts": {"hours_cleaning": 95}}, other],
        "date": "2025-03-01",
    }
    response = post(client, board)
    assert response.status_code == 200
    data = response.json()
    assert [s["name"] for s in data["schools"]] == ["Vrije Basisschool De Regenboog", "Lyceum"]
    assert [s["advice"]["routes"][0]["status"] for s in data["schools"]] == [
        "not_applicable",
        "not_applicable",
    ]
    assert data["pooled"]["routes"][0]["status"] == "possible"
    assert data["pooled"]["facts"]["facility_fte"] == 5.5


def test_without_a_date_it_advises_for_today_in_brussels(client, rules):
    assert post(client, SCHOOL).json()["date"] == today().isoformat()


def test_it_needs_no_csrf_token(rules):
    client = Client(enforce_csrf_checks=True)
    assert post(client, SCHOOL).status_code == 200


def test_a_body_that_is_not_json_is_a_400_naming_line_and_column(client, rules):
    response = post(client, '{"school": {"name": "X"},\n  "facts": {,}}')
    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"field": "(root)", "message": "geen geldige JSON op regel 2, kolom 13"}]
    }


def test_a_body_that_is_not_utf8_is_a_400(client, rules):
    response = post(client, b'{"school": "\xff"}')
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "(root)", "message": "geen UTF-8-tekst"}]


def test_json_nested_too_deep_for_the_parser_is_a_400_not_a_crash(client, rules):
    response = post(client, "[" * 10_000 + "]" * 10_000)
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "(root)", "message": "de JSON is te diep genest"}
    ]


def test_an_invalid_profile_is_a_422_listing_every_problem(client, rules):
    body = {
        "school": {"name": "X", "institution_number": "12"},
        "facts": {"hours_cleaning": "veel", "postcode": "12", "region": "flanders"},
        "date": "morgen",
        "note": 1,
    }
    response = post(client, body)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "note", "message": "onbekend veld"},
        {"field": "date", "message": "verwacht een datum als JJJJ-MM-DD"},
        {
            "field": "school.institution_number",
            "message": "verwacht een instellingsnummer van zes cijfers, als tekst",
        },
        {"field": "facts.hours_cleaning", "message": "verwacht een getal"},
        {"field": "facts.postcode", "message": "verwacht een Belgische postcode van vier cijfers"},
        {
            "field": "facts.region",
            "message": "wordt afgeleid uit andere antwoorden en kan niet ingevuld worden",
        },
    ]


def test_a_problem_in_a_board_school_names_its_index(client, rules):
    body = {"board": {"name": "B"}, "schools": [SCHOOL, {**SCHOOL, "facts": {"pupils": -1}}]}
    response = post(client, body)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "schools[1].facts.pupils", "message": "moet minstens 0 zijn"}
    ]


def test_a_json_value_that_is_no_object_is_a_422(client, rules):
    response = post(client, "[1, 2]")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "(root)", "message": "verwacht een object"}]


def test_a_body_over_256_kb_is_a_413(client, rules):
    body = json.dumps({**SCHOOL, "padding": "x" * (256 * 1024)})
    response = post(client, body)
    assert response.status_code == 413
    assert response.json()["errors"][0]["message"] == "de inhoud is groter dan 256 KB"


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_other_methods_than_post_are_a_405(client, rules, method):
    response = getattr(client, method)(URL)
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_without_published_rules_it_answers_503(client):
    response = post(client, SCHOOL)
    assert response.status_code == 503
    assert response.json()["errors"][0]["message"] == "er is nog geen regelset gepubliceerd"


class TestTheOpenApiDocument:
    def test_it_is_served_as_openapi_3_1(self, client):
        response = client.get("/api/v1/openapi.json")
        assert response.status_code == 200
        doc = response.json()
        assert doc["openapi"] == "3.1.0"
        assert set(doc["paths"]) == {"/api/v1/advice", "/api/v1/openapi.json"}
        post_op = doc["paths"]["/api/v1/advice"]["post"]
        assert set(post_op["responses"]) == {"200", "400", "405", "413", "422", "503"}

    def test_its_request_schema_is_the_profile_schema_with_a_date(self, client):
        doc = client.get("/api/v1/openapi.json").json()
        assert doc["components"]["schemas"]["Profile"] == profile_json_schema(with_date=True)

    def test_every_reference_in_it_resolves(self, client):
        doc = client.get("/api/v1/openapi.json").json()
        refs = set()

        def walk(node):
            if isinstance(node, dict):
                if isinstance(node.get("$ref"), str):
                    refs.add(node["$ref"])
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(doc)
        assert refs
        for ref in refs:
            assert isinstance(schema_check.resolve(doc, ref), dict)

    def test_the_real_responses_fit_the_documented_schemas(self, client, rules):
        doc = client.get("/api/v1/openapi.json").json()
        op = doc["paths"]["/api/v1/advice"]["post"]

        def schema_of(status):
            return op["responses"][status]["content"]["application/json"]["schema"]

        board = {"board": {"name": "B"}, "schools": [SCHOOL, SCHOOL], "date": "2025-03-01"}
        cases = [
            ({**SCHOOL, "date": "2025-03-01"}, "200"),
            (board, "200"),
            ({"school": {}, "facts": {"pupils": "x"}}, "422"),
            ("{", "400"),
        ]
        for body, status in cases:
            response = post(client, body)
            assert str(response.status_code) == status
            assert schema_check.errors(response.json(), schema_of(status), doc) == []
            if status == "200":
                assert schema_check.errors(body, schema_of_request(op), doc) == []

    def test_the_advice_schema_rejects_a_response_with_a_missing_key(self, client, rules):
        doc = client.get("/api/v1/openapi.json").json()
        data = post(client, SCHOOL).json()
        del data["routes"][0]["conditions"][0]["reason"]
        advice_schema = {"$ref": "#/components/schemas/Advice"}
        assert schema_check.errors(data, advice_schema, doc) == [
            "$.routes[0].conditions[0]: 'reason' is a required property"
        ]


def schema_of_request(op):
    return op["requestBody"]["content"]["application/json"]["schema"]


def _board_of(count: int) -> dict:
    school = {"school": {"name": "S"}, "facts": {"hours_cleaning": 10}}
    return {"board": {"name": "Groot bestuur"}, "schools": [school] * count}


def test_a_board_of_200_schools_is_advised(client, rules):
    response = post(client, _board_of(200))
    assert response.status_code == 200
    assert len(response.json()["schools"]) == 200


def test_a_near_limit_request_of_thousands_of_schools_gets_a_short_answer(client, rules):
    body = json.dumps(_board_of(4000))
    assert 200_000 < len(body) < 256 * 1024

    response = post(client, body)

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "schools",
            "message": "een bestuursbestand mag hoogstens 200 scholen bevatten, niet 4000",
        }
    ]
    assert len(response.content) < 1000


def test_thousands_of_problems_are_cut_to_fifty_and_a_count(client, rules):
    facts = {f"onbekend_{i}": 1 for i in range(10_000)}
    response = post(client, {**SCHOOL, "facts": facts})

    errors = response.json()["errors"]
    assert response.status_code == 422
    assert len(errors) == 51
    assert errors[-1]["message"].startswith("en nog ")
    assert len(response.content) < 10_000


def test_a_very_long_unknown_key_is_echoed_shortened(client, rules):
    response = post(client, {**SCHOOL, "k" * 200_000: 1})

    assert response.status_code == 422
    assert len(response.content) < 2_000
    assert response.json()["errors"][0]["field"].endswith("…")
