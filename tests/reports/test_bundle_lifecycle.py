"""A bundle ends done or failed, never "Bezig" forever; a failed one can be tried again.

The worker processes themselves are in ``test_bundle_workers``; these tests put bundles in the
states a dead worker leaves behind and look at what the board's staff then see.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import bundles
from reports.models import ReportBundle
from reports.tasks import build_report_bundle

from . import reportdata as data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_render")]

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def cast(django_user_model, settings) -> data.Cast:
    settings.TASKS = IMMEDIATE
    data.publish_rules()
    return data.make_cast(django_user_model)


def _bundle(cast, status, **fields) -> ReportBundle:
    return ReportBundle.objects.create(
        board=cast.board,
        requested_by=cast.board_staff,
        evaluated_on=dt.date(2026, 3, 2),
        status=status,
        deadline_at=timezone.now() + dt.timedelta(hours=1),
        **fields,
    )


def _ago(seconds: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=seconds)


def test_a_running_bundle_whose_worker_stopped_showing_progress_shows_as_failed_with_a_retry(
    client, cast, settings
):
    settings.REPORT_BUNDLE_STALE_SECONDS = 300
    bundle = _bundle(
        cast, ReportBundle.Status.RUNNING, started_at=_ago(400), heartbeat_at=_ago(301), total=2
    )
    client.force_login(cast.board_staff)

    page = client.get(bundle.get_absolute_url()).content.decode()

    assert "Mislukt" in page and "Bezig" not in page
    assert "de achtergrondverwerking stopte onverwacht" in page
    assert "Opnieuw proberen" in page
    assert 'http-equiv="refresh"' not in page
    bundle.refresh_from_db()
    assert bundle.status == ReportBundle.Status.FAILED and bundle.finished_at is not None


def test_a_running_bundle_with_recent_progress_is_still_running(client, cast, settings):
    settings.REPORT_BUNDLE_STALE_SECONDS = 300
    bundle = _bundle(cast, ReportBundle.Status.RUNNING, heartbeat_at=_ago(200), total=2, done=1)
    client.force_login(cast.board_staff)

    page = client.get(bundle.get_absolute_url()).content.decode()

    assert "Bezig" in page and "1 van 2 rapporten klaar" in page
    assert 'http-equiv="refresh"' in page and "Opnieuw proberen" not in page


def test_a_queued_bundle_that_no_worker_picked_up_before_its_deadline_shows_as_failed(client, cast):
    bundle = _bundle(cast, ReportBundle.Status.QUEUED)
    ReportBundle.objects.filter(pk=bundle.pk).update(deadline_at=_ago(1))
    client.force_login(cast.board_staff)

    page = client.get(bundle.get_absolute_url()).content.decode()

    assert "Mislukt" in page and "duurde te lang" in page and "Opnieuw proberen" in page


def test_retrying_a_failed_bundle_builds_it_as_a_new_attempt(client, cast):
    bundle = _bundle(cast, ReportBundle.Status.FAILED, error="onderbroken")
    client.force_login(cast.board_staff)

    response = client.post(
        reverse("reports:board-bundle-retry", args=[cast.board.pk, bundle.pk]), follow=True
    )

    page = response.content.decode()
    assert "Klaar" in page and "2 van 2 rapporten klaar" in page
    bundle.refresh_from_db()
    assert (bundle.status, bundle.attempt, bundle.error) == (ReportBundle.Status.DONE, 2, "")
    assert bundle.archive


def test_a_bundle_that_is_not_failed_is_not_retried(client, cast):
    bundle = _bundle(cast, ReportBundle.Status.RUNNING, heartbeat_at=timezone.now())
    client.force_login(cast.board_staff)

    response = client.post(
        reverse("reports:board-bundle-retry", args=[cast.board.pk, bundle.pk]), follow=True
    )

    assert "kan niet opnieuw" in response.content.decode()
    bundle.refresh_from_db()
    assert (bundle.status, bundle.attempt) == (ReportBundle.Status.RUNNING, 1)


def test_someone_of_another_board_cannot_see_or_retry_a_bundle(client, cast):
    bundle = _bundle(cast, ReportBundle.Status.FAILED)
    client.force_login(cast.stranger)

    retry = reverse("reports:board-bundle-retry", args=[cast.board.pk, bundle.pk])
    assert client.post(retry).status_code == 404
    assert client.get(bundle.get_absolute_url()).status_code == 404
    bundle.refresh_from_db()
    assert bundle.attempt == 1


def test_a_task_of_an_attempt_that_was_given_up_leaves_the_newer_attempt_alone(cast):
    bundle = _bundle(cast, ReportBundle.Status.RUNNING, attempt=2, heartbeat_at=timezone.now())

    assert build_report_bundle.call(bundle.pk, 1) == 0

    bundle.refresh_from_db()
    assert (bundle.status, bundle.done, bundle.archive) == (ReportBundle.Status.RUNNING, 0, b"")


def test_a_task_that_runs_past_the_deadline_stops_and_fails_the_bundle(cast):
    bundle = _bundle(cast, ReportBundle.Status.RUNNING, heartbeat_at=timezone.now())
    ReportBundle.objects.filter(pk=bundle.pk).update(deadline_at=_ago(1))

    with pytest.raises(bundles.BundleDeadlinePassed):
        bundles.beat(bundle.pk, 1, done=1)

    bundle.refresh_from_db()
    assert bundle.done == 0


def test_a_bundle_that_failed_shows_a_retry_that_succeeds_once_the_cause_is_gone(client, cast):
    from pathways.models import RuleSetVersion

    published = list(RuleSetVersion.objects.filter(is_current=True).values_list("pk", flat=True))
    RuleSetVersion.objects.update(is_current=False)  # no published rules: reports cannot be made
    client.force_login(cast.board_staff)

    page = client.post(
        reverse("reports:board-bundle", args=[cast.board.pk]), follow=True
    ).content.decode()
    assert "Mislukt" in page and "Opnieuw proberen" in page

    RuleSetVersion.objects.filter(pk__in=published).update(is_current=True)
    bundle = ReportBundle.objects.get()
    page = client.post(
        reverse("reports:board-bundle-retry", args=[cast.board.pk, bundle.pk]), follow=True
    ).content.decode()
    assert "Klaar" in page and "Opnieuw proberen" not in page
