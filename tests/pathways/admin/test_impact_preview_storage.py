"""The publish page reads the impact preview from storage: computed once per state, in the
background, and saying when it was computed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks.signals import task_enqueued
from django_tasks_db.models import DBTaskResult

from pathways import previews
from pathways.admin.tasks import compute, preview_state
from pathways.models import ImpactPreview, Parameter, ParameterValue, RuleSetVersion
from pathways.presentation import display_datetime
from pathways.publishing import check_draft
from pathways.services import today
from schools.models import QuestionnaireVersion
from schools.services import answers_revision

from .conftest import GHENT_ANSWERS, make_school
from .test_rule_impact import lower_invoice_threshold, make_cooperation_informational

pytestmark = pytest.mark.django_db

PUBLISH = "admin:pathways_publish"
COMPUTE_TASK = "pathways.admin.tasks.compute_impact_preview"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def enqueued():
    """The paths of the tasks queued while the test runs, in order."""
    paths: list[str] = []

    def record(sender, task_result, **kwargs):
        paths.append(task_result.task.module_path)

    task_enqueued.connect(record, dispatch_uid="test-impact-enqueued")
    yield paths
    task_enqueued.disconnect(dispatch_uid="test-impact-enqueued")


@pytest.fixture
def ghent(published):
    """A school whose advice changes when the cooperative condition becomes informational."""
    school = make_school("Sint-Lucas Gent", GHENT_ANSWERS, number="111111")
    make_cooperation_informational()
    return school


@pytest.fixture
def publishable(published):
    """A school whose advice text changes with a lower accepted-invoice limit (tests pass)."""
    school = make_school("Sint-Lucas Gent", GHENT_ANSWERS, number="111111")
    lower_invoice_threshold()
    return school


def run_queued() -> int:
    """Run the queued tasks as ``db_worker`` would (its process closes the test's connection)."""
    queued = list(DBTaskResult.objects.ready())
    for result in queued:
        result.claim("test-worker")
        result.task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
    return len(queued)


def page(client) -> str:
    return client.get(reverse(PUBLISH)).content.decode()


def test_the_first_visit_computes_the_preview_once_and_says_when(publisher_client, ghent, enqueued):
    html = page(publisher_client)

    assert enqueued == [COMPUTE_TASK]
    preview = ImpactPreview.objects.get()
    assert preview.status == ImpactPreview.Status.DONE
    assert preview.evaluated_on == today()
    assert "Het advies van 1 school verandert." in html
    assert (
        '<td class="old-status">Niet van toepassing</td><td class="new-status">Aanbevolen</td>'
        '<td class="changed-texts">uitleg bij de voorwaarden</td>'
    ) in html
    when = display_datetime(preview.computed_at)  # "30 november 2026 14:05"
    assert f'<p class="impact-computed">Berekend op {when}.</p>' in html


def test_a_second_visit_reads_the_stored_preview(publisher_client, ghent, enqueued):
    page(publisher_client)
    computed_at = ImpactPreview.objects.get().computed_at

    html = page(publisher_client)

    assert enqueued == [COMPUTE_TASK]
    assert ImpactPreview.objects.get().computed_at == computed_at
    assert "Sint-Lucas Gent" in html


def test_the_stored_preview_is_shown_in_the_visitors_language(publisher_client, ghent):
    page(publisher_client)

    html = publisher_client.get(reverse(PUBLISH), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<td class="changed-texts">explanation of the conditions</td>' in html
    assert "Computed on" in html


def test_a_draft_change_gives_a_new_preview(publisher_client, ghent, enqueued):
    page(publisher_client)
    first = ImpactPreview.objects.get()
    # Lower the accepted-invoice limit as well: the same school, now two routes change.
    lower_invoice_threshold()

    html = page(publisher_client)

    assert enqueued == [COMPUTE_TASK, COMPUTE_TASK]
    second = ImpactPreview.objects.exclude(pk=first.pk).get()
    assert second.draft_hash != first.draft_hash
    assert second.answers_revision == first.answers_revision
    assert [len(s["changes"]) for s in second.result["schools"]] == [2]
    assert html.count('<tr class="impact-school">') == 2


def test_a_new_submission_gives_a_new_preview(publisher_client, ghent, enqueued):
    page(publisher_client)
    revision = answers_revision()
    make_school("Sint-Jan Gent", GHENT_ANSWERS, number="222222")

    html = page(publisher_client)

    assert answers_revision() != revision
    assert enqueued == [COMPUTE_TASK, COMPUTE_TASK]
    assert ImpactPreview.objects.count() == 2
    assert "Het advies van 2 scholen verandert." in html


def test_the_answers_revision_changes_with_a_school_record_and_a_submission(ghent):
    revision = answers_revision()
    ghent.pupils = 651
    ghent.save()
    after_record = answers_revision()
    QuestionnaireVersion.objects.create(
        school=ghent, number=2, answers=GHENT_ANSWERS, status="submitted"
    )

    assert len({revision, after_record, answers_revision()}) == 3


def test_nothing_is_computed_when_the_draft_equals_the_published_rules(
    publisher_client, published, enqueued
):
    make_school("Sint-Lucas Gent", GHENT_ANSWERS, number="111111")

    html = page(publisher_client)

    assert enqueued == []
    assert not ImpactPreview.objects.exists()
    assert "Geen enkele school krijgt een ander advies." in html
    assert "Berekend op" not in html


def test_with_a_queue_the_page_says_it_is_computing_and_queues_once(
    publisher_client, publishable, settings
):
    settings.TASKS = DATABASE_TASKS

    first = page(publisher_client)
    second = page(publisher_client)

    assert DBTaskResult.objects.filter(task_path=COMPUTE_TASK).count() == 1
    for html in (first, second):
        assert "De impact wordt berekend…" in html
        assert "Sint-Lucas Gent" not in html
        assert "Berekend op" not in html
    # The publish form stays usable while the preview is computed.
    assert 'name="publish"' in second

    assert run_queued() == 1

    html = page(publisher_client)
    assert ImpactPreview.objects.get().status == ImpactPreview.Status.DONE
    assert "Berekend op" in html
    assert "Sint-Lucas Gent" in html
    assert DBTaskResult.objects.filter(task_path=COMPUTE_TASK).count() == 1


def test_a_failed_preview_says_so_and_can_be_computed_again(publisher_client, ghent):
    page(publisher_client)
    ImpactPreview.objects.update(status=ImpactPreview.Status.FAILED, result=None)

    html = page(publisher_client)
    assert "De impact kon niet berekend worden." in html
    assert 'name="recompute"' in html
    assert "Sint-Lucas Gent" not in html

    response = publisher_client.post(reverse(PUBLISH), {"recompute": "1"})

    assert response.status_code == 302
    preview = ImpactPreview.objects.get()
    assert preview.status == ImpactPreview.Status.DONE
    html = page(publisher_client)
    assert "Sint-Lucas Gent" in html
    assert 'name="recompute"' not in html


def test_a_preview_waiting_too_long_can_be_computed_again(publisher_client, ghent, settings):
    settings.TASKS = DATABASE_TASKS
    page(publisher_client)
    ImpactPreview.objects.update(created_at=timezone.now() - dt.timedelta(hours=1))
    DBTaskResult.objects.all().delete()  # the queued task was lost

    html = page(publisher_client)
    assert "duurt ongewoon lang" in html
    publisher_client.post(reverse(PUBLISH), {"recompute": "1"})
    assert run_queued() == 1

    assert ImpactPreview.objects.get().status == ImpactPreview.Status.DONE


def test_a_fresh_or_done_preview_is_not_computed_again_on_request(
    publisher_client, ghent, enqueued
):
    page(publisher_client)
    computed_at = ImpactPreview.objects.get().computed_at

    publisher_client.post(reverse(PUBLISH), {"recompute": "1"})

    assert enqueued == [COMPUTE_TASK]
    assert ImpactPreview.objects.get().computed_at == computed_at


def test_only_a_publisher_may_ask_for_a_new_computation(editor_client, ghent, enqueued):
    response = editor_client.post(reverse(PUBLISH), {"recompute": "1"})

    assert response.status_code == 403
    assert enqueued == []


def test_a_result_for_a_changed_state_is_stored_under_the_new_key(ghent):
    asked = preview_state(check_draft(), today())
    previews.request_preview(asked)
    make_school("Sint-Jan Gent", GHENT_ANSWERS, number="222222")  # answers change meanwhile

    assert compute(asked.key) == 2
    [stored] = ImpactPreview.objects.all()
    assert stored.key == preview_state(check_draft(), today()).key != asked.key
    assert stored.status == ImpactPreview.Status.DONE


def test_publishing_does_not_wait_for_the_preview(publisher_client, publishable, settings):
    settings.TASKS = DATABASE_TASKS
    page(publisher_client)  # the preview is queued, not computed

    response = publisher_client.post(reverse(PUBLISH), {"note": "Lagere grens", "based_on": 1})

    assert response.status_code == 302
    assert RuleSetVersion.objects.get(is_current=True).number == 2
    assert ImpactPreview.objects.get().status == ImpactPreview.Status.PENDING


def test_only_the_newest_previews_are_kept(ghent):
    state = preview_state(check_draft(), today())
    for n in range(previews.KEEP_PREVIEWS + 3):
        previews.store_result(
            previews.PreviewState(state.draft_hash, state.published_number, state.on, f"r{n}"),
            [],
        )

    kept = set(ImpactPreview.objects.values_list("answers_revision", flat=True))
    assert len(kept) == previews.KEEP_PREVIEWS
    assert f"r{previews.KEEP_PREVIEWS + 2}" in kept


def test_a_draft_change_queues_one_preview_per_transaction(
    publisher, ghent, settings, enqueued, django_capture_on_commit_callbacks
):
    settings.IMPACT_PREVIEW_PRECOMPUTE = True
    value = ParameterValue.objects.get(
        parameter__code="accepted_invoice_max", valid_from=dt.date(2017, 6, 30)
    )

    with django_capture_on_commit_callbacks(execute=True):
        value.value = 26000
        value.save()
        value.parameter.save()

    assert enqueued == ["pathways.admin.tasks.refresh_impact_preview"]
    preview = ImpactPreview.objects.get()
    assert preview.key == preview_state(check_draft(), today()).key
    assert preview.status == ImpactPreview.Status.DONE


def test_without_a_queue_a_draft_change_queues_nothing(ghent, enqueued):
    parameter = Parameter.objects.get(code="accepted_invoice_max")
    parameter.save()

    assert enqueued == []
    assert not ImpactPreview.objects.exists()


def test_the_page_lists_fifty_schools_per_route_and_counts_the_others(publisher_client, ghent):
    for n in range(50):
        make_school(f"School {n:02d}", GHENT_ANSWERS, number=f"{300000 + n}")

    html = page(publisher_client)

    assert "Het advies van 51 scholen verandert." in html
    assert html.count('<tr class="impact-school">') == 50
    assert (
        '<p class="impact-more">En nog 1 school: het advies van 51 scholen verandert voor dit '
        "traject.</p>"
    ) in html
