"""Background tasks (django-tasks): building a board's ZIP of advisory reports.

With the SQLite default the ``immediate`` backend runs a task inside ``enqueue()``; on
PostgreSQL the ``database`` backend queues it and ``manage.py db_worker`` runs it. The test
settings (``seapp.settings_test``) use the immediate backend on every database.
"""

from __future__ import annotations

import io
import logging
import zipfile

from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from pathways.services import current_ruleset
from schools import services as school_services

from .models import ReportBundle
from .pdf import REPORT_LANGUAGE
from .storage import board_report_get_or_render, school_report_get_or_render, sha256

logger = logging.getLogger(__name__)

MSG_BUNDLE_FAILED = gettext_noop(
    "De rapporten konden niet gemaakt worden. Probeer het later opnieuw."
)


@task()
def build_report_bundle(bundle_id: int) -> int:
    """Make (or reuse) every school's report and the pooled board report, and ZIP them.

    Progress is written to the bundle after each report, so the progress page can show it.
    Schools without a submitted questionnaire are listed in ``LEESMIJ.txt`` inside the ZIP.
    Returns the number of PDFs in the ZIP; on failure the bundle is marked failed and the
    error re-raised, so the task backend records it too.
    """
    bundle = ReportBundle.objects.select_related("board", "requested_by").get(pk=bundle_id)
    try:
        board = bundle.board
        schools = list(board.schools.select_related("board").order_by("name"))
        versions = school_services.latest_submitted_by_school(schools)
        submitted = [s for s in schools if s.pk in versions]
        ruleset = current_ruleset()
        ReportBundle.objects.filter(pk=bundle.pk).update(
            status=ReportBundle.Status.RUNNING, total=len(submitted) + 1, done=0
        )
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
                ReportBundle.objects.filter(pk=bundle.pk).update(done=F("done") + 1)
            report = board_report_get_or_render(
                board, user=bundle.requested_by, on=bundle.evaluated_on, ruleset=ruleset
            )
            add(report.filename, bytes(report.pdf))
            add("LEESMIJ.txt", _readme(board, schools, submitted).encode("utf-8"))
        data = buffer.getvalue()
        ReportBundle.objects.filter(pk=bundle.pk).update(
            status=ReportBundle.Status.DONE,
            done=F("total"),
            archive=data,
            sha256=sha256(data),
            finished_at=timezone.now(),
        )
        return len(submitted) + 1
    except Exception as exc:
        logger.exception("report bundle %s failed", bundle_id)
        with translation.override(REPORT_LANGUAGE):
            message = _(MSG_BUNDLE_FAILED)
        ReportBundle.objects.filter(pk=bundle.pk).update(
            status=ReportBundle.Status.FAILED,
            error=f"{message} ({type(exc).__name__})",
            finished_at=timezone.now(),
        )
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
