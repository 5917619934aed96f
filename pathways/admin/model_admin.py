"""The rule-maintenance admin (/beheer/): the draft tables, published versions and their pages.

Editors change the draft (routes, conditions, parameters, contacts, glossary, test cases);
publishers freeze it into a numbered ``RuleSetVersion``. Every change is kept by
django-simple-history and shown through ``SimpleHistoryAdmin``.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from pathways.adapters import draft_to_dict
from pathways.engine import evaluate
from pathways.engine.loader import RuleSetError, ruleset_from_dict
from pathways.models import (
    Condition,
    Contact,
    GlossaryTerm,
    Parameter,
    ParameterValue,
    Route,
    RouteItem,
    RouteLink,
    RouteText,
    RuleSetVersion,
    RuleTestCase,
)
from pathways.presentation import OUTCOME_SYMBOLS, STATUS_LABELS, display_parameter_value
from pathways.publishing import draft_has_changes
from pathways.roles import IMPORT_PERMISSIONS, PUBLISH_PERMISSION
from pathways.services import current_version, today

from . import views as admin_views
from .forms import ConditionForm, ParameterValueForm, RouteForm, RuleTestCaseForm

# A typical secondary school run by a vzw board: the profile each route's trace is shown on.
SAMPLE_PROFILE = {
    "board_type": "vzw",
    "postcode": "9000",
    "pupils": 650,
    "campuses": 2,
    "hours_cleaning": 120,
    "provider_cleaning": "contractor",
    "hours_maintenance": 38,
    "provider_maintenance": "own_staff",
    "hours_grounds": 10,
    "provider_grounds": "contractor",
    "hours_sports": 6,
    "provider_sports": "nobody",
    "hours_catering": 20,
    "provider_catering": "own_staff",
    "hours_supervision": 0,
    "provider_supervision": "nobody",
    "outsourced_contract_value": 90000,
    "own_payroll_staff": True,
    "open_to_hire_target_group": True,
    "planned_target_group_fte": 2,
    "open_vacancy": True,
    "open_to_long_term_jobseeker": True,
    "open_to_work_disability": True,
    "mentor_available": True,
    "mentor_hours_week": 4,
    "host_stages": True,
    "stage_real_job_offer": True,
    "contact_ocmw": False,
    "contact_wijkwerk": True,
    "contact_se_regisseur": False,
    "open_to_buy_from_se": True,
    "open_to_cooperative": False,
    "routes_in_use": [],
}


class RouteStatusFilter(admin.SimpleListFilter):
    """In force, closed or not yet in force today, computed from the route's dates."""

    title = _("status vandaag")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("in_force", _("van kracht")),
            ("closed", _("afgesloten")),
            ("not_yet", _("nog niet van kracht")),
        ]

    def queryset(self, request, queryset):
        on = today()
        started = Q(valid_from__isnull=True) | Q(valid_from__lte=on)
        closed = Q(closed_to_new_from__lte=on) | Q(valid_to__lt=on)
        if self.value() == "in_force":
            return queryset.filter(started).exclude(closed)
        if self.value() == "closed":
            return queryset.filter(started).filter(closed)
        if self.value() == "not_yet":
            return queryset.filter(valid_from__gt=on)
        return queryset


def route_status(route: Route) -> str:
    on = today()
    if route.valid_from and route.valid_from > on:
        return gettext("nog niet van kracht")
    if (route.closed_to_new_from and route.closed_to_new_from <= on) or (
        route.valid_to and route.valid_to < on
    ):
        return gettext("afgesloten")
    return gettext("van kracht")


class ConditionInline(admin.StackedInline):
    model = Condition
    form = ConditionForm
    extra = 0
    fields = [
        ("order", "required", "informational"),
        ("valid_from", "valid_to"),
        ("fact", "operator"),
        ("value", "parameter"),
        "text_met",
        "text_not_met",
        "text_unknown",
        "gap_hint",
        ("source", "confidence"),
    ]
    autocomplete_fields = ["parameter"]


