"""The admin of stored reports: a read-only list with their inputs and a download of the bytes."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from pathways.admin import ImmutableAdmin

from .models import AdviceReport
from .views import pdf_response


@admin.register(AdviceReport)
class AdviceReportAdmin(ImmutableAdmin):
    """Stored PDF reports: what was advised to whom, on which rules; read-only, downloadable."""

    list_display = [
        "number",
        "school",
        "board",
        "evaluated_on",
        "ruleset_identifier",
        "created_at",
        "created_by",
        "download",
    ]
    list_filter = ["scope", "evaluated_on", "created_at"]
    search_fields = ["number", "school__name", "board__name", "ruleset_identifier"]
    list_select_related = ["school", "board", "created_by"]
    date_hierarchy = "created_at"
    fields = [
        "number",
        "scope",
        "board",
        "school",
        "questionnaire_version",
        "ruleset_identifier",
        "evaluated_on",
        "sha256",
        "size",
        "created_at",
        "created_by",
        "queued_at",
        "error",
        "download",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("pdf")

    @admin.display(description=_("PDF"))
    def download(self, report: AdviceReport) -> str:
        if not report.size:
            return "—"
        url = reverse("admin:reports_advicereport_pdf", args=[report.pk])
        return format_html('<a href="{}">{}</a>', url, _("Downloaden"))

    def get_urls(self):
        custom = [
            path(
                "<int:pk>/pdf/",
                self.admin_site.admin_view(self.pdf_view),
                name="reports_advicereport_pdf",
            )
        ]
        return custom + super().get_urls()

    def pdf_view(self, request, pk: int):
        """Return the stored bytes of a report, as the school and board pages do."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        report = get_object_or_404(AdviceReport.objects.select_related("school", "board"), pk=pk)
        return pdf_response(report)
