"""``manage.py advise PROFILE.json --format pdf --output FILE`` writes the PDF report."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from . import reportdata as data

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

EXAMPLES = Path(__file__).resolve().parents[2] / "pathways" / "schema" / "examples"


@pytest.fixture(autouse=True)
def rules():
    data.publish_rules()


def _text(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", " ", re.sub(r"-\n", "-", " ".join(p.extract_text() for p in pages)))


def test_a_school_profile_becomes_the_same_pdf_report_as_on_the_site(tmp_path):
    output = tmp_path / "advies.pdf"
    call_command(
        "advise",
        str(EXAMPLES / "school.json"),
        "--format",
        "pdf",
        "--output",
        str(output),
        "--date",
        "2026-03-02",
    )
    pdf = output.read_bytes()
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "Advies sociale economie voor Vrije Basisschool De Regenboog"
    text = _text(pdf)
    assert "Regels toegepast op 2 maart 2026" in text
    # Asked for another day than today, its first page says so.
    first = _text(pdf).split("Wat nu doen?", 1)[0]
    assert "Let op: dit is het advies op 2 maart 2026, gemaakt op" in first
    for title in data.ROUTE_TITLES.values():
        assert title in text
    assert "Bijlage: de gebruikte antwoorden" in text


def test_a_board_file_becomes_the_pooled_board_report(tmp_path):
    output = tmp_path / "bestuur.pdf"
    call_command("advise", str(EXAMPLES / "board.json"), "--format", "pdf", "--output", str(output))
    text = _text(output.read_bytes())
    assert "Beslissingsnota voor het schoolbestuur Stedelijk Onderwijs Lier" in text
    assert "Let op: dit is het advies op" not in text  # today's advice
    assert "Stedelijke Basisschool De Kolibrie" in text.split("Per school", 1)[1]


def test_pdf_output_without_a_file_name_is_refused(run_python, tmp_path):
    result = run_python(
        "manage.py",
        "advise",
        str(EXAMPLES / "school.json"),
        "--format",
        "pdf",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode == 2
    assert "--format pdf: geef met --output het PDF-bestand om te schrijven" in result.stderr
