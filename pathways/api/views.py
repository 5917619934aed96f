"""The JSON API: ``POST /api/v1/advice`` and its OpenAPI 3.1 document.

The API only computes: it takes a school profile or a board file, evaluates it with the
published rules and returns the advice as JSON. It stores nothing and reads no session or
cookie, so it is exempt from CSRF protection.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from pathways import services
from pathways.api.profile import (
    ROOT,
    ParsedProfile,
    advice_to_dict,
    board_advice_to_dict,
    parse_json,
    parse_profile,
    profile_json_schema,
)
from pathways.engine.types import Operator, Outcome, RouteKind, RuleSet, Scope, Status
from pathways.engine.validate import Problem

MAX_BODY_BYTES = 256 * 1024
API_VERSION = "1.0.0"

MSG_TOO_LARGE = "de inhoud is groter dan {limit} KB"
MSG_METHOD = "gebruik {method}"
MSG_NO_RULES = "er is nog geen regelset gepubliceerd"
MSG_INTERNAL = "interne fout bij het berekenen van het advies; probeer later opnieuw"

logger = logging.getLogger(__name__)


def advice_for(parsed: ParsedProfile, *, on: dt.date | None, ruleset: RuleSet) -> dict[str, Any]:
    """Evaluate a parsed profile with ``ruleset`` on ``on`` and return the advice JSON.

    The CLI (``manage.py advise``) uses this too, so both give the same output.
    """
    if parsed.kind == "school":
        advice = services.advise(parsed.school.facts, on=on, ruleset=ruleset)
        return advice_to_dict(advice, ruleset)
    board = parsed.board
    board_advice = services.advise_board(
        [(school.name, school.facts) for school in board.schools],
        board.facts,
        on=on,
        ruleset=ruleset,
    )
    return board_advice_to_dict(board_advice, ruleset)


def _errors(status: int, problems: list[Problem], **headers: str) -> JsonResponse:
    body = {"errors": [{"field": p.field, "message": p.message} for p in problems]}
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    for name, value in headers.items():
        response[name] = value
    return response


def _method_not_allowed(allowed: str) -> JsonResponse:
    problem = Problem(ROOT, MSG_METHOD.format(method=allowed))
    return _errors(405, [problem], Allow=allowed)


def _read_body(request: HttpRequest) -> bytes | None:
    """Return the body, or None when it is larger than ``MAX_BODY_BYTES``."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY_BYTES:
        return None
    try:
        body = request.body
    except RequestDataTooBig:
        return None
    return None if len(body) > MAX_BODY_BYTES else body


