"""Fixtures for the rule-maintenance admin: the shipped rules published, an editor, a publisher."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from pathways.models import RuleSetVersion
from pathways.roles import EDITORS, PUBLISHERS

PASSWORD = "een-lang-wachtwoord-42"


@pytest.fixture
def published(db) -> RuleSetVersion:
    """The shipped rule set (fixtures/ruleset.yaml), loaded into the draft and published."""
    call_command("load_rules", verbosity=0)
    return RuleSetVersion.objects.get(is_current=True)


def _member(django_user_model, username: str, group: str):
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@wse.example", password=PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(django_user_model):
    """A rule editor ("Regelbeheerders"): edits the draft, cannot publish."""
    return _member(django_user_model, "els.editor", EDITORS)


@pytest.fixture
def publisher(django_user_model):
    """A publisher ("Publiceerders"): edits the draft and publishes."""
    return _member(django_user_model, "piet.publisher", PUBLISHERS)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def publisher_client(client, publisher):
    client.force_login(publisher)
    return client


# A vzw school in Ghent whose answers make "Aankopen bij de sociale economie" recommended with
# the shipped rules: its outsourced contracts (28.000 EUR a year) stay under the accepted-invoice
# threshold of 30.000 EUR, so lowering that threshold changes its advice.
GHENT_ANSWERS = {
    "hours_cleaning": 160,
    "provider_cleaning": "contractor",
    "hours_maintenance": 40,
    "provider_maintenance": "own_staff",
    "outsourced_contract_value": 28000,
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


def enterprise_number(serial: int) -> str:
    """Return a valid Belgian enterprise number (mod-97 check digits) for a test board."""
    base = 2_000_000 + serial % 1_000_000
    return f"{base:08d}{97 - base % 97:02d}"


def make_school(name: str, answers: dict, *, submitted: bool = True, number: str = "123456"):
    """Create a board, a school in Ghent and one questionnaire version with ``answers``."""
    from schools.models import Board, QuestionnaireVersion, School

    board = Board.objects.create(
        name=f"Schoolbestuur {name}",
        board_type="vzw",
        legal_form="vzw",
        enterprise_number=enterprise_number(int(number)),
    )
    school = School.objects.create(
        name=name,
        institution_number=number,
        board=board,
        network="vgo",
        level="secundair",
        postcode="9000",
        municipality="Gent",
        pupils=650,
        campuses=2,
    )
    QuestionnaireVersion.objects.create(
        school=school,
        number=1,
        answers=answers,
        status="submitted" if submitted else "draft",
    )
    return school
