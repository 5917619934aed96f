"""Downloads of the PDF advisory reports, and the board's ZIP bundle with its progress page.

Access follows ``schools.access``: whoever may see a school may download its report, whoever
may see a board's overview may download the board report and bundles. Strangers get 404.
A stored report is served as stored (same bytes). A report not stored yet is never rendered
in the request: its render is queued (``reports.ondemand``) and the download sends the reader to
a waiting page that reloads itself until the PDF is there (at once with the immediate backend).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pathways.services import NoPublishedRules, advise, current_ruleset
from schools import access, scan
from schools.scan_views import refused

from . import bundles, ondemand
from .models import KIND_FULL, KIND_NOTE, AdviceReport, ReportBundle
from .ondemand import MSG_RENDER_FAILED
from .pdf import REPORT_LANGUAGE, ReportSubject, render_report_pdf
from .render import RenderFailed
from .storage import NoSubmittedAnswers, board_report_plan, school_report_plan

logger = logging.getLogger(__name__)

MSG_NO_ANSWERS = gettext_noop("Er is nog geen ingediende vragenlijst, dus nog geen rapport.")
MSG_NO_ANSWERS_BOARD = gettext_noop(
    "Nog geen enkele school van dit bestuur heeft de vragenlijst ingediend."
)
MSG_NO_RULES = gettext_noop(
    "Er zijn nog geen regels gepubliceerd; een rapport kan nog niet gemaakt worden."
)
MSG_RENDER_RETRIED = gettext_noop("Het rapport wordt opnieuw gemaakt.")
MSG_BUNDLE_RETRIED = gettext_noop("De rapporten worden opnieuw gemaakt.")
MSG_BUNDLE_NOT_RETRIED = gettext_noop(
    "Deze bundel kan niet opnieuw gemaakt worden: hij is niet mislukt."
)
MSG_BUNDLE_QUEUED = gettext_noop(
    "De rapporten worden gemaakt. Deze pagina toont hoe ver het staat."
)

# While a bundle or a report is being made its page reloads itself every few seconds.
PROGRESS_REFRESH_SECONDS = 3

# The download and the waiting page of each report, by who it is for and its kind.
REPORT_URLS = {
    ("school", KIND_FULL): ("reports:report-pdf", "reports:report-wait"),
    ("school", KIND_NOTE): ("reports:report-note-pdf", "reports:report-note-wait"),
    ("board", KIND_FULL): ("reports:board-report-pdf", "reports:board-report-wait"),
    ("board", KIND_NOTE): ("reports:board-report-note-pdf", "reports:board-report-note-wait"),
}


def _get_bundle_for_user(request: HttpRequest, board_pk: int, pk: int) -> ReportBundle:
    board = access.get_board_for_user(request.user, board_pk)
    bundles.expire_bundles(board=board)  # a bundle whose worker died shows as failed
    bundle = ReportBundle.objects.defer("archive").filter(board=board, pk=pk).first()
    if bundle is None:
        raise Http404("no such bundle")
    bundle.board = board
    return bundle


def _report_date(request: HttpRequest, board_id: int) -> dt.date:
    """Return the evaluation date by the same rule as the advice pages (what the screen showed)."""
    return access.advice_date(request, board_id)[0]


def pdf_response(report: AdviceReport) -> HttpResponse:
    """Return a stored report's bytes as a download, with its SHA-256 as ETag."""
    response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
    response["Content-Length"] = str(report.size or len(report.pdf))
    response["ETag"] = f'"{report.sha256}"'
    response["Cache-Control"] = "private, no-cache"
    return response


