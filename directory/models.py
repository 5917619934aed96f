"""The directory of organisations that can help a school: whom to call, near the school."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pathways.engine.facts import ROUTE_CODES, TASKS

from . import geography

SERVICE_CHOICES = TASKS
ROUTE_CHOICES = ROUTE_CODES


class Organisation(models.Model):
    """An organisation that helps schools: a social enterprise, an organiser, a federation.

    ``services`` are facility-task codes (``pathways.engine.facts.TASKS``), ``routes`` route
    codes (``ROUTE_CODES``) and ``areas`` REFNIS codes of the ``scope`` (municipality codes,
    arrondissement prefixes or province codes; empty for all of Flanders and for the whole
    Brussels-Capital Region).
    """

    class Kind(models.TextChoices):
        MAATWERKBEDRIJF = "maatwerkbedrijf", _("Maatwerkbedrijf")
        LDE = "lde", _("LDE-onderneming")
        COOPERATIVE = "cooperative", _("Coöperatie")
        WIJKWERK = "wijkwerk", _("Wijk-werkorganisator")
        LOCAL_GOVERNMENT = "local_government", _("OCMW of lokaal bestuur")
        REGISSEUR = "regisseur", _("Regisseur sociale economie")
        VDAB = "vdab", _("VDAB-kantoor")
        FEDERATION = "federation", _("Federatie of koepel")
        OTHER = "other", _("Andere")

    class Scope(models.TextChoices):
        MUNICIPALITIES = "municipalities", _("Gemeenten")
        ARRONDISSEMENTS = "arrondissements", _("Arrondissementen")
        PROVINCES = "provinces", _("Provincies")
        FLANDERS = "flanders", _("Heel Vlaanderen")
        BRUSSELS = "brussels", _("Brussels Hoofdstedelijk Gewest")

    name = models.CharField(_("naam"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    services = models.JSONField(_("diensten"), default=list, blank=True)
    scope = models.CharField(_("werkgebied"), max_length=20, choices=Scope.choices)
    areas = models.JSONField(_("gebieden"), default=list, blank=True)
    routes = models.JSONField(_("trajecten"), default=list, blank=True)
    what_to_ask = models.TextField(_("wat kunt u vragen"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    address = models.CharField(_("adres"), max_length=300, blank=True)
    source_url = models.URLField(_("bron"), max_length=500)
    checked_on = models.DateField(_("laatst nagekeken op"))
    note = models.TextField(
        _("interne nota"), blank=True, help_text=_("Alleen zichtbaar in het beheer.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:list") + f"#organisatie-{self.pk}"

    @property
    def anchor(self) -> str:
        return f"organisatie-{self.pk}"

    @property
    def area_names(self) -> list[str]:
        return [geography.area_name(self.scope, code) for code in self.areas]

    @property
    def service_labels(self) -> list[str]:
        labels = dict(SERVICE_CHOICES)
        return [str(_(labels[code])) for code in self.services if code in labels]

    @property
    def route_labels(self) -> list[str]:
        labels = dict(ROUTE_CHOICES)
        return [str(_(labels[code])) for code in self.routes if code in labels]

    def distance_to(self, location: geography.Location) -> int | None:
        """Return 0 (same municipality) .. 3 (all of Flanders), or None when out of area.

        The whole Brussels-Capital Region counts as 2, the level of a province (Brussels has
        none); it serves Brussels locations only. Organisations for all of Flanders stay the
        last resort (3) everywhere, Brussels included, as before.
        """
        if self.scope == self.Scope.BRUSSELS:
            return 2 if location.in_brussels else None
        if self.scope == self.Scope.MUNICIPALITIES:
            return 0 if location.municipality in self.areas else None
        if self.scope == self.Scope.ARRONDISSEMENTS:
            return 1 if location.arrondissement in self.areas else None
        if self.scope == self.Scope.PROVINCES:
            return 2 if location.province in self.areas else None
        return 3
