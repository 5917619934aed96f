"""Rule maintenance operations behind the admin pages and commands.

Checking and publishing the draft, rolling back to an earlier version, and the YAML rule file
(export and import). Views and commands stay thin and call these.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from pathways import yamlfile
from pathways.engine.loader import (
    RuleSetError,
    content_hash,
    ruleset_from_dict,
    validate_ruleset_dict,
)
from pathways.engine.numbers import read_number
from pathways.engine.rulefile import type_rule_values
from pathways.engine.types import RuleSet

from .adapters import draft_to_dict, json_safe, replace_draft, ruleset_for_version
from .impact import SchoolImpact, impact_preview
from .models import DRAFT_MODELS, Condition, RuleSetVersion
from .services import current_version, publish_data, today
from .testcases import CaseResult, failed, run_test_cases


class PublishRefused(Exception):
    """The draft cannot be published: it is invalid or a test case fails."""

    def __init__(self, problems: list[str], failures: list[CaseResult] | None = None):
        super().__init__("; ".join(problems))
        self.problems = problems
        self.failures = failures or []


class RuleFileError(Exception):
    """A rule file that cannot be imported; ``problems`` says every reason."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class DraftCheck:
    """Everything the publish page shows about the draft."""

    data: dict[str, Any]
    problems: list[str]
    results: list[CaseResult] = field(default_factory=list)
    current: RuleSetVersion | None = None
    ruleset: RuleSet | None = None

    @property
    def failures(self) -> list[CaseResult]:
        return failed(self.results)

    @property
    def has_changes(self) -> bool:
        """Whether the draft differs from the current published version."""
        return self.current is None or content_hash(self.data) != self.current.content_hash

    @property
    def publishable(self) -> bool:
        return not self.problems and not self.failures


def check_draft() -> DraftCheck:
    """Validate the draft and run its test cases against it."""
    data = draft_to_dict()
    check = DraftCheck(data=data, problems=validate_ruleset_dict(data), current=current_version())
    if not check.problems:
        check.ruleset = ruleset_from_dict(data)
        check.results = run_test_cases(check.ruleset, data.get("test_cases") or [])
    return check


def draft_has_changes() -> bool:
    """Whether the draft has changes that are not published (one query per table)."""
    current = current_version()
    return current is None or content_hash(draft_to_dict()) != current.content_hash


def draft_impact(
    check: DraftCheck,
    *,
    profiles: Iterable[tuple[Any, Mapping[str, Any]]],
    on: dt.date | None = None,
) -> list[SchoolImpact]:
    """Return the schools whose advice the draft would change (empty without a valid draft).

    ``profiles`` are the ``(school, facts)`` pairs to compare, e.g. every school's latest
    submission (``schools.services.submitted_profiles``, fetched by the admin page).
    """
    if check.ruleset is None or check.current is None:
        return []
    return impact_preview(
        draft=check.ruleset,
        published=ruleset_for_version(check.current),
        on=on or today(),
        profiles=profiles,
    )


@transaction.atomic
def publish_checked(*, user=None, note: str) -> RuleSetVersion:
    """Publish the draft as a new version; raise ``PublishRefused`` if invalid or a case fails."""
    note = (note or "").strip()
    if not note:
        raise PublishRefused([gettext("Een wijzigingsnota is verplicht.")])
    check = check_draft()
    if check.problems:
        raise PublishRefused(check.problems)
    if check.failures:
        raise PublishRefused(
            [gettext("%(count)s testgeval(len) falen.") % {"count": len(check.failures)}],
            check.failures,
        )
    return publish_data(check.data, user=user, note=note)


@transaction.atomic
def rollback_to(version: RuleSetVersion, *, user=None, note: str = "") -> RuleSetVersion:
    """Republish ``version``'s data as a new current version and load it into the draft."""
    note = (note or "").strip() or gettext("Teruggezet naar %(label)s") % {"label": version.label}
    replace_draft(version.data)
    return publish_data(version.data, user=user, note=note)


# --- The YAML rule file ---------------------------------------------------------------------


def export_data(version: RuleSetVersion | None = None) -> dict[str, Any]:
    """Return the rule-set dict of ``version`` (or of the draft) with a ``meta`` header."""
    if version is None:
        data = draft_to_dict()
        meta = {"source": "draft", "exported_at": dt.datetime.now(dt.UTC).isoformat()}
    else:
        data = dict(version.data)
        meta = {
            "source": f"version {version.number}",
            "version": version.number,
            "identifier": version.identifier,
            "note": version.note,
            "published_at": version.published_at.isoformat(),
        }
    body = {k: v for k, v in data.items() if k != "meta"}
    return {"meta": meta, **body}


