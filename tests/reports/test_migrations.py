"""Stored reports and bundles made while they belonged to ``pathways`` survive the move.

The database is taken back to the last migrations before the ``reports`` app existed, filled
there through the models of that time, and migrated forward again (SQLite and PostgreSQL).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

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


def fill_before_the_move(apps) -> dict:
    """Store a school report, a board report and a bundle the way the old models did."""
    user = apps.get_model("schools", "User").objects.create(
        username="an.peeters", email="an@school.example"
    )
    board = apps.get_model("schools", "Board").objects.create(
        name="Vrije Scholen Leiestreek vzw",
        board_type="vzw",
        legal_form="vzw",
        enterprise_number="0403170701",
    )
    school = apps.get_model("schools", "School").objects.create(
        board=board,
        name="Sint-Jozefschool",
        institution_number="012345",
        network="vgo",
        level="basis",
        postcode="9000",
        municipality="Gent",
        pupils=300,
        campuses=1,
    )
    version = apps.get_model("schools", "QuestionnaireVersion").objects.create(
        school=school, number=1, status="submitted"
    )
    report = apps.get_model("pathways", "AdviceReport")
    school_report = report.objects.create(
        number="SE-2026-000001",
        scope="school",
        board=board,
        school=school,
        questionnaire_version=version,
        ruleset_identifier="v1-1a2b3c4d5e6f",
        evaluated_on=ON,
        input_key="school:1:q1:v1-1a2b3c4d5e6f:2026-11-27",
        pdf=PDF,
        sha256="a" * 64,
        size=len(PDF),
        created_by=user,
    )
    board_report = report.objects.create(
        number="SE-2026-000002",
        scope="board",
        board=board,
        ruleset_identifier="v1-1a2b3c4d5e6f",
        evaluated_on=ON,
        input_key="board:1:qabc:v1-1a2b3c4d5e6f:2026-11-27",
        pdf=PDF,
        sha256="b" * 64,
        size=len(PDF),
    )
    bundle = apps.get_model("pathways", "ReportBundle").objects.create(
        board=board, requested_by=user, evaluated_on=ON, status="done", done=2, total=2, archive=ZIP
    )
    content_type = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="pathways", model="advicereport"
    )[0]
    permission = apps.get_model("auth", "Permission").objects.get_or_create(
        content_type=content_type,
        codename="view_advicereport",
        defaults={"name": "Can view adviesrapport"},
    )[0]
    group = apps.get_model("auth", "Group").objects.create(name="Kijkers")
    group.permissions.add(permission)
    return {
        "school_report": school_report.pk,
        "board_report": board_report.pk,
        "bundle": bundle.pk,
        "school": school.pk,
        "version": version.pk,
        "user": user.pk,
    }


@pytest.mark.django_db(transaction=True)
def test_reports_and_bundles_stored_before_the_move_are_kept_with_their_bytes_and_links():
    try:
        ids = fill_before_the_move(migrate(BEFORE))
        apps = migrate(latest())

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
    finally:
        migrate(latest())


@pytest.mark.django_db(transaction=True)
def test_new_reports_get_numbers_after_the_ones_stored_before_the_move():
    try:
        fill_before_the_move(migrate(BEFORE))
        apps = migrate(latest())

        report = apps.get_model("reports", "AdviceReport")
        old = report.objects.get(number="SE-2026-000002")
        new = report.objects.create(
            number="tmp",
            scope="board",
            board_id=old.board_id,
            ruleset_identifier="v2-000000000000",
            evaluated_on=ON,
            input_key="board:1:qabc:v2-000000000000:2026-11-27",
            pdf=b"",
            sha256="",
        )
        assert new.pk > old.pk
    finally:
        migrate(latest())


@pytest.mark.django_db(transaction=True)
def test_permissions_granted_on_stored_reports_move_with_them():
    try:
        fill_before_the_move(migrate(BEFORE))
        apps = migrate(latest())

        group = apps.get_model("auth", "Group").objects.get(name="Kijkers")
        assert [(p.content_type.app_label, p.codename) for p in group.permissions.all()] == [
            ("reports", "view_advicereport")
        ]
    finally:
        migrate(latest())
