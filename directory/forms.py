"""Forms of the directory: the admin record form, the CSV upload, and the public filter."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pathways.presentation import route_choices
from pathways.services import current_ruleset_or_none

from . import geography
from .models import ROUTE_CHOICES, SERVICE_CHOICES, Organisation
from .records import LIST_SEPARATOR, parse_areas


def _translated(choices):
    return [(code, _(label)) for code, label in choices]


class OrganisationAdminForm(forms.ModelForm):
    """The admin form; areas are typed as names and read by the same reader as the CSV."""

    services = forms.MultipleChoiceField(
        label=_("Diensten"),
        choices=_translated(SERVICE_CHOICES),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    routes = forms.MultipleChoiceField(
        label=_("Trajecten"),
        choices=_translated(ROUTE_CHOICES),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    areas = forms.CharField(
        label=_("Gebieden"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Namen gescheiden door komma's: gemeenten (ook de namen van vóór de fusies van "
            "2025; Brusselse gemeenten ook in het Frans), arrondissementen (ook "
            "Brussel-Hoofdstad) of provincies, volgens het werkgebied. Leeg voor heel "
            "Vlaanderen en voor het Brussels Hoofdstedelijk Gewest."
        ),
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "services",
            "scope",
            "areas",
            "routes",
            "what_to_ask",
            "website",
            "email",
            "phone",
            "address",
            "source_url",
            "checked_on",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["areas"] = (LIST_SEPARATOR + " ").join(self.instance.area_names)

    def clean(self):
        data = super().clean()
        scope = data.get("scope")
        if scope:
            codes, problems = parse_areas(scope, data.get("areas", ""))
            if problems:
                self.add_error("areas", problems)
            else:
                data["areas"] = codes
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV-bestand"))


class ConfirmImportForm(forms.Form):
    data = forms.CharField(widget=forms.HiddenInput)


def municipality_choices() -> list[tuple[str, str]]:
    return [("", gettext("Alle gemeenten"))] + [
        (m.code, m.name) for m in geography.municipalities().values()
    ]


class FilterForm(forms.Form):
    """The filter of 'Wie kan helpen?': municipality, service and route, all optional."""

    gemeente = forms.ChoiceField(label=_("Gemeente van de school"), required=False)
    dienst = forms.ChoiceField(label=_("Dienst"), required=False)
    traject = forms.ChoiceField(label=_("Traject"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].choices = municipality_choices()
        self.fields["dienst"].choices = [("", gettext("Alle diensten"))] + [
            (code, gettext(label)) for code, label in SERVICE_CHOICES
        ]
        # Each route named as the advice names it: its title in the published rules.
        self.fields["traject"].choices = [
            ("", gettext("Alle trajecten")),
            *route_choices(current_ruleset_or_none()),
        ]
