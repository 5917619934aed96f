"""Admin registrations for people, boards, schools, memberships, questionnaires, invitations."""

import json

from axes.models import AccessAttempt
from axes.utils import reset as reset_login_attempts
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
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


UNLOCK_PERMISSION = "axes.delete_accessattempt"


def locked_out_attempts():
    """Return the login-attempt rows (django-axes) that lock an account right now."""
    attempts = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)
    return attempts


@admin.register(User)
class SchoolsUserAdmin(UserAdmin):
    inlines = [BoardMembershipInline, SchoolMembershipInline]
    list_display = [*UserAdmin.list_display, "is_locked_out"]
    actions = ["unlock_logins"]

    def get_queryset(self, request):
        locked = locked_out_attempts().filter(username=OuterRef("username"))
        return super().get_queryset(request).annotate(locked_out=Exists(locked))

    @admin.display(description=_("aanmelden geblokkeerd"), boolean=True, ordering="locked_out")
    def is_locked_out(self, obj: User) -> bool:
        return obj.locked_out

    def has_unlock_permission(self, request) -> bool:
        return request.user.has_perm(UNLOCK_PERMISSION)

    @admin.action(description=_("Aanmeldblokkering opheffen"), permissions=["unlock"])
    def unlock_logins(self, request, queryset) -> None:
        """Forget the failed logins of the chosen users, so they can sign in again at once."""
        names = list(queryset.values_list("username", flat=True))
        for name in names:
            reset_login_attempts(username=name)
        self.message_user(
            request,
            ngettext(
                "De aanmeldblokkering van %(count)d gebruiker is opgeheven.",
                "De aanmeldblokkering van %(count)d gebruikers is opgeheven.",
                len(names),
            )
            % {"count": len(names)},
            messages.SUCCESS,
        )


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
    list_display = ["school", "number", "status", "revision", "updated_by_name", "submitted_at"]
    list_filter = ["status", "school__board"]
    search_fields = ["school__name", "school__institution_number"]
    list_select_related = ["school"]
    exclude = ["answers"]
    readonly_fields = [
        "school",
        "number",
        "status",
        "revision",
        "answers_display",
        "created_by",
        "created_by_name",
        "updated_by",
        "updated_by_name",
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
    readonly_fields = ["accepted_at", "accepted_by"]
    autocomplete_fields = ["school"]

    def has_add_permission(self, request) -> bool:
        # Invitations are made on the board's page, which e-mails the link: a row added here
        # would have a token nobody knows.
        return False
