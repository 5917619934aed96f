"""Rule data as department staff maintain it, and the published versions schools are advised with.

The draft lives in normal tables (routes, conditions, parameters, ...) edited in the admin.
Publishing freezes the draft into an immutable ``RuleSetVersion`` holding the rule-set dict (the
format of ``pathways.engine.loader``); advice always comes from the current published version.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pathways.engine.conditions import condition_problem
from pathways.engine.facts import FACTS, FACTS_BY_CODE, OPERATORS_BY_TYPE
from pathways.engine.rulefile import CONDITION_TEXTS
from pathways.engine.text import check_placeholders
from pathways.engine.types import Operator, RouteKind, Scope
from pathways.fields import problem_sentence
from pathways.presentation import KIND_LABELS, display_date, display_parameter_value


class Confidence(models.TextChoices):
    HIGH = "H", _("Hoog: officiële bron of wettekst")
    MEDIUM = "M", _("Middel: sectorfederatie, sociaal secretariaat of ongedateerde bron")
    LOW = "L", _("Laag: één secundaire bron of afleiding")


# The route kinds with their labels from ``presentation.KIND_LABELS`` (the one list of them).
Kind = models.TextChoices(
    "Kind", [(kind.name, (kind.value, KIND_LABELS[kind])) for kind in RouteKind]
)


class RouteScope(models.TextChoices):
    """A route's level, and a stored report's (``reports.models.AdviceReport.Scope``)."""

    SCHOOL = Scope.SCHOOL.value, _("School")
    BOARD = Scope.BOARD.value, _("Schoolbestuur")


def acting_user(verbose_name: str) -> models.ForeignKey:
    """Return a field naming the user who did something (published, made, asked for it).

    The record outlives the account (``SET_NULL``); the user gets no reverse accessor.
    """
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


def fact_choices() -> list[tuple[str, str]]:
    """The facts a condition may name, labelled "label (code)".

    A callable, so a changed Dutch label in the fact registry needs no migration.
    """
    return [(fact.code, f"{fact.label} ({fact.code})") for fact in FACTS]


OPERATOR_LABELS = {
    Operator.EQ: _("is gelijk aan"),
    Operator.NE: _("is niet gelijk aan"),
    Operator.GT: _("is groter dan"),
    Operator.GTE: _("is minstens"),
    Operator.LT: _("is kleiner dan"),
    Operator.LTE: _("is hoogstens"),
    Operator.IS_TRUE: _("is ja"),
    Operator.IS_FALSE: _("is nee"),
    Operator.IN: _("is een van"),
    Operator.NOT_IN: _("is geen van"),
    Operator.CONTAINS: _("bevat"),
    Operator.NOT_CONTAINS: _("bevat niet"),
    Operator.BEFORE: _("valt voor"),
    Operator.ON_OR_AFTER: _("valt op of na"),
}


def operator_choices() -> list[tuple[str, str]]:
    """The operators, with their Dutch labels (a callable: labels need no migration)."""
    return [(op.value, label) for op, label in OPERATOR_LABELS.items()]


class Contact(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("waarvoor contacteren"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    url = models.URLField(_("website"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacten")

    def __str__(self) -> str:
        return self.name


class GlossaryTerm(models.Model):
    term = models.CharField(_("term"), max_length=100, unique=True)
    definition = models.TextField(_("uitleg"))
    url = models.URLField(_("meer informatie"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["term"]
        verbose_name = _("begrip")
        verbose_name_plural = _("begrippenlijst")

    def __str__(self) -> str:
        return self.term


class Parameter(models.Model):
    """A named number (threshold, amount) whose value changes over time."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    label = models.CharField(_("omschrijving"), max_length=200)
    unit = models.CharField(_("eenheid"), max_length=40, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("parameter")
        verbose_name_plural = _("parameters")

    def __str__(self) -> str:
        return f"{self.label} ({self.code})"


class ParameterValue(models.Model):
    parameter = models.ForeignKey(
        Parameter, on_delete=models.CASCADE, related_name="values", verbose_name=_("parameter")
    )
    valid_from = models.DateField(_("geldig vanaf"))
    value = models.JSONField(_("waarde"))
    source = models.URLField(_("bron"), max_length=500, blank=True)
    confidence = models.CharField(
        _("betrouwbaarheid"), max_length=1, choices=Confidence.choices, blank=True
    )
    # A new value is unverified until the editor ticks it after checking the source.
    verified = models.BooleanField(
        _("nagekeken"),
        default=False,
        help_text=_("Vink aan als je de waarde zelf in de bron hebt nagekeken."),
    )
    note = models.TextField(_("opmerking"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["parameter", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["parameter", "valid_from"], name="parameter_value_unique_start"
            )
        ]
        verbose_name = _("gedateerde waarde")
        verbose_name_plural = _("gedateerde waarden")

    def __str__(self) -> str:
        # "Drempel: 140.000 EUR (1 januari 2022)"
        value = display_parameter_value(self.value, self.parameter.unit)
        return f"{self.parameter.label}: {value} ({display_date(self.valid_from)})"


class Route(models.Model):
    """A route to get facility work done while giving someone a job (draft data)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("titel"), max_length=200)
    summary = models.TextField(_("samenvatting"))
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    scope = models.CharField(
        _("niveau"), max_length=10, choices=RouteScope.choices, default=RouteScope.SCHOOL
    )
    order = models.PositiveIntegerField(_("volgorde"), default=0)
    valid_from = models.DateField(_("geldig vanaf"), null=True, blank=True)
    closed_to_new_from = models.DateField(
        _("geen nieuwe instap vanaf"),
        null=True,
        blank=True,
        help_text=_("Vanaf deze dag kunnen scholen niet meer nieuw instappen."),
    )
    valid_to = models.DateField(
        _("geldig tot en met"),
        null=True,
        blank=True,
        help_text=_("Laatste dag waarop ook bestaande gebruikers nog gedekt zijn."),
    )
    successors = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        verbose_name=_("opvolgers"),
    )
    continuation = models.TextField(
        _("wat loopt verder"),
        blank=True,
        help_text=_("Wat blijft gelden voor scholen die deze maatregel al gebruiken."),
    )
    contacts = models.ManyToManyField(Contact, blank=True, verbose_name=_("contacten"))
    admin_notes = models.TextField(
        _("notities voor het departement"),
        blank=True,
        help_text=_(
            "Onderzoeksnotities, betrouwbaarheid en bronnen die niet voor scholen geschikt zijn. "
            "Scholen zien dit nooit."
        ),
    )

    history = HistoricalRecords(m2m_fields=[successors, contacts])

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if (
            self.valid_from
            and self.closed_to_new_from
            and self.closed_to_new_from <= self.valid_from
        ):
            raise ValidationError(
                {"closed_to_new_from": _("Deze datum moet na 'geldig vanaf' liggen.")}
            )
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError(
                {"valid_to": _("Deze datum mag niet voor 'geldig vanaf' liggen.")}
            )


class RouteItem(models.Model):
    class ItemKind(models.TextChoices):
        ATTENTION_POINT = "attention_point", _("Aandachtspunt")
        NEXT_STEP = "next_step", _("Volgende stap")

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("soort"), max_length=20, choices=ItemKind.choices)
    text = models.TextField(_("tekst"))
    order = models.PositiveIntegerField(_("volgorde"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["route", "kind", "order", "pk"]
        verbose_name = _("aandachtspunt of stap")
        verbose_name_plural = _("aandachtspunten en volgende stappen")

    def __str__(self) -> str:
        return self.text[:60]


class RouteText(models.Model):
    """A dated version of a route's texts: in force from ``valid_from`` until the next one.

    A text left empty keeps the text of the version before it (or the route's own text), so a
    regime change that only touches the summary is one field.
    """

    route = models.ForeignKey(
        Route, on_delete=models.CASCADE, related_name="texts", verbose_name=_("traject")
    )
    valid_from = models.DateField(_("geldig vanaf"))
    summary = models.TextField(_("samenvatting"), blank=True)
    attention_points = models.TextField(
        _("aandachtspunten"), blank=True, help_text=_("Eén aandachtspunt per regel.")
    )
    next_steps = models.TextField(
        _("volgende stappen"), blank=True, help_text=_("Eén stap per regel.")
    )
    continuation = models.TextField(_("wat loopt verder"), blank=True)
    source = models.URLField(_("bron"), max_length=500, blank=True)
    confidence = models.CharField(
        _("betrouwbaarheid"), max_length=1, choices=Confidence.choices, blank=True
    )
    note = models.TextField(_("opmerking"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["route", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["route", "valid_from"], name="route_text_unique_start")
        ]
        verbose_name = _("gedateerde tekst")
        verbose_name_plural = _("gedateerde teksten")

    def __str__(self) -> str:
        return f"{self.route.code} ({display_date(self.valid_from)})"

    def clean(self) -> None:
        if not any((self.summary, self.attention_points, self.next_steps, self.continuation)):
            raise ValidationError(
                _(
                    "Geef minstens één tekst: samenvatting, aandachtspunten, volgende stappen "
                    "of wat loopt verder."
                )
            )


def text_lines(text: str) -> list[str] | None:
    """Return the non-empty lines of ``text``; None when there are none (keep the older text)."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines or None


class RouteLink(models.Model):
    class LinkKind(models.TextChoices):
        RESOURCE = "resource", _("Hulpmiddel")
        LEGAL_REFERENCE = "legal_reference", _("Rechtsgrond")
        SOURCE = "source", _("Bron")

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("soort"), max_length=20, choices=LinkKind.choices)
    title = models.CharField(_("titel"), max_length=300)
    url = models.URLField(_("adres"), max_length=500, blank=True)
    note = models.CharField(_("opmerking"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("volgorde"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["route", "kind", "order", "pk"]
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self) -> str:
        return self.title


class Condition(models.Model):
    """``fact operator (value | parameter)`` with the Dutch texts for each outcome."""

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="conditions")
    order = models.PositiveIntegerField(_("volgorde"), default=0)
    fact = models.CharField(_("gegeven"), max_length=60, choices=fact_choices)
    operator = models.CharField(_("vergelijking"), max_length=20, choices=operator_choices)
    value = models.JSONField(
        _("waarde"),
        null=True,
        blank=True,
        help_text=_("Een getal, ja/nee, een keuzecode, een lijst of een datum (JJJJ-MM-DD)."),
    )
    parameter = models.ForeignKey(
        Parameter,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conditions",
        verbose_name=_("parameter"),
        help_text=_("Gebruik een parameter in plaats van een vaste waarde voor drempels."),
    )
    required = models.BooleanField(
        _("noodzakelijk"),
        default=True,
        help_text=_("Noodzakelijke voorwaarden beslissen; andere maken een advies sterker."),
    )
    informational = models.BooleanField(
        _("alleen ter informatie"),
        default=False,
        help_text=_(
            "Een informatieve voorwaarde legt iets uit (een procedure, een drempel) maar verandert "
            "de status nooit. Ze kan dus niet noodzakelijk zijn."
        ),
    )
    valid_from = models.DateField(
        _("geldt vanaf"),
        null=True,
        blank=True,
        help_text=_("Laat leeg als de voorwaarde altijd gold."),
    )
    valid_to = models.DateField(
        _("geldt tot en met"),
        null=True,
        blank=True,
        help_text=_("Laat leeg als de voorwaarde nog altijd geldt."),
    )
    text_met = models.TextField(_("tekst als voldaan"))
    text_not_met = models.TextField(_("tekst als niet voldaan"))
    text_unknown = models.TextField(_("tekst als onbekend"))
    gap_hint = models.TextField(_("hoe de kloof dichten"), blank=True)
    source = models.URLField(_("bron"), max_length=500, blank=True)
    confidence = models.CharField(
        _("betrouwbaarheid"), max_length=1, choices=Confidence.choices, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["route", "order", "pk"]
        verbose_name = _("voorwaarde")
        verbose_name_plural = _("voorwaarden")

    def __str__(self) -> str:
        fact = FACTS_BY_CODE.get(self.fact)
        parts = [fact.label if fact else self.fact, str(OPERATOR_LABELS.get(self.operator, ""))]
        if self.parameter_id:
            parts.append(self.parameter.label)
        elif self.value not in (None, ""):
            parts.append(str(self.value))
        return " ".join(part for part in parts if part)

    def clean(self) -> None:
        """Refuse what the one condition check refuses (``pathways.engine.conditions``), a
        required informational condition and an end before the start.

        Texts may use only the documented placeholders ({answer}, {threshold}, {unit}, {gap}).
        With a parameter, every dated value of the parameter must fit the fact and operator.
        """
        if self.informational and self.required:
            raise ValidationError(
                {
                    "informational": _(
                        "Een informatieve voorwaarde verandert de status nooit; vink "
                        "'noodzakelijk' uit."
                    )
                }
            )
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("Deze datum mag niet voor 'geldt vanaf' liggen.")})
        text_problems = {
            name: problem_sentence(problem)
            for name in CONDITION_TEXTS
            if (problem := check_placeholders(getattr(self, name) or ""))
        }
        if text_problems:
            raise ValidationError(text_problems)
        fact = FACTS_BY_CODE.get(self.fact)
        if fact is None or not self.operator:
            return
        if self.parameter_id and self.value not in (None, ""):
            raise ValidationError(
                {"value": _("Geef een vaste waarde of een parameter, niet allebei.")}
            )
        if self.parameter_id:
            probes = [v.value for v in self.parameter.values.order_by("valid_from")] or [None]
        else:
            probes = [self.value]
        for probe in probes:
            problem = condition_problem(self.fact, self.operator, probe)
            if problem is None:
                continue
            if problem.part == "operator":
                allowed = ", ".join(str(OPERATOR_LABELS[op]) for op in OPERATORS_BY_TYPE[fact.type])
                message = _("Past niet bij dit gegeven. Kies uit: %(allowed)s.") % {
                    "allowed": allowed
                }
                raise ValidationError({"operator": message})
            field = "parameter" if self.parameter_id else "value"
            raise ValidationError({field: problem_sentence(problem.message)})


def version_label(number: int) -> str:
    """Return a published version's name in the active language: "versie 3"."""
    return _("versie %(number)s") % {"number": number}


class RuleSetVersion(models.Model):
    """An immutable, numbered snapshot of the rule data; exactly one is current."""

    number = models.PositiveIntegerField(_("versie"), unique=True)
    data = models.JSONField(_("regels"))
    content_hash = models.CharField(_("inhoudshash"), max_length=64)
    note = models.TextField(_("wijzigingsnota"))
    published_by = acting_user(_("gepubliceerd door"))
    published_at = models.DateTimeField(_("gepubliceerd op"), auto_now_add=True)
    is_current = models.BooleanField(_("in gebruik"), default=False)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="one_current_ruleset_version",
            )
        ]
        verbose_name = _("gepubliceerde versie")
        verbose_name_plural = _("gepubliceerde versies")
        permissions = [("publish_ruleset", _("Kan regels publiceren"))]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        return version_label(self.number)

    @property
    def identifier(self) -> str:
        """The rule-data identifier recorded with every advice: ``v3-1a2b3c4d5e6f``."""
        return f"v{self.number}-{self.content_hash[:12]}"


