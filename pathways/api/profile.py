"""Profile files (one school, or a board with its schools) and the JSON form of an advice.

Pure Python, no Django, so the CLI, the API and the tests share one parser. Two file formats::

    {"school": {"name": "...", "institution_number": "012345"}, "facts": {fact code: value}}
    {"board": {"name": "...", "facts": {...}}, "schools": [school profile, ...]}

``facts`` holds the registry's question and record facts (see ``engine.validate.clean_facts``);
board facts apply to every school of the board unless a school gives its own value. The API
body may also carry a top-level ``"date": "YYYY-MM-DD"`` (``parse_profile(..., allow_date=True)``).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pathways.engine.facts import FACTS_BY_CODE, QUESTION_FACTS
from pathways.engine.i18n import gettext_noop
from pathways.engine.jsonvalues import json_value
from pathways.engine.loader import MSG_MISSING
from pathways.engine.postcodes import known_postcodes
from pathways.engine.types import Advice, BoardAdvice, FactDef, FactType, RouteResult, RuleSet
from pathways.engine.validate import MSG_DATE, MSG_UNKNOWN_FIELD, Problem, clean_facts, parse_date

ROOT = "(root)"
INSTITUTION_NUMBER_PATTERN = r"^[0-9]{6}$"
POSTCODE_PATTERN = r"^[1-9][0-9]{3}$"
# Four-digit years from 1900 to 2100 (``pathways.engine.validate.FIRST_YEAR``/``LAST_YEAR``).
DATE_PATTERN = r"^(19[0-9]{2}|20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$"

MSG_NOT_A_PROFILE = gettext_noop(
    "verwacht een schoolprofiel (velden school en facts) of een bestuursbestand "
    "(velden board en schools)"
)
MSG_OBJECT = gettext_noop("verwacht een object")
MSG_NAME = gettext_noop("verwacht een niet-lege tekst")
MSG_INSTITUTION_NUMBER = gettext_noop("verwacht een instellingsnummer van zes cijfers, als tekst")
MSG_SCHOOLS = gettext_noop("verwacht een lijst met minstens één school")
MSG_BAD_JSON = gettext_noop("geen geldige JSON op regel {line}, kolom {column}")
MSG_NOT_UTF8 = gettext_noop("geen UTF-8-tekst")
MSG_TOO_DEEP = gettext_noop("de JSON is te diep genest")
MSG_BAD_NUMBER = gettext_noop(
    "de JSON bevat een getal dat geen gewoon getal is (NaN, Infinity, of te veel cijfers)"
)
MSG_SURROGATE = gettext_noop(
    "de JSON bevat een ongeldig teken (een losse \\uD800-\\uDFFF-code die geen letter is)"
)

SCHOOL_KEYS = ("school", "facts")
BOARD_KEYS = ("board", "schools")


@dataclass(frozen=True)
class SchoolProfile:
    name: str
    facts: dict[str, Any]
    institution_number: str = ""


@dataclass(frozen=True)
class BoardProfile:
    name: str
    facts: dict[str, Any]  # board-level facts, applied to every school
    schools: tuple[SchoolProfile, ...]


@dataclass(frozen=True)
class ParsedProfile:
    """A valid profile file; ``school`` or ``board`` is set according to its kind."""

    kind: str  # "school" or "board"
    school: SchoolProfile | None = None
    board: BoardProfile | None = None
    date: dt.date | None = None  # the API body's "date", when given


class _RefusedNumber(ValueError):
    """A JSON number the API refuses (NaN, Infinity, too many digits)."""


MAX_NUMBER_CHARS = 40  # longer JSON numbers are refused before Python converts them


def _parse_int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise _RefusedNumber(text)
    return int(text)


def _parse_float(text: str) -> float:
    value = float(text) if len(text) <= MAX_NUMBER_CHARS else math.inf
    if not math.isfinite(value):
        raise _RefusedNumber(text)
    return value


def _parse_constant(text: str) -> Any:
    raise _RefusedNumber(text)


def _has_surrogate(data: Any) -> bool:
    """Return True when a key or text anywhere in ``data`` holds a lone UTF-16 surrogate."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if any("\ud800" <= ch <= "\udfff" for ch in item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def parse_json(raw: bytes) -> tuple[Any, str | None]:
    """Decode a UTF-8 JSON document; return ``(data, None)`` or ``(None, problem message)``.

    Never raises on bad input: not UTF-8, malformed JSON (with line and column), nesting so
    deep that Python's parser gives up, ``NaN``/``Infinity``, numbers of more than
    ``MAX_NUMBER_CHARS`` characters or too large for a float, and texts or keys holding a lone
    UTF-16 surrogate (``"\\ud800"``, which no UTF-8 answer can carry) each get a message.
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, MSG_NOT_UTF8
    try:
        data = json.loads(
            text,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_parse_constant,
        )
    except json.JSONDecodeError as exc:
        return None, MSG_BAD_JSON.format(line=exc.lineno, column=exc.colno)
    except _RefusedNumber:
        return None, MSG_BAD_NUMBER
    except RecursionError:
        return None, MSG_TOO_DEEP
    except ValueError:
        return None, MSG_BAD_NUMBER
    if _has_surrogate(data):
        return None, MSG_SURROGATE
    return data, None


def parse_profile(
    data: Any, *, allow_date: bool = False
) -> tuple[str | None, ParsedProfile | None, list[Problem]]:
    """Validate a decoded profile file; return ``(kind, parsed, problems)``.

    ``kind`` is "school" or "board" (None when the root says neither), ``parsed`` is None
    whenever there is a problem. Problems name full paths (``facts.hours_cleaning``,
    ``schools[1].facts.postcode``, ``(root)``). Never raises on bad input.
    """
    if not isinstance(data, Mapping):
        return None, None, [Problem(ROOT, MSG_OBJECT)]
    if any(key in data for key in BOARD_KEYS):
        kind = "board"
    elif any(key in data for key in SCHOOL_KEYS):
        kind = "school"
    else:
        problems = [Problem(ROOT, MSG_NOT_A_PROFILE)]
        problems += _unknown_keys(data, "", (*SCHOOL_KEYS, *BOARD_KEYS, "date"), allow_date)
        return None, None, problems

    problems: list[Problem] = []
    allowed = (*(BOARD_KEYS if kind == "board" else SCHOOL_KEYS), "date")
    problems += _unknown_keys(data, "", allowed, allow_date)
    on = None
    if allow_date and "date" in data:
        on = parse_date(data["date"]) if isinstance(data["date"], str) else None
        if on is None:
            problems.append(Problem("date", MSG_DATE))

    if kind == "school":
        school = _parse_school(data, "", problems)
        parsed = ParsedProfile(kind=kind, school=school, date=on)
    else:
        board = _parse_board(data, problems)
        parsed = ParsedProfile(kind=kind, board=board, date=on)
    return kind, (None if problems else parsed), problems


def _unknown_keys(
    data: Mapping[str, Any], prefix: str, allowed: tuple[str, ...], allow_date: bool
) -> list[Problem]:
    known = set(allowed) - ({"date"} if not allow_date else set())
    return [Problem(f"{prefix}{key}", MSG_UNKNOWN_FIELD) for key in data if key not in known]


def _object(data: Mapping[str, Any], key: str, where: str, problems: list[Problem]):
    """Return ``data[key]`` when it is an object; record a problem and return None otherwise."""
    if key not in data:
        problems.append(Problem(where, MSG_MISSING))
        return None
    value = data[key]
    if not isinstance(value, Mapping):
        problems.append(Problem(where, MSG_OBJECT))
        return None
    return value


def _name(data: Mapping[str, Any], where: str, problems: list[Problem]) -> str:
    value = data.get("name")
    if "name" not in data:
        problems.append(Problem(where, MSG_MISSING))
        return ""
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(where, MSG_NAME))
        return ""
    return value.strip()


def _facts(data: Mapping[str, Any], where: str, problems: list[Problem], *, required: bool):
    if not required and "facts" not in data:
        return {}
    raw = _object(data, "facts", where, problems)
    if raw is None:
        return {}
    clean, fact_problems = clean_facts(raw, prefix=f"{where}.")
    problems.extend(fact_problems)
    return clean


def _parse_school(data: Mapping[str, Any], prefix: str, problems: list[Problem]) -> SchoolProfile:
    name = number = ""
    header = _object(data, "school", f"{prefix}school", problems)
    if header is not None:
        name = _name(header, f"{prefix}school.name", problems)
        for key in header:
            if key not in ("name", "institution_number"):
                problems.append(Problem(f"{prefix}school.{key}", MSG_UNKNOWN_FIELD))
        if "institution_number" in header:
            value = header["institution_number"]
            if isinstance(value, str) and len(value) == 6 and value.isascii() and value.isdigit():
                number = value
            else:
                problems.append(
                    Problem(f"{prefix}school.institution_number", MSG_INSTITUTION_NUMBER)
                )
    facts = _facts(data, f"{prefix}facts", problems, required=True)
    return SchoolProfile(name=name, facts=facts, institution_number=number)


def _parse_board(data: Mapping[str, Any], problems: list[Problem]) -> BoardProfile:
    name, board_facts = "", {}
    header = _object(data, "board", "board", problems)
    if header is not None:
        name = _name(header, "board.name", problems)
        for key in header:
            if key not in ("name", "facts"):
                problems.append(Problem(f"board.{key}", MSG_UNKNOWN_FIELD))
        board_facts = _facts(header, "board.facts", problems, required=False)

    schools: list[SchoolProfile] = []
    raw_schools = data.get("schools")
    if "schools" not in data:
        problems.append(Problem("schools", MSG_MISSING))
    elif not isinstance(raw_schools, list) or not raw_schools:
        problems.append(Problem("schools", MSG_SCHOOLS))
    else:
        for i, raw in enumerate(raw_schools):
            prefix = f"schools[{i}]."
            if not isinstance(raw, Mapping):
                problems.append(Problem(f"schools[{i}]", MSG_OBJECT))
                continue
            problems.extend(
                Problem(f"{prefix}{key}", MSG_UNKNOWN_FIELD)
                for key in raw
                if key not in SCHOOL_KEYS
            )
            schools.append(_parse_school(raw, prefix, problems))
    return BoardProfile(name=name, facts=board_facts, schools=tuple(schools))


# --- JSON Schema ------------------------------------------------------------------------------


def fact_schema(fact: FactDef) -> dict[str, Any]:
    """Return the JSON Schema of one fact's value; ``null`` means "not answered"."""
    codes = [code for code, _ in fact.choices]
    schema: dict[str, Any] = {"title": fact.label}
    if fact.help:
        schema["description"] = fact.help
    if fact.type is FactType.NUMBER:
        schema["type"] = ["integer" if fact.whole else "number", "null"]
        if fact.minimum is not None:
            schema["minimum"] = fact.minimum
        if fact.maximum is not None:
            schema["maximum"] = fact.maximum
    elif fact.type is FactType.BOOLEAN:
        schema["type"] = ["boolean", "null"]
    elif fact.type is FactType.CHOICE:
        schema["enum"] = [*codes, None]
    elif fact.type is FactType.MULTICHOICE:
        schema["type"] = ["array", "null"]
        schema["items"] = {"enum": codes}
        schema["uniqueItems"] = True
    elif fact.type is FactType.DATE:
        schema["type"] = ["string", "null"]
        schema["format"] = "date"
        schema["pattern"] = DATE_PATTERN
    else:
        schema["type"] = ["string", "null"]
        if fact.code == "postcode":
            schema["pattern"] = POSTCODE_PATTERN
            # The official list, so a validator refuses what the API refuses (9999, 1499).
            schema["enum"] = [*known_postcodes(), None]
    if fact.unit:
        schema["x-unit"] = fact.unit
    return schema


