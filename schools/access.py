"""Who may see and change which school or board.

- Department staff (group "Departement") and superusers read everything, change nothing here.
- Board staff (``BoardMembership``) see every school of their boards and the board pages.
- Facility managers (``SchoolMembership``) see their own schools only.

Strangers get ``Http404`` so a page does not reveal that a school exists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pathways.prepared import PreparedQuery
from pathways.roles import DEPARTMENT
from pathways.services import parse_advice_date, today

from .models import Board, BoardMembership, School, SchoolMembership

MSG_BAD_DATE = gettext_noop(
    "“%(value)s” is geen bruikbare datum (JJJJ-MM-DD, vanaf 2000 en hoogstens tien jaar "
    "vooruit). Het advies gebruikt de datum van vandaag."
)


# The attribute a user object remembers its department tie in (set by ``UserBackend`` too).
DEPARTMENT_TIE = "_is_department"


def is_department(user) -> bool:
    """Return whether ``user`` reads everything (department staff or a superuser).

    The user a request loads (``schools.auth.UserBackend``) already knows; any other user
    object asks once and remembers.
    """
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, DEPARTMENT_TIE, None)
    if cached is None:
        cached = user.groups.filter(name=DEPARTMENT).exists()
        setattr(user, DEPARTMENT_TIE, cached)
    return cached


def schools_for_user(user) -> QuerySet[School]:
    """Return the schools ``user`` may see, each with the viewer's ties to it."""
    return _visible(School.objects.all(), user, _school_ties)


def boards_for_user(user) -> QuerySet[Board]:
    """Return the boards whose overview ``user`` may see (board staff and department)."""
    return _visible(Board.objects.all(), user, _board_ties)


def get_school_for_user(user, pk: int, *, may: Callable[..., bool] | None = None) -> School:
    """Return the school ``pk`` if ``user`` may see it; raise Http404 otherwise.

    With ``may`` (e.g. ``can_edit_questionnaire``), someone who may see the school but not do
    that gets PermissionDenied (403). One query, compiled once per process (``_ONE_SCHOOL``).
    """
    return _get_one(_ONE_SCHOOL, user, pk, may)


def get_board_for_user(user, pk: int, *, may: Callable[..., bool] | None = None) -> Board:
    """Return the board ``pk`` if ``user`` may see its overview; raise Http404 otherwise.

    With ``may`` (e.g. ``can_invite``), PermissionDenied for someone who may not do that.
    """
    return _get_one(_ONE_BOARD, user, pk, may)


def _school_ties(user_id: int) -> dict[str, QuerySet]:
    return {
        "viewer_is_member": SchoolMembership.objects.filter(school=OuterRef("pk"), user=user_id),
        "viewer_is_board_staff": BoardMembership.objects.filter(
            board=OuterRef("board_id"), user=user_id
        ),
    }


def _board_ties(user_id: int) -> dict[str, QuerySet]:
    return {
        "viewer_is_board_staff": BoardMembership.objects.filter(board=OuterRef("pk"), user=user_id)
    }


def _visible(queryset: QuerySet, user, ties: Callable[..., dict[str, QuerySet]]) -> QuerySet:
    """The one rule of who sees what: ``queryset`` narrowed to what ``user`` may see.

    Each of ``ties(user.pk)`` (the user's memberships, by ``OuterRef``) becomes a boolean
    annotation, so later checks need no query (``_known``). Department staff see everything;
    anyone else sees what they have a tie to; an anonymous visitor sees nothing.
    """
    if not user.is_authenticated:
        return queryset.none()
    return _visible_to(queryset, user.pk, is_department(user), ties)


def _visible_to(queryset: QuerySet, user_id: int, department: bool, ties) -> QuerySet:
    """``_visible`` for the user ``user_id``, who is department staff or not."""
    found = ties(user_id)
    queryset = queryset.annotate(**{name: Exists(tie) for name, tie in found.items()})
    if department:
        return queryset
    visible = Q()
    for name in found:
        visible |= Q(**{name: True})
    return queryset.filter(visible)


