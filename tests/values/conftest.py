"""A school to feed the record form."""

from __future__ import annotations

import pytest

from schools.models import School
from tests.factories import make_board, make_school


@pytest.fixture
def school(db) -> School:
    return make_school(make_board(), "Sint-Jozefschool", "012345")
