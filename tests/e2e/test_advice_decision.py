"""The demo school's advice in Chromium: 'Wat nu doen?' first, a page short enough to act on,
every detail one click away, and no WCAG AA violation."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from schools.management.commands.load_demo import DEMO_PASSWORD
from schools.models import School

from .browsing import log_in
from .test_accessibility import Audit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEMO_SCHOOL = "Sint-Vincentiusinstituut Eeklo"
WORD_LIMIT = 1200
# The words a reader sees: closed <details> hide their content from innerText.
VISIBLE_WORDS = "() => document.body.innerText.split(/\\s+/).filter((w) => /\\w/.test(w)).length"


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    return School.objects.get(name=DEMO_SCHOOL)


def open_advice(new_page, base: str, school: School):
    page = new_page()
    log_in(page, base, "fm.vincentius", DEMO_PASSWORD, lands_on="/scholen/")
    page.goto(base + reverse("schools:school-advice", args=[school.pk]))
    return page


def test_the_demo_school_reads_what_to_do_first_with_a_route_a_step_and_a_contact(
    live_server, new_page, demo
):
    page = open_advice(new_page, live_server.url, demo)

    block = page.get_by_role("region", name="Wat nu doen?")
    routes = block.locator(".advice-decision__route")
    assert 1 <= routes.count() <= 3
    top = routes.first
    title = top.get_by_role("heading").inner_text()
    step = top.locator(".advice-decision__step").inner_text()
    contact = top.locator(".advice-decision__contact").inner_text()
    assert step.startswith("Eerste stap: ") and len(step) > len("Eerste stap: ") + 10
    assert contact.startswith("Contact: ") and len(contact) > len("Contact: ") + 2
    # The top route is one of the page's route cards, recommended or possible, with that step.
    code = top.get_attribute("data-route")
    card = page.locator(f"#traject-{code}")
    assert card.locator("h3").inner_text() in title
    assert card.locator(".status-badge").first.inner_text().strip() in (
        "✔ Aanbevolen",
        "◐ Mogelijk",
    )
    assert step in card.inner_text()
    # The contact named is one of the route's contacts, one click away on the card.
    card.locator("summary").click()
    assert contact.removeprefix("Contact: ").split(" · ")[0] in card.inner_text()


def test_the_demo_school_page_is_short_with_details_closed_and_every_detail_reachable(
    live_server, new_page, demo
):
    page = open_advice(new_page, live_server.url, demo)

    words = page.evaluate(VISIBLE_WORDS)
    assert words <= WORD_LIMIT, words
    closed = page.locator("details.advice-details")
    assert closed.count() >= 10
    sources_before = page.get_by_text("Rechtsgrond en bronnen").filter(visible=True).count()
    for i in range(closed.count()):
        closed.nth(i).locator("summary").click()
    assert page.evaluate(VISIBLE_WORDS) > 3 * words
    assert page.get_by_text("Rechtsgrond en bronnen").filter(visible=True).count() > sources_before

    audit = Audit()
    audit(page, "advice with every detail open")
    audit.check()


def test_the_demo_board_table_fits_1280_pixels_without_sideways_scrolling(
    live_server, new_page, demo
):
    page = new_page()
    log_in(page, live_server.url, "bestuur.meetjesland", DEMO_PASSWORD, lands_on="/scholen/")
    page.goto(live_server.url + reverse("schools:board-detail", args=[demo.board_id]))

    box = page.locator(".board-table-scroll")
    assert box.evaluate("(el) => el.scrollWidth <= el.clientWidth")
    together = page.get_by_role("columnheader", name="Alle scholen samen")
    assert together.is_visible()
    right = together.evaluate("(el) => el.getBoundingClientRect().right")
    assert right <= box.evaluate("(el) => el.getBoundingClientRect().right") + 1
