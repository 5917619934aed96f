"""A small but complete rule set and school profile for the report tests.

Five routes that, for ``SCHOOL_FACTS`` on ``DAY``, land in every status a report shows:
recommended, possible, insufficient data, not applicable and closed to new entrants (with a
successor and what continues). Contacts, glossary terms and sources are filled in, so the tests
can find each of them in the PDF.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import Any

from pathways.engine import RuleSet, ruleset_from_dict
from tests.pathways.engine.rulesets import HOURS_PER_FTE, condition

DAY = dt.date(2026, 3, 2)

SCHOOL_FACTS: dict[str, Any] = {
    "board_type": "vzw",
    "postcode": "9000",
    "pupils": 640,
    "campuses": 2,
    "hours_cleaning": 120,
    "provider_cleaning": "contractor",
    "hours_grounds": 12,
    "provider_grounds": "own_staff",
    "outsourced_contract_value": 85000,
    "open_to_buy_from_se": True,
    "host_stages": True,
    "stage_real_job_offer": False,
    "mentor_available": True,
    "routes_in_use": ["maatwerkafdeling"],
}

REASON_BUY = "De school wil werk uitbesteden aan een sociale onderneming."
REASON_VOLUME = "Met {answer} uitbesteed werk is een maatwerkbedrijf een haalbare partner."
REASON_MENTOR = "Er is een begeleider op de werkvloer."
REASON_JOB = "Een doorstroomstage vraagt een echte vacature; die is er nu niet."

SOURCE_URL = "https://www.vlaanderen.be/sociale-economie/maatwerkbedrijven"
LEGAL_URL = "https://codex.vlaanderen.be/Zoeken/Document.aspx?DID=1024811"
CONTACT_EMAIL = "info@herwin.be"


def _cond(
    fact: str,
    operator: str,
    value: Any = None,
    *,
    met: str = "{answer}: voldaan.",
    not_met: str = "{answer}: niet voldaan.",
    unknown: str = "Nog niet beantwoord.",
    **extra: Any,
) -> dict[str, Any]:
    return condition(
        fact, operator, value, text_met=met, text_not_met=not_met, text_unknown=unknown, **extra
    )


def ruleset_data() -> dict[str, Any]:
    """Return the rule-set dict (loader format 1)."""
    return {
        "format": 1,
        "parameters": [copy.deepcopy(HOURS_PER_FTE)],
        "contacts": [
            {
                "code": "herwin",
                "name": "Herwin",
                "description": "Federatie van maatwerkbedrijven",
                "email": CONTACT_EMAIL,
                "phone": "02 211 02 50",
                "url": "https://www.herwin.be",
            },
            {
                "code": "vdab",
                "name": "VDAB",
                "description": "Stages en opleiding op de werkvloer",
                "url": "https://www.vdab.be",
            },
        ],
        "glossary": [
            {
                "term": "Maatwerkbedrijf",
                "definition": "Een sociale onderneming die "
                "mensen met een arbeidsbeperking tewerkstelt.",
            },
            {"term": "VTE", "definition": "Voltijds equivalent: één voltijdse baan."},
            {"term": "Kwantumkorting", "definition": "Staat in geen enkele routetekst."},
        ],
        "routes": [
            {
                "code": "se_purchasing",
                "title": "Aankopen bij een maatwerkbedrijf",
                "summary": "De school besteedt schoonmaak of groen uit aan een maatwerkbedrijf.",
                "kind": "customer",
                "order": 10,
                "valid_from": "2019-01-01",
                "conditions": [
                    _cond("open_to_buy_from_se", "is_true", met=REASON_BUY),
                    _cond("outsourced_contract_value", "gte", 20000, met=REASON_VOLUME),
                ],
                "attention_points": [
                    "Gebruik een voorbehouden opdracht (art. 15 wet overheidsopdrachten)."
                ],
                "next_steps": ["Vraag een offerte aan bij twee maatwerkbedrijven."],
                "contacts": ["herwin"],
                "resources": [
                    {"title": "Zoek een maatwerkbedrijf", "url": "https://www.herwin.be/zoek"}
                ],
                "legal_references": [{"title": "Decreet maatwerk 2018", "url": LEGAL_URL}],
                "sources": [{"title": "Maatwerkbedrijven", "url": SOURCE_URL, "note": "H"}],
            },
            {
                "code": "ibo",
                "title": "Individuele beroepsopleiding (IBO)",
                "summary": "Een werkzoekende leert het werk bij de school, met begeleiding.",
                "kind": "stage_host",
                "order": 20,
                "valid_from": "2019-01-01",
                "conditions": [
                    _cond("host_stages", "is_true", met="De school kan stagiairs ontvangen."),
                    _cond("mentor_available", "is_true", met=REASON_MENTOR),
                    _cond(
                        "open_vacancy",
                        "is_true",
                        required=False,
                        unknown="Een open vacature maakt een IBO sterker.",
                    ),
                ],
                "next_steps": ["Neem contact op met VDAB."],
                "contacts": ["vdab"],
            },
            {
                "code": "transition_internship",
                "title": "Doorstroomstage",
                "summary": "Een stage die vertrekt van een echte vacature.",
                "kind": "stage_host",
                "order": 30,
                "valid_from": "2019-01-01",
                "conditions": [
                    _cond(
                        "stage_real_job_offer",
                        "is_true",
                        not_met=REASON_JOB,
                        gap_hint="Koppel de stage aan een vacature.",
                    ),
                ],
            },
            {
                "code": "lokale_diensteneconomie",
                "title": "Lokale diensteneconomie",
                "summary": "De school zet zelf mensen in via een LDE-onderneming.",
                "kind": "employer",
                "order": 40,
                "valid_from": "2019-01-01",
                "conditions": [
                    _cond(
                        "planned_target_group_fte",
                        "gte",
                        2,
                        unknown="Hoeveel VTE de school kan bieden is nog niet ingevuld.",
                    ),
                ],
            },
            {
                "code": "maatwerkafdeling",
                "title": "Maatwerkafdeling",
                "summary": "Een eigen afdeling met doelgroepwerknemers.",
                "kind": "employer",
                "order": 50,
                "valid_from": "2019-01-01",
                "closed_to_new_from": "2023-07-01",
                "successors": ["lokale_diensteneconomie"],
                "continuation": "Bestaande maatwerkafdelingen lopen door tot eind 2026.",
                "conditions": [],
            },
        ],
    }


def ruleset() -> RuleSet:
    return ruleset_from_dict(ruleset_data())


ROUTE_TITLES = {route["code"]: route["title"] for route in ruleset_data()["routes"]}


# --- Database cast for the report, view and bundle tests ----------------------------------------


@dataclass
class Cast:
    """A board with two schools, and the people around them."""

    board: Any
    school: Any
    sister_school: Any  # same board, not submitted yet
    other_board: Any
    other_school: Any
    version: Any  # the school's submitted questionnaire
    manager: Any  # facility manager of ``school``
    board_staff: Any  # staff of ``board``
    stranger: Any  # manager of a school of another board


def publish_rules():
    """Publish this module's rule set as the current version and return it."""
    from pathways.services import publish_data

    return publish_data(ruleset_data(), note="Testregels")


