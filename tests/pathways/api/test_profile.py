"""Profile files, their JSON Schema and the JSON form of an advice (no database)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pathways.api.profile import (
    MSG_INSTITUTION_NUMBER,
    MSG_NAME,
    MSG_NOT_A_PROFILE,
    MSG_OBJECT,
    MSG_SCHOOLS,
    advice_to_dict,
    board_advice_to_dict,
    parse_profile,
    profile_json_schema,
    profile_schema_text,
)
from pathways.engine import Problem, evaluate, evaluate_board
from pathways.engine.facts import QUESTION_FACTS
from pathways.engine.loader import MSG_MISSING
from pathways.engine.types import FactType
from tests.pathways.engine.rulesets import build, condition, route
from tests.pathways.engine.strategies import profiles

from . import schema_check

SCHEMA_DIR = Path(__file__).resolve().parents[3] / "pathways" / "schema"
SCHOOL_EXAMPLE = SCHEMA_DIR / "examples" / "school.json"
BOARD_EXAMPLE = SCHEMA_DIR / "examples" / "board.json"

RULES = build(
    route(
        "mwa",
        condition("facility_fte", "gte", parameter="min_fte", source="https://example.org/mwa"),
        condition("contract_end_date", "before", "2027-01-01", required=False),
        condition("board_type", "in", ["go", "vzw"]),
        successors=["se_purchasing"],
        closed_to_new_from="2030-01-01",
        continuation="Loopt door.",
    ),
    route("se_purchasing", condition("open_to_buy_from_se", "is_true"), kind="customer"),
    parameters=(
        {
            "code": "min_fte",
            "label": "Minimum",
            "unit": "VTE",
            "values": [
                {
                    "valid_from": "2019-01-01",
                    "value": 5,
                    "verified": False,
                    "source": "https://example.org/bron",
                }
            ],
        },
    ),
)


def school(**facts):
    return {"school": {"name": "Vrije Basisschool De Regenboog"}, "facts": facts}


def problems_of(data, **kwargs):
    return [str(p) for p in parse_profile(data, **kwargs)[2]]


class TestTheExamples:
    def test_the_school_example_is_a_valid_school_profile(self):
        kind, parsed, problems = parse_profile(json.loads(SCHOOL_EXAMPLE.read_text("utf-8")))
        assert (kind, problems) == ("school", [])
        assert parsed.school.name == "Vrije Basisschool De Regenboog"
        assert parsed.school.institution_number == "012345"
        assert parsed.school.facts["contract_end_date"] == dt.date(2026, 8, 31)
        assert "open_to_cooperative" not in parsed.school.facts

    def test_the_board_example_is_a_valid_board_file(self):
        kind, parsed, problems = parse_profile(json.loads(BOARD_EXAMPLE.read_text("utf-8")))
        assert (kind, problems) == ("board", [])
        assert parsed.board.name == "Stedelijk Onderwijs Lier"
        assert parsed.board.facts["board_type"] == "municipality"
        assert [s.name for s in parsed.board.schools] == [
            "Stedelijke Basisschool De Kolibrie",
            "Stedelijk Lyceum Lier",
        ]


class TestTheSchema:
    def test_the_committed_schema_file_matches_the_fact_registry(self):
        committed = (SCHEMA_DIR / "profile.schema.json").read_text(encoding="utf-8")
        assert committed == profile_schema_text(), (
            "Regenerate it: python -m pathways.api.profile > pathways/schema/profile.schema.json"
        )

    def test_it_is_a_2020_12_schema_offering_a_school_profile_or_a_board_file(self):
        schema = json.loads((SCHEMA_DIR / "profile.schema.json").read_text(encoding="utf-8"))
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        school_schema, board_schema = schema["oneOf"]
        assert school_schema["required"] == ["school", "facts"]
        assert school_schema["properties"]["school"]["required"] == ["name"]
        assert board_schema["required"] == ["board", "schools"]
        assert board_schema["properties"]["schools"]["minItems"] == 1
        assert board_schema["properties"]["schools"]["items"] == school_schema
        for part in (school_schema, board_schema):
            assert part["additionalProperties"] is False
            assert "date" not in part["properties"]
        assert "$ref" not in json.dumps(schema)

    def test_its_facts_are_exactly_the_question_and_record_facts_with_their_types(self):
        facts = profile_json_schema()["oneOf"][0]["properties"]["facts"]
        assert facts["additionalProperties"] is False
        assert list(facts["properties"]) == [f.code for f in QUESTION_FACTS]
        for fact in QUESTION_FACTS:
            prop = facts["properties"][fact.code]
            if fact.type is FactType.NUMBER:
                assert prop["type"] == ["integer" if fact.whole else "number", "null"]
                assert (prop["minimum"], prop["maximum"]) == (fact.minimum, fact.maximum)
            elif fact.type is FactType.CHOICE:
                assert prop["enum"] == [code for code, _ in fact.choices] + [None]
            elif fact.type is FactType.MULTICHOICE:
                assert prop["items"]["enum"] == [code for code, _ in fact.choices]
                assert prop["uniqueItems"] is True
            elif fact.type is FactType.DATE:
                assert prop["format"] == "date"
            elif fact.type is FactType.BOOLEAN:
                assert prop["type"] == ["boolean", "null"]
        assert facts["properties"]["postcode"]["pattern"] == "^[1-9][0-9]{3}$"

    def test_the_examples_fit_the_committed_schema(self):
        schema = json.loads((SCHEMA_DIR / "profile.schema.json").read_text(encoding="utf-8"))
        for example in (SCHOOL_EXAMPLE, BOARD_EXAMPLE):
            data = json.loads(example.read_text(encoding="utf-8"))
            assert schema_check.errors(data, schema, schema) == []

    @settings(max_examples=100, deadline=None)
    @given(facts=profiles(), board=st.booleans())
    def test_the_schema_accepts_every_profile_the_parser_accepts(self, facts, board):
        facts = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in facts.items()}
        data = {"school": {"name": "School"}, "facts": facts}
        if board:
            data = {"board": {"name": "Bestuur", "facts": facts}, "schools": [data]}
        schema = profile_json_schema()
        assert parse_profile(data)[2] == []
        assert schema_check.errors(data, schema, schema) == []

    @pytest.mark.parametrize(
        "data",
        [
            [],
            {"name": "X"},
            {"school": {"name": "X"}},
            {"school": {"name": ""}, "facts": {}},
            {"school": {"name": "X", "institution_number": "12345"}, "facts": {}},
            {"school": {"name": "X"}, "facts": {}, "date": "2025-01-01"},
            {"school": {"name": "X"}, "facts": {"hours_cleaning": -1}},
            {"school": {"name": "X"}, "facts": {"hours_cleaning": "40"}},
            {"school": {"name": "X"}, "facts": {"pupils": 100001}},
            {"school": {"name": "X"}, "facts": {"host_stages": 1}},
            {"school": {"name": "X"}, "facts": {"board_type": "bank"}},
            {"school": {"name": "X"}, "facts": {"routes_in_use": ["ibo", "ibo"]}},
            {"school": {"name": "X"}, "facts": {"routes_in_use": ["bus"]}},
            {"school": {"name": "X"}, "facts": {"contract_end_date": "31/08/2026"}},
            {"school": {"name": "X"}, "facts": {"postcode": "0999"}},
            {"school": {"name": "X"}, "facts": {"facility_fte": 5}},
            {"school": {"name": "X"}, "facts": {"colour": "rood"}},
            {"board": {"name": "B"}, "schools": []},
            {
                "board": {"name": "B", "facts": {"pupils": -5}},
                "schools": [{"school": {"name": "X"}, "facts": {}}],
            },
            {"board": {"name": "B"}, "schools": [{"school": {"name": "X"}}]},
        ],
    )
    def test_the_schema_refuses_what_the_parser_refuses(self, data):
        schema = profile_json_schema()
        assert parse_profile(data)[2] != []
        assert schema_check.errors(data, schema, schema) != []

    def test_the_api_variant_accepts_a_date_in_both_forms(self):
        school_schema, board_schema = profile_json_schema(with_date=True)["oneOf"]
        assert school_schema["properties"]["date"]["format"] == "date"
        assert board_schema["properties"]["date"]["format"] == "date"
        assert "date" not in board_schema["properties"]["schools"]["items"]["properties"]


class TestParsingASchoolProfile:
    def test_it_cleans_the_facts(self):
        kind, parsed, problems = parse_profile(school(hours_cleaning=40, postcode="9000"))
        assert (kind, problems) == ("school", [])
        assert parsed.school.facts == {"hours_cleaning": 40, "postcode": "9000"}
        assert parsed.date is None

    def test_every_bad_fact_is_named_with_its_path(self):
        data = school(hours_cleaning="veel", host_stages="ja", facility_fte=3, color="rood")
        assert problems_of(data) == [
            "facts.hours_cleaning: verwacht een getal",
            "facts.host_stages: verwacht true of false",
            "facts.facility_fte: wordt afgeleid uit andere antwoorden en kan niet ingevuld worden",
            "facts.color: onbekend veld",
        ]
        assert parse_profile(data)[1] is None

    def test_the_school_header_is_checked(self):
        data = {"school": {"name": " ", "institution_number": 12345, "city": "Gent"}, "facts": {}}
        assert parse_profile(data)[2] == [
            Problem("school.name", MSG_NAME),
            Problem("school.city", "onbekend veld"),
            Problem("school.institution_number", MSG_INSTITUTION_NUMBER),
        ]

    @pytest.mark.parametrize("number", ["12345", "1234567", "12345a", "１２３４５６", 123456])
    def test_an_institution_number_must_be_six_digits(self, number):
        data = {"school": {"name": "X", "institution_number": number}, "facts": {}}
        assert parse_profile(data)[2] == [
            Problem("school.institution_number", MSG_INSTITUTION_NUMBER)
        ]

    def test_missing_and_mistyped_parts_are_named(self):
        assert parse_profile({"school": {"name": "X"}})[2] == [Problem("facts", MSG_MISSING)]
        assert parse_profile({"facts": {}})[2] == [Problem("school", MSG_MISSING)]
        assert parse_profile({"school": "X", "facts": []})[2] == [
            Problem("school", MSG_OBJECT),
            Problem("facts", MSG_OBJECT),
        ]
        assert parse_profile({"school": {}, "facts": {}})[2] == [
            Problem("school.name", MSG_MISSING)
        ]

    def test_unknown_top_level_fields_are_named(self):
        assert problems_of({**school(), "remarks": "x", "date": "2025-01-01"}) == [
            "remarks: onbekend veld",
            "date: onbekend veld",
        ]

    def test_a_date_is_accepted_only_where_the_api_allows_it(self):
        kind, parsed, problems = parse_profile({**school(), "date": "2025-09-01"}, allow_date=True)
        assert (kind, problems, parsed.date) == ("school", [], dt.date(2025, 9, 1))
        for bad in ("01/09/2025", "2025-02-30", 20250901, None):
            assert problems_of({**school(), "date": bad}, allow_date=True) == [
                "date: verwacht een datum als JJJJ-MM-DD"
            ]


class TestParsingABoardFile:
    def test_board_facts_and_schools_are_cleaned(self):
        data = {
            "board": {"name": "Scholengroep", "facts": {"board_type": "go"}},
            "schools": [school(pupils=100), school(pupils=200)],
        }
        kind, parsed, problems = parse_profile(data)
        assert (kind, problems) == ("board", [])
        assert parsed.board.facts == {"board_type": "go"}
        assert [s.facts for s in parsed.board.schools] == [{"pupils": 100}, {"pupils": 200}]

    def test_problems_in_a_school_name_its_index(self):
        data = {
            "board": {"name": "Scholengroep", "facts": {"board_type": "bank"}},
            "schools": [school(), {**school(postcode="12"), "note": 1}, "school"],
        }
        assert problems_of(data) == [
            "board.facts.board_type: verwacht een van: go, municipality, province, vzw, other",
            "schools[1].note: onbekend veld",
            "schools[1].facts.postcode: verwacht een Belgische postcode van vier cijfers",
            "schools[2]: verwacht een object",
        ]

    @pytest.mark.parametrize("schools", [[], {}, "A"])
    def test_a_board_needs_a_list_of_at_least_one_school(self, schools):
        data = {"board": {"name": "B"}, "schools": schools}
        assert parse_profile(data)[2] == [Problem("schools", MSG_SCHOOLS)]

    def test_missing_parts_of_a_board_are_named(self):
        assert parse_profile({"schools": [school()]})[2] == [Problem("board", MSG_MISSING)]
        assert parse_profile({"board": {"name": "B", "city": "Gent"}})[2] == [
            Problem("board.city", "onbekend veld"),
            Problem("schools", MSG_MISSING),
        ]

    def test_a_file_with_school_and_board_parts_is_read_as_a_board_file(self):
        data = {"board": {"name": "B"}, "schools": [school()], "facts": {}}
        assert parse_profile(data)[:1] == ("board",)
        assert problems_of(data) == ["facts: onbekend veld"]


class TestAnythingElse:
    def test_a_root_that_is_no_object_is_refused(self):
        assert parse_profile([1, 2]) == (None, None, [Problem("(root)", MSG_OBJECT)])

    def test_an_object_that_is_neither_kind_is_refused(self):
        kind, parsed, problems = parse_profile({"name": "X"})
        assert (kind, parsed) == (None, None)
        assert problems == [Problem("(root)", MSG_NOT_A_PROFILE), Problem("name", "onbekend veld")]

    @settings(max_examples=200, deadline=None)
    @given(
        data=st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
            lambda inner: (
                st.lists(inner, max_size=3)
                | st.dictionaries(
                    st.sampled_from(
                        [
                            "school",
                            "facts",
                            "board",
                            "schools",
                            "name",
                            "date",
                            "pupils",
                            "postcode",
                        ]
                    ),
                    inner,
                    max_size=4,
                )
            ),
            max_leaves=12,
        )
    )
    def test_parsing_never_raises_and_always_explains_a_refusal(self, data):
        kind, parsed, problems = parse_profile(data, allow_date=True)
        assert (parsed is None) == bool(problems)
        assert kind in (None, "school", "board")
        assert all(isinstance(p, Problem) and p.field and p.message for p in problems)


class TestTheAdviceAsJson:
    FACTS = {
        "hours_cleaning": 121.6,
        "board_type": "vzw",
        "contract_end_date": dt.date(2026, 8, 31),
        "routes_in_use": ["mwa"],
    }

    def test_it_holds_the_date_the_rules_and_every_route_with_its_trace(self):
        advice = evaluate(self.FACTS, RULES, dt.date(2025, 3, 1))
        data = advice_to_dict(advice, RULES)
        assert json.loads(json.dumps(data)) == data
        assert data["date"] == "2025-03-01"
        assert data["ruleset"] == {"identifier": RULES.identifier, "label": ""}
        assert [r["code"] for r in data["routes"]] == ["mwa", "se_purchasing"]

        mwa = data["routes"][0]
        assert set(mwa) == {
            "code", "title", "kind", "scope", "status", "status_reason", "summary",
            "successors", "in_use", "continuation", "gaps", "missing", "conditions",
            "attention_points", "next_steps", "pooled_per_school",
        }  # fmt: skip
        assert (mwa["status"], mwa["kind"], mwa["scope"]) == (
            "not_applicable",
            "employer",
            "school",
        )
        assert (mwa["in_use"], mwa["continuation"]) == (True, "Loopt door.")
        assert mwa["successors"] == ["se_purchasing"]
        assert mwa["gaps"] == [
            {
                "fact": "facility_fte",
                "unit": "VTE",
                "answer": 3.2,
                "threshold": 5.0,
                "shortfall": 1.8,
                "direction": "below_minimum",
                "text": "3,2 VTE van de vereiste 5 VTE: 1,8 VTE tekort",
            }
        ]
        first, second, third = mwa["conditions"]
        assert first == {
            "fact": "facility_fte",
            "label": "Facilitair werk in voltijdse equivalenten",
            "operator": "gte",
            "required": True,
            "kind": "required",
            "outcome": "not_met",
            "answer": 3.2,
            "answer_display": "3,2 VTE",
            "threshold": 5,
            "threshold_display": "5 VTE",
            "parameter": "min_fte",
            "parameter_valid_from": "2019-01-01",
            "parameter_verified": False,
            # the parameter value is marked not verified, and the reason says so
            "reason": "3,2 VTE in plaats van 5 VTE, 1,8 VTE te weinig "
            "Dit bedrag is niet nagekeken in een officiële bron.",
            "gap_hint": "",
            "source": "https://example.org/mwa",
            "confidence": "",
        }
        assert (second["answer"], second["threshold"]) == ("2026-08-31", "2027-01-01")
        assert (third["answer"], third["threshold"]) == ("vzw", ["go", "vzw"])
        assert data["facts"]["contract_end_date"] == "2026-08-31"
        assert data["facts"]["facility_fte"] == 3.2

    def test_a_missing_question_is_named_with_its_label_and_step(self):
        data = advice_to_dict(evaluate({}, RULES, dt.date(2025, 3, 1)), RULES)
        assert data["routes"][1]["missing"] == [
            {
                "fact": "open_to_buy_from_se",
                "label": "Wil de school werk uitbesteden aan een sociale onderneming?",
                "step": "cooperation",
            }
        ]

    def test_a_missing_derived_fact_points_at_the_step_that_asks_its_inputs(self):
        data = advice_to_dict(evaluate({}, RULES, dt.date(2025, 3, 1)), RULES)
        assert data["routes"][0]["missing"][0] == {
            "fact": "facility_fte",
            "label": "Facilitair werk in voltijdse equivalenten",
            "step": "facility",
        }

    def test_a_board_advice_holds_each_school_and_the_pooled_advice(self):
        advice = evaluate_board(
            [("A", {"hours_cleaning": 95}), ("B", {"hours_cleaning": 114})],
            RULES,
            dt.date(2025, 3, 1),
            board_facts={"board_type": "go"},
        )
        data = board_advice_to_dict(advice, RULES)
        assert json.loads(json.dumps(data)) == data
        assert set(data) == {"date", "ruleset", "schools", "pooled", "differences", "groups"}
        assert (data["differences"], data["groups"]) == ([], [])
        assert [s["name"] for s in data["schools"]] == ["A", "B"]
        assert data["schools"][0]["advice"]["routes"][0]["status"] == "not_applicable"
        # "mwa" is a school-scope route here: not pooled, the best single school counts
        assert data["pooled"]["routes"][0]["status"] == "not_applicable"
        assert data["pooled"]["routes"][0]["pooled_per_school"] is True
        assert data["pooled"]["facts"]["facility_fte"] == 5.5


def test_a_board_whose_schools_differ_in_region_gets_its_groups_in_json():
    advice = evaluate_board(
        [("Zaventem", {"postcode": "1700"}), ("Berchem", {"postcode": "1083"})],
        RULES,
        dt.date(2025, 3, 1),
        board_facts={"board_type": "vzw"},
    )
    data = board_advice_to_dict(advice, RULES)
    assert json.loads(json.dumps(data)) == data
    assert data["differences"] == [
        {
            "fact": "region",
            "values": [
                {"value": "brussels", "schools": ["Berchem"]},
                {"value": "flanders", "schools": ["Zaventem"]},
            ],
        }
    ]
    assert [(g["values"], g["schools"]) for g in data["groups"]] == [
        ({"region": "brussels"}, ["Berchem"]),
        ({"region": "flanders"}, ["Zaventem"]),
    ]
