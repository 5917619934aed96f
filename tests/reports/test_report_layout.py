"""The full report as a reader sees it on paper, read back with poppler's pdftotext: in its
two-column layout no heading ends a column or a page without its text, no printed web
address continues in another column or on another page, and no page but the last is left
half empty, for each demo school."""

from __future__ import annotations

import pytest

from pathways.engine import evaluate
from reports.pdf import ReportSubject, build_context, html_to_pdf, render_html
from schools.management.commands.load_demo import SCHOOLS
from tests.pathways.test_decision import ON, demo_facts
from tests.pathways.test_decision import ruleset as shipped_ruleset  # noqa: F401 - fixture

from .pdflayout import (
    Line,
    first_page_of,
    headings_and_addresses,
    orphan_headings,
    pdf_lines,
    split_addresses,
)

pytestmark = pytest.mark.slow  # renders real PDFs with WeasyPrint and reads them back

REASONING_HEADING = "Toelichting: trajecten die in aanmerking komen"
DEMO_SCHOOLS = [school["name"] for school in SCHOOLS if school["answers"]]


@pytest.fixture(scope="module", params=DEMO_SCHOOLS)
def full_report(request, shipped_ruleset):  # noqa: F811
    advice = evaluate(demo_facts(request.param), shipped_ruleset, ON)
    context = build_context(advice, shipped_ruleset, ReportSubject(name=request.param, made_on=ON))
    report_html = render_html(context)
    return report_html, pdf_lines(html_to_pdf(report_html))


def test_no_heading_is_the_last_line_of_a_column_or_a_page(full_report):
    report_html, lines = full_report
    headings, _addresses = headings_and_addresses(report_html)

    reasoning = first_page_of(lines, REASONING_HEADING)

    assert len(headings) > 20
    assert orphan_headings(lines, headings, from_page=reasoning) == []


def test_no_web_address_is_split_across_columns_or_pages(full_report):
    report_html, lines = full_report
    _headings, addresses = headings_and_addresses(report_html)

    assert addresses
    assert split_addresses(lines, addresses) == []


# A4 in points; a page is full enough when its last line stands in its lowest quarter.
A4_HEIGHT_PT = 841.89
FULL_ENOUGH = 0.75


def test_no_page_but_the_last_is_left_half_empty(full_report):
    """Blocks kept whole (a route's brief) move to the next page as they come: never a row of
    them that leaves the lower part of a page empty."""
    _report_html, lines = full_report
    last_page = max(line.page for line in lines)

    lowest = {
        page: max(line.top for line in lines if line.page == page) for page in range(1, last_page)
    }

    assert {
        page: round(top) for page, top in lowest.items() if top < FULL_ENOUGH * A4_HEIGHT_PT
    } == {}


def test_the_layout_checks_see_a_heading_left_alone_and_an_address_split():
    """The checks themselves: a heading whose next line starts the next column, and an
    address whose second half does."""
    lines = [
        Line(1, 700, 50, 290, "Bijlage: contacten"),
        Line(1, 60, 310, 550, "Herwin: federatie"),
        Line(1, 80, 310, 550, "van sociale ondernemingen"),
        Line(1, 720, 310, 550, "https://www.vlaanderen.be/"),
        Line(2, 60, 50, 290, "individueel-maatwerk"),
        Line(2, 80, 50, 290, "e-mail: https://"),
    ]

    assert orphan_headings(lines, ["Bijlage: contacten"])
    assert orphan_headings(lines, ["Herwin: federatie"]) == []
    found = split_addresses(lines, ["https://www.vlaanderen.be/individueel-maatwerk"])
    assert len(found) == 2
