"""The directory pages: the public 'Wie kan helpen?' list, a school's starter kit and clause
download, and a board's organisations; strangers see nothing of another school."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from docx import Document

from directory.services import organisations_import
from schools.models import BoardMembership, SchoolMembership
from tests.checks import page_html
from tests.conftest import rows_for_the_module
from tests.factories import make_board, make_school, make_user, submit_answers

from .conftest import csv_of, org

pytestmark = pytest.mark.django_db

ANSWERS = {
    "hours_cleaning": 160,
    "provider_cleaning": "contractor",
    "hours_grounds": 8,
    "provider_grounds": "contractor",
    "hours_maintenance": 40,
    "provider_maintenance": "own_staff",
    "outsourced_contract_value": 12000,
    "own_payroll_staff": True,
    "open_to_hire_target_group": True,
    "open_vacancy": True,
    "mentor_available": True,
    "contact_wijkwerk": True,
    "contact_se_regisseur": True,
    "open_to_buy_from_se": True,
    "routes_in_use": [],
}


def _make_cast() -> dict:
    call_command("load_rules", verbosity=0)
    organisations_import(
        data=csv_of(
            org(
                "Poetsbedrijf Melle",
                diensten="cleaning",
                werkgebied="municipalities",
                gebieden="Melle",
                trajecten="se_purchasing",
                email="poets@voorbeeld.example",
                wat_vragen="een offerte voor de schoonmaak.",
            ),
            org(
                "Groen Limburg",
                diensten="grounds",
                werkgebied="provinces",
                gebieden="Limburg",
                trajecten="se_purchasing",
            ),
            org("Federatie Vlaanderen", soort="federation", trajecten="se_purchasing,wijkwerken"),
        )
    )
    board = make_board("Scholen aan de Schelde vzw")
    school = make_school(
        board, "Sint-Pieter", "111111", postcode="9820", municipality="Merelbeke-Melle"
    )
    other = make_school(board, "Sint-Jan Hasselt", "111112", postcode="3500", municipality="")
    manager = make_user("fm.sintpieter")
    SchoolMembership.objects.create(user=manager, school=school)
    submit_answers(school, manager, ANSWERS)
    staff = make_user("staf.schelde")
    BoardMembership.objects.create(user=staff, board=board)
    stranger_school = make_school(make_board("Ander bestuur"), "Elders", "222222")
    stranger = make_user("fm.elders")
    SchoolMembership.objects.create(user=stranger, school=stranger_school)
    return {"board": board, "school": school, "other": other, "manager": manager,
            "staff": staff, "stranger": stranger}  # fmt: skip


@pytest.fixture(scope="module")
def cast_once(django_db_setup, django_db_blocker) -> dict:
    """The shipped rules, organisations, a board with two schools and its people, made once
    for the module (loading the rules takes a second or so)."""
    yield from rows_for_the_module(django_db_blocker, _make_cast)


@pytest.fixture
def cast(db, cast_once) -> dict:
    """The module's cast, fresh from the database for each test."""
    return {name: type(row).objects.get(pk=row.pk) for name, row in cast_once.items()}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_for(user, name: str, *args) -> str:
    """The HTML of the page ``name`` (with ``args``) as ``user`` gets it."""
    return client_for(user).get(reverse(name, args=args)).content.decode()


def test_anyone_can_filter_the_directory_by_municipality_service_and_route(cast):
    client = Client()
    url = reverse("directory:list")
    merelbeke = "44088"

    page = client.get(url, {"gemeente": merelbeke}).content.decode()
    assert "Poetsbedrijf Melle" in page and "Federatie Vlaanderen" in page
    assert "Groen Limburg" not in page
    assert page.index("Poetsbedrijf Melle") < page.index("Federatie Vlaanderen")
    assert "in uw gemeente" in page
    assert "Melle, Merelbeke" in page  # the former names are explained

    page = client.get(url, {"dienst": "grounds"}).content.decode()
    assert "Groen Limburg" in page and "Poetsbedrijf Melle" not in page

    page = client.get(url, {"traject": "wijkwerken"}).content.decode()
    assert "Federatie Vlaanderen" in page and "Poetsbedrijf Melle" not in page


def test_an_unknown_filter_value_gets_a_dutch_message_not_an_error(cast):
    response = Client().get(reverse("directory:list"), {"gemeente": "99999"})
    assert "Selecteer een geldige keuze" in page_html(response)


def test_the_starter_kit_offers_a_first_mail_per_route_and_the_clause(cast):
    school = cast["school"]
    page = client_for(cast["manager"]).get(reverse("directory:school-starter", args=[school.pk]))
    html = page_html(page)
    assert "E-mail aan Poetsbedrijf Melle opstellen" in html
    mailto = html.split('href="mailto:poets@voorbeeld.example?', 1)[1].split('"', 1)[0]
    body = parse_qs(mailto.replace("&amp;", "&"))["body"][0]
    assert "Sint-Pieter in Merelbeke-Melle" in body and "Schoonmaak: 160 uur/week" in body
    assert "Ontwerp voorbehouden opdracht" in html
    assert "36.000 EUR" in html or "36000" in html  # 12.000 EUR a year for 3 years


