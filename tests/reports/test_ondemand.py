"""A download never renders in the web request: a stored report is served, a new one is queued
as a background task and the reader waits on a page that reloads itself.

The immediate backend (the test settings' default, like SQLite development) runs the task
inside ``enqueue()``, so the first click is served at once; the dummy backend keeps the task
queued, as a database queue does until a worker takes it.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks import task_backends

from pathways.services import today
from reports.models import AdviceReport
from reports.render import RenderFailed
from reports.storage import school_report_get_or_render, school_report_plan
from reports.tasks import render_report
from tests.checks import page_html

from . import reportdata as data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_render")]

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
WAITING = "Het rapport wordt gemaakt…"


@pytest.fixture
def cast(django_user_model) -> data.Cast:
    data.publish_rules()
    return data.make_cast(django_user_model)


@pytest.fixture
def queue(settings):
    """A task queue no worker reads: tasks stay queued; returns the list of queued tasks."""
    settings.TASKS = DUMMY_TASKS
    backend = task_backends["default"]
    backend.clear()
    return backend.results


def pdf_url(pk: int, name: str = "reports:report-pdf") -> str:
    return reverse(name, args=[pk])


def wait_url(pk: int, name: str = "reports:report-wait") -> str:
    return reverse(name, args=[pk])


def test_a_stored_report_is_served_as_stored_without_queueing_anything(client, cast, queue):
    stored = school_report_get_or_render(cast.school, on=today())
    client.force_login(cast.manager)

    response = client.get(pdf_url(cast.school.pk))

    assert response.status_code == 200
    assert response.content == bytes(stored.pdf)
    assert response["ETag"] == f'"{hashlib.sha256(bytes(stored.pdf)).hexdigest()}"'
    assert queue == []


def test_with_the_immediate_backend_the_first_click_is_queued_rendered_and_served(client, cast):
    client.force_login(cast.manager)

    response = client.get(pdf_url(cast.school.pk))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    report = AdviceReport.objects.get()
    assert response.content == bytes(report.pdf)
    assert report.queued_at is not None and report.error == ""


def test_a_new_report_is_queued_once_and_the_reader_waits_until_it_is_made(client, cast, queue):
    client.force_login(cast.manager)

    response = client.get(pdf_url(cast.school.pk))

    assert response.status_code == 302
    assert response["Location"] == wait_url(cast.school.pk)
    claim = AdviceReport.objects.get()
    assert claim.size == 0
    assert [(r.task.name, r.args) for r in queue] == [("render_report", [claim.pk])]

    page = client.get(response["Location"])
    html = page_html(page)
    assert WAITING in html
    assert '<meta http-equiv="refresh" content="3">' in html
    # Clicking again and reloading the waiting page queue nothing more.
    assert client.get(pdf_url(cast.school.pk)).status_code == 302
    client.get(wait_url(cast.school.pk))
    assert len(queue) == 1 and AdviceReport.objects.count() == 1

    render_report.call(claim.pk)  # what the worker does

    ready = client.get(wait_url(cast.school.pk)).content.decode()
    assert "Het rapport is klaar" in ready
    assert f'content="0; url={pdf_url(cast.school.pk)}"' in ready
    download = client.get(pdf_url(cast.school.pk))
    assert download["Content-Type"] == "application/pdf"
    assert download.content == bytes(AdviceReport.objects.get().pdf)
    assert len(queue) == 1


def test_a_pending_render_shows_the_waiting_page_and_queues_nothing(client, cast, queue):
    plan = school_report_plan(cast.school, on=today(), kind="note")
    plan.claim(queued_at=timezone.now())
    client.force_login(cast.board_staff)

    response = client.get(pdf_url(cast.school.pk, "reports:report-note-pdf"))
    assert response["Location"] == wait_url(cast.school.pk, "reports:report-note-wait")
    html = client.get(response["Location"]).content.decode()

    assert WAITING in html and "Beslissingsnota" in html
    assert 'http-equiv="refresh"' in html
    assert queue == []


def test_a_stranger_gets_404_for_the_waiting_page_and_its_retry(client, cast, queue):
    school_report_plan(cast.school, on=today()).claim(queued_at=timezone.now())
    client.force_login(cast.stranger)

    assert client.get(wait_url(cast.school.pk)).status_code == 404
    assert client.post(wait_url(cast.school.pk)).status_code == 404
    assert client.get(wait_url(cast.board.pk, "reports:board-report-wait")).status_code == 404
    assert client.get(pdf_url(cast.school.pk)).status_code == 404
    assert queue == []


def test_a_manager_gets_404_for_the_boards_waiting_page(client, cast):
    client.force_login(cast.manager)
    assert client.get(wait_url(cast.board.pk, "reports:board-report-wait")).status_code == 404


def test_a_failed_render_says_so_in_dutch_and_a_retry_makes_it(client, cast, monkeypatch):
    from reports import storage

    working = storage.render_report_pdf

    def broken(*args, **kwargs):
        raise RenderFailed("WeasyPrint fell over")

    monkeypatch.setattr(storage, "render_report_pdf", broken)
    client.force_login(cast.manager)

    response = client.get(pdf_url(cast.school.pk), follow=True)

    html = response.content.decode()
    assert "Het rapport kon niet gemaakt worden" in html
    assert "Het rapport kon nu niet gemaakt worden." in html and "(RenderFailed)" in html
    assert "Opnieuw proberen" in html
    assert 'http-equiv="refresh"' not in html
    claim = AdviceReport.objects.get()
    assert claim.size == 0 and claim.error

    monkeypatch.setattr(storage, "render_report_pdf", working)
    retried = client.post(wait_url(cast.school.pk), follow=True).content.decode()

    assert "Het rapport wordt opnieuw gemaakt." in retried
    assert "Het rapport is klaar" in retried
    report = AdviceReport.objects.get()
    assert (report.pk, report.error) == (claim.pk, "") and report.size > 0


def test_a_render_no_worker_took_in_time_shows_as_failed_and_is_queued_again_once(
    client, cast, queue, settings
):
    long_ago = timezone.now() - dt.timedelta(seconds=settings.REPORT_RENDER_WAIT_SECONDS + 1)
    claim, _ = school_report_plan(cast.school, on=today()).claim(queued_at=long_ago)
    client.force_login(cast.manager)

    html = client.get(wait_url(cast.school.pk)).content.decode()
    assert "duurde te lang" in html and "Opnieuw proberen" in html
    assert queue == []

    client.post(wait_url(cast.school.pk))
    client.post(wait_url(cast.school.pk))  # a second click while it is queued again

    assert [r.args for r in queue] == [[claim.pk]]
    assert WAITING in client.get(wait_url(cast.school.pk)).content.decode()


def test_a_render_whose_inputs_changed_meanwhile_drops_its_claim(client, cast, queue):
    client.force_login(cast.manager)
    client.get(pdf_url(cast.school.pk))
    claim = AdviceReport.objects.get()
    cast.school.postcode = "1700"  # the school record is part of what the advice used
    cast.school.save()

    assert render_report.call(claim.pk) == 0

    assert not AdviceReport.objects.filter(pk=claim.pk).exists()
    assert WAITING in client.get(wait_url(cast.school.pk)).content.decode()
    assert AdviceReport.objects.get().pk != claim.pk


def test_the_board_report_waits_and_keeps_the_chosen_date(client, cast, queue):
    client.force_login(cast.board_staff)
    day = data.DAY.isoformat()

    response = client.get(pdf_url(cast.board.pk, "reports:board-report-pdf") + f"?datum={day}")

    assert response["Location"] == wait_url(cast.board.pk, "reports:board-report-wait") + (
        f"?datum={day}"
    )
    claim = AdviceReport.objects.get()
    assert (claim.scope, claim.evaluated_on) == (AdviceReport.Scope.BOARD, data.DAY)
    render_report.call(claim.pk)
    html = client.get(response["Location"]).content.decode()
    assert "Het rapport is klaar" in html
    assert f"advies.pdf?datum={day}" in html


def test_the_download_buttons_open_the_download_not_a_saved_file(client, cast):
    client.force_login(cast.board_staff)
    html = client.get(reverse("schools:school-advice", args=[cast.school.pk])).content.decode()
    link = html.split(f'href="{pdf_url(cast.school.pk)}"', 1)[1].split(">", 1)[0]
    # A "download" attribute would save the waiting page as the PDF file.
    assert "download" not in link
