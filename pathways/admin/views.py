"""Custom admin pages for rule maintenance: publish, roll back, compare, test cases, facts, files.

Registered under the published-versions admin (``RuleSetVersionAdmin.get_urls``), so they live
at /beheer/pathways/rulesetversion/… and use the admin's login, layout and CSRF protection.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from pathways.adapters import draft_to_dict
from pathways.diff import diff_rulesets
from pathways.engine.facts import FACTS, STEP_TITLES
from pathways.engine.loader import ruleset_from_dict
from pathways.impact import by_route
from pathways.models import Condition, ImpactPreview, RuleSetVersion
from pathways.presentation import STATUS_LABELS
from pathways.previews import impacts_from_json, is_stale
from pathways.publishing import (
    PublishRefused,
    RuleFileError,
    check_draft,
    export_filename,
    export_yaml,
    import_draft,
    load_yaml,
    publish_checked,
    rollback_to,
)
from pathways.roles import IMPORT_PERMISSIONS, PUBLISH_PERMISSION
from pathways.rulefile import size_problems
from pathways.services import current_version, today
from pathways.testcases import run_test_cases

from .forms import TYPE_LABELS
from .tasks import preview_state, queue_preview, requeue_preview

DRAFT = "draft"
CURRENT = "current"
# The publish page lists at most this many schools per route and counts the others.
IMPACT_ROWS = 50


def _require(request: HttpRequest, *perms: str) -> None:
    if not request.user.has_perms(perms):
        raise PermissionDenied


def _context(request: HttpRequest, title: str, **extra: Any) -> dict[str, Any]:
    return {
        **admin.site.each_context(request),
        "title": title,
        "opts": RuleSetVersion._meta,
        "can_publish": request.user.has_perm(PUBLISH_PERMISSION),
        **extra,
    }


class PublishForm(forms.Form):
    note = forms.CharField(
        label=_("Wijzigingsnota"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("Wat verandert er en waarom? Scholen zien het versienummer bij hun advies."),
    )
    # The version the publisher compared the draft with (0: none), so a version published by
    # someone else in the meantime refuses this publication instead of passing unseen.
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Regelbestand (YAML)"))


def status_label(status) -> str:
    return str(STATUS_LABELS[status]) if status is not None else gettext("(geen traject)")


def publish(request: HttpRequest) -> HttpResponse:
    """Show the draft's state (checks, test cases, impact, changes) and publish it on POST.

    A draft equal to the current version offers no publish button: the page says there is
    nothing to publish, and a POST is refused all the same (``publish_checked``).

    The impact preview is read from storage (``pathways.previews``): the first visit for a new
    state of the draft, rules or answers queues its computation and says it is being computed.
    A POST with ``recompute`` queues a failed or stale preview again. Publishing checks the
    draft again itself; the preview only informs.
    """
    _require(request, PUBLISH_PERMISSION)
    if request.method == "POST" and "recompute" in request.POST:
        state = preview_state(check_draft(), today())
        if state is not None and requeue_preview(state.key):
            messages.info(request, gettext("De impact wordt opnieuw berekend."))
        return redirect("admin:pathways_publish")
    current = current_version()
    current_number = current.number if current else 0
    form = PublishForm(request.POST or None, initial={"based_on": current_number})
    refused: PublishRefused | None = None
    if request.method == "POST" and form.is_valid():
        try:
            version = publish_checked(
                user=request.user,
                note=form.cleaned_data["note"],
                based_on=form.cleaned_data["based_on"],
            )
        except PublishRefused as exc:
            refused = exc
            # Show the page as it is now; a new try compares with the version now current.
            current = current_version()
            form = PublishForm(
                {"note": form.cleaned_data["note"], "based_on": current.number if current else 0}
            )
        else:
            messages.success(
                request,
                capfirst(
                    gettext("%(label)s is gepubliceerd; scholen krijgen nu advies met deze regels.")
                    % {"label": version.label}
                ),
            )
            return redirect("admin:pathways_rulesetversion_changelist")
    check = check_draft()
    # "Nothing to publish" stands in the publish section already, where the button would be.
    refused_problems = [
        p for p in (refused.problems if refused else []) if p != check.nothing_to_publish
    ]
    on = today()
    state = preview_state(check, on)
    preview = queue_preview(state) if state is not None else None
    impacts = (
        impacts_from_json(preview.result)
        if preview is not None and preview.status == ImpactPreview.Status.DONE
        else []
    )
    changes = diff_rulesets(check.current.data, check.data) if check.current else None
    return TemplateResponse(
        request,
        "admin/pathways/publish.html",
        _context(
            request,
            gettext("Regels publiceren"),
            form=form,
            check=check,
            refused=refused_problems,
            preview=preview,
            preview_stale=preview is not None and is_stale(preview),
            impacts=impacts,
            route_impacts=[
                (route, route.schools[:IMPACT_ROWS], len(route.schools[IMPACT_ROWS:]))
                for route in by_route(impacts)
            ],
            changes=changes,
            on=on,
            status_label=status_label,
        ),
    )


@require_POST
def rollback(request: HttpRequest, number: int) -> HttpResponse:
    """Republish an earlier version as a new current one and load it into the draft."""
    _require(request, PUBLISH_PERMISSION)
    version = get_object_or_404(RuleSetVersion, number=number)
    try:
        new = rollback_to(version, user=request.user, note=request.POST.get("note", ""))
    except PublishRefused as exc:
        for problem in exc.problems:
            messages.error(request, problem)
        return redirect("admin:pathways_rulesetversion_changelist")
    messages.success(
        request,
        capfirst(
            gettext("%(old)s is opnieuw gepubliceerd als %(new)s en in het ontwerp geladen.")
            % {"old": version.label, "new": new.label}
        ),
    )
    return redirect("admin:pathways_rulesetversion_changelist")


def _side(key: str) -> tuple[str, dict]:
    """Return (label, rule-set dict) for ``draft``, ``current`` or a version number."""
    if key == DRAFT:
        return gettext("ontwerp"), draft_to_dict()
    if key == CURRENT:
        version = current_version()
        if version is None:
            raise Http404
        return str(version.label), version.data
    try:
        version = RuleSetVersion.objects.get(number=int(key))
    except (ValueError, RuleSetVersion.DoesNotExist):
        raise Http404 from None
    return str(version.label), version.data


def compare(request: HttpRequest) -> HttpResponse:
    """Compare two versions (or the draft with the current version)."""
    _require(request, "pathways.view_rulesetversion")
    old_key = request.GET.get("old", CURRENT)
    new_key = request.GET.get("new", DRAFT)
    old_label, old_data = _side(old_key)
    new_label, new_data = _side(new_key)
    choices = [(DRAFT, gettext("ontwerp")), (CURRENT, gettext("huidige versie"))] + [
        (str(n), gettext("versie %(number)s") % {"number": n})
        for n in RuleSetVersion.objects.values_list("number", flat=True)
    ]
    return TemplateResponse(
        request,
        "admin/pathways/compare.html",
        _context(
            request,
            gettext("Vergelijken: %(old)s → %(new)s") % {"old": old_label, "new": new_label},
            changes=diff_rulesets(old_data, new_data),
            old_key=old_key,
            new_key=new_key,
            old_label=old_label,
            new_label=new_label,
            choices=choices,
        ),
    )


def testcases(request: HttpRequest) -> HttpResponse:
    """Run the draft's test cases against the draft (or ``?version=N`` against that version)."""
    _require(request, "pathways.view_ruletestcase")
    version_key = request.GET.get("version", DRAFT)
    label, data = _side(version_key)
    check_problems = []
    results = []
    try:
        ruleset = ruleset_from_dict(data)
    except ValueError as exc:
        check_problems = getattr(exc, "problems", [str(exc)])
    else:
        cases = draft_to_dict()["test_cases"] if version_key == DRAFT else data.get("test_cases")
        results = run_test_cases(ruleset, cases or [])
    return TemplateResponse(
        request,
        "admin/pathways/testcases.html",
        _context(
            request,
            gettext("Testgevallen (%(label)s)") % {"label": label},
            results=results,
            passed=sum(r.passed for r in results),
            problems=check_problems,
            status_label_text={s.value: str(v) for s, v in STATUS_LABELS.items()},
        ),
    )


