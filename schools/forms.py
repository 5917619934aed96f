"""Forms of the school pages (the questionnaire forms are built in ``questionnaire.py``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from pathways.engine.facts import FACTS_BY_CODE
from pathways.fields import number_field

from .models import Board, School

PUPILS, CAMPUSES = FACTS_BY_CODE["pupils"], FACTS_BY_CODE["campuses"]


class SchoolForm(forms.ModelForm):
    """The school record board staff keep up to date; the postcode is checked for real.

    Pupils and campuses are read as the fact registry says (whole numbers, ``1.200`` is twelve
    hundred, within the registry's limits), as the quick scan reads them.
    """

    pupils = number_field(PUPILS, min_value=PUPILS.minimum, max_value=PUPILS.maximum)
    campuses = number_field(CAMPUSES, min_value=CAMPUSES.minimum, max_value=CAMPUSES.maximum)

    class Meta:
        model = School
        fields = ["name", "network", "level", "postcode", "municipality", "pupils", "campuses"]
        help_texts = {
            "postcode": _("De postcode van de hoofdvestiging, vier cijfers."),
            "municipality": _("De gemeente van de hoofdvestiging, bijvoorbeeld Gent."),
            "campuses": _("Het aantal vestigingsplaatsen waar de school les geeft."),
        }
        widgets = {
            "postcode": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code"}
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name in ("pupils", "campuses"):
            self.fields[name].label = capfirst(School._meta.get_field(name).verbose_name)
            self.fields[name].help_text = self._meta.help_texts.get(name, "")


class InvitationForm(forms.Form):
    """Invite a facility manager for one school of the board."""

    email = forms.EmailField(
        label=_("E-mailadres"),
        help_text=_("We sturen een uitnodiging met een link naar dit adres."),
    )
    school = forms.ModelChoiceField(
        label=_("School"), queryset=School.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, board: Board, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = board.schools.order_by("name")


class AcceptInvitationForm(forms.Form):
    """Make an account for an invited facility manager."""

    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Familienaam"), max_length=150)
    password1 = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Minstens 8 tekens, niet alleen cijfers en niet te gewoon."),
    )
    password2 = forms.CharField(
        label=_("Wachtwoord herhalen"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("De twee wachtwoorden zijn niet gelijk."))
        elif first:
            try:
                password_validation.validate_password(first)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned
