"""One route card as a school sees it: how each value is labelled, and what is shown up front."""

from __future__ import annotations

import copy
import datetime as dt
import re

from django.template.loader import render_to_string

from pathways.engine import evaluate, ruleset_from_dict
from pathways.presentation import route_card

from .rules import RULES, _condition

ON = dt.date(2026, 1, 15)
PROFILE = {
    "board_type": "vzw",
    "postcode": "9000",
    "pupils": 650,
    "campuses": 2,
    "hours_cleaning": 240,
    "open_to_hire_target_group": True,
}


def card_html(route_changes: dict, profile: dict = PROFILE) -> str:
    """Render the card of a one-route rule set built on the school tests' rules."""
    data = copy.deepcopy(RULES)
    route = {**data["routes"][0], **route_changes}
    data["routes"] = [route]
    ruleset = ruleset_from_dict(data)
    advice = evaluate(profile, ruleset, ON)
    card = route_card(advice.results[0], ruleset)
    return render_to_string("pathways/_advice_card.html", {"card": card, "glossary": None})


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def details_of(html: str) -> str:
    return text_of(html[html.index("<details") : html.index("</details>")])


def up_front(html: str) -> str:
    return text_of(html[: html.index("<details")] if "<details" in html else html)


def test_each_value_is_labelled_by_where_it_comes_from():
    text = text_of(
        card_html(
            {
                "conditions": [
                    _condition("open_to_hire_target_group", "is_true"),
                    _condition("board_type", "in", ["vzw", "go"]),
                    _condition("region", "eq", "flanders"),
                    _condition("facility_fte", "gte", 5),
                ]
            }
        )
    )

    assert "uw antwoord: ja" in text
    assert "Soort schoolbestuur · volgens de schoolgegevens: Vrij gesubsidieerd" in text
    assert "Gewest · uit uw gegevens: Vlaams Gewest" in text
    assert re.search(r"uit uw gegevens: [\d,]+ VTE · minimum: 5 VTE", text)
    assert "berekend" not in text and "vereist" not in text
    assert "uw antwoord: Vlaams Gewest" not in text


def test_a_maximum_is_called_a_maximum():
    text = text_of(card_html({"conditions": [_condition("pupils", "lte", 1000)]}))

    assert "volgens de schoolgegevens: 650 leerlingen · maximum: 1000 leerlingen" in text


def test_a_recommended_route_shows_its_first_step_up_front_and_contacts_one_click_away():
    html = card_html(
        {
            "next_steps": ["Contacteer de lokale regisseur.", "Maak samen een plan."],
            "conditions": [_condition("open_to_hire_target_group", "is_true")],
        }
    )

    assert "route-card--recommended" in html
    assert "Eerste stap: Contacteer de lokale regisseur." in up_front(html)
    assert "regisseur@gemeente.example" not in up_front(html)
    assert "regisseur@gemeente.example" in details_of(html)
    assert "Maak samen een plan." not in up_front(html)
    assert "Maak samen een plan." in details_of(html)
    assert "Reken op een aanloop van enkele maanden." in details_of(html)
    assert "Contacteer de lokale regisseur." not in details_of(html)


def test_a_route_that_does_not_apply_keeps_its_steps_and_contacts_folded():
    html = card_html(
        {
            "next_steps": ["Contacteer de lokale regisseur."],
            "conditions": [_condition("open_to_hire_target_group", "is_true")],
        },
        profile={**PROFILE, "open_to_hire_target_group": False},
    )

    assert "route-card--not_applicable" in html
    assert "Eerste stap" not in html
    assert "regisseur@gemeente.example" not in up_front(html)
    assert "regisseur@gemeente.example" in details_of(html)
    assert "Contacteer de lokale regisseur." in details_of(html)


def test_an_informational_condition_is_shown_for_information_without_a_verdict():
    html = text_of(
        card_html(
            {
                "conditions": [
                    _condition("open_to_hire_target_group", "is_true"),
                    {
                        **_condition("facility_fte", "gte", 10),
                        "required": False,
                        "informational": True,
                        "text_not_met": "Minder dan {threshold}: kijk na of er werk genoeg is.",
                    },
                ]
            }
        )
    )
    assert "Ter informatie Minder dan 10 VTE: kijk na of er werk genoeg is." in html
    assert "niet voldaan" not in html
    assert "Aanbevolen" in html  # the status: the informational condition did not lower it


def test_sources_show_as_a_plain_title_without_confidence_codes_or_research_notes():
    html = card_html(
        {
            "sources": [
                {
                    "title": "Decreet lokale diensteneconomie (codex)",
                    "url": "https://lde.example",
                    "note": "H - research note for staff",
                }
            ],
            "resources": [{"title": "Gids (Departement WSE)", "note": "vermoedelijk de gids"}],
        }
    )
    assert "Decreet lokale diensteneconomie (codex)" in html
    assert "Gids (Departement WSE)" in html
    assert "research note" not in html
    assert "vermoedelijk" not in html


def test_the_card_shows_the_texts_in_force_on_the_advice_date():
    dated = {
        "attention_points": ["Oud aandachtspunt"],
        "texts": [{"valid_from": "2026-01-01", "attention_points": ["Nieuw aandachtspunt"]}],
    }
    assert "Nieuw aandachtspunt" in card_html(dated)  # the advice date is 15 January 2026
    data = copy.deepcopy(RULES)
    data["routes"] = [{**data["routes"][0], **dated}]
    ruleset = ruleset_from_dict(data)
    before = route_card(evaluate(PROFILE, ruleset, dt.date(2025, 12, 31)).results[0], ruleset)
    assert before.attention_points == ("Oud aandachtspunt",)
