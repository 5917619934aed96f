"""Outline buttons look like actions in Chromium: the link colour for text and border, a filled
hover, a solid keyboard focus ring, WCAG AA contrast in each state; a real disabled button still
looks disabled. Measured on the pages that carry them: a school's advice (report buttons), its
questionnaire ("Opslaan en later verdergaan", "Vorige stap") and the board page (ZIP button)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from schools.models import BoardMembership, QuestionnaireVersion, SchoolMembership
from tests.e2e.browsing import log_in
from tests.factories import make_board, make_school, make_user
from tests.pathways.admin.conftest import GHENT_ANSWERS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LINK = "rgb(10, 88, 202)"  # #0a58ca, the site's link colour
GREY = "rgb(108, 117, 125)"  # #6c757d, Bootstrap's secondary grey: read as disabled
WHITE = "rgb(255, 255, 255)"

# The computed look of an element, and the WCAG contrast ratio of its text on its background.
LOOK = """(el) => {
    const s = getComputedStyle(el);
    const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const lum = (c) => {
        const [r, g, b] = rgb(c).map((v) => {
            v /= 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    // The background shown behind the text: the nearest one that is not transparent.
    let behind = el;
    while (behind && /^rgba\\(.*, 0\\)$/.test(getComputedStyle(behind).backgroundColor)) {
        behind = behind.parentElement;
    }
    const shown = behind ? getComputedStyle(behind).backgroundColor : "rgb(255, 255, 255)";
    const [hi, lo] = [lum(s.color), lum(shown)].sort((a, b) => b - a);
    return {
        color: s.color,
        background: s.backgroundColor,
        border: s.borderTopColor,
        borderWidth: s.borderTopWidth,
        borderStyle: s.borderTopStyle,
        outlineStyle: s.outlineStyle,
        outlineWidth: s.outlineWidth,
        opacity: s.opacity,
        textDecoration: s.textDecorationLine,
        contrast: (hi + 0.05) / (lo + 0.05),
    };
}"""


@pytest.fixture
def cast():
    call_command("load_rules", verbosity=0)
    board = make_board(enterprise_number="0403170701")
    school = make_school(board, "Sint-Jozefschool", "012345")
    QuestionnaireVersion.objects.create(
        school=school, number=1, answers=GHENT_ANSWERS, status="submitted"
    )
    manager = make_user("fm.sintjozef")
    SchoolMembership.objects.create(user=manager, school=school)
    BoardMembership.objects.create(user=manager, board=board)
    return {"board": board, "school": school}


def look(locator) -> dict:
    return locator.evaluate(LOOK)


def assert_actionable(button) -> None:
    """An outline button at rest, hovered and focused by keyboard."""
    button.scroll_into_view_if_needed()
    rest = look(button)
    assert (rest["color"], rest["border"]) == (LINK, LINK), rest
    assert rest["borderWidth"] == "2px" and rest["background"] == WHITE, rest
    assert rest["contrast"] >= 4.5, rest

    button.hover()
    hovered = look(button)
    assert (hovered["color"], hovered["background"]) == (WHITE, LINK), hovered
    assert hovered["contrast"] >= 4.5, hovered

    button.page.mouse.move(0, 0)
    button.focus()  # a programmatic focus after a key press shows :focus-visible
    focused = look(button)
    assert focused["outlineStyle"] == "solid" and focused["outlineWidth"] == "3px", focused


def test_outline_buttons_look_actionable_and_a_disabled_one_still_looks_disabled(
    live_server, new_page, cast
):
    base = live_server.url
    school, board = cast["school"], cast["board"]
    page = new_page()
    page.emulate_media(reduced_motion="reduce")  # no colour transition to wait for
    log_in(page, base, "fm.sintjozef", lands_on="/scholen/")

    page.goto(base + reverse("schools:school-advice", args=[school.pk]))
    page.keyboard.press("Shift")  # the last input was the keyboard: focus shows as on Tab
    for name in ("Beslissingsnota (PDF, 2 blz.)", "Volledig rapport (PDF)"):
        assert_actionable(page.get_by_role("link", name=name))

    page.goto(base + reverse("schools:questionnaire-step", args=[school.pk, "facility"]))
    page.keyboard.press("Shift")
    later = page.get_by_role("button", name="Opslaan en later verdergaan")
    assert_actionable(later)
    previous = look(page.get_by_role("button", name="Vorige stap"))
    assert previous["color"] == LINK and previous["contrast"] >= 4.5, previous
    assert previous["textDecoration"].startswith("underline"), previous

    page.goto(base + reverse("schools:board-detail", args=[board.pk]))
    page.keyboard.press("Shift")
    zip_button = page.get_by_role("button", name="Alle rapporten van het bestuur (ZIP)")
    assert_actionable(zip_button)

    # A real disabled button (none is disabled today) stays grey, dashed and faded.
    zip_button.evaluate("(el) => { el.disabled = true; }")
    page.mouse.move(0, 0)
    disabled = look(zip_button)
    assert zip_button.is_disabled()
    assert disabled["color"] != LINK and disabled["border"] == GREY, disabled
    assert disabled["borderStyle"] == "dashed" and float(disabled["opacity"]) < 1, disabled
