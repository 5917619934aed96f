"""The decision note and the full report, read back with pypdf: the demo school's note names the
same routes as the advice page, both stay within their page goals, and a stored report follows
every change of what the advice used."""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET

import pytest
from pypdf import PdfReader

from reports.models import KIND_NOTE
from reports.pdf import ReportSubject, render_report_pdf
from reports.storage import (
    board_report_get_or_render,
    school_report_get_or_render,
    stored_school_report,
)
from tests.pathways.test_decision import ON, decision_for, demo_facts
from tests.pathways.test_decision import ruleset as shipped_ruleset  # noqa: F401 - fixture

from . import reportdata as data

pytestmark = pytest.mark.slow  # renders real PDFs with WeasyPrint and reads them back

PDFUA_NS = "http://www.aiim.org/pdfua/ns/id/"
DEMO_SCHOOL = "Sint-Vincentiusinstituut Eeklo"
PAST = dt.date(2023, 1, 1)  # before the routes closed on 1 July 2023


def fold(value: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"-\n", "-", value))


def read(pdf: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, [fold(page.extract_text()) for page in reader.pages]


@pytest.fixture(scope="module")
def demo(shipped_ruleset):  # noqa: F811
    facts = demo_facts(DEMO_SCHOOL)
    decision, _cards = decision_for(shipped_ruleset, facts)
    from pathways.engine import evaluate

    advice = evaluate(facts, shipped_ruleset, ON)
    subject = ReportSubject(
        name=DEMO_SCHOOL,
        board_name="Vrije Scholengroep Meetjesland vzw",
        number="SE-2026-000007",
        made_on=ON,
        answers_label="vragenlijst versie 1, ingediend op 30 november 2026",
    )
    return {
        "decision": decision,
        "note": render_report_pdf(advice, shipped_ruleset, subject, kind="note"),
        "full": render_report_pdf(advice, shipped_ruleset, subject, kind="full"),
    }


def test_the_demo_schools_note_is_two_pages_naming_the_top_routes_of_the_advice_page(demo):
    _reader, pages = read(demo["note"])

    assert len(pages) <= 2
    first = pages[0]
    block = first.split("Wat nu doen?", 1)[1]
    titles = [card.result.title for card in demo["decision"].top]
    assert titles
    positions = [block.index(title) for title in titles]
    assert positions == sorted(positions)
    top = demo["decision"].top[0]
    assert f"Eerste stap: {top.first_step}" in block
    # The contact the first step names ("Vraag VDAB ..."), not merely the route's first one.
    assert top.step_contact.name in top.first_step
    assert f"Contact: {top.step_contact.name}" in block


def test_the_demo_schools_full_report_is_at_most_twelve_pages_and_opens_with_the_note(demo):
    _reader, pages = read(demo["full"])

    assert len(pages) <= 12
    assert "Wat nu doen?" in pages[0]
    text = " ".join(pages)
    # Nothing the screen shows is dropped: every route, its steps and its attention points.
    for card in demo["decision"].top:
        assert card.result.title in text
        assert all(fold(step) in text for step in card.next_steps)


@pytest.mark.parametrize("kind", ["note", "full"])
def test_note_and_full_report_keep_the_pdf_ua_1_identification(demo, kind):
    reader, _pages = read(demo[kind])
    root = reader.trailer["/Root"]
    xmp = ET.fromstring(root["/Metadata"].get_object().get_data())
    parts = [e.get(f"{{{PDFUA_NS}}}part") for e in xmp.iter() if e.get(f"{{{PDFUA_NS}}}part")]

    assert parts == ["1"]
    assert root["/Lang"] == "nl" and "/StructTreeRoot" in root


@pytest.mark.django_db
def test_after_a_postcode_change_the_report_follows_the_page(django_user_model):
    data.publish_rules()
    cast = data.make_cast(django_user_model)
    school = cast.school
    school.postcode = "1083"
    school.save()
    brussels = school_report_get_or_render(school, on=data.DAY)
    assert "Gewest Brussels Hoofdstedelijk Gewest" in " ".join(read(bytes(brussels.pdf))[1])

    school.postcode = "1700"
    school.save()

    assert stored_school_report(school, on=data.DAY) is None
    flanders = school_report_get_or_render(school, on=data.DAY)
    text = " ".join(read(bytes(flanders.pdf))[1])
    assert "Gewest Vlaams Gewest" in text
    assert "Brussels Hoofdstedelijk Gewest" not in text
    assert flanders.number != brussels.number
    assert stored_school_report(school, on=data.DAY).pk == flanders.pk
    assert stored_school_report(school, on=data.DAY, kind=KIND_NOTE) is None


@pytest.mark.slow
def test_every_demo_schools_note_and_full_report_keep_their_page_goals_as_the_app_makes_them(db):
    # As a school sees them: the demo's own answers and directory (the organisations nearby
    # add an annex), stored through the same path as a download. A school outside the Flemish
    # Region gets its region line on the note's first page and still fits on two pages.
    from io import StringIO

    from django.core.management import call_command

    from schools.models import Board, School

    call_command("load_demo", stdout=StringIO())
    checked = []
    for school in School.objects.filter(versions__status="submitted").distinct():
        note = read(bytes(school_report_get_or_render(school, kind=KIND_NOTE).pdf))[1]
        full = read(bytes(school_report_get_or_render(school).pdf))[1]
        # The figures a change of the report is judged by (pytest -s shows them).
        print(f"page counts: {school.name}: note {len(note)}, full {len(full)}")
        assert len(note) <= 2, (school.name, len(note))
        assert len(full) <= 12, (school.name, len(full))
        assert "Wat nu doen?" in note[0] and "Wat nu doen?" in full[0]
        # Asked for another date, the note opens with its warning and still fits.
        dated = read(bytes(school_report_get_or_render(school, kind=KIND_NOTE, on=PAST).pdf))[1]
        print(f"page counts: {school.name}: note on {PAST} {len(dated)}")
        assert len(dated) <= 2 and "Let op: dit is het advies op 1 januari 2023" in dated[0]
        checked.append(school.name)

    assert {"Sint-Vincentiusinstituut Eeklo", "Gemeentelijke Basisschool Ganshoren-Rand"} <= set(
        checked
    )
    for board in Board.objects.filter(schools__versions__status="submitted").distinct():
        today = read(bytes(board_report_get_or_render(board, kind=KIND_NOTE).pdf))[1]
        note = read(bytes(board_report_get_or_render(board, kind=KIND_NOTE, on=PAST).pdf))[1]
        print(f"page counts: {board.name}: board note {len(today)}, on {PAST} {len(note)}")
        # A page per school follows the board's own note; the warning costs no page.
        assert len(note) == len(today) and "Let op: dit is het advies op" in note[0]
        assert "Let op: dit is het advies op" not in today[0]
