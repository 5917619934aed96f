"""A small published rule set for the school tests (``fixtures/ruleset.yaml`` is not needed)."""

from __future__ import annotations

from typing import Any

from tests.pathways.engine.rulesets import HOURS_PER_FTE, condition, parameter


def _condition(fact: str, operator: str, value: Any = None, **extra: Any) -> dict[str, Any]:
    return condition(
        fact, operator, value, text_not_met="{answer} in plaats van {threshold}", **extra
    )


RULES: dict[str, Any] = {
    "format": 1,
    "parameters": [
        HOURS_PER_FTE,
        parameter("min_fte_lde", "Minimale omvang lokale diensteneconomie", "VTE", 5, "2019-01-01"),
    ],
    "contacts": [
        {
            "code": "regisseur",
            "name": "Lokale regisseur sociale economie",
            "description": "Helpt bij het zoeken van een partner",
            "email": "regisseur@gemeente.example",
            "phone": "09 123 45 67",
            "url": "https://regisseur.example",
        }
    ],
    "glossary": [
        {"term": "VTE", "definition": "Voltijds equivalent: één voltijdse baan van 38 uur."},
        {"term": "LDE", "definition": "Lokale diensteneconomie."},
    ],
    "routes": [
        {
            "code": "lokale_diensteneconomie",
            "title": "Lokale diensteneconomie (LDE)",
            "summary": "Een LDE-onderneming levert facilitair werk met doelgroepwerknemers.",
            "kind": "employer",
            "scope": "board",
            "valid_from": "2019-01-01",
            "order": 1,
            "contacts": ["regisseur"],
            "attention_points": ["Reken op een aanloop van enkele maanden."],
            "next_steps": ["Contacteer de lokale regisseur."],
            "sources": [{"title": "Decreet lokale diensteneconomie", "url": "https://lde.example"}],
            "conditions": [
                _condition("facility_fte", "gte", parameter="min_fte_lde"),
                _condition("open_to_hire_target_group", "is_true"),
                _condition("mentor_available", "is_true", required=False),
            ],
        },
        {
            "code": "wijkwerken",
            "title": "Wijk-werken",
            "summary": "Een wijk-werker helpt enkele uren per week.",
            "kind": "workplace",
            "valid_from": "2019-01-01",
            "order": 2,
            "conditions": [_condition("region", "eq", "flanders")],
        },
        {
            "code": "maatwerkafdeling",
            "title": "Maatwerkafdeling",
            "summary": "Een eigen afdeling met doelgroepwerknemers.",
            "kind": "employer",
            "scope": "board",
            "valid_from": "2019-01-01",
            "closed_to_new_from": "2023-07-01",
            "successors": ["individueel_maatwerk"],
            "order": 3,
            "conditions": [_condition("facility_fte", "gte", 5)],
        },
        {
            "code": "individueel_maatwerk",
            "title": "Individueel maatwerk",
            "summary": "Ondersteuning voor één werknemer met een arbeidsbeperking.",
            "kind": "employer_measure",
            "valid_from": "2023-07-01",
            "order": 4,
            "conditions": [_condition("open_to_work_disability", "is_true")],
        },
    ],
}

# Answers that reach LDE at one school: 6 x 40 hours = 240 h/week, about 6.3 VTE.
BIG_SCHOOL = {
    "hours_cleaning": 120,
    "provider_cleaning": "contractor",
    "hours_maintenance": 60,
    "hours_grounds": 60,
    "open_to_hire_target_group": True,
    "mentor_available": True,
    "open_to_work_disability": True,
}
# A small school: 76 hours, 2 VTE, below the LDE threshold on its own.
SMALL_SCHOOL = {
    "hours_cleaning": 76,
    "open_to_hire_target_group": True,
    "open_to_work_disability": False,
}
