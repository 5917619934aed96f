"""A corpus of malformed rule files: each is refused in Dutch and leaves the draft as it was.

Every file is derived from the shipped rule set with one thing broken (a wrong type, a missing
key, a bad date, an unknown fact, an alias, a huge file...), uploaded through the admin's
import page like a rule editor would.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pathways.adapters import draft_to_dict
from pathways.engine.jsonvalues import json_value
from pathways.engine.loader import content_hash
from pathways.models import Condition, Parameter, Route
from pathways.rulefile import MAX_RULE_FILE_BYTES

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
SHIPPED = {
    **yaml.safe_load((FIXTURES / "ruleset.yaml").read_text("utf-8")),
    "test_cases": yaml.safe_load((FIXTURES / "rule_test_cases.yaml").read_text("utf-8"))[
        "test_cases"
    ][:1],
}


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:
        return True


class _FastDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    ignore_aliases = _Dumper.ignore_aliases


def _dump(data: Any) -> bytes:
    """Return ``data`` as YAML; libyaml's emitter, or Python's for text libyaml can't encode."""
    data = json_value(data)
    try:
        text = yaml.dump(data, Dumper=_FastDumper, allow_unicode=True, sort_keys=False)
    except UnicodeEncodeError:  # a lone surrogate: Python's emitter writes it as an escape
        text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False)
    return text.encode()


def _route(data: dict, code: str = "maatwerkafdeling") -> dict:
    return next(r for r in data["routes"] if r["code"] == code)


def _condition(data: dict) -> dict:
    return _route(data)["conditions"][0]


def _numeric_condition(data: dict) -> dict:
    return next(c for c in _route(data)["conditions"] if c.get("parameter"))


def _broken(change: Callable[[dict], Any]) -> Callable[[], bytes]:
    """Return a maker of the shipped rule set with ``change`` applied."""

    def make() -> bytes:
        data = copy.deepcopy(SHIPPED)
        change(data)
        return _dump(data)

    return make


def _set(path: Callable[[dict], dict], key: str, value: Any) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        path(data)[key] = value

    return change


def _drop(path: Callable[[dict], dict], key: str) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        path(data).pop(key, None)

    return change


def _raw(text: str | bytes) -> Callable[[], bytes]:
    return lambda: text if isinstance(text, bytes) else text.encode("utf-8")


def _shipped_text() -> str:
    return _dump(SHIPPED).decode()


def _replace_in_shipped(old: str, new: str) -> Callable[[], bytes]:
    def make() -> bytes:
        text = _shipped_text()
        assert old in text, old
        return text.replace(old, new, 1).encode("utf-8")

    return make


ROUTE = _route
PARAM = lambda d: d["parameters"][0]  # noqa: E731
VALUE = lambda d: d["parameters"][0]["values"][0]  # noqa: E731
CONTACT = lambda d: d["contacts"][0]  # noqa: E731
TERM = lambda d: d["glossary"][0]  # noqa: E731
CASE = lambda d: d["test_cases"][0]  # noqa: E731
LINK = lambda d: _route(d)["sources"][0]  # noqa: E731

BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)