class _Report:
    """One report as a view sees it: its plan, its pages and where to go back to."""

    def __init__(self, request: HttpRequest, *, school=None, board=None, kind: str) -> None:
        if kind not in (KIND_FULL, KIND_NOTE):
            raise Http404("no such report")
        self.request, self.school, self.kind = request, school, kind
        self.board = board or school.board
        scope = "school" if school is not None else "board"
        pk = (school or board).pk
        self.on, chosen = access.advice_date(request, self.board.pk)
        # The pages keep a chosen date (a checked one, written again: never the raw input).
        query = f"?datum={self.on:%Y-%m-%d}" if chosen else ""
        download, wait = REPORT_URLS[(scope, kind)]
        self.download_url = reverse(download, args=[pk]) + query
        self.wait_url = reverse(wait, args=[pk]) + query
        if school is not None:
            self.back_url = reverse("schools:school-advice", args=[pk])
            self.no_answers = MSG_NO_ANSWERS
        else:
            self.back_url = reverse("schools:board-detail", args=[pk])
            self.no_answers = MSG_NO_ANSWERS_BOARD

    def plan(self):
        """Return the report's plan; raises NoSubmittedAnswers or NoPublishedRules."""
        options = {"user": self.request.user, "on": self.on, "kind": self.kind}
        if self.school is not None:
            return school_report_plan(self.school, **options)
        return board_report_plan(self.board, **options)

    def requested(self, *, retry_failed: bool):
        """Return the stored report or its claim (render queued), or a redirect back why not."""
        try:
            plan = self.plan()
            return plan.stored() or ondemand.request_report(plan, retry_failed=retry_failed)
        except NoSubmittedAnswers:
            messages.warning(self.request, _(self.no_answers))
        except NoPublishedRules:
            messages.warning(self.request, _(MSG_NO_RULES))
        return redirect(self.back_url)


def _download(report: _Report) -> HttpResponse:
    """Serve the stored PDF, or send the reader to the waiting page while it is made."""
    stored = report.requested(retry_failed=True)
    if isinstance(stored, HttpResponse):
        return stored
    if stored.size:
        return pdf_response(stored)
    return redirect(report.wait_url)


def _wait(report: _Report) -> HttpResponse:
    """Show how the report's render is doing; POST queues a failed render again."""
    request = report.request
    if request.method == "POST":
        try:
            claim = report.plan().claim()[0]
        except (NoSubmittedAnswers, NoPublishedRules):
            return redirect(report.wait_url)
        if claim.size or ondemand.retry_report(claim):
            messages.info(request, _(MSG_RENDER_RETRIED))
        return redirect(report.wait_url)
    claim = report.requested(retry_failed=False)
    if isinstance(claim, HttpResponse):
        return claim
    state = ondemand.state(claim)
    return render(
        request,
        "reports/report_wait.html",
        {
            "report": report,
            "subject": report.school or report.board,
            "state": state,
            "error": ondemand.failure_message(claim) if state == ondemand.FAILED else "",
            "refresh_seconds": PROGRESS_REFRESH_SECONDS if state == ondemand.PENDING else None,
        },
    )


def _report_for_user(request: HttpRequest, pk: int, scope: str, kind: str) -> _Report:
    """Return the report of school ``pk`` (or board ``pk``) if the user may see it; else 404."""
    if scope == "board":
        return _Report(request, board=access.get_board_for_user(request.user, pk), kind=kind)
    return _Report(request, school=access.get_school_for_user(request.user, pk), kind=kind)


@login_required
@require_safe
def report_pdf(
    request: HttpRequest, pk: int, scope: str = "school", kind: str = KIND_FULL
) -> HttpResponse:
    """Download the PDF report (or its decision note) of a school's latest questionnaire.

    A board's report (``scope="board"``) evaluates all its schools together.
    """
    return _download(_report_for_user(request, pk, scope, kind))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_wait(
    request: HttpRequest, pk: int, scope: str = "school", kind: str = KIND_FULL
) -> HttpResponse:
    """The waiting page of a school's (or board's) report: reloads until the PDF is made."""
    return _wait(_report_for_user(request, pk, scope, kind))


