"""Background tasks of rule maintenance (django-tasks): the publish page's impact preview.

The preview compares the draft with the published rules for every school's latest submitted
answers (``schools.services.submitted_profiles``), which is why it lives in the admin package:
``pathways`` outside it does not import ``schools``. See ``pathways.previews`` for the key and
the stored shape. With the immediate backend (SQLite default, tests) a queued preview is
computed inside ``enqueue()``; with the database backend ``manage.py db_worker`` computes it.
"""

from __future__ import annotations

import datetime as dt
import logging

from django_tasks import task

from pathways import previews
from pathways.engine.loader import content_hash
from pathways.models import ImpactPreview
from pathways.publishing import DraftCheck, check_draft, draft_impact
from pathways.services import today
from schools.services import answers_revision, submitted_profiles

logger = logging.getLogger(__name__)


def preview_state(
    check: DraftCheck, on: dt.date, revision: str | None = None
) -> previews.PreviewState | None:
    """Return the key parts of the preview for ``check`` on ``on``.

    None when there is nothing to compare (an invalid draft, no published version, or a draft
    equal to it): the preview is then empty and nothing is stored. ``revision`` defaults to
    the current ``schools.services.answers_revision()``.
    """
    if check.ruleset is None or check.current is None:
        return None
    draft_hash = content_hash(check.data)
    if draft_hash == check.current.content_hash:
        return None
    return previews.PreviewState(
        draft_hash=draft_hash,
        published_number=check.current.number,
        on=on,
        answers_revision=answers_revision() if revision is None else revision,
    )


def compute(key: str) -> int:
    """Compute and store the pending preview ``key``; return the number of schools affected.

    The state is read again here (answers revision first, then the answers and the draft), and
    the result is stored under the key of what was actually read: if the draft, the rules or
    the answers changed since the preview was asked for, the result lands under the new key and
    the outdated request is dropped. Returns 0 when the preview is gone, done or already being
    computed. On an error the preview is marked failed and the error re-raised.
    """
    if not previews.claim(key):
        return 0
    try:
        on = ImpactPreview.objects.values_list("evaluated_on", flat=True).get(key=key)
        revision = answers_revision()  # before the answers: a later change gives a new key
        profiles = submitted_profiles()
        check = check_draft()
        state = preview_state(check, on, revision)
        if state is None:
            ImpactPreview.objects.filter(key=key).delete()
            return 0
        impacts = draft_impact(check, profiles=profiles, on=on)
        previews.store_result(state, impacts)
        if state.key != key:
            ImpactPreview.objects.filter(key=key).exclude(status=ImpactPreview.Status.DONE).delete()
        return len(impacts)
    except Exception as exc:
        logger.exception("impact preview %s failed", key[:12])
        previews.mark_failed(key, type(exc).__name__)
        raise


@task()
def compute_impact_preview(key: str) -> int:
    """Compute and store the impact preview ``key`` (see ``compute``)."""
    return compute(key)


@task()
def refresh_impact_preview() -> int:
    """Compute the preview of the current draft, rules and answers unless it is stored.

    Queued after the draft or the published rules change, so the publish page usually finds
    it ready. Returns the number of schools affected (0 when there was nothing to do).
    """
    state = preview_state(check_draft(), today())
    if state is None:
        return 0
    _preview, created = previews.request_preview(state)
    return compute(state.key) if created else 0


def queue_preview(state: previews.PreviewState) -> ImpactPreview:
    """Return the stored preview of ``state``, queuing its computation if this asked first.

    With the immediate backend the returned preview is already computed (or failed).
    """
    preview, created = previews.request_preview(state)
    if created:
        # The immediate backend runs the task here and keeps its error; the preview says it.
        compute_impact_preview.enqueue(state.key)
        preview.refresh_from_db()
    return preview


def requeue_preview(key: str) -> bool:
    """Queue a failed or stale preview again; return whether it was queued."""
    if not previews.retry_preview(key):
        return False
    compute_impact_preview.enqueue(key)
    return True
