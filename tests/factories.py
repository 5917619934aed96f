"""Small factories for the test database: boards, schools, users and submitted answers.

Each takes keywords for what a test cares about and fills in the rest with the values the
tests share (a vzw board; a free subsidised (vgo) primary school in Ghent, 300 pupils on one
campus; a user with a long password), so a test states only what makes it different.
"""

from __future__ import annotations

import io
import itertools
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth.models import Group
from django.core.management import call_command

from pathways.admin.forms import ConditionForm, ParameterValueForm
from pathways.models import Condition, Parameter, ParameterValue, Route
from schools import services
from schools.models import Board, QuestionnaireVersion, School, User
from tests.pathways.engine.rulesets import SMALL_RULES

PASSWORD = "een-lang-wachtwoord-42"

SCHOOL_DEFAULTS: dict[str, Any] = {
    "network": "vgo",
    "level": "basis",
    "postcode": "9000",
    "municipality": "Gent",
    "pupils": 300,
    "campuses": 1,
}

# Serials for boards made without an enterprise number, far from the ones tests pass in
# (institution numbers, small seeds), so the two never meet on the unique column.
_board_serials = itertools.count(900_001)


def kbo_number(serial: int) -> str:
    """Return a valid Belgian enterprise number (mod-97 check digits) made from ``serial``."""
    first8 = 2_000_000 + serial % 1_000_000  # "02000001": the leading zero makes eight digits
    return f"{first8:08d}{97 - first8 % 97:02d}"


def make_board(
    name: str = "Vrije Scholen Leiestreek vzw",
    *,
    board_type: str = "vzw",
    legal_form: str = "vzw",
    enterprise_number: str | None = None,
    **extra: Any,
) -> Board:
    """Create a board; without ``enterprise_number`` it gets a fresh valid one."""
    return Board.objects.create(
        name=name,
        board_type=board_type,
        legal_form=legal_form,
        enterprise_number=enterprise_number or kbo_number(next(_board_serials)),
        **extra,
    )


def make_school(board: Board, name: str, number: str, **extra: Any) -> School:
    """Create a school of ``board`` with institution number ``number``; ``extra`` overrides
    the shared defaults (``SCHOOL_DEFAULTS``)."""
    return School.objects.create(
        board=board, name=name, institution_number=number, **(SCHOOL_DEFAULTS | extra)
    )


def make_user(
    username: str, *, password: str = PASSWORD, email: str | None = None, **extra: Any
) -> User:
    """Create a user; the e-mail address defaults to ``<username>@example.be``."""
    if email is None:
        email = f"{username}@example.be"
    return User.objects.create_user(username=username, email=email, password=password, **extra)


def make_member(username: str, group: str, **extra: Any) -> User:
    """Create a user in one of the groups of ``pathways.roles`` (which migrate creates)."""
    user = make_user(username, **extra)
    user.groups.add(Group.objects.get(name=group))
    return user


def publish_small_rules(folder: Path) -> None:
    """Publish ``SMALL_RULES`` (no rule test cases) with the project's own ``load_rules``."""
    rules_file = folder / "ruleset.yaml"
    rules_file.write_text(yaml.safe_dump(SMALL_RULES, allow_unicode=True), encoding="utf-8")
    no_cases = folder / "no_test_cases.yaml"
    call_command("load_rules", str(rules_file), test_cases=str(no_cases), stdout=io.StringIO())


def school_record(school: School, **changes: Any) -> dict[str, Any]:
    """Return the school record form's data for ``school``, with ``changes`` applied."""
    return {
        "name": school.name,
        "network": school.network,
        "level": school.level,
        "postcode": school.postcode,
        "municipality": school.municipality,
        "pupils": school.pupils,
        "campuses": school.campuses,
    } | changes


def make_route(code: str = "proef", **extra: Any) -> Route:
    """Create a draft route titled after its code ("proef" -> "Proef"), an employer route."""
    fields = {"title": code.capitalize(), "summary": "Om te testen", "kind": "employer"} | extra
    return Route.objects.create(code=code, **fields)


def new_condition(route: Route, fact: str, operator: str, **fields: Any) -> Condition:
    """Return an unsaved condition of ``route`` with placeholder texts; ``fields`` give its
    value or parameter (a test of the model's own checks calls ``full_clean`` on it)."""
    texts = {"text_met": "a", "text_not_met": "b", "text_unknown": "c"}
    return Condition(route=route, fact=fact, operator=operator, **(texts | fields))


def make_condition(route: Route, fact: str, operator: str, **fields: Any) -> Condition:
    """Create a condition of ``route`` with placeholder texts (see ``new_condition``)."""
    condition = new_condition(route, fact, operator, **fields)
    condition.save()
    return condition


def condition_form(route: Route, **fields: Any) -> ConditionForm:
    """Return the admin's condition form as posted: a required "facility_fte gte" by default."""
    data = {
        "route": route.pk,
        "order": 0,
        "fact": "facility_fte",
        "operator": "gte",
        "value": "",
        "parameter": "",
        "required": "on",
        "text_met": "Genoeg",
        "text_not_met": "Te weinig",
        "text_unknown": "Onbekend",
        "gap_hint": "",
        "source": "",
        "confidence": "",
    }
    return ConditionForm(data=data | fields)


def parameter_value_form(
    parameter: Parameter, typed: str, valid_from: str = "2024-01-01"
) -> ParameterValueForm:
    """Return the admin's form for a new dated value of ``parameter`` as posted, with a source."""
    return ParameterValueForm(
        data={
            "parameter": parameter.pk,
            "valid_from": valid_from,
            "value": typed,
            "source": "https://example.org/bron",
        },
        instance=ParameterValue(parameter=parameter),
    )


def submit_answers(school: School, user: User, answers: dict[str, Any]) -> QuestionnaireVersion:
    """Save ``answers`` step by step through the services and submit them."""
    return services.questionnaire_fill(school=school, user=user, answers=answers)
