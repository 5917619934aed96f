"""Rule maintenance operations behind the admin pages and commands.

Checking and publishing the draft, rolling back to an earlier version, and the YAML rule file
(export and import). Views and commands stay thin and call these.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext, gettext_noop

from pathways.engine.jsonvalues import json_value
from pathways.engine.loader import (
    RuleSetError,
    content_hash,
    ruleset_from_dict,
    validate_ruleset_dict,
)
from pathways.engine.rulefile import type_rule_values
from pathways.engine.types import RuleSet
from pathways.engine.validate import ProblemsError

from .adapters import draft_to_dict, replace_draft, ruleset_for_version
from .impact import SchoolImpact, impact_preview
from .models import DRAFT_MODELS, Condition, RuleSetVersion
from .presentation import display_datetime
from .rulefile import BELGIAN_GROUPED, parse_rule_file, shape_problems
from .services import current_version, publish_data, today
from .testcases import CaseResult, failed, run_test_cases

logger = logging.getLogger(__name__)


class PublishRefused(ProblemsError):
    """The draft cannot be published: it is invalid or a test case fails."""

    def __init__(self, problems: list[str], failures: list[CaseResult] | None = None):
        super().__init__(problems)
        self.failures = failures or []


class RuleFileError(ProblemsError):
    """A rule file that cannot be imported; ``problems`` says every reason."""


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
    def nothing_to_publish(self) -> str:
        """Say that there is nothing to publish and why; empty when the draft has changes."""
        return "" if self.has_changes else nothing_to_publish(self.current)

    @property
    def publishable(self) -> bool:
        """Whether the draft may be published: changed, valid and every test case passing."""
        return self.has_changes and not self.problems and not self.failures


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
    submission (``schools.services.submitted_profiles``, fetched by ``pathways.admin.tasks``).
    """
    if check.ruleset is None or check.current is None:
        return []
    return impact_preview(
        draft=check.ruleset,
        published=ruleset_for_version(check.current),
        on=on or today(),
        profiles=profiles,
    )


# Any fixed 64-bit number, the same in every process: the key of the publishing lock.
PUBLISH_LOCK_KEY = 0x5EA9_9B1D_0001


