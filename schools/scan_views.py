"""Pages of the quick scan: the questionnaire, check page and advice without an account.

The PDF of the scan's advice is served by ``reports.views.scan_pdf`` (reports use schools).

Everything is kept in the visitor's session (``schools.scan``); only ``scan_keep`` writes, and
only for a signed-in user, into the draft of a school they may fill in.
"""

from __future__ import annotations

import math
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pathways.presentation import decision_first, display_date, value_display
from pathways.services import advise, current_ruleset_or_none, today

from . import access, drafts, progress, questionnaire, scan
from .glossary import current_glossary
from .models import School

REVIEW = "review"


def refused(request: HttpRequest, limit: tuple[int, int], **context: Any) -> HttpResponse:
    """The answer to a client ``scan.allow`` refused under ``limit``: 429, the Dutch "Even
    geduld" page saying in minutes when to try again, and ``Retry-After`` in seconds."""
    seconds = scan.seconds_left(limit)
    context["minutes"] = math.ceil(seconds / 60)
    response = render(request, "schools/scan_limited.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def _step_url(step: str) -> str:
    if step == REVIEW:
        return reverse("scan:review")
    return reverse("scan:step", args=[step])


def _marks(request: HttpRequest) -> list[progress.StepMark]:
    return progress.step_marks(
        scan.session_answers(request.session),
        scan.saved_steps(request.session),
        drafts.unsaved_steps(request.session, "scan"),
        asked=scan.STEP_FACTS,
    )


@require_safe
def scan_start(request: HttpRequest) -> HttpResponse:
    """Explain the quick scan: what it asks, how long it takes, what is and isn't stored."""
    if not scan.allow(request, "page", scan.PAGE_LIMIT):
        return refused(request, scan.PAGE_LIMIT)
    return render(
        request,
        "schools/scan_start.html",
        {
            "started": bool(scan.saved_steps(request.session)),
            "first_step": questionnaire.STEP_CODES[0],
            "question_count": questionnaire.QUESTION_COUNT,
            "step_count": len(questionnaire.STEP_CODES),
        },
    )


@require_POST
def scan_forget(request: HttpRequest) -> HttpResponse:
    """Forget the scan's answers now (they are never stored elsewhere)."""
    scan.forget(request.session)
    for step in questionnaire.STEP_CODES:
        drafts.forget_unsaved(request.session, f"scan:{step}")
    messages.success(request, _("De antwoorden van de snelle scan zijn gewist."))
    return redirect("scan:start")


@require_http_methods(["GET", "HEAD", "POST"])
def scan_step(request: HttpRequest, step: str) -> HttpResponse:
    """One step of the quick scan; a valid POST keeps the answers in the session."""
    if step not in questionnaire.STEP_CODES:
        raise Http404("no such step")
    if not scan.allow(request, "page", scan.PAGE_LIMIT):
        return refused(request, scan.PAGE_LIMIT)
    answers = scan.session_answers(request.session)
    facts = scan.step_facts(step)
    key = f"scan:{step}"
    names = ["revision", *(f.code for f in facts)]
    notice = ""
    if request.method == "POST":
        target = request.POST.get("goto", "")
        goto = target if target in questionnaire.STEP_CODES or target == REVIEW else None
        form = questionnaire.StepForm(request.POST, step=step, answers=answers, facts=facts)
        if form.is_valid():
            scan.save_step(request.session, form)
            drafts.forget_unsaved(request.session, key)
            if goto:
                return redirect(_step_url(goto))
            following = questionnaire.next_step(step)
            return redirect(_step_url(following or REVIEW))
        if goto:
            drafts.keep_unsaved(request.session, key, drafts.bounded_fields(request.POST, names))
            messages.warning(
                request,
                _(
                    "In de stap “%(step)s” klopt nog iets niet. Wat u daar typte, houden we bij "
                    "tot u terugkeert."
                )
                % {"step": _(questionnaire.STEP_TITLES[step])},
            )
            return redirect(_step_url(goto))
        drafts.forget_unsaved(request.session, key)
    else:
        kept = drafts.unsaved(request.session, key)
        if kept:
            form = questionnaire.StepForm(
                drafts.as_post(kept), step=step, answers=answers, facts=facts
            )
            form.is_valid()
            notice = _(
                "Deze antwoorden zijn nog niet bewaard omdat er iets niet klopte. Verbeter wat "
                "hieronder gemeld wordt."
            )
        else:
            form = questionnaire.StepForm(
                step=step, answers=answers, facts=facts, initial={"revision": 0}
            )
    ruleset = current_ruleset_or_none()
    questionnaire.add_choice_hints(form, ruleset)
    warnings = [
        w
        for w in progress.plausibility_warnings(scan.facts(request.session), ruleset)
        if w.step == step
    ]
    return render(
        request,
        "schools/scan_step.html",
        {
            "form": form,
            "groups": form.groups(),
            "glossary": current_glossary(),
            **questionnaire.step_context(step),
            "marks": _marks(request),
            "notice": notice,
            "warnings": warnings if not form.errors else [],
        },
    )


@require_safe
def scan_review(request: HttpRequest) -> HttpResponse:
    """Show the scan's answers, the open questions and the routes they decide."""
    if not scan.allow(request, "page", scan.PAGE_LIMIT):
        return refused(request, scan.PAGE_LIMIT)
    answers = scan.session_answers(request.session)
    facts = scan.facts(request.session)
    ruleset = current_ruleset_or_none()
    open_rows = progress.open_questions(answers)
    decides = progress.deciding_questions(advise(facts, ruleset=ruleset)) if ruleset else {}
    for row in open_rows:
        row["routes"] = decides.get(row["fact"].code, [])
    record = [
        {
            "fact": f,
            "label": _(f.label),
            "answered": answers.get(f.code) is not None,
            "display": value_display(f, answers.get(f.code)),
        }
        for f in scan.RECORD_FACTS
    ]
    return render(
        request,
        "schools/scan_review.html",
        {
            "rows": questionnaire.answer_rows(answers, ruleset),
            "record": record,
            "record_title": _(questionnaire.STEP_TITLES[questionnaire.RECORD_STEP]),
            "record_step": questionnaire.RECORD_STEP,
            "open_rows": open_rows,
            "open_deciding": [row for row in open_rows if row["routes"]],
            "question_count": questionnaire.QUESTION_COUNT,
            "warnings": progress.plausibility_warnings(facts, ruleset),
            "unsaved_marks": [m for m in _marks(request) if m.state == progress.PROBLEM],
            "glossary": current_glossary(),
        },
    )


@require_safe
def scan_advice(request: HttpRequest) -> HttpResponse:
    """Show the advice on the scan's answers, with a PDF link and how to keep the answers."""
    if not scan.allow(request, "page", scan.PAGE_LIMIT):
        return refused(request, scan.PAGE_LIMIT)
    ruleset = current_ruleset_or_none()
    context = {
        "on_display": display_date(today()),
        "has_answers": bool(scan.saved_steps(request.session)),
    }
    if ruleset is not None:
        advice = advise(scan.facts(request.session), ruleset=ruleset)

        def question_url(step: str, fact: str) -> str:
            return f"{_step_url(step)}#id_{fact}"

        context.update(
            ruleset=ruleset,
            advice=advice,
            glossary=current_glossary(),
            **decision_first(advice, ruleset, question_url),
        )
    return render(request, "schools/scan_advice.html", context)


@login_required
@require_POST
def scan_keep(request: HttpRequest) -> HttpResponse:
    """Keep the scan's answers as the draft of a school the user may fill in."""
    try:
        pk = int(request.POST.get("school", ""))
    except ValueError:
        pk = -1
    if pk not in access.editable_school_ids(request.user):
        raise Http404("no such school")
    school = School.objects.select_related("board").get(pk=pk)
    if not scan.saved_steps(request.session):
        messages.error(request, _("Er zijn geen antwoorden van een snelle scan om te bewaren."))
        return redirect("schools:school-list")
    differences = scan.record_differences(request.session, school)
    scan.keep_for_school(session=request.session, school=school, user=request.user)
    messages.success(
        request,
        _(
            "De antwoorden van de snelle scan zijn bewaard als concept voor %(school)s. Kijk ze "
            "na en vul aan; dien daarna de vragenlijst in."
        )
        % {"school": school.name},
    )
    if differences:
        messages.warning(request, _not_taken_over(request, school, differences))
    return redirect("schools:questionnaire-review", pk=school.pk)


def _not_taken_over(request: HttpRequest, school: School, differences: list) -> str:
    """Say which record answers of the scan were not kept, why, and who can change the record."""
    items = "; ".join(
        _("%(label)s: %(scan)s in de scan, %(school)s in de gegevens van de school")
        % {
            "label": _(d.fact.label),
            "scan": value_display(d.fact, d.scan_value),
            "school": value_display(d.fact, d.school_value),
        }
        for d in differences
    )
    if access.can_edit_school_record(request.user, school):
        who = _("U kan de gegevens van de school wijzigen op de pagina van de school.")
    else:
        who = _(
            "Klopt er iets niet? Vraag uw schoolbestuur om de gegevens van de school aan te passen."
        )
    return _(
        "Niet overgenomen uit de snelle scan: %(items)s. Voor een school gelden altijd de "
        "gegevens van de school zelf; het advies rekent daarmee. %(who)s"
    ) % {"items": items, "who": who}
