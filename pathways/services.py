"""Advice and rule publishing: the operations views, commands and tasks call.

Schools are always advised with the current published ``RuleSetVersion``; the draft tables
are only for editing.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from pathways.engine import evaluate, evaluate_board
from pathways.engine.jsonvalues import json_value
from pathways.engine.loader import content_hash
from pathways.engine.types import Advice, BoardAdvice, RuleSet

from .adapters import draft_to_dict, ruleset_for_version
from .models import RuleSetVersion
from .prepared import PreparedQuery


class NoPublishedRules(RuntimeError):
    """No rule-set version has been published yet (run ``manage.py load_rules``)."""


_cache_lock = threading.Lock()
_cache: dict[tuple[int, str], RuleSet] = {}


def today() -> dt.date:
    """Return today's date in Europe/Brussels (the date advice is evaluated on by default)."""
    return timezone.localdate()


EARLIEST_ADVICE_DATE = dt.date(2000, 1, 1)
YEARS_AHEAD = 10


def parse_advice_date(value: str) -> dt.date | None:
    """Return the date ``value`` (YYYY-MM-DD) names, or None when it is not one advice can use.

    Advice (and a stored report) can be asked for from 2000 up to ten years ahead; anything
    else is a typing error, not a date anyone needs advice on.
    """
    try:
        on = dt.date.fromisoformat(value.strip())
    except ValueError:
        return None
    now = today()
    latest = dt.date(now.year + YEARS_AHEAD, 12, 31)
    return on if EARLIEST_ADVICE_DATE <= on <= latest else None


def current_version() -> RuleSetVersion | None:
    return RuleSetVersion.objects.filter(is_current=True).first()


def current_ruleset() -> RuleSet:
    """Return the published rule set schools are advised with.

    One small query checks which version is current; the parsed rule set is cached per
    version, so a page pays for parsing only once per process and version.
    """
    return current_ruleset_with()[0]


def current_ruleset_or_none() -> RuleSet | None:
    """Return the published rule set, or None while nothing is published."""
    try:
        return current_ruleset()
    except NoPublishedRules:
        return None


# The current version's row with the values of ``also``, per set of names (see below).
_current_rows: dict[tuple[str, ...], PreparedQuery] = {}


def _current_row_query(names: tuple[str, ...], also: dict[str, Any]) -> PreparedQuery:
    return PreparedQuery(
        lambda _shape: (
            RuleSetVersion.objects.filter(is_current=True)
            .annotate(**also)
            .values("pk", "content_hash", *names)
            .order_by("pk")[:1]
        )
    )


def current_ruleset_with(**also: Any) -> tuple[RuleSet, dict[str, Any]]:
    """Return the published rule set and the values of ``also``, asked in the same query.

    ``also`` maps names to scalar query expressions of other apps (e.g. the directory's
    revision, ``directory.services.directory_revision_expression()``), so a page whose cache
    key needs both asks the database once. The query is compiled once per process and set of
    names, so a name must always stand for the same expression. Raises ``NoPublishedRules``
    without a published version.
    """
    names = tuple(sorted(also))
    query = _current_rows.get(names)
    if query is None:
        query = _current_rows.setdefault(names, _current_row_query(names, dict(also)))
    rows = query.fetch()
    row = rows[0] if rows else None
    if row is None:
        raise NoPublishedRules("no published rule-set version; run `manage.py load_rules`")
    key = (row["pk"], row["content_hash"])
    extra = {name: row[name] for name in also}
    with _cache_lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached, extra
    ruleset = ruleset_for_version(RuleSetVersion.objects.get(pk=key[0]))
    with _cache_lock:
        _cache[key] = ruleset
    return ruleset, extra


def advise(
    facts: Mapping[str, Any], *, on: dt.date | None = None, ruleset: RuleSet | None = None
) -> Advice:
    """Evaluate one school's facts with the published rules (or ``ruleset``) on ``on``."""
    return evaluate(facts, ruleset or current_ruleset(), on or today())


def advise_board(
    schools: Sequence[tuple[str, Mapping[str, Any]]],
    board_facts: Mapping[str, Any] | None = None,
    *,
    on: dt.date | None = None,
    ruleset: RuleSet | None = None,
) -> BoardAdvice:
    """Evaluate a board's schools one by one and together (pooled)."""
    return evaluate_board(schools, ruleset or current_ruleset(), on or today(), board_facts)


@transaction.atomic
def publish_data(data: dict[str, Any], *, user=None, note: str) -> RuleSetVersion:
    """Store ``data`` as the next numbered version and make it current."""
    data = json_value(data)
    number = (RuleSetVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    RuleSetVersion.objects.filter(is_current=True).update(is_current=False)
    return RuleSetVersion.objects.create(
        number=number,
        data=data,
        content_hash=content_hash(data),
        note=note,
        published_by=user if user is not None and user.is_authenticated else None,
        is_current=True,
    )


def publish_draft(*, user=None, note: str) -> RuleSetVersion:
    """Freeze the current draft into a new published version."""
    return publish_data(draft_to_dict(), user=user, note=note)
