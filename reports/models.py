"""Stored PDF advisory reports and the boards' ZIP bundles of them.

The PDF bytes live in the database (BinaryField), not under MEDIA_ROOT: a report is ~50-150 kB,
it is written once and never changed, and keeping it in its row means the web process and the
task worker need no shared volume, a backup or restore of the database keeps each report with
its SHA-256, and no orphan files appear when a transaction rolls back.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from pathways.models import RouteScope, acting_user
from pathways.presentation import display_datetime

# What a report can be: the two-page decision note alone, or the note with the full reasoning;
# each kind's word in a downloaded file's name.
KIND_FULL = "full"
KIND_NOTE = "note"
REPORT_KINDS = (KIND_FULL, KIND_NOTE)
FILE_WORDS = {KIND_FULL: "volledig-rapport", KIND_NOTE: "beslissingsnota"}


class AdviceReport(models.Model):
    """One generated PDF advisory report, stored so that downloading it again gives the same bytes.

    ``input_key`` names everything the report was made from (the school and questionnaire
    version, or the board and its schools' versions; the rule-data identifier; the evaluation
    date); a report is only made again when one of those changed.
    """

    Scope = RouteScope  # a report is of one school or of a board, as a route is

    number = models.CharField(_("rapportnummer"), max_length=20, unique=True)
    scope = models.CharField(_("niveau"), max_length=10, choices=Scope.choices)
    board = models.ForeignKey(
        "schools.Board",
        on_delete=models.CASCADE,
        related_name="advice_reports",
        verbose_name=_("schoolbestuur"),
    )
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="advice_reports",
        verbose_name=_("school"),
    )
    questionnaire_version = models.ForeignKey(
        "schools.QuestionnaireVersion",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="advice_reports",
        verbose_name=_("versie van de vragenlijst"),
    )
    ruleset_identifier = models.CharField(_("regelgegevens"), max_length=80)
    evaluated_on = models.DateField(_("regels toegepast op"))
    input_key = models.CharField(_("invoersleutel"), max_length=255, unique=True, editable=False)
    pdf = models.BinaryField(_("PDF"), editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    size = models.PositiveIntegerField(_("grootte (bytes)"), default=0, editable=False)
    created_at = models.DateTimeField(_("gemaakt op"), default=timezone.now, editable=False)
    created_by = acting_user(_("gemaakt door"))
    # A report asked for by a download is rendered by a background task (reports.ondemand):
    # when its render was last queued, and why it failed (Dutch; empty while none failed).
    queued_at = models.DateTimeField(
        _("in de wachtrij gezet op"), null=True, blank=True, editable=False
    )
    error = models.TextField(_("fout"), blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["board", "-created_at"], name="advicereport_board_recent")]
        verbose_name = _("adviesrapport")
        verbose_name_plural = _("adviesrapporten")

    def __str__(self) -> str:
        return self.number

    @property
    def kind(self) -> str:
        """``"full"`` or ``"note"``: the third part of ``input_key``
        (``<scope>:<pk>:<kind>:<fingerprint>``, ``reports.storage``)."""
        parts = self.input_key.split(":")
        return parts[2] if len(parts) > 2 and parts[2] in REPORT_KINDS else KIND_FULL

    @property
    def filename(self) -> str:
        """``<number>-<kind>-<subject>.pdf``, e.g.
        ``SE-2026-000001-beslissingsnota-sint-jozefscollege-gent.pdf``."""
        subject = self.school.name if self.school_id else self.board.name
        return f"{self.number}-{FILE_WORDS[self.kind]}-{slugify(subject)}.pdf"


class ReportBundle(models.Model):
    """A board's request for all its schools' reports in one ZIP, built by a background task."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        RUNNING = "running", _("Bezig")
        DONE = "done", _("Klaar")
        FAILED = "failed", _("Mislukt")

    board = models.ForeignKey(
        "schools.Board",
        on_delete=models.CASCADE,
        related_name="report_bundles",
        verbose_name=_("schoolbestuur"),
    )
    requested_by = acting_user(_("aangevraagd door"))
    evaluated_on = models.DateField(_("regels toegepast op"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    done = models.PositiveIntegerField(_("klaar"), default=0)
    total = models.PositiveIntegerField(_("totaal"), default=0)
    archive = models.BinaryField(_("ZIP-bestand"), default=b"", editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    error = models.TextField(_("fout"), blank=True)
    task_id = models.CharField(_("taak"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now, editable=False)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True, editable=False)
    # The life of a bundle whose worker may die (see reports.bundles).
    attempt = models.PositiveIntegerField(_("poging"), default=1, editable=False)
    started_at = models.DateTimeField(_("gestart op"), null=True, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(
        _("laatste voortgang"), null=True, blank=True, editable=False
    )
    deadline_at = models.DateTimeField(
        _("uiterlijk klaar op"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("bundel adviesrapporten")
        verbose_name_plural = _("bundels adviesrapporten")

    def __str__(self) -> str:
        return f"{self.board} · {display_datetime(self.created_at)}"

    def get_absolute_url(self) -> str:
        return reverse("reports:board-bundle-progress", args=[self.board_id, self.pk])

    @property
    def can_retry(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def filename(self) -> str:
        return f"adviesrapporten-{slugify(self.board.name)}-{self.evaluated_on:%Y-%m-%d}.zip"
