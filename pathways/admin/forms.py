"""Admin forms for the rule draft: values typed as plain text, checked against the fact registry.

Department staff type ``5``, ``2,5``, ``vzw``, ``vzw, go`` or ``01-07-2023``; the forms turn that
into the JSON the rule data stores and refuse, with a message saying what is expected, anything
that does not fit the condition's fact and operator. ``Condition.clean`` checks the result again.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml
from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pathways.engine import clean_facts
from pathways.engine.conditions import TYPE_NAMES, condition_problem
from pathways.engine.facts import FACTS_BY_CODE, OPERATORS_BY_TYPE, VALUELESS_OPERATORS
from pathways.engine.loader import (
    STATUSES,
    parameter_value_problem,
    source_problem,
    successor_problem,
)
from pathways.engine.numbers import number_input, parse_number, read_number
from pathways.engine.types import FactDef, FactType, Operator, Status
from pathways.engine.validate import read_date
from pathways.fields import problem_sentence
from pathways.models import OPERATOR_LABELS, Condition, ParameterValue, Route, RuleTestCase
from pathways.presentation import STATUS_LABELS
from pathways.publishing import RuleFileError, parse_rule_yaml

LIST_OPERATORS = (Operator.IN, Operator.NOT_IN)
# The key of a route not saved yet in the successor check (saved routes are keyed by id).
NEW_ROUTE = "new"
TRUE_WORDS = ("ja", "true", "waar", "yes")
FALSE_WORDS = ("nee", "false", "onwaar", "no")
# The fact types as the engine names them in its problems, translated when shown.
TYPE_LABELS = {fact_type: _(name) for fact_type, name in TYPE_NAMES.items()}

# Messages the tests name exactly.
MSG_NUMBER = _("'%(value)s': %(problem)s.")
MSG_DATE = _(
    "Verwacht een datum als JJJJ-MM-DD of DD-MM-JJJJ met een jaartal tussen 1900 en 2100, "
    "bijvoorbeeld 2023-07-01; '%(value)s' is geen datum."
)
MSG_CHOICE = _("'%(value)s' is geen keuze van dit gegeven. Kies uit: %(choices)s.")
MSG_NO_VALUE = _("Voor '%(operator)s' is geen waarde nodig; laat dit veld leeg.")
MSG_VALUE_NEEDED = _("Geef een waarde of kies een parameter.")
MSG_BOTH = _("Geef een vaste waarde of een parameter, niet allebei.")
MSG_OPERATOR = _(
    "'%(operator)s' past niet bij een gegeven van het type %(type)s. Kies uit: %(allowed)s."
)
MSG_PARAMETER_USE = _(
    "Deze parameter wordt gebruikt in een voorwaarde over '%(fact)s' (%(type)s): %(expected)s"
)


def status_text(status: str) -> str:
    """Return a route status as the admin writes it in a test case: "niet van toepassing"."""
    try:
        return str(STATUS_LABELS[Status(status)]).lower()
    except ValueError:
        return str(status)


def status_choices_text() -> str:
    return ", ".join(status_text(status) for status in STATUSES)


def choices_text(fact: FactDef) -> str:
    return ", ".join(f"{code} ({gettext(label)})" for code, label in fact.choices)


def parse_date_text(text: str) -> str | None:
    """Read ``2023-07-01``, ``1-7-2023`` or ``01/07/2023`` (years 1900-2100); ISO text or None."""
    day, _problem = read_date(text.strip())
    return day.isoformat() if day else None


def _choice_code(fact: FactDef, text: str) -> str:
    """Return the choice code for a typed code or Dutch label (any case); refuse others."""
    wanted = text.strip().strip("\"'").lower()
    for code, label in fact.choices:
        if wanted in (code.lower(), gettext(label).lower()):
            return code
    raise ValidationError(MSG_CHOICE % {"value": text.strip(), "choices": choices_text(fact)})


def _split_list(text: str) -> list[str]:
    stripped = text.strip()
    if stripped.startswith("["):
        try:
            items = json.loads(stripped)
        except ValueError:
            items = None
        if isinstance(items, list):
            return [str(item) for item in items]
    return [part.strip() for part in re.split(r"[,;\n]", stripped) if part.strip()]


def parse_condition_value(fact: FactDef, operator: str, text: str) -> Any:
    """Turn the typed value of a condition into its JSON value; raise ValidationError if wrong.

    Empty text is ``None`` (no value: a valueless operator, or a parameter is used).
    """
    text = (text or "").strip()
    if not text:
        return None
    op = Operator(operator)
    if op in VALUELESS_OPERATORS:
        word = text.lower()
        if (op is Operator.IS_TRUE and word in TRUE_WORDS) or (
            op is Operator.IS_FALSE and word in FALSE_WORDS
        ):
            return None
        raise ValidationError(MSG_NO_VALUE % {"operator": OPERATOR_LABELS[op]})
    if fact.type is FactType.NUMBER:
        number, problem = read_number(text)
        if problem:
            raise ValidationError(MSG_NUMBER % {"value": text, "problem": gettext(problem)})
        return number
    if fact.type is FactType.DATE:
        iso = parse_date_text(text.strip("\"'"))
        if iso is None:
            raise ValidationError(MSG_DATE % {"value": text})
        return iso
    if op in LIST_OPERATORS:
        items = _split_list(text)
        if fact.type is FactType.CHOICE:
            return [_choice_code(fact, item) for item in items]
        return items
    if fact.type in (FactType.CHOICE, FactType.MULTICHOICE):
        return _choice_code(fact, text)
    return text.strip("\"'") if fact.type is FactType.TEXT else text


def format_condition_value(value: Any) -> str:
    """Show a stored value the way staff type it (``2,5``, ``vzw, go``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("ja") if value else gettext("nee")
    if isinstance(value, int | float):
        return number_input(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def fact_hint(fact: FactDef) -> str:
    """Say in Dutch what a value for ``fact`` looks like (shown next to the value field)."""
    if fact.type is FactType.NUMBER:
        unit = f" ({gettext(fact.unit)})" if fact.unit else ""
        return gettext("Een getal%(unit)s, bijvoorbeeld 5 of 2,5.") % {"unit": unit}
    if fact.type is FactType.BOOLEAN:
        return gettext("Geen waarde nodig: kies 'is ja' of 'is nee'.")
    if fact.type in (FactType.CHOICE, FactType.MULTICHOICE):
        return gettext(
            "Een keuzecode (bij 'is een van': gescheiden door komma's): %(choices)s."
        ) % {"choices": choices_text(fact)}
    if fact.type is FactType.DATE:
        return gettext("Een datum, bijvoorbeeld 2023-07-01.")
    return gettext("Tekst (bij 'is een van': gescheiden door komma's).")


def operator_map() -> dict[str, Any]:
    """Return the JSON map the condition script uses: per fact its operators and a hint."""
    return {
        fact.code: {
            "type": fact.type.value,
            "operators": [op.value for op in OPERATORS_BY_TYPE[fact.type]],
            "hint": fact_hint(fact),
        }
        for fact in FACTS_BY_CODE.values()
    }


class FactSelect(forms.Select):
    """The fact select, carrying the operator map for ``condition_admin.js``."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-operator-map"] = json.dumps(operator_map())
        return context


class ConditionForm(forms.ModelForm):
    value = forms.CharField(
        label=_("waarde"),
        required=False,
        help_text=_(
            "Typ gewoon: 5 of 2,5 voor een getal, een keuzecode (bv. vzw), meerdere keuzes "
            "gescheiden door komma's, of een datum als 2023-07-01. Leeg bij ja/nee of een "
            "parameter."
        ),
        widget=forms.TextInput(attrs={"class": "vTextField condition-value"}),
    )

    class Meta:
        model = Condition
        fields = [
            "route",
            "order",
            "fact",
            "operator",
            "value",
            "parameter",
            "required",
            "informational",
            "valid_from",
            "valid_to",
            "text_met",
            "text_not_met",
            "text_unknown",
            "gap_hint",
            "source",
            "confidence",
        ]
        widgets = {
            "fact": FactSelect(attrs={"class": "condition-fact"}),
            "operator": forms.Select(attrs={"class": "condition-operator"}),
        }

    class Media:
        js = ["pathways/condition_admin.js"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["value"] = format_condition_value(self.instance.value)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("informational"):
            # Marking a condition informational is one tick: it can no longer be required.
            cleaned["required"] = False
            self.instance.required = False
        fact = FACTS_BY_CODE.get(cleaned.get("fact") or "")
        operator = cleaned.get("operator")
        if fact is None or not operator:
            return cleaned
        # Whether the operator fits the fact: the one condition check decides.
        problem = condition_problem(fact.code, operator, None)
        if problem and problem.part == "operator":
            allowed = OPERATORS_BY_TYPE[fact.type]
            self.add_error(
                "operator",
                MSG_OPERATOR
                % {
                    "operator": OPERATOR_LABELS[Operator(operator)],
                    "type": TYPE_LABELS[fact.type],
                    "allowed": ", ".join(str(OPERATOR_LABELS[op]) for op in allowed),
                },
            )
            return cleaned
        try:
            value = parse_condition_value(fact, operator, cleaned.get("value") or "")
        except ValidationError as exc:
            self.add_error("value", exc)
            return cleaned
        parameter = cleaned.get("parameter")
        if parameter is not None and value is not None:
            self.add_error("value", MSG_BOTH)
        elif parameter is None and value is None and Operator(operator) not in VALUELESS_OPERATORS:
            self.add_error("value", MSG_VALUE_NEEDED)
        elif value is not None and (problem := condition_problem(fact.code, operator, value)):
            # A value of the right kind can still be out of the fact's range (-5 hours).
            self.add_error("value", problem_sentence(problem.message))
        cleaned["value"] = value
        return cleaned

    def _post_clean(self) -> None:
        """Keep only this form's message when it already refused the operator or value.

        The model check would otherwise repeat the refusal about the untouched stored value.
        """
        own = {
            name: list(self.errors[name]) for name in ("operator", "value") if name in self.errors
        }
        super()._post_clean()
        for name, messages in own.items():
            self.errors[name] = self.error_class(messages)
        if "operator" in own and "value" not in own:
            self.errors.pop("value", None)


def parse_parameter_value(text: str, fact_type: FactType | None = None) -> Any:
    """Read a parameter value for the fact type it serves; raise ValidationError if it can't.

    A number fact reads it with the Belgian number reader (``30.000``, ``2,5``; ``30,000`` is
    refused as ambiguous), a date fact with the date reader. The parameter form passes
    ``FactType.NUMBER`` when no condition uses the parameter; without a fact type the text may
    be a number, ja/nee, JSON, or else plain text.
    """
    text = (text or "").strip()
    if fact_type is FactType.NUMBER:
        number, problem = read_number(text)
        if problem:
            raise ValidationError(MSG_NUMBER % {"value": text, "problem": gettext(problem)})
        return number
    if fact_type is FactType.DATE:
        iso = parse_date_text(text)
        if iso is None:
            raise ValidationError(MSG_DATE % {"value": text})
        return iso
    number = parse_number(text)
    if number is not None:
        return number
    if text.lower() in TRUE_WORDS:
        return True
    if text.lower() in FALSE_WORDS:
        return False
    try:
        return json.loads(text)
    except ValueError:
        return text


class ParameterValueForm(forms.ModelForm):
    value = forms.CharField(
        label=_("waarde"),
        help_text=_("Een getal in de eenheid van de parameter, bijvoorbeeld 5 of 2,5."),
        widget=forms.TextInput(attrs={"class": "vTextField parameter-value", "size": 12}),
    )
    source = forms.CharField(
        label=_("bron"),
        required=False,  # clean_source says what is missing, in the rule set's own words
        max_length=500,
        help_text=_(
            "Het webadres waar deze waarde staat, bijvoorbeeld https://www.vlaanderen.be/…"
        ),
        widget=forms.URLInput(attrs={"class": "vURLField parameter-source"}),
    )

    class Meta:
        model = ParameterValue
        fields = ["parameter", "valid_from", "value", "source", "confidence", "verified", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["value"] = format_condition_value(self.instance.value)

    def clean_value(self) -> Any:
        """Read the value for the facts that use the parameter, then check it as a number.

        A parameter no condition uses, or one compared with number facts, holds a number in its
        unit (``parameter_value_problem``, the rule-set check's own test): "veel", "-3" or
        "1e9" are refused here, with the typed text kept in the field.
        """
        parameter = self.instance.parameter if self.instance.parameter_id else None
        if parameter is None:
            parameter = self.cleaned_data.get("parameter")
        conditions = list(parameter.conditions.all()) if parameter is not None else []
        facts = [FACTS_BY_CODE[c.fact] for c in conditions if c.fact in FACTS_BY_CODE]
        fact_type = facts[0].type if facts else FactType.NUMBER
        try:
            value = parse_parameter_value(self.cleaned_data["value"], fact_type)
        except ValidationError as exc:
            if not facts:
                raise
            raise ValidationError(
                MSG_PARAMETER_USE
                % {
                    "fact": gettext(facts[0].label),
                    "type": TYPE_LABELS[facts[0].type],
                    "expected": exc.messages[0],
                }
            ) from None
        for condition in conditions:
            fact = FACTS_BY_CODE.get(condition.fact)
            if fact is None:
                continue
            problem = condition_problem(condition.fact, condition.operator, value)
            if problem and problem.part == "value":
                raise ValidationError(
                    MSG_PARAMETER_USE
                    % {
                        "fact": gettext(fact.label),
                        "type": TYPE_LABELS[fact.type],
                        "expected": problem_sentence(problem.message),
                    }
                )
        if all(fact.type is FactType.NUMBER for fact in facts):
            problem = parameter_value_problem(value, parameter.unit if parameter else "")
            if problem:
                raise ValidationError(_sentence(problem.text(gettext)))
        return value

    def clean_source(self) -> str:
        """Require the web address where the value can be checked (``source_problem``)."""
        source = (self.cleaned_data.get("source") or "").strip()
        problem = source_problem(source)
        if problem and not self.errors.get("source"):
            raise ValidationError(_sentence(problem.text(gettext)))
        return source

    def clean_valid_from(self):
        return checked_date(self.cleaned_data.get("valid_from"))


def _sentence(text: str) -> str:
    return capfirst(text) + ("" if text.endswith(".") else ".")


def checked_date(value):
    """Refuse a date outside the plausible window (a date picker given "27" sends 0027)."""
    if value is not None:
        _day, problem = read_date(value)
        if problem:
            raise ValidationError(problem_sentence(problem))
    return value


class RouteForm(forms.ModelForm):
    class Meta:
        model = Route
        fields = [
            "code",
            "title",
            "summary",
            "kind",
            "scope",
            "order",
            "valid_from",
            "closed_to_new_from",
            "valid_to",
            "successors",
            "continuation",
            "contacts",
            "admin_notes",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("successors")
        if field is not None and self.instance.pk is not None:
            # The picker does not offer the route itself; ``clean`` still refuses it if sent.
            field.widget.choices = [
                (value, label) for value, label in field.choices if value != self.instance.pk
            ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name in ("valid_from", "closed_to_new_from", "valid_to"):
            try:
                checked_date(cleaned.get(name))
            except ValidationError as exc:
                self.add_error(name, exc)
        if cleaned.get("successors") is not None:
            self._check_successors(list(cleaned["successors"]), cleaned.get("title") or "")
        return cleaned

    def _check_successors(self, successors: list[Route], title: str) -> None:
        """Refuse a route that would follow itself, directly or through other routes.

        The loader's successor check decides (``successor_problem``), on the saved routes'
        successors with this form's choice for this route; routes are named by their titles.
        """
        this = self.instance.pk or NEW_ROUTE
        graph: dict[Any, list[int]] = {}
        links = Route.successors.through.objects.values_list("from_route_id", "to_route_id")
        for source, target in links:
            graph.setdefault(source, []).append(target)
        problem = successor_problem(this, [route.pk for route in successors], graph)
        if problem is None:
            return
        titles = dict(Route.objects.values_list("pk", "title"))
        titles[this] = title or titles.get(this, "")

        def name(key: Any) -> str:
            return f"'{titles.get(key, key)}'"

        self.add_error("successors", capfirst(problem.text(name, gettext)) + ".")


class RuleTestCaseForm(forms.ModelForm):
    """Profile and expected statuses typed as YAML (or JSON), checked against the registry."""

    profile = forms.CharField(
        label=_("antwoorden"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "class": "vLargeTextField"}),
        help_text=_(
            "Eén antwoord per regel, bijvoorbeeld 'board_type: vzw' of 'hours_cleaning: 40'. "
            "Laat leeg voor een school die nog niets beantwoordde."
        ),
    )
    expected = forms.CharField(
        label=_("verwachte status"),
        widget=forms.Textarea(attrs={"rows": 8, "class": "vLargeTextField"}),
    )

    class Meta:
        model = RuleTestCase
        fields = ["name", "on", "profile", "expected", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected"].help_text = gettext(
            "Per trajectcode de verwachte status, bijvoorbeeld 'wijkwerken: aanbevolen'. "
            "Statussen: %(statuses)s."
        ) % {"statuses": status_choices_text()}
        if self.instance.pk and not self.is_bound:
            expected = {
                code: status_text(status) for code, status in (self.instance.expected or {}).items()
            }
            for name, value in (("profile", self.instance.profile), ("expected", expected)):
                self.initial[name] = yaml.safe_dump(value, allow_unicode=True, sort_keys=False)

    @staticmethod
    def _mapping(text: str) -> dict:
        try:
            data = parse_rule_yaml(text)  # read as rule files are (30.000 is thirty thousand)
        except RuleFileError:
            data = None
        if not isinstance(data, dict):
            raise ValidationError(_("Verwacht regels 'code: waarde', één per regel."))
        return data

    def clean_on(self):
        return checked_date(self.cleaned_data.get("on"))

    def clean_profile(self) -> dict:
        if not self.cleaned_data["profile"].strip():
            return {}
        raw = self._mapping(self.cleaned_data["profile"])
        _clean, problems = clean_facts(raw)
        if problems:
            raise ValidationError([f"{p.field}: {gettext(p.message)}" for p in problems])
        return json.loads(json.dumps(raw, default=str))

    def clean_expected(self) -> dict:
        """Read each expected status as its Dutch label ("aanbevolen") or its code."""
        expected = self._mapping(self.cleaned_data["expected"])
        known = set(Route.objects.values_list("code", flat=True))
        by_text = {status_text(status): status for status in STATUSES}
        by_text.update({status: status for status in STATUSES})
        errors, clean = [], {}
        for code, typed in expected.items():
            if code not in known:
                errors.append(gettext("Onbekend traject '%(code)s'.") % {"code": code})
            status = by_text.get(str(typed).strip().lower())
            if status is None:
                errors.append(
                    gettext("Onbekende status '%(status)s' bij %(code)s; kies uit: %(statuses)s.")
                    % {"status": typed, "code": code, "statuses": status_choices_text()}
                )
            clean[code] = status
        if errors:
            raise ValidationError(errors)
        return clean
