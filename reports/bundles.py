"""The life of a report bundle: requested, queued, running, then done or failed, never stuck.

A bundle is built by a background task (``reports.tasks.build_report_bundle``) that may die
with its worker (killed, out of memory, the machine restarted). So every bundle carries:

- an ``attempt`` number: the task is enqueued with it and writes progress only while the
  bundle still has that attempt and is running, so a task that was given up on (or that lost
  the race to a retry) stops instead of overwriting a newer attempt;
- a ``heartbeat_at``: the worker refreshes it after each report; a running bundle without a
  heartbeat for ``REPORT_BUNDLE_STALE_SECONDS`` has lost its worker (one report takes at most
  ``REPORT_RENDER_SECONDS``, a render is stopped after that);
- a ``deadline_at``: ``REPORT_BUNDLE_DEADLINE_SECONDS`` after it was (re)queued; past it, a
  queued or running bundle is failed (no worker picked it up, or it takes far too long).

``expire_bundles`` fails the bundles that broke one of those promises, with a Dutch message; the
progress page, a new request and ``manage.py prune_reports`` call it, so a bundle never shows
"Bezig" forever, even when no worker is left. ``retry_bundle`` queues a failed bundle again.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from reports.models import ReportBundle
from reports.pdf import REPORT_LANGUAGE

logger = logging.getLogger(__name__)

MSG_BUNDLE_FAILED = gettext_noop(
    "De rapporten konden niet gemaakt worden. Probeer het later opnieuw."
)
MSG_BUNDLE_INTERRUPTED = gettext_noop(
    "Het maken van de rapporten werd onderbroken: de achtergrondverwerking stopte onverwacht. "
    "Probeer het opnieuw."
)
MSG_BUNDLE_TOO_LATE = gettext_noop(
    "Het maken van de rapporten duurde te lang en werd gestopt. Probeer het later opnieuw."
)


class BundleAbandoned(Exception):
    """This attempt no longer owns the bundle (it was given up on or retried): stop quietly."""


class BundleDeadlinePassed(Exception):
    """The bundle ran past its deadline."""


def dutch(message: str) -> str:
    with translation.override(REPORT_LANGUAGE):
        return _(message)


def new_deadline(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) + dt.timedelta(seconds=settings.REPORT_BUNDLE_DEADLINE_SECONDS)


def request_bundle(*, board, user, on: dt.date) -> ReportBundle:
    """Store a new bundle of ``board``'s reports (evaluated ``on``) and queue its task."""
    expire_bundles(board=board)
    bundle = ReportBundle.objects.create(
        board=board, requested_by=user, evaluated_on=on, deadline_at=new_deadline()
    )
    _enqueue(bundle)
    return bundle


def retry_bundle(bundle: ReportBundle) -> bool:
    """Queue a failed bundle again as a new attempt; False when it is not failed (any more)."""
    attempt = bundle.attempt + 1
    queued = ReportBundle.objects.filter(
        pk=bundle.pk, attempt=bundle.attempt, status=ReportBundle.Status.FAILED
    ).update(
        status=ReportBundle.Status.QUEUED,
        attempt=attempt,
        done=0,
        total=0,
        error="",
        started_at=None,
        heartbeat_at=None,
        finished_at=None,
        deadline_at=new_deadline(),
    )
    if not queued:
        return False
    bundle.attempt, bundle.status = attempt, ReportBundle.Status.QUEUED
    _enqueue(bundle)
    return True


def _enqueue(bundle: ReportBundle) -> None:
    from reports.tasks import build_report_bundle

    # Autocommit has stored the bundle, so a worker on another connection can find it.
    result = build_report_bundle.enqueue(bundle.pk, bundle.attempt)
    task_id = str(result.id)[:64]
    ReportBundle.objects.filter(pk=bundle.pk, attempt=bundle.attempt).update(task_id=task_id)
    bundle.task_id = task_id


# --- What the task calls ------------------------------------------------------------------------


def start(bundle_id: int, attempt: int, *, total: int) -> bool:
    """Claim the queued bundle for this attempt; False when it is not this attempt's to run."""
    now = timezone.now()
    return bool(
        ReportBundle.objects.filter(
            _in_time(now), pk=bundle_id, attempt=attempt, status=ReportBundle.Status.QUEUED
        ).update(
            status=ReportBundle.Status.RUNNING,
            started_at=now,
            heartbeat_at=now,
            total=total,
            done=0,
        )
    )


