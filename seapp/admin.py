"""The one admin site (/beheer/): its titles, its index page and Dutch with the right article.

Django's Dutch success messages start with "De {name} …" whatever the model; Dutch says
"het schoolbestuur", "het contact", "het traject". ``HET_MODELS`` lists the models that take
"het", and every model admin registered on this site says their messages with it. The wording
itself is in the Dutch override catalog (``locale/nl/``), with the texts Django and
django-simple-history leave in English.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

# Models whose Dutch name takes "het" (app_label.model_name); every other model takes "de".
HET_MODELS = frozenset(
    {
        "schools.board",  # het schoolbestuur
        "pathways.contact",  # het contact
        "pathways.glossaryterm",  # het begrip
        "pathways.route",  # het traject
        "pathways.routeitem",  # het aandachtspunt
        "pathways.ruletestcase",  # het testgeval
        "reports.advicereport",  # het adviesrapport
    }
)


def article(model) -> str:
    """Return the Dutch definite article of ``model``'s singular name: "het" or "de"."""
    return "het" if model._meta.label_lower in HET_MODELS else "de"


def with_article(message, model):
    """Return ``message`` with "De <name>" at its start turned into "Het <name>" where due."""
    if article(model) != "het":
        return message
    text = str(message)
    wrong = f"De {model._meta.verbose_name} "
    if not text.startswith(wrong):
        return message
    fixed = f"Het {text[len('De ') :]}"
    return mark_safe(fixed) if isinstance(message, SafeString) else fixed  # was safe already


class DutchArticles:
    """Mixed into every model admin of the site: messages and the delete page with the article."""

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        super().message_user(request, with_article(message, self.model), level, *args, **kwargs)

    def delete_view(self, request, object_id, extra_context=None):
        # The Dutch catalog says "… dat u %(object_name)s … wilt verwijderen": name and article.
        name = f"{article(self.model)} {self.model._meta.verbose_name}"
        return super().delete_view(
            request, object_id, {"object_name": name, **(extra_context or {})}
        )


class AdminSite(admin.AdminSite):
    site_header = _("Beheer sociale economie voor schoolgebouwen")
    site_title = _("Beheer")
    index_title = _("Beheer")
    # The index shows the rule-maintenance panel (draft state, publish, compare, ...).
    index_template = "admin/pathways/index.html"

    def register(self, model_or_iterable, admin_class=None, **options):
        """Register as Django does, with ``DutchArticles`` mixed into the model admin."""
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, DutchArticles):
            admin_class = type(
                admin_class.__name__,
                (DutchArticles, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)


class AdminConfig(DjangoAdminConfig):
    """``django.contrib.admin`` with this project's site as ``admin.site``."""

    default_site = "seapp.admin.AdminSite"