@csrf_exempt
def advice(request: HttpRequest) -> JsonResponse:
    """Return the advice for the school profile or board file in the JSON body.

    400 for a body that is not JSON, 413 for a body over 256 KB, 422 with every problem for an
    invalid profile or date, 503 while no rule set is published.
    """
    if request.method != "POST":
        return _method_not_allowed("POST")
    body = _read_body(request)
    if body is None:
        return _errors(413, [Problem(ROOT, MSG_TOO_LARGE.format(limit=MAX_BODY_BYTES // 1024))])
    data, problem = parse_json(body)
    if problem:
        return _errors(400, [Problem(ROOT, problem)])
    _kind, parsed, problems = parse_profile(data, allow_date=True)
    if problems:
        return _errors(422, problems)
    try:
        ruleset = services.current_ruleset()
    except services.NoPublishedRules:
        return _errors(503, [Problem(ROOT, MSG_NO_RULES)])
    try:
        result = advice_for(parsed, on=parsed.date, ruleset=ruleset)
        return JsonResponse(result, json_dumps_params={"ensure_ascii": False})
    except Exception:
        # A fault of ours, not of the input: log it and still answer in JSON, not an HTML page.
        logger.exception("advice API failed on a valid profile")
        return _errors(500, [Problem(ROOT, MSG_INTERNAL)])


def openapi(request: HttpRequest) -> JsonResponse:
    """Serve the OpenAPI 3.1 document of this API."""
    if request.method not in ("GET", "HEAD"):
        return _method_not_allowed("GET")
    return JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})


# --- OpenAPI document -------------------------------------------------------------------------


def _enum(values) -> dict[str, Any]:
    return {"type": "string", "enum": [v.value for v in values]}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


STRING = {"type": "string"}
NUMBER = {"type": "number"}
BOOLEAN = {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
ANY_VALUE = {"description": "Een getal, ja/nee, tekst, datum (JJJJ-MM-DD), lijst of null."}


def _schemas() -> dict[str, Any]:
    gap = _object(
        {
            "fact": STRING,
            "unit": STRING,
            "answer": NUMBER,
            "threshold": NUMBER,
            "shortfall": NUMBER,
            "direction": {"type": "string", "enum": ["below_minimum", "above_maximum"]},
            "text": STRING,
        }
    )
    missing = _object({"fact": STRING, "label": STRING, "step": STRING})
    condition = _object(
        {
            "fact": STRING,
            "label": STRING,
            "operator": _enum(Operator),
            "required": BOOLEAN,
            "outcome": _enum(Outcome),
            "answer": ANY_VALUE,
            "answer_display": STRING,
            "threshold": ANY_VALUE,
            "threshold_display": STRING,
            "parameter": STRING,
            "parameter_valid_from": NULLABLE_DATE,
            "parameter_verified": BOOLEAN,
            "reason": STRING,
            "gap_hint": STRING,
            "source": STRING,
            "confidence": {"type": "string", "enum": ["H", "M", "L", ""]},
        }
    )
    route = _object(
        {
            "code": STRING,
            "title": STRING,
            "kind": _enum(RouteKind),
            "scope": _enum(Scope),
            "status": _enum(Status),
            "status_reason": STRING,
            "summary": STRING,
            "successors": {"type": "array", "items": STRING},
            "in_use": BOOLEAN,
            "continuation": STRING,
            "gaps": {"type": "array", "items": {"$ref": "#/components/schemas/Gap"}},
            "missing": {"type": "array", "items": {"$ref": "#/components/schemas/Missing"}},
            "conditions": {"type": "array", "items": {"$ref": "#/components/schemas/Condition"}},
        }
    )
    ruleset = _object({"identifier": STRING, "label": STRING})
    advice = _object(
        {
            "date": DATE,
            "ruleset": {"$ref": "#/components/schemas/RuleSet"},
            "routes": {"type": "array", "items": {"$ref": "#/components/schemas/Route"}},
            "facts": {
                "type": "object",
                "description": "De antwoorden plus de afgeleide gegevens die gebruikt zijn.",
                "additionalProperties": ANY_VALUE,
            },
        }
    )
    board_advice = _object(
        {
            "date": DATE,
            "ruleset": {"$ref": "#/components/schemas/RuleSet"},
            "schools": {
                "type": "array",
                "items": _object(
                    {"name": STRING, "advice": {"$ref": "#/components/schemas/Advice"}}
                ),
            },
            "pooled": {
                "$ref": "#/components/schemas/Advice",
                "description": "Het advies voor alle scholen van het bestuur samen.",
            },
        }
    )
    errors = _object(
        {
            "errors": {
                "type": "array",
                "minItems": 1,
                "items": _object(
                    {
                        "field": {
                            "type": "string",
                            "description": "Pad in de invoer, bv. facts.hours_cleaning, "
                            "schools[1].facts.postcode of (root).",
                        },
                        "message": STRING,
                    }
                ),
            }
        }
    )
    return {
        "Profile": profile_json_schema(with_date=True),
        "Advice": advice,
        "BoardAdvice": board_advice,
        "Route": route,
        "Condition": condition,
        "Gap": gap,
        "Missing": missing,
        "RuleSet": ruleset,
        "Errors": errors,
    }


def _error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}},
    }


def openapi_document() -> dict[str, Any]:
    """Return the OpenAPI 3.1 document (the request schema comes from the fact registry)."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Sociale economie voor schoolgebouwen: advies-API",
            "version": API_VERSION,
            "description": (
                "Berekent voor een school of een schoolbestuur welke trajecten van de sociale "
                "economie passen, met de gepubliceerde regels. De API bewaart niets."
            ),
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "paths": {
            reverse("api:advice"): {
                "post": {
                    "operationId": "advise",
                    "summary": "Advies voor een schoolprofiel of een bestuursbestand",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Profile"}}
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "Het advies: per school, of per school en samen "
                            "voor een bestuur.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "oneOf": [
                                            {"$ref": "#/components/schemas/Advice"},
                                            {"$ref": "#/components/schemas/BoardAdvice"},
                                        ]
                                    }
                                }
                            },
                        },
                        "400": _error_response("De inhoud is geen geldige JSON."),
                        "405": _error_response("Alleen POST is toegestaan."),
                        "413": _error_response(
                            f"De inhoud is groter dan {MAX_BODY_BYTES // 1024} KB."
                        ),
                        "422": _error_response("Het profiel is ongeldig; elk probleem staat erin."),
                        "503": _error_response("Er is nog geen regelset gepubliceerd."),
                    },
                }
            },
            reverse("api:openapi"): {
                "get": {
                    "operationId": "openapi",
                    "summary": "Dit OpenAPI-document",
                    "responses": {
                        "200": {
                            "description": "Het OpenAPI 3.1-document.",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
        },
        "components": {"schemas": _schemas()},
    }