def _in_time(now: dt.datetime) -> Q:
    return Q(deadline_at__gt=now) | Q(deadline_at__isnull=True)


def beat(bundle_id: int, attempt: int, *, done: int = 0) -> None:
    """Record progress (``done`` more reports) and that the worker lives.

    Raises ``BundleAbandoned`` when this attempt no longer owns the bundle and
    ``BundleDeadlinePassed`` when the bundle is past its deadline.
    """
    now = timezone.now()
    mine = ReportBundle.objects.filter(
        pk=bundle_id, attempt=attempt, status=ReportBundle.Status.RUNNING
    )
    if not mine.filter(_in_time(now)).update(done=F("done") + done, heartbeat_at=now):
        if mine.exists():
            raise BundleDeadlinePassed(bundle_id)
        raise BundleAbandoned(bundle_id)


def finish(bundle_id: int, attempt: int, **fields) -> bool:
    """Mark this attempt's bundle done with ``fields`` (archive, sha256); False if not ours."""
    return bool(
        ReportBundle.objects.filter(
            pk=bundle_id, attempt=attempt, status=ReportBundle.Status.RUNNING
        ).update(status=ReportBundle.Status.DONE, finished_at=timezone.now(), **fields)
    )


def fail(bundle_id: int, attempt: int, message: str) -> bool:
    """Mark this attempt's bundle failed with a Dutch ``message``; False if not ours."""
    return bool(
        ReportBundle.objects.filter(
            pk=bundle_id,
            attempt=attempt,
            status__in=(ReportBundle.Status.QUEUED, ReportBundle.Status.RUNNING),
        ).update(status=ReportBundle.Status.FAILED, error=message, finished_at=timezone.now())
    )


# --- Bundles whose worker is gone ---------------------------------------------------------------


def expire_bundles(*, board=None, now: dt.datetime | None = None) -> int:
    """Fail every queued or running bundle (of ``board``) that lost its worker or deadline.

    Returns how many were failed. The task row of a bundle whose worker died is marked failed
    too, so the task list does not show it running forever either.
    """
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=settings.REPORT_BUNDLE_STALE_SECONDS)
    overdue = now - dt.timedelta(seconds=settings.REPORT_BUNDLE_DEADLINE_SECONDS)
    active = (ReportBundle.Status.QUEUED, ReportBundle.Status.RUNNING)
    broken = (
        Q(status=ReportBundle.Status.RUNNING, heartbeat_at__lt=stale)
        | Q(deadline_at__lt=now)
        | Q(deadline_at__isnull=True, created_at__lt=overdue)
    )
    candidates = ReportBundle.objects.filter(broken, status__in=active)
    if board is not None:
        candidates = candidates.filter(board=board)
    failed = 0
    for bundle in candidates.only("pk", "attempt", "status", "task_id", "heartbeat_at"):
        too_late = bundle.status == ReportBundle.Status.QUEUED or (
            bundle.heartbeat_at is not None and bundle.heartbeat_at >= stale
        )
        message = dutch(MSG_BUNDLE_TOO_LATE if too_late else MSG_BUNDLE_INTERRUPTED)
        updated = ReportBundle.objects.filter(
            pk=bundle.pk, attempt=bundle.attempt, status=bundle.status
        ).update(status=ReportBundle.Status.FAILED, error=message, finished_at=now)
        if updated:
            failed += 1
            logger.warning("report bundle %s attempt %s given up", bundle.pk, bundle.attempt)
            _fail_task_result(bundle.task_id, message)
    return failed


def _fail_task_result(task_id: str, message: str) -> None:
    """Mark the queue's row of a given-up task failed (database backend only)."""
    if not task_id:
        return
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    try:
        row = DBTaskResult.objects.filter(
            id=task_id, status__in=(TaskResultStatus.READY, TaskResultStatus.RUNNING)
        ).first()
    except Exception:  # not a UUID: another backend's id
        return
    if row is not None:
        row.set_failed(BundleAbandoned(message))
