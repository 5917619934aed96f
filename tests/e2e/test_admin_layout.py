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


def _fits(page, width: int) -> None:
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= width, f"the page is {page_width} px wide in a {width} px window"


def _clipped(locator) -> list[str]:
    """Return the texts of the elements of ``locator`` whose text is cut off by their box."""
    return locator.evaluate_all(
        "cells => cells.filter(c => c.scrollWidth > c.clientWidth + 1 || "
        "c.scrollHeight > c.clientHeight + 1 && getComputedStyle(c).overflow !== 'visible')"
        ".map(c => c.innerText)"
    )


@pytest.fixture
def admin_page(live_server, browser):
    """Open the admin as a superuser in a window of the given width; yield (page, base URL)."""
    call_command("load_rules", verbosity=0)
    make_user("beheerder", is_staff=True, is_superuser=True)
    contexts = []

    def open_at(width: int, username: str = "beheerder"):
        context = browser.new_context(locale="nl-BE", viewport={"width": width, "height": 800})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        _log_in_to_the_admin(page, live_server.url, username)
        return page

    yield open_at
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", [1280, 1024])
def test_a_parameters_page_fits_the_window_with_the_delete_column_in_view(
    live_server, admin_page, shot, width
):
    from pathways.models import Parameter

    parameter = Parameter.objects.get(code="eu_threshold_works")  # five dated values
    page = admin_page(width)

    page.goto(live_server.url + reverse("admin:pathways_parameter_change", args=[parameter.pk]))
    shot(page, f"admin-parameter-{width}")

    _fits(page, width)
    delete = page.locator("#values-group thead th", has_text="Verwijderen?")
    box = delete.bounding_box()
    group = page.locator("#values-group").bounding_box()
    assert box["x"] + box["width"] <= group["x"] + group["width"] + 0.5, (
        "the 'Verwijderen?' column is cut off"
    )
    assert page.locator("#values-group .tabular").evaluate("e => e.scrollWidth <= e.clientWidth")
    for field in ("value", "source", "note"):
        cell = page.locator(f"#id_values-0-{field}").bounding_box()
        assert cell["x"] + cell["width"] <= width, f"the {field} box runs off the page"
    assert _clipped(page.locator("#values-group thead th")) == [], "a column title is cut off"
    # Every amount (up to 5.548.000 EUR) is shown whole in its box.
    assert _clipped(page.locator("#values-group td.field-value input")) == []
    assert _clipped(page.locator("#values-group td.field-valid_from input")) == []


@pytest.mark.parametrize("width", [1280, 1024])
def test_a_parameters_page_read_only_fits_the_window(live_server, admin_page, shot, width):
    # Department staff who may only read see the dated values as text: a long source address
    # or note must wrap in its column, not widen the page.
    from pathways.models import Parameter
    from pathways.roles import DEPARTMENT

    make_member("lezer", DEPARTMENT, is_staff=True)
    parameter = Parameter.objects.get(code="negotiated_without_publication_max")
    page = admin_page(width, "lezer")

    page.goto(live_server.url + reverse("admin:pathways_parameter_change", args=[parameter.pk]))
    shot(page, f"admin-parameter-read-only-{width}")

    _fits(page, width)
    assert page.locator("#values-group .tabular").evaluate("e => e.scrollWidth <= e.clientWidth")


@pytest.mark.parametrize("width", [1280, 1024])
def test_the_users_list_keeps_its_columns_clear_of_the_filter_panel(
    live_server, admin_page, shot, width
):
    for n in range(3):
        make_user(
            f"gebruiker.met.een.lange.naam.{n}",
            first_name="Annemarie",
            last_name="Vanden Bossche-De Smedt",
        )
    page = admin_page(width)

    page.goto(live_server.url + reverse("admin:schools_user_changelist"))
    shot(page, f"admin-users-{width}")

    _fits(page, width)
    filters = page.locator("#changelist-filter").bounding_box()
    assert page.locator("#changelist-form .results").evaluate(
        "e => e.scrollWidth <= e.clientWidth"
    ), "the list is wider than its box"
    headers = page.locator("#result_list thead th")
    assert headers.last.inner_text().strip().lower() == "aanmelden geblokkeerd"
    for header in headers.all():
        box = header.bounding_box()
        assert not _overlap(box, filters), f"{header.inner_text()!r} sits under the filters"
    for cell in page.locator("#result_list tbody tr").first.locator("td, th").all():
        assert not _overlap(cell.bounding_box(), filters), "a cell sits under the filters"
    assert _clipped(headers.locator(".text")) == []


@pytest.mark.parametrize("width", [1280, 1024])
def test_the_published_versions_column_titles_are_shown_whole(live_server, admin_page, shot, width):
    page = admin_page(width)

    page.goto(live_server.url + reverse("admin:pathways_rulesetversion_changelist"))
    shot(page, f"admin-published-versions-columns-{width}")

    _fits(page, width)
    headers = page.locator("#result_list thead th")
    assert "IN GEBRUIK" in [h.inner_text().strip() for h in headers.all()]
    assert _clipped(headers.locator(".text")) == []
    assert _clipped(headers.locator(".text > *")) == []
    current = page.locator("#result_list thead th", has_text="IN GEBRUIK").bounding_box()
    results = page.locator("#changelist-form .results").bounding_box()
    assert current["x"] + current["width"] <= results["x"] + results["width"] + 0.5, (
        "'IN GEBRUIK' is cut off by the list's box"
    )
    assert page.locator("#changelist-form .results").evaluate(
        "e => e.scrollWidth <= e.clientWidth"
    ), "the list is wider than its box"
