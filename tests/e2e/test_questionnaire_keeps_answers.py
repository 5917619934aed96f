"""In Chromium: typed answers survive every way out of a step, "weet ik niet" takes an answer
back, a visitor gets advice and a PDF without an account, and the new pages pass axe-core.

The demo-school test also measures how long the browser takes to fill in the whole
questionnaire and prints it with the number of questions and steps (a figure for the report;
no assertion on time).
"""

from __future__ import annotations

import io
import time

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.management import call_command
from pypdf import PdfReader

from schools.management.commands.load_demo import DEMO_PASSWORD
from schools.models import Board, QuestionnaireVersion, School, SchoolMembership, User
from schools.questionnaire import QUESTION_COUNT, STEP_CODES
from tests.e2e.browsing import log_in
from tests.factories import PASSWORD, make_board, make_school, make_user, submit_answers
from tests.pathways.admin.conftest import GHENT_ANSWERS

from .test_accessibility import Audit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_rules", verbosity=0)
    cache.clear()
    board = make_board(enterprise_number="0403170701")
    school = make_school(board, "Sint-Jozefschool", "012345")
    manager = make_user("fm.sintjozef", first_name="Sofie", last_name="Claes")
    SchoolMembership.objects.create(user=manager, school=school)
    return {"school": school, "manager": manager}


def step(base: str, school, code: str) -> str:
    return f"{base}/scholen/{school.pk}/vragenlijst/{code}/"


def test_typed_answers_survive_vorige_stap_and_the_step_list(live_server, new_page, shot, cast):
    base, school = live_server.url, cast["school"]
    page = new_page()
    log_in(page, base, "fm.sintjozef")
    page.goto(step(base, school, "employment"))
    page.fill("#id_planned_target_group_fte", "twee")  # a typing slip
    page.check("#id_open_vacancy_0")
    page.get_by_role("button", name="Vorige stap").click()
    assert page.url == step(base, school, "contracts")
    assert "klopt nog iets niet" in page.inner_text("main")

    # Valid typing on another step survives the step list too.
    page.get_by_role("navigation", name="Stappen van de vragenlijst").get_by_role(
        "button", name="Facilitair werk"
    ).click()
    page.fill("#id_hours_cleaning", "35")
    nav = page.get_by_role("navigation", name="Stappen van de vragenlijst")
    nav.get_by_role("button", name="Stages").click()
    assert page.url == step(base, school, "stages")
    nav = page.get_by_role("navigation", name="Stappen van de vragenlijst")
    assert "bevat fouten" in nav.inner_text()
    nav.get_by_role("button", name="Facilitair werk").click()
    assert page.input_value("#id_hours_cleaning") == "35"

    page.get_by_role("navigation", name="Stappen van de vragenlijst").get_by_role(
        "button", name="Zelf werkgever zijn"
    ).click()
    assert page.input_value("#id_planned_target_group_fte") == "twee"
    assert page.is_checked("#id_open_vacancy_0")
    assert page.locator('div[role="alert"]').is_visible()
    shot(page, "20-onbewaarde-stap-terug")
    page.fill("#id_planned_target_group_fte", "2")
    page.get_by_role("button", name="Opslaan en verder").click()
    draft = QuestionnaireVersion.objects.get(school=school)
    assert draft.answers["planned_target_group_fte"] == 2
    assert draft.answers["open_vacancy"] is True
    assert draft.answers["hours_cleaning"] == 35


