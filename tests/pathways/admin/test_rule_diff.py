"""Comparing two rule sets: routes, conditions, dates, texts, parameters, contacts, glossary."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from django.urls import reverse

from pathways.diff import ADDED, CHANGED, REMOVED, diff_rulesets
from pathways.models import Condition, ParameterValue, Route, RouteText
from pathways.publishing import publish_checked
from tests.pathways.engine.rulesets import condition, route, ruleset_dict


def base() -> dict:
    data = ruleset_dict(
        route("wijkwerken", condition("region", "eq", "flanders")),
        route("art60", condition("board_type", "in", ["municipality", "vzw"])),
        route("mwa", condition("facility_fte", "gte", parameter="min_fte")),
        parameters=(
            {
                "code": "min_fte",
                "label": "Minimum VTE",
                "unit": "VTE",
                "values": [
                    {"valid_from": "2019-01-01", "value": 5, "source": "https://example.org/bron"}
                ],
            },
        ),
    )
    data["contacts"] = [{"code": "vdab", "name": "VDAB", "email": "info@vdab.be"}]
    data["glossary"] = [{"term": "VTE", "definition": "Voltijds equivalent"}]
    return data


def test_two_equal_rule_sets_have_no_differences():
    assert diff_rulesets(base(), base()).is_empty


def test_added_and_removed_routes_are_listed():
    new = base()
    new["routes"] = [r for r in new["routes"] if r["code"] != "art60"]
    new["routes"].append(route("twe", condition("region", "eq", "flanders")))

    changes = diff_rulesets(base(), new)

    assert [(r.key, r.change) for r in changes.routes] == [("twe", ADDED), ("art60", REMOVED)]


def test_a_changed_date_and_text_show_old_and_new():
    new = base()
    new["routes"][0]["closed_to_new_from"] = "2024-01-01"
    new["routes"][0]["summary"] = "Nieuwe samenvatting"

    change = diff_rulesets(base(), new).route("wijkwerken")

    assert change.change == CHANGED
    fields = {f.field: (f.old, f.new) for f in change.fields}
    assert fields["closed_to_new_from"] == (None, "2024-01-01")
    assert fields["summary"] == ("Samenvatting van wijkwerken", "Nieuwe samenvatting")


def test_a_changed_condition_value_is_listed_under_its_route():
    new = base()
    new["routes"][1]["conditions"][0]["value"] = ["municipality"]
    new["routes"][1]["conditions"][0]["text_met"] = "Ja, een gemeente"

    change = diff_rulesets(base(), new).route("art60")

    assert change.fields == []
    [cond] = change.children
    assert cond.key == "board_type"
    fields = {f.field: (f.old, f.new) for f in cond.fields}
    assert fields["value"] == (["municipality", "vzw"], ["municipality"])
    assert fields["text_met"][1] == "Ja, een gemeente"


def test_a_new_dated_parameter_value_is_listed():
    new = base()
    new["parameters"][0]["values"].append({"valid_from": "2026-01-01", "value": 4})

    change = diff_rulesets(base(), new).parameter("min_fte")

    assert [(v.key, v.change) for v in change.children] == [("2026-01-01", ADDED)]


def test_a_changed_parameter_value_shows_old_and_new():
    new = base()
    new["parameters"][0]["values"][0]["value"] = 6

    change = diff_rulesets(base(), new).parameter("min_fte")

    [value] = change.children
    assert [(f.field, f.old, f.new) for f in value.fields] == [("value", 5, 6)]


def test_contact_and_glossary_changes_are_listed():
    new = copy.deepcopy(base())
    new["contacts"][0]["email"] = "werkgevers@vdab.be"
    new["glossary"].append({"term": "IBO", "definition": "Individuele beroepsopleiding"})

    changes = diff_rulesets(base(), new)

    assert [(f.field, f.new) for f in changes.contacts[0].fields] == [
        ("email", "werkgevers@vdab.be")
    ]
    assert [(g.key, g.change) for g in changes.glossary] == [("IBO", ADDED)]


def test_dates_as_date_objects_equal_the_same_dates_as_text():
    new = base()
    new["parameters"][0]["values"][0]["valid_from"] = dt.date(2019, 1, 1)
    new["routes"][0]["valid_from"] = dt.date(2019, 1, 1)

    assert diff_rulesets(base(), new).is_empty


def test_a_dated_text_and_an_informational_condition_are_listed_under_their_route():
    new = base()
    new["routes"][0]["texts"] = [{"valid_from": "2026-01-01", "summary": "Nieuw"}]
    new["routes"][0]["conditions"][0]["informational"] = True

    change = diff_rulesets(base(), new).route(new["routes"][0]["code"])

    assert change.change == CHANGED
    children = {child.key: child for child in change.children}
    assert children["texts@2026-01-01"].change == ADDED
    [field] = [c for c in change.children if not c.key.startswith("texts@")][0].fields
    assert (field.field, field.old, field.new) == ("informational", None, True)


@pytest.mark.django_db
def test_the_compare_page_shows_a_dated_text_and_an_informational_condition(
    editor_client, published
):
    route = Route.objects.get(code="cooperative")
    RouteText.objects.create(route=route, valid_from=dt.date(2026, 1, 1), summary="Nieuw")
    Condition.objects.filter(route=route, fact="open_to_cooperative").update(
        required=False, informational=True
    )

    html = editor_client.get(reverse("admin:pathways_compare")).content.decode()

    assert "tekst vanaf 1 januari 2026" in html
    assert "alleen ter informatie" in html


@pytest.mark.django_db
def test_the_compare_page_shows_a_changed_threshold_between_two_versions(
    publisher_client, published
):
    value = ParameterValue.objects.get(
        parameter__code="accepted_invoice_max", valid_from=dt.date(2017, 6, 30)
    )
    value.value = 26000
    value.save()
    publish_checked(note="Drempel verlaagd")

    html = publisher_client.get(reverse("admin:pathways_compare") + "?old=1&new=2").content.decode()

    assert "accepted_invoice_max" in html
    assert '<span class="old">30.000 EUR</span> → <span class="new">26.000 EUR</span>' in html


@pytest.mark.django_db
def test_the_compare_page_compares_the_draft_with_the_current_version(editor_client, published):
    html = editor_client.get(reverse("admin:pathways_compare")).content.decode()

    assert "Geen verschillen." in html
