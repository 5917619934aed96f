"""Stored reports: one per set of inputs, the same bytes when asked again."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re

import pytest
from pypdf import PdfReader

from pathways.services import current_ruleset, publish_data
from reports.models import AdviceReport
from reports.storage import (
    NoSubmittedAnswers,
    board_report_get_or_render,
    report_get_or_render,
    school_report_get_or_render,
    stored_school_report,
)

from . import reportdata as data

pytestmark = pytest.mark.django_db

DAY = data.DAY


@pytest.fixture
def cast(django_user_model) -> data.Cast:
    data.publish_rules()
    return data.make_cast(django_user_model)


def _text(report: AdviceReport) -> str:
    """Return the report's text, line breaks folded (a break after a hyphen joins)."""
    reader = PdfReader(io.BytesIO(bytes(report.pdf)))
    text = " ".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", re.sub(r"-\n", "-", text))


@pytest.mark.slow  # renders real PDFs and reads them back
def test_a_school_report_is_stored_with_its_inputs_number_and_sha256(cast):
    report = school_report_get_or_render(cast.school, user=cast.manager, on=DAY)
    report.refresh_from_db()
    pdf = bytes(report.pdf)
    assert pdf.startswith(b"%PDF-1.7")
    assert report.sha256 == hashlib.sha256(pdf).hexdigest()
    assert report.size == len(pdf)
    assert report.scope == AdviceReport.Scope.SCHOOL
    assert (report.school, report.board, report.questionnaire_version) == (
        cast.school,
        cast.board,
        cast.version,
    )
    assert report.ruleset_identifier == current_ruleset().identifier
    assert report.evaluated_on == DAY
    assert report.created_by == cast.manager
    assert report.number == f"SE-{report.created_at.year}-{report.pk:06d}"
    text = _text(report)
    assert report.number in text and cast.school.name in text and cast.board.name in text
    assert "vragenlijst versie 1 van" in text


@pytest.mark.usefixtures("quick_render")
def test_asking_again_with_the_same_inputs_returns_the_stored_bytes(cast):
    first = school_report_get_or_render(cast.school, user=cast.manager, on=DAY)
    again = school_report_get_or_render(cast.school, user=cast.board_staff, on=DAY)
    assert again.pk == first.pk
    assert bytes(again.pdf) == bytes(first.pdf)
    assert AdviceReport.objects.count() == 1


# Only the second report is read back, so only it is rendered for real.
@pytest.mark.slow  # renders a real PDF and reads it back
def test_a_new_questionnaire_version_makes_a_new_report(cast, quick_render):
    first = school_report_get_or_render(cast.school, on=DAY)
    answers = {**data.SCHOOL_FACTS, "outsourced_contract_value": 5000}
    newer = data.submit(cast.school, answers, number=2)
    with quick_render.real():
        second = school_report_get_or_render(cast.school, on=DAY)
    assert second.pk != first.pk
    assert second.questionnaire_version == newer
    assert second.number != first.number
    assert "5000 EUR" in _text(second)


@pytest.mark.slow  # renders a real PDF and reads it back
def test_a_new_evaluation_date_makes_a_new_report(cast, quick_render):
    first = school_report_get_or_render(cast.school, on=DAY)
    with quick_render.real():
        later = school_report_get_or_render(cast.school, on=DAY + dt.timedelta(days=1))
    assert later.pk != first.pk
    assert "3 maart 2026" in _text(later)


@pytest.mark.slow  # renders a real PDF and reads it back
def test_a_new_rule_version_makes_a_new_report(cast, quick_render):
    first = school_report_get_or_render(cast.school, on=DAY)
    changed = data.ruleset_data()
    changed["routes"][0]["title"] = "Aankopen bij een maatwerkbedrijf (nieuw)"
    publish_data(changed, note="Nieuwe titel")
    with quick_render.real():
        second = school_report_get_or_render(cast.school, on=DAY)
    assert second.pk != first.pk
    assert second.ruleset_identifier.startswith("v2-")
    assert "(nieuw)" in _text(second)


@pytest.mark.usefixtures("quick_render")
def test_a_school_without_a_submitted_questionnaire_has_no_report(cast):
    with pytest.raises(NoSubmittedAnswers):
        school_report_get_or_render(cast.sister_school, on=DAY)
    assert not AdviceReport.objects.exists()


