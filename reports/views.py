"""Downloads of the PDF advisory reports, and the board's ZIP bundle with its progress page.

Access follows ``schools.access``: whoever may see a school may download its report, whoever
may see a board's overview may download the board report and bundles. Strangers get 404.
A stored report is served as stored (same bytes); it is only rendered when its inputs are new.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST, require_safe

from pathways.services import NoPublishedRules, parse_advice_date, today
from schools import access
from schools.models import Board, School

from . import bundles
from .models import AdviceReport, ReportBundle
from .render import RenderFailed
from .storage import (
    NoSubmittedAnswers,
    board_report_get_or_render,
    school_report_get_or_render,
    stored_school_report,
)

logger = logging.getLogger(__name__)

MSG_NO_ANSWERS = gettext_noop("Er is nog geen ingediende vragenlijst, dus nog geen rapport.")
MSG_NO_ANSWERS_BOARD = gettext_noop(
    "Nog geen enkele school van dit bestuur heeft de vragenlijst ingediend."
)
MSG_NO_RULES = gettext_noop(
    "Er zijn nog geen regels gepubliceerd; een rapport kan nog niet gemaakt worden."
)
MSG_RENDER_FAILED = gettext_noop(
    "Het rapport kon nu niet gemaakt worden. Probeer het over enkele minuten opnieuw."
)
MSG_BAD_DATE = gettext_noop(
    "“%(value)s” is geen bruikbare datum (JJJJ-MM-DD, vanaf 2000 en hoogstens tien jaar "
    "vooruit). Het rapport gebruikt de datum van vandaag."
)
MSG_BUNDLE_RETRIED = gettext_noop("De rapporten worden opnieuw gemaakt.")
MSG_BUNDLE_NOT_RETRIED = gettext_noop(
    "Deze bundel kan niet opnieuw gemaakt worden: hij is niet mislukt."
)
MSG_BUNDLE_QUEUED = gettext_noop(
    "De rapporten worden gemaakt. Deze pagina toont hoe ver het staat."
)

# While a bundle is being built its page reloads itself every few seconds.
PROGRESS_REFRESH_SECONDS = 3


def _get_school_for_user(request: HttpRequest, pk: int) -> School:
    return access.get_school_for_user(request.user, pk)


def _get_board_for_user(request: HttpRequest, pk: int) -> Board:
    return access.get_board_for_user(request.user, pk)


def _get_bundle_for_user(request: HttpRequest, board_pk: int, pk: int) -> ReportBundle:
    board = _get_board_for_user(request, board_pk)
    bundles.expire_bundles(board=board)  # a bundle whose worker died shows as failed
    bundle = ReportBundle.objects.defer("archive").filter(board=board, pk=pk).first()
    if bundle is None:
        raise Http404("no such bundle")
    bundle.board = board
    return bundle


def _report_date(request: HttpRequest, board_id: int) -> dt.date:
    """Return the evaluation date: ``?datum=`` for board and department staff, else today.

    The same rule as the advice pages, so a report shows what the screen showed.
    """
    value = request.GET.get("datum", "").strip()
    if not value or not access.may_choose_advice_date(request.user, board_id):
        return today()
    on = parse_advice_date(value)
    if on is None:
        messages.error(request, _(MSG_BAD_DATE) % {"value": value})
        return today()
    return on


def pdf_response(report: AdviceReport) -> HttpResponse:
    """Return a stored report's bytes as a download, with its SHA-256 as ETag."""
    response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
    response["Content-Length"] = str(report.size or len(report.pdf))
    response["ETag"] = f'"{report.sha256}"'
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@require_safe
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the PDF report of a school's latest submitted questionnaire."""
    school = _get_school_for_user(request, pk)
    on = _report_date(request, school.board_id)
    try:
        report = stored_school_report(school, on=on) or school_report_get_or_render(
            school, user=request.user, on=on
        )
    except NoSubmittedAnswers:
        messages.warning(request, _(MSG_NO_ANSWERS))
        return redirect("schools:school-advice", pk=school.pk)
    except NoPublishedRules:
        messages.warning(request, _(MSG_NO_RULES))
        return redirect("schools:school-advice", pk=school.pk)
    except RenderFailed:
        logger.exception("report render failed")
        messages.error(request, _(MSG_RENDER_FAILED))
        return redirect("schools:school-advice", pk=school.pk)
    report.school = school
    return pdf_response(report)


@login_required
@require_safe
def board_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the board's PDF report: all its schools evaluated together."""
    board = _get_board_for_user(request, pk)
    on = _report_date(request, board.pk)
    try:
        report = board_report_get_or_render(board, user=request.user, on=on)
    except NoSubmittedAnswers:
        messages.warning(request, _(MSG_NO_ANSWERS_BOARD))
        return redirect("schools:board-detail", pk=board.pk)
    except NoPublishedRules:
        messages.warning(request, _(MSG_NO_RULES))
        return redirect("schools:board-detail", pk=board.pk)
    except RenderFailed:
        logger.exception("report render failed")
        messages.error(request, _(MSG_RENDER_FAILED))
        return redirect("schools:board-detail", pk=board.pk)
    report.board = board
    return pdf_response(report)


@login_required
@require_POST
def board_bundle(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the ZIP of all the board's reports and show its progress page."""
    board = _get_board_for_user(request, pk)
    bundle = bundles.request_bundle(
        board=board, user=request.user, on=_report_date(request, board.pk)
    )
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
    board = _get_board_for_user(request, pk)
    bundle = get_object_or_404(
        ReportBundle.objects.filter(board=board, status=ReportBundle.Status.DONE), pk=bundle_pk
    )
    bundle.board = board
    response = HttpResponse(bytes(bundle.archive), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{bundle.filename}"'
    response["Content-Length"] = str(len(bundle.archive))
    response["ETag"] = f'"{bundle.sha256}"'
    return response
