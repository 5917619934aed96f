"""The publish page's impact preview computed by the real ``manage.py db_worker``.

The page queues the preview (or a draft change does, ahead of the visit) and the worker process
computes and stores it; the page then shows it. PostgreSQL only: the worker reaches the test
database there (``tests/workers.py``); the data is committed (``transaction=True``).
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.db import transaction
from django.urls import reverse
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from pathways.admin.tasks import preview_state
from pathways.models import ImpactPreview, ParameterValue
from pathways.publishing import check_draft
from pathways.services import today
from tests.checks import page_html

from .conftest import GHENT_ANSWERS, make_school
from .test_rule_impact import make_cooperation_informational

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql,
]

PUBLISH = "admin:pathways_publish"
COMPUTE_TASK = "pathways.admin.tasks.compute_impact_preview"
REFRESH_TASK = "pathways.admin.tasks.refresh_impact_preview"
GHENT_ROW = (
    '<td class="old-status">Niet van toepassing</td><td class="new-status">Aanbevolen</td>'
    '<td class="changed-texts">uitleg bij de voorwaarden</td>'
)


@pytest.fixture
def ghent(published):
    """A school whose advice changes when the cooperative condition becomes informational."""
    school = make_school("Sint-Lucas Gent", GHENT_ANSWERS, number="111111")
    make_cooperation_informational()
    return school


def page(client) -> str:
    return page_html(client.get(reverse(PUBLISH)))


def wait_for_page(client, text: str, *, seconds: float = 120) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        html = page(client)
        if text in html:
            return html
        time.sleep(0.5)
    raise AssertionError(f"waited {seconds:g} s for {text!r} on the publish page")


def test_the_worker_computes_the_queued_preview_and_the_page_shows_it(
    publisher_client, ghent, workers
):
    html = page(publisher_client)
    assert "De impact wordt berekend…" in html
    assert "Sint-Lucas Gent" not in html
    preview = ImpactPreview.objects.get()
    assert preview.status == ImpactPreview.Status.PENDING
    assert preview.key == preview_state(check_draft(), today()).key

    workers.start("w1")
    html = wait_for_page(publisher_client, "Berekend op")

    assert "Het advies van 1 school verandert." in html
    assert GHENT_ROW in html
    assert "De impact wordt berekend…" not in html
    preview.refresh_from_db()
    assert preview.status == ImpactPreview.Status.DONE
    task = DBTaskResult.objects.get(task_path=COMPUTE_TASK)
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.worker_ids == ["w1"]
    assert task.args_kwargs["args"] == [preview.key]


def test_a_draft_change_has_the_worker_compute_the_preview_before_the_first_visit(
    publisher_client, published, workers, settings
):
    settings.IMPACT_PREVIEW_PRECOMPUTE = True
    make_school("Sint-Lucas Gent", GHENT_ANSWERS, number="111111")
    workers.start("w1")

    # As the admin saves a changed threshold: one transaction, one refresh queued on commit.
    with transaction.atomic():
        value = ParameterValue.objects.get(
            parameter__code="accepted_invoice_max", valid_from=dt.date(2017, 6, 30)
        )
        value.value = 26000
        value.save()
        value.parameter.save()
    key = preview_state(check_draft(), today()).key
    deadline = time.monotonic() + 120
    while not ImpactPreview.objects.filter(key=key, status=ImpactPreview.Status.DONE).exists():
        assert time.monotonic() < deadline, "waited 120 s for the worker to store the preview"
        time.sleep(0.5)

    html = page(publisher_client)

    assert "Berekend op" in html
    assert "Het advies van 1 school verandert." in html
    assert '<tr class="impact-school">' in html and "Sint-Lucas Gent" in html
    # The visit found it stored: it queued nothing more.
    assert list(DBTaskResult.objects.values_list("task_path", flat=True)) == [REFRESH_TASK]
    refresh = DBTaskResult.objects.get()
    assert refresh.status == TaskResultStatus.SUCCESSFUL
    assert refresh.worker_ids == ["w1"]
