"""App configuration for reports: stored PDF advisory reports and boards' ZIP bundles."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Rapporten")

    def ready(self) -> None:
        from . import signals

        # Render reports in the background when their inputs change (reports.signals).
        signals.connect()
