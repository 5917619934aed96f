"""Board staff read the overview of a board with many schools on a 1280 px wide screen."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from schools.models import BoardMembership, QuestionnaireVersion
from tests.factories import PASSWORD, make_board, make_school, make_user
from tests.schools.rules import BIG_SCHOOL, SMALL_SCHOOL

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAMES = [
    "Vrije Basisschool Sint-Jozef Drongen",
    "Sint-Lievenscollege Secundair Onderwijs",
    "Basisschool Heilig Hart Mariakerke",
    "Technisch Instituut Sint-Vincentius",
    "Vrije Kleuter- en Lagere School De Regenboog",
    "Onze-Lieve-Vrouwecollege Campus Zwijnaarde",
]


@pytest.fixture
def board_staff():
    call_command("load_rules", verbosity=0)
    board = make_board(enterprise_number="0403170701")
    for i, name in enumerate(NAMES):
        school = make_school(board, name, f"{300000 + i}")
        QuestionnaireVersion.objects.create(
            school=school,
            number=1,
            answers=BIG_SCHOOL if i % 2 else SMALL_SCHOOL,
            status="submitted",
        )
    user = make_user("staf.leiestreek", email="")
    BoardMembership.objects.create(user=user, board=board)
    return board


def test_a_wide_board_table_scrolls_in_its_box_and_keeps_the_route_column(
    live_server, new_page, shot, board_staff
):
    page = new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "staf.leiestreek")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.goto(live_server.url + reverse("schools:board-detail", args=[board_staff.pk]))
    shot(page, "board-overview-1280")

    # The page itself does not get wider than the screen; the table scrolls in its own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    box = page.locator(".board-table-scroll")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    assert page.get_by_text("Schuif ze opzij; de kolom met de trajecten blijft staan.").is_visible()

    # Scrolled to the end, the last column is in view and the route names are still there.
    box.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    together = page.locator(".board-table thead th").last
    assert together.inner_text() == "Alle scholen samen"
    together_box = together.bounding_box()
    assert together_box["x"] + together_box["width"] <= 1280
    route_cell = page.locator(".board-table tbody th").first
    assert abs(route_cell.bounding_box()["x"] - box.bounding_box()["x"]) < 2
    shot(page, "board-overview-1280-scrolled")
