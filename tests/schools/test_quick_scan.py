"""The quick scan: a visitor without an account answers, sees the advice and its PDF."""

from __future__ import annotations

import io
import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from pathways.engine.facts import FACTS_BY_CODE
from schools import scan
from schools.models import (
    Board,
    QuestionnaireVersion,
    ScanRequestCount,
    School,
    SchoolMembership,
    User,
)
from tests.checks import page_html
from tests.factories import PASSWORD, submit_answers

from .conftest import client_for
from .rules import BIG_SCHOOL
from .test_advice_pages import advice_url, text_of


def school_table_counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Board, School, QuestionnaireVersion, SchoolMembership, User)
    )


def fill_scan(client: Client, postcode: str = "9000") -> None:
    client.post(
        reverse("scan:step", args=["school"]),
        {
            "revision": 0,
            "board_type": "vzw",
            "postcode": postcode,
            "pupils": "320",
            "campuses": "1",
        },
    )
    client.post(
        reverse("scan:step", args=["facility"]),
        {"revision": 0, "hours_cleaning": "60", "provider_cleaning": "contractor"},
    )
    client.post(
        reverse("scan:step", args=["employment"]),
        {"revision": 0, "open_to_hire_target_group": "true", "planned_target_group_fte": "1"},
    )


def test_the_scan_page_says_plainly_what_is_and_is_not_stored(db):
    html = Client().get(reverse("scan:start")).content.decode()
    assert "Wat we bewaren en wat niet" in html
    assert "We bewaren niets in de gegevens van een school" in html


@pytest.mark.slow  # renders the real PDF and reads it back
def test_a_visitor_gets_the_advice_and_its_pdf_and_nothing_is_written_to_the_school_tables(
    rules,
):
    before = school_table_counts()
    client = Client()
    fill_scan(client)
    review = client.get(reverse("scan:review")).content.decode()
    assert "Gent" in review or "9000" in review
    advice = client.get(reverse("scan:advice")).content.decode()
    assert 'id="traject-lokale_diensteneconomie"' in advice
    assert "Beantwoord nog deze vragen" in advice
    assert reverse("reports:scan-note-pdf") in advice and reverse("reports:scan-pdf") in advice
    response = client.get(reverse("reports:scan-pdf"))
    assert response["Content-Type"] == "application/pdf"
    full = PdfReader(io.BytesIO(response.content)).pages
    text = "".join(page.extract_text() for page in full)
    assert "Snelle scan" in text and "Toelichting" in text
    note = client.get(reverse("reports:scan-note-pdf"))
    assert 'filename="snelle-scan-beslissingsnota.pdf"' in note["Content-Disposition"]
    note_pages = PdfReader(io.BytesIO(note.content)).pages
    note_text = "".join(page.extract_text() for page in note_pages)
    assert len(note_pages) <= 2
    assert "Wat nu doen?" in note_pages[0].extract_text()
    # The full report adds the annexes to the note (with these few rules both fit on two pages).
    assert "Bijlage: de gebruikte antwoorden" in text
    assert "Bijlage" not in note_text
    assert school_table_counts() == before


def test_a_scan_step_left_with_an_error_keeps_the_typed_input(rules):
    client = Client()
    client.post(
        reverse("scan:step", args=["employment"]),
        {"revision": 0, "planned_target_group_fte": "veel", "goto": "facility"},
    )
    html = client.get(reverse("scan:step", args=["employment"])).content.decode()
    assert 'value="veel"' in html
    assert "Vul een getal in" in html


