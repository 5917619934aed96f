"""Admin registrations for people, boards, schools, memberships, questionnaires, invitations."""

import json

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from schools.models import (
    Board,
    BoardMembership,
    Invitation,
    QuestionnaireVersion,
    School,
    SchoolMembership,
    User,
    enterprise_number_compact,
)


class SchoolMembershipInline(admin.TabularInline):
    model = SchoolMembership
    extra = 0
    autocomplete_fields = ["school"]


class BoardMembershipInline(admin.TabularInline):
    model = BoardMembership
    extra = 0
    autocomplete_fields = ["board"]


@admin.register(User)
class SchoolsUserAdmin(UserAdmin):
    inlines = [BoardMembershipInline, SchoolMembershipInline]


class SchoolInline(admin.TabularInline):
    model = School
    extra = 0
    fields = ["name", "institution_number", "postcode", "municipality"]
    show_change_link = True


@admin.register(Board)
class BoardAdmin(SimpleHistoryAdmin):
    list_display = ["name", "board_type", "legal_form", "enterprise_number_display"]
    list_filter = ["board_type", "legal_form"]
    search_fields = ["name", "enterprise_number"]
    readonly_fields = ["contracting_authority_display"]
    inlines = [SchoolInline]

    def get_search_results(self, request, queryset, search_term):
        """Find a board by its enterprise number however it is typed (dots, spaces, BE)."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        compact = enterprise_number_compact(search_term)
        if compact:
            results |= queryset.filter(enterprise_number=compact)
        return results, may_have_duplicates

    @admin.display(description=_("ondernemingsnummer"))
    def enterprise_number_display(self, obj: Board) -> str:
        return obj.enterprise_number_display

    @admin.display(description=_("aanbestedende overheid"))
    def contracting_authority_display(self, obj: Board) -> str:
        is_authority, reason = obj.contracting_authority
        return f"{_('ja') if is_authority else _('nee')}: {reason}"


@admin.register(School)
class SchoolAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "institution_number",
        "board",
        "network",
        "level",
        "postcode",
        "municipality",
    ]
    list_filter = ["network", "level", "board"]
    search_fields = ["name", "institution_number", "municipality", "postcode", "board__name"]
    list_select_related = ["board"]
    autocomplete_fields = ["board"]


@admin.register(SchoolMembership)
class SchoolMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "school", "created_at"]
    list_filter = ["school__board"]
    search_fields = ["user__username", "user__email", "school__name"]
    autocomplete_fields = ["user", "school"]
    list_select_related = ["user", "school"]


@admin.register(BoardMembership)
class BoardMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "board", "created_at"]
    list_filter = ["board"]
    search_fields = ["user__username", "user__email", "board__name"]
    autocomplete_fields = ["user", "board"]
    list_select_related = ["user", "board"]


@admin.register(QuestionnaireVersion)
class QuestionnaireVersionAdmin(admin.ModelAdmin):
    list_display = ["school", "number", "status", "revision", "created_by", "submitted_at"]
    list_filter = ["status", "school__board"]
    search_fields = ["school__name", "school__institution_number"]
    list_select_related = ["school", "created_by"]
    exclude = ["answers"]
    readonly_fields = [
        "school",
        "number",
        "status",
        "revision",
        "answers_display",
        "created_by",
        "updated_by",
        "created_at",
        "submitted_at",
    ]

    @admin.display(description=_("antwoorden"))
    def answers_display(self, obj: QuestionnaireVersion) -> str:
        text = json.dumps(obj.answers, indent=2, ensure_ascii=False, sort_keys=True)
        return format_html("<pre>{}</pre>", text)

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "school", "created_by", "created_at", "expires_at", "accepted_at"]
    list_filter = ["school__board"]
    search_fields = ["email", "school__name"]
    list_select_related = ["school", "created_by"]
    readonly_fields = ["token", "accepted_at", "accepted_by"]
    autocomplete_fields = ["school"]