def test_typed_answers_survive_an_expired_session(live_server, new_page, shot, cast):
    base, school = live_server.url, cast["school"]
    page = new_page()
    log_in(page, base, "fm.sintjozef")
    page.goto(step(base, school, "employment"))
    page.fill("#id_planned_target_group_fte", "3")
    page.check("#id_open_to_hire_target_group_0")
    Session.objects.all().delete()  # the session ends on the server meanwhile
    page.get_by_role("button", name="Opslaan en verder").click()

    assert "/accounts/login/" in page.url
    assert "sessie was afgelopen" in page.inner_text("main")
    shot(page, "21-sessie-verlopen")
    page.fill("#id_username", "fm.sintjozef")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()

    assert page.url == step(base, school, "employment")
    assert "toen uw sessie afliep" in page.inner_text("main")
    assert page.input_value("#id_planned_target_group_fte") == "3"
    assert page.is_checked("#id_open_to_hire_target_group_0")
    assert not QuestionnaireVersion.objects.filter(school=school).exists()
    page.get_by_role("button", name="Opslaan en verder").click()
    assert QuestionnaireVersion.objects.get(school=school).answers["planned_target_group_fte"] == 3


def test_weet_ik_niet_clears_an_answer_and_the_advice_shows_the_route_needing_answers(
    live_server, new_page, shot, cast
):
    base, school = live_server.url, cast["school"]
    submit_answers(school, cast["manager"], GHENT_ANSWERS)
    page = new_page()
    log_in(page, base, "fm.sintjozef")
    page.goto(f"{base}/scholen/{school.pk}/advies/")
    card = page.locator("#traject-ibo")
    assert "Antwoorden nodig" not in card.inner_text()

    page.goto(step(base, school, "employment"))
    page.get_by_role("group", name="Neemt het schoolbestuur facilitair personeel").get_by_label(
        "Weet ik (nog) niet"
    ).check()
    page.get_by_role("button", name="Opslaan en verder").click()
    assert (
        "own_payroll_staff"
        not in QuestionnaireVersion.objects.get(school=school, status="draft").answers
    )

    page.goto(f"{base}/scholen/{school.pk}/advies/")
    assert "Er is een nieuwer concept" in page.inner_text("main")
    page.get_by_role("link", name="Het concept afwerken").click()
    page.goto(f"{base}/scholen/{school.pk}/vragenlijst/controle/")
    review = page.inner_text("main")
    assert "vragen zijn nog open" in review
    assert "Individuele beroepsopleiding" in review
    shot(page, "22-controle-open-vragen")
    page.get_by_role("button", name="Indienen en advies bekijken").click()
    card = page.locator("#traject-ibo")
    assert "Antwoorden nodig" in card.inner_text()
    assert "Neemt het schoolbestuur facilitair personeel" in card.inner_text()
    shot(page, "23-advies-antwoorden-nodig")


def school_tables() -> tuple[int, ...]:
    return tuple(
        m.objects.count() for m in (Board, School, QuestionnaireVersion, SchoolMembership, User)
    )


def test_a_visitor_without_an_account_gets_the_advice_and_a_pdf_and_nothing_is_stored(
    live_server, new_page, shot, cast
):
    base = live_server.url
    before = school_tables()
    page = new_page()
    page.goto(base + "/")
    page.get_by_role("link", name="Snelle scan zonder account").click()
    assert "Wat we bewaren en wat niet" in page.inner_text("main")
    page.get_by_role("link", name="Start de snelle scan").click()
    page.get_by_label("Vrij gesubsidieerd schoolbestuur (vzw)").check()
    page.fill("#id_postcode", "9000")
    page.fill("#id_pupils", "320")
    page.fill("#id_campuses", "1")
    page.get_by_role("button", name="Verder").click()
    page.fill("#id_hours_cleaning", "60")
    page.check("#id_provider_cleaning_1")
    page.get_by_role("button", name="Verder").click()
    page.fill("#id_outsourced_contract_value", "45.000")
    page.get_by_role("button", name="Verder").click()
    page.check("#id_own_payroll_staff_0")
    page.check("#id_open_to_hire_target_group_0")
    page.get_by_role("navigation", name="Stappen van de snelle scan").get_by_role(
        "button", name="Controleer uw antwoorden"
    ).click()
    assert "vragen zijn nog open" in page.inner_text("main")
    page.get_by_role("link", name="Advies bekijken").click()
    assert "Advies van de snelle scan" in page.inner_text("main")
    shot(page, "24-snelle-scan-advies")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Volledig rapport (PDF)").click()
    pdf = PdfReader(io.BytesIO(open(download_info.value.path(), "rb").read()))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "Snelle scan" in text
    assert "Doelgroepvermindering" in text
    assert school_tables() == before


