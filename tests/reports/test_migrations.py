"""Stored reports and bundles made while they belonged to ``pathways`` survive the move.

The database is taken back to the last migrations before the ``reports`` app existed, filled
there through the models of that time, and migrated forward again (SQLite and PostgreSQL).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.slow  # migrates the database back and forth (seconds per test)

BEFORE = [
    ("pathways", "0004_rule_test_case_profile_may_be_empty"),
    ("schools", "0002_board_historicalboard_historicalschool_school_and_more"),
    ("contenttypes", "0002_remove_content_type_name"),
    ("auth", "0012_alter_user_first_name_max_length"),
]
PDF = b"%PDF-1.7 stored before the move"
ZIP = b"PK\x03\x04 stored before the move"
ON = dt.date(2026, 11, 27)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


BOARD = {"name": "Vrije Scholen Leiestreek vzw", "board_type": "vzw", "legal_form": "vzw"}
SCHOOL = {"name": "Sint-Jozefschool", "institution_number": "012345", "network": "vgo"}
SCHOOL |= {"level": "basis", "postcode": "9000", "municipality": "Gent", "pupils": 300}
REPORT = {"ruleset_identifier": "v1-1a2b3c4d5e6f", "evaluated_on": ON, "pdf": PDF}


def fill_before_the_move(apps) -> dict:
    """Store a school report, a board report and a bundle the way the old models did."""
    model = apps.get_model
    user = model("schools", "User").objects.create(username="an", email="an@school.example")
    board = model("schools", "Board").objects.create(enterprise_number="0403170701", **BOARD)
    school = model("schools", "School").objects.create(board=board, campuses=1, **SCHOOL)
    version = model("schools", "QuestionnaireVersion").objects.create(
        school=school, number=1, status="submitted"
    )
    reports = model("pathways", "AdviceReport").objects
    school_report = reports.create(
        number="SE-2026-000001",
        scope="school",
        board=board,
        school=school,
        questionnaire_version=version,
        input_key="school:1",
        sha256="a" * 64,
        size=len(PDF),
        created_by=user,
        **REPORT,
    )
    board_report = reports.create(
        number="SE-2026-000002", scope="board", board=board, input_key="board:1", **REPORT
    )
    bundle = model("pathways", "ReportBundle").objects.create(
        board=board, requested_by=user, evaluated_on=ON, status="done", done=2, total=2, archive=ZIP
    )
    content_type = model("contenttypes", "ContentType").objects.get_or_create(
        app_label="pathways", model="advicereport"
    )[0]
    permission = model("auth", "Permission").objects.get_or_create(
        content_type=content_type, codename="view_advicereport", defaults={"name": "Can view"}
    )[0]
    model("auth", "Group").objects.create(name="Kijkers").permissions.add(permission)
    return {
        "school_report": school_report.pk,
        "board_report": board_report.pk,
        "bundle": bundle.pk,
        "school": school.pk,
        "version": version.pk,
        "user": user.pk,
        "board": board.pk,
        "group": model("auth", "Group").objects.get(name="Kijkers").pk,
    }


def delete_what_was_filled(apps, ids: dict) -> None:
    """Delete the rows ``fill_before_the_move`` made, through the models of the migration
    state (no signals: no history rows for the deleted board and school)."""
    model = apps.get_model
    model("reports", "AdviceReport").objects.filter(
        pk__in=[ids["school_report"], ids["board_report"]]
    ).delete()
    model("reports", "ReportBundle").objects.filter(pk=ids["bundle"]).delete()
    model("schools", "QuestionnaireVersion").objects.filter(pk=ids["version"]).delete()
    model("schools", "School").objects.filter(pk=ids["school"]).delete()
    model("schools", "Board").objects.filter(pk=ids["board"]).delete()
    model("schools", "User").objects.filter(pk=ids["user"]).delete()
    model("auth", "Group").objects.filter(pk=ids["group"]).delete()


@pytest.fixture(scope="module")
def moved_once(django_db_setup, django_db_blocker):
    """Fill the database as it was before the move and migrate to the latest state, once for
    the module (seconds each time); yield the models of that state and the ids of the rows made
    before the move. Migrations run outside a transaction, so the rows are committed: they are
    deleted when the module is done."""
    with django_db_blocker.unblock():
        try:
            ids = fill_before_the_move(migrate(BEFORE))
        finally:
            apps = migrate(latest())
    try:
        yield apps, ids
    finally:
        with django_db_blocker.unblock():
            delete_what_was_filled(apps, ids)


@pytest.fixture
def moved(db, moved_once):
    """The module's moved rows; what a test adds to them is undone after it."""
    return moved_once


def test_reports_and_bundles_stored_before_the_move_are_kept_with_their_bytes_and_links(moved):
    apps, ids = moved
    report = apps.get_model("reports", "AdviceReport")
    school_report = report.objects.get(pk=ids["school_report"])
    assert school_report.number == "SE-2026-000001"
    assert bytes(school_report.pdf) == PDF
    assert school_report.school_id == ids["school"]
    assert school_report.questionnaire_version_id == ids["version"]
    assert school_report.created_by_id == ids["user"]
    assert (school_report.evaluated_on, school_report.size) == (ON, len(PDF))
    assert report.objects.get(pk=ids["board_report"]).scope == "board"
    bundle = apps.get_model("reports", "ReportBundle").objects.get(pk=ids["bundle"])
    assert (bundle.status, bytes(bundle.archive)) == ("done", ZIP)
    assert bundle.requested_by_id == ids["user"]


def test_new_reports_get_numbers_after_the_ones_stored_before_the_move(moved):
    apps, ids = moved
    report = apps.get_model("reports", "AdviceReport")
    old = report.objects.get(pk=ids["board_report"])
    new = report.objects.create(
        number="tmp", scope="board", board_id=old.board_id, input_key="board:2", **REPORT
    )
    assert new.pk > old.pk


def test_permissions_granted_on_stored_reports_move_with_them(moved):
    apps, _ids = moved
    group = apps.get_model("auth", "Group").objects.get(name="Kijkers")
    granted = [(p.content_type.app_label, p.codename) for p in group.permissions.all()]
    assert granted == [("reports", "view_advicereport")]