def test_after_login_the_user_chooses_to_keep_the_scan_for_their_school(rules, school, manager):
    client = Client()
    fill_scan(client)
    client.post(reverse("login"), {"username": manager.username, "password": PASSWORD})
    html = client.get(reverse("schools:school-list")).content.decode()
    assert "U hebt een snelle scan ingevuld" in html
    assert not QuestionnaireVersion.objects.filter(school=school).exists()

    response = client.post(reverse("scan:keep"), {"school": school.pk})
    assert response["Location"] == reverse("schools:questionnaire-review", args=[school.pk])
    draft = QuestionnaireVersion.objects.get(school=school)
    assert draft.is_draft
    assert draft.answers["hours_cleaning"] == 60
    assert "postcode" not in draft.answers  # the school's own record holds it
    client.get(reverse("schools:questionnaire-review", args=[school.pk]))  # reads the message
    html = client.get(reverse("schools:school-list")).content.decode()
    assert "U hebt een snelle scan ingevuld" not in html


def test_the_scan_cannot_be_kept_for_a_school_the_user_may_not_fill_in(
    rules, school, foreign_school, manager
):
    client = client_for(manager)
    fill_scan(client)
    response = client.post(reverse("scan:keep"), {"school": foreign_school.pk})
    assert response.status_code == 404
    assert not QuestionnaireVersion.objects.exists()


def test_the_scan_is_rate_limited_per_client(rules, monkeypatch, quick_render):
    monkeypatch.setattr(scan, "PDF_LIMIT", (2, 3600))
    client = Client()
    assert client.get(reverse("reports:scan-pdf")).status_code == 200
    assert client.get(reverse("reports:scan-pdf")).status_code == 200
    response = client.get(reverse("reports:scan-pdf"))
    assert response.status_code == 429
    assert "Even geduld" in response.content.decode()
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert other.get(reverse("scan:start")).status_code == 200


LIMITED = (
    "Vanaf dit internetadres werden de laatste tijd erg veel pagina’s of PDF’s van de snelle "
    "scan gevraagd."
)


def wait_out_a_window_ending_within(seconds: float, window: int) -> None:
    """Sleep into the next rate-limit period when this one ends within ``seconds``.

    The periods are fixed (epoch-aligned), so requests that straddle a period's end would be
    counted in two periods.
    """
    left = window - time.time() % window
    if left < seconds:
        time.sleep(left + 0.1)


def test_the_scan_pdf_is_allowed_ten_times_an_hour_and_the_eleventh_is_refused_in_dutch(
    rules, quick_render
):
    count, window = scan.PDF_LIMIT
    assert (count, window) == (10, 60 * 60)
    wait_out_a_window_ending_within(30, window)
    client = Client(REMOTE_ADDR="192.0.2.40")
    fill_scan(client)

    for n in range(1, 11):
        # The advice page the PDF is asked from is counted as a page, not as a PDF.
        assert client.get(reverse("scan:advice")).status_code == 200
        response = client.get(reverse("reports:scan-pdf"))
        assert response.status_code == 200, f"download {n} refused"
        assert response.content.startswith(b"%PDF")
    refused = client.get(reverse("reports:scan-pdf"))

    assert refused.status_code == 429
    assert LIMITED in refused.content.decode()
    assert 1 <= int(refused["Retry-After"]) <= window
    assert (
        "minuten opnieuw" in refused.content.decode()
        or "minuut opnieuw" in refused.content.decode()
    )
    assert f'href="{reverse("scan:advice")}">Terug naar uw advies</a>' in refused.content.decode()
    assert client.get(reverse("scan:advice")).status_code == 200  # the way back is open
    assert ScanRequestCount.objects.get(key__startswith="pdf:").count == 11
    # Another address has its own ten.
    assert Client(REMOTE_ADDR="192.0.2.41").get(reverse("reports:scan-pdf")).status_code == 200


def test_a_head_request_for_the_scan_pdf_neither_renders_nor_counts(
    rules, quick_render, monkeypatch
):
    monkeypatch.setattr(scan, "PDF_LIMIT", (1, 3600))
    wait_out_a_window_ending_within(30, 3600)
    client = Client(REMOTE_ADDR="192.0.2.42")

    for _ in range(3):
        head = client.head(reverse("reports:scan-pdf"))
        assert head.status_code == 200
        assert head["Content-Type"] == "application/pdf"
        assert head["Content-Disposition"] == 'attachment; filename="snelle-scan-advies.pdf"'
        assert "Content-Length" not in head
    assert not ScanRequestCount.objects.exists()

    assert client.get(reverse("reports:scan-pdf")).status_code == 200
    assert client.get(reverse("reports:scan-pdf")).status_code == 429