def facts(request: HttpRequest) -> HttpResponse:
    """List every fact the rules may ask about, and which draft conditions use it."""
    _require(request, "pathways.view_route")
    used: dict[str, list[Condition]] = {}
    for condition in Condition.objects.select_related("route").order_by("route__order", "order"):
        used.setdefault(condition.fact, []).append(condition)
    origins = {
        "question": gettext("vragenlijst"),
        "record": gettext("schoolgegevens"),
        "derived": gettext("afgeleid"),
    }
    rows = [
        {
            "code": fact.code,
            "label": gettext(fact.label),
            "help": gettext(fact.help) if fact.help else "",
            "type": TYPE_LABELS[fact.type],
            "unit": gettext(fact.unit) if fact.unit else "",
            "choices": [(code, gettext(label)) for code, label in fact.choices],
            "origin": origins.get(fact.origin, fact.origin),
            "step": gettext(STEP_TITLES[fact.step]) if fact.step in STEP_TITLES else "",
            "conditions": used.get(fact.code, []),
        }
        for fact in FACTS
    ]
    return TemplateResponse(
        request,
        "admin/pathways/facts.html",
        _context(request, gettext("Gegevens die de regels gebruiken"), rows=rows),
    )


def export(request: HttpRequest) -> HttpResponse:
    """Download the draft (default) or ``?version=N`` as a YAML rule file."""
    _require(request, "pathways.view_rulesetversion")
    key = request.GET.get("version", DRAFT)
    version = None
    if key != DRAFT:
        try:
            version = RuleSetVersion.objects.get(number=int(key))
        except (ValueError, RuleSetVersion.DoesNotExist):
            raise Http404 from None
    response = HttpResponse(export_yaml(version), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(version)}"'
    return response


def import_rules(request: HttpRequest) -> HttpResponse:
    """Upload a YAML rule file into the draft; list every problem and change nothing on error."""
    _require(request, *IMPORT_PERMISSIONS)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            problems = size_problems(upload.size)
            if problems:
                raise RuleFileError(problems)
            import_draft(load_yaml(upload.read()))
        except RuleFileError as exc:
            problems = exc.problems
        else:
            messages.success(
                request,
                gettext("Het bestand is in het ontwerp geladen. Controleer en publiceer het."),
            )
            return redirect(reverse("admin:pathways_publish_overview"))
    return TemplateResponse(
        request,
        "admin/pathways/import.html",
        _context(request, gettext("Regels importeren"), form=form, problems=problems),
    )


def overview(request: HttpRequest) -> HttpResponse:
    """The landing page of rule maintenance: draft state and links (also for editors)."""
    _require(request, "pathways.view_route")
    if request.user.has_perm(PUBLISH_PERMISSION):
        return redirect("admin:pathways_publish")
    check = check_draft()
    return TemplateResponse(
        request,
        "admin/pathways/overview.html",
        _context(request, gettext("Regelbeheer"), check=check),
    )