@pytest.mark.slow  # renders real PDFs and reads them back
def test_a_board_report_pools_the_submitted_schools_and_changes_when_one_submits(cast):
    first = board_report_get_or_render(cast.board, user=cast.board_staff, on=DAY)
    assert first.scope == AdviceReport.Scope.BOARD
    assert first.school is None and first.questionnaire_version is None
    assert board_report_get_or_render(cast.board, on=DAY).pk == first.pk
    text = _text(first)
    assert "Beslissingsnota voor het schoolbestuur" in text and "Per school" in text
    assert "Sint-Barbaracollege" not in text  # not submitted yet

    data.submit(cast.sister_school, {**data.SCHOOL_FACTS, "stage_real_job_offer": True})
    second = board_report_get_or_render(cast.board, on=DAY)
    assert second.pk != first.pk
    assert "Sint-Barbaracollege" in _text(second)


@pytest.mark.usefixtures("quick_render")
def test_a_board_without_any_submission_has_no_report(cast):
    with pytest.raises(NoSubmittedAnswers):
        board_report_get_or_render(cast.other_board, on=DAY)


@pytest.mark.usefixtures("quick_render")
def test_a_stored_report_is_found_in_three_queries_with_the_current_rule_identifier(
    cast, django_assert_num_queries
):
    from pathways.models import RuleSetVersion

    made = school_report_get_or_render(cast.school, on=DAY)
    # The latest submitted answers (the facts are part of the key), the current rule version,
    # the directory's revision (the report lists nearby organisations) and the report itself.
    with django_assert_num_queries(4):
        found = stored_school_report(cast.school, on=DAY)
    assert found == made
    assert found.ruleset_identifier == RuleSetVersion.objects.get(is_current=True).identifier
    data.submit(cast.school, data.SCHOOL_FACTS, number=2)
    assert stored_school_report(cast.school, on=DAY) is None


def _fields(cast) -> dict:
    return {
        "scope": AdviceReport.Scope.SCHOOL,
        "board_id": cast.board.pk,
        "school": cast.school,
        "questionnaire_version": cast.version,
        "ruleset_identifier": current_ruleset().identifier,
        "evaluated_on": DAY,
    }


@pytest.mark.django_db(transaction=True)
def test_the_pdf_is_rendered_outside_any_database_transaction(django_user_model):
    from django.db import connection

    data.publish_rules()
    cast = data.make_cast(django_user_model)
    seen = []

    def make_pdf(number, now):
        seen.append(connection.in_atomic_block)
        return b"%PDF-1.7 rendered"

    report = report_get_or_render(AdviceReport, "school:render-outside", _fields(cast), make_pdf)
    assert seen == [False]
    assert bytes(AdviceReport.objects.get(pk=report.pk).pdf) == b"%PDF-1.7 rendered"


def test_a_render_that_failed_is_made_again_by_the_next_request_under_the_same_number(cast):
    def broken(number, now):
        raise RuntimeError("WeasyPrint fell over")

    with pytest.raises(RuntimeError):
        report_get_or_render(AdviceReport, "school:retry", _fields(cast), broken)
    claimed = AdviceReport.objects.get(input_key="school:retry")
    assert claimed.size == 0
    assert stored_school_report(cast.school, on=DAY) is None

    report = report_get_or_render(
        AdviceReport, "school:retry", _fields(cast), lambda n, t: f"PDF {n}".encode()
    )
    assert (report.pk, report.number) == (claimed.pk, claimed.number)
    assert bytes(report.pdf) == f"PDF {claimed.number}".encode()


def test_when_two_renders_race_everyone_gets_the_one_stored_first(cast):
    def slow_render(number, now):
        # Meanwhile another request for the same inputs renders and stores its PDF.
        report_get_or_render(AdviceReport, "school:race", _fields(cast), lambda n, t: b"first")
        return b"second"

    report = report_get_or_render(AdviceReport, "school:race", _fields(cast), slow_render)
    assert bytes(report.pdf) == b"first"
    assert AdviceReport.objects.filter(input_key="school:race").count() == 1