class RouteTextInline(admin.StackedInline):
    """Dated versions of the route's texts: a new regime is a new row with its start date."""

    model = RouteText
    extra = 0
    fields = [
        "valid_from",
        "summary",
        "attention_points",
        "next_steps",
        "continuation",
        ("source", "confidence"),
        "note",
    ]
    verbose_name = _("tekst vanaf een datum")
    verbose_name_plural = _("teksten vanaf een datum (een leeg veld houdt de tekst van daarvoor)")


class RouteItemInline(admin.TabularInline):
    model = RouteItem
    extra = 0
    fields = ["kind", "order", "text"]


class RouteLinkInline(admin.TabularInline):
    model = RouteLink
    extra = 0
    fields = ["kind", "order", "title", "url", "note"]


@admin.register(Route)
class RouteAdmin(SimpleHistoryAdmin):
    form = RouteForm
    list_display = [
        "title",
        "code",
        "kind",
        "scope",
        "status_today",
        "valid_from",
        "closed_to_new_from",
        "valid_to",
        "order",
    ]
    list_filter = [RouteStatusFilter, "kind", "scope", "valid_from", "closed_to_new_from"]
    search_fields = ["code", "title", "summary", "conditions__fact"]
    ordering = ["order", "code"]
    filter_horizontal = ["successors", "contacts"]
    readonly_fields = ["sample_trace"]
    inlines = [ConditionInline, RouteItemInline, RouteTextInline, RouteLinkInline]

    fieldsets = [
        (None, {"fields": ["code", "title", "summary", ("kind", "scope"), "order"]}),
        (_("Geldigheid"), {"fields": [("valid_from", "closed_to_new_from", "valid_to")]}),
        (_("Opvolging"), {"fields": ["successors", "continuation", "contacts"]}),
        (_("Alleen voor het departement"), {"fields": ["admin_notes"]}),
        (_("Proefberekening"), {"fields": ["sample_trace"]}),
    ]

    @admin.display(description=_("status vandaag"))
    def status_today(self, route: Route) -> str:
        return route_status(route)

    @admin.display(description=_("uitkomst op een voorbeeldschool (ontwerp, vandaag)"))
    def sample_trace(self, route: Route) -> str:
        """Render this route's evaluation with the draft rules on the built-in sample profile."""
        if not route.pk:
            return gettext("Sla het traject eerst op.")
        try:
            ruleset = ruleset_from_dict(draft_to_dict())
        except RuleSetError as exc:
            return format_html(
                "<p>{}</p><ul>{}</ul>",
                gettext("Het ontwerp is niet geldig:"),
                format_html_join("", "<li>{}</li>", ((p,) for p in exc.problems)),
            )
        result = evaluate(SAMPLE_PROFILE, ruleset, today()).result(route.code)
        if result is None:
            return gettext("Dit traject zit niet in het ontwerp.")
        rows = format_html_join(
            "",
            "<li>{} {}{}</li>",
            (
                (
                    OUTCOME_SYMBOLS[c.outcome],
                    c.reason,
                    ""
                    if c.required
                    else format_html(
                        " <em>({})</em>",
                        gettext("ter informatie") if c.informational else gettext("ondersteunend"),
                    ),
                )
                for c in result.conditions
            ),
        )
        return format_html(
            '<div class="sample-trace"><p><strong>{}</strong> — {}</p><ul>{}</ul>'
            '<p class="help">{}</p></div>',
            STATUS_LABELS[result.status],
            result.status_reason,
            rows,
            gettext(
                "Voorbeeldschool: vzw-schoolbestuur in Gent, 650 leerlingen, 194 uur facilitair "
                "werk per week, open voor doelgroepwerknemers en stages."
            ),
        )


class ParameterValueInline(admin.TabularInline):
    model = ParameterValue
    form = ParameterValueForm
    extra = 0
    fields = ["valid_from", "value", "verified", "confidence", "source", "note"]