CORPUS: dict[str, Callable[[], bytes]] = {
    # The file itself
    "empty file": _raw(""),
    "only null": _raw("null\n"),
    "a list at the top": _raw("- format: 1\n"),
    "a bare text": _raw("regels\n"),
    "bad indentation": _raw("format: 1\nroutes:\n  - code: a\n     title: b\n"),
    "an unclosed quote": _raw('format: 1\nroutes:\n  - code: "a\n'),
    "tabs for indentation": _raw("format: 1\nroutes:\n\t- code: a\n"),
    "latin-1 bytes": _raw("format: 1\nglossary:\n  - term: café\n".encode("latin-1")),
    "utf-16 text": _raw("format: 1\n".encode("utf-16")),
    "a NUL byte": _raw(b"format: 1\x00\n"),
    "an alias bomb": _raw(BILLION_LAUGHS),
    "a merge key with an alias": _raw("base: &b {title: x}\nroutes:\n  - <<: *b\n    code: a\n"),
    "an anchor alone": _raw("format: &f 1\n"),
    "an anchored route": _replace_in_shipped("- code: maatwerkafdeling", "- &m code: m"),
    "just over the size limit": lambda: (
        _shipped_text() + "#" * (MAX_RULE_FILE_BYTES - len(_shipped_text()) + 10)
    ).encode(),
    "a 5 MB file": lambda: (_shipped_text() + ("# opvulling\n" * 500_000)).encode(),
    "nesting 1000 deep": _raw("format: 1\nmeta: " + "[" * 1000 + "]" * 1000 + "\n"),
    "a python object tag": _raw("format: !!python/object/apply:os.system ['true']\n"),
    "two documents": _raw("format: 1\n---\nformat: 1\n"),
    "a binary title": _broken(_set(ROUTE, "title", b"hallo")),
    "a set of successors": _raw(
        "format: 1\nroutes:\n  - code: a\n    successors: !!set {b: null}\n"
    ),
    # The top level
    "format 2": _broken(_set(lambda d: d, "format", 2)),
    "format as text": _broken(_set(lambda d: d, "format", "1")),
    "an unknown top-level key": _broken(_set(lambda d: d, "regels", [])),
    "parameters as text": _broken(_set(lambda d: d, "parameters", "drempels")),
    "parameters as a mapping": _broken(_set(lambda d: d, "parameters", {"a": 1})),
    "routes as a number": _broken(_set(lambda d: d, "routes", 42)),
    "routes as texts": _broken(_set(lambda d: d, "routes", ["maatwerkafdeling"])),
    "meta as a list": _broken(_set(lambda d: d, "meta", [1, 2])),
    # Routes
    "a route without code": _broken(_drop(ROUTE, "code")),
    "a route code as a number": _broken(_set(ROUTE, "code", 17)),
    "a route code as a list": _broken(_set(ROUTE, "code", ["a", "b"])),
    "a route code with spaces": _broken(_set(ROUTE, "code", "maatwerk afdeling")),
    "a duplicate route code": _broken(
        lambda d: d["routes"].append(copy.deepcopy(_route(d))),
    ),
    "a route without title": _broken(_drop(ROUTE, "title")),
    "a route title of 300 characters": _broken(_set(ROUTE, "title", "T" * 300)),
    "an unknown route kind": _broken(_set(ROUTE, "kind", "werkgever")),
    "an unknown route scope": _broken(_set(ROUTE, "scope", "gemeente")),
    "a route order in words": _broken(_set(ROUTE, "order", "tien")),
    "a negative route order": _broken(_set(ROUTE, "order", -1)),
    "a route order of 10^30": _broken(_set(ROUTE, "order", 10**30)),
    "month 13": _broken(_set(ROUTE, "valid_from", "2024-13-45")),
    "a date in words": _broken(_set(ROUTE, "valid_from", "gisteren")),
    "closed before it starts": _broken(
        lambda d: ROUTE(d).update(valid_from="2024-01-01", closed_to_new_from="2020-01-01")
    ),
    "ending before it starts": _broken(
        lambda d: ROUTE(d).update(valid_from="2024-01-01", valid_to="2020-01-01")
    ),
    "an unknown successor": _broken(_set(ROUTE, "successors", ["bestaat_niet"])),
    "successors as text": _broken(_set(ROUTE, "successors", "individueel_maatwerk")),
    "an unknown contact": _broken(_set(ROUTE, "contacts", ["onbekend"])),
    "a link without title": _broken(_drop(LINK, "title")),
    "links as a mapping": _broken(_set(ROUTE, "sources", {"title": "x"})),
    "a NUL in a title": _broken(_set(ROUTE, "title", "Maatwerk\x00afdeling")),
    "a broken character in a summary": _broken(_set(ROUTE, "summary", "kapot \ud800 teken")),
    "a number as a key": _broken(lambda d: ROUTE(d).update({1: "een"})),
    # Conditions
    "conditions as a mapping": _broken(_set(ROUTE, "conditions", {"fact": "facility_fte"})),
    "an unknown fact": _broken(_set(_condition, "fact", "aantal_katten")),
    "an unknown operator": _broken(_set(_condition, "operator", "ongeveer")),
    "an operator that does not fit": _broken(
        lambda d: _numeric_condition(d).update(operator="is_true")
    ),
    "a text where a number belongs": _broken(
        lambda d: _numeric_condition(d).update(parameter=None, value="veel")
    ),
    "a value that is not a number (NaN)": _broken(
        lambda d: _numeric_condition(d).update(parameter=None, value=float("nan"))
    ),
    "an infinite value": _broken(
        lambda d: _numeric_condition(d).update(parameter=None, value=float("inf"))
    ),
    "a value and a parameter": _broken(lambda d: _numeric_condition(d).update(value=5)),
    "an unknown parameter": _broken(_set(_numeric_condition, "parameter", "bestaat_niet")),
    "a condition without text_met": _broken(_drop(_condition, "text_met")),
    "a condition text as a list": _broken(_set(_condition, "text_met", ["a", "b"])),
    "an unknown confidence": _broken(_set(_condition, "confidence", "X")),
    "a value as a mapping": _broken(
        lambda d: _numeric_condition(d).update(parameter=None, value={"min": 5})
    ),
    "a source that is not a web address": _broken(_set(_condition, "source", "geen adres")),
    "required as text": _broken(_set(_condition, "required", "misschien")),
    # Parameters
    "a parameter without values": _broken(_set(PARAM, "values", [])),
    "two values on the same day": _broken(
        lambda d: PARAM(d)["values"].append(copy.deepcopy(VALUE(d)))
    ),
    "values as text": _broken(_set(PARAM, "values", "vijf")),
    "a value entry as text": _broken(_set(PARAM, "values", ["vijf"])),
    "a value entry without value": _broken(_drop(VALUE, "value")),
    "a value with a bad start date": _broken(_set(VALUE, "valid_from", "2024-02-30")),
    "a duplicate parameter code": _broken(
        lambda d: d["parameters"].append(copy.deepcopy(PARAM(d)))
    ),
    "a parameter code with spaces": _broken(_set(PARAM, "code", "min fte")),
    "a parameter label of 500 characters": _broken(_set(PARAM, "label", "L" * 500)),
    "verified as text": _broken(_set(VALUE, "verified", "ja hoor")),
    # Contacts and glossary
    "a contact without name": _broken(_drop(CONTACT, "name")),
    "a duplicate contact": _broken(lambda d: d["contacts"].append(copy.deepcopy(CONTACT(d)))),
    "a contact website that is not an address": _broken(_set(CONTACT, "url", "niet://  x")),
    "a contact as text": _broken(lambda d: d["contacts"].append("Herwin")),
    "a phone number as a number": _broken(_set(CONTACT, "phone", 92345678)),
    "a glossary entry without definition": _broken(_drop(TERM, "definition")),
    "a glossary term of 150 characters": _broken(_set(TERM, "term", "t" * 150)),
    # Test cases
    "a test case with a bad date": _broken(_set(CASE, "date", "31-12-2026")),
    "a test case expecting an unknown route": _broken(
        lambda d: CASE(d)["expected"].update({"bestaat_niet": "recommended"})
    ),
    "a test case expecting an unknown status": _broken(
        lambda d: CASE(d)["expected"].update({"maatwerkafdeling": "misschien"})
    ),
    "a test case profile as a list": _broken(_set(CASE, "profile", ["a"])),
    "a test case as text": _broken(lambda d: d["test_cases"].append("geval")),
    "a test case status as a number": _broken(
        lambda d: CASE(d)["expected"].update({"maatwerkafdeling": 3})
    ),
}