def test_the_new_pages_have_no_serious_accessibility_violations(live_server, new_page, cast):
    base, school = live_server.url, cast["school"]
    audit = Audit()
    page = new_page()
    page.goto(f"{base}/snelle-scan/")
    audit(page, "scan start")
    page.get_by_role("link", name="Start de snelle scan").click()
    audit(page, "scan step 1")
    page.fill("#id_pupils", "veel")
    page.get_by_role("button", name="Verder").click()
    audit(page, "scan step with an error")
    page.goto(f"{base}/snelle-scan/current/")
    audit(page, "scan last step with explained measures")
    page.goto(f"{base}/snelle-scan/controle/")
    audit(page, "scan check page")
    page.goto(f"{base}/snelle-scan/advies/")
    audit(page, "scan advice")

    page = new_page()
    log_in(page, base, "fm.sintjozef")
    audit(page, "school list with a first action")
    page.goto(step(base, school, "facility"))
    page.fill("#id_hours_maintenance", "1200")
    page.get_by_role("button", name="Opslaan en later verdergaan").click()
    page.goto(step(base, school, "facility"))
    assert "Klopt dit?" in page.inner_text("main")
    audit(page, "step with a plausibility warning")
    page.fill("#id_hours_cleaning", "-1")
    page.get_by_role("button", name="Vorige stap").click()
    page.goto(step(base, school, "facility"))
    audit(page, "step shown again with unsaved input")
    page.goto(f"{base}/scholen/{school.pk}/vragenlijst/controle/")
    audit(page, "check page with open questions and warnings")
    audit.check()


def test_filling_in_the_demo_school_in_the_browser(live_server, new_page, shot, settings):
    """Fill in the whole questionnaire for the demo school that has not started, and print
    the browser's time with the number of questions and steps."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_rules", verbosity=0)
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    base = live_server.url
    page = new_page()
    log_in(page, base, "fm.klimop", DEMO_PASSWORD)
    assert page.url == f"{base}/scholen/"
    started = time.monotonic()
    page.get_by_role("link", name="Vragenlijst starten").click()
    pages = 0
    for code in STEP_CODES:
        assert f"/vragenlijst/{code}/" in page.url
        pages += 1
        if code == "facility":
            for task, hours, provider in (
                ("cleaning", "64", 1),
                ("maintenance", "16", 0),
                ("grounds", "6", 1),
                ("sports", "0", 4),
                ("catering", "10", 1),
                ("supervision", "0", 3),
            ):
                page.fill(f"#id_hours_{task}", hours)
                page.check(f"#id_provider_{task}_{provider}")
        elif code == "contracts":
            page.fill("#id_outsourced_contract_value", "38.000")
            page.fill("input[name=contract_end_date_day]", "31")
            page.fill("input[name=contract_end_date_month]", "8")
            page.fill("input[name=contract_end_date_year]", "2027")
        elif code != "school":
            for radio in page.locator("fieldset.question").all():
                first = radio.locator("input[type=radio]")
                if first.count():
                    first.first.check()
            for number in page.locator("input[inputmode=decimal]").all():
                number.fill("1")
        # The first step only shows the school's record: nothing to save there.
        name = "Verder" if code == "school" else "Opslaan en"
        page.get_by_role("button", name=name).first.click()
    assert "Controleer uw antwoorden" in page.inner_text("main")
    page.get_by_role("button", name="Indienen en advies bekijken").click()
    elapsed = time.monotonic() - started
    assert "/advies/" in page.url
    shot(page, "25-demo-klimop-advies")
    print(
        f"\nDemo school filled in by the browser: {QUESTION_COUNT} questions, "
        f"{len(STEP_CODES)} steps ({pages} pages), {elapsed:.1f} s of browser time"
    )
