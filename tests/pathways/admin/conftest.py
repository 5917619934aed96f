"""Fixtures for the rule-maintenance admin: the shipped rules published, an editor, a publisher."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from pathways.models import RuleSetVersion
from pathways.roles import EDITORS, PUBLISHERS
from schools.models import QuestionnaireVersion, School
from tests import factories
from tests.conftest import rows_for_the_module


def _transactional(marked) -> bool:
    """Whether ``marked`` (a test or a module) commits its data (``transaction=True``)."""
    marker = marked.get_closest_marker("django_db")
    return marker is not None and marker.kwargs.get("transaction", False)


@pytest.fixture(scope="module")
def published_once(request, django_db_setup, django_db_blocker) -> int | None:
    """Load and publish the shipped rules once per module (a second or so each time); not for a
    module whose tests commit their data for other processes (they load the rules themselves)."""
    if _transactional(request.node):
        yield None
        return

    def load() -> int:
        call_command("load_rules", verbosity=0)
        return RuleSetVersion.objects.get(is_current=True).pk

    yield from rows_for_the_module(django_db_blocker, load)


@pytest.fixture
def published(request, db, published_once) -> RuleSetVersion:
    """The shipped rule set (fixtures/ruleset.yaml), loaded into the draft and published;
    what a test changes in it is undone after the test."""
    if published_once is None:
        call_command("load_rules", verbosity=0)
        return RuleSetVersion.objects.get(is_current=True)
    assert not _transactional(request.node), "mark the whole module transaction=True"
    return RuleSetVersion.objects.get(pk=published_once)


def _member(username: str, group: str):
    return factories.make_member(username, group, email=f"{username}@wse.example", is_staff=True)


@pytest.fixture
def editor(db):
    """A rule editor ("Regelbeheerders"): edits the draft, cannot publish."""
    return _member("els.editor", EDITORS)


@pytest.fixture
def publisher(db):
    """A publisher ("Publiceerders"): edits the draft and publishes."""
    return _member("piet.publisher", PUBLISHERS)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def publisher_client(client, publisher):
    client.force_login(publisher)
    return client


# A vzw school in Ghent whose answers make "Aankopen bij de sociale economie" recommended with
# the shipped rules: its one-year contract (28.000 EUR) stays under the accepted-invoice limit of
# 30.000 EUR, so lowering that limit changes what the advice says (not its status: the limit is
# an informational condition). It does not want to join a cooperative.
GHENT_ANSWERS = {
    "hours_cleaning": 160,
    "provider_cleaning": "contractor",
    "hours_maintenance": 40,
    "provider_maintenance": "own_staff",
    "outsourced_contract_value": 28000,
    "contract_duration_years": 1,
    "own_payroll_staff": True,
    "open_to_hire_target_group": True,
    "planned_target_group_fte": 2,
    "open_vacancy": True,
    "open_to_long_term_jobseeker": True,
    "open_to_work_disability": True,
    "mentor_available": True,
    "host_stages": True,
    "stage_real_job_offer": True,
    "contact_ocmw": True,
    "contact_wijkwerk": True,
    "contact_se_regisseur": True,
    "open_to_buy_from_se": True,
    "open_to_cooperative": False,
    "routes_in_use": [],
}


def make_school(
    name: str, answers: dict, *, submitted: bool = True, number: str = "123456"
) -> School:
    """Create a board, a school in Ghent and one questionnaire version with ``answers``."""
    board = factories.make_board(
        f"Schoolbestuur {name}", enterprise_number=factories.kbo_number(int(number))
    )
    school = factories.make_school(board, name, number, level="secundair", pupils=650, campuses=2)
    QuestionnaireVersion.objects.create(
        school=school,
        number=1,
        answers=answers,
        status="submitted" if submitted else "draft",
    )
    return school
