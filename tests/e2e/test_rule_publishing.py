"""End to end in Chromium: a publisher lowers a threshold, sees the impact, publishes, and the
school's advice explains the new threshold (the status stays: the threshold is informational).

Runs against pytest-django's ``live_server`` with Debian's /usr/bin/chromium through Playwright.
Screenshots go to test-artifacts/e2e/.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from pathways.models import Parameter, RuleSetVersion
from pathways.roles import DEPARTMENT, PUBLISHERS
from tests.factories import PASSWORD, make_user
from tests.pathways.admin.conftest import GHENT_ANSWERS, make_school

pytestmark = pytest.mark.e2e


def test_a_publisher_lowers_a_threshold_and_the_advice_explains_it(live_server, new_page, shot):
    call_command("load_rules", verbosity=0)
    publisher = make_user("piet.publisher", email="piet@wse.example", is_staff=True)
    publisher.groups.add(Group.objects.get(name=PUBLISHERS), Group.objects.get(name=DEPARTMENT))
    school = make_school("Sint-Lucas Gent", GHENT_ANSWERS, number="111111")
    page = new_page()
    page.set_default_timeout(15000)
    advice_url = live_server.url + reverse("schools:school-advice", args=[school.pk])
    card = page.locator("#traject-se_purchasing")

    # Log in through the admin.
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "piet.publisher")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#rules-panel")

    # Before: buying from the social economy is recommended for the school.
    page.goto(advice_url)
    assert "route-card--recommended" in card.get_attribute("class")

    # Lower the accepted-invoice threshold of 30 June 2017 from 30.000 to 26.000 EUR in the draft.
    parameter = Parameter.objects.get(code="accepted_invoice_max")
    page.goto(live_server.url + reverse("admin:pathways_parameter_change", args=[parameter.pk]))
    value = page.locator("input[name='values-1-value']")
    assert value.input_value() == "30.000"  # shown back the Belgian way
    value.fill("26.000")
    shot(page, "rule-publishing-1-threshold")
    page.click("input[name='_save']")
    page.wait_for_selector(".messagelist .success")

    # The admin index says the draft has unpublished changes; the publish page shows the impact.
    page.goto(live_server.url + reverse("admin:index"))
    assert page.locator(".draft-changed").is_visible()
    page.click("#rules-panel a.publish-link")
    impact = page.locator("#impact")
    impact.wait_for()
    assert "Het advies van 1 school verandert." in impact.inner_text()
    row = impact.locator("tr.impact-school", has_text="Sint-Lucas Gent")
    assert row.locator(".old-status").inner_text() == "Aanbevolen"
    assert row.locator(".new-status").inner_text() == "Aanbevolen"
    assert row.locator(".changed-texts").inner_text() == "uitleg bij de voorwaarden"
    shot(page, "rule-publishing-2-impact")

    page.fill("#id_note", "Drempel aanvaarde factuur verlaagd naar 26.000 euro")
    page.click("#publish-form input[type=submit]")
    page.wait_for_selector(".messagelist .success")
    assert "Versie 2 is gepubliceerd" in page.locator(".messagelist").inner_text()
    assert RuleSetVersion.objects.get(is_current=True).number == 2

    # After: the school's advice comes from version 2: still recommended (a reserved contract has
    # no value cap), and the procedure hint names the new limit.
    page.goto(advice_url)
    assert "route-card--recommended" in card.get_attribute("class")
    card.locator("details.advice-details summary").click()
    assert "minder dan 26.000 EUR" in card.inner_text()
    assert "Ter informatie" in card.inner_text()
    shot(page, "rule-publishing-3-advice")

    # The test cases page shows the run: all shipped cases still pass.
    page.goto(live_server.url + reverse("admin:pathways_testcases"))
    assert "5 van 5 testgevallen geslaagd." in page.locator(".testcase-summary").inner_text()
    assert page.locator("tr.case-failed").count() == 0
    shot(page, "rule-publishing-4-testcases")
