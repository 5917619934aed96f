"""Reports asked for by a download: served when stored, otherwise rendered by a background task.

A web request never renders a PDF. ``request_report`` returns the stored report for a plan's
inputs, or claims its row (``reports.storage.claim_report``) and queues one render task for it
(``reports.tasks.render_report``); while that claim is pending, nothing more is queued. With
the immediate task backend (SQLite development) the task has run when ``enqueue()`` returns, so
the first click is served at once; with the database backend a ``db_worker`` renders it and the
waiting page reloads until it is there.

A claim is in one of three states (``state``): ``ready`` (its PDF is stored), ``pending``
(queued less than ``REPORT_RENDER_WAIT_SECONDS`` ago) or ``failed`` (its render failed, or no
worker made it in time). ``retry_report`` queues a failed claim again.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from .bundles import dutch
from .models import AdviceReport
from .storage import ReportPlan

logger = logging.getLogger(__name__)

READY, PENDING, FAILED = "ready", "pending", "failed"

MSG_RENDER_FAILED = gettext_noop(
    "Het rapport kon nu niet gemaakt worden. Probeer het over enkele minuten opnieuw."
)
MSG_RENDER_TOO_LATE = gettext_noop(
    "Het maken van het rapport duurde te lang: de achtergrondverwerking nam het niet op tijd "
    "op. Probeer het opnieuw."
)


def _stale_before(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(seconds=settings.REPORT_RENDER_WAIT_SECONDS)


def state(report: AdviceReport, now: dt.datetime | None = None) -> str:
    """Return ``READY``, ``PENDING`` or ``FAILED`` for a stored report or claim."""
    if report.size:
        return READY
    if report.error:
        return FAILED
    queued = report.queued_at or report.created_at
    return PENDING if queued >= _stale_before(now or timezone.now()) else FAILED


def failure_message(report: AdviceReport) -> str:
    """Return the Dutch reason a failed claim gives its reader."""
    return report.error or dutch(MSG_RENDER_TOO_LATE)


def request_report(plan: ReportPlan, *, retry_failed: bool = True) -> AdviceReport:
    """Return the stored report of ``plan``, or its claim with one render queued for it.

    A new claim is queued; so is a failed one when ``retry_failed`` (a new click on the
    download is a retry; the waiting page is not). A pending claim is returned as it is: one
    render per set of inputs at a time. The row returned has its PDF when the render is done
    (at once with the immediate backend).
    """
    report, created = plan.claim(queued_at=timezone.now())
    if report.size:
        return report
    if created:
        _enqueue(report.pk)
    elif retry_failed and state(report) == FAILED:
        retry_report(report)
    return _reload(plan, report)


def retry_report(report: AdviceReport) -> bool:
    """Queue a failed claim again; False when it is not failed (any more): no second render."""
    now = timezone.now()
    requeued = (
        AdviceReport.objects.filter(pk=report.pk, size=0)
        .filter(
            ~Q(error="")
            | Q(queued_at__lt=_stale_before(now))
            | Q(queued_at__isnull=True, created_at__lt=_stale_before(now))
        )
        .update(queued_at=now, error="")
    )
    if requeued:
        _enqueue(report.pk)
    return bool(requeued)


def _enqueue(report_id: int) -> None:
    from .tasks import render_report

    # Autocommit has stored the claim, so a worker on another connection can find it.
    render_report.enqueue(report_id)


def _reload(plan: ReportPlan, report: AdviceReport) -> AdviceReport:
    """Return the claim as stored now (the immediate backend rendered it meanwhile)."""
    fresh = AdviceReport.objects.filter(pk=report.pk).first()
    if fresh is None:  # its task found the inputs changed and dropped the claim
        return report
    return plan.own(fresh)
