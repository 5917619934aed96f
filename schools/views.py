"""Pages for facility managers, board staff and department staff.

Every view starts from ``access.get_<thing>_for_user()`` (``schools.access``), which returns 404
for strangers; editing views then check the role and return 403 to people who may only read.
"""

from __future__ import annotations

import datetime as dt
import functools
import secrets

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from directory.services import directory_revision_expression, organisations_for_school
from pathways.engine.facts import FACTS_BY_CODE
from pathways.engine.types import RuleSet, Status
from pathways.fingerprint import advice_fingerprint
from pathways.presentation import (
    advice_cards,
    board_differences,
    board_group_advice,
    cards_by_status,
    decision_first,
    display_date,
    display_number,
    route_anchor,
    status_badge,
)
from pathways.services import (
    NoPublishedRules,
    advise,
    advise_board,
    current_ruleset_or_none,
    current_ruleset_with,
)

from . import access, drafts, progress, questionnaire, scan, services
from .advice import board_rows
from .forms import AcceptInvitationForm, InvitationForm, SchoolForm
from .glossary import EMPTY, current_glossary
from .models import Invitation, QuestionnaireVersion, School, User

# The key changes with everything the advice depends on, so this only bounds memory use.
ADVICE_CACHE_SECONDS = 60 * 60

MSG_NO_RULES = gettext_noop(
    "Er zijn nog geen regels gepubliceerd. Het advies is nog niet beschikbaar."
)
MSG_SESSION_ENDED = gettext_noop(
    "Uw sessie was afgelopen, daarom zijn uw antwoorden nog niet opgeslagen. We hebben ze "
    "bijgehouden: meld u opnieuw aan en u krijgt ze terug om op te slaan."
)
MSG_RESTORED = gettext_noop(
    "Dit zijn de antwoorden die u invulde toen uw sessie afliep. Ze zijn nog niet opgeslagen: "
    "controleer ze en kies “Opslaan en verder” of “Opslaan en later verdergaan”."
)
MSG_UNSAVED = gettext_noop(
    "Deze antwoorden zijn nog niet opgeslagen omdat er iets niet klopte. Verbeter wat hieronder "
    "gemeld wordt en sla de stap opnieuw op."
)
MSG_LEFT_WITH_ERRORS = gettext_noop(
    "In de stap “%(step)s” klopt nog iets niet. Wat u daar typte, houden we bij tot u "
    "terugkeert; het is nog niet opgeslagen."
)
MSG_LEFT_STALE = gettext_noop(
    "Iemand anders wijzigde intussen de vragenlijst. Wat u in de stap “%(step)s” typte, houden "
    "we bij tot u terugkeert; het is nog niet opgeslagen."
)
REVIEW = "review"


def _ruleset_or_none(request: HttpRequest, **also) -> tuple[RuleSet | None, dict]:
    """The published rule set (or None, with a message) and the values of ``also``, asked in
    the same query (see ``pathways.services.current_ruleset_with``)."""
    try:
        return current_ruleset_with(**also)
    except NoPublishedRules:
        messages.warning(request, _(MSG_NO_RULES))
        return None, {}


def _number(value: float | None) -> str | None:
    return display_number(value) if value is not None else None


# --- Lists and records ----------------------------------------------------------------------


@login_required
@require_safe
def school_list(request: HttpRequest) -> HttpResponse:
    """List the schools (and boards) the user may see, with their questionnaire state."""
    latest = QuestionnaireVersion.objects.filter(school=OuterRef("pk")).order_by("-number")
    schools = (
        access.schools_for_user(request.user)
        .select_related("board")
        .annotate(
            latest_status=Subquery(latest.values("status")[:1]),
            latest_number=Subquery(latest.values("number")[:1]),
            latest_last_step=Subquery(latest.values("last_step")[:1]),
        )
        .order_by("board__name", "name")
    )
    editable = access.editable_school_ids(request.user)
    rows = []
    for school in schools:
        action = None
        if school.pk in editable:
            action = _first_action(school)
        elif school.latest_status:
            action = (_("Advies bekijken"), reverse("schools:school-advice", args=[school.pk]))
        # Filled when the action asks work of the user (start or go on), outlined to read.
        todo = (
            school.pk in editable and school.latest_status != QuestionnaireVersion.Status.SUBMITTED
        )
        rows.append({"school": school, "action": action, "todo": todo})
    boards = access.boards_for_user(request.user).order_by("name")
    scan_answers = scan.session_answers(request.session)
    return render(
        request,
        "schools/school_list.html",
        {
            "schools": schools,
            "rows": rows,
            "boards": boards,
            "is_department": access.is_department(request.user),
            "scan_schools": [r["school"] for r in rows if r["school"].pk in editable]
            if scan_answers
            else [],
        },
    )


