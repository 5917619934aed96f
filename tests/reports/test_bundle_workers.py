"""Report bundles, and reports asked for by a download, made by the real ``manage.py db_worker``:
two workers share one queue.

Each test starts two worker processes on the test database (PostgreSQL: the database both the
test and the workers reach; SQLite's test database lives in the test's memory). The data is
committed (``transaction=True``) so the workers see it. The pages are asked through the test
client, as a board's staff member would: the progress page must end in "Klaar" or "Mislukt".
"""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.urls import reverse
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from reports.models import AdviceReport, ReportBundle
from tests.checks import page_html
from tests.factories import kbo_number, make_board, make_school
from tests.reports import reportdata as data
from tests.workers import DATABASE_TASKS, Workers

SCHOOLS = 20

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    # The workers share the queue through PostgreSQL (DATABASE_URL=postgres://...).
    pytest.mark.postgresql,
]


@pytest.fixture
def start_workers(settings):
    """Return ``start(**variables)`` that starts workers "w1" and "w2" with those settings."""
    settings.TASKS = DATABASE_TASKS
    started: list[Workers] = []

    def start(**variables: str) -> Workers:
        workers = Workers(**variables)
        started.append(workers)
        workers.start("w1")
        workers.start("w2")
        return workers

    yield start
    for workers in started:
        workers.stop()


@pytest.fixture
def large_board(django_user_model):
    """A board of twenty schools that all submitted, and a staff member of that board."""
    from schools.models import BoardMembership
    from tests.factories import make_user

    data.publish_rules()
    board = make_board("Scholengroep Twintig", enterprise_number=kbo_number(20))
    for number in range(SCHOOLS):
        school = make_school(
            board, f"School {number + 1:02d}", f"{100000 + number}", level="secundair", pupils=640
        )
        data.submit(school, data.SCHOOL_FACTS)
    staff = make_user("bestuur20", email="bestuur20@school.example", password="een-lang-ww-42")
    BoardMembership.objects.create(user=staff, board=board)
    return board, staff


def _wait_for(condition, *, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"waited {seconds:g} s for {what}")


def _progress_page(client, bundle) -> str:
    return page_html(client.get(bundle.get_absolute_url()))


def _zip_names(bundle) -> list[str]:
    bundle.refresh_from_db()
    with zipfile.ZipFile(io.BytesIO(bytes(bundle.archive))) as archive:
        return archive.namelist()


def test_two_workers_sharing_the_queue_finish_two_bundles_of_a_board_of_twenty_schools(
    client, start_workers, large_board
):
    board, staff = large_board
    start_workers()
    client.force_login(staff)

    for _ in range(2):
        client.post(reverse("reports:board-bundle", args=[board.pk]))
    bundles = list(ReportBundle.objects.order_by("pk"))

    for bundle in bundles:
        _wait_for(
            lambda bundle=bundle: "Klaar" in _progress_page(client, bundle),
            seconds=300,
            what="the bundle to finish",
        )
    for bundle in bundles:
        names = _zip_names(bundle)
        assert len([n for n in names if n.endswith(".pdf")]) == SCHOOLS + 1
        task = DBTaskResult.objects.get(id=bundle.task_id)
        assert task.status == TaskResultStatus.SUCCESSFUL
        assert len(task.worker_ids) == 1, "each bundle was built once, by one worker"
    assert _zip_names(bundles[0]) == _zip_names(bundles[1])


def test_a_bundle_whose_worker_is_killed_shows_as_failed_and_a_retry_finishes_it(
    client, settings, start_workers, large_board
):
    board, staff = large_board
    limits = {"REPORT_RENDER_SECONDS": "45", "REPORT_BUNDLE_STALE_SECONDS": "50"}
    settings.REPORT_BUNDLE_STALE_SECONDS = 50
    workers = start_workers(**limits)
    client.force_login(staff)

    client.post(reverse("reports:board-bundle", args=[board.pk]))
    bundle = ReportBundle.objects.get()
    _wait_for(
        lambda: ReportBundle.objects.filter(pk=bundle.pk, done__gte=2).exists(),
        seconds=120,
        what="the bundle to be under way",
    )
    bundle.refresh_from_db()
    owner = DBTaskResult.objects.get(id=bundle.task_id).worker_ids[-1]
    workers.kill(owner)
    assert "Bezig" in _progress_page(client, bundle)

    def failed_page() -> str | None:
        page = _progress_page(client, bundle)
        return page if "Mislukt" in page else None

    page = _wait_for(
        failed_page,
        seconds=90,
        what="the bundle of the killed worker to show as failed",
    )
    assert "de achtergrondverwerking stopte onverwacht" in page
    assert "Opnieuw proberen" in page
    assert 'http-equiv="refresh"' not in page
    task = DBTaskResult.objects.get(id=bundle.task_id)
    assert task.status == TaskResultStatus.FAILED, "the task list does not show it running"

    client.post(reverse("reports:board-bundle-retry", args=[board.pk, bundle.pk]))
    _wait_for(
        lambda: "Klaar" in _progress_page(client, bundle),
        seconds=300,
        what="the retried bundle to finish on the surviving worker",
    )
    assert len([n for n in _zip_names(bundle) if n.endswith(".pdf")]) == SCHOOLS + 1
    retried = DBTaskResult.objects.get(id=bundle.task_id)
    assert retried.worker_ids == [next(name for name in ("w1", "w2") if name != owner)]


def test_a_download_waits_for_the_worker_and_then_serves_the_report_it_made(
    client, start_workers, large_board
):
    board, staff = large_board
    school = board.schools.order_by("name").first()
    pdf_url = reverse("reports:report-pdf", args=[school.pk])
    wait_url = reverse("reports:report-wait", args=[school.pk])
    client.force_login(staff)

    # Asked for before any worker runs: the request only queues the render.
    first, second = client.get(pdf_url), client.get(pdf_url)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == wait_url
    page = client.get(wait_url).content.decode()
    assert "Het rapport wordt gemaakt…" in page and 'http-equiv="refresh"' in page
    claim = AdviceReport.objects.get()
    assert claim.size == 0
    tasks = DBTaskResult.objects.filter(task_path="reports.tasks.render_report")
    assert [task.args_kwargs["args"] for task in tasks] == [[claim.pk]], "queued once"

    start_workers()
    _wait_for(
        lambda: "Het rapport is klaar" in client.get(wait_url).content.decode(),
        seconds=120,
        what="the worker to make the report",
    )
    response = client.get(pdf_url)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response.content == bytes(AdviceReport.objects.get(pk=claim.pk).pdf)
    assert tasks.get().status == TaskResultStatus.SUCCESSFUL