# Words that give away an English (or Python) message; the location before ": " is left out,
# because it names the file's own (English) keys.
ENGLISH = re.compile(
    r"\b(the|must|expected|should|field|object|error|invalid|while|found|could|cannot|"
    r"traceback|none|not a|unhashable|keyerror|typeerror|this value|ensure|enter a valid)\b",
    re.IGNORECASE,
)


def _message(problem: str) -> str:
    location, sep, message = problem.partition(": ")
    return message if sep and " " not in location else problem


def test_the_corpus_has_at_least_sixty_malformed_files():
    assert len(CORPUS) >= 60


def test_every_malformed_rule_file_gets_dutch_problems_and_leaves_the_draft_unchanged(
    editor_client, published
):
    # One test for the whole corpus: the shipped rules are loaded once, not once per file.
    before = content_hash(draft_to_dict())
    route_ids = dict(Route.objects.values_list("code", "pk"))
    counts = (Condition.objects.count(), Parameter.objects.count())
    wrong = []
    for name, make in CORPUS.items():
        upload = SimpleUploadedFile("regels.yaml", make(), content_type="application/yaml")
        response = editor_client.post(reverse("admin:pathways_import"), {"file": upload})
        if response.status_code != 200:
            wrong.append(f"{name}: status {response.status_code}")
            continue
        form_errors = [e for errors in response.context["form"].errors.values() for e in errors]
        problems = [*response.context["problems"], *form_errors]
        if not problems:
            wrong.append(f"{name}: accepted")
        wrong.extend(f"{name}: {p}" for p in problems if ENGLISH.search(_message(p)))
        if content_hash(draft_to_dict()) != before:
            wrong.append(f"{name}: the draft changed")
    assert wrong == []
    assert dict(Route.objects.values_list("code", "pk")) == route_ids
    assert (Condition.objects.count(), Parameter.objects.count()) == counts
