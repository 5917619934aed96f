"""A cast for the school tests: two boards, their schools and people in every role.

- ``manager``: facility manager of ``school`` (board ``board``)
- ``board_staff``: staff of ``board`` (sees ``school`` and ``sibling``)
- ``stranger``: facility manager of ``foreign_school`` on ``other_board``
- ``other_staff``: staff of ``other_board``
- ``department``: member of the "Departement" group (reads everything)
"""

from __future__ import annotations

import pytest
from django.test import Client

from pathways.adapters import replace_draft
from pathways.roles import DEPARTMENT
from pathways.services import publish_draft
from schools.models import Board, BoardMembership, School, SchoolMembership, User
from tests.factories import make_board, make_member, make_school, make_user

from .rules import RULES


@pytest.fixture
def rules(db):
    """Publish the small test rule set as the current version."""
    replace_draft(RULES)
    return publish_draft(note="testregels")


@pytest.fixture
def board(db) -> Board:
    return make_board(enterprise_number="0403.170.701")


@pytest.fixture
def other_board(db) -> Board:
    return make_board(
        "Stad Aalst",
        board_type="municipality",
        legal_form="public_law",
        enterprise_number="0207.437.468",
    )


@pytest.fixture
def school(board) -> School:
    return make_school(board, "Sint-Jozefschool", "012345")


@pytest.fixture
def sibling(board) -> School:
    return make_school(board, "Heilig Hartschool", "012346", postcode="9050")


@pytest.fixture
def foreign_school(other_board) -> School:
    return make_school(
        other_board,
        "Stedelijke Basisschool De Vlieger",
        "054321",
        postcode="9300",
        municipality="Aalst",
        network="ogo",
    )


def _member_of(username: str, *, school: School | None = None, board: Board | None = None, **extra):
    """Create a user who may fill in ``school``'s questionnaire, or who works for ``board``."""
    user = make_user(username, **extra)
    if school is not None:
        SchoolMembership.objects.create(user=user, school=school)
    if board is not None:
        BoardMembership.objects.create(user=user, board=board)
    return user


@pytest.fixture
def manager(school) -> User:
    return _member_of("fm.sintjozef", school=school, first_name="Sofie", last_name="Claes")


@pytest.fixture
def board_staff(board) -> User:
    return _member_of("staf.leiestreek", board=board)


@pytest.fixture
def stranger(foreign_school) -> User:
    return _member_of("fm.devlieger", school=foreign_school)


@pytest.fixture
def other_staff(other_board) -> User:
    return _member_of("staf.aalst", board=other_board)


@pytest.fixture
def department(db) -> User:
    return make_member("dep.wse", DEPARTMENT)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
