"""Admin of the directory: organisations with history, CSV export and import with a preview."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .forms import ConfirmImportForm, ImportForm, OrganisationAdminForm
from .models import Organisation
from .services import DirectoryFileError, organisations_export, organisations_import, parse_csv


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    form = OrganisationAdminForm
    list_display = ("name", "kind", "scope", "area_list", "checked_on")
    list_filter = ("kind", "scope")
    search_fields = ("name", "email", "website")
    change_list_template = "admin/directory/organisation/change_list.html"

    @admin.display(description=_("gebieden"))
    def area_list(self, obj: Organisation) -> str:
        names = obj.area_names
        return ", ".join(names[:4]) + (" …" if len(names) > 4 else "")

    def get_urls(self):
        wrap = self.admin_site.admin_view
        custom = [
            path("exporteren/", wrap(self.export_view), name="directory_organisation_export"),
            path("importeren/", wrap(self.import_view), name="directory_organisation_import"),
        ]
        return custom + super().get_urls()

    def export_view(self, request: HttpRequest) -> HttpResponse:
        """Download every organisation as CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        response = HttpResponse(
            organisations_export().encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="organisaties.csv"'
        return response

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a CSV, show what it changes, and save only after confirmation.

        Every problem is listed with its row; on any problem nothing is written.
        """
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        problems: list[str] = []
        changes = None
        data = ""
        form = ImportForm()
        if request.method == "POST" and "confirm" in request.POST:
            confirm = ConfirmImportForm(request.POST)
            if confirm.is_valid():
                data = confirm.cleaned_data["data"]
                try:
                    done = organisations_import(data=data)
                except DirectoryFileError as exc:
                    problems = exc.problems
                else:
                    counts = {a: sum(c.action == a for c in done) for a in ("new", "changed")}
                    messages.success(
                        request,
                        gettext("Ingelezen: %(new)s nieuw, %(changed)s gewijzigd.") % counts,
                    )
                    return redirect(reverse("admin:directory_organisation_changelist"))
        elif request.method == "POST":
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    raw = form.cleaned_data["file"].read()
                    changes = parse_csv(raw)
                    data = raw.decode("utf-8-sig")
                except DirectoryFileError as exc:
                    problems = exc.problems
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Organisaties importeren"),
            "form": form,
            "problems": problems,
            "changes": changes,
            "confirm_form": ConfirmImportForm(initial={"data": data}) if changes else None,
            "counts": {
                a: sum(c.action == a for c in changes or ())
                for a in ("new", "changed", "unchanged")
            },
        }
        return TemplateResponse(request, "admin/directory/import.html", context)
