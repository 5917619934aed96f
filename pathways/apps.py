"""App configuration for pathways: social-economy routes, the rule data and the rule engine."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PathwaysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pathways"
    verbose_name = _("Trajecten")

    def ready(self) -> None:
        from pathways.admin import signals
        from pathways.roles import on_post_migrate

        # After the migrate of every app whose permissions the roles grant (DEPARTMENT_APPS).
        post_migrate.connect(on_post_migrate, dispatch_uid="pathways-roles")
        # Compute the publish page's impact preview when the rules change (admin.signals).
        signals.connect()