def submit(school, answers: dict[str, Any], *, number: int = 1, user=None):
    """Store ``answers`` as a submitted questionnaire version of ``school``."""
    from django.utils import timezone

    from schools.models import QuestionnaireVersion

    return QuestionnaireVersion.objects.create(
        school=school,
        number=number,
        answers=answers,
        status=QuestionnaireVersion.Status.SUBMITTED,
        revision=number,
        created_by=user,
        submitted_at=timezone.now(),
    )


def make_cast(django_user_model) -> Cast:
    from schools.models import BoardMembership, SchoolMembership
    from tests.factories import kbo_number, make_board, make_school, make_user

    board = make_board("VZW Katholiek Onderwijs Gent", enterprise_number=kbo_number(1))
    other_board = make_board(
        "Stad Brugge",
        board_type="municipality",
        legal_form="public_law",
        enterprise_number=kbo_number(2),
    )

    def school(name: str, number: str, on_board):
        return make_school(on_board, name, number, level="secundair", pupils=640, campuses=2)

    def person(username: str):
        return make_user(username, email=f"{username}@school.example", password="een-lang-ww-42")

    cast = Cast(
        board=board,
        school=school("Sint-Jozefscollege Gent", "012345", board),
        sister_school=school("Sint-Barbaracollege", "012346", board),
        other_board=other_board,
        other_school=school("Stedelijk Lyceum Brugge", "054321", other_board),
        version=None,
        manager=person("manager"),
        board_staff=person("bestuur"),
        stranger=person("vreemde"),
    )
    SchoolMembership.objects.create(user=cast.manager, school=cast.school)
    BoardMembership.objects.create(user=cast.board_staff, board=board)
    SchoolMembership.objects.create(user=cast.stranger, school=cast.other_school)
    cast.version = submit(cast.school, SCHOOL_FACTS, user=cast.manager)
    return cast
