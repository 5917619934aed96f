"""In Chromium: the facility manager's and the board's list pages fit a phone (390 px wide, no
sideways scrolling of the page), and every page offers the language choice, which sticks.

Screenshots go to test-artifacts/e2e/.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from schools.models import BoardMembership, QuestionnaireVersion, SchoolMembership
from tests.e2e.browsing import log_in
from tests.factories import make_board, make_school, make_user
from tests.schools.rules import SMALL_SCHOOL

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def board():
    call_command("load_rules", verbosity=0)
    board = make_board("Vrije Scholengroep Meetjesland en Leiestreek vzw")
    for i, name in enumerate(
        [
            "Sint-Vincentiusinstituut Secundair Onderwijs Eeklo",
            "Vrije Basisschool De Regenboog Maldegem",
            "Sint-Annaschool Assenede",
        ]
    ):
        school = make_school(board, name, f"{126400 + i}")
        QuestionnaireVersion.objects.create(
            school=school, number=1, answers=SMALL_SCHOOL, status="submitted"
        )
    staff = make_user("bestuur.telefoon")
    BoardMembership.objects.create(user=staff, board=board)
    manager = make_user("fm.telefoon")
    SchoolMembership.objects.create(user=manager, school=board.schools.first())
    return board


@pytest.fixture
def phone(browser):
    contexts = []

    def open_page():
        context = browser.new_context(locale="nl-BE", viewport=PHONE)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("username", ["bestuur.telefoon", "fm.telefoon"])
def test_my_schools_fits_a_phone_and_its_button_is_whole(live_server, phone, shot, board, username):
    page = phone()
    log_in(page, live_server.url, username, lands_on="/scholen/")
    shot(page, f"school-list-390-{username}")

    assert page_width(page) <= PHONE["width"]
    button = page.locator("main a.btn").first
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    # Each row still names its columns, now that the headings are out of sight.
    cell = page.locator("main tbody tr").first.locator("td").nth(1)
    assert cell.inner_text() == "Ingediend (versie 1)"
    label = cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Vragenlijst: "'


def test_the_board_pages_fit_a_phone(live_server, phone, shot, board):
    page = phone()
    log_in(page, live_server.url, "bestuur.telefoon", lands_on="/scholen/")
    for name, url in [
        ("board", reverse("schools:board-detail", args=[board.pk])),
        ("board-invite", reverse("schools:board-invite", args=[board.pk])),
        ("scan-start", reverse("scan:start")),
    ]:
        page.goto(live_server.url + url)
        shot(page, f"{name}-390")
        assert page_width(page) <= PHONE["width"], name


def test_choosing_english_shows_english_pages_and_the_choice_sticks(
    live_server, new_page, shot, board
):
    page = new_page()  # the browser asks for Dutch (nl-BE)
    log_in(page, live_server.url, "fm.telefoon", lands_on="/scholen/")
    choice = page.get_by_label("Taal")
    assert choice.locator("option[lang='en']").inner_text() == "English"
    assert choice.locator("option[lang='nl-be']").inner_text() == "Nederlands"

    choice.select_option(label="English")
    page.get_by_role("button", name="Kiezen").click()
    page.wait_for_url(f"{live_server.url}/scholen/")  # the same page, now in English
    assert page.locator("h1").inner_text() == "My schools"
    assert page.locator("html").get_attribute("lang") == "en"
    shot(page, "school-list-english")

    # Another page, and the quick scan, stay in English; the choice can be undone.
    page.goto(live_server.url + reverse("scan:start"))
    assert page.locator("h1").inner_text() == "Quick scan without an account"
    choice = page.get_by_label("Language")
    choice.select_option(label="Nederlands")
    page.get_by_role("button", name="Choose").click()
    page.wait_for_url(live_server.url + reverse("scan:start"))
    assert page.locator("h1").inner_text() == "Snelle scan zonder account"


def test_the_browser_gets_the_icon_at_favicon_ico(live_server, new_page):
    page = new_page()
    response = page.request.get(f"{live_server.url}/favicon.ico")
    assert response.status == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert response.text().startswith("<svg ")


def test_the_language_choice_works_without_javascript(live_server, browser, board):
    context = browser.new_context(locale="nl-BE", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + reverse("scan:start"))
        page.get_by_label("Taal").select_option("en")
        page.get_by_role("button", name="Kiezen").click()
        page.wait_for_url(live_server.url + reverse("scan:start"))
        assert page.locator("h1").inner_text() == "Quick scan without an account"
    finally:
        context.close()