class RuleTestCase(models.Model):
    """A profile, a date and the status expected per route, kept by department staff."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    on = models.DateField(_("datum"))
    profile = models.JSONField(
        _("antwoorden"),
        default=dict,
        blank=True,
        help_text=_("De antwoorden per gegeven (JSON); leeg voor een school zonder antwoorden."),
    )
    expected = models.JSONField(
        _("verwachte status"), help_text=_("Per trajectcode de verwachte status (JSON).")
    )
    note = models.TextField(_("toelichting"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("testgeval")
        verbose_name_plural = _("testgevallen")

    def __str__(self) -> str:
        return self.name


# The draft tables department staff edit and publishing freezes, each after those it refers to.
DRAFT_MODELS = (
    Parameter,
    ParameterValue,
    Contact,
    GlossaryTerm,
    Route,
    RouteItem,
    RouteLink,
    RouteText,
    Condition,
    RuleTestCase,
)


class ImpactPreview(models.Model):
    """The stored impact preview of one state of the draft, the rules and the schools' answers.

    ``key`` (see ``pathways.previews.preview_key``) hashes what determines the preview: the
    draft's content hash, the published version compared with, the evaluation date and the
    revision of the schools' answers. ``result`` holds the schools whose advice changes
    (``pathways.previews.impacts_to_json``); it is filled by a background task.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("in de wachtrij")
        RUNNING = "running", _("wordt berekend")
        DONE = "done", _("berekend")
        FAILED = "failed", _("mislukt")

    key = models.CharField(_("sleutel"), max_length=64, unique=True)
    draft_hash = models.CharField(_("inhoudshash van het ontwerp"), max_length=64)
    published_number = models.PositiveIntegerField(_("gepubliceerde versie"))
    evaluated_on = models.DateField(_("evaluatiedatum"))
    answers_revision = models.CharField(_("revisie van de antwoorden"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    result = models.JSONField(_("resultaat"), null=True, blank=True)
    error = models.TextField(_("fout"), blank=True)
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    started_at = models.DateTimeField(_("gestart op"), null=True, blank=True)
    computed_at = models.DateTimeField(_("berekend op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("impactvoorbeeld")
        verbose_name_plural = _("impactvoorbeelden")

    def __str__(self) -> str:
        return f"{self.key[:12]} ({self.status})"
