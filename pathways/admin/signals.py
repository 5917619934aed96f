"""Queue the publish page's impact preview as soon as the draft or the published rules change.

A saved or deleted draft row and a newly published version each queue one computation of the
preview for the new state, once the change is committed (one per transaction, however many
rows it writes), so the publisher usually finds it ready. Only with a real task queue
(``IMPACT_PREVIEW_PRECOMPUTE``, on when ``TASKS_BACKEND`` is ``database``): the immediate
backend would compute inside the request that made the change. The page itself queues the
preview when it is missing, e.g. after schools submitted new answers.
"""

from __future__ import annotations

from django.db import transaction

from pathways.previews import precompute_enabled


def _queue_refresh() -> None:
    from .tasks import refresh_impact_preview

    refresh_impact_preview.enqueue()


def _queued_in_this_transaction(connection) -> bool:
    return any(entry[1] is _queue_refresh for entry in connection.run_on_commit)


def on_rules_changed(sender, raw: bool = False, **kwargs) -> None:
    """Queue a new preview after the transaction that changed the rules commits."""
    if not precompute_enabled() or raw:
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block and _queued_in_this_transaction(connection):
        return
    transaction.on_commit(_queue_refresh)


def on_version_saved(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if created:
        on_rules_changed(sender, raw=raw)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from pathways.models import DRAFT_MODELS, RuleSetVersion

    for model in DRAFT_MODELS:
        uid = f"pathways-impact-{model._meta.model_name}"
        post_save.connect(on_rules_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(on_rules_changed, sender=model, dispatch_uid=f"{uid}-delete")
    post_save.connect(on_version_saved, sender=RuleSetVersion, dispatch_uid="pathways-impact-v")