def lock_publishing() -> None:
    """Wait for, then hold until the transaction ends, the one lock publishers share.

    On PostgreSQL a transaction-level advisory lock (several web processes share it). SQLite
    starts every transaction with the write lock (``transaction_mode: IMMEDIATE``), so a
    second publisher already waits at the start of its transaction.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PUBLISH_LOCK_KEY])


def _published_by(version: RuleSetVersion) -> dict[str, str]:
    who = version.published_by.get_username() if version.published_by else gettext("onbekend")
    return {
        "label": str(version.label),
        "user": who,
        "when": display_datetime(version.published_at),
    }


def nothing_to_publish(current: RuleSetVersion) -> str:
    """Say, for the publish page and a refused publication, that the draft equals ``current``.

    The version is named with when it was published and by whom (a version the ``load_rules``
    command published has no publisher).
    """
    if current.published_by is None:
        message = gettext(
            "Er is niets te publiceren: het ontwerp is gelijk aan %(label)s, gepubliceerd op "
            "%(when)s. Pas eerst de regels aan; daarna kunt u hier publiceren."
        )
    else:
        message = gettext(
            "Er is niets te publiceren: het ontwerp is gelijk aan %(label)s, gepubliceerd op "
            "%(when)s door %(user)s. Pas eerst de regels aan; daarna kunt u hier publiceren."
        )
    return message % _published_by(current)


def _refuse_if_overtaken(current: RuleSetVersion | None, based_on: int | None) -> None:
    """Refuse when another version was published since the publisher looked (``based_on``)."""
    if based_on is None:
        return
    if (current.number if current else 0) != based_on:
        raise PublishRefused(
            [
                gettext(
                    "Intussen is %(label)s gepubliceerd door %(user)s (op %(when)s). Bekijk de "
                    "wijzigingen en de gevolgen opnieuw voor u publiceert."
                )
                % _published_by(current)
            ]
        )


@transaction.atomic
def publish_checked(*, user=None, note: str, based_on: int | None = None) -> RuleSetVersion:
    """Publish the draft as a new version; raise ``PublishRefused`` if that is not right.

    Publishers are serialised (``lock_publishing``). Refused: an empty note, an invalid draft,
    a failing test case, a draft equal to the current version (nothing to publish: two
    publishers at once give one new version), and, when ``based_on`` (the number of the
    version the publisher compared with, 0 for none) is given, a version published since.
    """
    note = (note or "").strip()
    if not note:
        raise PublishRefused([gettext("Een wijzigingsnota is verplicht.")])
    lock_publishing()
    check = check_draft()
    _refuse_if_overtaken(check.current, based_on)
    if not check.has_changes:
        raise PublishRefused([check.nothing_to_publish])
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
    """Republish ``version``'s data as a new current version and load it into the draft.

    Serialised with publishing; refused (``PublishRefused``) when the current version already
    has exactly that data.
    """
    note = (note or "").strip() or gettext("Teruggezet naar %(label)s") % {"label": version.label}
    lock_publishing()
    current = current_version()
    if current is not None and current.content_hash == version.content_hash:
        raise PublishRefused(
            [
                gettext("%(current)s heeft al dezelfde regels als %(label)s.")
                % {"current": current.label, "label": version.label}
            ]
        )
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
    if BELGIAN_GROUPED.fullmatch(node.value):
        node.value += "0"
    return node


_ReadableDumper.add_representer(float, _represent_float)


def export_yaml(version: RuleSetVersion | None = None) -> str:
    """Return the rule set as readable YAML (keys in the loader's order, Unicode kept)."""
    return yaml.dump(
        json_value(export_data(version)),
        Dumper=_ReadableDumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )


def export_filename(version: RuleSetVersion | None = None) -> str:
    return f"regels-v{version.number}.yaml" if version else "regels-ontwerp.yaml"


def parse_rule_yaml(text: str | bytes) -> Any:
    """Parse YAML as rule files are read (``30.000`` is thirty thousand); any shape.

    Raise ``RuleFileError`` with Dutch problems for text that is too big, not UTF-8, not YAML,
    or uses anchors and aliases (see ``pathways.rulefile.parse_rule_file``).
    """
    data, problems = parse_rule_file(text, require_mapping=False)
    if problems:
        raise RuleFileError(problems)
    return data


def load_yaml(text: str | bytes) -> dict[str, Any]:
    """Parse a rule file; raise ``RuleFileError`` when it is too big, not YAML or not a mapping.

    See ``pathways.rulefile.parse_rule_file``: no anchors or aliases, a size and depth limit.
    """
    data, problems = parse_rule_file(text)
    if problems:
        raise RuleFileError(problems)
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


MSG_UNREADABLE = gettext_noop(
    "Het bestand heeft een vorm die niet als regelset gelezen kan worden. Vergelijk het met "
    "een export uit dit beheer."
)
MSG_DATABASE_REFUSED = gettext_noop(
    "De database weigerde een waarde uit het bestand; er is niets gewijzigd. Vergelijk het "
    "bestand met een export uit dit beheer."
)


def import_draft(data: dict[str, Any]) -> None:
    """Replace the draft with ``data``, validated like a manual edit; change nothing on error.

    Every check runs before the first write (the shape of each value, numbers and dates typed
    as text such as ``value: "30 000"`` read by the fact they serve, the loader's rules, the
    model fields); the write and the final row validation share one transaction. Raise
    ``RuleFileError`` with Dutch problems, never anything else for bad data.
    """
    problems = shape_problems(data)
    if problems:
        raise RuleFileError(problems)
    data, problems = type_rule_values(data)
    if problems:
        raise RuleFileError(problems)
    body = {k: v for k, v in data.items() if k != "meta"}
    try:
        problems = validate_ruleset_dict(body)
        if problems:
            raise RuleFileError(problems)
        with transaction.atomic():
            replace_draft(body)
            row_problems = _row_problems()
            if row_problems:
                raise RuleFileError(row_problems)
    except RuleFileError:
        raise
    except RuleSetError as exc:
        raise RuleFileError(exc.problems) from None
    except DatabaseError:
        logger.exception("the database refused a rule file that passed every check")
        raise RuleFileError([gettext(MSG_DATABASE_REFUSED)]) from None
    except Exception:
        logger.exception("a rule file of an unforeseen shape passed the shape check")
        raise RuleFileError([gettext(MSG_UNREADABLE)]) from None