def _first_action(school: School) -> tuple[str, str]:
    """Return the one thing to do next for an editable school: start, continue or read."""
    if school.latest_status == QuestionnaireVersion.Status.DRAFT:
        step = school.latest_last_step
        if step not in questionnaire.STEP_CODES:
            step = questionnaire.STEP_CODES[0]
        return (
            _("Verdergaan met de vragenlijst"),
            reverse("schools:questionnaire-step", args=[school.pk, step]),
        )
    if school.latest_status == QuestionnaireVersion.Status.SUBMITTED:
        return (_("Advies bekijken"), reverse("schools:school-advice", args=[school.pk]))
    return (
        _("Vragenlijst starten"),
        reverse("schools:questionnaire-step", args=[school.pk, questionnaire.STEP_CODES[0]]),
    )


@login_required
@require_safe
def school_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a school's record, its questionnaire versions and links to the advice."""
    school = access.get_school_for_user(request.user, pk)
    versions = list(school.versions.all()[:10])
    return render(
        request,
        "schools/school_detail.html",
        {
            "school": school,
            "versions": versions,
            "latest": versions[0] if versions else None,
            "submitted": next((v for v in versions if not v.is_draft), None),
            "can_edit": access.can_edit_questionnaire(request.user, school),
            "can_edit_record": access.can_edit_school_record(request.user, school),
            "can_see_board": access.boards_for_user(request.user)
            .filter(pk=school.board_id)
            .exists(),
            "contracting": school.board.contracting_authority,
            "resume_url": resume_url(request, school, versions[0] if versions else None),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def school_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Let board staff change the school record (the record facts of the questionnaire)."""
    school = access.get_school_for_user(request.user, pk, may=access.can_edit_school_record)
    form = SchoolForm(request.POST or None, instance=school)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("De gegevens van de school zijn bewaard."))
        return redirect(school)
    return render(request, "schools/school_edit.html", {"school": school, "form": form})


# --- Questionnaire ----------------------------------------------------------------------------


def _step_context(school: School, step: str) -> dict:
    return {"school": school, **questionnaire.step_context(step)}


def _saved_steps(version: QuestionnaireVersion | None) -> set[str]:
    """Return the steps saved at least once (every step of a submitted version)."""
    if version is None:
        return set()
    if not version.is_draft:
        return set(questionnaire.STEP_CODES)
    answered = {
        step
        for step, facts in questionnaire.QUESTION_FACTS_BY_STEP.items()
        if any(version.answers.get(f.code) not in (None, []) for f in facts)
    }
    return set(version.steps_saved) | answered


def _step_marks(request: HttpRequest, school: School, version: QuestionnaireVersion | None):
    return progress.step_marks(
        version.answers if version else {},
        _saved_steps(version),
        drafts.unsaved_steps(request.session, _draft_prefix(school)),
    )


def _draft_prefix(school: School) -> str:
    return f"school:{school.pk}"


def resume_url(request: HttpRequest, school: School, version: QuestionnaireVersion | None) -> str:
    """Return the step to continue the questionnaire at (the one where the user stopped)."""
    marks = _step_marks(request, school, version)
    last = version.last_step if version is not None and version.is_draft else ""
    step = progress.resume_step(last, marks)
    return reverse("schools:questionnaire-step", args=[school.pk, step])


def _record_rows(school: School) -> list[dict]:
    board = school.board
    return [
        {"label": _(FACTS_BY_CODE["board_type"].label), "value": board.get_board_type_display()},
        {"label": _("Schoolbestuur"), "value": board.name},
        {
            "label": _(FACTS_BY_CODE["postcode"].label),
            "value": f"{school.postcode} {school.municipality} ({school.region_label})",
        },
        {"label": _(FACTS_BY_CODE["pupils"].label), "value": display_number(school.pupils)},
        {"label": _(FACTS_BY_CODE["campuses"].label), "value": display_number(school.campuses)},
    ]


def _after_save_url(school: School, step: str) -> str:
    following = questionnaire.next_step(step)
    if following:
        return reverse("schools:questionnaire-step", args=[school.pk, following])
    return reverse("schools:questionnaire-review", args=[school.pk])


def _goto(request: HttpRequest) -> str | None:
    """Return where a step-list or "Vorige stap" button leads: a step code or "review"."""
    target = request.POST.get("goto", "")
    return target if target in questionnaire.STEP_CODES or target == REVIEW else None


def _goto_url(school: School, target: str) -> str:
    if target == REVIEW:
        return reverse("schools:questionnaire-review", args=[school.pk])
    return reverse("schools:questionnaire-step", args=[school.pk, target])


def _step_field_names(step: str) -> list[str]:
    return ["revision", *(f.code for f in questionnaire.QUESTION_FACTS_BY_STEP[step])]


def _changed(form: questionnaire.StepForm, answers: dict) -> bool:
    def normal(value):
        return None if value in (None, [], "") else value

    return any(normal(form.answers.get(f.code)) != normal(answers.get(f.code)) for f in form.facts)


def login_required_keeping_post(view):
    """Require a login like ``login_required``; a step posted from an ended session is kept.

    The posted fields of the step (bounded, see ``schools.drafts``) go into the new session,
    which survives the login, and the step page offers them back after login with a notice.
    """

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        step = kwargs.get("step")
        if request.method == "POST" and step in questionnaire.STEP_CODES:
            fields = drafts.bounded_fields(request.POST, _step_field_names(step))
            if fields:
                drafts.stash(request.session, request.path, fields)
                messages.warning(request, _(MSG_SESSION_ENDED))
        return redirect_to_login(request.get_full_path())

    return wrapped


@login_required_keeping_post
@require_http_methods(["GET", "HEAD", "POST"])
def questionnaire_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Show one step of the questionnaire; a valid POST saves it in the school's draft.

    Leaving by "Vorige stap" or the step list also posts the step: valid answers are saved,
    input with errors is kept in the session and shown again, errors and all, on return.
    """
    school = access.get_school_for_user(request.user, pk, may=access.can_edit_questionnaire)
    if step not in questionnaire.STEP_CODES:
        raise Http404("no such step")
    latest = services.latest_version(school)
    answers = latest.answers if latest else {}
    revision = latest.revision if latest else 0
    context = _step_context(school, step)
    later = "later" in request.POST
    goto = _goto(request) if request.method == "POST" else None
    key = f"{_draft_prefix(school)}:{step}"

    if not questionnaire.QUESTION_FACTS_BY_STEP[step]:
        # The first step only shows the record facts; nothing to save.
        if request.method == "POST":
            if goto:
                return redirect(_goto_url(school, goto))
            if later:
                return redirect(school)
            return redirect(_after_save_url(school, step))
        context.update(
            record_rows=_record_rows(school),
            can_edit_record=access.can_edit_school_record(request.user, school),
            glossary=EMPTY,
            marks=_step_marks(request, school, latest),
        )
        return render(request, "schools/questionnaire_step.html", context)

    status = 200
    notice = ""
    if request.method == "POST":
        form = questionnaire.StepForm(request.POST, step=step, answers=answers)
        if form.is_valid():
            if goto and not _changed(form, answers):
                drafts.forget_unsaved(request.session, key)
                return redirect(_goto_url(school, goto))
            if goto:
                resume = goto if goto != REVIEW else step
            elif later:
                resume = step
            else:
                resume = questionnaire.next_step(step) or step
            try:
                services.questionnaire_save_step(
                    school=school,
                    user=request.user,
                    step=step,
                    data=form.answers,
                    revision=form.cleaned_data["revision"],
                    resume_step=resume,
                )
            except services.StaleRevision as exc:
                if goto:
                    fields = drafts.bounded_fields(request.POST, _step_field_names(step))
                    drafts.keep_unsaved(request.session, key, fields)
                    messages.warning(request, _(MSG_LEFT_STALE) % {"step": context["step_title"]})
                    return redirect(_goto_url(school, goto))
                # Keep the user's answers; the next save is based on the current revision.
                data = request.POST.copy()
                data["revision"] = str(exc.current.revision if exc.current else 0)
                form = questionnaire.StepForm(data, step=step, answers=answers)
                form.is_valid()
                form.add_error(None, _(questionnaire.MSG_STALE))
                status = 409
            else:
                drafts.forget_unsaved(request.session, key)
                if goto:
                    return redirect(_goto_url(school, goto))
                if later:
                    messages.success(
                        request,
                        _(
                            "Uw antwoorden zijn bewaard als concept. U kan later verdergaan "
                            "waar u gebleven was."
                        ),
                    )
                    return redirect(school)
                return redirect(_after_save_url(school, step))
        elif goto:
            fields = drafts.bounded_fields(request.POST, _step_field_names(step))
            drafts.keep_unsaved(request.session, key, fields)
            messages.warning(request, _(MSG_LEFT_WITH_ERRORS) % {"step": context["step_title"]})
            return redirect(_goto_url(school, goto))
        else:
            drafts.forget_unsaved(request.session, key)
    else:
        restored = drafts.take_stash(request.session, request.path)
        if restored:
            drafts.keep_unsaved(request.session, key, restored)
            notice = _(MSG_RESTORED)
        kept = drafts.unsaved(request.session, key)
        if kept:
            data = drafts.as_post(kept)
            if latest is not None and latest.updated_by_id == request.user.pk:
                # Only this user wrote since: their own saves on other steps are no conflict.
                data["revision"] = str(revision)
            form = questionnaire.StepForm(data, step=step, answers=answers)
            form.is_valid()
            notice = notice or _(MSG_UNSAVED)
        else:
            form = questionnaire.StepForm(
                step=step, answers=answers, initial={"revision": revision}
            )

    glossary = current_glossary()
    texts = [f.label for f in form.facts] + [f.help for f in form.facts]
    ruleset = current_ruleset_or_none()
    warnings = [
        w
        for w in progress.plausibility_warnings(services.school_facts(school, latest), ruleset)
        if w.step == step
    ]
    context.update(
        form=form,
        groups=form.groups(),
        glossary=glossary,
        terms_used=glossary.used_in([_(t) for t in texts if t]),
        draft=latest if latest and latest.is_draft else None,
        marks=_step_marks(request, school, latest),
        notice=notice,
        warnings=warnings if not form.errors else [],
    )
    questionnaire.add_choice_hints(form, ruleset)
    return render(request, "schools/questionnaire_step.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def questionnaire_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Show every answer with a change link; POST submits the draft as a new version."""
    school = access.get_school_for_user(request.user, pk)
    can_edit = access.can_edit_questionnaire(request.user, school)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        try:
            revision = int(request.POST.get("revision", ""))
        except ValueError:
            revision = -1
        try:
            version = services.questionnaire_submit(
                school=school, user=request.user, revision=revision
            )
        except services.StaleRevision:
            messages.error(
                request,
                _(
                    "Iemand anders heeft de vragenlijst intussen gewijzigd. Controleer de "
                    "antwoorden hieronder opnieuw voor u indient."
                ),
            )
            return redirect("schools:questionnaire-review", pk=school.pk)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("schools:questionnaire-review", pk=school.pk)
        messages.success(
            request,
            _("Uw vragenlijst is ingediend als versie %(number)s. Dit is het advies.")
            % {"number": version.number},
        )
        return redirect("schools:school-advice", pk=school.pk)

    latest = services.latest_version(school)
    glossary = current_glossary()
    answers = latest.answers if latest else {}
    context = {
        "school": school,
        "latest": latest,
        "rows": questionnaire.answer_rows(answers, current_ruleset_or_none()),
        "record_rows": _record_rows(school),
        "record_title": _(questionnaire.STEP_TITLES[questionnaire.RECORD_STEP]),
        "can_edit": can_edit,
        "can_edit_record": access.can_edit_school_record(request.user, school),
        "glossary": glossary,
    }
    context.update(_open_questions_context(services.school_facts(school, latest), answers))
    context["unsaved_marks"] = [
        m for m in _step_marks(request, school, latest) if m.state == progress.PROBLEM
    ]
    return render(request, "schools/questionnaire_review.html", context)


def _open_questions_context(facts: dict, answers: dict) -> dict:
    """Return the open questions (with the routes each would decide) and the warnings."""
    ruleset = current_ruleset_or_none()
    open_rows = progress.open_questions(answers)
    decides: dict[str, list[str]] = {}
    if ruleset is not None:
        decides = progress.deciding_questions(advise(facts, ruleset=ruleset))
    for row in open_rows:
        row["routes"] = decides.get(row["fact"].code, [])
    return {
        "open_rows": open_rows,
        "open_deciding": [row for row in open_rows if row["routes"]],
        "question_count": questionnaire.QUESTION_COUNT,
        "warnings": progress.plausibility_warnings(facts, ruleset),
    }


# --- Advice -----------------------------------------------------------------------------------


@login_required
@require_safe
def school_advice(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the school's advice: what to do first, then every route grouped by status.

    The advice itself (everything below the title) is rendered once per fingerprint of what
    determines it (``pathways.fingerprint``) and served from the cache after that.
    """
    school = access.get_school_for_user(request.user, pk)
    may_choose = access.may_choose_advice_date(request.user, school.board_id, fetched=school)
    on, chosen = access.advice_date(request, school.board_id, allowed=may_choose)
    latest = services.latest_version(school)
    version = latest if latest and latest.is_submitted else services.latest_submitted(school)
    can_edit = access.can_edit_questionnaire(request.user, school)
    context = {"school": school, "version": version, "can_edit": can_edit}
    if version and latest and latest.is_draft and latest.number > version.number:
        context["newer_draft"] = latest
        context["newer_draft_url"] = resume_url(request, school, latest)
    ruleset, revisions = (
        _ruleset_or_none(request, directory=directory_revision_expression())
        if version
        else (None, {})
    )
    if version and ruleset:
        facts = services.school_facts(school, version)
        # Beside the facts: the school's links, its version's caption, who may follow question
        # links and choose a date, and whether the date was chosen.
        fingerprint = advice_fingerprint(
            facts,
            ruleset_id=ruleset.identifier,
            on=on,
            language=get_language(),
            context={
                "page": "school-advice",
                "school": school.pk,
                "version": version.pk,
                "can_edit": can_edit,
                "may_choose_date": may_choose,
                "date_chosen": chosen,
                "directory": revisions["directory"],
            },
        )
        key = f"advice-page:utf-8:{fingerprint}"
        body = cache.get(key)
        if body is None:
            body = _render_school_advice(
                school, version, facts, ruleset, on, chosen, can_edit, may_choose
            ).encode()
            cache.set(key, body, ADVICE_CACHE_SECONDS)
        return _render_with_body(request, "schools/school_advice.html", context, body)
    return render(request, "schools/school_advice.html", context)


# Stands for the cached advice while the page around it renders; random per process, so no
# text on the page (a school's name, say) can contain it.
_BODY_MARK = f"<!--advice-body-{secrets.token_hex(16)}-->"


def _render_with_body(request: HttpRequest, template: str, context: dict, body: bytes):
    """Render ``template`` with the cached advice ``body`` (UTF-8 HTML) as ``advice_body``.

    The page renders around a mark that the body's bytes then replace: a body of a few
    hundred kilobytes is neither decoded, joined by the template engine nor encoded again.
    """
    context["advice_body"] = mark_safe(_BODY_MARK)  # noqa: S308 - our own comment
    response = render(request, template, context)
    before, mark, after = response.content.partition(_BODY_MARK.encode())
    if not mark or _BODY_MARK.encode() in after:
        raise ValueError(f"{template} must show advice_body exactly once")
    response.content = b"".join((before, body, after))
    return response


def _render_school_advice(
    school: School,
    version: QuestionnaireVersion,
    facts: dict,
    ruleset: RuleSet,
    on: dt.date,
    chosen: bool,
    can_edit: bool,
    may_choose: bool,
) -> str:
    def question_url(step: str, fact: str) -> str:
        url = reverse("schools:questionnaire-step", args=[school.pk, step])
        return f"{url}#id_{fact}"

    advice = advise(facts, on=on, ruleset=ruleset)
    return render_to_string(
        "schools/_school_advice_body.html",
        {
            "school": school,
            "on": on,
            "on_display": display_date(on),
            "date_chosen": chosen,
            "may_choose_date": may_choose,
            "ruleset": ruleset,
            "advice": advice,
            "organisations": organisations_for_school(
                school.postcode, school.municipality, [r.code for r in advice.results], facts
            ),
            **decision_first(advice, ruleset, question_url if can_edit else None),
            "version_caption": _("gebaseerd op %(caption)s") % {"caption": version.caption},
            "glossary": current_glossary(),
        },
    )


@login_required
@require_safe
def board_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the board's schools with their status per route, and what they reach together.

    Above and below the report buttons (which carry the viewer's CSRF token), the page is
    rendered once per fingerprint of what it shows and served from the cache after that.
    """
    board = access.get_board_for_user(request.user, pk)
    on, chosen = access.advice_date(request, board.pk, allowed=True)
    profiles = services.board_profiles(board)
    submitted = [p for p in profiles if p.version is not None]
    can_invite = access.can_invite(request.user, board)
    context = {
        "board": board,
        "submitted": submitted,
        "on": on,
        "on_display": display_date(on),
        "date_chosen": chosen,
    }
    ruleset = _ruleset_or_none(request)[0] if submitted else None
    if ruleset:
        board_facts = {"board_type": board.board_type}
        inputs = [(p.school.name, p.facts) for p in submitted]
        # The table links each school's advice page, so the schools' ids count too.
        fingerprint = advice_fingerprint(
            {"schools": inputs, "board": board_facts},
            ruleset_id=ruleset.identifier,
            on=on,
            language=get_language(),
            context={"page": "board", "schools": [p.school.pk for p in submitted]},
        )
        key = f"board-page:utf-8:{fingerprint}"
        body = cache.get(key)
        if body is None:
            body = _render_board_advice(inputs, board_facts, submitted, on, ruleset).encode()
            cache.set(key, body, ADVICE_CACHE_SECONDS)
    context["board_head"] = _board_head(board, profiles, can_invite, chosen and ruleset, on)
    if ruleset:
        return _render_with_body(request, "schools/board_detail.html", context, body)
    return render(request, "schools/board_detail.html", context)


def _board_head(board, profiles: list, can_invite: bool, date_chosen: bool, on: dt.date) -> str:
    """Render the top of the board page (``_board_head.html``), cached per what it shows."""
    shown = {
        "board": board.pk,
        "name": board.name,
        "type": board.get_board_type_display(),
        "number": board.enterprise_number_display,
        "contracting": board.contracting_authority,
        "can_invite": can_invite,
        # What each school's line shows: its name and which answers (their caption is worded
        # on a miss only: a thousand dates in words cost more than the rest of a cached page).
        "schools": [
            [p.school.pk, p.school.name, p.version and _caption_inputs(p.version)] for p in profiles
        ],
        "date_chosen": bool(date_chosen),
    }
    fingerprint = advice_fingerprint(
        shown, ruleset_id="", on=on, language=get_language(), context={"page": "board-head"}
    )
    key = f"board-head:{fingerprint}"
    head = cache.get(key)
    if head is None:
        head = render_to_string(
            "schools/_board_head.html",
            {
                "board": board,
                "contracting": shown["contracting"],
                "can_invite": can_invite,
                "schools": [
                    {
                        "pk": p.school.pk,
                        "name": p.school.name,
                        "caption": p.version and p.version.caption,
                    }
                    for p in profiles
                ],
                "date_chosen": shown["date_chosen"],
                "on_display": display_date(on),
            },
        )
        cache.set(key, head, ADVICE_CACHE_SECONDS)
    return mark_safe(head)  # noqa: S308 - rendered by our templates


def _caption_inputs(version) -> list:
    """What ``QuestionnaireVersion.caption`` says, besides the language: number and date."""
    return [version.number, (version.submitted_at or version.created_at).isoformat()]


def _render_board_advice(
    inputs: list[tuple[str, dict]],
    board_facts: dict,
    submitted: list,
    on: dt.date,
    ruleset: RuleSet,
) -> str:
    board_advice = advise_board(inputs, board_facts, on=on, ruleset=ruleset)
    individually = {
        r.code
        for _name, advice in board_advice.schools
        for r in advice.results
        if r.status in (Status.RECOMMENDED, Status.POSSIBLE)
    }
    pooled_cards = advice_cards(board_advice.pooled, ruleset)
    pooled_groups = cards_by_status(pooled_cards)
    rows = board_rows(board_advice, ruleset, pooled_cards)
    return render_to_string(
        "schools/_board_advice_body.html",
        {
            "submitted": submitted,
            "on": on,
            "on_display": display_date(on),
            "ruleset": ruleset,
            "rows": [row for row in rows if not row.closed],
            "closed_rows": [row for row in rows if row.closed],
            "closed_badge": status_badge(Status.NOT_IN_FORCE),
            "pooled": board_advice.pooled,
            "pooled_groups": pooled_groups,
            "only_together": [
                card
                for group in pooled_groups
                for card in group.cards
                if card.result.status in (Status.RECOMMENDED, Status.POSSIBLE)
                and card.result.code not in individually
            ],
            "differences": board_differences(board_advice),
            "group_advice": board_group_advice(board_advice, ruleset),
            "pooled_fte": _number(board_advice.pooled.facts.get("facility_fte")),
            "pooled_hours": _number(board_advice.pooled.facts.get("facility_hours_week")),
            "glossary": current_glossary(),
            "route_anchor": route_anchor,
        },
    )


# --- Invitations ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def board_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Let board staff invite a facility manager for one of the board's schools."""
    board = access.get_board_for_user(request.user, pk, may=access.can_invite)
    form = InvitationForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        invitation = services.invitation_create(
            school=form.cleaned_data["school"],
            email=form.cleaned_data["email"],
            invited_by=request.user,
            base_url=request.build_absolute_uri("/"),
        )
        messages.success(
            request,
            _("De uitnodiging is verstuurd naar %(email)s.") % {"email": invitation.email},
        )
        return redirect("schools:board-invite", pk=board.pk)
    invitations = (
        Invitation.objects.filter(school__board=board)
        .select_related("school")
        .order_by("-created_at")[:20]
    )
    return render(
        request,
        "schools/board_invite.html",
        {"board": board, "form": form, "invitations": invitations},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Accept an invitation: make an account (or use the signed-in one) for the school."""
    try:
        invitation = Invitation.objects.get_by_token(token)
    except Invitation.DoesNotExist:
        raise Http404 from None
    context = {"invitation": invitation}
    if not invitation.is_open:
        return render(request, "schools/invitation_closed.html", context, status=410)
    user = request.user if request.user.is_authenticated else None
    existing = user is None and User.objects.filter(email__iexact=invitation.email).exists()
    form = AcceptInvitationForm(request.POST or None) if user is None and not existing else None
    if request.method == "POST" and not existing:
        if form is None or form.is_valid():
            try:
                accepted = services.invitation_accept(
                    invitation=invitation,
                    user=user,
                    first_name=form.cleaned_data["first_name"] if form else "",
                    last_name=form.cleaned_data["last_name"] if form else "",
                    password=form.cleaned_data["password1"] if form else "",
                )
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                if user is None:
                    login(request, accepted, backend="schools.auth.UserBackend")
                messages.success(
                    request,
                    _("Welkom! U bent nu facilitair beheerder van %(school)s.")
                    % {"school": invitation.school.name},
                )
                return redirect("schools:school-list")
    context.update(form=form, existing=existing)
    return render(request, "schools/invitation_accept.html", context)
