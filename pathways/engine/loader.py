"""Rule sets as plain data: validate a dict, build a ``RuleSet`` from it, and back.

The dict (as YAML or JSON) is the one exchange format of the rules: the fixtures ship it, the
admin exports and imports it, a published version stores it, and two versions are compared on
it. Its shape::

    format: 1
    parameters:
      - code: min_fte_mwa
        label: Minimale schaalgrootte maatwerkafdeling
        unit: VTE
        values:              # each a number in the unit (not negative; "%" at most 100),
                             # with the web address it comes from; verified: false unless given
          - {valid_from: 2019-01-01, value: 5, source: https://..., confidence: H,
             verified: true, note: ""}
    contacts:
      - {code: herwin, name: Herwin, description: ..., email: ..., phone: ..., url: ...}
    glossary:
      - {term: VTE, definition: Voltijds equivalent ..., url: ""}
    test_cases:              # optional; kept by department staff, run before publishing
      - {name: ..., date: 2026-01-01, profile: {board_type: vzw, ...},
         expected: {wijkwerken: recommended}, note: ""}
    routes:
      - code: maatwerkafdeling
        title: Maatwerkafdeling
        summary: ...
        kind: employer          # employer|customer|workplace|stage_host|employer_measure
        scope: school           # school|board
        order: 10
        valid_from: 2019-01-01
        closed_to_new_from: 2023-07-01   # optional
        valid_to: null                   # optional
        successors: [individueel_maatwerk]   # never the route itself, nor a loop back to it
        continuation: ...                # what continues for schools already using it
        attention_points: [...]
        next_steps: [...]
        contacts: [herwin]
        resources: [{title: ..., url: ...}]
        legal_references: [{title: ..., url: ...}]
        sources: [{title: ..., url: ..., note: "H"}]   # schools see the title only
        admin_notes: ...                 # research notes for department staff only
        texts:                           # optional: dated versions of the texts above
          - valid_from: 2026-01-01       # in force from this day until the next version
            summary: ...                 # each of summary, attention_points, next_steps,
            attention_points: [...]      # continuation is optional: a field left out keeps
            source: https://...          # the text of the version before it
            confidence: H
        conditions:
          - fact: facility_fte
            operator: gte
            parameter: min_fte_mwa       # or value: 5
            required: true               # required (decides) or false (supporting: refines)
            informational: false         # true: explains only, never changes the status
            valid_from: 2019-01-01       # optional: the condition takes part only from ...
            valid_to: 2025-12-31         # ... and up to this day (both included)
            text_met: ...                # placeholders: {answer} {threshold} {unit} {gap};
                                         # no leading label ("Ter controle:"): the advice adds it
            text_not_met: ...
            text_unknown: ...
            gap_hint: ...
            source: https://...
            confidence: H

``validate_ruleset_dict`` returns a list of problems (empty when valid), each naming where it is,
e.g. ``routes[3].conditions[1]: de vergelijking 'gte' past niet bij het gegeven 'host_stages'
(ja/nee); kies uit: is_true, is_false``. The texts are Dutch, for the department staff who import
rule files; each template is a module-level ``MSG_*`` constant marked with ``gettext_noop`` so
``makemessages`` extracts it.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, NamedTuple

from .conditions import check_condition_value, condition_problem, show
from .facts import FACTS_BY_CODE
from .i18n import gettext_noop
from .jsonvalues import canonical_json
from .rulefile import check_rule_file
from .types import (
    Condition,
    Contact,
    FactType,
    GlossaryTerm,
    Link,
    Operator,
    Parameter,
    ParameterValue,
    Route,
    RouteKind,
    RouteText,
    RuleSet,
    Scope,
    Status,
)
from .validate import MSG_DATE, ProblemsError, as_date, parse_date, read_date

FORMAT = 1
CONFIDENCES = ("H", "M", "L", "")
TEXT_FIELDS = ("text_met", "text_not_met", "text_unknown")
# The advice puts a condition's kind ("ter informatie", "aanbevolen") or outcome ("voldaan") before
# its text; a text that starts with such a label shows two ("Ter informatie: Ter controle: …").
CONDITION_LABELS = (
    "ter informatie",
    "ter controle",
    "informatief",
    "aanbevolen",
    "ondersteunend",
    "vereist",
    "voldaan",
    "niet voldaan",
    "onbekend",
)
_LEADING_LABEL = re.compile(
    r"\s*(" + "|".join(re.escape(label) for label in CONDITION_LABELS) + r")\s*:", re.IGNORECASE
)
STATUSES = tuple(status.value for status in Status)

# Problem texts. A problem reads "<where>: <text>", e.g. "routes[1].title: ontbreekt".
MSG_NOT_A_MAPPING = gettext_noop("de regelset moet een YAML-mapping zijn (sleutels met waarden)")
MSG_FORMAT = gettext_noop("verwacht formaatversie {expected}, niet {value}")
MSG_UNKNOWN_TOP_KEYS = gettext_noop("onbekende sleutels bovenaan de regelset: {keys}")
MSG_MISSING = gettext_noop("ontbreekt")
MSG_DUPLICATE = gettext_noop("{code} komt meer dan één keer voor")
MSG_NO_VALUES = gettext_noop("geef minstens één waarde met een begindatum (valid_from)")
MSG_SAME_DAY = gettext_noop("twee waarden beginnen op dezelfde dag")
MSG_CONFIDENCE = gettext_noop("gebruik H, M of L")
MSG_NOT_A_DATE = gettext_noop("{value} is geen datum (JJJJ-MM-DD)")
MSG_CONTACT_REQUIRED = gettext_noop("code en naam (name) zijn verplicht")
MSG_PROFILE = gettext_noop("moet per gegeven een antwoord geven (gegevencode: antwoord)")
MSG_EXPECTED = gettext_noop("moet per traject een status geven (trajectcode: status)")
MSG_UNKNOWN_ROUTE = gettext_noop("onbekend traject {code}")
MSG_UNKNOWN_STATUS = gettext_noop("onbekende status {status}; kies uit: {statuses}")
MSG_GLOSSARY_REQUIRED = gettext_noop("term en definitie (definition) zijn verplicht")
MSG_ROUTE_NOT_A_MAPPING = gettext_noop("moet een traject zijn: een YAML-mapping met sleutels")
MSG_KIND = gettext_noop("{value} is geen gekende soort; kies uit: {kinds}")
MSG_SCOPE = gettext_noop("gebruik school of board")
MSG_CLOSED_AFTER_START = gettext_noop("moet na valid_from vallen")
MSG_END_BEFORE_START = gettext_noop("mag niet vóór valid_from vallen")
MSG_UNKNOWN_CONTACT = gettext_noop("onbekend contact {code}")
MSG_OWN_SUCCESSOR = gettext_noop(
    "een traject kan niet zijn eigen opvolger zijn; haal {successor} weg uit de opvolgers"
)
MSG_SUCCESSOR_CYCLE = gettext_noop(
    "een traject kan niet via andere trajecten zijn eigen opvolger worden ({path}); haal "
    "{successor} weg uit de opvolgers"
)
MSG_UNKNOWN_PARAMETER = gettext_noop("onbekende parameter {code}")
MSG_VALUE_AND_PARAMETER = gettext_noop("geef een waarde of een parameter, niet allebei")
MSG_INFORMATIONAL_REQUIRED = gettext_noop(
    "een informatieve voorwaarde verandert de status nooit en kan dus niet noodzakelijk zijn"
)
MSG_TEXTS_LIST = gettext_noop(
    "verwacht een lijst van gedateerde teksten, elk met een begindatum (valid_from)"
)
MSG_TEXTS_EMPTY = gettext_noop(
    "geef minstens één tekst: summary, attention_points, next_steps of continuation"
)
MSG_TEXT_ITEMS = gettext_noop("verwacht een lijst van teksten")
MSG_UNKNOWN_KEYS = gettext_noop("onbekende sleutels: {keys}")
MSG_TEXT_STARTS_WITH_LABEL = gettext_noop(
    "begin niet met “{label}:”; het advies zet zelf de soort en de uitkomst van de voorwaarde "
    "ervoor"
)


# A parameter value must be a number the engine can compare with (thresholds, amounts, shares).
MSG_PARAMETER_NOT_A_NUMBER = gettext_noop(
    "{value} is geen getal; vul een getal in, bijvoorbeeld 5 of 2,5"
)
MSG_PARAMETER_NOT_A_NUMBER_IN = gettext_noop(
    "{value} is geen getal; vul een getal in {unit} in, bijvoorbeeld 5 of 2,5"
)
MSG_PARAMETER_NOT_FINITE = gettext_noop("{value} is geen bruikbaar getal; vul een gewoon getal in")
MSG_PARAMETER_NEGATIVE = gettext_noop(
    "{value} is kleiner dan 0; een drempel, bedrag of aantal kan niet negatief zijn"
)
MSG_PARAMETER_PERCENT = gettext_noop("{value} % kan niet: een percentage ligt tussen 0 en 100")
MSG_SOURCE_MISSING = gettext_noop("geef de bron: het webadres (URL) waar deze waarde staat")
MSG_SOURCE_NOT_URL = gettext_noop(
    "{value} is geen webadres; een bron begint met https:// of http://"
)
# Units whose values have an upper bound besides 0 (the rule set writes shares as "%").
PERCENT_UNITS = frozenset({"%", "procent"})


class ValueProblem(NamedTuple):
    """Why a dated parameter value cannot be kept: a Dutch ``template`` and what fills it.

    ``field`` is the record's key (``value`` or ``source``). ``text(translate)`` gives the
    problem in the reader's language; the loader uses the Dutch text.
    """

    field: str
    template: str
    value: Any = None
    unit: str = ""

    def text(self, translate: Callable[[str], str] = str) -> str:
        """Return the problem, its template turned by ``translate`` (the admin's ``gettext``)."""
        return translate(self.template).format(value=show(self.value), unit=self.unit)


def parameter_value_problem(value: Any, unit: str = "") -> ValueProblem | None:
    """Return why ``value`` cannot be a value of a parameter in ``unit``, or None.

    Every parameter value is a number in its parameter's unit: finite, not negative, and for a
    percentage (unit "%") at most 100. The admin's form and the rule-set check both ask this.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        template = MSG_PARAMETER_NOT_A_NUMBER_IN if unit else MSG_PARAMETER_NOT_A_NUMBER
        return ValueProblem("value", template, value, unit)
    if not math.isfinite(value):
        return ValueProblem("value", MSG_PARAMETER_NOT_FINITE, value, unit)
    if value < 0:
        return ValueProblem("value", MSG_PARAMETER_NEGATIVE, value, unit)
    if unit.strip().lower() in PERCENT_UNITS and value > 100:
        return ValueProblem("value", MSG_PARAMETER_PERCENT, value, unit)
    return None


def source_problem(source: Any) -> ValueProblem | None:
    """Return why ``source`` cannot be the source of a parameter value, or None.

    A source is the web address (http or https) where the value can be checked.
    """
    if source in (None, ""):
        return ValueProblem("source", MSG_SOURCE_MISSING)
    if not isinstance(source, str) or not re.fullmatch(r"https?://[^\s/?#.][^\s]*", source.strip()):
        return ValueProblem("source", MSG_SOURCE_NOT_URL, source)
    return None


class RuleSetError(ProblemsError, ValueError):
    """A rule-set dict that does not validate; ``problems`` lists every problem found."""


def _check_date(problems: list[str], where: str, value: Any) -> None:
    if value in (None, ""):
        return
    if parse_date(value) is None:
        reason = read_date(value)[1]
        detail = f" ({reason})" if reason and reason != MSG_DATE else ""
        problems.append(f"{where}: {MSG_NOT_A_DATE.format(value=show(value))}{detail}")


TOP_KEYS = frozenset(
    {"format", "parameters", "contacts", "glossary", "routes", "test_cases", "meta"}
)
ROUTE_TEXT_KEYS = ("summary", "attention_points", "next_steps", "continuation")


def validate_ruleset_dict(data: Any, *, published: bool = False) -> list[str]:
    """Return every problem in a rule-set dict; an empty list means it is valid.

    Each part of the rule set has its own check, and each check returns its problems with
    their place in the file (``routes[3].conditions[1].operator: ...``).

    ``published`` is for a version already stored as published: it skips the checks that
    came after versions were published without them and that guard what is entered, not what
    the engine can read. So far two: successor loops (``check_successors``) and the values of
    parameters (``check_parameter_values``: a number in the parameter's unit, with a source).
    Successors are only shown beside a closed route, never followed, and every reader of a
    parameter treats a value that is not a usable number as no value (``parameter_number``),
    so such a version still gives correct advice; it cannot be published again until the
    problem is gone.
    """
    if not isinstance(data, dict):
        return [MSG_NOT_A_MAPPING]
    route_codes = [r.get("code") for r in data.get("routes") or [] if isinstance(r, dict)]
    contact_codes = {c.get("code") for c in data.get("contacts") or [] if isinstance(c, dict)}
    return [
        *check_top_level(data),
        *check_parameters(data.get("parameters") or []),
        *check_contacts(data.get("contacts") or []),
        *check_test_cases(data.get("test_cases") or [], route_codes),
        *check_glossary(data.get("glossary") or []),
        *check_routes(data, route_codes, contact_codes),
        *(() if published else check_successors(data.get("routes") or [])),
        *(() if published else check_parameter_values(data)),
        *check_rule_file(data),
    ]


def check_top_level(data: dict) -> list[str]:
    """Check the format version and the top-level keys."""
    problems = []
    if data.get("format") != FORMAT:
        problems.append(
            f"format: {MSG_FORMAT.format(expected=FORMAT, value=show(data.get('format')))}"
        )
    unknown = set(data) - TOP_KEYS
    if unknown:
        problems.append(MSG_UNKNOWN_TOP_KEYS.format(keys=", ".join(sorted(unknown))))
    return problems


def check_parameters(parameters: list) -> list[str]:
    """Check each parameter: code, label, and dated values that do not share a start day."""
    problems: list[str] = []
    seen: set[str] = set()
    for i, param in enumerate(parameters):
        where = f"parameters[{i}]"
        code = param.get("code") if isinstance(param, dict) else None
        if not code:
            problems.append(f"{where}.code: {MSG_MISSING}")
            continue
        if code in seen:
            problems.append(f"{where}.code: {MSG_DUPLICATE.format(code=show(code))}")
        seen.add(code)
        if not param.get("label"):
            problems.append(f"{where}.label: {MSG_MISSING}")
        values = param.get("values") or []
        if not values:
            problems.append(f"{where}.values: {MSG_NO_VALUES}")
        seen_dates = set()
        for j, value in enumerate(values):
            vwhere = f"{where}.values[{j}]"
            _check_date(problems, f"{vwhere}.valid_from", value.get("valid_from"))
            if value.get("valid_from") in seen_dates:
                problems.append(f"{vwhere}.valid_from: {MSG_SAME_DAY}")
            seen_dates.add(value.get("valid_from"))
            if "value" not in value:
                problems.append(f"{vwhere}.value: {MSG_MISSING}")
            if value.get("confidence", "") not in CONFIDENCES:
                problems.append(f"{vwhere}.confidence: {MSG_CONFIDENCE}")
    return problems


def check_parameter_values(data: dict) -> list[str]:
    """Check every dated parameter value: a number in its parameter's unit, with a source.

    A parameter that a condition compares with a fact of another type (a date, say) is typed
    by that use instead (``check_rule_file`` checks it); every other one holds numbers.
    """
    non_number_uses = {
        cond.get("parameter")
        for route in data.get("routes") or []
        if isinstance(route, dict)
        for cond in route.get("conditions") or []
        if isinstance(cond, dict)
        and isinstance(cond.get("parameter"), str)
        and (fact := FACTS_BY_CODE.get(cond.get("fact"))) is not None
        and fact.type is not FactType.NUMBER
    }
    problems: list[str] = []
    for i, param in enumerate(data.get("parameters") or []):
        if not isinstance(param, dict):
            continue
        unit = param.get("unit") if isinstance(param.get("unit"), str) else ""
        for j, record in enumerate(param.get("values") or []):
            if not isinstance(record, dict):
                continue
            found = [source_problem(record.get("source"))]
            if "value" in record and param.get("code") not in non_number_uses:
                found.append(parameter_value_problem(record["value"], unit))
            problems += [f"parameters[{i}].values[{j}].{p.field}: {p.text()}" for p in found if p]
    return problems


def check_contacts(contacts: list) -> list[str]:
    """Check that each contact has a code and a name, and that codes are unique."""
    problems = []
    seen = set()
    for i, contact in enumerate(contacts):
        if not contact.get("code") or not contact.get("name"):
            problems.append(f"contacts[{i}]: {MSG_CONTACT_REQUIRED}")
        if contact.get("code") in seen:
            problems.append(
                f"contacts[{i}].code: {MSG_DUPLICATE.format(code=show(contact.get('code')))}"
            )
        seen.add(contact.get("code"))
    return problems


def check_test_cases(cases: list, route_codes: list) -> list[str]:
    """Check each test case: a name, a date, a profile and an expected status per known route."""
    problems: list[str] = []
    for i, case in enumerate(cases):
        where = f"test_cases[{i}]"
        if not isinstance(case, dict) or not case.get("name"):
            problems.append(f"{where}.name: {MSG_MISSING}")
            continue
        _check_date(problems, f"{where}.date", case.get("date"))
        if not isinstance(case.get("profile", {}), dict):
            problems.append(f"{where}.profile: {MSG_PROFILE}")
        expected = case.get("expected")
        if not isinstance(expected, dict) or not expected:
            problems.append(f"{where}.expected: {MSG_EXPECTED}")
            continue
        for route_code, status in expected.items():
            if route_code not in route_codes:
                problems.append(
                    f"{where}.expected: {MSG_UNKNOWN_ROUTE.format(code=show(route_code))}"
                )
            if status not in STATUSES:
                message = MSG_UNKNOWN_STATUS.format(
                    status=show(status), statuses=", ".join(STATUSES)
                )
                problems.append(f"{where}.expected.{route_code}: {message}")
    return problems


def check_glossary(terms: list) -> list[str]:
    """Check that each glossary entry has a term and a definition."""
    return [
        f"glossary[{i}]: {MSG_GLOSSARY_REQUIRED}"
        for i, term in enumerate(terms)
        if not term.get("term") or not term.get("definition")
    ]


def check_routes(data: dict, route_codes: list, contact_codes: set) -> list[str]:
    """Check every route, and that route codes are unique."""
    problems: list[str] = []
    seen: set[str] = set()
    for i, route in enumerate(data.get("routes") or []):
        where = f"routes[{i}]"
        if not isinstance(route, dict):
            problems.append(f"{where}: {MSG_ROUTE_NOT_A_MAPPING}")
            continue
        code = route.get("code")
        if code and code in seen:
            problems.append(f"{where}.code: {MSG_DUPLICATE.format(code=show(code))}")
        seen.add(code)
        problems += check_route(where, route, route_codes, contact_codes)
        problems += check_route_texts(where, route.get("texts") or [])
        for j, cond in enumerate(route.get("conditions") or []):
            problems += check_condition(f"{where}.conditions[{j}]", cond, data)
    return problems


def check_route(where: str, route: dict, route_codes: list, contact_codes: set) -> list[str]:
    """Check one route's own fields: code, texts, kind, scope, dates, links and references."""
    problems: list[str] = []
    if not route.get("code"):
        problems.append(f"{where}.code: {MSG_MISSING}")
    for key in ("title", "summary"):
        if not route.get(key):
            problems.append(f"{where}.{key}: {MSG_MISSING}")
    try:
        RouteKind(route.get("kind"))
    except ValueError:
        kinds = ", ".join(k.value for k in RouteKind)
        message = MSG_KIND.format(value=show(route.get("kind")), kinds=kinds)
        problems.append(f"{where}.kind: {message}")
    try:
        Scope(route.get("scope", "school"))
    except ValueError:
        problems.append(f"{where}.scope: {MSG_SCOPE}")
    for key in ("valid_from", "closed_to_new_from", "valid_to"):
        _check_date(problems, f"{where}.{key}", route.get(key))
    try:
        start = as_date(route.get("valid_from"))
        closed = as_date(route.get("closed_to_new_from"))
        end = as_date(route.get("valid_to"))
    except ValueError:
        start = closed = end = None
    if start and closed and closed <= start:
        problems.append(f"{where}.closed_to_new_from: {MSG_CLOSED_AFTER_START}")
    if start and end and end < start:
        problems.append(f"{where}.valid_to: {MSG_END_BEFORE_START}")
    for successor in route.get("successors") or []:
        if successor not in route_codes:
            problems.append(f"{where}.successors: {MSG_UNKNOWN_ROUTE.format(code=show(successor))}")
    for contact in route.get("contacts") or []:
        if contact not in contact_codes:
            problems.append(f"{where}.contacts: {MSG_UNKNOWN_CONTACT.format(code=show(contact))}")
    for key in ("resources", "legal_references", "sources"):
        for j, link in enumerate(route.get(key) or []):
            if not isinstance(link, dict) or not link.get("title"):
                problems.append(f"{where}.{key}[{j}].title: {MSG_MISSING}")
    return problems


class SuccessorProblem(NamedTuple):
    """A refused successor: ``route`` would follow itself through ``path``.

    ``path`` runs from ``route`` through its ``successor`` back to ``route`` (``(a, a)`` when a
    route names itself). The keys are whatever the caller names routes by (codes, ids).
    """

    template: str
    successor: Hashable
    path: tuple[Hashable, ...]

    def text(self, name: Callable[[Any], str] = show, translate: Callable[[str], str] = str) -> str:
        """Return the problem, each route named by ``name`` (default: its quoted key).

        ``translate`` turns the Dutch template into the reader's language (the admin passes
        ``gettext``); the names are filled in afterwards, never as part of the template.
        """
        return translate(self.template).format(
            successor=name(self.successor), path=" → ".join(name(key) for key in self.path)
        )


def successor_problem(
    route: Hashable, successors: Iterable[Hashable], successors_of: Mapping[Hashable, Iterable]
) -> SuccessorProblem | None:
    """Return why ``route`` cannot have ``successors``, or None: the one successor check.

    A route may not be its own successor, directly (a → a) or through other routes
    (a → b → a), whatever ``successors_of`` (every route's successors; the entry of ``route``
    itself is not read) says. The admin's route form and the rule-set check both ask this.
    """
    successors = list(successors)
    if route in successors:
        return SuccessorProblem(MSG_OWN_SUCCESSOR, route, (route, route))
    for successor in successors:
        back = _path_to(successor, route, successors_of)
        if back:
            return SuccessorProblem(MSG_SUCCESSOR_CYCLE, successor, (route, *back))
    return None


def _path_to(start: Hashable, goal: Hashable, successors_of: Mapping) -> tuple | None:
    """Return the successor path from ``start`` to ``goal`` (both included), or None."""
    came_from: dict[Hashable, Hashable] = {start: start}
    todo = [start]
    while todo:
        key = todo.pop()
        for following in successors_of.get(key) or ():
            if following == goal:
                path = [goal, key]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return tuple(reversed(path))
            if following not in came_from:
                came_from[following] = key
                todo.append(following)
    return None


def check_successors(routes: list) -> list[str]:
    """Check that no route follows itself, directly or through other routes.

    A loop of successors is named once, at the first route on it.
    """
    graph = {
        route["code"]: _successor_codes(route)
        for route in routes
        if isinstance(route, dict) and isinstance(route.get("code"), str)
    }
    problems: list[str] = []
    reported: set[frozenset] = set()
    for i, route in enumerate(routes):
        if not isinstance(route, dict) or route.get("code") not in graph:
            continue
        problem = successor_problem(route["code"], _successor_codes(route), graph)
        if problem and frozenset(problem.path) not in reported:
            reported.add(frozenset(problem.path))
            problems.append(f"routes[{i}].successors: {problem.text()}")
    return problems


def _successor_codes(route: dict) -> list[str]:
    successors = route.get("successors")
    if not isinstance(successors, list | tuple):
        return []
    return [code for code in successors if isinstance(code, str)]


def check_route_texts(where: str, texts: Any) -> list[str]:
    """Check a route's dated texts: each a start date, at least one text, no shared start."""
    problems: list[str] = []
    if not isinstance(texts, list):
        return [f"{where}.texts: {MSG_TEXTS_LIST}"]
    seen = set()
    for j, version in enumerate(texts):
        vwhere = f"{where}.texts[{j}]"
        if not isinstance(version, dict):
            problems.append(f"{vwhere}: {MSG_TEXTS_LIST}")
            continue
        unknown = set(version) - {*ROUTE_TEXT_KEYS, "valid_from", "source", "confidence", "note"}
        if unknown:
            problems.append(f"{vwhere}: {MSG_UNKNOWN_KEYS.format(keys=', '.join(sorted(unknown)))}")
        if not version.get("valid_from"):
            problems.append(f"{vwhere}.valid_from: {MSG_MISSING}")
        else:
            _check_date(problems, f"{vwhere}.valid_from", version.get("valid_from"))
        if version.get("valid_from") in seen:
            problems.append(f"{vwhere}.valid_from: {MSG_SAME_DAY}")
        seen.add(version.get("valid_from"))
        if not any(version.get(key) is not None for key in ROUTE_TEXT_KEYS):
            problems.append(f"{vwhere}: {MSG_TEXTS_EMPTY}")
        for key in ("attention_points", "next_steps"):
            items = version.get(key)
            if items is not None and (
                not isinstance(items, list) or not all(isinstance(t, str) for t in items)
            ):
                problems.append(f"{vwhere}.{key}: {MSG_TEXT_ITEMS}")
        if version.get("confidence", "") not in CONFIDENCES:
            problems.append(f"{vwhere}.confidence: {MSG_CONFIDENCE}")
    return problems


def check_condition(where: str, cond: dict, data: dict) -> list[str]:
    """Check one condition: fact, operator and value or parameter, texts, kind and dates."""
    problems: list[str] = []
    fact = cond.get("fact")
    operator = cond.get("operator")
    parameter = cond.get("parameter")
    param_codes = {
        p.get("code") for p in data.get("parameters") or [] if isinstance(p, dict) and p.get("code")
    }
    problem = None
    if parameter:
        if parameter not in param_codes:
            message = MSG_UNKNOWN_PARAMETER.format(code=show(parameter))
            return [f"{where}.parameter: {message}"]
        if "value" in cond and cond["value"] is not None:
            problems.append(f"{where}: {MSG_VALUE_AND_PARAMETER}")
        # Each of the parameter's values is checked against this use (check_rule_file).
        found = condition_problem(fact, operator, _param_probe(data, parameter))
        problem = found.message if found and found.part != "value" else None
    else:
        problem = check_condition_value(fact, operator, cond.get("value"))
    if problem:
        problems.append(f"{where}: {problem}")
    for key in TEXT_FIELDS:
        if not cond.get(key):
            problems.append(f"{where}.{key}: {MSG_MISSING}")
        elif isinstance(cond[key], str) and (label := _LEADING_LABEL.match(cond[key])):
            message = MSG_TEXT_STARTS_WITH_LABEL.format(label=label.group(1))
            problems.append(f"{where}.{key}: {message}")
    if cond.get("confidence", "") not in CONFIDENCES:
        problems.append(f"{where}.confidence: {MSG_CONFIDENCE}")
    if cond.get("informational") is True and cond.get("required") is True:
        problems.append(f"{where}.informational: {MSG_INFORMATIONAL_REQUIRED}")
    for key in ("valid_from", "valid_to"):
        _check_date(problems, f"{where}.{key}", cond.get(key))
    try:
        start, end = as_date(cond.get("valid_from")), as_date(cond.get("valid_to"))
    except ValueError:
        start = end = None
    if start and end and end < start:
        problems.append(f"{where}.valid_to: {MSG_END_BEFORE_START}")
    return problems


def _param_probe(data: dict, code: str) -> Any:
    for param in data.get("parameters") or []:
        if param.get("code") == code and param.get("values"):
            return param["values"][0].get("value")
    return None


def ruleset_from_dict(
    data: dict, *, identifier: str = "", label: str = "", published: bool = False
) -> RuleSet:
    """Build a ``RuleSet``; raise ``RuleSetError`` listing every problem when invalid.

    ``published``: ``data`` is a stored published version (see ``validate_ruleset_dict``).
    """
    problems = validate_ruleset_dict(data, published=published)
    if problems:
        raise RuleSetError(problems)
    parameters = tuple(
        Parameter(
            code=p["code"],
            label=p["label"],
            unit=p.get("unit", ""),
            values=tuple(
                sorted(
                    (
                        ParameterValue(
                            valid_from=as_date(v["valid_from"]),
                            value=v["value"],
                            source=v.get("source", ""),
                            confidence=v.get("confidence", ""),
                            # A new value is unverified until someone ticks it; a stored
                            # version keeps what it stored (before the flag: verified).
                            verified=bool(v.get("verified", published)),
                            note=v.get("note", ""),
                        )
                        for v in p["values"]
                    ),
                    key=lambda v: v.valid_from,
                )
            ),
        )
        for p in data.get("parameters") or []
    )
    contacts = tuple(
        Contact(
            code=c["code"],
            name=c["name"],
            description=c.get("description", ""),
            email=c.get("email", ""),
            phone=c.get("phone", ""),
            url=c.get("url", ""),
        )
        for c in data.get("contacts") or []
    )
    glossary = tuple(
        GlossaryTerm(term=g["term"], definition=g["definition"], url=g.get("url", ""))
        for g in data.get("glossary") or []
    )
    routes = tuple(
        sorted(
            (_route_from_dict(r) for r in data.get("routes") or []),
            key=lambda r: (r.order, r.code),
        )
    )
    return RuleSet(
        routes=routes,
        parameters=parameters,
        contacts=contacts,
        glossary=glossary,
        identifier=identifier or content_hash(data),
        label=label,
    )


def _links(items: list | None) -> tuple[Link, ...]:
    return tuple(
        Link(title=i["title"], url=i.get("url", ""), note=i.get("note", "")) for i in items or []
    )


def _route_from_dict(r: dict) -> Route:
    return Route(
        code=r["code"],
        title=r["title"],
        summary=r["summary"],
        kind=RouteKind(r["kind"]),
        scope=Scope(r.get("scope", "school")),
        valid_from=as_date(r.get("valid_from")),
        closed_to_new_from=as_date(r.get("closed_to_new_from")),
        valid_to=as_date(r.get("valid_to")),
        successors=tuple(r.get("successors") or ()),
        continuation=r.get("continuation", ""),
        conditions=tuple(
            Condition(
                fact=c["fact"],
                operator=Operator(c["operator"]),
                value=_condition_value(c),
                parameter=c.get("parameter", "") or "",
                required=bool(c.get("required", True)) and not c.get("informational"),
                text_met=c.get("text_met", ""),
                text_not_met=c.get("text_not_met", ""),
                text_unknown=c.get("text_unknown", ""),
                gap_hint=c.get("gap_hint", ""),
                source=c.get("source", ""),
                confidence=c.get("confidence", ""),
                informational=bool(c.get("informational", False)),
                valid_from=as_date(c.get("valid_from")),
                valid_to=as_date(c.get("valid_to")),
            )
            for c in r.get("conditions") or []
        ),
        attention_points=tuple(r.get("attention_points") or ()),
        next_steps=tuple(r.get("next_steps") or ()),
        contacts=tuple(r.get("contacts") or ()),
        resources=_links(r.get("resources")),
        legal_references=_links(r.get("legal_references")),
        sources=_links(r.get("sources")),
        order=int(r.get("order", 0)),
        texts=tuple(
            sorted((_route_text(t) for t in r.get("texts") or []), key=lambda t: t.valid_from)
        ),
        admin_notes=r.get("admin_notes", "") or "",
    )


def _route_text(t: dict) -> RouteText:
    def items(key: str) -> tuple[str, ...] | None:
        return None if t.get(key) is None else tuple(t[key])

    return RouteText(
        valid_from=as_date(t["valid_from"]),
        summary=t.get("summary"),
        attention_points=items("attention_points"),
        next_steps=items("next_steps"),
        continuation=t.get("continuation"),
        source=t.get("source", ""),
        confidence=t.get("confidence", ""),
        note=t.get("note", ""),
    )


def _condition_value(c: dict) -> Any:
    value = c.get("value")
    fact = FACTS_BY_CODE[c["fact"]]
    if fact.type is FactType.DATE and value is not None:
        return as_date(value)
    if isinstance(value, list):
        return tuple(value)
    return value


def content_hash(data: dict) -> str:
    """Return the SHA-256 of the canonical JSON of a rule-set dict (its ``meta`` left out)."""
    body = {k: v for k, v in data.items() if k != "meta"}
    return hashlib.sha256(canonical_json(body).encode()).hexdigest()
