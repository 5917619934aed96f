"""The questionnaire, built from the fact registry (``pathways.engine.facts``).

One form per step of ``STEPS``; each question fact of that step becomes a field whose kind
follows the fact's type. Values are checked with the engine's ``clean_value``, so the form
refuses exactly what the engine refuses. Record facts (board type, postcode, pupils, campuses)
are not asked: they come from the school and board records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pathways.engine.facts import (
    FACTS,
    STEP_CODES,
    STEP_INTROS,
    STEP_TITLES,
    TASK_LABELS,
)

# The step lists live in the fact registry; the school pages read them from here.
from pathways.engine.facts import RECORD_STEP as RECORD_STEP
from pathways.engine.jsonvalues import json_value
from pathways.engine.numbers import number_input
from pathways.engine.types import FactDef, FactType
from pathways.engine.validate import clean_value, parse_date
from pathways.fields import DatePartsField, number_field
from pathways.presentation import route_choices, value_display

QUESTION_FACTS_BY_STEP: dict[str, tuple[FactDef, ...]] = {
    step: tuple(f for f in FACTS if f.step == step and f.origin == "question")
    for step in STEP_CODES
}
RECORD_FACTS: tuple[FactDef, ...] = tuple(f for f in FACTS if f.origin == "record")
# The one count of the questionnaire's questions, which every page that names a number of
# questions shows (home page, quick-scan intro, check pages). The record facts are not counted:
# they are the school's details, which the quick scan asks on its first step besides.
QUESTION_COUNT: int = sum(len(facts) for facts in QUESTION_FACTS_BY_STEP.values())

MSG_STALE = _(
    "Iemand anders heeft de vragenlijst van deze school intussen gewijzigd. Uw antwoorden "
    "hieronder zijn nog niet bewaard: controleer ze en sla opnieuw op om ze te bewaren."
)
UNKNOWN = "unknown"
# "Weet ik (nog) niet" stores no answer: the engine then says which answers a route still needs,
# instead of treating a guessed "nee" as "does not apply".
YES_NO = (("true", _("Ja")), ("false", _("Nee")), (UNKNOWN, _("Weet ik (nog) niet")))
_BOOLEAN_VALUES = {"true": True, "false": False, UNKNOWN: None}


def step_number(step: str) -> int:
    """Return the 1-based position of ``step`` ("Stap 2 van 7")."""
    return STEP_CODES.index(step) + 1


def next_step(step: str) -> str | None:
    index = STEP_CODES.index(step)
    return STEP_CODES[index + 1] if index + 1 < len(STEP_CODES) else None


def previous_step(step: str) -> str | None:
    index = STEP_CODES.index(step)
    return STEP_CODES[index - 1] if index > 0 else None


def step_context(step: str) -> dict:
    """Return what every step page shows of ``step``: title, intro, place and neighbours."""
    return {
        "step": step,
        "step_title": gettext(STEP_TITLES[step]),
        "step_intro": gettext(STEP_INTROS[step]),
        "step_number": step_number(step),
        "step_count": len(STEP_CODES),
        "previous_step": previous_step(step),
        "next_step": next_step(step),
    }


def task_of(fact: FactDef) -> str | None:
    """Return the facility task code of an ``hours_*``/``provider_*`` fact, else None."""
    for prefix in ("hours_", "provider_"):
        if fact.code.startswith(prefix) and fact.code[len(prefix) :] in TASK_LABELS:
            return fact.code[len(prefix) :]
    return None


def fact_question_label(fact: FactDef) -> str:
    """Return the label shown with the field (task facts are labelled within their group)."""
    if task_of(fact):
        return gettext("Uren per week") if fact.type is FactType.NUMBER else gettext(fact.help)
    return gettext(fact.label)


def fact_summary_label(fact: FactDef) -> str:
    """Return the label that names a question on its own, outside its group.

    Task facts share their field labels ("Uren per week"), so the error summary and the check
    page put the task in front: "Schoonmaak: uren per week".
    """
    task = task_of(fact)
    if task:
        return f"{gettext(TASK_LABELS[task])}: {fact_question_label(fact).lower()}"
    return gettext(fact.label)


def fact_hint(fact: FactDef) -> str:
    if task_of(fact):
        return gettext(fact.help) if fact.type is FactType.NUMBER else ""
    return gettext(fact.help) if fact.help else ""


def _field_for(fact: FactDef) -> forms.Field:
    label = fact_question_label(fact)
    hint = fact_hint(fact)
    common = {"label": label, "help_text": hint, "required": False}
    if fact.type is FactType.NUMBER:
        return number_field(fact, attrs={"class": "form-control"}, **common)
    if fact.type is FactType.BOOLEAN:
        return forms.TypedChoiceField(
            choices=YES_NO,
            coerce=_BOOLEAN_VALUES.get,
            empty_value=None,
            widget=forms.RadioSelect,
            **common,
        )
    if fact.type is FactType.CHOICE:
        return forms.ChoiceField(
            choices=[(code, _(text)) for code, text in fact.choices],
            widget=forms.RadioSelect,
            **common,
        )
    if fact.type is FactType.MULTICHOICE:
        return forms.MultipleChoiceField(
            choices=[(code, _(text)) for code, text in fact.choices],
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    if fact.type is FactType.DATE:
        return DatePartsField(**common)
    return forms.CharField(widget=forms.TextInput(attrs={"class": "form-control"}), **common)


def _initial(fact: FactDef, value: Any) -> Any:
    """Return the form's initial value for a stored (JSON) answer."""
    if value is None:
        return None
    if fact.type is FactType.BOOLEAN:
        return "true" if value else "false"
    if fact.type is FactType.NUMBER and isinstance(value, int | float):
        return number_input(value)
    if fact.type is FactType.DATE:
        return parse_date(value)
    return value


