"""The rule-maintenance roles as Django groups, kept in step after every ``migrate``.

- "Regelbeheerders" edit the rule draft (add/change/delete/view on the draft models);
- "Publiceerders" may do that too and publish (``pathways.publish_ruleset``);
- "Departement" may view everything in the project's apps (``DEPARTMENT_APPS``) and change
  nothing, except lifting a login lockout (``axes.delete_accessattempt``).

Groups are fetched with ``get_or_create`` so the schools app may create "Departement" as well.
"""

from __future__ import annotations

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission

from pathways.models import DRAFT_MODELS

EDITORS = "Regelbeheerders"
PUBLISHERS = "Publiceerders"
DEPARTMENT = "Departement"

PUBLISH_PERMISSION = "pathways.publish_ruleset"
# Importing a rule file replaces the whole draft: it needs every right on routes.
IMPORT_PERMISSIONS = ("pathways.add_route", "pathways.change_route", "pathways.delete_route")

# The apps whose records the department may view (app labels; no import of those apps).
DEPARTMENT_APPS = ("pathways", "schools", "reports")

# The draft tables editors maintain (model names, lower case).
DRAFT_MODEL_NAMES = tuple(model._meta.model_name for model in DRAFT_MODELS)


def _draft_permissions() -> list[Permission]:
    codenames = [
        f"{action}_{model}"
        for model in DRAFT_MODEL_NAMES
        for action in ("add", "change", "delete", "view")
    ]
    # Editors see the published versions and the history of every draft table too.
    codenames += ["view_rulesetversion"]
    codenames += [f"view_historical{model}" for model in DRAFT_MODEL_NAMES]
    return list(
        Permission.objects.filter(content_type__app_label="pathways", codename__in=codenames)
    )


def ensure_groups(**kwargs) -> None:
    """Create the three groups and (re)grant their permissions; safe to run any number of times."""
    if not global_apps.is_installed("django.contrib.auth"):
        return
    editor_perms = _draft_permissions()
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.add(*editor_perms)

    publishers, _ = Group.objects.get_or_create(name=PUBLISHERS)
    publish = Permission.objects.filter(
        content_type__app_label="pathways", codename="publish_ruleset"
    )
    publishers.permissions.add(*editor_perms, *publish)

    department, _ = Group.objects.get_or_create(name=DEPARTMENT)
    department.permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=DEPARTMENT_APPS, codename__startswith="view_"
        ),
        *Permission.objects.filter(content_type__app_label="axes", codename="delete_accessattempt"),
    )


def on_post_migrate(sender, **kwargs) -> None:
    """Run ``ensure_groups`` after an app whose permissions it grants has migrated.

    The last of ``DEPARTMENT_APPS`` to migrate then finds every permission in place.
    """
    if sender.label in DEPARTMENT_APPS:
        ensure_groups()
