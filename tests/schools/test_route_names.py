"""A route has one name on every page: the questionnaire's "Wat loopt al" step, its check page,
the quick scan and the "Wie kan helpen?" filter name each route as the advice does (its title
in the published rule set)."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from pathways.engine.facts import ROUTE_CODES
from pathways.services import current_ruleset
from tests.factories import submit_answers

from .conftest import client_for
from .rules import BIG_SCHOOL

pytestmark = pytest.mark.django_db


@pytest.fixture
def titles():
    call_command("load_rules", verbosity=0)
    return {route.code: route.title for route in current_ruleset().routes}


def labels_of(page: str, name: str) -> dict[str, str]:
    """Return {value: label text} of the checkboxes or options named ``name`` on ``page``."""
    found = {}
    for value, label in re.findall(
        rf'name="{name}" value="([\w-]+)"[^>]*>\s*(.*?)</label>', page, re.S
    ):
        found[value] = html_lib.unescape(re.sub(r"<[^>]+>", "", label)).strip()
    return found


def test_every_route_of_the_registry_is_in_the_published_rules(titles):
    assert {code for code, _label in ROUTE_CODES} <= set(titles)


def test_the_in_use_step_names_each_route_as_the_advice_does(titles, school, manager):
    page = client_for(manager).get(
        reverse("schools:questionnaire-step", args=[school.pk, "current"])
    )
    shown = labels_of(page.content.decode(), "routes_in_use")
    assert shown == {code: titles[code] for code, _label in ROUTE_CODES}
    assert "Diensten kopen bij de sociale economie" in shown.values()
    assert "Aankopen bij de sociale economie" not in shown.values()


def test_the_quick_scan_names_each_route_as_the_advice_does(titles):
    page = Client().get(reverse("scan:step", args=["current"])).content.decode()
    shown = labels_of(page, "routes_in_use")
    assert shown["transition_internship"] == "Doorstroomstage (de school als stageplaats)"
    assert shown["art60"] == titles["art60"]


def test_the_check_page_names_the_routes_in_use_as_the_advice_does(titles, school, manager):
    submit_answers(school, manager, BIG_SCHOOL | {"routes_in_use": ["se_purchasing", "art60"]})
    page = client_for(manager).get(reverse("schools:questionnaire-review", args=[school.pk]))
    text = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", page.content.decode())).split())
    assert f"{titles['se_purchasing']}, {titles['art60']}" in text


def test_the_directory_filter_names_each_route_as_the_advice_does(titles):
    page = Client().get(reverse("directory:list")).content.decode()
    select = page[
        page.index('name="traject"') : page.index("</select>", page.index('name="traject"'))
    ]
    options = dict(re.findall(r'<option value="([\w-]+)"[^>]*>(.*?)</option>', select))
    shown = {code: html_lib.unescape(label) for code, label in options.items()}
    assert shown == {code: titles[code] for code, _label in ROUTE_CODES}
