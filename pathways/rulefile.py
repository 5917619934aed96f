"""Reading an uploaded rule file safely, before the loader looks at its content.

A rule file comes from outside (the admin's upload, ``manage.py import_rules``), so this module
bounds what parsing it may cost and checks the shape of every value the loader and the
database will rely on:

- ``parse_rule_file(raw)``: refuse files over ``MAX_RULE_FILE_BYTES``, text that is not UTF-8,
  invalid YAML, YAML anchors and aliases (``&name``/``*name``: a few hundred bytes of aliases
  can expand to gigabytes) and nesting deeper than ``MAX_DEPTH``; return the mapping.
- ``shape_problems(data)``: every known key holds the kind of value the format says (text, a
  whole number, a date, a list of mappings...), texts contain no NUL or broken characters and
  numbers are finite. The loader's ``validate_ruleset_dict`` then checks the meaning.

Every problem is a Dutch sentence naming its place in the file, like the loader's.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

import yaml
from django.utils.translation import gettext

from pathways import yamlfile
from pathways.engine.numbers import read_number

MAX_RULE_FILE_BYTES = 1_000_000  # the shipped rule set is about 125 kB
MAX_DEPTH = 20  # the format nests 6 levels deep

# --- Parsing --------------------------------------------------------------------------------


class _AliasFound(yaml.YAMLError):
    def __init__(self, mark):
        super().__init__("alias or anchor")
        self.mark = mark


class _TooDeep(yaml.YAMLError):
    def __init__(self, mark):
        super().__init__("too deep")
        self.mark = mark


def _refuse_aliases_and_depth(text: str) -> None:
    """Walk the file's YAML events; raise ``_AliasFound`` or ``_TooDeep`` where they occur.

    Runs on the event stream, before anything is built, so an alias bomb costs no more than
    reading its few hundred bytes. Raises ``yaml.MarkedYAMLError`` for text that is not YAML.
    """
    depth = 0
    for event in yaml.parse(text, Loader=yamlfile.SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _AliasFound(event.start_mark)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _TooDeep(event.start_mark)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


class _RuleFileLoader(yamlfile.SafeLoader):
    """The safe YAML loader (libyaml's where installed) that reads numbers the Belgian way.

    Numbers with thousands dots (``30.000``) are read as people mean them. Anchors, aliases and
    deep nesting are refused before this loader runs (``_refuse_aliases_and_depth``).
    """


# A YAML float that a Belgian reads as a whole number with thousands dots: 30.000, 1.250.000.
BELGIAN_GROUPED = re.compile(r"-?[1-9][0-9]{0,2}(\.[0-9]{3})+")


def _construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode):
    text = loader.construct_scalar(node)
    if BELGIAN_GROUPED.fullmatch(text.replace("_", "")):
        number, _problem = read_number(text)
        if number is not None:
            return number
    return loader.construct_yaml_float(node)


_RuleFileLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)


def _line(mark) -> int:
    return (mark.line + 1) if mark is not None else 0


def size_problems(size: int) -> list[str]:
    """Return the problem of a rule file of ``size`` bytes: none, or that it is too big."""
    if size <= MAX_RULE_FILE_BYTES:
        return []
    return [
        gettext(
            "Het bestand is te groot (%(size)s kB); een regelbestand mag hoogstens "
            "%(limit)s kB zijn."
        )
        % {"size": math.ceil(size / 1000), "limit": MAX_RULE_FILE_BYTES // 1000}
    ]


def parse_rule_file(raw: bytes | str, *, require_mapping: bool = True) -> tuple[Any, list[str]]:
    """Return ``(data, problems)`` for the text of a rule file; data is None on a problem.

    With ``require_mapping`` (the default) anything but a YAML mapping is a problem.
    """
    problems = size_problems(len(raw.encode("utf-8") if isinstance(raw, str) else raw))
    if problems:
        return None, problems
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return None, [gettext("Het bestand is geen UTF-8-tekst.")]
    else:
        text = raw
    try:
        _refuse_aliases_and_depth(text)
        data = yaml.load(text, Loader=_RuleFileLoader)  # noqa: S506 - a safe loader subclass
    except _AliasFound as exc:
        return None, [
            gettext(
                "Regel %(line)s: YAML-ankers en -verwijzingen (&naam en *naam) zijn niet "
                "toegestaan in een regelbestand; schrijf elke waarde voluit."
            )
            % {"line": _line(exc.mark)}
        ]
    except _TooDeep as exc:
        return None, [
            gettext("Regel %(line)s: het bestand is dieper genest dan een regelset ooit is.")
            % {"line": _line(exc.mark)}
        ]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return None, [
            gettext(
                "Geen geldige YAML (regel %(line)s, kolom %(column)s): controleer de "
                "inspringing, de dubbelpunten en de aanhalingstekens."
            )
            % {"line": _line(mark), "column": (mark.column + 1) if mark else 0}
        ]
    except (yaml.YAMLError, ValueError, RecursionError):
        return None, [gettext("Geen geldige YAML: het bestand kan niet gelezen worden.")]
    if require_mapping and not isinstance(data, dict):
        return None, [gettext("Het bestand moet een regelset bevatten (een YAML-mapping).")]
    return data, []


# --- Shape ----------------------------------------------------------------------------------

Check = Callable[[Any], bool]


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _yes_no(value: Any) -> bool:
    return isinstance(value, bool)


def _date(value: Any) -> bool:
    return isinstance(value, str | dt.date)


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool | dt.date)


def _value(value: Any) -> bool:
    return _scalar(value) or (isinstance(value, list) and all(_scalar(v) for v in value))


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(_text(v) for v in value)


def _mapping(value: Any) -> bool:
    return isinstance(value, dict)


def _kind_name(check: Check) -> str:
    return {
        _text: gettext("tekst"),
        _whole: gettext("een geheel getal"),
        _yes_no: gettext("true of false"),
        _date: gettext("een datum (JJJJ-MM-DD)"),
        _scalar: gettext("één waarde"),
        _value: gettext("een waarde of een lijst van waarden"),
        _texts: gettext("een lijst van teksten"),
        _mapping: gettext("een mapping (sleutels met waarden)"),
    }[check]


LINK = {"title": _text, "url": _text, "note": _text}
CONDITION = {
    "fact": _text,
    "operator": _text,
    "parameter": _text,
    "value": _value,
    "required": _yes_no,
    "text_met": _text,
    "text_not_met": _text,
    "text_unknown": _text,
    "gap_hint": _text,
    "source": _text,
    "confidence": _text,
}
PARAMETER_VALUE = {
    "valid_from": _date,
    "value": _value,
    "source": _text,
    "confidence": _text,
    "verified": _yes_no,
    "note": _text,
}
# Known keys of each list entry; a nested dict describes a list of mappings.
ENTRIES: dict[str, dict[str, Any]] = {
    "parameters": {"code": _text, "label": _text, "unit": _text, "values": PARAMETER_VALUE},
    "contacts": {
        "code": _text,
        "name": _text,
        "description": _text,
        "email": _text,
        "phone": _text,
        "url": _text,
    },
    "glossary": {"term": _text, "definition": _text, "url": _text},
    "test_cases": {
        "name": _text,
        "date": _date,
        "profile": _mapping,
        "expected": _mapping,
        "note": _text,
    },
    "routes": {
        "code": _text,
        "title": _text,
        "summary": _text,
        "kind": _text,
        "scope": _text,
        "order": _whole,
        "valid_from": _date,
        "closed_to_new_from": _date,
        "valid_to": _date,
        "successors": _texts,
        "continuation": _text,
        "attention_points": _texts,
        "next_steps": _texts,
        "contacts": _texts,
        "resources": LINK,
        "legal_references": LINK,
        "sources": LINK,
        "conditions": CONDITION,
    },
}


def _bad_leaves(value: Any, where: str, problems: list[str]) -> None:
    """Refuse texts the database cannot store and numbers that are not finite, anywhere."""
    if isinstance(value, str):
        if "\x00" in value:
            problems.append(f"{where}: " + gettext("de tekst bevat een NUL-teken"))
        else:
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                problems.append(f"{where}: " + gettext("de tekst bevat een ongeldig teken"))
    elif isinstance(value, float) and not math.isfinite(value):
        problems.append(
            f"{where}: " + gettext("verwacht een eindig getal, niet %(value)s") % {"value": value}
        )
    elif isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                message = gettext("sleutels moeten tekst zijn, niet %(key)s") % {"key": repr(key)}
                problems.append(f"{where}: {message}")
                continue
            _bad_leaves(key, f"{where}.{key}", problems)
            _bad_leaves(item, f"{where}.{key}", problems)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _bad_leaves(item, f"{where}[{i}]", problems)
    elif not isinstance(value, int | float | bool | dt.date | type(None)):
        problems.append(
            f"{where}: "
            + gettext("dit soort waarde (%(kind)s) hoort niet in een regelbestand")
            % {"kind": type(value).__name__}
        )


def _check_entries(items: Any, spec: dict[str, Any], where: str, problems: list[str]) -> None:
    if items is None:
        return
    if not isinstance(items, list):
        problems.append(f"{where}: " + gettext("verwacht een lijst van mappings"))
        return
    for i, entry in enumerate(items):
        ewhere = f"{where}[{i}]"
        if not isinstance(entry, dict):
            problems.append(f"{ewhere}: " + gettext("verwacht een mapping (sleutels met waarden)"))
            continue
        for key, check in spec.items():
            value = entry.get(key)
            if value is None:
                continue
            if isinstance(check, dict):
                _check_entries(value, check, f"{ewhere}.{key}", problems)
            elif not check(value):
                problems.append(
                    f"{ewhere}.{key}: "
                    + gettext("verwacht %(kind)s, niet %(value)s")
                    % {"kind": _kind_name(check), "value": _short(value)}
                )


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def shape_problems(data: dict[str, Any]) -> list[str]:
    """Return every value in ``data`` whose kind does not fit the rule-file format."""
    problems: list[str] = []
    _bad_leaves(data, "", problems)
    problems = [p.lstrip(".") for p in problems]
    if problems:
        return problems
    if "format" in data and not _whole(data["format"]):
        problems.append(
            "format: "
            + gettext("verwacht een geheel getal, niet %(value)s")
            % {"value": _short(data["format"])}
        )
    if data.get("meta") is not None and not _mapping(data["meta"]):
        problems.append("meta: " + gettext("verwacht een mapping (sleutels met waarden)"))
    for key, spec in ENTRIES.items():
        _check_entries(data.get(key), spec, key, problems)
    for i, case in enumerate(data.get("test_cases") or []):
        if isinstance(case, dict) and isinstance(case.get("expected"), dict):
            for route, status in case["expected"].items():
                if not _text(status):
                    problems.append(
                        f"test_cases[{i}].expected.{route}: "
                        + gettext("verwacht %(kind)s, niet %(value)s")
                        % {"kind": _kind_name(_text), "value": _short(status)}
                    )
        if isinstance(case, dict) and isinstance(case.get("profile"), dict):
            for fact, answer in case["profile"].items():
                if answer is not None and not _value(answer):
                    problems.append(
                        f"test_cases[{i}].profile.{fact}: "
                        + gettext("verwacht %(kind)s, niet %(value)s")
                        % {"kind": _kind_name(_value), "value": _short(answer)}
                    )
    return problems
