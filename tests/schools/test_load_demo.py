"""``manage.py load_demo``: rules, boards, schools, people and questionnaires, idempotently."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from schools.models import Board, QuestionnaireVersion, School, SchoolMembership, User
from schools.services import submitted_profiles

pytestmark = pytest.mark.slow  # load_demo builds the whole demo, rules included


def counts() -> dict[str, int]:
    return {
        "boards": Board.objects.count(),
        "schools": School.objects.count(),
        "users": User.objects.count(),
        "memberships": SchoolMembership.objects.count(),
        "versions": QuestionnaireVersion.objects.count(),
        "board_history": Board.history.count(),
        "school_history": School.history.count(),
    }


def test_load_demo_creates_the_demo_and_a_second_run_changes_nothing(db):
    out = StringIO()
    call_command("load_demo", stdout=out)
    first = counts()
    assert first["boards"] == 2
    assert first["schools"] == 5
    assert len(submitted_profiles()) == 4
    assert "fm.vincentius" in out.getvalue()
    assert "demo-schoolgebouw-2026" in out.getvalue()
    call_command("load_demo", stdout=StringIO())
    assert counts() == first


def test_the_demo_has_a_brussels_school_and_a_school_using_a_vop(db):
    call_command("load_demo", stdout=StringIO())
    regions = {school.name: facts for school, facts in submitted_profiles()}
    assert School.objects.get(postcode="1083").region == "brussels"
    assert any("vop" in facts.get("routes_in_use", []) for facts in regions.values())


def test_the_demo_has_a_rule_editor_and_a_publisher_who_can_sign_in(db, client):
    out = StringIO()
    call_command("load_demo", stdout=out)
    call_command("load_demo", stdout=StringIO())

    editor = User.objects.get(username="regels.redacteur")
    publisher = User.objects.get(username="regels.publicatie")
    assert editor.is_staff and publisher.is_staff
    assert set(editor.groups.values_list("name", flat=True)) == {"Regelbeheerders"}
    assert set(publisher.groups.values_list("name", flat=True)) == {
        "Regelbeheerders",
        "Publiceerders",
    }
    assert editor.has_perm("pathways.change_route")
    assert not editor.has_perm("pathways.publish_ruleset")
    assert publisher.has_perm("pathways.publish_ruleset")
    lines = out.getvalue().splitlines()
    assert any("regels.publicatie" in line and "demo-schoolgebouw-2026" in line for line in lines)
    assert any("regels.redacteur" in line and "demo-schoolgebouw-2026" in line for line in lines)
    assert client.login(username="regels.publicatie", password="demo-schoolgebouw-2026")
