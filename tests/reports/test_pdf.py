"""The PDF advisory report, rendered by real WeasyPrint and read back with pypdf.

The school report is rendered once per module (it takes about a second) from the rule set in
``reportdata``, which puts one route in every status.
"""

from __future__ import annotations

import io
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.utils import translation
from pypdf import PdfReader

from pathways.engine import evaluate, evaluate_board
from reports.pdf import ReportSubject, render_report_pdf
from tests.checks import assert_shows

from . import reportdata as data

pytestmark = pytest.mark.slow  # renders real PDFs with WeasyPrint and reads them back

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "report"
NUMBER = "SE-2026-000042"
SCHOOL = "Sint-Jozefscollege Gent"
BOARD = "VZW Katholiek Onderwijs Gent"
PDFUA_NS = "http://www.aiim.org/pdfua/ns/id/"


def _render_school_pdf() -> bytes:
    ruleset = data.ruleset()
    advice = evaluate(data.SCHOOL_FACTS, ruleset, data.DAY)
    subject = ReportSubject(
        name=SCHOOL,
        board_name=BOARD,
        number=NUMBER,
        made_on=data.DAY,
        answers_label="vragenlijst versie 1, ingediend op 1 maart 2026",
    )
    return render_report_pdf(advice, ruleset, subject)


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return _render_school_pdf()


@pytest.fixture(scope="module")
def reader(pdf) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


