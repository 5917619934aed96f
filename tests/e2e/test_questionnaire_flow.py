"""A facility manager fills in the questionnaire and sees the advice; board staff see the board."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from schools.models import BoardMembership, SchoolMembership
from tests.e2e.browsing import log_in
from tests.factories import make_board, make_school, make_user, submit_answers

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cast():
    call_command("load_rules", verbosity=0)
    board = make_board(enterprise_number="0403170701")
    other = make_board(
        "Stad Aalst",
        board_type="municipality",
        legal_form="public_law",
        enterprise_number="0207437468",
    )
    school = make_school(board, "Sint-Jozefschool", "012345")
    make_school(board, "Heilig Hartschool", "012346", postcode="9050", pupils=150)
    foreign = make_school(
        other,
        "Stedelijke Basisschool De Vlieger",
        "054321",
        network="ogo",
        postcode="9300",
        municipality="Aalst",
        pupils=200,
    )

    manager = make_user("fm.sintjozef", first_name="Sofie", last_name="Claes")
    SchoolMembership.objects.create(user=manager, school=school)
    staff = make_user("staf.leiestreek")
    BoardMembership.objects.create(user=staff, board=board)
    stranger = make_user("fm.devlieger")
    SchoolMembership.objects.create(user=stranger, school=foreign)
    return {
        "board": board,
        "school": school,
        "manager": manager,
        "staff": staff,
        "stranger": stranger,
    }


def test_a_facility_manager_fills_in_the_questionnaire_and_sees_the_advice(
    live_server, new_page, shot, cast
):
    base = live_server.url
    school = cast["school"]
    page = new_page()
    log_in(page, base, "fm.sintjozef")
    assert page.url == f"{base}/scholen/"
    page.get_by_role("link", name="Sint-Jozefschool", exact=True).click()
    shot(page, "01-school")
    page.get_by_role("link", name="Vragenlijst invullen").click()
    assert "Stap 1 van 8" in page.content()
    shot(page, "02-stap-1-school")
    page.get_by_role("button", name="Verder", exact=True).click()

    # Step 2: a refused answer, then corrected.
    assert "Stap 2 van 8" in page.content()
    page.fill("#id_hours_cleaning", "-5")
    page.fill("#id_hours_maintenance", "12,5")
    page.get_by_role("button", name="Opslaan en verder").click()
    summary = page.locator('div[role="alert"]')
    assert summary.is_visible()
    assert "Moet minstens 0 zijn." in summary.inner_text()
    assert page.input_value("#id_hours_maintenance") == "12,5"
    shot(page, "03-stap-2-fout")
    summary.get_by_role("link").first.click()
    assert page.url.endswith("#id_hours_cleaning")
    page.fill("#id_hours_cleaning", "200")
    page.check("#id_provider_cleaning_1")
    page.get_by_role("button", name="Opslaan en verder").click()

    # Step 3: the contracts, left open for now.
    assert "Stap 3 van 8" in page.content()
    page.get_by_role("button", name="Opslaan en verder").click()

    # Step 4: answer one question and leave.
    assert "Stap 4 van 8" in page.content()
    page.check("#id_open_to_hire_target_group_0")
    page.get_by_role("button", name="Opslaan en later verdergaan").click()
    assert page.url == f"{base}/scholen/{school.pk}/"
    assert "bewaard als concept" in page.content()

    # Come back later: the draft is still there.
    page.get_by_role("link", name="Verdergaan waar u gebleven was").click()
    assert page.url == f"{base}/scholen/{school.pk}/vragenlijst/employment/"
    page.goto(f"{base}/scholen/{school.pk}/vragenlijst/employment/")
    assert page.is_checked("#id_open_to_hire_target_group_0")
    page.goto(f"{base}/scholen/{school.pk}/vragenlijst/facility/")
    assert page.input_value("#id_hours_cleaning") == "200"

    page.goto(f"{base}/scholen/{school.pk}/vragenlijst/controle/")
    assert "Controleer uw antwoorden" in page.content()
    shot(page, "04-controle")
    page.get_by_role("button", name="Indienen en advies bekijken").click()
    assert page.url == f"{base}/scholen/{school.pk}/advies/"
    text = page.inner_text("main")
    assert "gebaseerd op vragenlijst versie 1 van" in text
    assert "Antwoorden nodig" in text
    shot(page, "05-advies")


def test_board_staff_see_the_board_overview(live_server, new_page, shot, cast):
    submit_answers(cast["school"], cast["manager"], {"hours_cleaning": 100})
    page = new_page()
    log_in(page, live_server.url, "staf.leiestreek")
    page.get_by_role("link", name="Vrije Scholen Leiestreek vzw").click()
    text = page.inner_text("main")
    assert "Trajecten per school" in text
    assert "Alle scholen samen" in text
    assert "Wat de scholen samen bereiken" in text
    shot(page, "06-bestuur")


def test_a_facility_manager_of_another_board_cannot_open_the_board(
    live_server, new_page, shot, cast
):
    page = new_page()
    log_in(page, live_server.url, "fm.devlieger")
    response = page.goto(f"{live_server.url}/besturen/{cast['board'].pk}/")
    assert response.status == 404
    assert "Vrije Scholen Leiestreek" not in page.content()
    shot(page, "07-vreemd-bestuur-404")
