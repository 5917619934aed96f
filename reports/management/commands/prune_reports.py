"""``manage.py prune_reports``: remove superseded stored reports and bundles (see retention)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reports.retention import prune_reports


class Command(BaseCommand):
    help = (
        "Remove stored PDF reports and ZIP bundles that were superseded more than --days days "
        "ago; keep every school's current report and each board's newest bundle."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.REPORT_RETENTION_DAYS,
            help="keep superseded renders this many days (default: REPORT_RETENTION_DAYS, "
            "%(default)s)",
        )
        parser.add_argument("--dry-run", action="store_true", help="only say what would be removed")

    def handle(self, *, days: int, dry_run: bool, **options):
        if days < 1:
            raise CommandError("--days must be at least 1")
        pruned = prune_reports(days=days, dry_run=dry_run)
        verb = "Would remove" if dry_run else "Removed"
        self.stdout.write(
            f"{verb} {pruned.reports} reports ({_mb(pruned.report_bytes)}) and {pruned.bundles} "
            f"bundles ({_mb(pruned.bundle_bytes)}); kept {pruned.kept_reports} reports and "
            f"{pruned.kept_bundles} bundles."
        )


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"