@pytest.fixture(scope="module")
def pages(reader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


@pytest.fixture(scope="module")
def text(pages) -> str:
    """All text of the report, with line breaks folded to spaces."""
    return _fold(" ".join(pages))


def _fold(value: str) -> str:
    """Fold line breaks to spaces; a line broken after a hyphen joins without one."""
    return re.sub(r"\s+", " ", re.sub(r"-\n", "-", value))


def _link_targets(reader: PdfReader) -> set[str]:
    targets = set()
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                targets.add(str(action["/URI"]))
    return targets


def test_the_first_page_names_the_school_board_date_answers_and_report_number(pages):
    first = _fold(pages[0])
    assert f"Beslissingsnota voor de school {SCHOOL}" in first
    assert BOARD in first
    assert_shows(
        first,
        "beoordeeld op 2 maart 2026",
        "vragenlijst versie 1, ingediend op 1 maart 2026",
        f"rapport {NUMBER}",
        "Wat nu doen?",
    )


def test_the_rules_identifier_stands_on_the_overview_and_in_the_colophon(pages, text):
    overview = text.split("Alle trajecten in één oogopslag", 1)[1].split("Toelichting", 1)[0]
    assert data.ruleset().identifier[:20] in overview
    assert data.ruleset().identifier[:20] in text.split("Colofon", 1)[1]


def test_the_summary_gives_every_route_its_status_as_symbol_and_text(text):
    summary = text.split("Traject Status Waarom", 1)[1]
    expected = [
        ("Aankopen bij een maatwerkbedrijf", "✔ Aanbevolen"),
        ("Individuele beroepsopleiding (IBO)", "◐ Mogelijk"),
        ("Lokale diensteneconomie", "? Antwoorden nodig"),
        ("Doorstroomstage", "✘ Niet van toepassing"),
        ("Maatwerkafdeling", "⏸ Niet (meer) van kracht"),
    ]
    positions = [summary.index(title) for title, _status in expected]
    assert positions == sorted(positions), "routes are listed recommended first"
    for (title, status), start, end in zip(
        expected, positions, positions[1:] + [len(summary)], strict=True
    ):
        assert status in summary[start:end], f"{title} shows {status}"


def test_the_report_says_why_with_the_conditions_and_the_answers_used(text):
    assert data.REASON_BUY in text
    assert "Met 85.000 EUR uitbesteed werk is een maatwerkbedrijf een haalbare partner." in text
    assert "(uw antwoord: 85.000 EUR; minimum: 20.000 EUR)" in text
    assert "? onbekend: " in text and "(uw antwoord: niet beantwoord)" in text  # IBO's
    assert "(aanbevolen)" not in text and "berekend" not in text
    assert data.REASON_JOB in text and "Koppel de stage aan een vacature." in text
    assert "Beantwoord nog: Hoeveel voltijdse banen (VTE)" in text


def test_eligible_routes_show_attention_points_next_steps_contacts_and_sources(text, reader):
    assert "Aandachtspunten Gebruik een voorbehouden opdracht" in text
    assert "Stappen Vraag een offerte aan bij twee maatwerkbedrijven." in text
    assert "Contacten: Herwin (gegevens in de bijlage)" in text
    assert "Herwin: Federatie van maatwerkbedrijven" in text.split("Bijlage: contacten", 1)[1]
    assert "telefoon: 02 211 02 50" in text
    assert "Decreet maatwerk 2018" in text
    links = _link_targets(reader)
    assert {data.SOURCE_URL, data.LEGAL_URL, f"mailto:{data.CONTACT_EMAIL}"} <= links
    assert all(re.match(r"^(https?://|mailto:)", link) for link in links)


def test_a_closed_route_says_what_replaced_it_and_what_continues(text):
    closed = text.split("Trajecten die niet meer van kracht zijn", 1)[1]
    assert_shows(
        closed,
        "Sinds 1 juli 2023 kunnen scholen hier niet meer nieuw instappen.",
        "Uw school gebruikt dit traject vandaag.",
        "In de plaats gekomen: Lokale diensteneconomie",
        "Wat verder loopt: Bestaande maatwerkafdelingen lopen door tot eind 2026.",
    )


def test_the_annex_lists_the_answers_with_dutch_labels_and_formatted_values(text):
    annex = text.split("Bijlage: de gebruikte antwoorden", 1)[1]
    assert_shows(
        annex,
        "Soort schoolbestuur Vrij gesubsidieerd schoolbestuur (vzw)",
        "Jaarbedrag van uitbestede facilitaire contracten 85.000 EUR",
        "Schoonmaak (uur/week) 120 uur/week",
        "Schoonmaak (wie doet dit werk vandaag) Een gewone firma",
        "Kan een stage uitmonden in een echte job bij de school? nee",
        "Facilitair werk in voltijdse equivalenten 3,47 VTE",
    )


def test_the_glossary_explains_only_the_terms_the_report_uses(text):
    glossary = text.split("Bijlage: begrippen", 1)[1].split("Bijlage: bronnen", 1)[0]
    assert "Maatwerkbedrijf Een sociale onderneming" in glossary
    assert "Kwantumkorting" not in glossary


def test_the_colophon_says_it_is_no_legal_decision_and_where_the_rules_come_from(text):
    colophon = text.split("Colofon", 1)[1]
    assert "Dit advies is geen juridische beslissing." in colophon
    assert "Departement Werk en Sociale Economie" in colophon


def test_sources_are_one_numbered_list_and_routes_cite_them_by_number(text):
    sources = text.split("Bijlage: bronnen en rechtsgrond", 1)[1].split("Colofon", 1)[0]
    assert "Decreet maatwerk 2018" in sources
    assert text.count("Decreet maatwerk 2018") == 1
    assert re.search(r"Bronnen: \[\d+\]", text)


def test_every_page_but_the_first_has_a_header_and_every_page_says_pagina_x_van_y(pages):
    count = len(pages)
    assert 2 <= count <= 10
    for number, page in enumerate(pages, start=1):
        assert f"Pagina {number} van {count}" in page
        if number > 1:
            assert NUMBER in page and "Sociale economie voor schoolgebouwen" in page


def test_the_pdf_is_tagged_as_pdf_ua_1_in_dutch_with_its_metadata(reader):
    root = reader.trailer["/Root"]
    xmp = ET.fromstring(root["/Metadata"].get_object().get_data())
    parts = [
        element.get(f"{{{PDFUA_NS}}}part")
        for element in xmp.iter()
        if element.get(f"{{{PDFUA_NS}}}part") is not None
    ]
    assert parts == ["1"]
    assert root["/Lang"] == "nl"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert reader.metadata.title == f"Advies sociale economie voor {SCHOOL}"
    assert reader.metadata.author.startswith("Sociale economie voor schoolgebouwen")
    assert "Departement Werk en Sociale Economie" in reader.metadata.author
    assert SCHOOL in reader.metadata.subject
    assert "sociale economie" in reader.metadata["/Keywords"]


def test_the_vendored_noto_sans_fonts_are_embedded(reader):
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = (
                font.get("/FontDescriptor")
                or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            )
            descriptor = descriptor.get_object()
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
    names = " ".join(fonts)
    # WeasyPrint names embedded fonts after their @font-face family (static/css/report.css).
    assert "+Noto-Sans " in f"{names} " and "+Noto-Sans-Bold" in names
    assert "+Noto-Sans-Symbols-2" in names
    assert all(fonts.values()), fonts


def test_the_report_stays_dutch_when_the_user_reads_the_site_in_english():
    with translation.override("en"):
        pdf = _render_school_pdf()
    text = _fold(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    assert "Wat nu doen?" in text and "✔ Aanbevolen" in text and "Pagina 1 van" in text


def test_a_board_report_shows_the_pooled_evaluation_and_each_school():
    ruleset = data.ruleset()
    sister = {**data.SCHOOL_FACTS, "open_to_buy_from_se": False, "stage_real_job_offer": True}
    board_advice = evaluate_board(
        [(SCHOOL, data.SCHOOL_FACTS), ("Sint-Barbaracollege", sister)],
        ruleset,
        data.DAY,
        {"board_type": "vzw"},
    )
    subject = ReportSubject(name=BOARD, is_board=True, number=NUMBER, made_on=data.DAY)
    pdf = render_report_pdf(board_advice.pooled, ruleset, subject, board_advice=board_advice)
    reader = PdfReader(io.BytesIO(pdf))
    text = _fold(" ".join(page.extract_text() for page in reader.pages))
    assert "Beslissingsnota voor het schoolbestuur" in text
    assert reader.metadata.title == f"Advies sociale economie voor schoolbestuur {BOARD}"
    per_school = text.split("Per school", 1)[1]
    assert f"{SCHOOL} Aankopen bij een maatwerkbedrijf" in per_school
    assert "Sint-Barbaracollege" in per_school
    # Together the board offers a job at the end of a stage, so the pooled advice recommends it.
    summary = text.split("Traject Status Waarom", 1)[1]
    assert "Doorstroomstage ✔ Aanbevolen" in summary
    assert "Facilitair werk in totaal 264 uur/week" in text


def test_the_pages_render_to_png_images_kept_as_test_artefacts(pdf, reader):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("school-*.png"):
        old.unlink()
    (ARTIFACTS / "school.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(ARTIFACTS / "school.pdf"), str(ARTIFACTS / "school")],
        check=True,
        timeout=60,
    )
    images = sorted(ARTIFACTS.glob("school-*.png"))
    assert len(images) == len(reader.pages)
    width, height = _png_size(images[0].read_bytes())
    assert round(height / width, 2) == 1.41  # A4 portrait


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def test_a_report_condition_says_whether_its_value_was_answered_recorded_or_calculated():
    from pathways.engine.types import ConditionTrace, Operator, Outcome
    from pathways.presentation import condition_row

    def line(fact: str, operator: Operator):
        trace = ConditionTrace(
            fact=fact,
            fact_label=fact,
            operator=operator,
            required=True,
            outcome=Outcome.MET,
            answer=1,
            answer_display="1",
            threshold=2,
            threshold_display="2",
        )
        return condition_row(trace)

    calculated = line("facility_fte", Operator.LTE)
    assert (calculated.answer_label, calculated.threshold_label) == ("uit uw gegevens", "maximum")
    assert line("pupils", Operator.GTE).answer_label == "volgens de schoolgegevens"
    assert line("pupils", Operator.GTE).threshold_label == "minimum"
    assert line("mentor_available", Operator.IS_TRUE).answer_label == "uw antwoord"
    assert line("region", Operator.EQ).threshold_label == "nodig"
