"""Admin pages laid out in Chromium at a laptop's width: nothing drawn over anything else.

Django's admin floats a list's tools (the buttons at the top right) up into the title's line;
the published versions have six of them, which then covered the title at 1280 px. A route's
page was 1669 px wide at 1280 px: each condition's fact select took the width of its longest
option (862 px) and ran past its fieldset. The tests measure the boxes Chromium laid out;
screenshots go to test-artifacts/e2e/.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from pathways.models import Route
from pathways.roles import EDITORS, PUBLISHERS
from pathways.services import publish_draft
from tests.factories import PASSWORD, make_member, make_user

pytestmark = pytest.mark.e2e


def _overlap(a: dict, b: dict) -> bool:
    """Return whether two bounding boxes share any area (touching edges do not count)."""
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def _log_in_to_the_admin(page, base: str, username: str) -> None:
    page.goto(base + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#rules-panel")


def test_the_published_versions_list_shows_its_title_tools_and_columns_apart_at_1280_px(
    live_server, browser, shot
):
    call_command("load_rules", verbosity=0)
    admin = make_user("beheerder", is_staff=True, is_superuser=True)  # sees every tool
    publish_draft(
        user=admin,
        note="Drempel aanvaarde factuur verlaagd naar 26.000 euro na de wetswijziging van 2026",
    )
    # A change in the draft, so "Publiceren" is among the tools (it is left out when the draft
    # has nothing to publish).
    Route.objects.filter(code="wijkwerken").update(title="Wijk-werken (herzien)")
    context = browser.new_context(locale="nl-BE", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15000)
    _log_in_to_the_admin(page, live_server.url, "beheerder")

    page.goto(live_server.url + reverse("admin:pathways_rulesetversion_changelist"))
    shot(page, "admin-published-versions-1280")

    title = page.locator("#content > h1").bounding_box()
    tools = page.locator("#content-main .object-tools li")
    assert tools.count() == 6  # publish, compare, export, import, test cases, facts
    for tool in tools.all():
        box = tool.bounding_box()
        assert not _overlap(title, box), f"{tool.inner_text()!r} covers the title"
        assert box["x"] + box["width"] <= 1280, f"{tool.inner_text()!r} runs off the page"
    table = page.locator("#result_list").bounding_box()
    for tool in tools.all():
        assert not _overlap(tool.bounding_box(), table), f"{tool.inner_text()!r} covers the list"
    headers = [cell.bounding_box() for cell in page.locator("#result_list thead th").all()]
    assert len(headers) == 5  # no action checkbox: versions cannot be deleted
    for left, right in zip(headers, headers[1:], strict=False):
        assert left["x"] + left["width"] <= right["x"] + 0.5, "column titles overlap"
    changelist = page.locator("#changelist").bounding_box()
    assert table["x"] + table["width"] <= changelist["x"] + changelist["width"] + 0.5
    context.close()


@pytest.mark.parametrize("width", [1280, 1024])
def test_a_routes_condition_editor_fits_the_window_with_labelled_fact_and_operator(
    live_server, browser, shot, width
):
    call_command("load_rules", verbosity=0)
    staff = make_member("regels.publicatie", EDITORS, is_staff=True)
    staff.groups.add(*staff.groups.model.objects.filter(name=PUBLISHERS))
    route = Route.objects.get(code="ibo")
    context = browser.new_context(locale="nl-BE", viewport={"width": width, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15000)
    _log_in_to_the_admin(page, live_server.url, "regels.publicatie")

    page.goto(live_server.url + reverse("admin:pathways_route_change", args=[route.pk]))
    shot(page, f"admin-route-conditions-{width}")

    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= width, f"the page is {page_width} px wide in a {width} px window"
    conditions = page.locator("#conditions-group .inline-related.has_original")
    assert conditions.count() == route.conditions.count() > 0
    for index in range(conditions.count()):
        fieldset = page.locator(f"#conditions-{index} fieldset").bounding_box()
        for field, name in (("fact", "Gegeven"), ("operator", "Vergelijking")):
            select = page.locator(f"#id_conditions-{index}-{field}")
            box = select.bounding_box()
            assert box["x"] >= fieldset["x"], f"condition {index}: the {field} starts outside"
            assert box["x"] + box["width"] <= fieldset["x"] + fieldset["width"] + 0.5, (
                f"condition {index}: the {field} select ({box['width']:.0f} px) runs past its "
                f"fieldset ({fieldset['width']:.0f} px)"
            )
            label = page.locator(f"label[for=id_conditions-{index}-{field}]")
            assert label.is_visible(), f"condition {index}: the {field} has no visible label"
            assert label.inner_text().strip().rstrip(":") == name
            assert not _overlap(label.bounding_box(), box), f"{name!r} is drawn over its select"
            # Assistive technology reads the same name.
            assert page.get_by_label(name, exact=False).nth(index).get_attribute("id") == (
                f"id_conditions-{index}-{field}"
            )
    context.close()
