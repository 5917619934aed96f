"""Views of the directory: the public 'Wie kan helpen?' page, a school's starter kit with its
draft clause, and a board's organisations with the schools each could serve."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_safe

from pathways.engine.types import Status
from pathways.services import NoPublishedRules, advise, current_ruleset, today
from schools import access, postcodes
from schools import services as school_services
from schools.models import Board, School

from . import geography
from .forms import FilterForm
from .models import Organisation
from .procurement import procedure_for
from .services import Match, find_organisations, organisations_for_routes, outsourced_tasks
from .starter import (
    CLAUSE_KINDS,
    RESERVED,
    SchoolInfo,
    clause_docx,
    clause_input,
    first_message,
)

ACTIVE = (Status.RECOMMENDED, Status.POSSIBLE)
PURCHASE_ROUTE = "se_purchasing"
DEFAULT_YEARS = 3
MAX_YEARS = 10
MSG_NO_RULES = gettext_noop(
    "Er zijn nog geen regels gepubliceerd. Het advies is nog niet beschikbaar."
)


@require_safe
def organisation_list(request: HttpRequest) -> HttpResponse:
    """List organisations, filtered by municipality (nearest first), service and route."""
    form = FilterForm(request.GET or None)
    matches: list[Match] = []
    location = None
    if form.is_bound and form.is_valid():
        code = form.cleaned_data["gemeente"]
        location = geography.location_of_municipality(code) if code else None
        service = form.cleaned_data["dienst"]
        route = form.cleaned_data["traject"] or None
        organisations = Organisation.objects.all()
        if location is None:
            matches = [
                Match(o, 3 if o.scope == Organisation.Scope.FLANDERS else -1, ())
                for o in organisations
                if (not route or route in o.routes) and (not service or service in o.services)
            ]
        else:
            matches = [
                m
                for m in find_organisations(
                    location, route=route, services=[service] if service else []
                )
                if not service or service in m.organisation.services
            ]
    elif not form.is_bound:
        own = _own_municipality(request.user)
        if own:  # a REFNIS code from the school's postcode, never typed text
            return redirect(f"{request.path}?{urlencode({'gemeente': own})}")
        matches = [
            Match(o, 3 if o.scope == Organisation.Scope.FLANDERS else -1, ())
            for o in Organisation.objects.all()
        ]
    municipality = geography.municipalities().get(location.municipality) if location else None
    return render(
        request,
        "directory/organisation_list.html",
        {"form": form, "matches": matches, "municipality": municipality},
    )


def _own_municipality(user) -> str | None:
    """Return the municipality code of the one school ``user`` sees, or None.

    A facility manager of one school opens 'Wie kan helpen?' on that school's municipality;
    anyone else (a visitor, board or department staff with several schools) on the whole list.
    """
    if not user.is_authenticated:
        return None
    schools = list(access.schools_for_user(user)[:2])
    if len(schools) != 1:
        return None
    location = geography.location_for(schools[0].postcode, schools[0].municipality)
    return location.municipality if location else None


def _school_info(school: School) -> SchoolInfo:
    municipality = school.municipality or postcodes.canonical_municipality(school.postcode, "")
    return SchoolInfo(name=school.name, municipality=municipality, board=school.board.name)


def _years(request: HttpRequest) -> int:
    try:
        years = int(request.GET.get("jaren", DEFAULT_YEARS))
    except ValueError:
        return DEFAULT_YEARS
    return min(max(years, 1), MAX_YEARS)


def _school_context(request: HttpRequest, pk: int):
    school = access.get_school_for_user(request.user, pk)
    version = school_services.latest_submitted(school)
    if version is None:
        return school, None, None, None
    try:
        ruleset = current_ruleset()
    except NoPublishedRules:
        messages.warning(request, _(MSG_NO_RULES))
        return school, version, None, None
    facts = school_services.school_facts(school, version)
    return school, version, ruleset, facts


@login_required
@require_safe
def school_starter(request: HttpRequest, pk: int) -> HttpResponse:
    """Show, per recommended or possible route, whom to contact and a first e-mail."""
    school, version, ruleset, facts = _school_context(request, pk)
    context = {"school": school, "version": version, "items": []}
    if ruleset is not None:
        on = today()
        advice = advise(facts, on=on, ruleset=ruleset)
        active = [r for r in advice.results if r.status in ACTIVE]
        location = geography.location_for(school.postcode, school.municipality)
        by_route = organisations_for_routes(location, [r.code for r in active], facts)
        info = _school_info(school)
        years = _years(request)
        for result in active:
            matches = by_route[result.code]
            item = {
                "result": result,
                "matches": matches,
                "message": first_message(
                    route=result.code,
                    route_title=result.title,
                    school=info,
                    facts=facts,
                    matches=matches,
                ),
            }
            if result.code == PURCHASE_ROUTE:
                value = float(facts.get("outsourced_contract_value") or 0) * years
                item["procedure"] = procedure_for(value, ruleset, on)
                item["estimated_value"] = value
            context["items"].append(item)
        context.update(
            years=years,
            year_choices=range(1, MAX_YEARS + 1),
            tasks=outsourced_tasks(facts),
            annual_value=facts.get("outsourced_contract_value"),
        )
    return render(request, "directory/school_starter.html", context)


@login_required
@require_safe
def school_clause(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Return the draft reserved-contract or social clause of a school as a DOCX file."""
    if kind not in CLAUSE_KINDS:
        raise Http404
    school, version, ruleset, facts = _school_context(request, pk)
    if ruleset is None:
        raise Http404
    on = today()
    years = _years(request)
    value = float(facts.get("outsourced_contract_value") or 0) * years
    data = clause_input(
        school=_school_info(school),
        facts=facts,
        years=years,
        procedure=procedure_for(value, ruleset, on),
        on=on,
    )
    name = "voorbehouden-opdracht" if kind == RESERVED else "sociale-clausule"
    response = HttpResponse(
        clause_docx(kind, data),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="ontwerp-{name}.docx"'
    return response


@login_required
@require_safe
def board_organisations(request: HttpRequest, pk: int) -> HttpResponse:
    """List the organisations that serve at least one school of the board, with those schools."""
    board: Board = access.get_board_for_user(request.user, pk)
    schools = board.schools.select_related("board").order_by("name")
    profiles = school_services.facts_for_schools(schools)
    organisations = list(Organisation.objects.all())
    served: dict[int, dict] = {}
    for profile in profiles:
        location = geography.location_for(profile.school.postcode, profile.school.municipality)
        if location is None:
            continue
        tasks = outsourced_tasks(profile.facts)
        for match in find_organisations(location, services=tasks, organisations=organisations):
            entry = served.setdefault(
                match.organisation.pk, {"organisation": match.organisation, "schools": []}
            )
            entry["schools"].append(
                {"school": profile.school, "distance": match.distance_label, "match": match}
            )
    rows = sorted(
        served.values(),
        key=lambda e: (
            min(s["match"].distance for s in e["schools"]),
            e["organisation"].name.casefold(),
        ),
    )
    return render(request, "directory/board_organisations.html", {"board": board, "rows": rows})
