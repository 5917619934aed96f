"""A board's report read back with pypdf: after the board's decision note, one page per school
with that school's own "Wat nu doen?", on the shipped rules with the demo schools' answers."""

from __future__ import annotations

import pytest

from pathways.engine import evaluate_board
from reports.pdf import ReportSubject, render_report_pdf
from tests.pathways.test_decision import ON, decision_for, demo_facts
from tests.pathways.test_decision import ruleset as shipped_ruleset  # noqa: F401 - fixture

from .test_note import PDFUA_NS, fold, read

pytestmark = pytest.mark.slow  # renders real PDFs with WeasyPrint and reads them back

BOARD = "Scholengroep Meetjesland en Dilbeek"
# Every demo school: one without answers (no route fits yet), one in Brussels (a region note).
SCHOOLS = [
    "Sint-Vincentiusinstituut Eeklo",
    "Vrije Basisschool De Regenboog",
    "Sint-Annaschool Assenede",
    "Gemeentelijke Basisschool De Klimop",
    "Gemeentelijke Basisschool Ganshoren-Rand",
]


@pytest.fixture(scope="module")
def board(shipped_ruleset):  # noqa: F811
    facts = {name: demo_facts(name) for name in SCHOOLS}
    board_advice = evaluate_board(list(facts.items()), shipped_ruleset, ON, {"board_type": "vzw"})
    subject = ReportSubject(name=BOARD, is_board=True, number="SE-2026-000008", made_on=ON)
    return {
        "decisions": {name: decision_for(shipped_ruleset, facts[name])[0] for name in SCHOOLS},
        **{
            kind: render_report_pdf(
                board_advice.pooled, shipped_ruleset, subject, board_advice=board_advice, kind=kind
            )
            for kind in ("note", "full")
        },
    }


@pytest.mark.parametrize("kind", ["note", "full"])
def test_after_the_boards_note_each_school_starts_a_page_with_its_own_top_routes(board, kind):
    _reader, pages = read(board[kind])

    assert "Beslissingsnota voor het schoolbestuur" in pages[0]
    if kind == "note":
        assert len(pages) <= 2 + len(SCHOOLS)
    for number, name in enumerate(SCHOOLS):
        page = pages[2 + number]
        assert page.startswith(f"{name} Deze school afzonderlijk beoordeeld"), page[:120]
        block = page.split("Wat nu doen?", 1)[1]
        decision = board["decisions"][name]
        if not decision.top:
            assert "Er is nog geen traject dat nu past." in block
        for card in decision.top:
            assert fold(card.result.title) in block
            if card.first_step:
                assert f"Eerste stap: {fold(card.first_step)}" in block
            if card.step_contact:
                assert f"Contact: {card.step_contact.name}" in block
        for open_question in decision.questions:
            assert fold(open_question.question.label) in block


def test_a_school_outside_the_flemish_region_says_so_on_its_page(board):
    _reader, pages = read(board["note"])
    brussels = pages[2 + SCHOOLS.index("Gemeentelijke Basisschool Ganshoren-Rand")]
    assert "buiten het Vlaams Gewest" in brussels


def test_the_board_note_keeps_the_pdf_ua_1_identification(board):
    import xml.etree.ElementTree as ET

    reader, _pages = read(board["note"])
    root = reader.trailer["/Root"]
    xmp = ET.fromstring(root["/Metadata"].get_object().get_data())
    parts = [e.get(f"{{{PDFUA_NS}}}part") for e in xmp.iter() if e.get(f"{{{PDFUA_NS}}}part")]
    assert parts == ["1"]
    assert root["/Lang"] == "nl" and "/StructTreeRoot" in root
