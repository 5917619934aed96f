"""App configuration for reports: stored PDF advisory reports and boards' ZIP bundles."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Rapporten")

    def ready(self) -> None:
        from pathways.roles import on_post_migrate  # needs the auth models, so not before ready()

        # The department may view stored reports: grant it once their permissions exist.
        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="reports-roles")