def test_the_clause_downloads_as_an_editable_document_with_the_chosen_duration(cast):
    school = cast["school"]
    url = reverse("directory:school-clause", args=[school.pk, "reserved"])
    response = client_for(cast["manager"]).get(url, {"jaren": "2"})
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    document = Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "24.000 EUR" in cells and "2 jaar" in cells
    assert "Aanvaarde factuur (opdracht van beperkte waarde)" in cells

    response = client_for(cast["manager"]).get(url, {"jaren": "3"})
    cells = [
        c.text
        for t in Document(io.BytesIO(response.content)).tables
        for r in t.rows
        for c in r.cells
    ]
    assert "36.000 EUR" in cells
    # 36.000 EUR is over the accepted-invoice limit (30.000 EUR) and under the limit of the
    # negotiated procedure without prior publication.
    assert "Onderhandelingsprocedure zonder voorafgaande bekendmaking" in cells


def test_strangers_get_nothing_of_another_school_or_board(cast):
    school, board = cast["school"], cast["board"]
    client = client_for(cast["stranger"])
    for url in (
        reverse("directory:school-starter", args=[school.pk]),
        reverse("directory:school-clause", args=[school.pk, "reserved"]),
        reverse("directory:board-organisations", args=[board.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert Client().get(reverse("directory:school-starter", args=[school.pk])).status_code == 302


def test_a_board_sees_per_organisation_which_of_its_schools_it_could_serve(cast):
    page = client_for(cast["staff"]).get(
        reverse("directory:board-organisations", args=[cast["board"].pk])
    )
    html = page.content.decode()
    poets = html[html.index("Poetsbedrijf Melle") :].split("</li>\n  \n")[0]
    assert "Sint-Pieter" in poets and "Sint-Jan Hasselt" not in poets
    groen = html[html.index("Groen Limburg") :].split("</li>\n  \n")[0]
    assert "Sint-Jan Hasselt" in groen and "Sint-Pieter" not in groen
    federation = html[html.index("Federatie Vlaanderen") :]
    assert "Sint-Pieter" in federation and "Sint-Jan Hasselt" in federation


def test_the_mailto_parts_are_encoded(cast):
    school = cast["school"]
    html = page_for(cast["manager"], "directory:school-starter", school.pk)
    for href in html.split('href="mailto:')[1:]:
        url = "mailto:" + href.split('"', 1)[0].replace("&amp;", "&")
        assert " " not in url and "\n" not in url
        assert set(parse_qs(urlsplit(url).query)) <= {"subject", "body"}


def test_the_route_card_lists_the_organisations_serving_the_school_nearest_first(cast):
    from pathways.presentation import route_anchor

    school = cast["school"]
    html = page_for(cast["manager"], "schools:school-advice", school.pk)
    start = html.index(f'id="{route_anchor("se_purchasing")}"')
    card = html[start : html.index("</article>", start)]
    assert "Wie kan helpen in uw buurt" in card
    nearby = card[card.index("Wie kan helpen in uw buurt") :].split("</div>", 1)[0]
    assert "Poetsbedrijf Melle" in nearby and "(Maatwerkbedrijf, in uw gemeente)" in nearby
    assert "Vraag: een offerte voor de schoonmaak." in nearby
    assert "Groen Limburg" not in card  # another province
    assert "Federatie Vlaanderen" not in nearby  # the rule set's contacts are the fallback
    assert "Contacten" in card
    assert reverse("directory:school-starter", args=[school.pk]) in html


@pytest.mark.slow
def test_the_pdf_report_lists_the_organisations_near_the_school_under_the_route(cast):
    from pypdf import PdfReader

    school = cast["school"]
    response = client_for(cast["manager"]).get(reverse("reports:report-pdf", args=[school.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Wie kan helpen in uw buurt" in text
    assert "Poetsbedrijf Melle (Maatwerkbedrijf, in uw gemeente)" in text
    assert "Vraag: een offerte voor de schoonmaak." in text
    assert "poets@voorbeeld.example" in text
    assert "Groen Limburg" not in text


def test_a_changed_organisation_shows_on_the_cached_advice_page_at_once(cast):
    # The page's cache key holds the directory's revision, read with the rule-set version.
    from directory.models import Organisation

    school = cast["school"]
    assert "Vraag: een offerte voor de schoonmaak." in page_for(
        cast["manager"], "schools:school-advice", school.pk
    )
    organisation = Organisation.objects.get(name="Poetsbedrijf Melle")
    organisation.what_to_ask = "een offerte voor het groenonderhoud."
    organisation.save()

    html = page_for(cast["manager"], "schools:school-advice", school.pk)
    assert "Vraag: een offerte voor het groenonderhoud." in html
    assert "Vraag: een offerte voor de schoonmaak." not in html


def test_a_manager_of_one_school_opens_wie_kan_helpen_on_that_schools_municipality(cast):
    url = reverse("directory:list")
    response = client_for(cast["manager"]).get(url)
    assert response.status_code == 302
    assert parse_qs(urlsplit(response["Location"]).query) == {"gemeente": ["44088"]}

    # Choosing "all municipalities" stays on the whole list; staff of two schools and visitors
    # start from the whole list.
    assert client_for(cast["manager"]).get(url, {"gemeente": ""}).status_code == 200
    assert client_for(cast["staff"]).get(url).status_code == 200
    assert Client().get(url).status_code == 200