@dataclass(frozen=True)
class FieldGroup:
    """Fields shown together: a facility task's fields under its legend, or one question."""

    legend: str
    fields: tuple[forms.BoundField, ...]
    is_task: bool = False


class StepForm(forms.Form):
    """The questions of one step, plus the draft revision the answers were based on."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(
        self,
        *args: Any,
        step: str,
        answers: dict[str, Any],
        facts: tuple[FactDef, ...] | None = None,
        **kwargs: Any,
    ):
        self.step = step
        # ``facts`` overrides the step's questions (the quick scan asks the record facts too).
        self.facts = QUESTION_FACTS_BY_STEP[step] if facts is None else facts
        kwargs.setdefault("initial", {})
        for fact in self.facts:
            kwargs["initial"].setdefault(fact.code, _initial(fact, answers.get(fact.code)))
        super().__init__(*args, **kwargs)
        for fact in self.facts:
            self.fields[fact.code] = _field_for(fact)
            self.fields[fact.code].fact = fact
            self.fields[fact.code].summary_label = fact_summary_label(fact)
        self.answers: dict[str, Any] = {}
        self._describe()

    def full_clean(self) -> None:
        super().full_clean()
        self._describe()

    def _describe(self) -> None:
        """Point text inputs at their hint and error (choice groups do it on the fieldset)."""
        for fact in self.facts:
            field = self.fields[fact.code]
            if isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                continue
            name = self[fact.code].auto_id
            ids = [f"{name}_hint"] if field.help_text else []
            if self._errors is not None and fact.code in self._errors:
                ids.append(f"{name}_error")
                field.widget.attrs["aria-invalid"] = "true"
                field.widget.attrs["class"] = "form-control is-invalid"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def clean(self) -> dict[str, Any]:
        """Check every answer with the engine; collect the clean answers in ``self.answers``."""
        cleaned = super().clean()
        for fact in self.facts:
            if fact.code in self.errors:
                continue
            value = cleaned.get(fact.code)
            if fact.type is FactType.MULTICHOICE:
                value = list(value or [])
            elif value in (None, ""):
                self.answers[fact.code] = None
                continue
            result, problem = clean_value(fact, value)
            if problem:
                self.add_error(fact.code, capfirst(gettext(problem)) + ".")
            else:
                self.answers[fact.code] = json_value(result)
        return cleaned

    def question_fields(self) -> list[forms.BoundField]:
        return [self[fact.code] for fact in self.facts]

    def groups(self) -> list[FieldGroup]:
        """Return the fields grouped for display: one group per facility task, else one each."""
        groups: list[FieldGroup] = []
        by_task: dict[str, list[forms.BoundField]] = {}
        for fact in self.facts:
            task = task_of(fact)
            if task:
                if task not in by_task:
                    by_task[task] = []
                    groups.append(
                        FieldGroup(gettext(TASK_LABELS[task]), by_task[task], is_task=True)
                    )
                by_task[task].append(self[fact.code])
            else:
                groups.append(FieldGroup(self[fact.code].label, (self[fact.code],)))
        return [FieldGroup(g.legend, tuple(g.fields), g.is_task) for g in groups]


def answer_rows(answers: dict[str, Any], ruleset: Any = None) -> list[dict[str, Any]]:
    """Return, per step, the questions with their answers for the check page.

    With ``ruleset`` (the published rules), the measures in use are named as the advice names
    them (``route_choices``); without, by the registry's labels.
    """
    route_names = dict(route_choices(ruleset))
    rows = []
    for step in STEP_CODES:
        items = []
        for fact in QUESTION_FACTS_BY_STEP[step]:
            value = answers.get(fact.code)
            if fact.type is FactType.DATE and value is not None:
                value = parse_date(value)
            if fact.code == "routes_in_use" and value:
                display = ", ".join(route_names.get(code, str(code)) for code in value)
            else:
                display = value_display(fact, value)
            items.append(
                {
                    "fact": fact,
                    "label": fact_summary_label(fact),
                    "display": display,
                    "answered": value is not None,
                }
            )
        if items:
            rows.append({"step": step, "title": gettext(STEP_TITLES[step]), "items": items})
    return rows


def add_choice_hints(form: StepForm, ruleset: Any) -> None:
    """Name and explain each measure of "which measures are in use", under its checkbox.

    The name is the route's title in the published rule set, as the advice names it
    (``route_choices``); the explanation is the route's plain-language summary (a sentence a
    phone user can read; no hover). Without rules the registry's labels stay, unexplained.
    """
    if ruleset is None:
        return
    summaries = {route.code: route.summary for route in ruleset.routes if route.summary}
    for fact in form.facts:
        if fact.code == "routes_in_use":
            form.fields[fact.code].choices = route_choices(ruleset)
            form.fields[fact.code].choice_hints = {
                code: summaries[code] for code, _text in fact.choices if code in summaries
            }


# Time the questionnaire takes a person, for the home page: a yes/no or choice takes well under
# half a minute, but the hours per task and the contract figures must often be looked up or
# estimated. An estimate of ours (not measured with users), given as a range on purpose.
SECONDS_PER_QUESTION = (20, 45)


def time_estimate_minutes(questions: int = QUESTION_COUNT) -> tuple[int, int]:
    """Return (low, high) minutes to fill in ``questions`` questions, rounded up to 5."""

    def round_up(seconds: int) -> int:
        minutes = -(-seconds // 60)
        return max(5, -(-minutes // 5) * 5)

    low, high = SECONDS_PER_QUESTION
    return round_up(questions * low), round_up(questions * high)