def test_the_scan_advice_in_english_says_the_rule_texts_and_pdfs_are_in_dutch(rules):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    fill_scan(client)
    advice = client.get(reverse("scan:advice")).content.decode()
    assert "keeps the routes, their conditions, steps and sources in Dutch only" in advice
    assert "Decision note (PDF in Dutch, 2 pages)" in advice
    assert "Full report (PDF in Dutch)" in advice


# --- The scan's advice page has the school advice page's structure ------------------------------


def fill_scan_as(client: Client, school: School, answers: dict) -> None:
    """Fill in the scan with ``school``'s record and ``answers`` (questionnaire facts)."""
    client.post(
        reverse("scan:step", args=["school"]),
        {
            "revision": 0,
            "board_type": school.board.board_type,
            "postcode": school.postcode,
            "pupils": str(school.pupils),
            "campuses": str(school.campuses),
        },
    )
    typed = {
        code: ("true" if value is True else "false" if value is False else str(value))
        for code, value in answers.items()
    }
    for step in {FACTS_BY_CODE[code].step for code in answers}:
        client.post(reverse("scan:step", args=[step]), {"revision": 0, **typed})


def scan_advice_html(client: Client) -> str:
    return page_html(client.get(reverse("scan:advice")))


def decision_block(html: str) -> str:
    start = html.index('id="wat-nu-doen"')
    return html[start : html.index("</section>", start)]


def test_the_scan_advice_opens_with_what_to_do_first(rules, school):
    client = Client()
    fill_scan_as(client, school, BIG_SCHOOL)
    html = scan_advice_html(client)

    block = decision_block(html)
    assert "Wat nu doen?" in block
    assert "Eerste stap:" in text_of(block)
    assert "Contacteer de lokale regisseur." in text_of(block)
    assert html.index('id="wat-nu-doen"') < html.index('class="card route-card')
    assert "buiten het Vlaams Gewest" not in html


def test_the_scan_advice_says_in_one_line_what_does_not_apply_outside_flanders(rules):
    client = Client()
    fill_scan(client, postcode="1083")
    html = scan_advice_html(client)

    assert "Brussels Hoofdstedelijk Gewest, buiten het Vlaams Gewest" in html
    assert html.index('class="alert alert-info advice-region"') < html.index('id="wat-nu-doen"')


def test_the_scan_advice_folds_routes_no_longer_in_force_into_one_section(rules):
    client = Client()
    fill_scan(client)
    html = scan_advice_html(client)

    assert "route-card route-card--not_in_force" not in html
    section = html[html.index('id="status-not_in_force"') :]
    assert "Niet meer mogelijk — wat kwam in de plaats" in section
    assert "Maatwerkafdeling" in text_of(section) and "In de plaats:" in text_of(section)


def test_the_scan_and_the_school_advice_decide_alike_on_the_same_answers(rules, school, manager):
    submit_answers(school, manager, BIG_SCHOOL)
    client = Client()
    fill_scan_as(client, school, BIG_SCHOOL)
    school_html = page_html(client_for(manager).get(advice_url(school)))
    scan_html = scan_advice_html(client)

    assert text_of(decision_block(scan_html)) == text_of(decision_block(school_html))
    assert rules.identifier in scan_html[scan_html.index('class="advice-colophon') :]


# --- Counts are whole numbers, as in the school record form -------------------------------------

WHOLE = "Vul een geheel getal in, bijvoorbeeld 300 of 1.200."


