"""Reports are rendered in the background as soon as their inputs exist or change, so the first
download is served from storage. What is stored matters here, not the PDF (a placeholder is
rendered; the tests of the PDF itself use the real renderer)."""

from __future__ import annotations

import pytest

from pathways.services import today
from reports.models import KIND_NOTE, AdviceReport
from reports.storage import stored_school_report

from . import reportdata as data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_render")]


@pytest.fixture
def prerender(settings):
    settings.REPORTS_PRERENDER = True


def test_a_submitted_questionnaire_has_its_note_and_full_report_stored_before_any_click(
    django_user_model, prerender, django_capture_on_commit_callbacks
):
    data.publish_rules()
    with django_capture_on_commit_callbacks(execute=True):
        cast = data.make_cast(django_user_model)

    assert stored_school_report(cast.school, on=today()) is not None
    assert stored_school_report(cast.school, on=today(), kind=KIND_NOTE) is not None
    assert AdviceReport.objects.filter(board=cast.board, school=None).count() == 2


def test_a_changed_school_record_has_its_new_report_stored_before_any_click(
    django_user_model, prerender, django_capture_on_commit_callbacks
):
    data.publish_rules()
    with django_capture_on_commit_callbacks(execute=True):
        cast = data.make_cast(django_user_model)
    before = stored_school_report(cast.school, on=today())

    cast.school.postcode = "1083"
    with django_capture_on_commit_callbacks(execute=True):
        cast.school.save()

    after = stored_school_report(cast.school, on=today())
    assert after is not None and after.pk != before.pk


def test_without_a_task_queue_nothing_is_rendered_ahead(
    django_user_model, django_capture_on_commit_callbacks, settings
):
    settings.REPORTS_PRERENDER = False
    data.publish_rules()
    with django_capture_on_commit_callbacks(execute=True):
        data.make_cast(django_user_model)

    assert not AdviceReport.objects.exists()
