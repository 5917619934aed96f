"""URLs of the PDF report downloads and the board's report bundles (under ``rapporten/``)."""

from django.urls import include, path

from . import views
from .storage import KIND_NOTE

app_name = "reports"

board = [
    path(
        "bundels/<int:bundle_pk>/download.zip",
        views.board_bundle_download,
        name="board-bundle-download",
    ),
    path("bundels/<int:bundle_pk>/opnieuw/", views.board_bundle_retry, name="board-bundle-retry"),
    path("bundels/<int:bundle_pk>/", views.board_bundle_progress, name="board-bundle-progress"),
    path("bundels/", views.board_bundle, name="board-bundle"),
    path("advies.pdf", views.board_report_pdf, name="board-report-pdf"),
    path("advies/", views.board_report_wait, name="board-report-wait"),
    path(
        "beslissingsnota/",
        views.board_report_wait,
        {"kind": KIND_NOTE},
        name="board-report-note-wait",
    ),
    path(
        "beslissingsnota.pdf",
        views.board_report_pdf,
        {"kind": KIND_NOTE},
        name="board-report-note-pdf",
    ),
]

urlpatterns = [
    path("snelle-scan/advies.pdf", views.scan_pdf, name="scan-pdf"),
    path("rapporten/scholen/<int:pk>/advies.pdf", views.report_pdf, name="report-pdf"),
    path(
        "rapporten/scholen/<int:pk>/beslissingsnota.pdf",
        views.report_pdf,
        {"kind": KIND_NOTE},
        name="report-note-pdf",
    ),
    path("rapporten/scholen/<int:pk>/advies/", views.report_wait, name="report-wait"),
    path(
        "rapporten/scholen/<int:pk>/beslissingsnota/",
        views.report_wait,
        {"kind": KIND_NOTE},
        name="report-note-wait",
    ),
    path("rapporten/besturen/<int:pk>/", include(board)),
]
