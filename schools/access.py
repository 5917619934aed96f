"""Who may see and change which school or board.

- Department staff (group "Departement") and superusers read everything, change nothing here.
- Board staff (``BoardMembership``) see every school of their boards and the board pages.
- Facility managers (``SchoolMembership``) see their own schools only.

Strangers get ``Http404`` so a page does not reveal that a school exists.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from .models import Board, School

DEPARTMENT_GROUP = "Departement"


def is_department(user) -> bool:
    """Return whether ``user`` reads everything (department staff or a superuser)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_department", None)
    if cached is None:
        cached = user.groups.filter(name=DEPARTMENT_GROUP).exists()
        user._is_department = cached
    return cached


def schools_for_user(user) -> QuerySet[School]:
    """Return the schools ``user`` may see."""
    if not user.is_authenticated:
        return School.objects.none()
    if is_department(user):
        return School.objects.all()
    return School.objects.filter(
        Q(memberships__user=user) | Q(board__memberships__user=user)
    ).distinct()


def boards_for_user(user) -> QuerySet[Board]:
    """Return the boards whose overview ``user`` may see (board staff and department)."""
    if not user.is_authenticated:
        return Board.objects.none()
    if is_department(user):
        return Board.objects.all()
    return Board.objects.filter(memberships__user=user).distinct()


def get_school_for_user(user, pk: int) -> School:
    """Return the school ``pk`` if ``user`` may see it; raise Http404 otherwise."""
    school = schools_for_user(user).select_related("board").filter(pk=pk).first()
    if school is None:
        raise Http404("no such school")
    return school


def get_board_for_user(user, pk: int) -> Board:
    """Return the board ``pk`` if ``user`` may see its overview; raise Http404 otherwise."""
    board = boards_for_user(user).filter(pk=pk).first()
    if board is None:
        raise Http404("no such board")
    return board


def is_board_staff(user, board_id: int) -> bool:
    return user.is_authenticated and user.board_memberships.filter(board_id=board_id).exists()


def may_choose_advice_date(user, board_id: int) -> bool:
    """Department staff and the board's staff may see advice and reports on another date."""
    return is_department(user) or is_board_staff(user, board_id)


def can_edit_questionnaire(user, school: School) -> bool:
    """Facility managers of the school and staff of its board; department staff only read."""
    if not user.is_authenticated:
        return False
    return (
        school.memberships.filter(user=user).exists()
        or user.board_memberships.filter(board_id=school.board_id).exists()
    )


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
    return is_board_staff(user, school.board_id)


def can_invite(user, board: Board) -> bool:
    """Only staff of the board invite facility managers for its schools."""
    return is_board_staff(user, board.pk)