@login_required
@require_POST
def board_bundle(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the ZIP of all the board's reports and show its progress page."""
    board = access.get_board_for_user(request.user, pk)
    bundle = bundles.request_bundle(
        board=board, user=request.user, on=_report_date(request, board.pk)
    )
    bundle.refresh_from_db(fields=["status"])
    if not bundle.is_finished:  # finished already when tasks run in the request (SQLite)
        messages.info(request, _(MSG_BUNDLE_QUEUED))
    return redirect(bundle)


@login_required
@require_safe
def board_bundle_progress(request: HttpRequest, pk: int, bundle_pk: int) -> HttpResponse:
    """Show how far the bundle is; reload while it runs, offer the ZIP when done."""
    bundle = _get_bundle_for_user(request, pk, bundle_pk)
    return render(
        request,
        "reports/bundle.html",
        {
            "board": bundle.board,
            "bundle": bundle,
            "refresh_seconds": None if bundle.is_finished else PROGRESS_REFRESH_SECONDS,
        },
    )


@login_required
@require_POST
def board_bundle_retry(request: HttpRequest, pk: int, bundle_pk: int) -> HttpResponse:
    """Make a failed bundle again, as a new attempt, and show its progress page."""
    bundle = _get_bundle_for_user(request, pk, bundle_pk)
    if bundles.retry_bundle(bundle):
        messages.info(request, _(MSG_BUNDLE_RETRIED))
    else:
        messages.warning(request, _(MSG_BUNDLE_NOT_RETRIED))
    return redirect(bundle)


@login_required
@require_safe
def board_bundle_download(request: HttpRequest, pk: int, bundle_pk: int) -> HttpResponse:
    """Download a finished bundle's ZIP."""
    board = access.get_board_for_user(request.user, pk)
    bundle = get_object_or_404(
        ReportBundle.objects.filter(board=board, status=ReportBundle.Status.DONE), pk=bundle_pk
    )
    bundle.board = board
    response = HttpResponse(bytes(bundle.archive), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{bundle.filename}"'
    response["Content-Length"] = str(len(bundle.archive))
    response["ETag"] = f'"{bundle.sha256}"'
    return response


@require_safe
def scan_pdf(request: HttpRequest, kind: str = KIND_FULL) -> HttpResponseBase:
    """Return the advice on the quick scan's answers as a PDF: rendered now, never stored.

    ``kind``: the full report (note and reasoning) or the two-page decision note alone.

    No account needed (the answers live in the visitor's session); rate-limited per client,
    since the PDF is rendered while the visitor waits: ``scan.PDF_LIMIT`` downloads per period,
    the next one gets the Dutch "Even geduld" page. A HEAD request (a link checker, a download
    manager asking first) gets the headers only: it neither renders nor counts against the
    limit, so it cannot use up a visitor's downloads.
    """
    try:
        ruleset = current_ruleset()
    except NoPublishedRules:
        raise Http404("no published rules") from None
    if request.method == "HEAD":
        # Streaming, so no Content-Length is added: the length is not known without a render.
        return _scan_pdf_headers(StreamingHttpResponse((), content_type="application/pdf"), kind)
    if not scan.allow(request, "pdf", scan.PDF_LIMIT):
        # The advice page counts apart from the PDF, so the way back still works.
        return refused(request, scan.PDF_LIMIT, back_url=reverse("scan:advice"))
    advice = advise(scan.facts(request.session), ruleset=ruleset)
    now = timezone.now()
    # The PDF is Dutch whatever the interface's language, its cover too.
    with translation.override(REPORT_LANGUAGE):
        subject = ReportSubject(
            name=_("Snelle scan"),
            made_on=timezone.localdate(now),
            answers_label=_("antwoorden van de snelle scan, niet bewaard"),
            created_at=now,
        )
    try:
        pdf = render_report_pdf(advice, ruleset, subject, kind=kind)
    except RenderFailed:
        logger.exception("quick-scan report render failed")
        messages.error(request, _(MSG_RENDER_FAILED))
        return redirect("scan:advice")
    return _scan_pdf_headers(HttpResponse(pdf, content_type="application/pdf"), kind)


def _scan_pdf_headers(response: HttpResponseBase, kind: str) -> HttpResponseBase:
    name = "snelle-scan-beslissingsnota.pdf" if kind == KIND_NOTE else "snelle-scan-advies.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
