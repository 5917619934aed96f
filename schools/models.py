"""Models for schools: people, school boards, schools, memberships, questionnaires, invitations.

Facility managers belong to schools (``SchoolMembership``), board staff to a board
(``BoardMembership``). Questionnaire answers are kept per version: at most one draft per school,
and every submission is a numbered, immutable ``QuestionnaireVersion``.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from stdnum.be import vat

from pathways.engine.derive import CONTRACTING_BOARDS, PUBLIC_BOARDS
from pathways.engine.facts import BOARD_TYPES, LEGAL_FORMS, REGIONS
from pathways.models import acting_user
from pathways.presentation import display_date

from . import postcodes


def validate_one_line(value: str) -> None:
    """Refuse control characters (tab, line or page break, ...) in a name shown on one line.

    Raises ``ValidationError`` with a Dutch message; pages and PDFs would show such a character
    as an empty box or break the line where nobody expects it.
    """
    if any(unicodedata.category(character) == "Cc" for character in value):
        raise ValidationError(
            _(
                "Een naam is één regel tekst: tabs, regeleinden en andere onzichtbare tekens "
                "kunnen er niet in."
            ),
            code="control_character",
        )


class User(AbstractUser):
    """A person who signs in; the e-mail address is unique."""

    email = models.EmailField(_("e-mailadres"), unique=True)

    @property
    def display_name(self) -> str:
        """Return the full name, or the user name when no name is filled in."""
        return self.get_full_name() or self.get_username()


def board_type_choices() -> list[tuple[str, str]]:
    """Board types from the fact registry (a callable: a changed label needs no migration)."""
    return [(code, _(label)) for code, label in BOARD_TYPES]


def legal_form_choices() -> list[tuple[str, str]]:
    """Legal forms from the fact registry (a callable: a changed label needs no migration)."""
    return [(code, _(label)) for code, label in LEGAL_FORMS]


REGION_LABELS = {code: label for code, label in REGIONS}


def format_enterprise_number(number: str) -> str:
    """Format a compact 10-digit enterprise number as ``0403.170.701``."""
    if len(number) != 10:
        return number
    return f"{number[:4]}.{number[4:7]}.{number[7:]}"


def enterprise_number_compact(text: str) -> str | None:
    """Return the 10-digit form of a typed enterprise number, or None when it is not one.

    Reads ``0412.345.614``, ``0412 345 614``, ``BE0412345614`` and ``412345614`` (the old
    nine-digit form) with python-stdnum, which also checks the check digits.
    """
    try:
        return vat.validate(text.strip())
    except (vat.ValidationError, AttributeError):
        return None


def validate_enterprise_number(value: str) -> None:
    """Refuse a KBO enterprise number whose format or check digits are wrong."""
    try:
        vat.validate(value)
    except vat.ValidationError:
        raise ValidationError(
            _("Dit is geen geldig ondernemingsnummer. Gebruik de vorm 0123.456.789."),
            code="invalid_enterprise_number",
        ) from None


class Board(models.Model):
    """A school board (schoolbestuur, inrichtende macht)."""

    name = models.CharField(_("naam"), max_length=200, validators=[validate_one_line])
    board_type = models.CharField(
        _("soort schoolbestuur"), max_length=20, choices=board_type_choices
    )
    legal_form = models.CharField(_("rechtsvorm"), max_length=20, choices=legal_form_choices)
    enterprise_number = models.CharField(
        _("ondernemingsnummer"),
        max_length=20,
        unique=True,
        validators=[validate_enterprise_number],
        help_text=_("Het KBO-nummer, tien cijfers, bijvoorbeeld 0403.170.701."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("schoolbestuur")
        verbose_name_plural = _("schoolbesturen")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # Store the compact form whatever was typed (dots, spaces, "BE").
        if self.enterprise_number:
            self.enterprise_number = vat.compact(self.enterprise_number)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("schools:board-detail", args=[self.pk])

    def clean(self) -> None:
        if self.enterprise_number:
            try:
                self.enterprise_number = vat.compact(self.enterprise_number)
            except vat.ValidationError:
                pass

    @property
    def enterprise_number_display(self) -> str:
        return format_enterprise_number(self.enterprise_number)

    @property
    def contracting_authority(self) -> tuple[bool, str]:
        """Return whether the board is a contracting authority, and why (Dutch)."""
        if self.board_type in PUBLIC_BOARDS:
            return True, gettext(
                "Een publiekrechtelijk schoolbestuur (GO!, gemeente of provincie) is een "
                "aanbestedende overheid en volgt de wet op de overheidsopdrachten."
            )
        if self.board_type in CONTRACTING_BOARDS:
            return True, gettext(
                "Een vrij gesubsidieerd schoolbestuur wordt grotendeels door de overheid "
                "gefinancierd en is daarom een aanbestedende overheid."
            )
        return False, gettext(
            "Voor dit soort schoolbestuur kan het hulpmiddel niet afleiden of het een "
            "aanbestedende overheid is; vraag het na bij uw juridische dienst."
        )


class Network(models.TextChoices):
    GO = "go", _("GO! onderwijs van de Vlaamse Gemeenschap")
    OGO = "ogo", _("Officieel gesubsidieerd onderwijs (OGO)")
    VGO = "vgo", _("Vrij gesubsidieerd onderwijs (VGO)")


class Level(models.TextChoices):
    BASIS = "basis", _("Basisonderwijs")
    SECUNDAIR = "secundair", _("Secundair onderwijs")
    BUITENGEWOON_BASIS = "buitengewoon_basis", _("Buitengewoon basisonderwijs")
    BUITENGEWOON_SECUNDAIR = "buitengewoon_secundair", _("Buitengewoon secundair onderwijs")
    VOLWASSENEN = "volwassenen", _("Volwassenenonderwijs")
    DKO = "dko", _("Deeltijds kunstonderwijs")


class School(models.Model):
    """A school (instelling) of a board; the record facts of its questionnaire live here."""

    name = models.CharField(_("naam"), max_length=200, validators=[validate_one_line])
    institution_number = models.CharField(
        _("instellingsnummer"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^\d{6}$", _("Een instellingsnummer heeft zes cijfers."))],
    )
    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="schools", verbose_name=_("schoolbestuur")
    )
    network = models.CharField(_("net"), max_length=10, choices=Network.choices)
    level = models.CharField(_("onderwijsniveau"), max_length=30, choices=Level.choices)
    postcode = models.CharField(_("postcode"), max_length=4)
    municipality = models.CharField(
        _("gemeente"),
        max_length=100,
        blank=True,
        help_text=_("Mag leeg blijven als de postcode maar bij één gemeente hoort."),
    )
    pupils = models.PositiveIntegerField(
        _("aantal leerlingen"), validators=[MaxValueValidator(100000)]
    )
    campuses = models.PositiveIntegerField(
        _("aantal vestigingsplaatsen"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("scholen")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("schools:school-detail", args=[self.pk])

    def clean(self) -> None:
        """Check the postcode and municipality against the Belgian postcode list."""
        if not self.postcode:
            return
        problem = postcodes.check(self.postcode, self.municipality)
        if problem is not None:
            field, message = problem
            raise ValidationError({field: message})
        self.municipality = postcodes.canonical_municipality(self.postcode, self.municipality)

    @property
    def region(self) -> str | None:
        return postcodes.region_for(self.postcode)

    @property
    def region_label(self) -> str:
        code = self.region
        return gettext(REGION_LABELS[code]) if code else ""


class SchoolMembership(models.Model):
    """A facility manager of a school."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="school_memberships",
        verbose_name=_("gebruiker"),
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("school")
    )
    created_at = models.DateTimeField(_("sinds"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "school"], name="school_membership_unique")
        ]
        verbose_name = _("facilitair beheerder van een school")
        verbose_name_plural = _("facilitair beheerders van scholen")

    def __str__(self) -> str:
        return f"{self.user} · {self.school}"