@admin.register(Parameter)
class ParameterAdmin(SimpleHistoryAdmin):
    list_display = ["code", "label", "unit", "value_today"]
    search_fields = ["code", "label"]
    inlines = [ParameterValueInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("values")

    @admin.display(description=_("waarde vandaag"))
    def value_today(self, parameter: Parameter) -> str:
        on = today()
        values = [v for v in parameter.values.all() if v.valid_from <= on]
        if not values:
            return "—"
        latest = max(values, key=lambda v: v.valid_from)
        return display_parameter_value(latest.value, parameter.unit)


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "email", "phone", "url"]
    search_fields = ["code", "name", "description"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(SimpleHistoryAdmin):
    list_display = ["term", "definition"]
    search_fields = ["term", "definition"]


@admin.register(RuleTestCase)
class RuleTestCaseAdmin(SimpleHistoryAdmin):
    form = RuleTestCaseForm
    list_display = ["name", "on", "routes_checked"]
    search_fields = ["name", "note"]
    list_filter = ["on"]
    date_hierarchy = "on"

    @admin.display(description=_("trajecten getoetst"))
    def routes_checked(self, case: RuleTestCase) -> int:
        return len(case.expected or {})

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "run_url": reverse("admin:pathways_testcases")}
        return super().changelist_view(request, extra_context)


class ImmutableAdmin(admin.ModelAdmin):
    """For records that are written once and never edited: they can only be viewed."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RuleSetVersion)
class RuleSetVersionAdmin(ImmutableAdmin):
    """Published versions: read-only, plus the publish, compare, file and fact pages."""

    list_display = ["number", "note", "published_by", "published_at", "is_current"]
    list_filter = ["is_current", "published_at"]
    search_fields = ["note"]
    ordering = ["-number"]
    fields = ["number", "note", "published_by", "published_at", "is_current", "identifier"]
    readonly_fields = fields
    change_list_template = "admin/pathways/rulesetversion/change_list.html"
    change_form_template = "admin/pathways/rulesetversion/change_form.html"

    @admin.display(description=_("kenmerk"))
    def identifier(self, version: RuleSetVersion) -> str:
        return version.identifier

    def get_urls(self):
        wrap = self.admin_site.admin_view
        custom = [
            path("regelbeheer/", wrap(admin_views.overview), name="pathways_publish_overview"),
            path("publiceren/", wrap(admin_views.publish), name="pathways_publish"),
            path(
                "<int:number>/terugzetten/",
                wrap(admin_views.rollback),
                name="pathways_rollback",
            ),
            path("vergelijken/", wrap(admin_views.compare), name="pathways_compare"),
            path("testgevallen/", wrap(admin_views.testcases), name="pathways_testcases"),
            path("gegevens/", wrap(admin_views.facts), name="pathways_facts"),
            path("exporteren/", wrap(admin_views.export), name="pathways_export"),
            path("importeren/", wrap(admin_views.import_rules), name="pathways_import"),
        ]
        return custom + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        can_publish = request.user.has_perm(PUBLISH_PERMISSION)
        extra_context = {
            **(extra_context or {}),
            "can_publish": can_publish,
            # "Publiceren" is offered only when the draft has something to publish.
            "has_changes": can_publish and draft_has_changes(),
            "can_import": request.user.has_perms(IMPORT_PERMISSIONS),
        }
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        can_publish = request.user.has_perm(PUBLISH_PERMISSION)
        current = current_version() if can_publish else None
        version = self.get_object(request, object_id)
        same = (
            current is not None
            and version is not None
            and version.pk != current.pk
            and version.content_hash == current.content_hash
        )
        extra_context = {
            **(extra_context or {}),
            "can_publish": can_publish,
            # Rolling back to the rules in force already would publish nothing new.
            "same_as_current": current if same else None,
        }
        return super().change_view(request, object_id, form_url, extra_context)
