"""``manage.py prune_reports``: superseded renders go after the retention period; current stay."""

from __future__ import annotations

import datetime as dt
import io
import itertools

import pytest
from django.core.management import call_command
from django.utils import timezone

from reports.models import AdviceReport, ReportBundle

from . import reportdata as data

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


def _report(*, school=None, board, version=None, rules: str, days_old: int) -> AdviceReport:
    number = next(_numbers)
    return AdviceReport.objects.create(
        number=f"SE-2026-{number:06d}",
        scope=AdviceReport.Scope.SCHOOL if school else AdviceReport.Scope.BOARD,
        board=board,
        school=school,
        questionnaire_version=version,
        ruleset_identifier=rules,
        evaluated_on=dt.date(2026, 11, 30),
        input_key=f"test:{number}",
        pdf=b"%PDF-1.7 " + bytes(1000),
        sha256="0" * 64,
        size=1009,
        created_at=timezone.now() - dt.timedelta(days=days_old),
    )


def _bundle(board, status, *, days_old: int) -> ReportBundle:
    return ReportBundle.objects.create(
        board=board,
        evaluated_on=dt.date(2026, 11, 30),
        status=status,
        archive=bytes(2000),
        created_at=timezone.now() - dt.timedelta(days=days_old),
    )


@pytest.fixture
def stored(django_user_model):
    """A school with two submitted versions and reports of every kind, old and new."""
    from pathways.services import current_ruleset

    data.publish_rules()
    cast = data.make_cast(django_user_model)
    rules = current_ruleset().identifier
    v1 = cast.version
    v2 = data.submit(cast.school, data.SCHOOL_FACTS, number=2)
    DONE, FAILED = ReportBundle.Status.DONE, ReportBundle.Status.FAILED
    return {
        "old_rules": _report(
            school=cast.school, board=cast.board, version=v2, rules="v0-000000000000", days_old=200
        ),
        "old_version": _report(
            school=cast.school, board=cast.board, version=v1, rules=rules, days_old=150
        ),
        "current": _report(
            school=cast.school, board=cast.board, version=v2, rules=rules, days_old=120
        ),
        "recent_old_version": _report(
            school=cast.school, board=cast.board, version=v1, rules=rules, days_old=10
        ),
        "other_school_only": _report(
            school=cast.other_school, board=cast.other_board, rules="v0-000000000000", days_old=300
        ),
        "old_board": _report(board=cast.board, rules=rules, days_old=200),
        "newest_board": _report(board=cast.board, rules=rules, days_old=100),
        "old_bundle": _bundle(cast.board, DONE, days_old=200),
        "failed_bundle": _bundle(cast.board, FAILED, days_old=150),
        "newest_bundle": _bundle(cast.board, DONE, days_old=120),
        "recent_failed_bundle": _bundle(cast.board, FAILED, days_old=5),
    }


def test_pruning_keeps_current_and_recent_renders_and_removes_superseded_old_ones(stored):
    out = io.StringIO()
    call_command("prune_reports", "--days", "90", stdout=out)

    reports = set(AdviceReport.objects.values_list("pk", flat=True))
    bundles = set(ReportBundle.objects.values_list("pk", flat=True))
    kept = {
        name
        for name, row in stored.items()
        if row.pk in (reports if isinstance(row, AdviceReport) else bundles)
    }
    assert kept == {
        "current",  # the latest submitted version with today's rules: the page offers it
        "recent_old_version",  # superseded, but younger than the period
        "other_school_only",  # the newest (only) report of its school
        "newest_board",
        "newest_bundle",
        "recent_failed_bundle",
    }
    assert "Removed 3 reports" in out.getvalue() and "2 bundles" in out.getvalue()


def test_a_dry_run_says_what_it_would_remove_and_removes_nothing(stored):
    out = io.StringIO()
    call_command("prune_reports", "--days", "90", "--dry-run", stdout=out)

    assert "Would remove 3 reports" in out.getvalue()
    assert AdviceReport.objects.count() == 7 and ReportBundle.objects.count() == 4


def test_nothing_current_goes_however_short_the_period(stored):
    call_command("prune_reports", "--days", "1", stdout=io.StringIO())

    assert AdviceReport.objects.filter(pk=stored["current"].pk).exists()
    assert ReportBundle.objects.filter(pk=stored["newest_bundle"].pk).exists()
    assert not AdviceReport.objects.filter(pk=stored["old_version"].pk).exists()
