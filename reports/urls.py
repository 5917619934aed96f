"""URLs of the PDF report downloads and the board's report bundles (under ``rapporten/``)."""

from django.urls import include, path

from . import views
from .models import KIND_NOTE

app_name = "reports"


def report_pages(scope: str) -> list:
    """Return the PDF and the waiting page of a school's (or board's) report and decision note.

    Named ``report-pdf``, ``report-note-wait`` …, with ``board-`` in front for a board.
    """
    prefix = "board-" if scope == "board" else ""
    full, note = {"scope": scope}, {"scope": scope, "kind": KIND_NOTE}
    return [
        path("advies.pdf", views.report_pdf, full, name=f"{prefix}report-pdf"),
        path("advies/", views.report_wait, full, name=f"{prefix}report-wait"),
        path("beslissingsnota.pdf", views.report_pdf, note, name=f"{prefix}report-note-pdf"),
        path("beslissingsnota/", views.report_wait, note, name=f"{prefix}report-note-wait"),
    ]


board = [
    path(
        "bundels/<int:bundle_pk>/download.zip",
        views.board_bundle_download,
        name="board-bundle-download",
    ),
    path("bundels/<int:bundle_pk>/opnieuw/", views.board_bundle_retry, name="board-bundle-retry"),
    path("bundels/<int:bundle_pk>/", views.board_bundle_progress, name="board-bundle-progress"),
    path("bundels/", views.board_bundle, name="board-bundle"),
    *report_pages("board"),
]

urlpatterns = [
    path("snelle-scan/advies.pdf", views.scan_pdf, name="scan-pdf"),
    path(
        "snelle-scan/beslissingsnota.pdf",
        views.scan_pdf,
        {"kind": KIND_NOTE},
        name="scan-note-pdf",
    ),
    path("rapporten/scholen/<int:pk>/", include(report_pages("school"))),
    path("rapporten/besturen/<int:pk>/", include(board)),
]
