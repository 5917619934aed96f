"""A board's ZIP of all its reports, built by a django-tasks background task.

The test settings use the immediate backend on every database, so the task runs inside
``enqueue()`` (in production on PostgreSQL, ``manage.py db_worker`` runs it).
"""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reports.models import AdviceReport, ReportBundle
from reports.tasks import build_report_bundle

from . import reportdata as data

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(django_user_model) -> data.Cast:
    data.publish_rules()
    return data.make_cast(django_user_model)


def request_url(board) -> str:
    return reverse("reports:board-bundle", args=[board.pk])


@pytest.mark.slow  # renders real PDFs and reads them back
def test_board_staff_get_a_zip_with_each_schools_report_and_the_board_report(client, cast):
    client.force_login(cast.board_staff)
    response = client.post(request_url(cast.board))
    bundle = ReportBundle.objects.get()
    assert response.status_code == 302
    assert response["Location"] == bundle.get_absolute_url()
    assert bundle.status == ReportBundle.Status.DONE
    assert (bundle.done, bundle.total) == (2, 2)
    assert bundle.requested_by == cast.board_staff
    assert bundle.sha256 == hashlib.sha256(bytes(bundle.archive)).hexdigest()

    school = AdviceReport.objects.get(scope=AdviceReport.Scope.SCHOOL)
    board = AdviceReport.objects.get(scope=AdviceReport.Scope.BOARD)
    with zipfile.ZipFile(io.BytesIO(bytes(bundle.archive))) as archive:
        assert sorted(archive.namelist()) == sorted(
            [school.filename, board.filename, "LEESMIJ.txt"]
        )
        assert archive.read(school.filename) == bytes(school.pdf)
        assert archive.read(board.filename) == bytes(board.pdf)
        readme = archive.read("LEESMIJ.txt").decode("utf-8")
        board_pdf = PdfReader(io.BytesIO(archive.read(board.filename)))
    assert "Nog geen ingediende vragenlijst, dus geen rapport:\n- Sint-Barbaracollege" in readme
    assert "Beslissingsnota voor het schoolbestuur" in board_pdf.pages[0].extract_text()


@pytest.mark.usefixtures("quick_render")
def test_the_progress_page_offers_the_zip_once_it_is_done(client, cast):
    client.force_login(cast.board_staff)
    response = client.post(request_url(cast.board), follow=True)
    bundle = ReportBundle.objects.get()
    page = response.content.decode()
    assert "Klaar" in page
    assert "2 van 2 rapporten klaar" in page
    assert "De rapporten worden gemaakt" not in page  # no word of work still under way
    assert 'http-equiv="refresh"' not in page
    download = reverse("reports:board-bundle-download", args=[cast.board.pk, bundle.pk])
    assert download in page
    zipped = client.get(download)
    assert zipped.status_code == 200
    assert zipped["Content-Type"] == "application/zip"
    assert zipped.content == bytes(bundle.archive)
    assert (
        'filename="adviesrapporten-vzw-katholiek-onderwijs-gent-' in zipped["Content-Disposition"]
    )


@pytest.mark.usefixtures("quick_render")
def test_the_progress_page_reloads_itself_while_the_bundle_is_being_built(client, cast):
    bundle = ReportBundle.objects.create(
        board=cast.board,
        requested_by=cast.board_staff,
        evaluated_on=data.DAY,
        status=ReportBundle.Status.RUNNING,
        done=1,
        total=3,
    )
    client.force_login(cast.board_staff)
    page = client.get(bundle.get_absolute_url()).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "1 van 3 rapporten klaar" in page
    assert "Bezig: 1 van 3 rapporten klaar." in page  # the status says what the bar shows
    assert 'value="1"' in page and 'max="3"' in page
    download = reverse("reports:board-bundle-download", args=[cast.board.pk, bundle.pk])
    assert download not in page
    assert client.get(download).status_code == 404


@pytest.mark.usefixtures("quick_render")
def test_reports_already_stored_are_reused_in_the_bundle(cast):
    from reports.storage import school_report_get_or_render

    stored = school_report_get_or_render(cast.school, on=data.DAY)
    bundle = ReportBundle.objects.create(
        board=cast.board, requested_by=cast.board_staff, evaluated_on=data.DAY
    )
    build_report_bundle.enqueue(bundle.pk)
    assert AdviceReport.objects.filter(scope=AdviceReport.Scope.SCHOOL).get() == stored
    bundle.refresh_from_db()
    with zipfile.ZipFile(io.BytesIO(bytes(bundle.archive))) as archive:
        assert archive.read(stored.filename) == bytes(stored.pdf)


def test_a_failed_bundle_says_so_on_its_page(client, cast):
    from pathways.models import RuleSetVersion

    RuleSetVersion.objects.update(is_current=False)  # no published rules: reports cannot be made
    client.force_login(cast.board_staff)
    response = client.post(request_url(cast.board), follow=True)
    bundle = ReportBundle.objects.get()
    assert bundle.status == ReportBundle.Status.FAILED
    assert bundle.error.startswith("De rapporten konden niet gemaakt worden.")
    page = response.content.decode()
    assert "Mislukt" in page and "De rapporten konden niet gemaakt worden." in page
    assert 'http-equiv="refresh"' not in page


@pytest.mark.usefixtures("quick_render")
def test_strangers_and_facility_managers_cannot_request_or_see_a_bundle(client, cast):
    client.force_login(cast.board_staff)
    client.post(request_url(cast.board))
    bundle = ReportBundle.objects.get()
    download = reverse("reports:board-bundle-download", args=[cast.board.pk, bundle.pk])
    for person in (cast.stranger, cast.manager):
        client.force_login(person)
        assert client.post(request_url(cast.board)).status_code == 404
        assert client.get(bundle.get_absolute_url()).status_code == 404
        assert client.get(download).status_code == 404
    assert ReportBundle.objects.count() == 1


@pytest.mark.usefixtures("quick_render")
def test_a_bundle_is_not_found_under_another_board(client, cast, django_user_model):
    from schools.models import BoardMembership

    client.force_login(cast.board_staff)
    client.post(request_url(cast.board))
    bundle = ReportBundle.objects.get()
    BoardMembership.objects.create(user=cast.board_staff, board=cast.other_board)
    other = reverse("reports:board-bundle-progress", args=[cast.other_board.pk, bundle.pk])
    assert client.get(other).status_code == 404


def test_a_bundle_is_only_requested_with_a_post(client, cast):
    client.force_login(cast.board_staff)
    assert client.get(request_url(cast.board)).status_code == 405
    assert not ReportBundle.objects.exists()