class _ReadableDumper(yaml.SafeDumper):
    """Write repeated values out in full instead of as YAML anchors and aliases."""

    def ignore_aliases(self, data) -> bool:
        return True


def _represent_float(dumper: yaml.SafeDumper, value: float) -> yaml.ScalarNode:
    """Write a float so the rule-file reader reads it back the same.

    The reader takes ``30.000`` as thirty thousand, the Belgian way; a float such as 1.125 is
    therefore written ``1.1250``.
    """
    node = yaml.SafeDumper.represent_float(dumper, value)
    if _BELGIAN_GROUPED.fullmatch(node.value):
        node.value += "0"
    return node


_ReadableDumper.add_representer(float, _represent_float)

# A YAML float that a Belgian reads as a whole number with thousands dots: 30.000, 1.250.000.
_BELGIAN_GROUPED = re.compile(r"-?[1-9][0-9]{0,2}(\.[0-9]{3})+")


class _RuleFileLoader(yamlfile.SafeLoader):
    """Read a rule file; numbers with thousands dots (``30.000``) as people mean them."""


def _construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode):
    text = loader.construct_scalar(node)
    if _BELGIAN_GROUPED.fullmatch(text.replace("_", "")):
        number, _problem = read_number(text)
        if number is not None:
            return number
    return loader.construct_yaml_float(node)


_RuleFileLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)


def export_yaml(version: RuleSetVersion | None = None) -> str:
    """Return the rule set as readable YAML (keys in the loader's order, Unicode kept)."""
    return yaml.dump(
        json_safe(export_data(version)),
        Dumper=_ReadableDumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )


def export_filename(version: RuleSetVersion | None = None) -> str:
    return f"regels-v{version.number}.yaml" if version else "regels-ontwerp.yaml"


def parse_rule_yaml(text: str | bytes) -> Any:
    """Parse YAML as rule files are read (``30.000`` is thirty thousand); any shape.

    Raise ``RuleFileError`` with a Dutch message for text that is not UTF-8 or not YAML.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise RuleFileError([gettext("Het bestand is geen UTF-8-tekst.")]) from None
    try:
        return yaml.load(text, Loader=_RuleFileLoader)  # noqa: S506 (a safe loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = {"line": mark.line + 1, "column": mark.column + 1} if mark else None
        message = (
            gettext("Geen geldige YAML: fout op regel %(line)s, kolom %(column)s.") % where
            if where
            else gettext("Geen geldige YAML.")
        )
        raise RuleFileError([message]) from None
    except (yaml.YAMLError, ValueError, RecursionError):
        raise RuleFileError(
            [
                gettext(
                    "Geen geldige YAML: een datum of getal in het bestand kan niet gelezen worden."
                )
            ]
        ) from None


def load_yaml(text: str | bytes) -> dict[str, Any]:
    """Parse a rule file; raise ``RuleFileError`` when it is not a YAML mapping."""
    data = parse_rule_yaml(text)
    if not isinstance(data, dict):
        raise RuleFileError([gettext("Het bestand moet een regelset bevatten (een YAML-mapping).")])
    return data


def _row_problems() -> list[str]:
    """Run every draft row's model validation, as the admin forms do."""
    problems = []
    for model in DRAFT_MODELS:
        rows = model.objects.all()
        if model is Condition:
            rows = rows.select_related("route", "parameter")
        for row in rows:
            try:
                row.full_clean()
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    where = f"{model._meta.verbose_name} '{row}'"
                    if name != "__all__":
                        where += f" ({model._meta.get_field(name).verbose_name})"
                    problems.extend(f"{where}: {message}" for message in messages)
    return problems


def import_draft(data: dict[str, Any]) -> None:
    """Replace the draft with ``data``, validated like a manual edit; change nothing on error.

    Numbers and dates typed as text (``value: "30 000"``) are read first, by the fact they serve.
    """
    data, problems = type_rule_values(data)
    if problems:
        raise RuleFileError(problems)
    problems = validate_ruleset_dict(data)
    if problems:
        raise RuleFileError(problems)
    body = {k: v for k, v in data.items() if k != "meta"}
    try:
        with transaction.atomic():
            replace_draft(body)
            row_problems = _row_problems()
            if row_problems:
                raise RuleFileError(row_problems)
    except RuleSetError as exc:
        raise RuleFileError(exc.problems) from None