def test_the_scan_refuses_a_fractional_count_of_pupils_or_campuses(rules):
    client = Client()
    response = client.post(
        reverse("scan:step", args=["school"]),
        {"revision": 0, "postcode": "9000", "pupils": "12,5", "campuses": "2.5"},
    )
    html = page_html(response)

    assert html.count(WHOLE) >= 2
    assert scan.session_answers(client.session) == {}
    review = page_html(client.get(reverse("scan:review")))
    assert "12,5 leerlingen" not in review and "2,5 vestigingen" not in review


def test_a_count_that_is_not_a_number_gets_the_school_forms_example_in_the_scan(rules):
    html = page_html(
        Client().post(reverse("scan:step", args=["school"]), {"revision": 0, "pupils": "veel"})
    )

    assert WHOLE in html
    assert "bijvoorbeeld 12, 2,5 of 12.000" not in html


# --- A step's mark follows one rule in the scan and the questionnaire ---------------------------


def step_mark(html: str, title: str) -> str:
    """Return the text of ``title``'s entry in the step list, spaces collapsed."""
    nav = html[html.index('class="step-list"') :]
    item = next(li for li in nav.split("<li")[1:] if f">{title}<" in li)
    return " ".join(text_of("<li" + item).split())


def test_an_empty_first_scan_step_counts_its_four_open_questions(rules):
    client = Client()
    response = client.post(reverse("scan:step", args=["school"]), {"revision": 0})
    html = page_html(client.get(response["Location"]))

    assert step_mark(html, "Over de school") == "Over de school ✓ klaar, 4 vragen open"


def test_an_empty_step_is_marked_alike_in_the_scan_and_the_questionnaire(rules, school, manager):
    scan_client, school_client = Client(), client_for(manager)
    scan_client.post(reverse("scan:step", args=["facility"]), {"revision": 0})
    school_client.post(
        reverse("schools:questionnaire-step", args=[school.pk, "facility"]), {"revision": 0}
    )
    scan_page = page_html(scan_client.get(reverse("scan:step", args=["contracts"])))
    school_page = page_html(
        school_client.get(reverse("schools:questionnaire-step", args=[school.pk, "contracts"]))
    )

    title = "Facilitair werk"
    assert step_mark(scan_page, title) == step_mark(school_page, title)
    assert "vragen open" in step_mark(school_page, title)


def kept(client: Client, school: School) -> str:
    """Keep the scan for ``school`` and return the text of the page shown after it."""
    response = client.post(reverse("scan:keep"), {"school": school.pk}, follow=True)
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_keeping_a_scan_says_which_record_answers_the_school_record_replaced(
    rules, school, manager, board_staff
):
    client = Client()
    fill_scan(client, postcode="9900")  # 320 pupils, 1 campus; the record: 9000, 300, 1
    client.post(reverse("login"), {"username": manager.username, "password": PASSWORD})
    text = kept(client, school)

    assert (
        "Niet overgenomen uit de snelle scan: Postcode: 9900 in de scan, 9000 in de gegevens "
        "van de school; Aantal leerlingen: 320 leerlingen in de scan, 300 leerlingen in de "
        "gegevens van de school."
    ) in text
    assert "Aantal vestigingsplaatsen" not in text.split("Niet overgenomen")[1].split("gelden")[0]
    assert "Voor een school gelden altijd de gegevens van de school zelf" in text
    assert "Vraag uw schoolbestuur om de gegevens van de school aan te passen." in text

    # Board staff may change the record themselves, and are told so.
    client = Client()
    fill_scan(client, postcode="9900")
    client.post(reverse("login"), {"username": board_staff.username, "password": PASSWORD})
    text = kept(client, school)
    assert "U kan de gegevens van de school wijzigen op de pagina van de school." in text


def test_keeping_a_scan_that_matches_the_record_says_nothing_about_it(rules, school, manager):
    client = Client()
    fill_scan(client)
    client.post(reverse("login"), {"username": manager.username, "password": PASSWORD})
    school.pupils = 320
    school.save(update_fields=["pupils"])
    assert "Niet overgenomen" not in kept(client, school)
