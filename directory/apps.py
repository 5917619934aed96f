from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def grant_directory_permissions(sender, **kwargs) -> None:
    """Let rule editors and publishers maintain the directory and the department view it."""
    from django.contrib.auth.models import Group, Permission

    from pathways.roles import DEPARTMENT, EDITORS, PUBLISHERS

    perms = Permission.objects.filter(content_type__app_label="directory")
    view = perms.filter(codename__startswith="view_")
    for name in (EDITORS, PUBLISHERS):
        Group.objects.get_or_create(name=name)[0].permissions.add(*perms)
    Group.objects.get_or_create(name=DEPARTMENT)[0].permissions.add(*view)


class DirectoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "directory"
    verbose_name = _("Wie kan helpen")

    def ready(self) -> None:
        post_migrate.connect(
            grant_directory_permissions, sender=self, dispatch_uid="directory-permissions"
        )