class BoardMembership(models.Model):
    """A staff member of a school board."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="board_memberships",
        verbose_name=_("gebruiker"),
    )
    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("schoolbestuur")
    )
    created_at = models.DateTimeField(_("sinds"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "board"], name="board_membership_unique")
        ]
        verbose_name = _("medewerker van een schoolbestuur")
        verbose_name_plural = _("medewerkers van schoolbesturen")

    def __str__(self) -> str:
        return f"{self.user} · {self.board}"


class QuestionnaireVersion(models.Model):
    """One version of a school's answers: a draft being filled in, or a submitted one.

    ``revision`` grows with every write to the school's questionnaire (it continues from the
    previous version), so a form that carries a stale revision is refused.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Concept")
        SUBMITTED = "submitted", _("Ingediend")

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="versions", verbose_name=_("school")
    )
    number = models.PositiveIntegerField(_("versie"))
    answers = models.JSONField(_("antwoorden"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    revision = models.PositiveIntegerField(_("revisie"), default=1)
    created_by = acting_user(_("aangemaakt door"))
    updated_by = acting_user(_("laatst gewijzigd door"))
    # The names are copied when the version is written, so they outlive a deleted account.
    created_by_name = models.CharField(
        _("aangemaakt door (naam)"), max_length=300, blank=True, editable=False
    )
    updated_by_name = models.CharField(
        _("laatst gewijzigd door (naam)"), max_length=300, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    updated_at = models.DateTimeField(_("laatst gewijzigd op"), auto_now=True)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    # Where the questionnaire resumes, and which steps were saved at least once (for the
    # done / to do marks of the step list). Step codes of ``pathways.engine.facts.STEPS``.
    last_step = models.CharField(_("laatste stap"), max_length=40, blank=True)
    steps_saved = models.JSONField(_("bewaarde stappen"), default=list, blank=True)

    class Meta:
        ordering = ["school", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "number"], name="questionnaire_number_unique"
            ),
            models.UniqueConstraint(
                fields=["school"],
                condition=models.Q(status="draft"),
                name="questionnaire_one_draft_per_school",
            ),
        ]
        verbose_name = _("versie van de vragenlijst")
        verbose_name_plural = _("versies van de vragenlijst")

    def __str__(self) -> str:
        return gettext("%(school)s, versie %(number)s") % {
            "school": self.school,
            "number": self.number,
        }

    def save(self, *args, **kwargs) -> None:
        if self.created_by is not None and not self.created_by_name:
            self.created_by_name = self.created_by.display_name
        if self.updated_by is not None:
            self.updated_by_name = self.updated_by.display_name
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "created_by_name",
                "updated_by_name",
            }
        super().save(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def submitted_by_name(self) -> str:
        """Return who submitted this version (kept after the account is deleted), or ''."""
        return "" if self.is_draft else self.updated_by_name

    @property
    def caption(self) -> str:
        """Say which answers these are, e.g. "vragenlijst versie 2 van 3 maart 2026".

        The date is the submission's (the creation's for a draft), in the active language.
        """
        when = timezone.localtime(self.submitted_at or self.created_at).date()
        return gettext("vragenlijst versie %(number)s van %(date)s") % {
            "number": self.number,
            "date": display_date(when),
        }


def new_token() -> str:
    """Return a fresh random invitation token (43 URL-safe characters, 256 bits)."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """Return the SHA-256 hex digest under which an invitation token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class InvitationManager(models.Manager["Invitation"]):
    def issue(self, **fields) -> Invitation:
        """Create an invitation with a fresh token and return it, token included.

        Only the hash of the token is stored: the returned object is the one place that knows
        the token (``invitation.token``, ``invitation.accept_path()``), for the e-mail.
        """
        token = new_token()
        invitation = self.create(token_hash=hash_token(token), **fields)
        invitation.token = token
        return invitation

    def get_by_token(self, token: str) -> Invitation:
        """Return the invitation ``token`` opens; raise ``DoesNotExist`` for any other text."""
        return self.select_related("school").get(token_hash=hash_token(token))


class Invitation(models.Model):
    """An invitation for a facility manager of one school, sent by board staff.

    The link's token is stored hashed, so nobody who can read the table (department staff in
    the admin, a database dump) can use an open invitation.
    """

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("school")
    )
    email = models.EmailField(_("e-mailadres"))
    token_hash = models.CharField(_("code (gehasht)"), max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uitgenodigd door"),
    )
    created_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)
    expires_at = models.DateTimeField(_("geldig tot"))
    accepted_at = models.DateTimeField(_("aanvaard op"), null=True, blank=True)
    accepted_by = acting_user(_("aanvaard door"))

    objects = InvitationManager()

    # Set only on the object ``Invitation.objects.issue`` returns; never stored.
    token: str | None = None

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")

    def __str__(self) -> str:
        return f"{self.email} · {self.school}"

    def accept_path(self) -> str:
        """Return the invitation link's path; only known right after ``issue``."""
        if not self.token:
            raise ValueError("the token of a stored invitation is not known (only its hash)")
        return reverse("schools:invitation-accept", args=[self.token])

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class ScanRequestCount(models.Model):
    """Requests of one client in one window of the quick scan's rate limit (``scan.allow``).

    In the database, so every web process (gunicorn worker, host) counts the same requests;
    a per-process cache would give each process its own limit. ``key`` is
    "<bucket>:<keyed hash of the client address>:<window start, epoch seconds>"; the address
    itself is not stored. Rows past ``expires_at`` are deleted by ``scan.allow``.
    """

    key = models.CharField(_("sleutel"), max_length=120, unique=True)
    count = models.PositiveIntegerField(_("aantal"), default=0)
    expires_at = models.DateTimeField(_("vervalt op"), db_index=True)

    class Meta:
        verbose_name = _("teller van de snelle scan")
        verbose_name_plural = _("tellers van de snelle scan")

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
