"""Downloading a school's or a board's PDF report: who may, what they get, how fast."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.urls import reverse

from pathways.services import today
from reports.models import AdviceReport

from . import reportdata as data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_render")]


@pytest.fixture
def cast(django_user_model) -> data.Cast:
    data.publish_rules()
    return data.make_cast(django_user_model)


def school_url(cast: data.Cast, school=None) -> str:
    return reverse("reports:report-pdf", args=[(school or cast.school).pk])


def board_url(board) -> str:
    return reverse("reports:board-report-pdf", args=[board.pk])


def test_the_facility_manager_downloads_the_school_report_as_a_pdf_attachment(client, cast):
    client.force_login(cast.manager)
    response = client.get(school_url(cast))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    report = AdviceReport.objects.get()
    assert response["Content-Disposition"] == (
        f'attachment; filename="{report.number}-volledig-rapport-sint-jozefscollege-gent.pdf"'
    )
    assert response.content == bytes(report.pdf)
    assert response["ETag"] == f'"{hashlib.sha256(response.content).hexdigest()}"'
    assert report.evaluated_on == today()
    assert report.created_by == cast.manager


def test_downloading_again_returns_the_same_bytes_without_a_new_report(client, cast):
    client.force_login(cast.manager)
    first = client.get(school_url(cast)).content
    client.force_login(cast.board_staff)
    second = client.get(school_url(cast)).content
    assert first == second
    assert AdviceReport.objects.count() == 1


def test_serving_a_stored_report_takes_a_bounded_number_of_queries(
    client, cast, django_assert_max_num_queries
):
    client.force_login(cast.manager)
    client.get(school_url(cast))
    # Session, user, access check (+ groups), the latest answers (part of the report's key),
    # the current rule version, the directory's revision and the stored report: the count does
    # not grow with the number of schools, routes or reports.
    with django_assert_max_num_queries(8):
        response = client.get(school_url(cast))
    assert response.status_code == 200
    client.force_login(cast.board_staff)
    client.get(board_url(cast.board))
    with django_assert_max_num_queries(9):
        response = client.get(board_url(cast.board))
    assert response.status_code == 200


def test_board_staff_download_the_reports_of_their_schools_and_board(client, cast):
    client.force_login(cast.board_staff)
    assert client.get(school_url(cast)).status_code == 200
    response = client.get(board_url(cast.board))
    assert response.status_code == 200
    report = AdviceReport.objects.get(scope=AdviceReport.Scope.BOARD)
    assert response.content == bytes(report.pdf)
    assert report.filename in response["Content-Disposition"]


def test_a_stranger_gets_404_for_another_boards_school_and_board(client, cast):
    client.force_login(cast.stranger)
    assert client.get(school_url(cast)).status_code == 404
    assert client.get(board_url(cast.board)).status_code == 404
    assert not AdviceReport.objects.exists()


def test_a_facility_manager_cannot_download_the_board_report(client, cast):
    client.force_login(cast.manager)
    assert client.get(board_url(cast.board)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, cast):
    response = client.get(school_url(cast))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_school_without_submitted_answers_gets_a_message_instead_of_a_pdf(client, cast):
    client.force_login(cast.board_staff)
    response = client.get(school_url(cast, cast.sister_school), follow=False)
    assert response.status_code == 302
    assert response["Location"] == reverse("schools:school-advice", args=[cast.sister_school.pk])
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Er is nog geen ingediende vragenlijst, dus nog geen rapport."]


def test_board_staff_may_choose_the_evaluation_date_and_managers_may_not(client, cast):
    client.force_login(cast.board_staff)
    client.get(school_url(cast) + f"?datum={data.DAY.isoformat()}")
    assert AdviceReport.objects.get().evaluated_on == data.DAY
    client.force_login(cast.manager)
    client.get(school_url(cast) + f"?datum={data.DAY.isoformat()}")
    assert set(AdviceReport.objects.values_list("evaluated_on", flat=True)) == {data.DAY, today()}


def test_a_post_to_the_pdf_download_is_refused(client, cast):
    client.force_login(cast.manager)
    assert client.post(school_url(cast)).status_code == 405


def test_the_advice_and_board_pages_offer_the_pdf_downloads(client, cast):
    client.force_login(cast.board_staff)
    advice = client.get(reverse("schools:school-advice", args=[cast.school.pk]))
    assert school_url(cast) in advice.content.decode()
    board = client.get(reverse("schools:board-detail", args=[cast.board.pk])).content.decode()
    assert board_url(cast.board) in board
    assert reverse("reports:board-bundle", args=[cast.board.pk]) in board


def test_in_english_every_download_button_says_the_report_is_in_dutch(client, cast):
    """The reports are written in Dutch whatever the page's language (reports.pdf)."""
    client.force_login(cast.board_staff)
    pages = [
        reverse("schools:school-advice", args=[cast.school.pk]),
        reverse("schools:board-detail", args=[cast.board.pk]),
    ]
    for path in pages:
        html = client.get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        buttons = re.findall(r'class="report-download.*?</div>', html, re.S)[0]
        labels = re.findall(r">([^<>]+)</(?:a|button)>", buttons)
        assert len(labels) >= 2, path
        assert all("in Dutch" in label for label in labels), labels


def test_in_english_the_advice_pages_say_the_rule_texts_are_in_dutch(client, cast):
    client.force_login(cast.board_staff)
    notice = "keeps the routes, their conditions, steps and sources in Dutch only"
    for path in [
        reverse("schools:school-advice", args=[cast.school.pk]),
        reverse("schools:board-detail", args=[cast.board.pk]),
    ]:
        assert notice in client.get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode(), path
        assert "rule-language" not in client.get(path).content.decode(), path


def test_the_note_and_the_full_report_are_told_apart_by_their_file_names(client, cast):
    client.force_login(cast.manager)
    note = client.get(reverse("reports:report-note-pdf", args=[cast.school.pk]))
    full = client.get(school_url(cast))

    names = {
        report.kind: f'attachment; filename="{report.filename}"'
        for report in AdviceReport.objects.all()
    }
    assert note["Content-Disposition"] == names["note"]
    assert full["Content-Disposition"] == names["full"]
    assert "-beslissingsnota-sint-jozefscollege-gent.pdf" in names["note"]
    assert "-volledig-rapport-sint-jozefscollege-gent.pdf" in names["full"]
