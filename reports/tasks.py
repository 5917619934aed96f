"""Background tasks (django-tasks): rendering the reports a download asked for, building a
board's ZIP of advisory reports, and rendering reports ahead of the first click.

With the SQLite default the ``immediate`` backend runs a task inside ``enqueue()``; on
PostgreSQL the ``database`` backend queues it and ``manage.py db_worker`` runs it. The test
settings (``seapp.settings_test``) use the immediate backend on every database.
"""

from __future__ import annotations

import io
import logging
import zipfile

from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from pathways.services import current_ruleset
from schools import services as school_services

from . import bundles
from .models import REPORT_KINDS, AdviceReport, ReportBundle
from .ondemand import MSG_RENDER_FAILED
from .pdf import REPORT_LANGUAGE
from .storage import (
    NoSubmittedAnswers,
    board_report_get_or_render,
    claim_plan,
    school_report_get_or_render,
    sha256,
)

logger = logging.getLogger(__name__)

# Someone is waiting for a report a download asked for: it goes before bundles and renders
# ahead of the first click (the database backend takes the highest priority first).
WAITING_PRIORITY = 10


@task(priority=WAITING_PRIORITY)
def render_report(report_id: int) -> int:
    """Render the PDF of a claimed report (``reports.ondemand``) and store it in its row.

    Returns its size in bytes, or 0 when there was nothing to do: already rendered, the claim
    gone, or its inputs changed since it was claimed (then the claim is dropped and the next
    look at the waiting page claims the new inputs). On failure the claim records a Dutch
    message (the waiting page shows it, with a retry) and the error is re-raised, so the task
    backend records it too.
    """
    report = (
        AdviceReport.objects.defer("pdf")
        .select_related("school__board", "board", "questionnaire_version", "created_by")
        .filter(pk=report_id)
        .first()
    )
    if report is None or report.size:
        return 0
    try:
        plan = claim_plan(report)
        if plan.key != report.input_key:
            logger.info("report %s: its inputs changed before it was rendered", report.number)
            AdviceReport.objects.filter(pk=report.pk, size=0).delete()
            return 0
        return plan.get_or_render().size
    except Exception as exc:
        logger.exception("report %s render failed", report.number)
        message = f"{bundles.dutch(MSG_RENDER_FAILED)} ({type(exc).__name__})"
        AdviceReport.objects.filter(pk=report.pk, size=0).update(error=message)
        raise


@task()
def build_report_bundle(bundle_id: int, attempt: int = 1) -> int:
    """Make (or reuse) every school's report and the pooled board report, and ZIP them.

    Runs only as the bundle's current ``attempt`` (see ``reports.bundles``): it claims the
    queued bundle, writes progress and a heartbeat after each report, and stops as soon as the
    bundle was given up on or retried, or its deadline passed. Schools without a submitted
    questionnaire are listed in ``LEESMIJ.txt`` inside the ZIP. Returns the number of PDFs in
    the ZIP (0 when there was nothing for this attempt to do); on failure the bundle is marked
    failed and the error re-raised, so the task backend records it too.
    """
    bundle = ReportBundle.objects.select_related("board", "requested_by").get(pk=bundle_id)
    try:
        board = bundle.board
        schools = list(board.schools.select_related("board").order_by("name"))
        versions = school_services.latest_submitted_by_school(schools)
        submitted = [s for s in schools if s.pk in versions]
        if not bundles.start(bundle_id, attempt, total=len(submitted) + 1):
            logger.info("report bundle %s attempt %s is not to be run", bundle_id, attempt)
            return 0
        ruleset = current_ruleset()
        buffer = io.BytesIO()
        stamp = (bundle.evaluated_on.year, bundle.evaluated_on.month, bundle.evaluated_on.day)
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:

            def add(name: str, data: bytes) -> None:
                # A fixed timestamp keeps the ZIP the same for the same reports.
                archive.writestr(zipfile.ZipInfo(name, date_time=(*stamp, 0, 0, 0)), data)

            for school in submitted:
                report = school_report_get_or_render(
                    school,
                    user=bundle.requested_by,
                    version=versions[school.pk],
                    on=bundle.evaluated_on,
                    ruleset=ruleset,
                )
                add(report.filename, bytes(report.pdf))
                bundles.beat(bundle_id, attempt, done=1)
            report = board_report_get_or_render(
                board, user=bundle.requested_by, on=bundle.evaluated_on, ruleset=ruleset
            )
            add(report.filename, bytes(report.pdf))
            ReportBundle.objects.filter(pk=bundle.pk).update(done=F("done") + 1)
            add("LEESMIJ.txt", _readme(board, schools, submitted).encode("utf-8"))
        data = buffer.getvalue()
        if not bundles.finish(
            bundle_id, attempt, done=F("total"), archive=data, sha256=sha256(data)
        ):
            raise bundles.BundleAbandoned(bundle_id)
        return len(submitted) + 1
    except bundles.BundleAbandoned:
        # Given up on (its worker looked dead) or retried: the newer attempt owns the bundle.
        logger.warning("report bundle %s attempt %s stopped: no longer its own", bundle_id, attempt)
        return 0
    except Exception as exc:
        logger.exception("report bundle %s attempt %s failed", bundle_id, attempt)
        if isinstance(exc, bundles.BundleDeadlinePassed):
            message = bundles.dutch(bundles.MSG_BUNDLE_TOO_LATE)
        else:
            message = f"{bundles.dutch(bundles.MSG_BUNDLE_FAILED)} ({type(exc).__name__})"
        bundles.fail(bundle_id, attempt, message)
        raise


def _readme(board, schools, submitted) -> str:
    """Return the Dutch note in the ZIP: what it holds and which schools are missing."""
    with translation.override(REPORT_LANGUAGE):
        lines = [
            _("Adviesrapporten van %(board)s") % {"board": board.name},
            "",
            _(
                "Eén PDF per school met een ingediende vragenlijst, en één rapport voor het "
                "schoolbestuur waarin alle scholen samen beoordeeld worden."
            ),
        ]
        missing = [s.name for s in schools if s not in submitted]
        if missing:
            lines += ["", _("Nog geen ingediende vragenlijst, dus geen rapport:")]
            lines += [f"- {name}" for name in missing]
    return "\n".join(lines) + "\n"


# --- Rendering ahead of the first click ---------------------------------------------------------


@task()
def prerender_school_reports(school_id: int) -> int:
    """Render and store the school's note and full report for today, and its board's.

    Run after a submission, a change of the school's record or a publication, so the first
    download is served from storage. Returns how many reports were made or found; a school
    without a submitted questionnaire (or no published rules) gives 0.
    """
    from pathways.services import NoPublishedRules
    from schools.models import School

    school = School.objects.select_related("board").filter(pk=school_id).first()
    if school is None:
        return 0
    count = 0
    try:
        for kind in REPORT_KINDS:
            school_report_get_or_render(school, kind=kind)
            count += 1
        for kind in REPORT_KINDS:
            board_report_get_or_render(school.board, kind=kind)
            count += 1
    except (NoSubmittedAnswers, NoPublishedRules):
        pass
    return count


@task()
def prerender_all_reports() -> int:
    """Queue the rendering of every school's reports (after the rules were published)."""
    school_ids = [school.pk for school, _facts in school_services.submitted_profiles()]
    for school_id in school_ids:
        prerender_school_reports.enqueue(school_id)
    return len(school_ids)
