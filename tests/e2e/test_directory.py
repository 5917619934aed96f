"""'Wie kan helpen?' in Chromium: walked by municipality and service with the keyboard, on a
desktop and a phone screen, with axe-core finding no serious or critical WCAG violation."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from schools.models import BoardMembership, QuestionnaireVersion, SchoolMembership
from tests.e2e.browsing import log_in
from tests.e2e.test_accessibility import SERIOUS, Audit
from tests.factories import make_board, make_school, make_user
from tests.pathways.admin.conftest import GHENT_ANSWERS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def directory(db):
    call_command("load_directory", demo=True, verbosity=0)


def result_names(page) -> list[str]:
    return page.locator(".directory-list .directory-org strong").all_inner_texts()


def test_wie_kan_helpen_is_walked_by_municipality_and_service_with_the_keyboard(
    live_server, new_page, directory
):
    audit = Audit()
    page = new_page()
    page.goto(live_server.url + reverse("directory:list"))
    audit(page, "directory all", SERIOUS)
    assert "Herwin" in result_names(page)

    # Keyboard only: focus the municipality list, type to choose, Tab on, submit with Enter.
    page.focus("#id_gemeente")
    page.keyboard.type("Eeklo")
    assert page.eval_on_selector("#id_gemeente", "el => el.selectedOptions[0].text") == "Eeklo"
    page.keyboard.press("Tab")  # service
    page.keyboard.type("Schoonmaak")
    page.keyboard.press("Tab")  # route
    page.keyboard.press("Tab")  # submit button
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    page.wait_for_url("**gemeente=43005**")
    names = result_names(page)
    assert names[0] == "Voorbeeld-maatwerkbedrijf Meetjesland"  # nearest: its arrondissement
    assert "Voorbeeld-coöperatie Groen en Sport" not in names  # offers no cleaning
    assert "Voorbeeld-OCMW Dilbeek" not in names  # another municipality
    assert "in uw arrondissement" in page.inner_text(".directory-list")
    audit(page, "directory Eeklo cleaning", SERIOUS)

    # A merged municipality: a school in Merelbeke-Melle finds the page of former Melle.
    page.select_option("#id_gemeente", label="Merelbeke-Melle")
    page.select_option("#id_dienst", value="")
    page.select_option("#id_traject", value="wijkwerken")
    page.get_by_role("button", name="Toon organisaties").click()
    page.wait_for_url("**traject=wijkwerken**")
    names = result_names(page)
    assert names[0] == "Wijk-werken in Melle (zitdag bij het OCMW)"
    assert "VDAB" in names
    audit(page, "directory Merelbeke-Melle wijk-werken", SERIOUS)
    audit.check()


def test_a_brussels_school_finds_its_municipality_and_whom_to_call_for_an_ibo(
    live_server, new_page, directory
):
    audit = Audit()
    page = new_page()
    page.goto(live_server.url + reverse("directory:list"))
    page.focus("#id_gemeente")
    page.keyboard.type("Ganshoren")
    assert page.eval_on_selector("#id_gemeente", "el => el.selectedOptions[0].text") == (
        "Ganshoren"
    )
    page.select_option("#id_traject", value="ibo")
    page.get_by_role("button", name="Toon organisaties").click()
    page.wait_for_url("**gemeente=21008**")
    names = result_names(page)
    assert {"Actiris", "Tracé Brussel", "VDAB Brussel"} <= set(names[:3])
    assert names.index("VDAB Brussel") < names.index("VDAB")  # the region before Flanders
    assert "in het Brussels Hoofdstedelijk Gewest" in page.inner_text(".directory-list")
    audit(page, "directory Ganshoren ibo", SERIOUS)
    audit.check()


def test_wie_kan_helpen_fits_a_phone_screen(live_server, browser, directory):
    context = browser.new_context(
        locale="nl-BE", viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("directory:list") + "?gemeente=43005&dienst=grounds")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls {overflow}px sideways on a phone"
    button = page.get_by_role("button", name="Toon organisaties").bounding_box()
    assert button["height"] >= 24 and button["width"] >= 24
    assert "Voorbeeld-coöperatie Groen en Sport" in result_names(page)
    audit = Audit()
    audit(page, "directory phone", SERIOUS)
    audit.check()
    context.close()


def test_the_starter_kit_and_the_board_organisations_meet_wcag_aa(
    live_server, new_page, directory, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_rules", verbosity=0)
    board = make_board(enterprise_number="0403170701")
    school = make_school(board, "Sint-Jozefschool", "012345", postcode="9900", municipality="")
    QuestionnaireVersion.objects.create(
        school=school, number=1, answers=GHENT_ANSWERS, status="submitted"
    )
    SchoolMembership.objects.create(user=make_user("fm.sintjozef"), school=school)
    BoardMembership.objects.create(user=make_user("staf.leiestreek"), board=board)
    audit = Audit()

    page = new_page()
    log_in(page, live_server.url, "fm.sintjozef", lands_on="/scholen/")
    page.goto(live_server.url + reverse("schools:school-advice", args=[school.pk]))
    # The organisations sit behind each card's disclosure, beside the contacts.
    organisations = page.locator(".advice-organisations").first
    organisations.locator("xpath=ancestor::details").locator("summary").click()
    assert "Voorbeeld-maatwerkbedrijf Meetjesland" in organisations.inner_text()
    audit(page, "advice with organisations", SERIOUS)
    page.get_by_role("link", name="Startpakket: eerste e-mails en een ontwerpclausule").click()
    link = page.get_by_role(
        "link",
        name="E-mail aan Voorbeeld-maatwerkbedrijf Meetjesland opstellen "
        "(Diensten kopen bij de sociale economie)",
        exact=True,
    )
    assert link.get_attribute("href").startswith("mailto:offerte@voorbeeld.example?subject=")
    audit(page, "starter kit", SERIOUS)
    with page.expect_download() as download:
        page.get_by_role("link", name="Ontwerp sociale clausule, DOCX").click()
    assert download.value.suggested_filename == "ontwerp-sociale-clausule.docx"

    staff = new_page()
    log_in(staff, live_server.url, "staf.leiestreek", lands_on="/scholen/")
    staff.goto(live_server.url + reverse("directory:board-organisations", args=[board.pk]))
    assert "Sint-Jozefschool" in staff.inner_text("main")
    audit(staff, "board organisations", SERIOUS)
    audit.check()
