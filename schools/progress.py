"""How far a questionnaire is: step marks, open questions, and soft plausibility warnings.

Used by the step list (done / to do / has problems), the check page (how many questions are
open and which routes they decide) and the quick scan. Nothing here blocks a save: the
plausibility warnings only ask "klopt dit?".
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pathways.engine.facts import FACTS_BY_CODE
from pathways.engine.numbers import parameter_number
from pathways.engine.types import Advice, FactDef, RuleSet, Status
from pathways.presentation import display_number

from .questionnaire import (
    QUESTION_FACTS_BY_STEP,
    STEP_CODES,
    STEP_TITLES,
    TASK_LABELS,
    fact_summary_label,
)

DONE, TODO, PROBLEM = "done", "todo", "problem"
STATE_LABELS = {
    DONE: gettext_noop("klaar"),
    TODO: gettext_noop("nog te doen"),
    PROBLEM: gettext_noop("bevat fouten"),
}

# Soft check, not a rule of any measure: it only asks "klopt dit?" and never blocks. One hour a
# week per pupil for a single facility task (320 hours for a school of 320 pupils, about eight
# full-time jobs) is far above what a school building needs, so an answer above it is more
# likely a typing slip (a month or a year instead of a week, an extra zero). A judgement of
# ours, not a sourced norm; change it here.
MAX_TASK_HOURS_PER_PUPIL_WEEK = 1.0


@dataclass(frozen=True)
class StepMark:
    code: str
    number: int
    title: str
    state: str
    state_label: str
    open_count: int


def step_marks(
    answers: Mapping[str, Any],
    saved: Collection[str],
    problems: Collection[str],
    asked: Mapping[str, Sequence[FactDef]] = QUESTION_FACTS_BY_STEP,
) -> list[StepMark]:
    """Return each step with its mark: has problems, done (saved once) or still to do.

    The one rule of the questionnaire and the quick scan. ``saved`` are the steps saved at
    least once; ``problems`` the steps with unsaved input that has errors; ``asked`` the facts
    each step asks (the questionnaire's questions by default; the quick scan's first step asks
    the record facts too). A saved step is done however many of its questions are open, and
    says how many (``open_count``); a step that asks nothing (the questionnaire's school
    record) is always done.
    """
    marks = []
    for number, code in enumerate(STEP_CODES, start=1):
        facts = asked[code]
        open_count = sum(1 for f in facts if answers.get(f.code) in (None, [], ""))
        if code in problems:
            state = PROBLEM
        elif not facts or code in saved:
            state = DONE
        else:
            state = TODO
        marks.append(
            StepMark(code, number, _(STEP_TITLES[code]), state, _(STATE_LABELS[state]), open_count)
        )
    return marks


def first_open_step(marks: list[StepMark]) -> str:
    """Return the first step with problems or still to do, else the first step."""
    for mark in marks:
        if mark.state != DONE:
            return mark.code
    return STEP_CODES[0]


def resume_step(last_step: str, marks: list[StepMark]) -> str:
    """Return where to resume: the step the user stopped at, else the first open one."""
    if last_step in STEP_CODES:
        return last_step
    return first_open_step(marks)


def open_questions(answers: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Return the unanswered questions, in questionnaire order, with their step."""
    rows = []
    for step in STEP_CODES:
        for fact in QUESTION_FACTS_BY_STEP[step]:
            if answers.get(fact.code) in (None, [], ""):
                rows.append({"fact": fact, "step": step, "label": fact_summary_label(fact)})
    return rows


def _question_codes(code: str) -> set[str]:
    """Return the question facts a fact depends on (itself for a question)."""
    fact = FACTS_BY_CODE.get(code)
    if fact is None:
        return set()
    if fact.origin != "derived":
        return {code}
    codes: set[str] = set()
    for dependency in fact.depends_on:
        codes |= _question_codes(dependency)
    return codes


def deciding_questions(advice: Advice) -> dict[str, list[str]]:
    """Return, per unanswered question fact, the titles of the routes its answer would decide.

    Only routes waiting for answers count; a question of a derived fact (the total hours) is
    traced back to the questions it is computed from that are still open.
    """
    decides: dict[str, list[str]] = {}
    for result in advice.results:
        if result.status is not Status.INSUFFICIENT_DATA:
            continue
        for missing in result.missing:
            for code in sorted(_question_codes(missing)):
                if FACTS_BY_CODE[code].origin != "question" or code in advice.facts:
                    continue
                titles = decides.setdefault(code, [])
                if result.title not in titles:
                    titles.append(result.title)
    return decides


@dataclass(frozen=True)
class Warning:
    """A soft warning on an answer: shown with "klopt dit?", never blocking."""

    fact: str
    step: str
    message: str
    label: str = field(default="")


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def plausibility_warnings(facts: Mapping[str, Any], ruleset: RuleSet | None) -> list[Warning]:
    """Return warnings on answers that are allowed but unlikely.

    ``facts`` are clean engine facts (answers plus the school record). Checks: hours of one
    task per pupil above ``MAX_TASK_HOURS_PER_PUPIL_WEEK``; planned jobs for target-group
    workers that need more hours than all facility work together (the hours of a full-time job
    come from the rule set's dated ``hours_per_fte`` parameter); guidance hours while nobody
    can guide.
    """
    warnings: list[Warning] = []
    pupils = _number(facts.get("pupils"))
    total_hours = 0.0
    any_hours = False
    for task, label in TASK_LABELS.items():
        hours = _number(facts.get(f"hours_{task}"))
        if hours is None:
            continue
        any_hours = True
        total_hours += hours
        if pupils and hours / pupils > MAX_TASK_HOURS_PER_PUPIL_WEEK:
            warnings.append(
                Warning(
                    f"hours_{task}",
                    "facility",
                    _(
                        "%(task)s: %(hours)s uur per week voor %(pupils)s leerlingen is veel. "
                        "Klopt dit? Het gaat om uren per week, alle campussen samen."
                    )
                    % {
                        "task": _(label),
                        "hours": display_number(hours),
                        "pupils": display_number(pupils),
                    },
                )
            )
    fte = _number(facts.get("planned_target_group_fte"))
    per_fte = _hours_per_fte(ruleset)
    if fte and per_fte and any_hours and fte * per_fte > total_hours:
        warnings.append(
            Warning(
                "planned_target_group_fte",
                "employment",
                _(
                    "U denkt aan %(fte)s VTE, dat is %(needed)s uur per week, maar al het "
                    "facilitair werk samen is %(hours)s uur per week. Klopt dit?"
                )
                % {
                    "fte": display_number(fte),
                    "needed": display_number(fte * per_fte),
                    "hours": display_number(total_hours),
                },
            )
        )
    mentor_hours = _number(facts.get("mentor_hours_week"))
    if mentor_hours and facts.get("mentor_available") is False:
        warnings.append(
            Warning(
                "mentor_hours_week",
                "guidance",
                _(
                    "U gaf %(hours)s uur begeleiding per week op, maar ook dat niemand nieuwe "
                    "medewerkers kan begeleiden. Klopt dit?"
                )
                % {"hours": display_number(mentor_hours)},
            )
        )
    return warnings


def _hours_per_fte(ruleset: RuleSet | None) -> float | None:
    if ruleset is None:
        return None
    parameter = ruleset.parameter("hours_per_fte")
    if parameter is None:
        return None
    from pathways.services import today

    dated = parameter.value_on(today())
    return (parameter_number(dated.value) or None) if dated is not None else None
