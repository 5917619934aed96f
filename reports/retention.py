"""Retention of stored reports and bundles: keep what is still in use, prune what was replaced.

Kept, whatever their age:

- every school's report made from its latest submitted questionnaire with the rules published
  now (what its advice page offers), and the newest report of each school and of each board;
- the newest finished bundle of each board, and every bundle still queued or running.

Removed once older than ``days`` (``REPORT_RETENTION_DAYS``): every other report (made from an
older questionnaire or with rules since replaced, or superseded by a newer report of the same
school or board), every other bundle, and renders that never finished. A removed report is made
again, under a new number, when someone asks for it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, OuterRef, Subquery, Sum
from django.utils import timezone

from reports.bundles import expire_bundles
from reports.models import AdviceReport, ReportBundle


@dataclass(frozen=True)
class Pruned:
    reports: int
    report_bytes: int
    bundles: int
    bundle_bytes: int
    kept_reports: int
    kept_bundles: int


def prune_reports(*, days: int, now: dt.datetime | None = None, dry_run: bool = False) -> Pruned:
    """Remove superseded reports and bundles older than ``days`` days; return the counts."""
    from pathways.services import NoPublishedRules, current_ruleset
    from schools.models import QuestionnaireVersion

    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=days)
    if not dry_run:
        expire_bundles(now=now)

    keep = set()
    # The newest report of each school and of each board.
    newest = (
        AdviceReport.objects.filter(size__gt=0)
        .values("scope", "school", "board")
        .annotate(last=Max("pk"))
        .values_list("last", flat=True)
    )
    keep.update(newest)
    # Reports made from a school's latest submitted questionnaire with the current rules.
    try:
        identifier = current_ruleset().identifier
    except NoPublishedRules:
        identifier = None
    if identifier is not None:
        latest = (
            QuestionnaireVersion.objects.filter(
                school=OuterRef("school"), status=QuestionnaireVersion.Status.SUBMITTED
            )
            .order_by("-number")
            .values("pk")[:1]
        )
        keep.update(
            AdviceReport.objects.filter(
                ruleset_identifier=identifier, questionnaire_version=Subquery(latest)
            ).values_list("pk", flat=True)
        )
    old_reports = AdviceReport.objects.filter(created_at__lt=cutoff).exclude(pk__in=keep)

    finished = (ReportBundle.Status.DONE, ReportBundle.Status.FAILED)
    newest_bundles = set(
        ReportBundle.objects.filter(status=ReportBundle.Status.DONE)
        .values("board")
        .annotate(last=Max("pk"))
        .values_list("last", flat=True)
    )
    old_bundles = ReportBundle.objects.filter(created_at__lt=cutoff, status__in=finished).exclude(
        pk__in=newest_bundles
    )

    report_count = old_reports.count()
    report_bytes = old_reports.aggregate(total=Sum("size"))["total"] or 0
    bundle_count = old_bundles.count()
    bundle_bytes = sum(len(b.archive) for b in old_bundles.only("archive").iterator())
    if not dry_run:
        with transaction.atomic():
            old_reports.delete()
            old_bundles.delete()
    return Pruned(
        reports=report_count,
        report_bytes=report_bytes,
        bundles=bundle_count,
        bundle_bytes=bundle_bytes,
        kept_reports=AdviceReport.objects.count() - (report_count if dry_run else 0),
        kept_bundles=ReportBundle.objects.count() - (bundle_count if dry_run else 0),
    )