def facts_schema() -> dict[str, Any]:
    """Return the schema of a ``facts`` object: the question and record facts, nothing else."""
    return _object_schema({fact.code: fact_schema(fact) for fact in QUESTION_FACTS})


def _object_schema(properties: dict[str, Any], *required: str, **extra: Any) -> dict[str, Any]:
    """Return the schema of an object with these ``properties`` and no others.

    ``required`` names the properties that must be there; ``extra`` adds keywords (a title).
    """
    schema = {**extra, "type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    return schema


def _file_schema(
    title: str, properties: dict[str, Any], *required: str, with_date: bool
) -> dict[str, Any]:
    """Return the schema of a whole profile file; ``with_date`` allows the API body's date."""
    if with_date:
        properties = {**properties, "date": _date_schema()}
    return _object_schema(properties, *required, title=title)


def _school_schema(*, with_date: bool) -> dict[str, Any]:
    school = {
        "name": {"type": "string", "minLength": 1, "title": "Naam van de school"},
        "institution_number": {
            "type": "string",
            "pattern": INSTITUTION_NUMBER_PATTERN,
            "title": "Instellingsnummer",
        },
    }
    properties = {"school": _object_schema(school, "name"), "facts": facts_schema()}
    return _file_schema("Schoolprofiel", properties, "school", "facts", with_date=with_date)


def _board_schema(*, with_date: bool) -> dict[str, Any]:
    board = {
        "name": {"type": "string", "minLength": 1, "title": "Naam van het schoolbestuur"},
        "facts": {
            **facts_schema(),
            "description": "Gegevens die voor elke school van het bestuur gelden, "
            "tenzij een school zelf een waarde geeft.",
        },
    }
    properties = {
        "board": _object_schema(board, "name"),
        "schools": {"type": "array", "minItems": 1, "items": _school_schema(with_date=False)},
    }
    return _file_schema("Bestuursbestand", properties, "board", "schools", with_date=with_date)


def _date_schema() -> dict[str, Any]:
    return {
        "type": "string",
        "format": "date",
        "pattern": DATE_PATTERN,
        "description": "De datum waarop het advies geldt; standaard vandaag.",
    }


def profile_json_schema(*, with_date: bool = False) -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a school profile or a board file.

    Generated from the fact registry. ``with_date`` adds the API body's optional ``date``.
    Everything is inlined (no ``$ref``), so the schema can be embedded in an OpenAPI document.
    """
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Profiel voor het advies sociale economie",
        "description": "Eén school (school, facts) of een schoolbestuur met zijn scholen "
        "(board, schools).",
        "oneOf": [_school_schema(with_date=with_date), _board_schema(with_date=with_date)],
    }


# --- Advice as JSON ---------------------------------------------------------------------------


def missing_entry(code: str, answers: Mapping[str, Any]) -> dict[str, str]:
    """Describe a fact whose answer would decide a route.

    A derived fact is not asked, so it points at the questionnaire step of the first
    unanswered question it depends on (or of its first dependency).
    """
    fact = FACTS_BY_CODE[code]
    step = fact.step
    if not step:
        sources = _question_sources(fact)
        unanswered = [s for s in sources if answers.get(s.code) is None]
        first = (unanswered or sources or [fact])[0]
        step = first.step
    return {"fact": code, "label": fact.label, "step": step}


def _question_sources(fact: FactDef) -> list[FactDef]:
    found: list[FactDef] = []
    for code in fact.depends_on:
        source = FACTS_BY_CODE[code]
        if source.origin == "derived":
            found.extend(s for s in _question_sources(source) if s not in found)
        elif source not in found:
            found.append(source)
    return found


def _route_to_dict(result: RouteResult, answers: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "code": result.code,
        "title": result.title,
        "kind": result.kind.value,
        "scope": result.scope.value,
        "status": result.status.value,
        "status_reason": result.status_reason,
        "summary": result.summary,
        "successors": list(result.successors),
        "in_use": result.in_use,
        "continuation": result.continuation,
        "attention_points": list(result.attention_points),
        "next_steps": list(result.next_steps),
        "pooled_per_school": result.pooled_per_school,
        "gaps": [
            {
                "fact": gap.fact,
                "unit": gap.unit,
                "answer": gap.answer,
                "threshold": gap.threshold,
                "shortfall": gap.shortfall,
                "direction": gap.direction,
                "text": gap.text,
            }
            for gap in result.gaps
        ],
        "missing": [missing_entry(code, answers) for code in result.missing],
        "conditions": [
            {
                "fact": trace.fact,
                "label": trace.fact_label,
                "operator": trace.operator.value,
                "required": trace.required,
                "kind": trace.kind.value,
                "outcome": trace.outcome.value,
                "answer": json_value(trace.answer),
                "answer_display": trace.answer_display,
                "threshold": json_value(trace.threshold),
                "threshold_display": trace.threshold_display,
                "parameter": trace.parameter,
                "parameter_valid_from": json_value(trace.parameter_valid_from),
                "parameter_verified": trace.parameter_verified,
                "reason": trace.reason,
                "gap_hint": trace.gap_hint,
                "source": trace.source,
                "confidence": trace.confidence,
            }
            for trace in result.conditions
        ],
    }


def _ruleset_info(ruleset: RuleSet) -> dict[str, str]:
    return {"identifier": ruleset.identifier, "label": str(ruleset.label)}


def advice_to_dict(advice: Advice, ruleset: RuleSet) -> dict[str, Any]:
    """Return the JSON form of one advice (the CLI's and the API's output for a school)."""
    return {
        "date": advice.on.isoformat(),
        "ruleset": _ruleset_info(ruleset),
        "routes": [_route_to_dict(result, advice.facts) for result in advice.results],
        "facts": json_value(advice.facts),
    }


def board_advice_to_dict(board_advice: BoardAdvice, ruleset: RuleSet) -> dict[str, Any]:
    """Return the JSON form of a board's advice: each school, then the schools pooled."""
    return {
        "date": board_advice.on.isoformat(),
        "ruleset": _ruleset_info(ruleset),
        "schools": [
            {"name": name, "advice": advice_to_dict(advice, ruleset)}
            for name, advice in board_advice.schools
        ],
        "pooled": advice_to_dict(board_advice.pooled, ruleset),
        "differences": [
            {
                "fact": d.fact,
                "values": [
                    {"value": json_value(value), "schools": list(names)}
                    for value, names in d.values
                ],
            }
            for d in board_advice.differences
        ],
        "groups": [
            {
                "values": {code: json_value(value) for code, value in group.values},
                "schools": list(group.schools),
                "advice": advice_to_dict(group.advice, ruleset),
            }
            for group in board_advice.groups
        ],
    }


def profile_schema_text() -> str:
    """Return the committed form of the schema: pretty, sorted keys, one final newline."""
    return json.dumps(profile_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # python -m pathways.api.profile > pathways/schema/profile.schema.json
    print(profile_schema_text(), end="")