# The single fetches of the detail pages, by whether the viewer is department staff.
_ONE_SCHOOL = PreparedQuery(
    lambda department, user, pk: _visible_to(
        School.objects.select_related("board").filter(pk=pk), user, department, _school_ties
    )
)
_ONE_BOARD = PreparedQuery(
    lambda department, user, pk: _visible_to(
        Board.objects.filter(pk=pk), user, department, _board_ties
    )
)


def _get_one(query: PreparedQuery, user, pk: int, may):
    """The one object ``query`` finds for ``user`` (Http404 if none), checked with ``may``."""
    if not user.is_authenticated:
        raise Http404("not there for this user")
    found = query.fetch(is_department(user), user=user.pk, pk=int(pk))
    if not found:
        raise Http404("not there for this user")
    found = found[0]
    found.viewer_id = user.pk
    if may is not None and not may(user, found):
        raise PermissionDenied
    return found


def _known(user, obj, tie: str) -> bool | None:
    """Return ``obj``'s annotation ``tie`` if it was fetched for ``user`` (else None)."""
    if obj is None or getattr(obj, "viewer_id", None) != user.pk:
        return None
    return getattr(obj, tie, None)


def is_board_staff(user, board_id: int, *, fetched: School | Board | None = None) -> bool:
    """Return whether ``user`` is staff of board ``board_id``.

    ``fetched``: the school or board ``get_school_for_user``/``get_board_for_user`` returned
    for ``user``, which already knows the answer (no query).
    """
    if not user.is_authenticated:
        return False
    known = _known(user, fetched, "viewer_is_board_staff")
    if known is not None:
        return known
    return user.board_memberships.filter(board_id=board_id).exists()


def may_choose_advice_date(user, board_id: int, *, fetched: School | Board | None = None) -> bool:
    """Department staff and the board's staff may see advice and reports on another date."""
    return is_department(user) or is_board_staff(user, board_id, fetched=fetched)


def advice_date(
    request: HttpRequest, board_id: int, *, allowed: bool | None = None
) -> tuple[dt.date, bool]:
    """Return the evaluation date of an advice page or report, and whether it was chosen.

    ``?datum=YYYY-MM-DD`` counts only for who may choose it (``allowed``, else
    ``may_choose_advice_date``, asked only when a date is given); a date that does not parse
    or lies outside ``parse_advice_date``'s range gives a message and today.
    """
    value = request.GET.get("datum", "").strip()
    if not value:
        return today(), False
    if allowed is None:
        allowed = may_choose_advice_date(request.user, board_id)
    if not allowed:
        return today(), False
    on = parse_advice_date(value)
    if on is None:
        messages.error(request, _(MSG_BAD_DATE) % {"value": value})
        return today(), False
    return on, True


def can_edit_questionnaire(user, school: School) -> bool:
    """Facility managers of the school and staff of its board; department staff only read."""
    if not user.is_authenticated:
        return False
    member = _known(user, school, "viewer_is_member")
    if member is None:
        member = school.memberships.filter(user=user).exists()
    return member or is_board_staff(user, school.board_id, fetched=school)


def editable_school_ids(user) -> set[int]:
    """Return the ids of the schools whose questionnaire ``user`` may fill in (two queries)."""
    if not user.is_authenticated:
        return set()
    own = School.objects.filter(memberships__user=user).values_list("pk", flat=True)
    boards = user.board_memberships.values_list("board_id", flat=True)
    by_board = School.objects.filter(board_id__in=list(boards)).values_list("pk", flat=True)
    return set(own) | set(by_board)


def can_edit_school_record(user, school: School) -> bool:
    """Only staff of the school's board change its record (name, postcode, pupils, ...)."""
    return is_board_staff(user, school.board_id, fetched=school)


def can_invite(user, board: Board) -> bool:
    """Only staff of the board invite facility managers for its schools."""
    return is_board_staff(user, board.pk, fetched=board)
