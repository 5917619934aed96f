"""Render reports in the background as soon as their inputs exist or change.

A submitted questionnaire, a changed school or board record and a newly published rule version
each queue the rendering of the reports they affect, once the change is committed; the first
download then finds them stored. Only with a real task queue (``REPORTS_PRERENDER``, on when
``TASKS_BACKEND`` is ``database``): the immediate backend would render inside the request.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction


def _enabled() -> bool:
    return getattr(settings, "REPORTS_PRERENDER", False)


def _school_changed(school_id: int) -> None:
    from .tasks import prerender_school_reports

    transaction.on_commit(lambda: prerender_school_reports.enqueue(school_id))


def on_version_saved(sender, instance, **kwargs) -> None:
    if _enabled() and instance.status == instance.Status.SUBMITTED:
        _school_changed(instance.school_id)


def on_school_saved(sender, instance, created: bool, **kwargs) -> None:
    if _enabled() and not created:
        _school_changed(instance.pk)


def on_board_saved(sender, instance, created: bool, **kwargs) -> None:
    if _enabled() and not created:
        for school_id in instance.schools.values_list("pk", flat=True):
            _school_changed(school_id)


def on_rules_published(sender, instance, created: bool, **kwargs) -> None:
    from .tasks import prerender_all_reports

    if _enabled() and created:
        transaction.on_commit(prerender_all_reports.enqueue)


def connect() -> None:
    from django.db.models.signals import post_save

    from pathways.models import RuleSetVersion
    from schools.models import Board, QuestionnaireVersion, School

    post_save.connect(on_version_saved, sender=QuestionnaireVersion, dispatch_uid="reports-qv")
    post_save.connect(on_school_saved, sender=School, dispatch_uid="reports-school")
    post_save.connect(on_board_saved, sender=Board, dispatch_uid="reports-board")
    post_save.connect(on_rules_published, sender=RuleSetVersion, dispatch_uid="reports-rules")
